package tui

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"folio/annot"
	"folio/config"
	"folio/internal/termimg"
	"folio/store"
	"folio/tui/docview"
)

// ocrStore is a store with the seeds and one OCR page, "scan", whose
// page image (300×80, two lines of ink blocks) is in dir.
func ocrStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 300, 80))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	ink := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	ink(20, 12, 80, 30) // Erste
	ink(95, 12, 190, 30)
	ink(20, 50, 120, 68) // Zweite
	f, err := os.Create(filepath.Join(dir, "scan.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	text := "Erste Zeile\nZweite"
	lay := &annot.Layout{Format: "page", Page: 1, ImageRef: "scan.png", Image: filepath.Join(dir, "scan.png"), Width: 300, Height: 80,
		Lines: []annot.LayoutLine{
			{Span: annot.Span{Start: 0, End: 11}, Box: annot.Box{X0: 15, Y0: 8, X1: 195, Y1: 34}},
			{Span: annot.Span{Start: 12, End: 18}, Box: annot.Box{X0: 15, Y0: 46, X1: 125, Y1: 72}},
		},
		Words: []annot.LayoutWord{
			{Span: annot.Span{Start: 0, End: 5}, Line: 0, Box: annot.Box{X0: 16, Y0: 9, X1: 84, Y1: 33}, Conf: 0.96, HasConf: true},
			{Span: annot.Span{Start: 6, End: 11}, Line: 0, Box: annot.Box{X0: 91, Y0: 9, X1: 194, Y1: 33}, Conf: 0.31, HasConf: true},
			{Span: annot.Span{Start: 12, End: 18}, Line: 1, Box: annot.Box{X0: 16, Y0: 47, X1: 124, Y1: 71}, Conf: 0.7, HasConf: true},
		}}
	st := seedStore(t)
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "scan", Title: "Erste Zeile", Source: "scan.page.xml", Text: text, Layout: lay}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestScanPane: i shows the page image of the cursor's line above the
// reader, in half-blocks, with the word under the cursor tinted; w moves
// the tint; i again gives the rows back; a document without a layout
// says so in one line.
func TestScanPane(t *testing.T) {
	dir := t.TempDir()
	a := newTestApp(t, ocrStore(t, dir), 120, 40, nil)
	selectDoc(t, a, "scan")
	press(t, a, "alt+2")
	_, before := a.reader.Size()
	press(t, a, "i")
	view := a.View()
	checkFrame(t, view, 120, 40)
	if !strings.Contains(view, "Scan · line 1/2 · x ") || !strings.Contains(view, " · conf 0.96") {
		t.Fatalf("no caption:\n%s", view)
	}
	_, band := a.scan.Size()
	if _, h := a.reader.Size(); band < 4 || h != before-band {
		t.Errorf("band %d, reader %d of %d", band, h, before)
	}
	rows := a.scan.View()
	img := strings.Join(rows[1:], "\n")
	if strings.Count(img, "▀") != (band-1)*a.geo.panes[paneReader].w || !strings.Contains(img, "2;255;214;92") {
		t.Fatalf("the image rows are not half-blocks with the highlight:\n%q", img)
	}
	press(t, a, "w")
	if got := strings.Join(a.scan.View()[1:], "\n"); got == img || !strings.Contains(a.View(), "conf 0.31") {
		t.Error("w did not move the highlight to the next word")
	}
	press(t, a, "j")
	if !strings.Contains(a.View(), "Scan · line 2/2") {
		t.Errorf("j did not move the scan to line 2:\n%s", a.View())
	}
	// the mouse still lands on the text under it, below the band
	r := a.readerRect()
	send(t, a, mouseClick(r.x+2, r.y+1))
	if c := a.reader.StoredCursor(); c != 2 {
		t.Errorf("a click on the first text row put the cursor at %d", c)
	}
	press(t, a, "i")
	if _, h := a.reader.Size(); h != before || strings.Contains(a.View(), "Scan ·") {
		t.Errorf("i did not hide the scan: reader %d of %d", h, before)
	}
	// a plain text document
	press(t, a, "i")
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2")
	var note []string
	for _, l := range a.scan.View() {
		note = append(note, strings.TrimSpace(l))
	}
	if strings.Join(note, " ") != "no page image: not imported from hOCR, ALTO or PAGE XML" {
		t.Errorf("a .txt document: %q", note)
	}
	checkFrame(t, a.View(), 120, 40)
}

func mouseClick(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

// TestScanMissingImage: a moved page image is a line in the reader, and
// folio.toml's images finds it again by name.
func TestScanMissingImage(t *testing.T) {
	dir := t.TempDir()
	st := ocrStore(t, dir)
	moved := filepath.Join(dir, "moved")
	if err := os.Mkdir(moved, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "scan.png"), filepath.Join(moved, "scan.png")); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, st, 120, 40, nil)
	selectDoc(t, a, "scan")
	press(t, a, "alt+2", "i")
	// wrapped to the pane
	want := "no page image: " + filepath.Join(dir, "scan.png") + " not found; import with --images DIR or set images in folio.toml"
	_, band := a.scan.Size()
	var got []string
	for _, l := range a.scan.View() {
		got = append(got, strings.TrimSpace(l))
	}
	if strings.Join(got, " ") != want || band < 2 || band > 4 {
		t.Errorf("missing image: %d rows %q, want %q", band, got, want)
	}
	cfg := config.Default()
	cfg.Images = []string{moved}
	b := newTestAppConfig(t, st, 120, 40, nil, cfg)
	selectDoc(t, b, "scan")
	press(t, b, "alt+2", "i")
	if v := b.View(); !strings.Contains(v, "Scan · line 1/2") {
		t.Errorf("images in folio.toml did not find the page:\n%s", v)
	}
}

