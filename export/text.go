package export

import (
	"bufio"

	"folio/annot"
)

// textWriter writes one NAME.txt per document with its corrected text (all
// corrections applied: boilerplate and stray hyphens cut, OCR errors
// fixed), and ids.tsv mapping ids to files.
type textWriter struct {
	r *run
	d *outDir
}

func newText(r *run, d *outDir) *textWriter { return &textWriter{r: r, d: d} }

func (w *textWriter) doc(it Item) error {
	text := annot.Apply(it.Text, it.Anns).Text
	name := w.d.name(it.Doc.ID, txtName)
	return w.d.writeFile(txtName(name), func(b *bufio.Writer) { b.WriteString(text) })
}

func (w *textWriter) finish() error { return nil }

// txtName is the text file of base name.
func txtName(base string) string { return base + ".txt" }
