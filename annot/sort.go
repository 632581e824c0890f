package annot

import (
	"cmp"
	"slices"
)

// Sorted returns a copy of anns in a stable display order: by start, then
// end, then kind, then label, then copy, then id (ids differ between
// stores; labels and copies keep nested entities on one span in the same
// order everywhere).
func Sorted(anns []Annotation) []Annotation {
	out := slices.Clone(anns)
	slices.SortStableFunc(out, func(a, b Annotation) int { return Compare(&a, &b) })
	return out
}

// Compare orders two annotations as Sorted does: to sort pointers
// where copying every annotation would cost (a panel of 30 000).
func Compare(a, b *Annotation) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
		cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Copy, b.Copy), cmp.Compare(a.ID, b.ID))
}
