package suggest

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The noisy-channel model. A candidate w for a word t scores
// weight(w) × P(t | w): how much the corpus supports w times how likely
// the damage that turns w into t is. The word itself competes as the
// candidate "keep", scoring its own outside evidence, or for a word the
// corpus has not seen elsewhere a novelty pseudo-count: the chance that a
// new word is right. A word is suspicious when some candidate beats keep.
const (
	ocrEditP       = 0.0005 // P of one generic edit not in the channel table
	ocrNovel       = 0.004  // novelty of a plain unseen word
	ocrNovelBuilt  = 0.02   // of an unseen word of a trusted family or inflection
	ocrNovelSplit  = 0.5    // of an unseen compound of trusted words
	ocrForeignCut  = 0.1    // novelty factor for letters German does not use
	ocrShapeGood   = 4      // novelty factor for a German shape (no unseen trigram), its inverse for two unseen
	evFamily       = 0.3    // weight of an unseen candidate of a trusted family
	evCompound     = 0.5    // weight of an unseen candidate that is a compound
	ocrMaxCands    = 5
	ocrLearnedBase = 1.0 // weight added to a fix the reviewer confirmed for this word
)

// ocrCand is one candidate for a word.
type ocrCand struct {
	key    string  // folded
	weight float64 // corpus support
	p      float64 // channel probability
	score  float64
	how    string   // the rewrites, "1 edit", or "confirmed fix"
	count  int      // occurrences in the corpus, for the reason
	like   string   // an unseen candidate's trusted relative
	parts  []string // an unseen candidate's compound parts
}

// ocrVerdict is what judge concludes of one word.
type ocrVerdict struct {
	ev      ocrEvidence
	keep    float64
	cands   []ocrCand // best first
	flagged bool
	orig    string // the word as written
	low     string // folded
	// the dictionary's answers on the word (spell of it as written,
	// nounOnly of low), asked once a document: 0 not yet, 1 no, 2 yes
	spelled, noun int8
}

// judge weighs the folded word low (orig as written) against its
// candidates. Verdicts are memoized per document.
func (d *ocrDoc) judge(low, orig string) *ocrVerdict {
	if v, ok := d.memo[orig]; ok {
		return v
	}
	v := &ocrVerdict{ev: d.writtenEvidence(low, orig), orig: orig, low: low}
	d.memo[orig] = v
	// the candidates are gathered in the document's scratch (taken, so
	// that a judge inside this one gathers in its own) and copied out
	v.cands, d.cands = d.cands[:0], nil
	defer func() {
		d.cands = v.cands[:0]
		if len(v.cands) == 0 {
			v.cands = nil
		} else {
			v.cands = slices.Clone(v.cands)
		}
	}()
	depth := 2
	if v.ev.trusted {
		depth = 1
		v.keep = v.ev.ext
	} else {
		v.keep = d.novelty(low, v.ev)
	}
	add := func(c ocrCand) {
		c.score = c.weight * c.p
		if i := slices.IndexFunc(v.cands, func(x ocrCand) bool { return x.key == c.key }); i >= 0 {
			if c.score > v.cands[i].score {
				v.cands[i] = c
			}
			return
		}
		v.cands = append(v.cands, c)
	}
	d.channelCands(low, orig, depth, add)
	if to, ok := d.o.learned[low]; ok {
		cev := d.evidence(to)
		add(ocrCand{key: to, weight: d.candidateWeight(cev) + ocrLearnedBase, p: chLearnedMax, how: "confirmed fix", count: cev.count + cev.local})
	}
	if !v.ev.trusted && !d.beats(v) {
		// Generic edits are the fallback for damage the channel does not
		// know; they are not searched when the channel already explains it.
		d.editCands(low, add)
		if len(v.cands) == 0 {
			d.builtCands(low, orig, add)
		}
	}
	slices.SortFunc(v.cands, func(a, b ocrCand) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if a.key < b.key {
			return -1
		}
		return 1
	})
	if len(v.cands) > ocrMaxCands {
		v.cands = v.cands[:ocrMaxCands]
	}
	v.flagged = len(v.cands) > 0 && v.cands[0].score > v.keep
	if v.ev.trusted && (len(v.cands) == 0 || v.cands[0].score*ocrCleanMargin < v.keep) {
		d.o.markClean(v.ev.id)
	}
	return v
}

// judgeWord is judge for the word w as written, folded only when the
// document has not judged it yet.
func (d *ocrDoc) judgeWord(w string) *ocrVerdict {
	if v, ok := d.memo[w]; ok {
		return v
	}
	return d.judge(lexFold(w), w)
}

// writtenEvidence is evidence for the folded word low, written orig: by
// the lexicon id the document's count found for orig, when it found one.
func (d *ocrDoc) writtenEvidence(low, orig string) ocrEvidence {
	if id := d.written[orig]; id > 0 && d.lex.keys[id-1] == low {
		return d.evidenceOf(id - 1)
	}
	return d.evidence(low)
}

