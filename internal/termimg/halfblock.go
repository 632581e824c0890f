package termimg

import (
	"fmt"
	"image"
	"strings"

	"github.com/muesli/termenv"
)

// EncodeHalfBlocks draws img as rows of "▀": each cell shows two pixels, the
// upper in the foreground colour and the lower in the background colour.
// A row is img.Dx() cells wide; an odd last pixel row gets the
// terminal's background below it. Colours are written for profile p
// (24-bit for termenv.TrueColor, the nearest of 256 for ANSI256, of 16 for
// ANSI); with termenv.Ascii there are no colours and EncodeHalfBlocks returns
// nil. Each row ends with an attribute reset.
func EncodeHalfBlocks(img *image.RGBA, p termenv.Profile) []string {
	if p == termenv.Ascii {
		return nil
	}
	b := img.Bounds()
	var rows []string
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		var sb strings.Builder
		lastFg, lastBg := "", ""
		for x := b.Min.X; x < b.Max.X; x++ {
			fg := seq(p, img, x, y, false)
			bg := "49"
			if y+1 < b.Max.Y {
				bg = seq(p, img, x, y+1, true)
			}
			if fg != lastFg || bg != lastBg {
				sb.WriteString("\x1b[" + fg + ";" + bg + "m")
				lastFg, lastBg = fg, bg
			}
			sb.WriteString("▀")
		}
		sb.WriteString("\x1b[0m")
		rows = append(rows, sb.String())
	}
	return rows
}

// seq is the SGR parameters of pixel (x, y) as a foreground or
// background colour in profile p.
func seq(p termenv.Profile, img *image.RGBA, x, y int, bg bool) string {
	i := img.PixOffset(x, y)
	r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]
	if p == termenv.TrueColor {
		if bg {
			return fmt.Sprintf("48;2;%d;%d;%d", r, g, b)
		}
		return fmt.Sprintf("38;2;%d;%d;%d", r, g, b)
	}
	return p.Color(fmt.Sprintf("#%02x%02x%02x", r, g, b)).Sequence(bg)
}
