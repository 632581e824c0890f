package annot

import "strings"

// Reanchor carries annotations from oldText over to newText, the changed
// text of the same document. A span whose text is unchanged at its place
// stays; one whose text now stands elsewhere moves to the nearest place it
// occurs; any other is kept, clamped to the new text, and flagged Stale.
// Nothing is shifted silently or dropped. It returns how many moved and how
// many went stale.
func Reanchor(oldText, newText string, anns []Annotation) (out []Annotation, moved, stale int) {
	oldIx, newIx := NewIndex(oldText), NewIndex(newText)
	n := newIx.Len()
	out = make([]Annotation, 0, len(anns))
	for _, a := range anns {
		if !a.HasSpan() {
			out = append(out, a)
			continue
		}
		if a.Stale {
			a.Start = min(a.Start, n)
			a.End = min(max(a.End, a.Start), n)
			out = append(out, a)
			continue
		}
		want := oldIx.Slice(a.Span())
		if a.Text != "" {
			want = a.Text
		}
		if a.End <= n && newIx.Slice(a.Span()) == want {
			out = append(out, a)
			continue
		}
		if at, ok := nearest(newIx, want, a.Start); ok {
			a.End = at + a.End - a.Start
			a.Start = at
			a.Text = want
			moved++
			out = append(out, a)
			continue
		}
		a.Stale = true
		a.Text = want
		a.Start = min(a.Start, n)
		a.End = min(max(a.End, a.Start), n)
		stale++
		out = append(out, a)
	}
	return out, moved, stale
}

// nearest finds the occurrence of want in the indexed text closest to the
// code point near.
func nearest(ix *Index, want string, near int) (int, bool) {
	if want == "" {
		return 0, false
	}
	text := ix.Text()
	best, found := 0, false
	for off := 0; ; {
		i := strings.Index(text[off:], want)
		if i < 0 {
			break
		}
		at := ix.Rune(off + i)
		if !found || abs(at-near) < abs(best-near) {
			best, found = at, true
		}
		off += i + 1
		for off < len(text) && text[off]&0xC0 == 0x80 {
			off++
		}
	}
	return best, found
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
