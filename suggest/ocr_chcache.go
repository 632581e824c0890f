package suggest

import "sync"

// The channel's rewrites of a word, and which of them the lexicon knows,
// are the same in every document. chHits remembers them across documents
// for one generation of the lexicon and one set of rules, so that a word
// judged again costs a few reads instead of a lookup in the large lexicon
// for each of its dozens of variants.

// chHit is a variant of a word that the lexicon has, and the rewrite that
// made it. Its probability is read from the channel when used: confirmed
// fixes change the weights, not the hits.
type chHit struct {
	id uint32
	rw chRewrite
}

type chHitKey struct {
	orig  string
	depth int
}

// chHits is the cache; entries hold low as well, for a caller that would
// pass another folding of the same word. wordHits keeps its entries (one
// rewrite, with the word's id) in the wordCache instead.
type chHits struct {
	mu    sync.RWMutex
	gen   uint64
	rules int
	m     map[chHitKey]chHitEntry
}

type chHitEntry struct {
	low  string
	hits []chHit
	id   uint32 // for wordHits: the lexicon id of low
}

// chHitsMax is the most words a chHits holds.
const chHitsMax = 1 << 18

// channelHits returns the variants of low (orig as written) within depth
// rewrites that the lexicon has, other than low itself, in the order the
// channel makes them. The caller holds o.mu and the lexicon for reading.
func (d *ocrDoc) channelHits(low, orig string, depth int) []chHit {
	c, k := d.o.hits, chHitKey{orig, depth}
	gen, rules := d.o.gen, len(d.o.ch.rules)
	c.mu.RLock()
	e, ok := c.m[k]
	fresh := c.gen == gen && c.rules == rules
	c.mu.RUnlock()
	if ok && fresh && e.low == low {
		return e.hits
	}
	hits := d.expandHits(low, orig, depth)
	c.put(k, chHitEntry{low: low, hits: hits}, gen, rules)
	return hits
}

// expandHits is channelHits without the cache.
func (d *ocrDoc) expandHits(low, orig string, depth int) []chHit {
	var hits []chHit
	d.o.ch.expand(low, orig, depth, func(b []byte, rw chRewrite) bool {
		if id, ok := d.lex.idBytes(b); ok && d.lex.keys[id] != low {
			hits = append(hits, chHit{id, rw})
		}
		return true
	})
	return hits
}

func (c *chHits) put(k chHitKey, e chHitEntry, gen uint64, rules int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.gen != gen || c.rules != rules || len(c.m) >= chHitsMax {
		c.m, c.gen, c.rules = make(map[chHitKey]chHitEntry), gen, rules
	}
	c.m[k] = e
}

// wordHits is, for the word orig as written, its lexicon id and folded
// key and its variants one rewrite away that the lexicon has
// (channelHits), found with one lookup in the cache when orig was seen
// before; ok is false when the lexicon lacks the word. The caller holds
// o.mu and the lexicon for reading.
func (d *ocrDoc) wordHits(orig string) (id uint32, low string, hits []chHit, ok bool) {
	f := d.wordFacts(orig)
	if e := f.hits.Load(); e != nil {
		return e.id, e.low, e.hits, e.low != ""
	}
	id, ok = d.o.lookup(lexFold(orig)) // once per word: the lexicon's own folding
	if ok {
		low = d.lex.keys[id]
		hits = d.expandHits(low, orig, 1)
	}
	f.hits.Store(&chHitEntry{low: low, hits: hits, id: id})
	return id, low, hits, ok
}

// hitP is the probability of the damage of rw with the channel's current
// weights, multiplied in the order expand does.
func (c *channel) hitP(rw chRewrite) float64 {
	p := 1.0
	for k := 0; k < rw.n; k++ {
		p *= c.prob(int(rw.rules[k]))
	}
	return p
}
