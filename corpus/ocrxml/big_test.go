package ocrxml

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// altoGen streams a generated multi-page ALTO file without holding it.
type altoGen struct {
	pages, page int
	buf         strings.Builder
	pending     string
	done        bool
}

func (g *altoGen) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		if g.done {
			return 0, io.EOF
		}
		g.next()
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func (g *altoGen) next() {
	g.buf.Reset()
	switch {
	case g.page == 0:
		g.buf.WriteString("\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v3#\">\n" +
			"<Description><MeasurementUnit>pixel</MeasurementUnit></Description>\n<Layout>\n")
	case g.page > g.pages:
		g.buf.WriteString("</Layout>\n</alto>\n")
		g.done = true
	}
	if g.page >= 1 && g.page <= g.pages {
		fmt.Fprintf(&g.buf, "<Page ID=\"p%d\" WIDTH=\"2000\" HEIGHT=\"3000\"><PrintSpace>\n<TextBlock ID=\"b%d\">\n", g.page, g.page)
		for l := range 40 {
			fmt.Fprintf(&g.buf, "<TextLine HPOS=\"10\" VPOS=\"%d\" WIDTH=\"1900\" HEIGHT=\"60\">", 10+l*70)
			for w := range 12 {
				fmt.Fprintf(&g.buf, "<String CONTENT=\"Wort%d\" HPOS=\"%d\" VPOS=\"%d\" WIDTH=\"140\" HEIGHT=\"60\" WC=\"0.%02d\"/><SP/>",
					w, 10+w*150, 10+l*70, (w*7+l)%100)
			}
			g.buf.WriteString("</TextLine>\n")
		}
		g.buf.WriteString("</TextBlock>\n</PrintSpace></Page>\n")
	}
	g.page++
	g.pending = g.buf.String()
}

// TestLargeALTOConstantMemory reads a generated multi-page ALTO file (16
// MB; 4 MB with -short; FOLIO_BIG_ALTO_MB=300 for the size) and
// checks that the heap stays small while it streams. A page is about
// 45 KB.
func TestLargeALTOConstantMemory(t *testing.T) {
	mb := 16
	if testing.Short() {
		mb = 4
	}
	if s := os.Getenv("FOLIO_BIG_ALTO_MB"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("FOLIO_BIG_ALTO_MB=%q: %v", s, err)
		}
		mb = v
	}
	probe := &altoGen{pages: 1}
	probe.next()
	probe.next()
	pages := mb << 20 / len(probe.pending)
	g := &altoGen{pages: pages}
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	n, words := 0, 0
	err := Read(g, func(p *Page) error {
		n++
		words += len(p.Layout.Words)
		if want := "#" + strconv.Itoa(n); p.Layout.Page != n {
			return fmt.Errorf("page %d numbered %d (%s)", n, p.Layout.Page, want)
		}
		if !strings.HasSuffix(string(p.Layout.Source), "</Layout>\n</alto>\n") {
			return fmt.Errorf("page %d: its source does not close the file", n)
		}
		if n%50 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != pages || words != pages*40*12 {
		t.Errorf("%d pages, %d words; want %d, %d", n, words, pages, pages*40*12)
	}
	t.Logf("%d MB, %d pages: peak heap in use %.1f MB", mb, pages, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Errorf("peak heap %d MB while streaming, want at most 32 MB", peak>>20)
	}
}

// TestMultiPageSources: every page of a multi-page file becomes a file
// of its own that reads back as one page with the same text.
func TestMultiPageSources(t *testing.T) {
	var pages []*Page
	if err := Read(&altoGen{pages: 3}, func(p *Page) error { pages = append(pages, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	for i, p := range pages {
		q, err := Parse(p.Layout.Source)
		if err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
		if q.Text != p.Text || len(q.Layout.Words) != len(p.Layout.Words) {
			t.Errorf("page %d: reading its own source gives another text", i+1)
		}
		if !strings.Contains(string(p.Layout.Source), fmt.Sprintf("<Page ID=\"p%d\"", i+1)) ||
			strings.Count(string(p.Layout.Source), "<Page ") != 1 {
			t.Errorf("page %d: its source holds another page", i+1)
		}
	}
}
