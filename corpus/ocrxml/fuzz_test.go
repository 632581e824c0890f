package ocrxml

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/annot"
)

// fuzzSeeds are small files in each format.
var fuzzSeeds = []string{
	`<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Description><MeasurementUnit>pixel</MeasurementUnit><sourceImageInformation><fileName>a.png</fileName></sourceImageInformation></Description><Layout><Page WIDTH="100" HEIGHT="100"><PrintSpace><TextBlock><TextLine HPOS="1" VPOS="1" WIDTH="90" HEIGHT="9"><String CONTENT="Beson" HPOS="1" VPOS="1" WIDTH="40" HEIGHT="9" WC="0.5" SUBS_TYPE="HypPart1" SUBS_CONTENT="Besonders"/><HYP CONTENT="&#xad;"/></TextLine><TextLine><String CONTENT="ders" WC="1."/><SP/><String CONTENT="x"><Shape><Polygon POINTS="1,1 2,2 3,1"/></Shape></String></TextLine></TextBlock></PrintSpace></Page></Layout></alto>`,
	`<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="a.png" imageWidth="10" imageHeight="10"><ReadingOrder><OrderedGroup id="g"><RegionRefIndexed index="1" regionRef="r1"/><RegionRefIndexed index="0" regionRef="r2"/></OrderedGroup></ReadingOrder><TextRegion id="r1"><TextLine id="l1"><Coords points="1,1 5,1 5,5 1,5"/><Word id="w1"><Coords points="1,1 2,2"/><Glyph><TextEquiv index="0"><Unicode>g</Unicode></TextEquiv></Glyph><TextEquiv index="2" conf="0.1"><Unicode>b</Unicode></TextEquiv><TextEquiv index="1" conf="0"><Unicode>a</Unicode></TextEquiv></Word></TextLine></TextRegion><TextRegion id="r2" custom="readingOrder {index:0;}"><TextLine><TextEquiv><PlainText>p</PlainText><Unicode>line</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>`,
	`<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta name='ocr-capabilities' content='ocr_page ocrx_word'/></head><body><div class='ocr_page' title='image "a.png"; bbox 0 0 100 100'><div class='ocr_carea'><span class='ocr_line' title="bbox 1 1 90 10; baseline 0 0"><span class='ocrx_word' title='bbox 1 1 9 9; x_wconf 0'>W&amp;<strong>x</strong></span> <span class='ocrx_word' title='bbox 10 1 20 9; x_wconf 96'>y</span></span><span class='ocr_line' title='bbox 1 20 90 30'>only a line<br></span></div></div></body></html>`,
}

// FuzzRead: no input makes Read panic, and every page it returns has
// spans that fit its text and a source that reads back the same.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Read(bytes.NewReader(data), func(p *Page) error {
			ix := annot.NewIndex(p.Text)
			for _, w := range p.Layout.Words {
				if w.Start < 0 || w.End > ix.Len() || w.Start > w.End {
					t.Fatalf("word span %v outside a text of %d", w.Span, ix.Len())
				}
				if w.Conf < 0 || w.Conf > 1 {
					t.Fatalf("conf %v", w.Conf)
				}
			}
			for _, l := range p.Layout.Lines {
				if l.Start < 0 || l.End > ix.Len() || l.Start > l.End {
					t.Fatalf("line span %v outside a text of %d", l.Span, ix.Len())
				}
			}
			return nil
		})
	})
}

// FuzzRewrite: a correction anywhere in a page never makes Rewrite
// panic, and what it writes reads back as XML of the same format.
func FuzzRewrite(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), 0, 3, "x y")
		f.Add([]byte(s), 1, 6, "")
	}
	f.Fuzz(func(t *testing.T, data []byte, a, b int, value string) {
		var pg *Page
		if err := Read(bytes.NewReader(data), func(p *Page) error {
			if pg == nil {
				pg = p
			}
			return nil
		}); err != nil || pg == nil {
			return
		}
		n := annot.Runes(pg.Text)
		if n == 0 {
			return
		}
		a, b = abs(a)%n, abs(b)%(n+1)
		if a >= b {
			return
		}
		anns := []annot.Annotation{{Kind: annot.KindCorrection, Start: a, End: b, Value: value}}
		out, _, err := Rewrite(pg.Layout.Source, pg.Text, anns)
		if err != nil {
			return // refused, with a reason
		}
		if !utf8.ValidString(value) || strings.ContainsFunc(value, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0xFFFE || r == 0xFFFF }) {
			return // XML cannot hold it
		}
		if _, err := Parse(out); err != nil {
			t.Fatalf("the result does not read: %v\n%s", err, out)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// fuzzFormat fuzzes one reader: the input is the inside of a page,
// wrapped in the format's root so that mutations reach that reader.
func fuzzFormat(f *testing.F, head, tail string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		src := append(append([]byte(head), body...), tail...)
		_ = Read(bytes.NewReader(src), func(p *Page) error {
			ix := annot.NewIndex(p.Text)
			for _, w := range p.Layout.Words {
				if w.Start < 0 || w.End > ix.Len() || w.Start > w.End || w.Line < 0 || w.Line >= len(p.Layout.Lines) {
					t.Fatalf("word %v (line %d) does not fit a text of %d and %d lines", w.Span, w.Line, ix.Len(), len(p.Layout.Lines))
				}
			}
			q, err := Parse(p.Layout.Source)
			if err != nil || q.Text != p.Text {
				t.Fatalf("the page's own source reads %q (%v), not %q", q.Text, err, p.Text)
			}
			return nil
		})
	})
}

func FuzzALTO(f *testing.F) {
	fuzzFormat(f, `<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page WIDTH="9" HEIGHT="9"><PrintSpace>`,
		`</PrintSpace></Page></Layout></alto>`,
		`<TextBlock><TextLine><String CONTENT="a" WC="0.5"/><SP/><String CONTENT="b-" SUBS_TYPE="HypPart1"/><HYP CONTENT="&#xad;"/></TextLine></TextBlock>`,
		`<ComposedBlock><TextBlock><TextLine HPOS="1" VPOS="1" WIDTH="5" HEIGHT="5"><String CONTENT="x"><Shape><Polygon POINTS="1 1 2 2"/></Shape></String></TextLine></TextBlock></ComposedBlock>`)
}

func FuzzPAGE(f *testing.F) {
	fuzzFormat(f, `<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="a.png">`,
		`</Page></PcGts>`,
		`<ReadingOrder><OrderedGroup><RegionRefIndexed index="1" regionRef="a"/><RegionRefIndexed index="0" regionRef="b"/></OrderedGroup></ReadingOrder><TextRegion id="a"><TextLine><Word><Coords points="1,1 3,3"/><TextEquiv index="1"><Unicode>x</Unicode></TextEquiv><TextEquiv index="0" conf="0"><Unicode>y</Unicode></TextEquiv></Word></TextLine></TextRegion><TextRegion id="b"><TextLine><TextEquiv><Unicode>line</Unicode></TextEquiv></TextLine></TextRegion>`)
}

func FuzzHOCR(f *testing.F) {
	fuzzFormat(f, `<html><head><meta name="ocr-system" content="x"></head><body><div class="ocr_page" title="bbox 0 0 9 9">`,
		`</div></body></html>`,
		`<div class="ocr_carea"><span class="ocr_line" title="bbox 1 1 8 3"><span class="ocrx_word" title="bbox 1 1 3 3; x_wconf 0">a&amp;b</span> <span class="ocrx_word">c</span></span></div>`,
		`<span class="ocr_line">only a line<br></span><span class="ocr_line" title="bbox 1 4 8 8">second</span>`)
}
