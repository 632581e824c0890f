package termimg

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"golang.org/x/image/tiff"
)

// synthetic is a 3×3 image: red, green, blue over white, grey, black,
// over a row of yellow.
func synthetic() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 3, 3))
	cs := []color.RGBA{
		{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255},
		{255, 255, 255, 255}, {128, 128, 128, 255}, {0, 0, 0, 255},
		{255, 255, 0, 255}, {255, 255, 0, 255}, {255, 255, 0, 255},
	}
	for i, c := range cs {
		img.SetRGBA(i%3, i/3, c)
	}
	return img
}

func TestHalfBlocksGolden(t *testing.T) {
	got := EncodeHalfBlocks(synthetic(), termenv.TrueColor)
	want := []string{
		"\x1b[38;2;255;0;0;48;2;255;255;255m▀\x1b[38;2;0;255;0;48;2;128;128;128m▀\x1b[38;2;0;0;255;48;2;0;0;0m▀\x1b[0m",
		// an odd last row: the terminal's background below; one colour change for three cells
		"\x1b[38;2;255;255;0;49m▀▀▀\x1b[0m",
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %q\nwant %q", i, got[i], want[i])
		}
		if w := ansi.StringWidth(got[i]); w != 3 {
			t.Errorf("row %d is %d cells wide, want 3", i, w)
		}
	}
	// 256 colours: the nearest of the palette, still three cells
	for _, row := range EncodeHalfBlocks(synthetic(), termenv.ANSI256) {
		if strings.Contains(row, "38;2;") || !strings.Contains(row, "38;5;") || ansi.StringWidth(row) != 3 {
			t.Errorf("256-colour row %q", row)
		}
	}
	if rows := EncodeHalfBlocks(synthetic(), termenv.Ascii); rows != nil {
		t.Errorf("no colours gave %q", rows)
	}
}

// decodeSixel is a small sixel decoder for the tests: it returns the
// colour index of every pixel (-1 where nothing was drawn) and the
// palette the image defined.
func decodeSixel(t *testing.T, b []byte, w, h int) ([][]int, map[int][3]int) {
	t.Helper()
	s := string(b)
	if !strings.HasPrefix(s, "\x1bP") || !strings.HasSuffix(s, "\x1b\\") {
		t.Fatalf("not a DCS string: %q", s[:min(len(s), 20)])
	}
	q := strings.IndexByte(s, 'q')
	s = s[q+1 : len(s)-2]
	px := make([][]int, h)
	for y := range px {
		px[y] = make([]int, w)
		for x := range px[y] {
			px[y][x] = -1
		}
	}
	pal := map[int][3]int{}
	num := func(i int) (int, int) {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(s[i:j])
		return n, j
	}
	x, y0, cur := 0, 0, 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '"':
			i++
			for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ';') {
				i++
			}
		case c == '#':
			n, j := num(i + 1)
			cur, i = n, j
			if i < len(s) && s[i] == ';' {
				var v [4]int
				for k := 0; k < 4; k++ {
					v[k], i = num(i + 1)
				}
				if v[0] != 2 {
					t.Fatalf("colour %d not in RGB", n)
				}
				pal[n] = [3]int{v[1], v[2], v[3]}
			}
		case c == '$':
			x, i = 0, i+1
		case c == '-':
			x, y0, i = 0, y0+6, i+1
		case c == '!':
			n, j := num(i + 1)
			for k := 0; k < n; k++ {
				setSixel(px, x+k, y0, s[j]-'?', cur)
			}
			x, i = x+n, j+1
		case c >= '?' && c <= '~':
			setSixel(px, x, y0, c-'?', cur)
			x, i = x+1, i+1
		default:
			t.Fatalf("unexpected byte %q at %d", c, i)
		}
	}
	return px, pal
}

func setSixel(px [][]int, x, y0 int, bits byte, c int) {
	for dy := 0; dy < 6; dy++ {
		if bits&(1<<dy) != 0 && y0+dy < len(px) && x < len(px[0]) {
			px[y0+dy][x] = c
		}
	}
}

