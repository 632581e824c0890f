package suggest

import (
	"math"
	"strings"
)

// A suspect's candidate pool is the same in every document; only the
// corpus evidence, which leaves the document out, differs. poolCand keeps
// with each candidate what its prior needs that no document changes
// (lexicon id, common-word boost, the dictionary's verdicts), so that a
// document scores a pool with one small lookup a candidate instead of
// several in the large lexicon and the spell cache.

// candPrior is what prior needs of one word besides the document.
type candPrior struct {
	key       string
	id        uint32 // lexicon id, if found
	found     bool
	boost     float64 // deCommon.boost
	inflected bool    // inflected, asked only of a word some document may not trust
}

// poolCand is a candidate of a pool with its prior's fixed parts: one
// part, or two for a split (`ist es`).
type poolCand struct {
	suspectCand
	parts [2]candPrior
	split bool
}

// poolOf makes the pool entries of cands, the candidates of a damaged
// word (candPool).
func (d *ocrDoc) poolOf(cands []suspectCand) []poolCand {
	out := make([]poolCand, len(cands))
	for i, c := range cands {
		p := poolCand{suspectCand: c}
		if a, b, ok := strings.Cut(c.key, " "); ok {
			p.split = true
			p.parts[0], p.parts[1] = d.candPrior(a), d.candPrior(b)
		} else {
			p.parts[0] = d.candPrior(c.key)
		}
		out[i] = p
	}
	return out
}

// candPrior gathers the fixed parts of the prior of the folded word k.
func (d *ocrDoc) candPrior(k string) candPrior {
	id, ok := d.o.lookup(k)
	p := candPrior{key: k, id: id, found: ok, boost: d.o.common.boost(k)}
	if !ok || d.lex.ents[id].flags == 0 {
		// trusted only by the corpus, or not at all: some document may not
		// trust it
		p.inflected = d.inflected(k)
	}
	return p
}

// poolPrior is prior for a pool entry, the same figure by fewer lookups.
func (d *ocrDoc) poolPrior(c *poolCand) float64 {
	if c.split {
		return min(d.partPrior(&c.parts[0]), d.partPrior(&c.parts[1])) - susSplit
	}
	return d.partPrior(&c.parts[0])
}

// partPrior is prior for one word of a pool entry.
func (d *ocrDoc) partPrior(c *candPrior) float64 {
	var ev ocrEvidence
	if c.found {
		ev = d.evidenceOf(c.id)
	} else {
		ev = ocrEvidence{local: int(d.newer[c.key])}
	}
	p := susCorpusWeight * math.Log1p(ev.ext+evLocal*float64(ev.local))
	p += c.boost
	switch {
	case ev.trusted:
	case c.inflected:
		p -= susInflected
	default:
		p -= susCompound
	}
	return p
}
