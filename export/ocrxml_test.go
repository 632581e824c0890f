package export

import (
	"bytes"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"folio/annot"
	"folio/corpus"
	"folio/corpus/ocrxml"
	"folio/internal/shared"
)

// ocrFixture reads a page of ../shared/ocr-formats as an export Item,
// skipping the test without the folder except under CI (FOLIO_CI=1).
func ocrFixture(t *testing.T, name, image string) (Item, []byte) {
	t.Helper()
	dir := shared.Dir(t, "ocr-formats")
	src, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := ocrxml.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	l := p.Layout
	if image != "" {
		l.Image = filepath.Join(dir, image)
	}
	id := strings.TrimSuffix(name, filepath.Ext(name))
	return Item{Doc: annot.Doc{ID: id}, Text: p.Text, Layout: &l}, src
}

func TestWriteOCR(t *testing.T) {
	alto, altoSrc := ocrFixture(t, "modern_de.alto.xml", "")
	hocr, _ := ocrFixture(t, "modern_de.hocr", "")
	plain := Item{Doc: annot.Doc{ID: "plain"}, Text: "no layout"}
	word := alto.Layout.Words[0]
	fixed := alto
	fixed.Doc.ID = "fixed"
	fixed.Anns = []annot.Annotation{{Kind: annot.KindCorrection, Start: word.Start, End: word.End, Value: "GNU/Linux"}}
	out := filepath.Join(t.TempDir(), "out")
	var warns []string
	st, err := Write(items(alto, hocr, plain, fixed), Options{Format: FormatALTO, Out: out, Warn: func(m string) { warns = append(warns, m) }})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "modern_de.alto.xml"))
	if err != nil || !bytes.Equal(got, altoSrc) {
		t.Errorf("the uncorrected page differs from its file (%v)", err)
	}
	got, err = os.ReadFile(filepath.Join(out, "fixed.xml"))
	if err != nil || !bytes.Contains(got, []byte(`CONTENT="GNU/Linux"`)) || bytes.Contains(got, []byte(`CONTENT="Linux" `)) {
		t.Errorf("the correction is not in place (%v)", err)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], `"modern_de": skipped: imported from hocr, not alto`) ||
		!strings.Contains(warns[1], `"plain": skipped: not imported from hOCR, ALTO or PAGE XML`) {
		t.Errorf("warnings %q", warns)
	}
	if st.Warnings != 2 || st.Docs != 2 || st.Skipped != 2 {
		t.Errorf("stats count %d warnings, %d documents written, %d skipped; want 2, 2, 2", st.Warnings, st.Docs, st.Skipped)
	}
	if _, err := os.Stat(filepath.Join(out, "plain.xml")); err == nil {
		t.Error("a document without layout was written")
	}
}