func TestSixelRoundTrip(t *testing.T) {
	// a gradient with a dark bar, 37×13: bands of 6, a ragged last band
	src := image.NewRGBA(image.Rect(0, 0, 37, 13))
	for y := 0; y < 13; y++ {
		for x := 0; x < 37; x++ {
			v := uint8(x * 255 / 36)
			if x >= 10 && x < 14 {
				v = 0
			}
			src.SetRGBA(x, y, color.RGBA{v, v, uint8(y * 19), 255})
		}
	}
	pm := Quantize(src)
	px, pal := decodeSixel(t, EncodeSixel(pm), 37, 13)
	for y := 0; y < 13; y++ {
		for x := 0; x < 37; x++ {
			want := int(pm.ColorIndexAt(x, y))
			if px[y][x] != want {
				t.Fatalf("pixel (%d,%d) has colour %d, want %d", x, y, px[y][x], want)
			}
			r, g, b, _ := pm.Palette[want].RGBA()
			if got := pal[want]; got != [3]int{pct(r), pct(g), pct(b)} {
				t.Fatalf("colour %d defined as %v", want, got)
			}
		}
	}
}

func TestSixelKnown(t *testing.T) {
	// 5×2: four black pixels then one white on top, all black below
	pm := image.NewPaletted(image.Rect(0, 0, 5, 2), color.Palette{color.Black, color.White})
	pm.Pix[4] = 1
	// colour 0 sets both rows of columns 0–3 (B) and the lower of 4 (A);
	// colour 1 only the upper of column 4 (@)
	want := "\x1bP0;1;0q\"1;1;5;2#0;2;0;0;0#1;2;100;100;100#0!4BA$#1!4?@\x1b\\"
	if got := string(EncodeSixel(pm)); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestPlaceWidth(t *testing.T) {
	for _, p := range []Protocol{Sixel, Kitty, ITerm2} {
		tg := Target{Protocol: p, Cols: 7, Rows: 2, CellW: 4, CellH: 9, Profile: termenv.TrueColor}
		w, h := tg.PixelSize()
		if w != 28 || h != 18 {
			t.Fatalf("%v: pixel size %d×%d", p, w, h)
		}
		rows := Draw(image.NewRGBA(image.Rect(0, 0, w, h)), tg)
		if len(rows) != 2 {
			t.Fatalf("%v: %d rows", p, len(rows))
		}
		for _, r := range rows {
			if n := ansi.StringWidth(r); n != 7 {
				t.Errorf("%v: a row is %d cells wide, want 7", p, n)
			}
			if !strings.HasPrefix(r, "       \x1b[7D\x1b7") || !strings.HasSuffix(r, "\x1b8\x1b[7C") {
				t.Errorf("%v: row not placed: %q…", p, r[:min(len(r), 30)])
			}
			// a truncation to the row's width keeps the whole sequence
			if got := ansi.Truncate(r, 7, ""); got != r {
				t.Errorf("%v: truncating to its width changed the row", p)
			}
		}
	}
	tg := Target{Protocol: HalfBlocks, Cols: 3, Rows: 2, Profile: termenv.TrueColor}
	if w, h := tg.PixelSize(); w != 3 || h != 4 {
		t.Errorf("half-blocks pixel size %d×%d", w, h)
	}
}

func TestSixelStripFitsCell(t *testing.T) {
	// a 13-pixel cell: each row draws a strip of 13 pixel rows, the last
	// sixel band ragged (rows it does not set stay transparent, so nothing
	// reaches into the next row)
	img := image.NewRGBA(image.Rect(0, 0, 8, 26))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	rows := Draw(img, Target{Protocol: Sixel, Cols: 2, Rows: 2, CellW: 4, CellH: 13})
	for _, r := range rows {
		if !strings.Contains(r, "\"1;1;8;13") {
			t.Errorf("strip not 8×13: %q", r)
		}
		seq := r[strings.Index(r, "\x1bP") : strings.Index(r, "\x1b\\")+2]
		px, _ := decodeSixel(t, []byte(seq), 8, 18)
		for y := 0; y < 18; y++ {
			if drawn := px[y][0] >= 0; drawn != (y < 13) {
				t.Errorf("pixel row %d drawn: %v", y, drawn)
			}
		}
	}
}

func TestKittyImage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30)) // 4800 bytes: two chunks
	img.Pix[0] = 7
	s := KittyImage(img, 5, 1, 12)
	re := regexp.MustCompile(`\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\`)
	var data string
	var cmds []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		cmds = append(cmds, m[1])
		data += m[2]
	}
	if len(cmds) != 3 || cmds[0] != "a=d,d=I,i=12,q=2" || !strings.HasPrefix(cmds[1], "a=T,f=32,s=40,v=30,c=5,r=1,C=1,q=2,i=12,m=1") || cmds[2] != "m=0" {
		t.Fatalf("commands %q", cmds)
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil || !bytes.Equal(raw, img.Pix) {
		t.Fatalf("payload does not decode to the pixels (%v)", err)
	}
}

func TestITerm2Image(t *testing.T) {
	s := ITerm2Image(synthetic(), 4, 1)
	m := regexp.MustCompile(`^\x1b\]1337;File=inline=1;size=(\d+);width=4;height=1;preserveAspectRatio=0:([A-Za-z0-9+/=]+)\a$`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("not an inline image: %q", s[:min(len(s), 60)])
	}
	raw, _ := base64.StdEncoding.DecodeString(m[2])
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || strconv.Itoa(len(raw)) != m[1] {
		t.Fatalf("png %v, size %s of %d", err, m[1], len(raw))
	}
	if c := color.RGBAModel.Convert(img.At(1, 0)).(color.RGBA); c != (color.RGBA{0, 255, 0, 255}) {
		t.Errorf("pixel (1,0) is %v", c)
	}
}

func TestParseReplies(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want Caps
		done bool
	}{
		{"xterm vt340", "\x1b[6;13;6t\x1b[?63;1;2;4;6;9;15;16;22;28c", Caps{Sixel: true, CellW: 6, CellH: 13}, true},
		{"xterm", "\x1bP>|XTerm(379)\x1b\\\x1b[?65;1;2;6;9;15;16;17;18;21;22c", Caps{Name: "XTerm(379)"}, true},
		{"kitty", "\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.35)\x1b\\\x1b[6;20;10t\x1b[?62;c", Caps{Kitty: true, Name: "kitty(0.35)", CellW: 10, CellH: 20}, true},
		{"kitty refusing", "\x1b_Gi=31;ENOTSUPPORTED:x\x1b\\\x1b[?62;c", Caps{}, true},
		{"iterm2", "\x1bP>|iTerm2 3.5.0\x1b\\\x1b[?62;4c", Caps{ITerm2: true, Sixel: true, Name: "iTerm2 3.5.0"}, true},
		{"tmux 3.3", "\x1b[?1;2c", Caps{}, true},
		{"only part", "\x1b[6;13;6t\x1b[?63;1", Caps{CellW: 6, CellH: 13}, false},
		{"nothing", "", Caps{}, false},
		{"absurd cell", "\x1b[6;99999;6t\x1b[?1c", Caps{}, true},
	} {
		got, done := ParseReplies([]byte(tc.in))
		if got != tc.want || done != tc.done {
			t.Errorf("%s: got %+v %v, want %+v %v", tc.name, got, done, tc.want, tc.done)
		}
	}
	if (Caps{Sixel: true, Kitty: true}).Best() != Kitty || (Caps{Sixel: true}).Best() != Sixel || (Caps{}).Best() != HalfBlocks || (Caps{ITerm2: true, Sixel: true}).Best() != ITerm2 {
		t.Error("Best picks the wrong protocol")
	}
}

func FuzzParseReplies(f *testing.F) {
	f.Add([]byte("\x1b_Gi=31;OK\x1b\\\x1bP>|kitty\x1b\\\x1b[6;20;10t\x1b[?62;4c"))
	f.Add([]byte("\x1b[\x1b_\x1bP"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, _ := ParseReplies(b)
		if c.CellW < 0 || c.CellW >= 1000 || c.CellH < 0 || c.CellH >= 1000 {
			t.Fatalf("cell %d×%d", c.CellW, c.CellH)
		}
	})
}

func TestChoose(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	asked := 0
	ask := func() (Caps, error) { asked++; return Caps{Sixel: true, CellW: 9, CellH: 18}, nil }
	if p, _ := Choose(env(), true, ask); p != Sixel || asked != 1 {
		t.Errorf("asked terminal: %v (%d asks)", p, asked)
	}
	if p, _ := Choose(env("FOLIO_GRAPHICS", "halfblocks"), true, ask); p != HalfBlocks || asked != 1 {
		t.Errorf("FOLIO_GRAPHICS=halfblocks: %v (%d asks)", p, asked)
	}
	if p, c := Choose(env("FOLIO_GRAPHICS", "kitty"), true, ask); p != Kitty || c.CellH != 18 {
		t.Errorf("FOLIO_GRAPHICS=kitty: %v %+v", p, c)
	}
	if p, _ := Choose(env(), false, ask); p != None {
		t.Errorf("no colours: %v", p)
	}
	if p, _ := Choose(env(), true, nil); p != HalfBlocks {
		t.Errorf("no terminal: %v", p)
	}
	if p, _ := Choose(env(), true, func() (Caps, error) { return Caps{}, errors.New("timeout") }); p != HalfBlocks {
		t.Errorf("no answer: %v", p)
	}
}

func TestScaleAndTint(t *testing.T) {
	// left half black, right half white, scaled 8:1
	src := image.NewGray(image.Rect(0, 0, 64, 16))
	for y := 0; y < 16; y++ {
		for x := 32; x < 64; x++ {
			src.Pix[y*src.Stride+x] = 255
		}
	}
	dst := Scale(src, image.Rect(0, 0, 64, 16), 8, 2)
	if dst.Bounds().Dx() != 8 || dst.Bounds().Dy() != 2 {
		t.Fatalf("size %v", dst.Bounds())
	}
	for x := 0; x < 8; x++ {
		v := dst.RGBAAt(x, 0).R
		if x < 3 && v > 30 || x > 4 && v < 225 {
			t.Errorf("column %d is %d", x, v)
		}
	}
	// a rectangle reaching off the image: white there
	off := Scale(src, image.Rect(48, 0, 80, 16), 4, 2)
	if off.RGBAAt(3, 0) != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("off the page: %v", off.RGBAAt(3, 0))
	}
	Tint(dst, image.Rect(6, 0, 8, 1), color.RGBA{255, 200, 0, 255})
	if c := dst.RGBAAt(7, 0); c.R < 225 || c.G < 170 || c.G > 200 || c.B != 0 {
		t.Errorf("tinted white is %v", c)
	}
	if c := dst.RGBAAt(0, 0); c.R > 30 {
		t.Errorf("tint reached (0,0): %v", c)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	img := synthetic()
	write := func(name string, enc func(*os.File) error) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := enc(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	for _, p := range []string{
		write("a.png", func(f *os.File) error { return png.Encode(f, img) }),
		write("b.jpg", func(f *os.File) error { return jpeg.Encode(f, img, &jpeg.Options{Quality: 100}) }),
		write("c.tif", func(f *os.File) error { return tiff.Encode(f, img, nil) }),
		write("d.image", func(f *os.File) error { return png.Encode(f, img) }), // by content, not by name
	} {
		got, err := Load(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Errorf("%s: bounds %v", p, got.Bounds())
		}
		if r, _, _, _ := got.At(0, 0).RGBA(); r>>8 < 200 && !strings.HasSuffix(p, ".jpg") {
			t.Errorf("%s: (0,0) is not red", p)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.png")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	txt := write("e.png", func(f *os.File) error { _, err := f.WriteString("not an image"); return err })
	if _, err := Load(txt); err == nil || !strings.Contains(err.Error(), "not a JPEG, PNG or TIFF") {
		t.Errorf("text file: %v", err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("a folder loaded")
	}
}

func TestCache(t *testing.T) {
	var loads atomic.Int32
	c := NewCache(2, func(p string) (image.Image, error) {
		loads.Add(1)
		if p == "bad" {
			return nil, errors.New("bad page")
		}
		return synthetic(), nil
	})
	for _, p := range []string{"a", "a", "b", "a", "c", "a", "b"} {
		if _, err := c.Page(p); err != nil {
			t.Fatal(err)
		}
	}
	// a, b, (a), c evicts b, (a), b again evicts c
	if n := loads.Load(); n != 4 || c.Len() != 2 {
		t.Errorf("%d loads, %d held; want 4, 2", n, c.Len())
	}
	for range 2 {
		if _, err := c.Page("bad"); err == nil {
			t.Error("bad page loaded")
		}
	}
	if n := loads.Load(); n != 5 {
		t.Errorf("a failure was not kept: %d loads", n)
	}
}

func TestQueries(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, tc := range []struct {
		env  map[string]string
		safe bool
	}{
		{map[string]string{"TERM": "xterm-256color"}, true},
		{map[string]string{"TERM": "xterm-kitty"}, true},
		{map[string]string{"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"}, false},
		{map[string]string{"TERM": "xterm-256color", "TMUX": "/tmp/tmux-0/default,1,0"}, false}, // what the tmux tests set
		{map[string]string{"TERM": "screen.xterm-256color"}, false},
		{map[string]string{"TERM": "xterm", "STY": "123.pts-0"}, false},
		{map[string]string{"TERM": "linux"}, false},
	} {
		if got := KittyQuerySafe(env(tc.env)); got != tc.safe {
			t.Errorf("%v: kitty query safe %v, want %v", tc.env, got, tc.safe)
		}
	}
	if q := Queries(false); strings.Contains(q, "\x1b_") || !strings.HasSuffix(q, "\x1b[c") {
		t.Errorf("without kitty: %q", q)
	}
	if q := Queries(true); !strings.HasPrefix(q, "\x1b_G") || !strings.HasSuffix(q, "\x1b[c") {
		t.Errorf("with kitty: %q", q)
	}
}

// TestCacheBudget: pages past the pixel budget are dropped, oldest
// first, but the last one is always kept.
func TestCacheBudget(t *testing.T) {
	c := NewCache(10, func(p string) (image.Image, error) {
		n := map[string]int{"small": 10, "big": 30, "huge": 100}[p]
		return image.NewGray(image.Rect(0, 0, n, 1)), nil
	})
	c.budget = 50
	for _, p := range []string{"small", "big", "small"} {
		c.Page(p)
	}
	if c.Len() != 2 || c.pixels != 40 {
		t.Errorf("%d pages, %d pixels; want 2, 40", c.Len(), c.pixels)
	}
	c.Page("huge") // over the budget alone: kept, the rest dropped
	if c.Len() != 1 || c.pixels != 100 {
		t.Errorf("%d pages, %d pixels; want 1, 100", c.Len(), c.pixels)
	}
	c.Page("small")
	if c.Len() != 1 || c.pixels != 10 {
		t.Errorf("%d pages, %d pixels; want 1, 10", c.Len(), c.pixels)
	}
}

// TestNearest: the arithmetic nearest colour is the palette's own
// nearest, over a grid of the colour cube.
func TestNearest(t *testing.T) {
	pal := sixelPalette()
	dist := func(i, r, g, b int) int {
		pr, pg, pb, _ := pal[i].RGBA()
		return sq(r-int(pr>>8)) + sq(g-int(pg>>8)) + sq(b-int(pb>>8))
	}
	for r := 0; r < 256; r += 3 {
		for g := 0; g < 256; g += 5 {
			for b := 0; b < 256; b += 7 {
				got, want := nearest(r, g, b), pal.Index(color.RGBA{uint8(r), uint8(g), uint8(b), 255})
				if got != want && dist(got, r, g, b) != dist(want, r, g, b) {
					t.Fatalf("nearest(%d,%d,%d) = %d (%v), want %d (%v)", r, g, b, got, pal[got], want, pal[want])
				}
			}
		}
	}
}

// TestQuantize: a palette colour stays itself, and dithering keeps a
// grey ramp's mean.
func TestQuantize(t *testing.T) {
	flat := image.NewRGBA(image.Rect(0, 0, 9, 7))
	for i := 0; i < len(flat.Pix); i += 4 {
		copy(flat.Pix[i:], []byte{255, 204, 102, 255})
	}
	for _, c := range Quantize(flat).Pix {
		if sixelPalette()[c] != (color.RGBA{255, 204, 102, 255}) {
			t.Fatalf("a palette colour became %v", sixelPalette()[c])
		}
	}
	ramp := image.NewRGBA(image.Rect(0, 0, 256, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 256; x++ {
			copy(ramp.Pix[ramp.PixOffset(x, y):], []byte{uint8(x), uint8(x), uint8(x), 255})
		}
	}
	pm := Quantize(ramp)
	for x0 := 0; x0 < 256; x0 += 32 {
		sum, want := 0, 0
		for y := 0; y < 16; y++ {
			for x := x0; x < x0+32; x++ {
				r, _, _, _ := pm.Palette[pm.ColorIndexAt(x, y)].RGBA()
				sum += int(r >> 8)
				want += x
			}
		}
		if d := (sum - want) / (16 * 32); d < -3 || d > 3 {
			t.Errorf("columns %d–%d: mean off by %d", x0, x0+31, d)
		}
	}
}
