package export

import (
	"bytes"

	"folio/annot"
)

// doccanoLine is one line of the doccano format.
type doccanoLine struct {
	ID    string         `json:"id"`
	Text  string         `json:"text"`
	Label [][3]any       `json:"label"`
	Cats  []string       `json:"cats,omitempty"`
	Meta  map[string]any `json:"meta,omitempty"`
}

// doccanoRelLine is a line of doccano's relation-extraction form.
type doccanoRelLine struct {
	ID        string            `json:"id"`
	Text      string            `json:"text"`
	Entities  []doccanoEntity   `json:"entities"`
	Relations []doccanoRelation `json:"relations"`
	Cats      []string          `json:"cats,omitempty"`
	Meta      map[string]any    `json:"meta,omitempty"`
}

type doccanoEntity struct {
	ID          int    `json:"id"`
	Label       string `json:"label"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
}

type doccanoRelation struct {
	ID     int    `json:"id"`
	FromID int    `json:"from_id"`
	ToID   int    `json:"to_id"`
	Type   string `json:"type"`
}

// renderDoccano writes doccano's sequence-labeling import form on the
// corrected text: {"id", "text", "label": [[start, end, "LABEL"], ...]}.
// doccano keeps keys other than text and label (here id) as metadata. A
// document with relations is written in doccano's relation form instead:
// {"id", "text", "entities": [{"id", "label", "start_offset",
// "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}.
// Either has the document's metadata as its source gave it in "meta"
// (doccano's own files carry one; folio reads it back), and its tags as
// doccano's document labels, "cats".
func renderDoccano(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	var rels []annot.Annotation
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind == annot.KindRelation {
			rels = append(rels, a)
		}
	}
	if len(rels) > 0 {
		line := doccanoRelLine{ID: it.Doc.ID, Text: c.text, Entities: []doccanoEntity{}, Relations: []doccanoRelation{}, Cats: docTags(it), Meta: sourceMeta(it)}
		num := map[string]int{}
		for i, e := range c.ents {
			num[e.ann.ID] = i + 1
			line.Entities = append(line.Entities, doccanoEntity{ID: i + 1, Label: e.ann.Label, StartOffset: e.Start, EndOffset: e.End})
		}
		for _, a := range rels {
			from, to := num[a.From], num[a.To]
			if from == 0 || to == 0 {
				r.warnf("%s: doc %q: %s relation links an entity that is not written; left out", r.opt.Format, it.Doc.ID, a.Label)
				continue
			}
			line.Relations = append(line.Relations, doccanoRelation{ID: len(line.Relations) + 1, FromID: from, ToID: to, Type: a.Label})
		}
		return encodeLine(b, line, it)
	}
	line := doccanoLine{ID: it.Doc.ID, Text: c.text, Label: make([][3]any, 0, len(c.ents)), Cats: docTags(it), Meta: sourceMeta(it)}
	for _, e := range c.ents {
		line.Label = append(line.Label, [3]any{e.Start, e.End, e.ann.Label})
	}
	return encodeLine(b, line, it)
}