// spellVerdict is spell(orig) for the word of verdict v, kept in v.
func (d *ocrDoc) spellVerdict(v *ocrVerdict, orig string) bool {
	if v.spelled == 0 {
		v.spelled = 1
		if d.spell(orig) {
			v.spelled = 2
		}
	}
	return v.spelled == 2
}

// nounVerdict is nounOnly(v.low), kept in v.
func (d *ocrDoc) nounVerdict(v *ocrVerdict) bool {
	if v.noun == 0 {
		v.noun = 1
		if d.nounOnly(v.low) {
			v.noun = 2
		}
	}
	return v.noun == 2
}

// beats reports whether some candidate of v beats keeping the word.
func (d *ocrDoc) beats(v *ocrVerdict) bool {
	for _, c := range v.cands {
		if c.score > v.keep {
			return true
		}
	}
	return false
}

// channelCands adds the lexicon words that the channel's rewrites reach.
func (d *ocrDoc) channelCands(low, orig string, depth int, add func(ocrCand)) {
	for _, h := range d.channelHits(low, orig, depth) {
		key := d.lex.keys[h.id]
		cev := d.evidenceOf(h.id)
		if w := d.candidateWeight(cev); w > 0 {
			add(ocrCand{key: key, weight: w, p: d.o.ch.hitP(h.rw), how: d.o.ch.describe(h.rw), count: cev.count + cev.local})
		}
	}
}

// editCands adds the lexicon words within one edit (two for long words)
// that differ in more than an inflection ending. Short words get none:
// they have too many neighbours. Which words those are holds in every
// document (editNeighbours, kept across documents); how much the corpus
// supports each is this document's.
func (d *ocrDoc) editCands(low string, add func(ocrCand)) {
	d.ra = symRunes(d.ra, low)
	if len(d.ra) < 5 {
		return
	}
	gen, rules := d.o.gen, len(d.o.ch.rules)
	nbs, ok := d.o.edits.get(low, gen, rules)
	if !ok {
		nbs = d.editNeighbours(low)
		d.o.edits.put(strings.Clone(low), gen, rules, nbs)
	}
	for _, nb := range nbs {
		key := d.lex.keys[nb.id]
		cev := d.evidence(key)
		if !cev.trusted {
			continue
		}
		how := "1 edit"
		if nb.dist > 1 {
			how = "2 edits"
		}
		add(ocrCand{key: key, weight: d.candidateWeight(cev), p: math.Pow(ocrEditP, float64(nb.dist)), how: how, count: cev.count + cev.local})
	}
}

// editNb is a lexicon word near a damaged word, and its edit distance.
type editNb struct {
	id   uint32
	dist int32
}

// editNeighbours returns, in the order the edit-distance index gives
// them, the lexicon words within one edit of low, whose runes are in
// d.ra (two for words of eight runes or more), but for low itself, mere
// inflections of it, and words one rewrite of the channel turns into low.
func (d *ocrDoc) editNeighbours(low string) []editNb {
	maxd := 1
	if len(d.ra) >= 8 {
		maxd = 2
	}
	var out []editNb
	d.nearWords(low, maxd, func(id uint32, dist int) {
		key := d.lex.keys[id]
		if key == low || ocrAbs(len(key)-len(low)) > 2*maxd || morphInflectionOnly(low, key) || d.damages(key, low) {
			return
		}
		out = append(out, editNb{id, int32(dist)})
	})
	return out
}

// nearMemo is the answer of nearWords for one word: the lexicon words
// within reach edits of low, in the index's order.
type nearMemo struct {
	low   string
	reach int
	hits  []editNb
}

// nearWords calls fn, in the index's order, with the lexicon words within
// maxd edits of the folded word low and their distances, as
// symIndex.near does. A word the channel does not explain is looked up
// twice in a row, by editNeighbours and then by candPool, which reaches
// as far or further (candReach): so the words are found once, as far as
// either reaches, and kept for the last word. Those within a smaller maxd
// are the same, in the same order, as near finds at that maxd: its
// distances are exact up to its maxd, and its order is the index's at any
// maxd.
func (d *ocrDoc) nearWords(low string, maxd int, fn func(id uint32, dist int)) {
	m := &d.near
	if m.low != low || m.reach < maxd || m.hits == nil {
		reach := max(maxd, candReach(utf8.RuneCountInString(low)))
		m.low, m.reach, m.hits = low, reach, m.hits[:0]
		d.o.idx.near(low, reach, d.lex.keys, &d.scratch, func(id uint32, dist int) {
			m.hits = append(m.hits, editNb{id, int32(dist)})
		})
		if m.hits == nil {
			m.hits = []editNb{}
		}
	}
	for _, nb := range m.hits {
		if int(nb.dist) <= maxd {
			fn(nb.id, int(nb.dist))
		}
	}
}

// ruleCache keeps values by key for one generation of the lexicon (its
// index and ids) and one set of the channel's rules, as chHits does: it
// forgets them all when either changes, or when it holds max of them.
type ruleCache[K comparable, V any] struct {
	mu    sync.RWMutex
	gen   uint64
	rules int
	max   int
	m     map[K]V
}

func (c *ruleCache[K, V]) get(k K, gen uint64, rules int) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen || c.rules != rules {
		var zero V
		return zero, false
	}
	v, ok := c.m[k]
	return v, ok
}

