package scan

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"folio/annot"
	"folio/internal/termimg"
	"folio/store"
	"folio/tui/style"
)

// page is a 200×60 page of one line "Erste Zeile" (two words of ink on
// white) and a second line without a box.
func page() *annot.Layout {
	return &annot.Layout{Format: "page", Page: 1, ImageRef: "p1.png", Width: 200, Height: 60,
		Lines: []annot.LayoutLine{
			{Span: annot.Span{Start: 0, End: 11}, Box: annot.Box{X0: 10, Y0: 10, X1: 160, Y1: 50}},
			{Span: annot.Span{Start: 12, End: 18}},
		},
		Words: []annot.LayoutWord{
			{Span: annot.Span{Start: 0, End: 5}, Line: 0, Box: annot.Box{X0: 15, Y0: 15, X1: 65, Y1: 45}, Conf: 0.3, HasConf: true},
			{Span: annot.Span{Start: 6, End: 11}, Line: 0, Box: annot.Box{X0: 75, Y0: 15, X1: 155, Y1: 45}, Conf: 0.95, HasConf: true},
		}}
}

// writePage writes the page image: black ink at 20–60 and 80–150 (x),
// 20–40 (y).
func writePage(t *testing.T, path string) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 200, 60))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 20; y < 40; y++ {
		for x := 20; x < 150; x++ {
			if x < 60 || x >= 80 {
				img.Pix[y*img.Stride+x] = 0
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestFollow(t *testing.T) {
	m := New(style.New(nil, false, nil), Options{Protocol: termimg.HalfBlocks})
	m.Open("d")
	m.SetLayout(LayoutMsg{Doc: "d", Layout: page()})
	for _, tc := range []struct{ p, line, word int }{
		{0, 0, 0}, {4, 0, 0}, {5, 0, 0}, // the space after a word: the word before
		{6, 0, 1}, {10, 0, 1}, {11, 0, 1}, {12, 1, -1}, {17, 1, -1}, {99, 1, -1},
	} {
		m.Follow(tc.p)
		if m.line != tc.line || m.word != tc.word {
			t.Errorf("Follow(%d): line %d word %d, want %d %d", tc.p, m.line, m.word, tc.line, tc.word)
		}
	}
	m.Open("other") // no layout yet
	m.Follow(3)
	if m.line != -1 || m.word != -1 {
		t.Errorf("without a layout: line %d word %d", m.line, m.word)
	}
}

func TestCrop(t *testing.T) {
	lay := page()
	img := image.Rect(0, 0, 200, 60)
	// half-blocks, 20 cells × 4 rows: 20×8 pixels for a 60-pixel-high
	// crop: the page is shown at 8/60, and 150 pixels of it are wide
	crop, word := Crop(lay, img, 0, 1, 20, 8, false)
	if crop.Dy() != 60 || crop.Dx() != 150 || crop.Min.Y != 0 {
		t.Errorf("crop %v", crop)
	}
	if word != image.Rect(75, 15, 155, 45) {
		t.Errorf("word %v", word)
	}
	// a narrow target: centred on the word, kept within the line
	crop, _ = Crop(lay, img, 0, 1, 16, 8, false)
	if c := (crop.Min.X + crop.Max.X) / 2; c < 110 || c > 120 || crop.Dx() != 120 {
		t.Errorf("narrow crop %v not around the second word", crop)
	}
	// too narrow for a word: the word whole, smaller
	crop, _ = Crop(lay, img, 0, 1, 4, 8, false)
	if crop.Min.X > 75 || crop.Max.X < 155 || crop.Dy() <= 60 {
		t.Errorf("crop %v does not hold the whole word", crop)
	}
	crop, _ = Crop(lay, img, 0, 0, 8, 8, false)
	if c := (crop.Min.X + crop.Max.X) / 2; c < 38 || c > 42 {
		t.Errorf("narrow crop %v not around the first word", crop)
	}
	crop, _ = Crop(lay, img, 0, 0, 16, 8, false)
	if crop.Min.X != 0 { // near the line's start: from the margin's edge
		t.Errorf("crop %v of the first word", crop)
	}
	// graphics: not enlarged beyond 1.5×, the crop grows instead
	crop, _ = Crop(lay, img, 0, 0, 600, 240, true)
	if crop.Dy() != 160 || crop.Dx() != 400 {
		t.Errorf("graphics crop %v", crop)
	}
	// a layout of another size than the image: boxes are scaled
	_, word = Crop(lay, image.Rect(0, 0, 400, 120), 0, 0, 20, 8, false)
	if word != image.Rect(30, 30, 130, 90) {
		t.Errorf("scaled word %v", word)
	}
	// a line without a box: the union of its words', or a strip of the page
	crop, _ = Crop(lay, img, 1, -1, 20, 8, false)
	if crop.Empty() {
		t.Error("empty crop for a line without a box")
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "scans")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	writePage(t, filepath.Join(other, "p1.png"))
	lay := page()
	lay.Image = filepath.Join(dir, "moved", "p1.png")
	if _, err := Resolve(lay, nil); err == nil || !strings.Contains(err.Error(), "p1.png not found") || !strings.Contains(err.Error(), "--images") {
		t.Errorf("moved image: %v", err)
	}
	if p, err := Resolve(lay, []string{filepath.Join(dir, "none"), other}); err != nil || p != filepath.Join(other, "p1.png") {
		t.Errorf("by stem in the image folders: %q %v", p, err)
	}
	lay.Image = filepath.Join(other, "p1.png")
	if p, err := Resolve(lay, nil); err != nil || p != lay.Image {
		t.Errorf("stored path: %q %v", p, err)
	}
	lay.Image, lay.ImageRef = "", ""
	if _, err := Resolve(lay, nil); err == nil || !strings.Contains(err.Error(), "names none") {
		t.Errorf("no reference: %v", err)
	}
}

// drawAll runs the model's commands until nothing is left to draw.
func drawAll(t *testing.T, m *Model) {
	t.Helper()
	for i := 0; i < 5; i++ {
		cmd := m.Sync()
		if cmd == nil {
			return
		}
		m.Update(cmd())
	}
	t.Fatal("the drawing does not settle")
}

func TestDrawHalfBlocks(t *testing.T) {
	dir := t.TempDir()
	writePage(t, filepath.Join(dir, "p1.png"))
	lay := page()
	lay.Image = filepath.Join(dir, "p1.png")
	m := New(style.New(nil, false, nil), Options{Protocol: termimg.HalfBlocks, Profile: termenv.TrueColor})
	m.Open("d")
	if m.Height(120, 30) != 0 {
		t.Error("hidden, yet it takes rows")
	}
	m.Toggle()
	if got := m.View(); len(got) != 0 {
		t.Errorf("no size, yet %q", got)
	}
	m.SetSize(80, m.Height(120, 30))
	if m.Height(120, 30) != 1 || !strings.Contains(m.View()[0], "reading the page layout") {
		t.Errorf("before the layout: %d rows %q", m.Height(120, 30), m.View())
	}
	m.SetLayout(LayoutMsg{Doc: "d", Layout: lay})
	m.Follow(0)
	h := m.Height(120, 30)
	if h != 11 {
		t.Fatalf("height %d, want 10 image rows and the caption", h)
	}
	m.SetSize(80, h)
	drawAll(t, &m)
	rows := m.View()
	if len(rows) != 11 || !strings.Contains(rows[0], "Scan · line 1/2 · x ") || !strings.Contains(rows[0], "conf 0.30") {
		t.Fatalf("rows %q", rows)
	}
	tinted := func(rows []string) (n int) {
		for _, r := range rows {
			n += strings.Count(r, "2;255;214;92")
		}
		return n
	}
	first := tinted(rows[1:])
	if first == 0 || !strings.Contains(strings.Join(rows[1:], ""), "▀") {
		t.Fatalf("no half-blocks with the highlight: %q", rows[1:])
	}
	m.Follow(7)
	drawAll(t, &m)
	second := tinted(m.View()[1:])
	if second == 0 || strings.Join(m.View(), "") == strings.Join(rows, "") {
		t.Error("the highlight did not move to the second word")
	}
	// a word on a line without a box: still a drawing, no highlight
	m.Follow(13)
	drawAll(t, &m)
	if !strings.Contains(m.View()[0], "line 2/2") {
		t.Errorf("line 2: %q", m.View()[0])
	}
}

func TestDrawMessages(t *testing.T) {
	st := style.New(nil, false, nil)
	m := New(st, Options{Protocol: termimg.HalfBlocks})
	m.Toggle()
	m.Open("txt")
	m.SetLayout(LayoutMsg{Doc: "txt", Err: store.ErrNoLayout})
	m.SetSize(120, m.Height(120, 30))
	if v := m.View(); len(v) != 1 || !strings.Contains(v[0], "not imported from hOCR, ALTO or PAGE XML") {
		t.Errorf("a text document: %q", v)
	}
	m.Open("d")
	lay := page()
	lay.Image = filepath.Join(t.TempDir(), "gone.png")
	m.SetLayout(LayoutMsg{Doc: "d", Layout: lay})
	m.Follow(0)
	m.SetSize(120, m.Height(120, 30))
	drawAll(t, &m)
	if h := m.Height(120, 30); h != 2 {
		t.Errorf("a missing image takes %d rows", h)
	}
	m.SetSize(120, m.Height(120, 30))
	if v := m.View(); len(v) != 2 || !strings.Contains(v[0], "no page image: ") || !strings.Contains(v[0], "gone.png not found") || !strings.Contains(v[1], "folio.toml") {
		t.Errorf("a missing image: %q", v)
	}
	// an unreadable one
	bad := filepath.Join(t.TempDir(), "bad.png")
	if err := os.WriteFile(bad, []byte("not a png"), 0o600); err != nil {
		t.Fatal(err)
	}
	lay2 := page()
	lay2.Image = bad
	m.Open("e")
	m.SetLayout(LayoutMsg{Doc: "e", Layout: lay2})
	m.Follow(0)
	m.SetSize(120, 11)
	drawAll(t, &m)
	m.SetSize(120, m.Height(120, 30))
	if v := m.View(); len(v) != 1 || !strings.Contains(v[0], "not a JPEG, PNG or TIFF") {
		t.Errorf("an unreadable image: %q", v)
	}
	none := New(st, Options{Protocol: termimg.None})
	none.Toggle()
	none.SetSize(120, none.Height(120, 30))
	if v := none.View(); len(v) != 1 || !strings.Contains(v[0], "no colours") {
		t.Errorf("no colours: %q", v)
	}
}

func TestDrawSixelRows(t *testing.T) {
	dir := t.TempDir()
	writePage(t, filepath.Join(dir, "p1.png"))
	lay := page()
	lay.Image = filepath.Join(dir, "p1.png")
	m := New(style.New(nil, false, nil), Options{Protocol: termimg.Sixel, CellW: 6, CellH: 12})
	m.Toggle()
	m.Open("d")
	m.SetLayout(LayoutMsg{Doc: "d", Layout: lay})
	m.Follow(0)
	h := m.Height(120, 40)
	if h != 9 { // 90 pixels of 12-pixel cells: 8 rows, and the caption
		t.Fatalf("height %d", h)
	}
	m.SetSize(30, h)
	drawAll(t, &m)
	for i, r := range m.View()[1:] {
		if !strings.Contains(r, "\x1bP0;1;0q\"1;1;180;12") {
			t.Fatalf("row %d is no 180×12 sixel strip: %q", i, r[:min(len(r), 60)])
		}
	}
}

// TestHighlightColour: the tint a test in a terminal looks for.
func TestHighlightColour(t *testing.T) {
	if highlight() != (color.RGBA{255, 214, 92, 255}) {
		t.Errorf("highlight %v", highlight())
	}
}

// TestKittyPrefix: kitty keeps images until they are deleted, so the
// first row deletes those of rows the band no longer has, and all of
// them when there is no image.
func TestKittyPrefix(t *testing.T) {
	dir := t.TempDir()
	writePage(t, filepath.Join(dir, "p1.png"))
	lay := page()
	lay.Image = filepath.Join(dir, "p1.png")
	m := New(style.New(nil, false, nil), Options{Protocol: termimg.Kitty, CellW: 10, CellH: 20})
	if m.Prefix() != termimg.KittyClear {
		t.Errorf("hidden: prefix %q", m.Prefix())
	}
	m.Toggle()
	m.Open("d")
	m.SetLayout(LayoutMsg{Doc: "d", Layout: lay})
	m.Follow(0)
	m.SetSize(30, m.Height(30, 40))
	drawAll(t, &m)
	rows := len(m.View()) - 1
	if rows != 5 || !strings.Contains(m.View()[1], "a=T,f=32,s=300,v=20,c=30,r=1,C=1,q=2,i=1,") {
		t.Fatalf("%d kitty rows: %q", rows, m.View()[1][:min(len(m.View()[1]), 120)])
	}
	p := m.Prefix()
	if strings.Contains(p, "i=5,") || !strings.Contains(p, "a=d,d=I,i=6,q=2") || !strings.Contains(p, "i=64,") {
		t.Errorf("prefix %q", p)
	}
	m.Toggle()
	if m.Prefix() != termimg.KittyClear {
		t.Errorf("hidden again: prefix %q", m.Prefix())
	}
	if sixel := New(style.New(nil, false, nil), Options{Protocol: termimg.Sixel}); sixel.Prefix() != "" {
		t.Errorf("sixel: prefix %q", sixel.Prefix())
	}
}

// TestCaptionWaitsForItsImage: while the next line's image is decoded the
// band keeps the caption of the image it shows, never the next line's
// over the old image; the next caption comes with its image, and a late
// drawing of a line left meanwhile brings its own caption with it.
func TestCaptionWaitsForItsImage(t *testing.T) {
	dir := t.TempDir()
	writePage(t, filepath.Join(dir, "p1.png"))
	lay := page()
	lay.Image = filepath.Join(dir, "p1.png")
	m := New(style.New(nil, false, nil), Options{Protocol: termimg.HalfBlocks, Profile: termenv.TrueColor})
	m.Open("d")
	m.Toggle()
	m.SetLayout(LayoutMsg{Doc: "d", Layout: lay})
	m.Follow(0)
	m.SetSize(80, m.Height(120, 30))
	drawAll(t, &m)
	first := m.View()
	if !strings.Contains(first[0], "line 1/2") {
		t.Fatalf("caption %q", first[0])
	}
	m.Follow(13) // the cursor is on line 2 now
	toLine2 := m.Sync()
	if toLine2 == nil {
		t.Fatal("no drawing asked for line 2")
	}
	if got := m.View(); strings.Join(got, "\n") != strings.Join(first, "\n") {
		t.Fatalf("while line 2 is drawn the band changed:\ncaption %q, was %q", got[0], first[0])
	}
	line2 := toLine2()
	m.Follow(7) // back on line 1 (its second word) before line 2's image came
	toWord := m.Sync()
	m.Update(line2) // line 2's drawing arrives late: shown with its caption
	if got := m.View(); !strings.Contains(got[0], "line 2/2") || strings.Join(got[1:], "") == strings.Join(first[1:], "") {
		t.Fatalf("line 2's drawing shown as %q over the image of line 1: %v", got[0], strings.Join(got[1:], "") == strings.Join(first[1:], ""))
	}
	m.Update(toWord())
	if got := m.View(); !strings.Contains(got[0], "line 1/2") || strings.Join(got, "") == strings.Join(first, "") {
		t.Fatalf("after the last drawing: %q", got[0])
	}
}

// TestAnswered: the terminal's answers set the protocol when they were
// awaited, and the cell size always, also when FOLIO_GRAPHICS chose the
// protocol (it is not asked again: a second round changes no protocol).
func TestAnswered(t *testing.T) {
	st := style.New(nil, false, nil)
	m := New(st, Options{Protocol: termimg.HalfBlocks, Pending: true})
	if !m.Answered(termimg.Caps{Sixel: true, CellW: 7, CellH: 14}) || m.Protocol() != termimg.Sixel || m.opt.CellW != 7 || m.opt.CellH != 14 {
		t.Fatalf("awaited: %v %d×%d", m.Protocol(), m.opt.CellW, m.opt.CellH)
	}
	if m.Answered(termimg.Caps{Kitty: true}) || m.Protocol() != termimg.Sixel || m.opt.CellW != 7 {
		t.Fatalf("a second round: %v %d×%d", m.Protocol(), m.opt.CellW, m.opt.CellH)
	}
	forced := New(st, Options{Protocol: termimg.Sixel})
	if forced.Answered(termimg.Caps{CellW: 9, CellH: 18}) || forced.Protocol() != termimg.Sixel || forced.opt.CellW != 9 || forced.opt.CellH != 18 {
		t.Fatalf("forced: %v %d×%d, want sixel 9×18", forced.Protocol(), forced.opt.CellW, forced.opt.CellH)
	}
	if forced.Answered(termimg.Caps{}) || forced.opt.CellW != 9 {
		t.Fatalf("an answer without a size: %d×%d", forced.opt.CellW, forced.opt.CellH)
	}
}
