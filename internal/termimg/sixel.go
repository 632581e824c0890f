package termimg

import (
	"bytes"
	"image"
	"image/color"
	"strconv"
)

// sixelPalette has 216 colours (six levels of each primary) and 40
// greys: scans are mostly grey, with the tint of a highlighted word.
func sixelPalette() color.Palette {
	p := make(color.Palette, 0, 256)
	for r := 0; r < 6; r++ {
		for g := 0; g < 6; g++ {
			for b := 0; b < 6; b++ {
				p = append(p, color.RGBA{uint8(r * 51), uint8(g * 51), uint8(b * 51), 255})
			}
		}
	}
	for i := 0; i < 40; i++ {
		v := uint8(6 + i*249/40)
		p = append(p, color.RGBA{v, v, v, 255})
	}
	return p
}

// grey is the value of grey i of the sixel palette (index 216+i).
func grey(i int) int { return 6 + i*249/40 }

// nearest is the index of the sixel palette's colour nearest to (r, g,
// b) in squared RGB distance: the palette's layout makes it a few
// comparisons, not a search of 256 colours.
func nearest(r, g, b int) int {
	q := func(v int) int { return min(max((v+25)/51, 0), 5) }
	ri, gi, bi := q(r), q(g), q(b)
	best := ri*36 + gi*6 + bi
	d := sq(r-ri*51) + sq(g-gi*51) + sq(b-bi*51)
	y := (r + g + b) / 3
	i0 := min(max((y-6)*40/249, 0), 39)
	for i := max(i0-1, 0); i <= min(i0+1, 39); i++ {
		v := grey(i)
		if dg := sq(r-v) + sq(g-v) + sq(b-v); dg < d {
			best, d = 216+i, dg
		}
	}
	return best
}

func sq(v int) int { return v * v }

// Quantize maps img to the sixel palette with Floyd–Steinberg dithering.
func Quantize(img *image.RGBA) *image.Paletted {
	pal := sixelPalette()
	b := img.Bounds()
	pm := image.NewPaletted(b, pal)
	w := b.Dx()
	// the error carried to this row and the next, per channel, with a
	// column of margin on each side
	cur := make([][3]int, w+2)
	next := make([][3]int, w+2)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := 0; x < w; x++ {
			i := img.PixOffset(b.Min.X+x, y)
			var c [3]int
			for k := 0; k < 3; k++ {
				c[k] = min(max(int(img.Pix[i+k])+cur[x+1][k]/16, 0), 255)
			}
			idx := nearest(c[0], c[1], c[2])
			pm.Pix[(y-b.Min.Y)*pm.Stride+x] = uint8(idx)
			pr, pg, pb, _ := pal[idx].RGBA()
			e := [3]int{c[0] - int(pr>>8), c[1] - int(pg>>8), c[2] - int(pb>>8)}
			for k := 0; k < 3; k++ {
				cur[x+2][k] += e[k] * 7
				next[x][k] += e[k] * 3
				next[x+1][k] += e[k] * 5
				next[x+2][k] += e[k]
			}
		}
		cur, next = next, cur
		clear(next)
	}
	return pm
}

// EncodeSixel encodes img as a sixel image (DCS q … ST) of its own size,
// with square pixels and a transparent background below its last row.
// Colours are those of img's palette, at most 256.
func EncodeSixel(img *image.Paletted) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out bytes.Buffer
	out.WriteString("\x1bP0;1;0q")
	out.WriteString("\"1;1;" + strconv.Itoa(w) + ";" + strconv.Itoa(h))
	n := min(len(img.Palette), 256)
	used := make([]bool, n)
	for _, c := range img.Pix {
		if int(c) < n {
			used[c] = true
		}
	}
	for i := 0; i < n; i++ {
		if !used[i] {
			continue
		}
		r, g, bl, _ := img.Palette[i].RGBA()
		out.WriteString("#" + strconv.Itoa(i) + ";2;" + strconv.Itoa(pct(r)) + ";" + strconv.Itoa(pct(g)) + ";" + strconv.Itoa(pct(bl)))
	}
	row := make([]byte, w)
	for y0 := 0; y0 < h; y0 += 6 {
		// the colours of this band
		var inBand [256]bool
		var order []int
		for y := y0; y < min(y0+6, h); y++ {
			for x := 0; x < w; x++ {
				c := int(img.Pix[y*img.Stride+x])
				if c < n && !inBand[c] {
					inBand[c] = true
					order = append(order, c)
				}
			}
		}
		for k, c := range order {
			for x := 0; x < w; x++ {
				var bits byte
				for dy := 0; dy < 6 && y0+dy < h; dy++ {
					if int(img.Pix[(y0+dy)*img.Stride+x]) == c {
						bits |= 1 << dy
					}
				}
				row[x] = '?' + bits
			}
			if k > 0 {
				out.WriteByte('$')
			}
			out.WriteString("#" + strconv.Itoa(c))
			writeRLE(&out, row)
		}
		if y0+6 < h {
			out.WriteByte('-')
		}
	}
	out.WriteString("\x1b\\")
	return out.Bytes()
}

// pct turns a 16-bit colour channel into sixel's 0–100.
func pct(v uint32) int { return int((v*100 + 0x7fff) / 0xffff) }

// writeRLE writes sixel characters with runs of four or more as !n.
func writeRLE(out *bytes.Buffer, row []byte) {
	// trailing blanks need not be drawn
	end := len(row)
	for end > 0 && row[end-1] == '?' {
		end--
	}
	for i := 0; i < end; {
		j := i
		for j < end && row[j] == row[i] {
			j++
		}
		if n := j - i; n >= 4 {
			out.WriteString("!" + strconv.Itoa(n))
			out.WriteByte(row[i])
		} else {
			out.Write(row[i:j])
		}
		i = j
	}
}