// put keeps v for k; a string k must not share memory with a buffer
// that changes.
func (c *ruleCache[K, V]) put(k K, gen uint64, rules int, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.gen != gen || c.rules != rules || len(c.m) >= c.max {
		c.m, c.gen, c.rules = make(map[K]V), gen, rules
	}
	c.m[k] = v
}

// editCache keeps editNeighbours's words by damaged word.
type editCache = ruleCache[string, []editNb]

// newEditCache returns an editCache of at most 1 << 16 words.
func newEditCache() *editCache { return &editCache{max: 1 << 16} }

// damages reports whether one rewrite of the channel turns the folded
// word from into to: then to is the likely original of from, never its
// fix (`gehören` is not an error for `gehoren`).
func (d *ocrDoc) damages(to, from string) bool {
	found := false
	d.o.ch.expand(from, from, 1, func(b []byte, _ chRewrite) bool {
		found = string(b) == to
		return !found
	})
	return found
}

// builtCands adds rewrites (one) that the lexicon lacks but that are built
// of trusted words: a compound of them, or a member of a trusted word's
// prefix family (`geöffnet` beside `eröffnet`). Only trust enters them,
// so a corpus run finds them once per word (traced): the sequential pass
// over a document then reads what its helpers found (ocr_parallel.go).
func (d *ocrDoc) builtCands(low, orig string, add func(ocrCand)) {
	built, _ := traced(d, d.o.builtRw, orig+"\x00"+low, func() []builtCand {
		var out []builtCand
		d.o.ch.expand(low, orig, 1, func(b []byte, rw chRewrite) bool {
			if _, ok := d.lex.idBytes(b); ok {
				return true
			}
			w := string(b)
			if like := d.family(w); like != "" {
				out = append(out, builtCand{key: w, rw: rw, like: like})
			} else if parts := morphCompound(w, morphMinBuilt, d.trusted); parts != nil {
				out = append(out, builtCand{key: w, rw: rw, parts: parts})
			}
			return true
		})
		return out
	})
	for _, c := range built {
		// the rewrite's probability with the channel's current weights,
		// as expand would give it now (hitP)
		cand := ocrCand{key: c.key, weight: evCompound, p: d.o.ch.hitP(c.rw), how: d.o.ch.describe(c.rw), like: c.like, parts: c.parts}
		if c.like != "" {
			cand.weight = evFamily
		}
		add(cand)
	}
}

// builtCand is a rewrite of a word that builtCands found built of
// trusted words: the word it makes, the rewrite, and a trusted word of its
// prefix family (like) or else its compound's parts.
type builtCand struct {
	key   string
	rw    chRewrite
	like  string
	parts []string
}

// novelty is the keep score of a word the corpus has not seen outside this
// document: higher when it is built of trusted words, lower when it holds
// letters German does not use, a little higher when it recurs here.
func (d *ocrDoc) novelty(low string, ev ocrEvidence) float64 {
	nu := d.builtNovelty(low)
	switch u := d.unseen(low); {
	case u == 0:
		nu *= ocrShapeGood
	case u >= 2:
		nu /= ocrShapeGood
	}
	if ocrForeign(low) {
		nu *= ocrForeignCut
	}
	if ev.local > 1 {
		nu *= min(3, 1+0.5*float64(ev.local-1))
	}
	return nu
}

// builtNovelty is novelty's start: the novelty of the folded word low by
// how it is built of trusted words (a compound of them, a member of a
// trusted family, an inflection of one). Only trust enters it, so a
// corpus run makes it once per word (traced), not once per document.
func (d *ocrDoc) builtNovelty(low string) float64 {
	v, _ := traced(d, d.o.novel, low, func() float64 {
		switch {
		case morphCompound(low, morphMinPart, d.trusted) != nil:
			return ocrNovelSplit
		case d.family(low) != "" || morphInflected(low, d.trusted) != "":
			return ocrNovelBuilt
		}
		return ocrNovel
	})
	return v
}

// family returns a trusted word of w's prefix family: w without a prefix,
// or another word with the same stem and a different prefix, or "".
func (d *ocrDoc) family(w string) string {
	like := ""
	check := func(stem string) {
		if like != "" {
			return
		}
		if d.trusted(stem) {
			like = stem
			return
		}
		if id, ok := d.o.stems[stem]; ok {
			if k := d.lex.keys[id]; k != w && d.trusted(k) {
				like = k
			}
		}
	}
	if utf8.RuneCountInString(w) >= morphStemMin {
		if id, ok := d.o.stems[w]; ok && d.trusted(d.lex.keys[id]) {
			return d.lex.keys[id]
		}
	}
	morphStems(w, check)
	return like
}

// ocrForeign reports whether low holds a character German words do not:
// a digit or an accented letter other than the umlauts.
func ocrForeign(low string) bool {
	for _, r := range low {
		switch {
		case r >= 'a' && r <= 'z', r == 'ä', r == 'ö', r == 'ü', r == 'ß', r == '-', r == '\'':
		default:
			return true
		}
	}
	return false
}

func ocrAbs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
