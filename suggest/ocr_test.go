package suggest

import (
	"reflect"
	"strings"
	"testing"

	"folio/annot"
)

// testCorpus is a small lexicon source: three clean documents.
var testCorpus = []string{
	"Die Stadt Köln ist für die Wirtschaft wichtig. Das Bündnis der Städte wächst. Köln und Bonn. Print und Online.",
	"Für Köln ist das Bündnis gut. Die Städte in Europa. Die Wissenschaft und die Forschung in feierlichem Rahmen. Ernst Schwanhold.",
	"In Köln und für Köln: die Hose, die Höfe, der Rahmen. Die Wissenschaft hat ein Haus. Ernst Schwanhold. Print und Online.",
}

// newTestOCR returns a detector over testCorpus plus the documents given,
// which the lexicon counts as Suggest expects.
func newTestOCR(docs ...string) *OCR {
	lex := NewLexicon()
	for _, d := range append(append([]string{}, testCorpus...), docs...) {
		lex.AddDocument(d)
	}
	return NewOCR(lex)
}

// find returns the suggestion whose text is s.
func findSug(sugs []Suggestion, s string) *Suggestion {
	for i := range sugs {
		if sugs[i].Text == s {
			return &sugs[i]
		}
	}
	return nil
}

func TestSuggestOCR(t *testing.T) {
	doc := "Kdln ist fiir das Biindnis der Stadte. Ernst Schwanhold in Koln."
	o := newTestOCR(doc)
	sugs := o.Suggest("d", doc, nil)
	tests := []struct{ text, want string }{
		{"Kdln", "Köln"}, {"fiir", "für"}, {"Biindnis", "Bündnis"}, {"Stadte", "Städte"}, {"Koln", "Köln"},
	}
	for _, tt := range tests {
		s := findSug(sugs, tt.text)
		if s == nil {
			t.Errorf("%s: no suggestion", tt.text)
			continue
		}
		if s.Kind != KindOCR || len(s.Candidates) == 0 || s.Candidates[0].Text != tt.want {
			t.Errorf("%s: %v, want %s first", tt.text, s.Candidates, tt.want)
		}
		if got := annot.Slice(doc, annot.Span{Start: s.Start, End: s.End}); got != s.Text {
			t.Errorf("%s: span holds %q", tt.text, got)
		}
	}
	if s := findSug(sugs, "Schwanhold"); s != nil {
		t.Errorf("Schwanhold, in three documents, raised %v", s.Candidates)
	}
	if s := findSug(sugs, "Kdln"); s != nil && !strings.Contains(s.Reason, "d→ö gives Köln") {
		t.Errorf("reason %q", s.Reason)
	}
	if len(sugs) != len(tests) {
		t.Errorf("%d suggestions, want %d: %v", len(sugs), len(tests), sugs)
	}
}

func TestRanking(t *testing.T) {
	tests := []struct {
		name  string
		extra string // added to the lexicon
		want  string
	}{
		{"likelier damage wins at equal frequency", "", "Höfe"},                 // o→ö beats f→s
		{"frequency outweighs the damage", strings.Repeat("Hose ", 12), "Hose"}, // hose 13×
	}
	for _, tt := range tests {
		doc := "Die Hofe."
		o := newTestOCR(doc, tt.extra, tt.extra)
		sugs := o.Suggest("d", doc, nil)
		s := findSug(sugs, "Hofe")
		if s == nil {
			t.Errorf("%s: no suggestion", tt.name)
			continue
		}
		if s.Candidates[0].Text != tt.want {
			t.Errorf("%s: %v, want %s first", tt.name, s.Candidates, tt.want)
		}
		for i := 1; i < len(s.Candidates); i++ {
			if s.Candidates[i].Score > s.Candidates[i-1].Score {
				t.Errorf("%s: candidates not best first: %v", tt.name, s.Candidates)
			}
		}
	}
}

