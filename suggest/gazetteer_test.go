package suggest

import (
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

// gazFound returns "text/LABEL" for each match of g in text.
func gazFound(g *Gazetteer, text string) []string {
	var out []string
	for _, m := range g.Find(text) {
		out = append(out, annot.Slice(text, m.Span)+"/"+m.Entry.Label)
	}
	return out
}

func TestGazetteerSeeds(t *testing.T) {
	entries := append(AliasEntries("PER", "Ute Berg", nil, 2), AliasEntries("LOC", "Chongqing", nil, 1)...)
	g := NewGazetteer(entries)
	texts := entSeedTexts(t)
	want := map[string]map[string]int{ // seed → surface → count
		"000": {"Chongqing/LOC": 7},
		"001": {"Ute Berg/PER": 1},
		"002": {},
		"003": {},
		"004": {"Ute Berg/PER": 2},
	}
	for id, text := range texts {
		got := map[string]int{}
		for _, f := range gazFound(g, text) {
			got[f]++
		}
		if !mapsEqual(got, want[id]) {
			t.Errorf("seed %s: found %v, want %v", id, got, want[id])
		}
	}
	// the canonical name comes along
	for _, m := range g.Find(texts["004"]) {
		if m.Entry.Canonical != "Ute Berg" || m.Entry.Source != SourceAlias {
			t.Errorf("seed 004: match %+v", m)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestGazetteerWordBoundaries(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Pattern: "Köln", Label: "LOC"},
		{Pattern: "Berg", Label: "PER"},
		{Pattern: "Ma’anshan", Label: "LOC"},
		{Pattern: "a.D.", Label: "MISC"},
	})
	tests := []struct {
		text string
		want []string
	}{
		{"Köln", []string{"Köln/LOC"}},
		{"in Köln, am Rhein", []string{"Köln/LOC"}},
		{"(Köln)", []string{"Köln/LOC"}},
		{"Köln-Deutz", []string{"Köln/LOC"}}, // a hyphen splits tokens, as in spaCy
		{"„Köln“", []string{"Köln/LOC"}},
		{"die Kölner Delegation", nil},
		{"KölnBusiness", nil},
		{"neuKöln", nil},
		{"KÖLN köln", nil}, // plain patterns are case-sensitive
		{"Bergbau und Heidelberg", nil},
		{"gez. Berg", []string{"Berg/PER"}},
		{"Ma’anshan und Ma", []string{"Ma’anshan/LOC"}},
		{"Staatssekretär a.D. und", []string{"a.D./MISC"}},
		{"Ko\u0308ln", nil}, // texts are NFC; this one is not
	}
	for _, tt := range tests {
		if got := gazFound(g, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestGazetteerLongestNoOverlap(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Pattern: "Chinesisch", Label: "MISC"},
		{Pattern: "Chinesisch-Deutsche Industriestädteallianz", Label: "ORG"},
		{Pattern: "Deutsche Industriestädteallianz", Label: "ORG2"},
		{Pattern: "Industriestädteallianz", Label: "ORG3"},
		{Pattern: "Hannover", Label: "LOC"},
		{Pattern: "Hannover Messe", Label: "EVENT"},
		{Pattern: "Messe stattfinden", Label: "X"},
	})
	tests := []struct {
		text string
		want []string
	}{
		{"Die Chinesisch-Deutsche Industriestädteallianz wurde", []string{"Chinesisch-Deutsche Industriestädteallianz/ORG"}},
		{"Deutsche Industriestädteallianz", []string{"Deutsche Industriestädteallianz/ORG2"}},
		{"eine Industriestädteallianz", []string{"Industriestädteallianz/ORG3"}},
		// the longest form wins; the shorter one before it survives
		{"auf der Hannover\nMesse stattfinden", []string{"Hannover/LOC", "Messe stattfinden/X"}},
		{"in Hannover", []string{"Hannover/LOC"}},
		// a blank line ends a form
		{"in Hannover\n\nMesse", []string{"Hannover/LOC"}},
	}
	for _, tt := range tests {
		if got := gazFound(g, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	got := gazFound(g, "die Hannover Messe 2017")
	if !slices.Equal(got, []string{"Hannover Messe/EVENT"}) {
		t.Errorf("Hannover Messe: %q", got)
	}
}

func TestGazetteerTokenPatterns(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Tokens: []TokenPattern{{Lower: "hannover"}, {Lower: "messe"}}, Label: "EVENT", Canonical: "Hannover Messe"},
		{Tokens: []TokenPattern{{Lower: "hannover"}, {Orth: "-"}, {Orth: "Messe"}}, Label: "EVENT", Canonical: "Hannover Messe"},
		{Tokens: []TokenPattern{{Orth: "KölnBusiness"}}, Label: "ORG"},
		{Tokens: []TokenPattern{{Lower: "Industrie 4.0"}}, Label: "MISC"}, // split into tokens; lower-cased
	})
	tests := []struct {
		text string
		want []string
	}{
		{"HANNOVER MESSE", []string{"HANNOVER MESSE/EVENT"}},
		{"hannover messe", []string{"hannover messe/EVENT"}},
		{"HANNOVER-Messe", []string{"HANNOVER-Messe/EVENT"}},
		{"Hannover-MESSE", nil}, // orth Messe is exact
		{"KölnBusiness kölnbusiness", []string{"KölnBusiness/ORG"}},
		{"Bereich ,Industrie 4.0°", []string{"Industrie 4.0/MISC"}},
	}
	for _, tt := range tests {
		if got := gazFound(g, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestGazetteerSameForm(t *testing.T) {
	g := NewGazetteer([]Entry{
		{Pattern: "Berg", Label: "LOC", Source: SourcePattern},
		{Pattern: "Berg", Label: "PER", Canonical: "Ute Berg", Source: SourceAlias},
		{Pattern: "Berg", Label: "PER", Canonical: "Ute Berg", Source: SourcePattern}, // a duplicate
		{Tokens: []TokenPattern{{Lower: "berg"}}, Label: "PER", Canonical: "Anna Berg", Source: SourceAlias},
	})
	ms := g.Find("gez. Berg")
	if len(ms) != 1 {
		t.Fatalf("got %d matches, want 1", len(ms))
	}
	m := ms[0]
	var got []string
	for _, e := range append([]Entry{m.Entry}, m.Also...) {
		got = append(got, e.Label+" "+e.Canonical+" "+e.Source)
	}
	want := []string{"PER Ute Berg alias", "PER Anna Berg alias", "LOC  pattern"}
	if !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}

func TestGazetteerEmpty(t *testing.T) {
	g := NewGazetteer([]Entry{{Pattern: "  ", Label: "X"}, {Label: "Y"}})
	if g.Len() != 0 || g.Find("  x ") != nil || NewGazetteer(nil).Find("Köln") != nil {
		t.Fatal("an empty gazetteer found something")
	}
}

func FuzzGazetteer(f *testing.F) {
	f.Add("Köln\nUte Berg\nHannover Messe", "Ute Berg war in Köln, auf der Hannover\nMesse und in Kölner Läden.")
	f.Add("a\na b\nb c\na b c d", "a b c d a b a")
	f.Add("x.y\n-\n\xff", "x.y-x.y \xff-")
	f.Fuzz(func(t *testing.T, patterns, text string) {
		var entries []Entry
		for i, p := range strings.Split(patterns, "\n") {
			entries = append(entries, Entry{Pattern: p, Label: "P"})
			if i%2 == 1 {
				entries = append(entries, Entry{Tokens: []TokenPattern{{Lower: p}}, Label: "L"})
			}
		}
		ms := NewGazetteer(entries).Find(text)
		spans := make([]annot.Span, len(ms))
		for i, m := range ms {
			spans[i] = m.Span
		}
		entCheckSpans(t, text, spans)
		for _, m := range ms {
			// a match covers the tokens of its form
			got := entTokens(annot.Slice(text, m.Span), nil)
			want := entTokens(cmpOrStr(m.Entry.Pattern, m.Entry.Tokens), nil)
			if len(got) != len(want) {
				t.Fatalf("%q in %q: matched %q", m.Entry.Pattern, text, annot.Slice(text, m.Span))
			}
		}
	})
}

// cmpOrStr is the form of a fuzz entry as text.
func cmpOrStr(p string, toks []TokenPattern) string {
	if len(toks) > 0 {
		return toks[0].Lower
	}
	return p
}
