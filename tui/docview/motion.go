package docview

import (
	"strings"
	"unicode/utf8"
)

// Motions over the text's own lines and paragraphs (as vim's 0, $, { and
// }), not the lines the layout wrapped it into.

// TextLineStart returns the view position where the text line holding p
// starts: after the '\n' before it.
func (v *View) TextLineStart(p int) int {
	b := v.ByteOf(p)
	return v.PosOf(strings.LastIndexByte(v.Text[:b], '\n') + 1)
}

// TextLineEnd returns the view position of the last unit of the text
// line holding p (its start when the line is empty).
func (v *View) TextLineEnd(p int) int {
	b := v.ByteOf(p)
	e := len(v.Text)
	if i := strings.IndexByte(v.Text[b:], '\n'); i >= 0 {
		e = b + i
	}
	start := v.TextLineStart(p)
	end := v.PosOf(e)
	if end <= start {
		return start
	}
	return max(v.PrevPos(end), start)
}

// blankAt reports whether byte b of the view text is the '\n' of an empty
// line.
func (v *View) blankAt(b int) bool {
	return b < len(v.Text) && v.Text[b] == '\n' && (b == 0 || v.Text[b-1] == '\n')
}

// ParaNext returns the view position of the empty line after the
// paragraph at p (after the next paragraph, from an empty line), or the
// last unit of the text when none follows.
func (v *View) ParaNext(p int) int {
	b := v.ByteOf(p)
	for v.blankAt(b) {
		b++
	}
	// a '\n' that ends a line, then the '\n' of an empty one
	if i := strings.Index(v.Text[b:], "\n\n"); i >= 0 {
		return v.PosOf(b + i + 1)
	}
	return v.PrevPos(v.n)
}

// ParaPrev returns the view position of the empty line before the
// paragraph at p (before the previous paragraph, from an empty line), or
// 0 when none precedes it.
func (v *View) ParaPrev(p int) int {
	b := v.ByteOf(p)
	if v.blankAt(b) {
		for b > 0 && v.blankAt(b-1) {
			b--
		}
	}
	if i := strings.LastIndex(v.Text[:b], "\n\n"); i >= 0 {
		return v.PosOf(i + 1)
	}
	return 0
}

// WordStartAt reports whether a word starts at view position p.
func (v *View) WordStartAt(p int) bool {
	b := v.ByteOf(p)
	if b >= len(v.Text) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(v.Text[b:]); !isWord(r) {
		return false
	}
	if b == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(v.Text[:b])
	return !isWord(r)
}

// WordEndBefore returns the view position just after the last word
// character before p: the end of the word before the white space and
// punctuation that precede p.
func (v *View) WordEndBefore(p int) int {
	b, q := v.ByteOf(p), p
	for b > 0 {
		r, n := utf8.DecodeLastRuneInString(v.Text[:b])
		if isWord(r) {
			break
		}
		b, q = b-n, q-1
	}
	return q
}