func TestHyphenation(t *testing.T) {
	doc := "Die Wissen-\nschaft und die Chinesisch-\nDeutschen in feierli-\nchem Rahmen, Print-\nund Online, die ge-\n  grundete Stadt."
	o := newTestOCR(doc, "gegründete Chinesisch-Deutschen")
	sugs := o.Suggest("d", doc, nil)
	tests := []struct {
		text, want string // want "" expects no suggestion
	}{
		{"Wissen-\nschaft", "Wissenschaft"},
		{"feierli-\nchem", "feierlichem"},
		{"ge-\n  grundete", "gegründete"},
		{"Chinesisch-\nDeutschen", ""},
		{"Print-\nund", ""},
	}
	for _, tt := range tests {
		s := findSug(sugs, tt.text)
		switch {
		case tt.want == "" && s != nil:
			t.Errorf("%q: want no suggestion, got %v (%s)", tt.text, s.Candidates, s.Reason)
		case tt.want == "":
		case s == nil:
			t.Errorf("%q: no suggestion", tt.text)
		case s.Kind != KindHyphen || s.Candidates[0].Text != tt.want:
			t.Errorf("%q: %s %v, want hyphen %s", tt.text, s.Kind, s.Candidates, tt.want)
		}
	}
	for _, s := range sugs {
		if strings.Contains(s.Text, "Deutschen") || s.Text == "Print" || s.Text == "und" {
			t.Errorf("unexpected suggestion %q %v", s.Text, s.Candidates)
		}
	}
}

