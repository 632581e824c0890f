package query

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Köln":         "koeln",
		"KÖLN":         "koeln",
		"Straße":       "strasse",
		"STRAẞE":       "strasse",
		"Ärger über":   "aerger ueber",
		"Bürger:innen": "buerger:innen",
		"İstanbul":     "istanbul",
		"e.V.":         "e.v.",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func words(s string) []string {
	var out []string
	EachWord(s, nil, func(w []byte) { out = append(out, string(w)) })
	return out
}

func TestEachWord(t *testing.T) {
	for in, want := range map[string]string{
		"Die Straße am Rhein.":     "die strasse am rhein",
		"Bürger:innen, e.V. 2025!": "buerger innen e v 2025",
		"  ":                       "",
		"Jangtsekiang":             "jangtsekiang",
		"a-b–c":                    "a b c",
	} {
		if got := strings.Join(words(in), " "); got != want {
			t.Errorf("EachWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWordRuns(t *testing.T) {
	tests := []struct {
		in   string
		want []run
	}{
		{"koeln", []run{{"koeln", true, true}}},
		{"buerger:innen", []run{{"buerger", true, false}, {"innen", false, true}}},
		{"e.v.", []run{{"e", true, false}, {"v", false, false}}},
		{".x", []run{{"x", false, true}}},
		{"...", nil},
		{"koeln am rhein", []run{{"koeln", true, false}, {"am", false, false}, {"rhein", false, true}}},
	}
	for _, tt := range tests {
		if got := wordRuns(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("wordRuns(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFoldKeyAgreesWithEqualFold(t *testing.T) {
	pairs := [][2]string{{"Ute Berg", "ute berg"}, {"K", "k"}, {"ſ", "S"}, {"Köln", "KÖLN"}, {"Köln", "Koeln"}, {"ß", "ẞ"}, {"ß", "ss"}}
	for _, p := range pairs {
		if got, want := FoldKey(p[0]) == FoldKey(p[1]), strings.EqualFold(p[0], p[1]); got != want {
			t.Errorf("FoldKey(%q) == FoldKey(%q) is %v, EqualFold says %v", p[0], p[1], got, want)
		}
		if got, want := equalFoldPrefix(p[0], p[1], false), strings.EqualFold(p[0], p[1]); got != want {
			t.Errorf("equalFoldPrefix(%q, %q) = %v, EqualFold says %v", p[0], p[1], got, want)
		}
	}
}

// memIndex is an Index over documents held in memory: the postings that
// a store keeps, made from RecordTerms, TwinTerms and EachDocWord.
type memIndex struct {
	n     int
	terms map[Term]*roaring.Bitmap
	ids   []string
}

func newMemIndex(docs []annot.Doc, texts []string) *memIndex {
	x := &memIndex{n: len(docs), terms: map[Term]*roaring.Bitmap{}}
	add := func(t Term, i int) {
		if x.terms[t] == nil {
			x.terms[t] = roaring.New()
		}
		x.terms[t].Add(uint32(i))
	}
	for i := range docs {
		x.ids = append(x.ids, docs[i].ID)
		RecordTerms(&docs[i], func(t Term) { add(t, i) })
		TwinTerms(docs[i].Twins, func(t Term) { add(t, i) })
		EachDocWord(&docs[i], texts[i], nil, func(w []byte) { add(Term{TermWord, string(w)}, i) })
	}
	return x
}

func (x *memIndex) All() (*roaring.Bitmap, error) {
	b := roaring.New()
	b.AddRange(0, uint64(x.n))
	return b, nil
}

func (x *memIndex) Term(t Term) (*roaring.Bitmap, error) {
	if b := x.terms[t]; b != nil {
		return b.Clone(), nil
	}
	return roaring.New(), nil
}

func (x *memIndex) Terms(kind TermKind, prefix string, keep func(string) bool) (*roaring.Bitmap, error) {
	out := roaring.New()
	for t, b := range x.terms {
		if t.Kind == kind && strings.HasPrefix(t.Value, prefix) && (keep == nil || keep(t.Value)) {
			out.Or(b)
		}
	}
	return out, nil
}

func (x *memIndex) Containing(kind TermKind, sub string, keep func(string) bool) (*roaring.Bitmap, error) {
	return x.Terms(kind, "", func(v string) bool { return strings.Contains(v, sub) && (keep == nil || keep(v)) })
}

func (x *memIndex) IDs(id string, prefix bool) (*roaring.Bitmap, error) {
	out := roaring.New()
	for i, d := range x.ids {
		if d == id || prefix && strings.HasPrefix(d, id) {
			out.Add(uint32(i))
		}
	}
	return out, nil
}

// evalIDs evaluates q over the postings of the test corpus, deciding the
// candidates with Match as a store does.
func evalIDs(t *testing.T, q *Query) []string {
	t.Helper()
	var docs []annot.Doc
	var texts []string
	for _, d := range testDocs {
		docs, texts = append(docs, d.doc), append(texts, d.text)
	}
	b, exact, err := q.Eval(newMemIndex(docs, texts))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for it := b.Iterator(); it.HasNext(); {
		i := it.Next()
		if exact || q.Match(Subject{Doc: docs[i], Text: func() string { return texts[i] }}) {
			out = append(out, docs[i].ID[:3])
		}
	}
	return out
}

// Every query of the match table gives the same documents through the
// postings as through Match.
func TestEvalAgreesWithMatch(t *testing.T) {
	for _, qs := range []string{"", "label:PER -label:DATE status:done", "label:per", "status:todo", "-status:done",
		"tag:X", "tag:p*", "tag:*", "id:001_scan", "id:00*", `entity:"ute berg"`, "entity:Ute*", "has:corrections",
		"has:stale", "köln", "KÖLN", "koeln", "press", "reker", "kdln", `"ute berg"`, "Bürger:innen", "wirtschaft",
		"köln -status:rejected", "köln OR foshan", "-(tag:ocr OR tag:press)", "china 2025", "label:PER (ute OR reker)",
		"-koeln", "-\"ute berg\"", "e.V.", "has:suggestions", "-has:suggestions", "conf:<0.5", "twin:x*", "tag:strasse", "tag:stras*", "tag:straßen",
		"entity:koelnbusiness", "entity:KÖLN*", "entity:ludwigstrasse", "entity:ludwigſ*", "entity:*", "entity:cho*", "-entity:ute*"} {
		q := MustParse(qs)
		if got, want := evalIDs(t, q), ids(t, q, true); !slices.Equal(got, want) {
			t.Errorf("%q: postings give %v, Match %v", qs, got, want)
		}
	}
}

// FuzzWordIndex: a free word of letters and digits is found in a text
// exactly when one of the text's index words contains its fold, the rule
// that lets the postings decide it without reading the text.
func FuzzWordIndex(f *testing.F) {
	f.Add("Die Straße in Köln.", "koeln")
	f.Add("Bürger:innen", "ger")
	f.Add("ÄRGER", "ae")
	f.Add("Maß", "ss")
	f.Add("İstanbul", "ist")
	f.Fuzz(func(t *testing.T, text, word string) {
		if !utf8.ValidString(text) || !utf8.ValidString(word) || strings.ContainsAny(word, "\" ()") || word == "" || word == "OR" {
			return
		}
		q, err := Parse(`"` + word + `"`)
		if err != nil {
			return
		}
		n := q.root
		runs := wordRuns(string(appendFold(nil, n.value)))
		if len(runs) != 1 || !runs[0].left || !runs[0].right {
			return // not decided by the postings alone
		}
		viaIndex := false
		EachWord(text, nil, func(w []byte) { viaIndex = viaIndex || strings.Contains(string(w), runs[0].s) })
		if got := n.containedIn(text); got != viaIndex {
			t.Fatalf("text %q, word %q: Match %v, the word index %v", text, word, got, viaIndex)
		}
	})
}

func TestFoldedEqual(t *testing.T) {
	for _, tt := range []struct {
		s, v   string
		prefix bool
		want   bool
	}{
		{"Köln", "koeln", false, true},
		{"Köln", "KOELN", false, true},
		{"Köln", "köln", false, true},
		{"Köln", "koel", false, false},
		{"Köln", "koel", true, true},
		{"Köln", "ko", true, true},
		{"Köln", "koelner", false, false},
		{"Köln", "koelner", true, false},
		{"Maß", "mass", false, true},
		{"Maß", "mas", true, true},
		{"Maß", "mas", false, false},
		{"", "", false, true},
		{"x", "", true, true},
		{"x", "", false, false},
		{"ÄRGER", "aerger", false, true},
	} {
		if got := foldedEqual(tt.s, Fold(tt.v), tt.prefix); got != tt.want {
			t.Errorf("foldedEqual(%q, Fold(%q), %v) = %v, want %v", tt.s, tt.v, tt.prefix, got, tt.want)
		}
		// the same as comparing the folded strings
		f, v := Fold(tt.s), Fold(tt.v)
		if want := f == v || tt.prefix && strings.HasPrefix(f, v); want != tt.want {
			t.Errorf("%q, %q: the table disagrees with Fold", tt.s, tt.v)
		}
	}
}

// FuzzFoldedEqual: foldedEqual, folding as it compares, says what
// comparing the folded strings says; keyFoldedEqual says it of the
// strings' FoldKeys; a value that folds to a string starting with a rune
// f starts with one of foldFirsts(f), as written and as its FoldKey.
func FuzzFoldedEqual(f *testing.F) {
	f.Add("Köln", "koeln", false)
	f.Add("Maß", "mas", true)
	f.Add("ÄRGER", "aerger", false)
	f.Add("Ludwigſtraße", "ludwigs", true)
	f.Add("İzmir", "i", true)
	f.Fuzz(func(t *testing.T, s, v string, prefix bool) {
		fs, fv := Fold(s), Fold(v)
		want := fs == fv || prefix && strings.HasPrefix(fs, fv)
		if got := foldedEqual(s, fv, prefix); got != want {
			t.Errorf("foldedEqual(%q, %q, %v) = %v; the folded strings %q, %q say %v", s, fv, prefix, got, fs, fv, want)
		}
		ks, kv := Fold(FoldKey(s)), Fold(FoldKey(v))
		want = ks == kv || prefix && strings.HasPrefix(ks, kv)
		if got := keyFoldedEqual(s, kv, prefix); got != want {
			t.Errorf("keyFoldedEqual(%q, %q, %v) = %v; the folded keys %q, %q say %v", s, kv, prefix, got, ks, kv, want)
		}
		if got := keyFoldedEqual(FoldKey(s), kv, prefix); got != want {
			t.Errorf("keyFoldedEqual of the key %q differs from that of %q", FoldKey(s), s)
		}
		for _, folded := range []string{fs, ks} {
			if folded == "" || s == "" {
				continue
			}
			first, _ := utf8.DecodeRuneInString(folded)
			r, _ := utf8.DecodeRuneInString(s)
			firsts := foldFirsts(first)
			if !slices.Contains(firsts, r) && !slices.ContainsFunc(firsts, func(c rune) bool { return FoldKey(string(c)) == FoldKey(string(r)) }) {
				t.Errorf("%q folds to %q, but foldFirsts(%q) = %q lacks %q", s, folded, first, firsts, r)
			}
		}
	})
}

// TestFoldFirsts checks foldFirsts against every rune: a rune whose fold
// (as written, or as its FoldKey) starts with f is among foldFirsts(f),
// or has the FoldKey of one of them.
func TestFoldFirsts(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, x := range []rune{r, foldOrbit(r)} {
			f, _ := foldPair(x)
			firsts := foldFirsts(f)
			if x == r && !slices.Contains(firsts, r) {
				t.Fatalf("%U %q folds to %q, but foldFirsts(%q) = %q lacks it", r, r, f, f, firsts)
			}
			if !slices.ContainsFunc(firsts, func(c rune) bool { return FoldKey(string(c)) == FoldKey(string(r)) }) {
				t.Fatalf("%U %q's key folds to %q, but no key of foldFirsts(%q) = %q is its", r, r, f, f, firsts)
			}
		}
	}
}
