// Package xwd decodes X Window dumps (the files xwd writes): ZPixmap
// images of 24 or 32 bits a pixel with colour masks (TrueColor and
// DirectColor visuals) and of 8 bits a pixel through the dump's colour
// map. The tests that screenshot a real terminal under Xvfb read them.
package xwd

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math/bits"
)

// header is the XWDFileHeader, 25 big-endian 32-bit fields.
type header struct {
	HeaderSize, FileVersion, PixmapFormat, PixmapDepth uint32
	PixmapWidth, PixmapHeight, XOffset, ByteOrder      uint32
	BitmapUnit, BitmapBitOrder, BitmapPad, BitsPerPix  uint32
	BytesPerLine, VisualClass                          uint32
	RedMask, GreenMask, BlueMask, BitsPerRGB           uint32
	ColormapEntries, NColors                           uint32
	WindowWidth, WindowHeight, WindowX, WindowY        uint32
	WindowBorderWidth                                  uint32
}

// maxPixels bounds the images Decode accepts.
const maxPixels = 64 << 20

// Decode reads an XWD file.
func Decode(r io.Reader) (image.Image, error) {
	var h header
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		return nil, fmt.Errorf("xwd: header: %w", err)
	}
	const hdr = 100
	switch {
	case h.FileVersion != 7:
		return nil, fmt.Errorf("xwd: version %d, want 7", h.FileVersion)
	case h.HeaderSize < hdr || h.HeaderSize > hdr+4096:
		return nil, fmt.Errorf("xwd: header size %d", h.HeaderSize)
	case h.PixmapFormat != 2:
		return nil, fmt.Errorf("xwd: pixmap format %d, only ZPixmap (2) is read", h.PixmapFormat)
	case h.PixmapWidth == 0 || h.PixmapHeight == 0 || uint64(h.PixmapWidth)*uint64(h.PixmapHeight) > maxPixels:
		return nil, fmt.Errorf("xwd: size %d×%d", h.PixmapWidth, h.PixmapHeight)
	case h.BitsPerPix != 8 && h.BitsPerPix != 24 && h.BitsPerPix != 32:
		return nil, fmt.Errorf("xwd: %d bits a pixel", h.BitsPerPix)
	case uint64(h.BytesPerLine) < (uint64(h.PixmapWidth)*uint64(h.BitsPerPix)+7)/8 || h.BytesPerLine > 1<<20:
		return nil, fmt.Errorf("xwd: %d bytes a line for %d pixels", h.BytesPerLine, h.PixmapWidth)
	case h.NColors > 1<<16:
		return nil, fmt.Errorf("xwd: %d colours", h.NColors)
	}
	if _, err := io.CopyN(io.Discard, r, int64(h.HeaderSize-hdr)); err != nil {
		return nil, fmt.Errorf("xwd: window name: %w", err)
	}
	cmap := map[uint32]color.RGBA{}
	for i := uint32(0); i < h.NColors; i++ {
		var c struct {
			Pixel      uint32
			R, G, B    uint16
			Flags, Pad uint8
		}
		if err := binary.Read(r, binary.BigEndian, &c); err != nil {
			return nil, fmt.Errorf("xwd: colour map: %w", err)
		}
		cmap[c.Pixel] = color.RGBA{uint8(c.R >> 8), uint8(c.G >> 8), uint8(c.B >> 8), 255}
	}
	w, ht := int(h.PixmapWidth), int(h.PixmapHeight)
	img := image.NewRGBA(image.Rect(0, 0, w, ht))
	line := make([]byte, h.BytesPerLine)
	bpp := int(h.BitsPerPix / 8)
	masked := h.BitsPerPix > 8
	if masked && (h.RedMask == 0 || h.GreenMask == 0 || h.BlueMask == 0) {
		return nil, errors.New("xwd: no colour masks")
	}
	for y := 0; y < ht; y++ {
		if _, err := io.ReadFull(r, line); err != nil {
			return nil, fmt.Errorf("xwd: pixels of line %d: %w", y, err)
		}
		for x := 0; x < w; x++ {
			p := line[x*bpp : x*bpp+bpp]
			var v uint32
			for k := 0; k < bpp; k++ {
				if h.ByteOrder == 0 { // LSBFirst
					v |= uint32(p[k]) << (8 * k)
				} else {
					v = v<<8 | uint32(p[k])
				}
			}
			if !masked {
				img.SetRGBA(x, y, cmap[v])
				continue
			}
			img.SetRGBA(x, y, color.RGBA{channel(v, h.RedMask), channel(v, h.GreenMask), channel(v, h.BlueMask), 255})
		}
	}
	return img, nil
}

// channel extracts the bits of mask from v as an 8-bit value.
func channel(v, mask uint32) uint8 {
	shift := bits.TrailingZeros32(mask)
	n := bits.OnesCount32(mask)
	c := (v & mask) >> shift
	switch {
	case n == 8:
		return uint8(c)
	case n > 8:
		return uint8(c >> (n - 8))
	}
	return uint8(c * 255 / (1<<n - 1))
}
