package suggest

import (
	"math/rand/v2"
	"testing"

	"folio/annot"
)

// TestOCRFilterAsLinear: the filter's search among the handled spans,
// sorted by start, drops exactly the suggestions that the plain rule
// (any handled span overlapping it, or an empty one inside it) drops,
// on random corrections, marks and suggestions, empty spans and nested
// ones included.
func TestOCRFilterAsLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for round := range 300 {
		var anns []annot.Annotation
		for range rng.IntN(12) {
			s := rng.IntN(60)
			k := annot.KindCorrection
			if rng.IntN(3) == 0 {
				k = annot.KindMark
			}
			anns = append(anns, annot.Annotation{Kind: k, Start: s, End: s + rng.IntN(4)*rng.IntN(8)})
		}
		f := newOCRFilter(anns)
		for range 40 {
			s := rng.IntN(70)
			sp := annot.Span{Start: s, End: s + rng.IntN(6)}
			want := true
			for _, a := range anns {
				h := a.Span()
				if h.Overlaps(sp) || h.Len() == 0 && sp.Start <= h.Start && h.Start < sp.End {
					want = false
				}
			}
			if got := f.allows(Suggestion{Start: sp.Start, End: sp.End, Kind: KindOCR}); got != want {
				t.Fatalf("round %d: allows(%v) = %v, want %v; handled %v", round, sp, got, want, f.handled)
			}
		}
	}
}
