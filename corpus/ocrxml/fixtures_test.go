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

// distance is the Levenshtein distance between a and b in code points.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