func TestSkipHandledSpans(t *testing.T) {
	doc := "Kdln und Kdln und Kdln und Kdln."
	o := newTestOCR(doc)
	all := o.Suggest("d", doc, nil)
	if len(all) != 4 {
		t.Fatalf("%d suggestions, want 4: %v", len(all), all)
	}
	anns := []annot.Annotation{
		{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"},
		{Kind: annot.KindMark, Start: 10, End: 12},
		{Kind: annot.KindRejected, Start: 18, End: 22, Label: string(KindOCR), Value: "Kdln"},
		{Kind: annot.KindRejected, Start: 27, End: 31, Label: string(KindEntity)}, // another kind: still suggested
	}
	got := o.Suggest("d", doc, anns)
	if len(got) != 1 || got[0].Start != 27 {
		t.Errorf("got %v, want only the suggestion at 27", got)
	}
}

func TestRecurrenceAcrossDocuments(t *testing.T) {
	// A word that only this scan has, even three times, stays suspicious;
	// one that other documents have is trusted.
	doc := "Biindnis, Biindnis, Biindnis und Schwanhold."
	o := newTestOCR(doc)
	sugs := o.Suggest("d", doc, nil)
	if n := len(sugs); n != 3 {
		t.Errorf("%d suggestions, want 3 (Biindnis): %v", n, sugs)
	}
	o2 := newTestOCR(doc, "Das Biindnis.", "Ein Biindnis.", "Kein Biindnis.")
	if got := o2.Suggest("d", doc, nil); len(got) != 0 {
		t.Errorf("Biindnis in four documents: %v", got)
	}
}

func TestLearnAppliesElsewhere(t *testing.T) {
	doc := "Das Haiis und das Rathaiis."
	o := newTestOCR(doc)
	if s := findSug(o.Suggest("d", doc, nil), "Haiis"); s != nil {
		t.Fatalf("Haiis suggested before learning: %v", s.Candidates)
	}
	o.Learn("Rathaiis", "Rathaus")
	s := findSug(o.Suggest("d", doc, nil), "Haiis")
	if s == nil || s.Candidates[0].Text != "Haus" {
		t.Fatalf("after learning ii→u: %v", s)
	}
	if r := findSug(o.Suggest("d", doc, nil), "Rathaiis"); r == nil || r.Candidates[0].Text != "Rathaus" {
		t.Errorf("the confirmed fix itself: %v", r)
	}
}

// TestSetFixesTakesBack: SetFixes without a fix Learn taught (an undo of
// it) gives the suggestions of before the fix; with it again (a redo),
// those of after.
func TestSetFixesTakesBack(t *testing.T) {
	doc := "Das Haiis und das Rathaiis."
	o := newTestOCR(doc)
	before := o.Suggest("d", doc, nil)
	if s := findSug(before, "Haiis"); s != nil {
		t.Fatalf("Haiis suggested before learning: %v", s.Candidates)
	}
	o.Learn("Rathaiis", "Rathaus")
	if s := findSug(o.Suggest("d", doc, nil), "Haiis"); s == nil || s.Candidates[0].Text != "Haus" {
		t.Fatalf("after learning ii→u: %v", s)
	}
	o.SetFixes(nil)
	if after := o.Suggest("d", doc, nil); !reflect.DeepEqual(after, before) {
		t.Errorf("the fix taken back:\n got %+v\nwant %+v", after, before)
	}
	if n := o.Lexicon().Count("Rathaus"); n != 0 {
		t.Errorf("Rathaus counted %d times once its fix is taken back", n)
	}
	o.SetFixes([]Fix{{From: "Rathaiis", To: "Rathaus", Count: 1}})
	if s := findSug(o.Suggest("d", doc, nil), "Haiis"); s == nil || s.Candidates[0].Text != "Haus" {
		t.Fatalf("the fix brought again: %v", s)
	}
	if n := o.Lexicon().Count("Rathaus"); n != 1 {
		t.Errorf("Rathaus counted %d times with its fix brought again, want 1", n)
	}
}

// TestOpen: Open keeps what the annotations leave open, under the rules
// Suggest applies; an entity suggestion inside a nested entity is closed
// too (the ends of nested entities are not sorted).
func TestOpen(t *testing.T) {
	raw := []Suggestion{
		{Start: 0, End: 4, Kind: KindOCR, Candidates: []Candidate{{Text: "Köln"}}},
		{Start: 10, End: 12, Kind: KindEntity, Candidates: []Candidate{{Text: "LOC"}}},
		{Start: 30, End: 35, Kind: KindOCR, Candidates: []Candidate{{Text: "x"}}},
		{Start: 40, End: 45, Kind: KindHyphen, Candidates: []Candidate{{Text: "y"}}},
		{Start: 50, End: 55, Kind: KindEntity, Candidates: []Candidate{{Text: "PER"}}},
	}
	anns := []annot.Annotation{
		{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"},
		{Kind: annot.KindEntity, Start: 0, End: 20, Label: "ORG"},
		{Kind: annot.KindEntity, Start: 2, End: 5, Label: "LOC"},
		{Kind: annot.KindMark, Start: 31, End: 33},
		{Kind: annot.KindRejected, Start: 50, End: 55, Label: string(KindEntity)},
	}
	got := Open(raw, anns)
	if len(got) != 1 || got[0].Start != 40 {
		t.Errorf("open %+v, want only the hyphen at 40", got)
	}
}

// TestLearnCounted: a fix read from the store, whose word the corpus
// counts already hold (the corrected texts), confirms the word without
// counting it twice; a fix whose word the corpus lacks (a reviewer's
// layer) counts it once. An undo (SetFixes without it) takes the count
// back to what the store then holds.
func TestLearnCounted(t *testing.T) {
	o := NewOCR(NewLexicon())
	o.Lexicon().AddCounts("wordenx", 1, 1)
	o.LearnCounted("worden", "wordenx")
	o.LearnCounted("Koln", "Köln")
	if n := o.Lexicon().Count("wordenx"); n != 1 {
		t.Errorf("wordenx, fixed once and written once, counted %d times", n)
	}
	if n := o.Lexicon().Count("Köln"); n != 1 {
		t.Errorf("Köln, fixed once and in no text, counted %d times, want 1", n)
	}
	o.SetFixes([]Fix{{From: "Koln", To: "Köln", Count: 1}})
	if n := o.Lexicon().Count("wordenx"); n != 0 {
		t.Errorf("wordenx counted %d times once its fix is taken back", n)
	}
	if n := o.Lexicon().Count("Köln"); n != 1 {
		t.Errorf("Köln counted %d times with its fix kept", n)
	}
}
