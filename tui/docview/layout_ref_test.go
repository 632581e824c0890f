package docview

import (
	"slices"
	"strings"
	"testing"

	"folio/suggest"
)

// layoutRef is layout as it was before its runs of ASCII: one unit at a
// time. The fuzz test holds layout to it.
func (v *View) layoutRef() {
	W := v.Width
	t := v.Text
	v.Lines = make([]Line, 1, len(t)/max(W*3/4, 8)+16)
	col, vp, di := 0, 0, 0
	lineB := 0
	nextDeco := int(^uint(0) >> 1)
	if len(v.Decos) > 0 {
		nextDeco = int(v.Decos[0].V)
	}
	type brk struct{ v, b, d, col int }
	last := brk{v: -1}
	newLine := func(p, b, d int) {
		v.Lines = append(v.Lines, Line{V: int32(p), B: int32(b), D: int32(d)})
		last = brk{v: -1}
		lineB = b
	}
	for i := 0; i < len(t); {
		if vp >= nextDeco {
			for di < len(v.Decos) && int(v.Decos[di].V) <= vp {
				dw := Width(v.Decos[di].Text)
				if col > 0 && col+dw > W {
					newLine(vp, i, di)
					col = 0
				}
				col += dw
				di++
			}
			nextDeco = int(^uint(0) >> 1)
			if di < len(v.Decos) {
				nextDeco = int(v.Decos[di].V)
			}
		}
		c := t[i]
		if c == '\n' {
			i++
			vp++
			newLine(vp, i, di)
			col = 0
			continue
		}
		// one unit: printable ASCII inline, the rest through nextUnit
		var un, ur, uw int
		if c >= 0x20 && c < 0x7f && (i+1 == len(t) || t[i+1] < 0x80) {
			un, ur, uw = 1, 1, 1
		} else {
			u := nextUnit(t, i)
			un, ur, uw = u.n, u.runes, u.w
		}
		if col > 0 && col+uw > W || i-lineB >= maxLineBytes {
			switch {
			case c == ' ' && col > 0:
				// a space at the edge hangs past it and ends the line
				i += un
				vp += ur
				newLine(vp, i, di)
				col = 0
				continue
			case last.v > int(v.Lines[len(v.Lines)-1].V) && i-last.b < maxLineBytes:
				col -= last.col
				newLine(last.v, last.b, last.d)
			default:
				newLine(vp, i, di)
				col = 0
			}
			if col > 0 && col+uw > W {
				newLine(vp, i, di)
				col = 0
			}
		}
		col += uw
		i += un
		vp += ur
		if c == ' ' {
			last = brk{v: vp, b: i, d: di, col: col}
		}
	}
}

// FuzzLayoutAsReference: layout, which takes runs of ASCII at once, wraps
// every text at every width into the same lines as layoutRef, with the
// proposed fixes of suggestions drawn between the characters.
func FuzzLayoutAsReference(f *testing.F) {
	for _, s := range []string{
		"Ein kurzer Satz über Köln und die Welt.",
		"averyveryverylongwordwithoutanyspaceatall and more",
		"Cafe\u0301 na\u00efve e\u0301x \u00e9\u0308 Kdln",
		"tab\there\n\nzwei Absätze\n",
		"👍🏽 Daumen 漢字 CJK „Zitat“ — Strich",
		strings.Repeat("x", 4200) + " " + strings.Repeat("ab ", 50),
	} {
		f.Add(s, uint8(13), uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, width, every uint8) {
		if len(text) > 5000 {
			text = text[:5000] // past maxLineBytes; longer inputs only slow the search
		}
		w := int(width%90) + 1
		// a suggestion with a proposed fix every few code points
		var suggs []suggest.Suggestion
		if every > 0 {
			n := 0
			for range text {
				n++
			}
			for p := 0; p+1 < n && len(suggs) < 200; p += int(every) + 1 {
				suggs = append(suggs, suggest.Suggestion{Start: p, End: p + 1, Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Zö"}}})
			}
		}
		for _, m := range []Mode{Original, Diff} {
			v := Build(Request{ID: "d", Text: text, Suggs: suggs, Mode: m, Width: w})
			got := slices.Clone(v.Lines)
			v.layoutRef()
			if !slices.Equal(got, v.Lines) {
				t.Fatalf("width %d, %s: layout\n%v\nlayoutRef\n%v", w, m, got, v.Lines)
			}
		}
	})
}
