package export

import (
	"bytes"
)

// doccanoLine is one line of the doccano format.
type doccanoLine struct {
	ID    string   `json:"id"`
	Text  string   `json:"text"`
	Label [][3]any `json:"label"`
}

// renderDoccano writes doccano's sequence-labeling import form on the
// corrected text: {"id", "text", "label": [[start, end, "LABEL"], ...]}.
// doccano keeps keys other than text and label (here id) as metadata.
func renderDoccano(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	line := doccanoLine{ID: it.Doc.ID, Text: c.text, Label: make([][3]any, 0, len(c.ents))}
	for _, e := range c.ents {
		line.Label = append(line.Label, [3]any{e.Start, e.End, e.ann.Label})
	}
	return encodeLine(b, line, it)
}
