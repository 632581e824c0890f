package suggest

import (
	"cmp"
	"slices"
	"sort"

	"folio/annot"
)

// entFilter rules out entity suggestions that the annotations of a document
// forbid: spans rejected as entities before, spans that overlap an entity
// (the rules allow nesting, suggestions do not offer it), and spans that
// annot.Conflict refuses (cutting through a correction). It finds
// the annotations near a span by binary search, so that a long document
// with many annotations stays fast.
type entFilter struct {
	spanned  []annot.Annotation // span annotations other than rejections, by start
	maxEnd   []int              // maxEnd[i]: the largest End in spanned[:i+1]
	rejected map[annot.Span]bool
}

func newEntFilter(anns []annot.Annotation) *entFilter {
	f := &entFilter{}
	for _, a := range anns {
		switch {
		case a.Kind == annot.KindRejected:
			if a.Label == string(KindEntity) {
				if f.rejected == nil {
					f.rejected = map[annot.Span]bool{}
				}
				f.rejected[a.Span()] = true
			}
		case a.HasSpan():
			f.spanned = append(f.spanned, a)
		}
	}
	slices.SortFunc(f.spanned, func(a, b annot.Annotation) int { return cmp.Compare(a.Start, b.Start) })
	f.maxEnd = make([]int, len(f.spanned))
	for i, a := range f.spanned {
		f.maxEnd[i] = a.End
		if i > 0 {
			f.maxEnd[i] = max(a.End, f.maxEnd[i-1])
		}
	}
	return f
}

// blocked reports whether an entity at sp is ruled out.
func (f *entFilter) blocked(sp annot.Span) bool {
	if f.rejected[sp] {
		return true
	}
	// spanned[:k] start before sp ends; walk back while one may reach into sp
	k := sort.Search(len(f.spanned), func(i int) bool { return f.spanned[i].Start >= sp.End })
	var near []annot.Annotation
	for i := k - 1; i >= 0 && f.maxEnd[i] > sp.Start; i-- {
		if f.spanned[i].End > sp.Start {
			near = append(near, f.spanned[i])
		}
	}
	if len(near) == 0 {
		return false
	}
	for _, h := range near {
		// entities may nest, but a suggestion inside or across an entity
		// the reviewer made is noise: offer only uncovered spans
		if h.Kind == annot.KindEntity {
			return true
		}
	}
	return annot.Conflict(annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End}, near) != nil
}
