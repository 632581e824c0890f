package xwd

import (
	"bytes"
	"encoding/binary"
	"image/color"
	"strings"
	"testing"
)

// encode writes a w×h XWD file of bpp bits a pixel in byte order
// order (0 LSBFirst, 1 MSBFirst) whose pixel (x, y) is pix(x, y), with
// colour map cmap (for 8 bits) or masks for 0xRRGGBB.
func encode(w, h, bpp int, order uint32, pix func(x, y int) uint32, cmap map[uint32]color.RGBA) []byte {
	var b bytes.Buffer
	name := "test\x00"
	bpl := (w*bpp/8 + 3) / 4 * 4
	h0 := header{HeaderSize: uint32(100 + len(name)), FileVersion: 7, PixmapFormat: 2, PixmapDepth: 24,
		PixmapWidth: uint32(w), PixmapHeight: uint32(h), ByteOrder: order, BitmapUnit: 32, BitmapPad: 32,
		BitsPerPix: uint32(bpp), BytesPerLine: uint32(bpl), VisualClass: 4,
		RedMask: 0xff0000, GreenMask: 0xff00, BlueMask: 0xff, BitsPerRGB: 8, NColors: uint32(len(cmap))}
	if bpp == 8 {
		h0.VisualClass, h0.RedMask, h0.GreenMask, h0.BlueMask = 3, 0, 0, 0
	}
	binary.Write(&b, binary.BigEndian, h0)
	b.WriteString(name)
	for p, c := range cmap {
		binary.Write(&b, binary.BigEndian, struct {
			Pixel      uint32
			R, G, B    uint16
			Flags, Pad uint8
		}{p, uint16(c.R) * 257, uint16(c.G) * 257, uint16(c.B) * 257, 7, 0})
	}
	for y := 0; y < h; y++ {
		line := make([]byte, bpl)
		for x := 0; x < w; x++ {
			v := pix(x, y)
			for k := 0; k < bpp/8; k++ {
				if order == 0 {
					line[x*bpp/8+k] = byte(v >> (8 * k))
				} else {
					line[x*bpp/8+k] = byte(v >> (8 * (bpp/8 - 1 - k)))
				}
			}
		}
		b.Write(line)
	}
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	rgb := func(x, y int) uint32 { return uint32(x*40)<<16 | uint32(y*60)<<8 | uint32(x+y) }
	want := func(x, y int) color.RGBA { return color.RGBA{uint8(x * 40), uint8(y * 60), uint8(x + y), 255} }
	for _, tc := range []struct {
		name  string
		bpp   int
		order uint32
	}{{"32 bits LSB first (Xvfb)", 32, 0}, {"32 bits MSB first", 32, 1}, {"24 bits MSB first", 24, 1}} {
		img, err := Decode(bytes.NewReader(encode(5, 3, tc.bpp, tc.order, rgb, nil)))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for y := 0; y < 3; y++ {
			for x := 0; x < 5; x++ {
				if got := color.RGBAModel.Convert(img.At(x, y)); got != want(x, y) {
					t.Fatalf("%s: (%d,%d) is %v, want %v", tc.name, x, y, got, want(x, y))
				}
			}
		}
	}
	cmap := map[uint32]color.RGBA{0: {0, 0, 0, 255}, 1: {250, 10, 20, 255}}
	img, err := Decode(bytes.NewReader(encode(3, 2, 8, 0, func(x, y int) uint32 { return uint32(x % 2) }, cmap)))
	if err != nil {
		t.Fatal(err)
	}
	if got := color.RGBAModel.Convert(img.At(1, 1)); got != cmap[1] {
		t.Errorf("8 bits: %v", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encode(4, 4, 32, 0, func(x, y int) uint32 { return 0 }, nil)
	for _, tc := range []struct {
		name, want string
		edit       func([]byte) []byte
	}{
		{"empty", "header", func([]byte) []byte { return nil }},
		{"version", "version", func(b []byte) []byte { b[7] = 6; return b }},
		{"huge", "size", func(b []byte) []byte { b[16], b[20] = 0x7f, 0x7f; return b }},
		{"short", "pixels", func(b []byte) []byte { return b[:len(b)-3] }},
		{"bits", "bits a pixel", func(b []byte) []byte { b[47] = 12; return b }},
	} {
		b := tc.edit(append([]byte(nil), good...))
		if _, err := Decode(bytes.NewReader(b)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %q", tc.name, err, tc.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(3, 2, 32, 0, func(x, y int) uint32 { return uint32(x * y) }, nil))
	f.Add(encode(2, 2, 8, 1, func(x, y int) uint32 { return 1 }, map[uint32]color.RGBA{1: {1, 2, 3, 255}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := Decode(bytes.NewReader(b))
		if err == nil && img.Bounds().Empty() {
			t.Fatal("an empty image without an error")
		}
	})
}