// TestScanGolden: the reader with the page image, at 100×30, colours
// on; testdata/TestScanGolden.golden (go test -update rewrites it).
func TestScanGolden(t *testing.T) {
	dir := t.TempDir()
	st := ocrStore(t, dir)
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	a := New(st, Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow }, Renderer: r})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 100, Height: 30})
	selectDoc(t, a, "scan")
	press(t, a, "alt+2", "i", "w")
	view := a.View()
	checkFrame(t, view, 100, 30)
	// the path of the temporary folder differs from run to run
	golden.RequireEqual(t, []byte(regexp.MustCompile(regexp.QuoteMeta(dir)).ReplaceAllString(view, "DIR")))
}

// TestConfShading: words below 80 % and 50 % are shaded, with a legend.
func TestConfShading(t *testing.T) {
	v := docview.Build(docview.Request{ID: "d", Text: "Erste Zeile\nZweite", Width: 40, Conf: []docview.ConfSpan{
		{Span: annot.Span{Start: 0, End: 5}, Conf: 0.96}, {Span: annot.Span{Start: 6, End: 11}, Conf: 0.31},
		{Span: annot.Span{Start: 12, End: 18}, Conf: 0.7}, {Span: annot.Span{Start: 30, End: 40}, Conf: 0.1}, // out of the text: dropped
	}})
	if !v.HasConf {
		t.Error("no legend")
	}
	flags := func(p int) uint16 {
		var f uint16
		for _, r := range v.RangesIn(p, p+1) {
			if int(r.S) <= p && p < int(r.E) {
				f |= r.Flags
			}
		}
		return f
	}
	for p, want := range map[int]uint16{0: 0, 6: docview.FlagConfLow, 12: docview.FlagConfMid, 5: 0} {
		if got := flags(p) & (docview.FlagConfLow | docview.FlagConfMid); got != want {
			t.Errorf("position %d: flags %b, want %b", p, got, want)
		}
	}
}

