package suggest

import (
	"cmp"
	"iter"
	"slices"
	"sort"

	"folio/annot"
)

// spansByStart holds items with spans (annotations, or spans themselves)
// sorted by start, each with the furthest end among it and those before
// it, so that the items that may meet a span are found by a binary search
// and a short walk back, not a walk of all: a long document has thousands.
type spansByStart[T any] struct {
	items []T
	reach []int // reach[i]: the largest end of items[:i+1]
	span  func(T) annot.Span
}

// newSpansByStart sorts items by the start of their spans (in place) and
// indexes them.
func newSpansByStart[T any](items []T, span func(T) annot.Span) spansByStart[T] {
	slices.SortFunc(items, func(a, b T) int { return cmp.Compare(span(a).Start, span(b).Start) })
	reach := make([]int, len(items))
	for i, it := range items {
		reach[i] = span(it).End
		if i > 0 {
			reach[i] = max(reach[i], reach[i-1])
		}
	}
	return spansByStart[T]{items: items, reach: reach, span: span}
}

// near yields, the latest start first, the items that start before sp's
// end and may reach its start: every item that overlaps sp, or lies empty
// inside it, is among them (callers test each for what they need).
func (x spansByStart[T]) near(sp annot.Span) iter.Seq[T] {
	return func(yield func(T) bool) {
		k := sort.Search(len(x.items), func(i int) bool { return x.span(x.items[i]).Start >= sp.End })
		for i := k - 1; i >= 0 && x.reach[i] >= sp.Start; i-- {
			if !yield(x.items[i]) {
				return
			}
		}
	}
}
