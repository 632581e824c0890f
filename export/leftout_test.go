package export

import (
	"maps"
	"testing"

	"folio/annot"
)

// TestLeftOut: each format counts what the document carried that it has
// no place for, and nothing it writes.
func TestLeftOut(t *testing.T) {
	b := &builder{t: t, id: "d", text: "Anna Berg wohnt in Koeln am Rhein."}
	anna := b.entity("Anna Berg", 1, "PER", "Anna Berg")
	b.entity("Koeln", 1, "LOC", "Köln")
	b.add(annot.Annotation{Kind: annot.KindRelation, Label: "lives_in", From: b.anns[0].ID, To: b.anns[1].ID})
	b.anns[1].Attrs = map[string]string{"typ": "Stadt"}
	b.note(anna, "die Bürgermeisterin")             // on an entity's span
	b.note(annot.Span{Start: 28, End: 33}, "Fluss") // on no entity
	b.note(annot.Span{}, "geprüft")                 // on the document
	b.mark("wohnt", 1, "")
	b.tag("presse")
	b.status(annot.StatusDone)
	items := []Item{b.item("Anna")}
	external := func(label, canonical string) string {
		if canonical == "Köln" {
			return "Q365"
		}
		return ""
	}
	for format, want := range map[string]map[string]int{
		FormatJSONL:       nil,
		FormatText:        nil,
		FormatProdigy:     {"canonical name": 2, "external id": 1, "attribute": 1, "note": 3, "OCR mark": 1},
		FormatDoccano:     {"canonical name": 2, "external id": 1, "attribute": 1, "note": 3, "OCR mark": 1, "review status": 1},
		FormatLabelStudio: {"canonical name": 2, "external id": 1, "note on a span": 2, "OCR mark": 1},
		FormatBrat:        {"note on no entity": 2, "tag": 1, "review status": 1, "OCR mark": 1},
		FormatWebAnno:     {"external id": 1, "attribute": 1, "note": 3, "tag": 1, "review status": 1, "OCR mark": 1},
		FormatCoNLL:       {"canonical name": 2, "external id": 1, "attribute": 1, "relation": 1, "note": 3, "tag": 1, "review status": 1, "OCR mark": 1, "document id": 1},
		FormatGermEval:    {"canonical name": 2, "external id": 1, "attribute": 1, "relation": 1, "note": 3, "tag": 1, "review status": 1, "OCR mark": 1},
	} {
		_, _, st := export(t, items, Options{Format: format, ExternalID: external})
		if !maps.Equal(st.LeftOut, want) {
			t.Errorf("%s: left out %v, want %v", format, st.LeftOut, want)
		}
	}
	if got := LeftOutLine("prodigy", map[string]int{"note": 1, "canonical name": 2, "review status": 2, "note on a span": 2}); got != "not written (prodigy has no place for them; folio's jsonl keeps everything): 2 canonical names, 1 note, 2 notes on a span, 2 review statuses" {
		t.Errorf("LeftOutLine: %q", got)
	}
}
