package ocrxml

import (
	"os"
	"path/filepath"
	"testing"

	"folio/internal/shared"
)

// readFile reads every page of the fixture name.
func readFile(t testing.TB, name string) []*Page {
	t.Helper()
	f, err := os.Open(filepath.Join(shared.Dir(t, "ocr-formats"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pages []*Page
	if err := Read(f, func(p *Page) error { pages = append(pages, p); return nil }); err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return pages
}

// onePage reads a single-page fixture.
func onePage(t testing.TB, name string) *Page {
	t.Helper()
	pages := readFile(t, name)
	if len(pages) != 1 {
		t.Fatalf("%s: %d pages, want 1", name, len(pages))
	}
	return pages[0]
}
