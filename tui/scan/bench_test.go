package scan

import (
	"path/filepath"
	"testing"

	"github.com/muesli/termenv"

	"folio/annot"
	"folio/internal/shared"
	"folio/internal/termimg"
)

// BenchmarkDraw draws one line of modern_de.png (1713×2590, decoded
// once, then cached) in a band of 67×10 cells: what each cursor move to
// another word costs, off the interface's loop.
func BenchmarkDraw(b *testing.B) {
	img := filepath.Join(shared.Dir(b, "ocr-formats"), "modern_de.png")
	lay := &annot.Layout{Image: img, Width: 1713, Height: 2590,
		Lines: []annot.LayoutLine{{Span: annot.Span{Start: 0, End: 60}, Box: annot.Box{X0: 147, Y0: 148, X1: 1559, Y1: 198}}},
		Words: []annot.LayoutWord{{Span: annot.Span{Start: 6, End: 9}, Box: annot.Box{X0: 300, Y0: 148, X1: 400, Y1: 198}}}}
	for _, p := range []termimg.Protocol{termimg.HalfBlocks, termimg.Sixel, termimg.Kitty} {
		b.Run(p.String(), func(b *testing.B) {
			opt := Options{Protocol: p, CellW: 6, CellH: 13, Profile: termenv.TrueColor, Cache: termimg.NewCache(4, nil)}
			k := drawKey{doc: "d", line: 0, word: 0, cols: 67, rows: 10}
			if d := draw(lay, opt, k).(drawnMsg); d.err != "" {
				b.Fatal(d.err)
			}
			for b.Loop() {
				draw(lay, opt, k)
			}
		})
	}
}

// BenchmarkDecode decodes modern_de.png: the first draw of a page.
func BenchmarkDecode(b *testing.B) {
	img := filepath.Join(shared.Dir(b, "ocr-formats"), "modern_de.png")
	for b.Loop() {
		if _, err := termimg.Load(img); err != nil {
			b.Fatal(err)
		}
	}
}
