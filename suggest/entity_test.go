package suggest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

func entTestSuggester(dates bool) *EntitySuggester {
	entries := AliasEntries("PER", "Ute Berg", []string{"Berg"}, 2)
	entries = append(entries, AliasEntries("LOC", "Köln", []string{"Cologne"}, 1)...)
	entries = append(entries, AliasEntries("LOC", "Chongqing", nil, 0)...)
	entries = append(entries,
		Entry{Pattern: "KölnBusiness", Label: "ORG", Source: SourcePattern},
		Entry{Pattern: "24. April", Label: "EVENT", Source: SourcePattern})
	return NewEntitySuggester(entries, dates)
}

func TestEntitySuggest(t *testing.T) {
	text := "Ute Berg kam am 24. April 2017 nach Köln zu KölnBusiness, gez. Berg. Chongqing."
	got := entTestSuggester(true).Suggest("d1", text, nil)
	type row struct{ text, label, canonical, reason string }
	want := []row{
		{"Ute Berg", "PER", "Ute Berg", `"Ute Berg" is PER "Ute Berg" in 2 documents`},
		{"24. April 2017", "DATE", "", "German date"},
		{"Köln", "LOC", "Köln", `"Köln" is LOC "Köln" in 1 document`},
		{"KölnBusiness", "ORG", "", "pattern KölnBusiness (ORG)"},
		{"Berg", "PER", "Ute Berg", `"Berg" is PER "Ute Berg" in 2 documents`},
		{"Chongqing", "LOC", "Chongqing", `"Chongqing" is LOC "Chongqing" elsewhere`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d suggestions, want %d: %+v", len(got), len(want), got)
	}
	for i, s := range got {
		w := want[i]
		if s.Doc != "d1" || s.Kind != KindEntity || s.Text != w.text || annot.Slice(text, annot.Span{Start: s.Start, End: s.End}) != w.text ||
			len(s.Candidates) != 1 || s.Candidates[0].Text != w.label || s.Candidates[0].Canonical != w.canonical || s.Reason != w.reason {
			t.Errorf("suggestion %d = %+v, want %+v", i, s, w)
		}
	}
	// the date is longer than the EVENT pattern "24. April" and wins
}

func TestEntitySuggestDateSameSpan(t *testing.T) {
	text := "am 24. April war es"
	got := entTestSuggester(true).Suggest("d", text, nil)
	if len(got) != 1 || got[0].Text != "24. April" || len(got[0].Candidates) != 2 ||
		got[0].Candidates[0].Text != "DATE" || got[0].Candidates[1].Text != "EVENT" || got[0].Reason != "German date" {
		t.Fatalf("got %+v", got)
	}
}

func TestEntitySuggestNoDates(t *testing.T) {
	if got := entTestSuggester(false).Suggest("d", "am 05.09.2019", nil); got != nil {
		t.Fatalf("dates off, got %+v", got)
	}
}

func TestEntitySuggestSkips(t *testing.T) {
	text := "Ute Berg in Köln am 05.09.2019 bei KölnBusiness"
	//       0   4    9  12   17 20        31  35
	anns := []annot.Annotation{
		// an entity over part of "Ute Berg"
		{ID: "e1", Kind: annot.KindEntity, Start: 4, End: 8, Label: "PER"},
		// Köln was rejected as an entity here before
		{ID: "r1", Kind: annot.KindRejected, Start: 12, End: 16, Label: "entity", Value: "LOC"},
		// an OCR suggestion rejected on the date does not block it
		{ID: "r2", Kind: annot.KindRejected, Start: 20, End: 30, Label: "ocr"},
		// a correction that the ORG span would cut through
		{ID: "c1", Kind: annot.KindCorrection, Start: 40, End: 50, Value: "x"},
	}
	got := entTestSuggester(true).Suggest("d", text, anns)
	if len(got) != 1 || got[0].Text != "05.09.2019" {
		t.Fatalf("got %+v, want only the date", got)
	}
	// a correction inside the span does not block it
	anns[3] = annot.Annotation{ID: "c1", Kind: annot.KindCorrection, Start: 36, End: 38, Value: "ö"}
	got = entTestSuggester(true).Suggest("d", text, anns)
	if len(got) != 2 || got[1].Text != "KölnBusiness" {
		t.Fatalf("got %+v, want the date and KölnBusiness", got)
	}
}

func TestEntitySuggestCandidates(t *testing.T) {
	s := NewEntitySuggester([]Entry{
		{Pattern: "Berg", Label: "LOC", Source: SourcePattern},
		{Pattern: "Berg", Label: "PER", Canonical: "Ute Berg", Source: SourceAlias, Docs: 3},
	}, false)
	got := s.Suggest("d", "gez. Berg", nil)
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	var labels []string
	for _, c := range got[0].Candidates {
		labels = append(labels, c.Text+":"+c.Canonical)
	}
	if !slices.Equal(labels, []string{"PER:Ute Berg", "LOC:"}) {
		t.Errorf("candidates %q", labels)
	}
	// the JSON line of folio suggest
	b, err := json.Marshal(got[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"doc":"d","start":5,"end":9,"text":"Berg","kind":"entity","candidates":[{"text":"PER","score":0.9,"canonical":"Ute Berg"},{"text":"LOC","score":0.8}],"reason":"\"Berg\" is PER \"Ute Berg\" in 3 documents"}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
}

func TestEntitySuggestSeeds(t *testing.T) {
	entries := append(AliasEntries("PER", "Ute Berg", nil, 2), AliasEntries("LOC", "Chongqing", nil, 1)...)
	s := NewEntitySuggester(entries, false)
	for id, text := range entSeedTexts(t) {
		var got []string
		for _, sg := range s.Suggest(id, text, nil) {
			got = append(got, sg.Text)
		}
		var want []string
		switch id {
		case "000":
			want = slices.Repeat([]string{"Chongqing"}, 7)
		case "001":
			want = []string{"Ute Berg"}
		case "004":
			want = []string{"Ute Berg", "Ute Berg"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("seed %s: %q, want %q", id, got, want)
		}
	}
}

func TestAliasEntries(t *testing.T) {
	got := AliasEntries("PER", "Ute Berg", []string{"Berg", " Ute Berg ", "", "Frau Berg"}, 2)
	var forms []string
	for _, e := range got {
		if e.Label != "PER" || e.Canonical != "Ute Berg" || e.Source != SourceAlias || e.Docs != 2 {
			t.Errorf("entry %+v", e)
		}
		forms = append(forms, e.Pattern)
	}
	if strings.Join(forms, "|") != "Ute Berg|Berg|Frau Berg" {
		t.Errorf("forms %q", forms)
	}
}

func TestEntityAddDates(t *testing.T) {
	sp := func(a, b int) annot.Span { return annot.Span{Start: a, End: b} }
	m := func(a, b int, label string) Match { return Match{Span: sp(a, b), Entry: Entry{Label: label}} }
	matches := []Match{m(0, 4, "A"), m(10, 14, "B"), m(20, 30, "C"), m(40, 45, "D"), m(50, 55, "E")}
	dates := []annot.Span{
		sp(5, 8),   // overlaps nothing: kept
		sp(9, 16),  // longer than B: replaces it
		sp(25, 28), // shorter than C: dropped
		sp(40, 45), // the span of D: D's second entry
		sp(54, 56), // shorter than E: dropped
	}
	var got []string
	for _, x := range entAddDates(matches, dates) {
		s := x.Span.String() + x.Entry.Label
		for _, a := range x.Also {
			s += "+" + a.Label
		}
		got = append(got, s)
	}
	want := []string{"[0,4)A", "[5,8)DATE", "[9,16)DATE", "[20,30)C", "[40,45)D+DATE", "[50,55)E"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
