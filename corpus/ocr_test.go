package corpus

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/internal/shared"
)

// TestReadOCRFolder reads the fixture folder: every OCR file is found by
// content, whatever its extension, with its page image.
func TestReadOCRFolder(t *testing.T) {
	dir := shared.Dir(t, "ocr-formats")
	docs := map[string]Doc{}
	var probs []Problem
	err := Read([]string{dir}, func(d Doc) error { docs[d.ID] = d; return nil }, func(p Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // id → page image
		"462875_0008.page":             "462875_0008.jpg",
		"abbyy_fre11_p142.alto":        "",
		"kant_0017":                    "kant_0017.jpg", // the .hocr
		"kant_0017.alto":               "kant_0017.jpg",
		"kant_0017.ocrd-tess-frk.page": "kant_0017.jpg",
		"kant_0017.page":               "kant_0017.jpg",
		"litver":                       "litver.png",
		"modern_de.alto":               "modern_de.png",
		"modern_de":                    "modern_de.png",
		"modern_de.page":               "modern_de.png",
	}
	for id, img := range want {
		d, ok := docs[id]
		if !ok {
			t.Errorf("no document %s; have %v", id, slices.Sorted(maps.Keys(docs)))
			continue
		}
		if d.Layout == nil {
			t.Errorf("%s: no layout", id)
			continue
		}
		wantImg := ""
		if img != "" {
			wantImg = filepath.Join(dir, img)
		}
		if d.Layout.Image != wantImg {
			t.Errorf("%s: image %q, want %q", id, d.Layout.Image, wantImg)
		}
		if !strings.HasPrefix(d.Source, dir) || d.Title == "" {
			t.Errorf("%s: source %q title %q", id, d.Source, d.Title)
		}
	}
	if d := docs["modern_de.gt"]; d.Layout != nil || d.Text == "" {
		t.Errorf("modern_de.gt.txt: read as %+v", d.Layout)
	}
	if !slices.ContainsFunc(probs, func(p Problem) bool {
		return p.Where == filepath.Join(dir, "modern_de.png") && p.Skipped && strings.Contains(p.Msg, "page image")
	}) {
		t.Errorf("modern_de.png is not named as a page image: %v", probs)
	}
	for _, p := range probs {
		if !strings.Contains(p.Where, "schemas") && (strings.HasSuffix(p.Where, ".xml") || strings.HasSuffix(p.Where, ".hocr")) {
			t.Errorf("problem with an OCR file: %s", p)
		}
	}
}

// TestReadOCRByContent: an ALTO file named .dat given on the command
// line is read; an XML file that is no OCR is skipped and named.
func TestReadOCRByContent(t *testing.T) {
	dir := shared.Dir(t, "ocr-formats")
	src, err := os.ReadFile(filepath.Join(dir, "modern_de.alto.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	odd := filepath.Join(tmp, "scan.dat")
	other := filepath.Join(tmp, "other.xml")
	if err := os.WriteFile(odd, src, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("<root><p>x</p></root>"), 0o600); err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	var probs []Problem
	err = Read([]string{odd, other}, func(d Doc) error { docs = append(docs, d); return nil }, func(p Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "scan" || docs[0].Layout == nil || len(docs[0].Layout.Words) != 345 {
		t.Fatalf("got %d documents: %+v", len(docs), docs)
	}
	if docs[0].Layout.Image != "" {
		t.Errorf("image %q: modern_de.png is not beside it", docs[0].Layout.Image)
	}
	if len(probs) != 1 || probs[0].Where != other || !probs[0].Skipped {
		t.Errorf("problems %v, want other.xml skipped", probs)
	}
}

// TestReadOCRMultiPage: pages of one file get ids FILE#pN.
func TestReadOCRMultiPage(t *testing.T) {
	tmp := t.TempDir()
	page := func(n int) string {
		return `<Page ID="P` + string(rune('0'+n)) + `" WIDTH="10" HEIGHT="10"><PrintSpace><TextBlock><TextLine><String CONTENT="Seite` +
			string(rune('0'+n)) + `"/></TextLine></TextBlock></PrintSpace></Page>`
	}
	src := `<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>` + page(1) + page(2) + page(3) + `</Layout></alto>`
	f := filepath.Join(tmp, "book.xml")
	if err := os.WriteFile(f, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var ids, texts []string
	if err := Read([]string{f}, func(d Doc) error { ids = append(ids, d.ID); texts = append(texts, d.Text); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"book#p1", "book#p2", "book#p3"}) || !slices.Equal(texts, []string{"Seite1", "Seite2", "Seite3"}) {
		t.Errorf("ids %q texts %q", ids, texts)
	}
}

// TestReadOCRImageDirs: a page image the file's own path misses is found
// by stem in the folders of Options.ImageDirs, in their order; the file's
// own reference and its folder come first.
func TestReadOCRImageDirs(t *testing.T) {
	tmp := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("img"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page := func(name, ref string) string {
		p := filepath.Join(tmp, "xml", name)
		x := `<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="` + ref + `" imageWidth="100" imageHeight="50">
<TextRegion id="r0"><Coords points="0,0 90,0 90,40 0,40"/><TextLine id="l0"><Coords points="0,0 90,0 90,40 0,40"/>
<Word id="w0"><Coords points="0,0 40,0 40,40 0,40"/><TextEquiv><Unicode>Seite</Unicode></TextEquiv></Word>
</TextLine></TextRegion></Page></PcGts>`
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(x), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	wrong := page("a.xml", `C:\scans\p0001.tif`) // a Windows path of the machine that ran the OCR
	own := page("b.xml", "../imgs/b.png")        // right as it is
	stemOnly := page("c.page.xml", "")           // no reference: the file's own stem
	first := mk("imgs/p0001.png")
	mk("more/p0001.jpg") // a later folder: not taken
	mk("imgs/b.png")
	mk("more/b.png")
	more := mk("more/c.tif")
	read := func(dirs []string) map[string]string {
		got := map[string]string{}
		err := ReadWith([]string{wrong, own, stemOnly}, Options{ImageDirs: dirs}, func(d Doc) error {
			got[d.ID] = d.Layout.Image
			return nil
		}, func(p Problem) { t.Errorf("problem: %s", p) })
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	dirs := []string{filepath.Join(tmp, "imgs"), filepath.Join(tmp, "more"), filepath.Join(tmp, "missing")}
	want := map[string]string{"a": first, "b": filepath.Join(tmp, "xml", "../imgs/b.png"), "c.page": more}
	if got := read(dirs); !maps.Equal(got, want) {
		t.Errorf("with image folders:\n got %v\nwant %v", got, want)
	}
	want = map[string]string{"a": "", "b": filepath.Join(tmp, "xml", "../imgs/b.png"), "c.page": ""}
	if got := read(nil); !maps.Equal(got, want) {
		t.Errorf("without image folders:\n got %v\nwant %v", got, want)
	}
}

func TestImageStems(t *testing.T) {
	for _, tc := range []struct {
		ref, file string
		want      []string
	}{
		{`C:\scans\p0001.tif`, "a.xml", []string{"p0001", "a"}},
		{"OCR-D-IMG/INPUT_0017.tif", "kant_0017.ocrd-tess-frk.page.xml", []string{"INPUT_0017", "kant_0017.ocrd-tess-frk.page", "kant_0017.ocrd-tess-frk", "kant_0017"}},
		{"", "modern_de.hocr", []string{"modern_de"}},
		{"modern_de.png", "modern_de.hocr", []string{"modern_de"}},
		{"", "noext", nil},
	} {
		if got := ImageStems(tc.ref, tc.file); !slices.Equal(got, tc.want) {
			t.Errorf("ImageStems(%q, %q) = %q, want %q", tc.ref, tc.file, got, tc.want)
		}
	}
}

// TestSkipSchemas reads the XML schemas beside the OCR fixtures: each
// kind of file is skipped for one reason, whichever path its content
// takes (a comment of alto-3-1.xsd names <alto>, alto-2-1.xsd's do not),
// and the same for every file given by itself.
func TestSkipSchemas(t *testing.T) {
	dir := shared.Dir(t, "ocr-formats", "schemas")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	const schema = "an XML schema, not a document (folio reads hOCR, ALTO and PAGE XML)"
	want := map[string]string{"catalog.xml": "XML whose root element is <catalog>, not hOCR, ALTO or PAGE XML"}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xsd") {
			want[e.Name()] = schema
		}
	}
	if len(want) < 5 {
		t.Fatalf("%s holds %d schemas, want the ALTO, PAGE and xlink ones", dir, len(want)-1)
	}
	check := func(t *testing.T, paths []string) {
		var docs []Doc
		got := map[string]string{}
		err := Read(paths, func(d Doc) error { docs = append(docs, d); return nil }, func(p Problem) {
			if p.Skipped {
				got[filepath.Base(p.Where)] = p.Msg
			}
		})
		if err != nil || len(docs) != 0 {
			t.Fatalf("%v, %d documents, want none", err, len(docs))
		}
		for name, msg := range want {
			if paths[0] != dir && filepath.Base(paths[0]) != name {
				continue
			}
			if got[name] != msg {
				t.Errorf("%s: skipped as %q, want %q", name, got[name], msg)
			}
		}
	}
	t.Run("folder", func(t *testing.T) { check(t, []string{dir}) })
	for name := range want {
		t.Run(name, func(t *testing.T) { check(t, []string{filepath.Join(dir, name)}) })
	}
}
