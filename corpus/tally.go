package corpus

import (
	"cmp"
	"slices"
	"strings"

	"folio/internal/english"
)

// Tally adds up the problems of one import for its summary, so that every
// skip is counted and everything dropped is named: whole files and lines
// skipped (Docs), annotations and fields skipped as bad (Anns), and what
// the input had that folio does not keep, by name (see Problem.Dropped).
type Tally struct {
	Docs, Anns int
	dropped    map[string]int
}

// Add counts p. It reports whether p should also be shown on its own:
// dropped things are only named in the summary.
func (t *Tally) Add(p Problem) (show bool) {
	switch {
	case p.Dropped != "":
		if t.dropped == nil {
			t.dropped = map[string]int{}
		}
		t.dropped[p.Dropped] += p.count()
		return false
	case p.Skipped && p.Part:
		t.Anns += p.count()
	case p.Skipped:
		t.Docs++
	}
	return true
}

// Dropped lists what was dropped, most first: `3 events, 12 "score"
// fields`; "" if nothing was.
func (t *Tally) Dropped() string {
	names := make([]string, 0, len(t.dropped))
	for k := range t.dropped {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(t.dropped[b], t.dropped[a]), cmp.Compare(a, b))
	})
	parts := make([]string, len(names))
	for i, k := range names {
		n := t.dropped[k]
		parts[i] = english.Count(n, k, k+"s")
	}
	return strings.Join(parts, ", ")
}