// TestWriteLines: one PNG crop of the line box and one .gt.txt of the
// corrected line per line, hyphens as printed, also where a correction
// joins a word across two lines, and boilerplate cuts left in.
func TestWriteLines(t *testing.T) {
	it, _ := ocrFixture(t, "modern_de.hocr", "modern_de.png")
	ln := it.Layout.Lines[3] // "ist eine wichtige Entscheidung. denn jede Distribution hat ihre Beson-"
	ix := annot.NewIndex(it.Text)
	s := ix.Slice(ln.Span)
	dot := strings.Index(s, "Entscheidung.")
	if dot < 0 {
		t.Fatalf("line 4 is %q", s)
	}
	at := ln.Start + len([]rune(s[:dot])) + len([]rune("Entscheidung"))
	// and the join of Beson- / ‘derheiten, whose second line starts with
	// a stray mark: each line keeps its part, corrected
	join := ix.Rune(strings.Index(it.Text, "Beson-"))
	end := ix.Rune(strings.Index(it.Text, "derheiten") + len("derheiten"))
	// and a boilerplate cut, which cuts the dataset's text, not the print
	cut := ix.Rune(strings.Index(it.Text, "Streng genommen"))
	it.Anns = []annot.Annotation{{Kind: annot.KindCorrection, Start: at, End: at + 1, Value: ","},
		{Kind: annot.KindCorrection, Start: join, End: end, Value: "Besonderheiten", Class: annot.ClassHyphen},
		{Kind: annot.KindCorrection, Start: cut, End: cut + 15, Value: "", Class: annot.ClassBoilerplate}}
	out := filepath.Join(t.TempDir(), "lines")
	if _, err := Write(items(it), Options{Format: FormatLines, Out: out}); err != nil {
		t.Fatal(err)
	}
	gt, err := os.ReadFile(filepath.Join(out, "modern_de_l0004.gt.txt"))
	if want := "ist eine wichtige Entscheidung, denn jede Distribution hat ihre Beson-\n"; err != nil || string(gt) != want {
		t.Errorf("line 4: %q (%v), want %q", gt, err, want)
	}
	gt, err = os.ReadFile(filepath.Join(out, "modern_de_l0005.gt.txt"))
	if !strings.HasPrefix(string(gt), "derheiten, und") || strings.Contains(string(gt), "Besonderheiten") {
		t.Errorf("line 5: %q (%v), want its part of the joined word, corrected", gt, err)
	}
	gt, err = os.ReadFile(filepath.Join(out, "modern_de_l0007.gt.txt"))
	if !strings.HasPrefix(string(gt), "Streng genommen ist Linux") {
		t.Errorf("line 7: %q (%v), want the words a boilerplate cut left in the print", gt, err)
	}
	f, err := os.Open(filepath.Join(out, "modern_de_l0004.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if c.Width != ln.Box.X1-ln.Box.X0 || c.Height != ln.Box.Y1-ln.Box.Y0 {
		t.Errorf("crop %dx%d, line box %v", c.Width, c.Height, ln.Box)
	}
	pngs, _ := filepath.Glob(filepath.Join(out, "*.png"))
	gts, _ := filepath.Glob(filepath.Join(out, "*.gt.txt"))
	if len(pngs) != 38 || len(gts) != 38 {
		t.Errorf("%d images and %d texts, want 38 each", len(pngs), len(gts))
	}
}

// items is a Source of the given items.
func items(its ...Item) Source {
	return func(yield func(Item) error) error {
		for _, it := range its {
			if err := yield(it); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestWriteLinesTIFF: a TIFF page image (as OCR-D names) is cropped too.
func TestWriteLinesTIFF(t *testing.T) {
	it, _ := ocrFixture(t, "kant_0017.hocr", "kant_0017.jpg")
	img, err := decodeImage(it.Layout.Image)
	if err != nil {
		t.Fatal(err)
	}
	tif := filepath.Join(t.TempDir(), "INPUT_0017.tif")
	f, err := os.Create(tif)
	if err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(f, img, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	it.Layout.Image = tif
	out := filepath.Join(t.TempDir(), "lines")
	if _, err := Write(items(it), Options{Format: FormatLines, Out: out}); err != nil {
		t.Fatal(err)
	}
	pngs, _ := filepath.Glob(filepath.Join(out, "*.png"))
	if len(pngs) != len(it.Layout.Lines) {
		t.Errorf("%d line images from the TIFF, want %d", len(pngs), len(it.Layout.Lines))
	}
}

// TestOCRExportsShareFolder: a PAGE export into the folder an ALTO export
// wrote adds its file, and ids.tsv names both; one that fails leaves the
// folder as it was, ids.tsv included.
func TestOCRExportsShareFolder(t *testing.T) {
	alto, _ := ocrFixture(t, "modern_de.alto.xml", "")
	page, _ := ocrFixture(t, "kant_0017.page.xml", "")
	out := t.TempDir()
	for _, f := range []string{FormatALTO, FormatPAGE} {
		if _, err := Write(items(alto, page), Options{Format: f, Out: out}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, idsFile))
	if err != nil {
		t.Fatal(err)
	}
	ids, bad, err := corpus.ParseIDs(string(raw))
	want := map[string]string{"modern_de.alto.xml": "modern_de.alto", "kant_0017.page.xml": "kant_0017.page"}
	if err != nil || len(bad) > 0 || !maps.Equal(ids, want) {
		t.Errorf("ids.tsv names %v (%v %v), want %v", ids, err, bad, want)
	}
	before, _ := dump(t, out)
	if _, err := Write(items(alto, page), Options{Format: FormatPAGE, Out: out}); err == nil || !strings.Contains(err.Error(), "kant_0017.page.xml exists") {
		t.Errorf("the same export again: err = %v", err)
	}
	if after, _ := dump(t, out); !bytes.Equal(before, after) {
		t.Error("a refused export changed the folder")
	}
}
