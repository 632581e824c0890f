package export

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // page images
	"image/png"
	"os"
	"strings"

	"folio/annot"
	"folio/corpus/ocrxml"

	_ "golang.org/x/image/tiff" // page images of OCR-D and many archives are TIFF
)

// The OCR formats: a page written back in the format it was imported
// from, and line training pairs.
const (
	FormatALTO  = "alto"
	FormatPAGE  = "page"
	FormatHOCR  = "hocr"
	FormatLines = "lines"
)

// NeedsLayout reports whether format writes from a document's page
// layout (Item.Layout), so that the caller loads it.
func NeedsLayout(format string) bool {
	switch format {
	case FormatALTO, FormatPAGE, FormatHOCR, FormatLines:
		return true
	}
	return false
}

// ocrWriter writes each page imported from OCR XML back in its own
// format with the corrected text in place (see ocrxml.Rewrite): NAME.xml
// for ALTO and PAGE, NAME.hocr for hOCR. A document imported from
// another format, or from another OCR format than the one asked for, is
// skipped with a warning: folio does not convert between them.
type ocrWriter struct {
	r   *run
	d   *outDir
	ext string
}

func newOCR(r *run, d *outDir) *ocrWriter {
	ext := ".xml"
	if r.opt.Format == FormatHOCR {
		ext = ".hocr"
	}
	return &ocrWriter{r: r, d: d, ext: ext}
}

func (w *ocrWriter) warn(msg string) {
	w.r.stats.Warnings++
	if w.r.opt.Warn != nil {
		w.r.opt.Warn(msg)
	}
}

// errSkipped is what a docWriter returns for a document it left out,
// having said why (skip): the export goes on and counts it.
var errSkipped = errors.New("skipped")

// skip reports that document id is left out, and why.
func (w *ocrWriter) skip(id, why string) error {
	w.warn(quoteID(id) + ": skipped: " + why)
	return errSkipped
}

func (w *ocrWriter) doc(it Item) error {
	l := it.Layout
	switch {
	case l == nil:
		return w.skip(it.Doc.ID, "not imported from hOCR, ALTO or PAGE XML")
	case l.Format != w.r.opt.Format:
		return w.skip(it.Doc.ID, fmt.Sprintf("imported from %s, not %s (export it as %s)", l.Format, w.r.opt.Format, l.Format))
	}
	out, warns, err := ocrxml.Rewrite(l.Source, it.Text, it.Anns)
	if err != nil {
		return w.skip(it.Doc.ID, err.Error())
	}
	for _, m := range warns {
		w.warn(quoteID(it.Doc.ID) + ": " + m)
	}
	file := func(base string) string { return base + w.ext }
	name := w.d.name(it.Doc.ID, file)
	return w.d.writeFile(file(name), func(b *bufio.Writer) { b.Write(out) })
}

func (w *ocrWriter) finish() error { return nil }

// linesWriter writes line training pairs, as Tesseract, Kraken and
// Calamari read them: NAME_l0007.png, the line's box cut from the page
// image, and NAME_l0007.gt.txt, the line's corrected text (hyphens as
// printed) and a newline. Lines are numbered from 1 in reading order;
// a line whose corrected text is empty is left out.
type linesWriter struct {
	ocr *ocrWriter
}

func (w *linesWriter) doc(it Item) error {
	l := it.Layout
	if l == nil {
		return w.ocr.skip(it.Doc.ID, "not imported from hOCR, ALTO or PAGE XML")
	}
	if l.Image == "" {
		return w.ocr.skip(it.Doc.ID, "its page image was not found at import")
	}
	img, err := decodeImage(l.Image)
	if err != nil {
		return w.ocr.skip(it.Doc.ID, err.Error())
	}
	// each line pair holds what is printed on its line: a word joined
	// across a line end is corrected on both of its lines, not joined,
	// and a boilerplate cut leaves the printed words in
	cor := annot.Apply(it.Text, annot.AsPrinted(it.Text, it.Anns))
	ix := annot.NewIndex(cor.Text)
	name := w.ocr.d.name(it.Doc.ID, func(base string) string { return base + "_l*.png" })
	for i, ln := range l.Lines {
		text := strings.Join(strings.Fields(ix.Slice(cor.Map.SpanToCorrected(ln.Span))), " ")
		r := image.Rect(ln.Box.X0, ln.Box.Y0, ln.Box.X1, ln.Box.Y1).Intersect(img.Bounds())
		if text == "" || r.Empty() {
			continue
		}
		base := fmt.Sprintf("%s_l%04d", name, i+1)
		sub := img.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(r)
		var perr error
		if err := w.ocr.d.writeFile(base+".png", func(b *bufio.Writer) { perr = png.Encode(b, sub) }); err != nil {
			return err
		}
		if perr != nil {
			return fmt.Errorf("export: write %s.png: %w", base, perr)
		}
		if err := w.ocr.d.writeFile(base+".gt.txt", func(b *bufio.Writer) { b.WriteString(text + "\n") }); err != nil {
			return err
		}
	}
	return nil
}

func (w *linesWriter) finish() error { return nil }

// decodeImage reads a page image (PNG, JPEG or TIFF) that can be cropped.
func decodeImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("page image: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("page image %s: %w", path, err)
	}
	if _, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); !ok {
		return nil, fmt.Errorf("page image %s: cannot be cropped", path)
	}
	return img, nil
}

func quoteID(id string) string { return fmt.Sprintf("%q", id) }
