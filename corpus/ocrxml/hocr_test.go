package ocrxml

import (
	"strings"
	"testing"
)

// TestHOCRPlainHTML: hOCR written as HTML rather than XHTML (unclosed
// meta and br, an entity XML lacks, unquoted attributes), with two pages:
// each page's own source reads back alone.
func TestHOCRPlainHTML(t *testing.T) {
	src := `<!DOCTYPE html>
<html><head><meta charset=utf-8><meta name="ocr-system" content="kraken"></head>
<body>
<div class="ocr_page" title="image p1.png; bbox 0 0 100 50">
 <span class="ocr_line" title="bbox 1 1 99 20"><span class="ocrx_word" title="bbox 1 1 40 20; x_wconf 87">Caf&eacute;</span> <span class=ocrx_word title="bbox 45 1 99 20; x_wconf 0">&amp;&nbsp;Bar</span></span><br>
</div>
<div class="ocr_page" title='image "p2.png"; bbox 0 0 100 50'>
 <span class="ocr_line" title="bbox 1 1 99 20">Zweite Seite</span><br>
</div>
</body></html>
`
	var pages []*Page
	if err := Read(strings.NewReader(src), func(p *Page) error { pages = append(pages, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	if p := pages[0]; p.Text != "Café & Bar" || len(p.Layout.Words) != 2 || p.Layout.ImageRef != "p1.png" ||
		p.Layout.Words[0].Conf != 0.87 || !p.Layout.Words[1].HasConf || p.Layout.Words[1].Conf != 0 || !p.MultiPage {
		t.Errorf("page 1: %q %+v", p.Text, p.Layout)
	}
	if p := pages[1]; p.Text != "Zweite Seite" || p.Layout.ImageRef != "p2.png" || p.Layout.Page != 2 || !p.MultiPage {
		t.Errorf("page 2: %q %+v", p.Text, p.Layout)
	}
	for i, p := range pages {
		q, err := Parse(p.Layout.Source)
		if err != nil || q.Text != p.Text {
			t.Errorf("page %d: its source reads %q, %v", i+1, q.Text, err)
		}
		out, _, err := Rewrite(p.Layout.Source, p.Text, nil)
		if err != nil || string(out) != string(p.Layout.Source) {
			t.Errorf("page %d: the round trip changed it (%v)", i+1, err)
		}
	}
}
