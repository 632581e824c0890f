package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"folio/internal/shared"
	"folio/store"
)

// TestOCRImportExport imports the fixture folder, exports every OCR
// format and gets each file back as it was; a correction added later
// through JSONL (same text: the layout stays) lands in the export.
func TestOCRImportExport(t *testing.T) {
	dir := shared.Dir(t, "ocr-formats")
	tmp := t.TempDir()
	db := filepath.Join(tmp, "f.db")
	_, errs := mustFolio(t, "--db", db, "import", dir)
	if !strings.Contains(errs, "imported 11 documents") {
		t.Fatalf("import: %s", errs)
	}
	mustFolio(t, "--db", db, "check")
	// conf: finds the pages with a word read below a confidence; pages
	// without confidences (GT, litver, the .txt) never match
	for q, ids := range map[string]string{
		"conf:<0.01": "kant_0017 modern_de modern_de.alto modern_de.page",
		"-conf:>=0":  "462875_0008.page kant_0017.alto kant_0017.page litver modern_de.gt",
	} {
		out, _ := mustFolio(t, "--db", db, "export", "--where", q)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var r struct{ ID string }
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			got = append(got, r.ID)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != ids {
			t.Errorf("%s: %q, want %s", q, got, ids)
		}
	}
	want := map[string][]string{
		"alto": {"modern_de.alto.xml", "kant_0017.alto.xml", "abbyy_fre11_p142.alto.xml"},
		"page": {"modern_de.page.xml", "kant_0017.page.xml", "kant_0017.ocrd-tess-frk.page.xml", "462875_0008.page.xml"},
		"hocr": {"modern_de.hocr", "kant_0017.hocr", "litver.hocr"},
	}
	for format, files := range want {
		out := filepath.Join(tmp, format)
		_, errs := mustFolio(t, "--db", db, "export", "--format", format, "--out", out)
		if n := strings.Count(errs, "skipped: imported from"); n != 10-len(files) {
			t.Errorf("%s: %d documents of other formats skipped, want %d:\n%s", format, n, 10-len(files), errs)
		}
		for _, f := range files {
			orig, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Errorf("%s: %v", format, err)
				continue
			}
			if f != "modern_de.page.xml" && !bytes.Equal(got, orig) {
				t.Errorf("%s: exported %s differs from the file", format, f)
			}
		}
	}

	// a correction arriving through JSONL keeps the layout
	out, _ := mustFolio(t, "--db", db, "export", "--where", "id:modern_de.alto")
	var rec map[string]any
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	text := rec["text"].(string)
	at := len([]rune(text[:strings.Index(text, "Debtan")]))
	line := map[string]any{"id": "modern_de.alto", "text": text, "corrections": []map[string]any{
		{"start": at, "end": at + 6, "original": "Debtan", "replacement": "Debian", "kind": "ocr"}}}
	b, _ := json.Marshal(line)
	jl := filepath.Join(tmp, "fix.jsonl")
	if err := os.WriteFile(jl, append(b, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", jl)
	outDir := filepath.Join(tmp, "alto2")
	mustFolio(t, "--db", db, "export", "--format", "alto", "--where", "id:modern_de.alto", "--out", outDir)
	got, err := os.ReadFile(filepath.Join(outDir, "modern_de.alto.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte(`CONTENT="Debian"`)) || bytes.Contains(got, []byte(`CONTENT="Debtan"`)) {
		t.Error("the correction is not in the exported ALTO")
	}

	// line pairs, from another folder: the page image's path was kept whole
	t.Chdir(tmp)
	_, errs = mustFolio(t, "--db", db, "export", "--format", "lines", "--where", "id:modern_de OR id:abbyy*", "--out", "gt")
	if !strings.Contains(errs, `"abbyy_fre11_p142.alto": skipped: its page image was not found at import`) ||
		!strings.Contains(errs, "exported 1 document as lines to gt (1 skipped, above)\n") {
		t.Errorf("export lines: %s", errs)
	}
	pngs, _ := filepath.Glob(filepath.Join(tmp, "gt", "modern_de_l*.png"))
	gts, _ := filepath.Glob(filepath.Join(tmp, "gt", "modern_de_l*.gt.txt"))
	if len(pngs) != 38 || len(gts) != 38 {
		t.Errorf("%d line images, %d texts; want 38 each", len(pngs), len(gts))
	}
}

// TestImportImageFolders: page XML moved away from its scans finds them
// with --images, or with folio.toml's images (relative to folio.toml);
// a --images that is no folder is refused before the store is touched.
func TestImportImageFolders(t *testing.T) {
	dir := shared.Dir(t, "ocr-formats")
	src, err := os.ReadFile(filepath.Join(dir, "modern_de.page.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	xml := filepath.Join(tmp, "xml", "modern_de.page.xml")
	if err := os.MkdirAll(filepath.Dir(xml), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xml, src, 0o600); err != nil {
		t.Fatal(err)
	}
	image := func(db string) string {
		t.Helper()
		s, err := store.Open(db, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		l, err := s.Layout("modern_de.page")
		if err != nil {
			t.Fatal(err)
		}
		return l.Image
	}
	want := filepath.Join(dir, "modern_de.png")
	if abs, err := filepath.Abs(want); err == nil {
		want = abs
	}
	db := filepath.Join(tmp, "plain.db")
	mustFolio(t, "--db", db, "import", xml)
	if got := image(db); got != "" {
		t.Errorf("without --images: image %q", got)
	}
	db = filepath.Join(tmp, "flag.db")
	empty := filepath.Join(tmp, "empty")
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", "--images", empty, "--images", dir, xml)
	if got := image(db); got != want {
		t.Errorf("--images: image %q, want %q", got, want)
	}
	// folio.toml: relative to its own folder
	rel, err := filepath.Rel(tmp, dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(tmp, "folio.toml")
	if err := os.WriteFile(cfg, []byte("images = ["+strconv.Quote(rel)+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(tmp, "toml.db")
	mustFolio(t, "--db", db, "--config", cfg, "import", xml)
	if got := image(db); got != want {
		t.Errorf("folio.toml images: image %q, want %q", got, want)
	}
	db = filepath.Join(tmp, "bad.db")
	_, errs, code := folio(t, "--db", db, "import", "--images", filepath.Join(tmp, "folio.toml"), xml)
	if code == 0 || !strings.Contains(errs, "--images") || !strings.Contains(errs, "not a folder") {
		t.Errorf("a file as --images: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the refused import created a store")
	}
}
