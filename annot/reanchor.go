package annot

import "strings"

// Reanchor carries annotations from oldText over to newText, the changed
// text of the same document. A span whose text is unchanged at its place
// stays; one whose text now stands elsewhere moves to the nearest place it
// occurs, unless it would break the overlap rules there; any other is
// kept, clamped to the new text, and flagged Stale. Nothing is shifted
// silently or dropped. It returns how many moved and how many went stale.
func Reanchor(oldText, newText string, anns []Annotation) (out []Annotation, moved, stale int) {
	oldIx, newIx := NewIndex(oldText), NewIndex(newText)
	n := newIx.Len()
	out = make([]Annotation, len(anns))
	placed := NewSet(n, nil) // spans that stay, against which moves are checked
	var moves []int
	staleAt := func(i int, want string) {
		a := &out[i]
		if !a.Stale {
			a.Stale = true
			a.Text = want
			stale++
		}
		a.Start = min(a.Start, n)
		a.End = min(max(a.End, a.Start), n)
	}
	for i, a := range anns {
		out[i] = a
		if !a.HasSpan() {
			continue
		}
		if a.Stale {
			staleAt(i, a.Text)
			continue
		}
		want := oldIx.Slice(a.Span())
		if a.Text != "" {
			want = a.Text
		}
		if a.End <= n && newIx.Slice(a.Span()) == want {
			placed.insert(a)
			continue
		}
		if at, ok := nearest(newIx, want, a.Start); ok {
			out[i].End = at + a.End - a.Start
			out[i].Start = at
			out[i].Text = want
			moves = append(moves, i)
			continue
		}
		staleAt(i, want)
	}
	for _, i := range moves {
		if placed.Conflict(out[i]) != nil {
			out[i].Start, out[i].End = anns[i].Start, anns[i].End
			staleAt(i, out[i].Text)
			continue
		}
		placed.insert(out[i])
		moved++
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
		if found && at > near && abs(at-near) >= abs(best-near) {
			break // occurrences come in order: the rest are farther
		}
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
