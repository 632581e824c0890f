package suggest

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Three verdicts on a word as written hold in every document for one
// generation of the lexicon and one set of the channel's rules: that
// knownClean accepts it, its variants one rewrite away that the lexicon
// has (wordHits), and whether it looks damaged (damagedWord, for a
// twin's damage share). wordCache keeps the three in one entry per word,
// so that a word of a document costs one lookup in one large map where it
// cost three, and the document remembers the entry of the word it judges
// (ocrDoc.facts) for the checks that follow on the same word.

// wordFacts are the verdicts on one word as written; each is set once,
// and read and set by every document's goroutine.
type wordFacts struct {
	clean   atomic.Bool                // knownClean accepted it
	hits    atomic.Pointer[chHitEntry] // wordHits's verdict; nil: not yet
	damaged atomic.Uint32              // damagedWord's verdict: factUnknown, factNo, factYes
}

// The states of wordFacts.damaged.
const (
	factUnknown = iota
	factNo
	factYes
)

// wordCache holds wordFacts by word as written.
type wordCache struct {
	mu    sync.RWMutex
	gen   uint64
	rules int
	m     map[string]*wordFacts
}

// wordCacheMax is the most words a wordCache holds.
const wordCacheMax = 1 << 19

// get returns the entry of w for generation gen of the lexicon and rules
// rules of the channel, made empty when there is none.
func (c *wordCache) get(w string, gen uint64, rules int) *wordFacts {
	c.mu.RLock()
	f := c.m[w]
	fresh := c.gen == gen && c.rules == rules
	c.mu.RUnlock()
	if f != nil && fresh {
		return f
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.gen != gen || c.rules != rules || len(c.m) >= wordCacheMax {
		c.m, c.gen, c.rules = make(map[string]*wordFacts), gen, rules
	} else if f := c.m[w]; f != nil {
		return f // another goroutine made it meanwhile
	}
	f = &wordFacts{}
	c.m[strings.Clone(w)] = f // not the document's text
	return f
}

// wordFacts returns the cache's entry of w, remembering the last one
// asked for, and each one in the document's small map (docFacts) when it
// has one: a word repeated in a document is looked up in the large map
// once. The caller holds o.mu for reading (so that the generation and the
// rules cannot change).
func (d *ocrDoc) wordFacts(w string) *wordFacts {
	if d.facts != nil && d.factsOf == w {
		return d.facts
	}
	f := d.docFacts[w]
	if f == nil {
		f = d.o.words.get(w, d.o.gen, len(d.o.ch.rules))
		if d.docFacts != nil {
			d.docFacts[w] = f
		}
	}
	d.facts, d.factsOf = f, w
	return f
}
