package suggest

import (
	"slices"
	"strings"
)

// A verdict that depends on a document only through which words it
// trusts (novelty's compounds, families and inflections, the morphology
// that explains an unknown word) is the same in almost every document:
// what a document changes of a word's evidence is its own occurrences,
// which are taken out of the count (countedEvidence), and through them
// whether repeated damage explains a word (damageSource). Such a verdict
// is made once and kept for the whole corpus with the lexicon ids whose
// own occurrences it read (its deps); a document in which none of them
// occurs gets the kept verdict, and any other makes it afresh, as before.
//
// Tracing records those ids: while d.tracing is set, countedEvidence adds
// each word nothing but the corpus vouches for (a listed or confirmed word
// is trusted whatever the document holds), and damageSource each source
// whose count it compares.

// tracedFact is a verdict kept across documents and the lexicon ids whose
// occurrences in a document could change it.
type tracedFact[V any] struct {
	v    V
	deps []uint32 // sorted, distinct
}

// tracedCache keeps tracedFacts by folded word for one generation of the
// lexicon and one set of the channel's rules.
type tracedCache[V any] = ruleCache[string, tracedFact[V]]

// newTracedCache returns a tracedCache of at most 1 << 18 words.
func newTracedCache[V any]() *tracedCache[V] { return &tracedCache[V]{max: 1 << 18} }

// traced returns the verdict on the folded word low in document d: the
// one c keeps, when none of its deps occurs in d, else verdict's, kept in
// c when none of the ids it read occurs in d. kept reports whether it
// came from c. verdict must read the document only through the evidence
// of words (countedEvidence and what calls it).
func traced[V any](d *ocrDoc, c *tracedCache[V], low string, verdict func() V) (v V, kept bool) {
	gen, rules := d.o.gen, len(d.o.ch.rules)
	if f, ok := c.get(low, gen, rules); ok && d.absent(f.deps) {
		if d.tracing {
			d.trace = append(d.trace, f.deps...) // an outer trace reads them too
		}
		return f.v, true
	}
	outer, from := d.tracing, len(d.trace)
	d.tracing = true
	v = verdict()
	d.tracing = outer
	if deps := d.trace[from:]; d.absent(deps) {
		deps = slices.Clone(deps)
		slices.Sort(deps)
		c.put(strings.Clone(low), gen, rules, tracedFact[V]{v, slices.Compact(deps)})
	}
	if !outer {
		d.trace = d.trace[:from]
	}
	return v, false
}

// absent reports whether none of the lexicon words ids occurs in this
// document.
func (d *ocrDoc) absent(ids []uint32) bool {
	for _, id := range ids {
		if d.local[id] != 0 {
			return false
		}
	}
	return true
}