// TestScanKitty: with the kitty protocol the band's rows carry kitty
// images, and hiding the scan deletes them (kitty keeps images over
// text until told).
func TestScanKitty(t *testing.T) {
	dir := t.TempDir()
	a := New(ocrStore(t, dir), Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow },
		Graphics: termimg.Kitty, CellW: 8, CellH: 16})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
	selectDoc(t, a, "scan")
	press(t, a, "alt+2", "i")
	v := a.View()
	if !strings.Contains(v, "\x1b_Ga=T,f=32,") || strings.Contains(v, termimg.KittyClear) {
		t.Fatalf("no kitty image rows: %q", v[:min(len(v), 400)])
	}
	checkFrame(t, v, 120, 40)
	press(t, a, "i")
	if v := a.View(); strings.Contains(v, "a=T,") || !strings.Contains(v, termimg.KittyClear) {
		t.Errorf("hidden, the images are not deleted")
	}
}

// TestScanAnswered: the terminal's answers to the graphics query, which
// come after the interface started, have the page drawn as they say,
// with a word in the status line when the scan is shown; answers that
// nobody awaits (a second round, or FOLIO_GRAPHICS chose) change no
// protocol (scan's TestAnswered: they give the cell size).
func TestScanAnswered(t *testing.T) {
	dir := t.TempDir()
	st := ocrStore(t, dir)
	open := func(pending bool) *App {
		a := New(st, Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow },
			Graphics: termimg.HalfBlocks, GraphicsPending: pending})
		drive(t, a, a.Init())
		send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
		selectDoc(t, a, "scan")
		press(t, a, "alt+2", "i")
		if v := a.View(); !strings.Contains(v, "▀") || strings.Contains(v, "\x1bP") {
			t.Fatalf("not half-blocks before the answer: %q", v[:min(len(v), 400)])
		}
		return a
	}
	a := open(true)
	send(t, a, graphicsMsg{termimg.Caps{Sixel: true, CellW: 7, CellH: 14}})
	v := a.View()
	if !strings.Contains(v, "\x1bP") || !strings.Contains(v, "page image: sixel") {
		t.Fatalf("an answer with sixel did not draw sixel: %q", v[:min(len(v), 400)])
	}
	checkFrame(t, v, 120, 40)
	// a second round is nobody's business
	send(t, a, graphicsMsg{termimg.Caps{}})
	if a.scan.Protocol() != termimg.Sixel {
		t.Errorf("a second answer changed the protocol to %v", a.scan.Protocol())
	}
	b := open(false)
	send(t, b, graphicsMsg{termimg.Caps{Sixel: true}})
	if b.scan.Protocol() != termimg.HalfBlocks || strings.Contains(b.View(), "\x1bP") {
		t.Errorf("an answer nobody awaited changed the protocol to %v", b.scan.Protocol())
	}
}

// TestScanSizes draws the reader with the scan at many sizes and
// layouts, with half-blocks and sixel: every frame is exactly w×h
// cells, and the reader keeps rows for its text.
func TestScanSizes(t *testing.T) {
	dir := t.TempDir()
	st := ocrStore(t, dir)
	for _, g := range []termimg.Protocol{termimg.HalfBlocks, termimg.Sixel} {
		a := New(st, Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow }, Graphics: g, CellW: 7, CellH: 15})
		drive(t, a, a.Init())
		send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
		selectDoc(t, a, "scan")
		press(t, a, "alt+2", "i")
		for _, sz := range [][2]int{{1, 1}, {10, 3}, {20, 6}, {40, 12}, {79, 24}, {80, 24}, {80, 6}, {100, 30}, {120, 40}, {121, 7}, {200, 60}, {33, 17}} {
			w, h := sz[0], sz[1]
			send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
			for _, k := range []string{"alt+2", "w", "j", "i", "i", "alt+3", "alt+2", "k"} {
				press(t, a, k)
				checkFrame(t, a.View(), w, h)
			}
			if _, rh := a.reader.Size(); a.scan.Shown() && rh < 3 && h >= 8 {
				t.Errorf("%v %d×%d: the reader has %d rows", g, w, h, rh)
			}
		}
	}
}
