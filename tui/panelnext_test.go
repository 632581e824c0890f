package tui

import (
	"testing"

	"folio/annot"
	"folio/suggest"
)

// TestPanelAcceptGoesToNext: a accepts the suggestion under the panel's
// cursor, and the cursor goes to the suggestion after it, also when the
// one before it is a single row (an entity's, with neither candidates
// nor reason), where the row that moved into its place would be that
// one.
func TestPanelAcceptGoesToNext(t *testing.T) {
	st := newMemStore()
	text := "Ute Berg fand Kdln und Bcnn am Rhein."
	st.add("d", "d", text)
	sg := SuggestFunc(func(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
		ocr := func(s, e int, w, fix string) suggest.Suggestion {
			return suggest.Suggestion{Doc: doc, Start: s, End: e, Text: w, Kind: suggest.KindOCR,
				Candidates: []suggest.Candidate{{Text: fix, Score: 0.9}}, Reason: "unknown word"}
		}
		return []suggest.Suggestion{
			{Doc: doc, Start: 0, End: 8, Text: "Ute Berg", Kind: suggest.KindEntity},
			ocr(14, 18, "Kdln", "Köln"),
			ocr(23, 27, "Bcnn", "Bonn"),
		}
	})
	a := newTestApp(t, st, 120, 40, sg)
	press(t, a, "enter", "alt+3", "G", "k")
	if it, ok := a.panel.Current(); !ok || it.Sugg != 1 {
		t.Fatalf("the panel's cursor is on %+v, want Kdln's suggestion", it)
	}
	press(t, a, "a")
	if cs := st.anns["d"]; len(cs) != 1 || cs[0].Kind != annot.KindCorrection || cs[0].Value != "Köln" {
		t.Fatalf("annotations %+v", cs)
	}
	it, ok := a.panel.Current()
	if !ok || it.Sugg < 0 || a.open[it.Sugg].Text != "Bcnn" {
		t.Fatalf("after a the panel's cursor is on %+v, want Bcnn's suggestion", it)
	}
}
