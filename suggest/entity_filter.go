package suggest

import (
	"folio/annot"
)

// entFilter rules out entity suggestions that the annotations of a document
// forbid: spans rejected as entities before, spans that overlap an entity
// (the rules allow nesting, suggestions do not offer it), and spans that
// annot.Conflict refuses (cutting through a correction). It finds
// the annotations near a span by binary search, so that a long document
// with many annotations stays fast.
type entFilter struct {
	spanned  spansByStart[annot.Annotation] // span annotations other than rejections
	rejected map[annot.Span]bool
}

func newEntFilter(anns []annot.Annotation) *entFilter {
	f := &entFilter{}
	var spanned []annot.Annotation
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
			spanned = append(spanned, a)
		}
	}
	f.spanned = newSpansByStart(spanned, annot.Annotation.Span)
	return f
}

// blocked reports whether an entity at sp is ruled out.
func (f *entFilter) blocked(sp annot.Span) bool {
	if f.rejected[sp] {
		return true
	}
	var near []annot.Annotation
	for a := range f.spanned.near(sp) {
		if a.End > sp.Start {
			near = append(near, a)
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
