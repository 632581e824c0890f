package suggest

import (
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/suggest/hunspell"
)

// A fresh corpus supports few fixes, so the engine does not wait for one:
// a word that no evidence explains is a suspect, with or without a
// candidate. Evidence that explains a word: the corpus outside this
// document, the word lists, the dictionary with its inflection and
// compounding, a compound of trusted words, a historical spelling of a
// known word, a known foreign word, or the look of a name. Candidates for a
// suspect come from the channel's rewrites, the edit-distance index, a
// repair of one part of a compound and German's common short words, and
// are ranked by what the OCR damage costs (ocr_cost.go) against how likely
// the word is.

// Dictionary judges spelling with morphology: inflection and compounding,
// as a hunspell dictionary describes them. Spell takes the word as
// written.
type Dictionary interface {
	Spell(word string) bool
}

// spellerEither is a Dictionary that checks two spellings of a word at
// once, sharing the work they have in common (hunspell.Dict.SpellEither).
type spellerEither interface {
	SpellEither(a, b string) bool
}

// spellerWith is a Dictionary whose checks keep what related words share
// (the first parts of compounds) in a memo of the caller's, for the next
// checks (hunspell.Dict.SpellWith): a damaged word's rewrites and
// candidates, and a scan's words, begin alike. A document keeps one memo
// for its goroutine (ocrDoc.spellMemo).
type spellerWith interface {
	SpellWith(word string, m *hunspell.Memo) bool
	SpellEitherWith(a, b string, m *hunspell.Memo) bool
}

const (
	susLambda     = 3.0 // log-score lost per edit unit of damage
	susCheap      = 0.8 // damage at most this cheap makes a candidate convincing
	susNameCost   = 1.3 // a name-like word is a suspect only with a candidate cheaper than this
	susCompound   = 1.5 // log prior lost by a candidate only the dictionary's compounding accepts
	susInflected  = 0.6 // log prior lost by a candidate only the dictionary's affix rules build
	susMaxCands   = 5
	susSplit      = 1.5 // log prior lost by two words where the scan shows one
	susCase       = 1.0 // log prior lost by a noun where the scan shows a small letter
	susMinBuilt   = 4   // shortest part when a compound of trusted words explains a word
	susShortLimit = 1.6
	// susCorpusWeight scales the log of a candidate's corpus count in its
	// prior: a frequent word must not outweigh a much cheaper fix.
	susCorpusWeight = 0.5
)

// suspectCand is a candidate for a suspect, before casing.
type suspectCand struct {
	key   string // folded, or as the dictionary wants it cased
	cost  float64
	score float64 // log score
	how   string
}

// spell reports whether the dictionary accepts w as written, or in lower
// case or capitalised.
func (d *ocrDoc) spell(w string) bool {
	dict := d.o.dict
	if dict == nil || w == "" {
		return false
	}
	if v, ok := d.o.spellCache.get(w, verdictSpell); ok {
		return v
	}
	r, n := utf8.DecodeRuneInString(w)
	other := string(unicode.ToUpper(r)) + w[n:]
	if unicode.IsUpper(r) {
		other = string(unicode.ToLower(r)) + w[n:]
	}
	var ok bool
	if e, with := dict.(spellerWith); with {
		ok = e.SpellEitherWith(w, other, &d.spellMemo)
	} else if e, both := dict.(spellerEither); both {
		ok = e.SpellEither(w, other)
	} else {
		ok = dict.Spell(w) || dict.Spell(other)
	}
	d.o.spellCache.put(w, verdictSpell, ok)
	return ok
}

// spellExact reports whether the dictionary accepts w exactly as
// written, remembered in the spell cache.
func (d *ocrDoc) spellExact(w string) bool {
	if v, ok := d.o.spellCache.get(w, verdictExact); ok {
		return v
	}
	var v bool
	if e, with := d.o.dict.(spellerWith); with {
		v = e.SpellWith(w, &d.spellMemo)
	} else {
		v = d.o.dict.Spell(w)
	}
	d.o.spellCache.put(w, verdictExact, v)
	return v
}

// A spellCache keeps several verdicts of the dictionary on one word, each
// of a kind: two bits a kind, whether it is known and what it is.
type verdictKind uint8

const (
	verdictSpell    verdictKind = iota // spell: accepted as written, or in the other case
	verdictNounOnly                    // nounOnly: known only capitalised
	verdictInflect                     // inflected: built by affixes, not compounding
	verdictExact                       // spellExact: accepted as written
)

// spellCache remembers the dictionary's verdicts across documents: a
// compound costs the dictionary tens of microseconds, and a corpus asks
// about the same words again and again. Readers share the lock: the
// documents of `folio suggest` are judged on every core, and so are a
// new document's words (ocr_parallel.go). A cold document puts thousands
// of verdicts, each under the write lock, which stops every reader of
// the other cores and hands it to the scheduler to wake: the words are
// kept in spellShards shards by their hash, each with its own lock, so
// that two goroutines seldom wait for each other. A shard forgets
// everything when full.
type spellCache struct {
	seed   maphash.Seed // picks a word's shard
	shards [spellShards]spellShard
}

// newSpellCache returns an empty spellCache.
func newSpellCache() *spellCache {
	return &spellCache{seed: maphash.MakeSeed()}
}

// spellShard is one lock's share of a spellCache, a cache line of its
// own.
type spellShard struct {
	mu sync.RWMutex
	m  map[string]uint8 // per kind: bit 2k set when known, bit 2k+1 the verdict
	_  [64 - 32]byte
}

// spellShards is how many shards a spellCache has.
const spellShards = 64

// spellCacheMax is the most words a spellCache holds.
const spellCacheMax = 1 << 20

// shard returns the shard of w.
func (c *spellCache) shard(w string) *spellShard {
	return &c.shards[maphash.String(c.seed, w)%spellShards]
}

func (c *spellCache) get(w string, k verdictKind) (ok, found bool) {
	s := c.shard(w)
	s.mu.RLock()
	v := s.m[w]
	s.mu.RUnlock()
	return v&(2<<(2*k)) != 0, v&(1<<(2*k)) != 0
}

func (c *spellCache) put(w string, k verdictKind, ok bool) {
	s := c.shard(w)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m) >= spellCacheMax/spellShards {
		s.m = make(map[string]uint8)
	}
	v := s.m[w] | 1<<(2*k)
	if ok {
		v |= 2 << (2 * k)
	}
	s.m[w] = v
}

// knownWord reports whether the folded word k is attested: trusted by the
// corpus or the lists, or accepted by the dictionary.
func (d *ocrDoc) knownWord(k string) bool {
	return d.trusted(k) || d.spell(k)
}

// explained reports why the unknown word orig (folded low) is not damage,
// or "" when nothing explains it; best is the cost of its best candidate
// and local its occurrences in this document.
func (d *ocrDoc) explained(low, orig string, best float64, local int) string {
	if d.spellWord(orig) {
		return "dictionary"
	}
	if why := d.builtOf(low); why != "" {
		return why
	}
	if d.conf >= 0 && d.conf < confDoubt {
		return "" // the engine doubted it: only the dictionary and the lists explain it
	}
	if d.foreignWord(low, best) {
		return "foreign"
	}
	if best > susNameCost && (ocrCamel(orig) || d.o.foreign != nil && d.o.foreign.Known(low) && ocrCapitalised(orig)) {
		return "name"
	}
	if local >= 2 && best > susCheap {
		return "recurring"
	}
	return ""
}

// knownPart is knownWord for a part of a compound, the dictionary asked
// of it only as spellBuilt asks it of a variant.
func (d *ocrDoc) knownPart(k string) bool {
	return d.trusted(k) || d.asksDictionary(utf8.RuneCountInString(k)) && d.spell(k)
}

// builtOf reports what of the known words (knownWord) the folded word
// low is built of: "compound" for a compound of them, "archaic" for a
// historical spelling of one, else "". Only trust and the dictionary
// enter it, so a corpus run makes it once per word (traced).
func (d *ocrDoc) builtOf(low string) string {
	why, _ := traced(d, d.o.built, low, func() string {
		if parts := morphCompound(low, susMinBuilt, d.knownPart); parts != nil {
			return "compound"
		}
		if archaic(low, d.knownWord) != "" {
			return "archaic"
		}
		return ""
	})
	return why
}

// foreignWord reports whether the folded word low, whose best fix costs
// best, is a word of another language rather than damage: one the
// foreign list knows, longer than susShort, with no convincing fix. Inside
// a hyphenated word (`Flame-War`, `Mega-City`) a fix must be nearly free
// (cleanCheap) to outweigh it: German joins foreign words to its own, and
// to each other, with a hyphen, while OCR seldom damages a German word
// into a foreign one.
func (d *ocrDoc) foreignWord(low string, best float64) bool {
	limit := susCheap
	if d.part {
		limit = cleanCheap
	}
	return best > limit && utf8.RuneCountInString(low) > susShort && d.o.foreign != nil && d.o.foreign.Known(low)
}

// foreignDocMin is how many of a document's distinct words only the
// foreign list may know before the document counts as written in its
// language.
const foreignDocMin = 8

// inForeignLanguage reports whether d's document is written in the
// language of the foreign list rather than the dictionary's (an English
// page in a German corpus): at least foreignDocMin of its distinct words
// of two letters or more are known to the foreign list and not to the
// dictionary, more than twice as many as the other way round. The words
// the foreign list knows are then no suspects, however short (`the`,
// `of`, `few`). The dictionary is asked only when the foreign list knows
// at least two words in five, which a page in the dictionary's language
// seldom reaches (the lists share `die`, `war`, `also`).
func (d *ocrDoc) inForeignLanguage() bool {
	f := d.o.foreign
	if f == nil || d.o.dict == nil {
		return false
	}
	var known []string
	words := 0
	for w := range d.written {
		if utf8.RuneCountInString(w) < 2 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
			continue
		}
		words++
		if f.Known(strings.ToLower(w)) {
			known = append(known, w)
		}
	}
	if len(known) < foreignDocMin || 5*len(known) < 2*words {
		return false
	}
	foreign, native := 0, 0
	for _, w := range known {
		if !d.spell(w) {
			foreign++
		}
	}
	for w := range d.written {
		if utf8.RuneCountInString(w) >= 2 && !f.Known(strings.ToLower(w)) && d.spell(w) {
			native++
		}
	}
	return foreign >= foreignDocMin && foreign > 2*native
}

// inDocLanguage reports whether the folded word low is a word of the
// document's language when that is the foreign list's (inForeignLanguage).
func (d *ocrDoc) inDocLanguage(low string) bool {
	return d.foreignDoc && d.o.foreign.Known(low)
}

// susMinListed is how many listed words make a word list large enough for
// an unknown word to be suspect without a fix: a small list, or the corpus
// alone, leaves too many right words unknown.
const susMinListed = 50_000

// canSuspect reports whether o has the evidence to call an unknown word a
// suspect: a dictionary, or a large word list.
func (o *OCR) canSuspect() bool { return o.dict != nil || o.lex.listed >= susMinListed }

// suspect judges a word that the channel alone did not flag. It returns
// the verdict's candidates and whether the word is a suspect.
func (d *ocrDoc) suspect(low, orig string, ev ocrEvidence) ([]suspectCand, bool) {
	if d.inDocLanguage(low) {
		return nil, false
	}
	odd := d.oddPair(low, orig)
	small := !odd && d.smallNoun(low, orig)
	known := d.spellWord(orig) || ev.vouched && !d.shortListed(low, orig, ev)
	doubted := !odd && !small && known && d.doubted() && utf8.RuneCountInString(low) > susShort
	if !d.o.canSuspect() || !odd && !small && !doubted && known {
		return nil, false
	}
	if !small && !doubted {
		// what is decided below whatever the candidates needs none made
		if utf8.RuneCountInString(low) < 3 && (d.abbrev || ocrAllUpper(orig)) {
			return nil, false // an abbreviation (`Nr.`) or a unit (`km`, `MB`)
		}
		if !odd && d.builtOf(low) != "" {
			return nil, false // explained: a compound or a historical spelling
		}
	}
	cands := d.suspectCands(low, orig)
	best := math.Inf(1)
	if len(cands) > 0 {
		best = cands[0].cost
	}
	if doubted {
		// a known word the engine doubted is damage only when a convincing
		// fix is likelier than the word itself
		return cands, len(cands) > 0 && cands[0].cost <= susCheap && cands[0].score > d.prior(low)
	}
	if small {
		// only a convincing fix makes the small letter damage
		return cands, slices.ContainsFunc(cands, func(c suspectCand) bool { return c.cost <= susCheap })
	}
	if ev.trusted && !ev.vouched && !d.outweighs(cands, ev) {
		return nil, false
	}
	if !odd && d.explained(low, orig, best, ev.local) != "" {
		return nil, false
	}
	return cands, true
}

// outweighs reports whether the best of cands, a convincing fix, is
// likelier than the word it would replace, which only the corpus attests:
// OCR repeats its damage from scan to scan (`fir` for `für`), so a word
// the dictionary refuses is not right merely because another scan has it.
func (d *ocrDoc) outweighs(cands []suspectCand, ev ocrEvidence) bool {
	if len(cands) == 0 || cands[0].cost > susCheap {
		return false
	}
	return d.prior(cands[0].key)-susLambda*cands[0].cost > math.Log1p(ev.ext)
}

// oddPair reports whether orig is a word of two letters that German does
// not use in running text: not one of its common words, not an
// abbreviation before a full stop, not an acronym or a unit after a
// number. A dictionary knows many such pairs (`Ar`, `Ur`, `de`), but in a
// scan they are far likelier debris of a damaged word.
func (d *ocrDoc) oddPair(low, orig string) bool {
	return utf8.RuneCountInString(low) == 2 && !d.o.common.has(low) && !d.abbrev && !ocrAllUpper(orig) &&
		!d.afterNumber && !unicode.IsDigit(d.prev) && !unicode.IsDigit(d.next)
}

// susShort is the length up to which a word's case matters: word lists
// are folded, and `St` or `Ar` listed must not vouch for `st` or `ar`.
const susShort = 3

// shortListed reports whether the short word orig is trusted only because
// a word list has it in another case, while the dictionary, which keeps
// case, refuses it: then it is judged like an unknown word.
func (d *ocrDoc) shortListed(low, orig string, ev ocrEvidence) bool {
	return d.o.dict != nil && utf8.RuneCountInString(low) <= susShort && ev.count == 0 && !d.o.common.has(low)
}

// ocrCapitalised reports whether w starts with a capital.
func ocrCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// ocrAllUpper reports whether w has no lower-case letter.
func ocrAllUpper(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// ocrCamel reports whether w is written in camel case, as product and
// project names are (`OpenOffice`, `DebianMentors`): a capital after a
// lower-case letter, followed by two lower-case letters.
func ocrCamel(w string) bool {
	rs := []rune(w)
	for i := 1; i+2 < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]) && unicode.IsLower(rs[i+1]) && unicode.IsLower(rs[i+2]) {
			return true
		}
	}
	return false
}

// suspectCands returns the ranked candidates for the unknown word orig:
// the pool of words its damage may hide (candPool), scored by prior and
// cost for this document.
func (d *ocrDoc) suspectCands(low, orig string) []suspectCand {
	pool, ok := d.o.pools.get(orig, d.o.gen)
	if !ok {
		pool = d.poolOf(d.candPool(low, orig))
		d.o.pools.put(orig, d.o.gen, pool)
	}
	// a noun, which German capitalises, where the scan shows a small first
	// letter inside a sentence: OCR seldom reads a capital as a small
	// letter of another shape, so the scan's small letter is evidence
	// against the noun
	r, _ := utf8.DecodeRuneInString(orig)
	cased := !d.first && unicode.IsLower(r)
	scores := make([]float64, len(pool))
	for i := range pool {
		scores[i] = d.poolPrior(&pool[i]) - susLambda*pool[i].cost
	}
	// the dictionary is asked whether a candidate is a noun only when it
	// may be among the best: when its score reaches floor, the least of
	// the susMaxCands best scores with every noun penalised
	floor := math.Inf(-1)
	if cased {
		floor = suspectFloor(pool, scores)
	}
	// only the best susMaxCands are kept: each is put in its place among
	// the best so far, in the order of suspectBefore, instead of sorting
	// the whole pool
	out := make([]suspectCand, 0, min(len(pool), susMaxCands))
	for i := range pool {
		c := pool[i].suspectCand
		c.score = scores[i]
		if cased && !pool[i].split {
			if c.score < floor {
				continue
			}
			if d.nounOnly(c.key) {
				c.score -= susCase
			}
		}
		out = suspectInsert(out, c)
	}
	return out
}

// suspectFloor returns the susMaxCands-th best of scores (a pool's,
// pool's order) with every candidate but a split penalised as a noun
// (susCase), or -Inf when the pool has fewer: at least susMaxCands
// candidates score that or more whatever the dictionary says, so one
// scoring less without the penalty is not among the best.
func suspectFloor(pool []poolCand, scores []float64) float64 {
	var best [susMaxCands]float64
	n := 0
	for i, v := range scores {
		if !pool[i].split {
			v -= susCase
		}
		if n < susMaxCands {
			best[n] = v
			n++
		} else if v > best[n-1] {
			best[n-1] = v
		} else {
			continue
		}
		for j := n - 1; j > 0 && best[j] > best[j-1]; j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	if n < susMaxCands {
		return math.Inf(-1)
	}
	return best[n-1]
}

// suspectBefore orders candidates best first: higher score, then the key
// (pool keys are distinct, so the order is total).
func suspectBefore(a, b *suspectCand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.key < b.key
}

// suspectInsert puts c in its place in best, which holds the best
// candidates so far in order, keeping at most susMaxCands.
func suspectInsert(best []suspectCand, c suspectCand) []suspectCand {
	n := len(best)
	if n == susMaxCands && !suspectBefore(&c, &best[n-1]) {
		return best
	}
	if n < susMaxCands {
		best = append(best, c)
	} else {
		n--
	}
	i := n
	for i > 0 && suspectBefore(&c, &best[i-1]) {
		best[i] = best[i-1]
		i--
	}
	best[i] = c
	return best
}

// candPool gathers the words the damaged word orig may stand for, with
// the cost of the damage: the channel's rewrites, the words a few edits
// away, German's common short words, a repair of one part of a compound,
// and two words run together. It reads only what all documents share
// (shared), so that the pool of a word serves every document.
func (d *ocrDoc) candPool(low, orig string) []suspectCand {
	obs := []rune(orig)
	n := len(obs)
	limit := 1.0 + 0.25*float64(n)
	if n <= 4 {
		limit = susShortLimit
	}
	limit = min(limit, 3.2)
	var out []suspectCand
	sc := d.poolScratch()
	defer d.putPoolScratch(sc)
	priced, seen := &sc.priced, sc.seen // obs, prepared once for every word it is priced against
	d.o.cost.prepare(priced, obs)
	// consider adds key at the price c, or at its price when c < 0
	considerAt := func(key, how string, c float64) {
		// German has no word of one letter in running text: a lone letter
		// is no fix (a list's `e` for the debris `c`)
		if key == low || seen[key] || utf8.RuneCountInString(key) < 2 {
			return
		}
		seen[key] = true
		if c < 0 {
			sc.want = symRunes(sc.want, key)
			c = priced.cost(sc.want, limit)
		}
		if c < limit {
			out = append(out, suspectCand{key: key, cost: c, how: how})
		}
	}
	consider := func(key, how string) { considerAt(key, how, -1) }
	// the channel's rewrites, checked against the corpus and the
	// dictionary: one may build a compound only the dictionary knows; two
	// must reach a listed word (the dictionary's compounding would vouch
	// for too much, at too high a cost). Those the lexicon has are
	// channelHits's, which judge made already for an unknown word.
	for _, h := range d.channelHits(low, orig, 2) {
		if d.shared(h.id) {
			consider(d.lex.keys[h.id], d.o.ch.describe(h.rw))
		}
	}
	d.o.ch.expand(low, orig, 1, func(b []byte, rw chRewrite) bool {
		if !seen[string(b)] && d.spellBuilt(b) {
			consider(string(b), d.o.ch.describe(rw))
		}
		return true
	})
	// the lexicon's words within a few edits
	if n >= 3 {
		maxd := candReach(n)
		d.nearWords(low, maxd, func(id uint32, _ int) {
			key := d.lex.keys[id]
			if ocrAbs(len(key)-len(low)) > 2*maxd+1 || !d.shared(id) || seen[key] {
				return
			}
			consider(key, "")
		})
	}
	// German's common words, for the short words OCR damages most
	if n <= 6 {
		// priced all at once (costSorted), considered in their order
		cw := d.o.commonWords
		if k := cw.base[len(cw.byLen)]; cap(sc.prices) < k {
			sc.prices = make([]float64, k)
		}
		prices := sc.prices[:cw.base[len(cw.byLen)]]
		priced.costSorted(cw, max(n-2, 0), n+2, limit, prices)
		for l := max(n-2, 0); l <= n+2 && l < len(cw.byLen); l++ {
			for i, k := range cw.byLen[l] {
				// a word at the limit is no candidate, here or when it
				// comes again (the same price): it need not be seen
				if c := prices[cw.base[l]+i]; c < limit {
					considerAt(k, "", c)
				}
			}
		}
	}
	if n >= 8 {
		d.compoundCands(low, consider)
	}
	if n >= 4 {
		d.splitCands(low, orig, consider)
	}
	return out
}

// susBuiltMin is the fewest runes of a word that a large word list may
// lack while the dictionary has it: a compound, two words of three runes
// or more and often a linking letter. Shorter words the dictionary has,
// the list has too, inflected (wngerman lists its forms).
const susBuiltMin = 7

// spellBuilt reports whether the dictionary accepts the variant b of a
// damaged word where the lexicon cannot vouch for it, asked only when
// asksDictionary says it is worth asking.
func (d *ocrDoc) spellBuilt(b []byte) bool {
	return d.asksDictionary(utf8.RuneCount(b)) && d.spell(string(b))
}

// asksDictionary reports whether a word of n runes that the lexicon
// lacks is worth asking the dictionary: always beside a small word list,
// beside a large one (susMinListed words) only from susBuiltMin runes. Of
// a shorter word the list's silence is the answer, while the dictionary,
// asked of each of the thousand variants a scan's damaged words have and
// of each part of their compounds, would cost a tenth of the time a
// document takes.
func (d *ocrDoc) asksDictionary(n int) bool {
	return d.o.lex.listed < susMinListed || n >= susBuiltMin
}

// candReach is how many edits from a damaged word of n runes candPool
// looks for words: one, two from six runes.
func candReach(n int) int {
	if n >= 6 {
		return 2
	}
	return 1
}

// candSeenSize is how many candidates candPool expects for a word, its
// map made that large at once: a few dozen (German's common words are
// seen only when under the limit, a handful a word).
const candSeenSize = 64

// poolScratch is candPool's working state, which a document keeps from
// one damaged word to the next instead of making it for each: the word
// prepared for pricing (a few kilobytes of tables), the keys seen, the
// common words' prices and a candidate's runes.
type poolScratch struct {
	priced costObs
	seen   map[string]bool
	prices []float64
	want   []rune
}

// poolScratch takes the document's poolScratch, or makes one if another
// candPool holds it.
func (d *ocrDoc) poolScratch() *poolScratch {
	sc := d.pool
	if sc == nil {
		return &poolScratch{seen: make(map[string]bool, candSeenSize)}
	}
	d.pool = nil
	return sc
}

// putPoolScratch gives sc back to the document, emptied, unless its map
// grew past candSeenSize many times over (clearing it would cost more).
func (d *ocrDoc) putPoolScratch(sc *poolScratch) {
	if len(sc.seen) > 16*candSeenSize {
		return
	}
	clear(sc.seen)
	d.pool = sc
}

// shared reports whether lexicon word id is known beyond any one
// document: listed, confirmed, or counted in two documents or more.
func (d *ocrDoc) shared(id uint32) bool {
	e := d.lex.ents[id]
	return e.flags != 0 || e.df >= 2
}

// sharedWord is shared for a folded word.
func (d *ocrDoc) sharedWord(k string) bool {
	id, ok := d.lex.id(k)
	return ok && d.shared(id)
}

// candPools remembers the candidate pools of damaged words across
// documents, for one generation of the lexicon; it forgets everything
// when full or when the lexicon changes.
type candPools struct {
	mu  sync.RWMutex
	gen uint64
	m   map[string][]poolCand
}

// candPoolsMax is the most pools a candPools holds.
const candPoolsMax = 1 << 18

func (c *candPools) get(w string, gen uint64) ([]poolCand, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen {
		return nil, false
	}
	p, ok := c.m[w]
	return p, ok
}

func (c *candPools) put(w string, gen uint64, p []poolCand) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.gen != gen || len(c.m) >= candPoolsMax {
		c.m, c.gen = make(map[string][]poolCand), gen
	}
	c.m[w] = p
}

// compoundCands repairs one part of a long word: a trusted head whose tail
// is one or two edits from a trusted word (`Installations|pragramm`), or a
// damaged head before a trusted tail (`Techter|gesellschaft`). The repaired
// whole must be a compound the dictionary or the corpus accepts.
func (d *ocrDoc) compoundCands(low string, consider func(key, how string)) {
	rs := []rune(low)
	for i := 4; i <= len(rs)-4; i++ {
		head, tail := string(rs[:i]), string(rs[i:])
		headOK, tailOK := d.sharedWord(head) || d.sharedWord(strings.TrimSuffix(head, "s")), d.sharedWord(tail)
		if headOK == tailOK {
			continue
		}
		part := tail
		if tailOK {
			part = head
		}
		d.partFixes(part, func(fix string) {
			w := head + fix
			if tailOK {
				w = fix + tail
			}
			// the dictionary last: its compound analysis of a long word
			// costs far more than splitting it into trusted words
			if d.sharedWord(w) || morphCompound(w, susMinBuilt, d.sharedWord) != nil || d.spell(w) {
				consider(w, "")
			}
		})
	}
}

// splitCands adds the two words that the scanner ran together when it
// lost the space between them (`istes` for `ist es`): both known, and a
// short one a common word. A noun, which German writes capitalised, does
// not start in lower case after the lost space (`Binstellung` is not
// `Bin stellung`).
func (d *ocrDoc) splitCands(low, orig string, consider func(key, how string)) {
	rs := []rune(orig)
	if len(rs) != utf8.RuneCountInString(low) {
		return
	}
	for i := range low {
		if i == 0 {
			continue
		}
		a, b := low[:i], low[i:]
		if !d.splitPart(a) || !d.splitPart(b) {
			continue
		}
		if r := rs[utf8.RuneCountInString(a)]; unicode.IsLower(r) && d.nounOnly(b) {
			continue
		}
		consider(a+" "+b, "")
	}
}

// smallNoun reports whether orig is a noun written with a small letter
// inside a sentence, where German capitalises every noun: `ader` is no
// word, though the dictionary knows `Ader`, and is likely `oder`. The
// part after a line-end hyphen and a word known in the foreign list are
// not judged so.
func (d *ocrDoc) smallNoun(low, orig string) bool {
	o, _ := utf8.DecodeRuneInString(orig)
	if d.first || d.part || !unicode.IsLower(o) || utf8.RuneCountInString(low) < susShort ||
		d.o.foreign != nil && d.o.foreign.Known(low) {
		return false
	}
	if v := d.word; v != nil && v.low == low {
		return d.nounVerdict(v)
	}
	return d.nounOnly(low)
}

// spellWord is spell(orig), kept in the verdict of the word wordSuggestion
// judges (d.word) when orig is that word: a document asks it of each of
// its words as often as it writes them.
func (d *ocrDoc) spellWord(orig string) bool {
	if v := d.word; v != nil && v.orig == orig {
		return d.spellVerdict(v, orig)
	}
	return d.spell(orig)
}

// nounOnly reports whether the dictionary knows the folded word k only
// capitalised, as German writes its nouns. Verdicts are kept in the spell
// cache, and so are the dictionary's verdicts on k and its capitalised
// form (spellExact), which inflected and suspectCase ask again for the
// same candidates.
func (d *ocrDoc) nounOnly(k string) bool {
	if d.o.dict == nil || k == "" {
		return false
	}
	if v, ok := d.o.spellCache.get(k, verdictNounOnly); ok {
		return v
	}
	r, n := utf8.DecodeRuneInString(k)
	v := !d.spellExact(k) && d.spellExact(string(unicode.ToUpper(r))+k[n:])
	d.o.spellCache.put(k, verdictNounOnly, v)
	return v
}

// splitPart reports whether p may stand alone as one side of a split.
func (d *ocrDoc) splitPart(p string) bool {
	n := utf8.RuneCountInString(p)
	if n <= susShort {
		return d.o.common.has(p)
	}
	return d.sharedWord(p)
}

// partFixes calls fn with the trusted words one or two edits from the
// compound part p.
func (d *ocrDoc) partFixes(p string, fn func(string)) {
	if utf8.RuneCountInString(p) < 4 {
		return
	}
	maxd := 1
	if utf8.RuneCountInString(p) >= 7 {
		maxd = 2
	}
	var scratch symScratch
	d.o.idx.near(p, maxd, d.lex.keys, &scratch, func(id uint32, _ int) {
		if key := d.lex.keys[id]; key != p && d.shared(id) {
			fn(key)
		}
	})
}

// prior is the log prior of the folded candidate k: its corpus support,
// a boost for German's common words, and a discount for a word only the
// dictionary's compounding builds.
func (d *ocrDoc) prior(k string) float64 {
	if a, b, ok := strings.Cut(k, " "); ok {
		return min(d.prior(a), d.prior(b)) - susSplit
	}
	ev := d.evidence(k)
	p := susCorpusWeight * math.Log1p(ev.ext+evLocal*float64(ev.local))
	p += d.o.common.boost(k)
	switch {
	case ev.trusted:
	case d.inflected(k):
		p -= susInflected
	default:
		p -= susCompound
	}
	return p
}

// compounder is the optional interface of a Dictionary that tells a
// compound from a word its affix rules build (hunspell.Dict has it).
type compounder interface {
	Compound(word string) []string
}

// inflected reports whether the dictionary accepts the folded word k
// through its stems and affixes alone, not as a compound: an inflected
// form (`einzuschreiben`) is a likelier word than a compound nobody
// listed (`Colaputer`). Verdicts are kept in the spell cache.
func (d *ocrDoc) inflected(k string) bool {
	c, ok := d.o.dict.(compounder)
	if !ok || k == "" {
		return false
	}
	if v, ok := d.o.spellCache.get(k, verdictInflect); ok {
		return v
	}
	r, n := utf8.DecodeRuneInString(k)
	v := false
	for _, w := range []string{k, string(unicode.ToUpper(r)) + k[n:]} {
		if d.spellExact(w) {
			v = c.Compound(w) == nil
			break
		}
	}
	d.o.spellCache.put(k, verdictInflect, v)
	return v
}

// suspectCandidates turns ranked suspect candidates into the output form,
// cased (suspectCase) and scored by their share of the probability.
func (d *ocrDoc) suspectCandidates(cands []suspectCand, orig string) []Candidate {
	total := 0.0
	for _, c := range cands {
		total += math.Exp(c.score)
	}
	out := make([]Candidate, 0, len(cands))
	for _, c := range cands {
		out = append(out, Candidate{Text: d.suspectCase(c.key, orig), Score: ocrRound(math.Exp(c.score) / total)})
	}
	return out
}

// suspectCase gives the folded candidate k the case it wants: a noun, which
// the dictionary knows only capitalised, is capitalised; a word whose
// capital the scanner made (`Gber` for `über`, `Iateinisch` for
// `lateinisch`) is lower case inside a sentence; otherwise k takes the case
// of orig.
func (d *ocrDoc) suspectCase(k, orig string) string {
	cased := ocrCase(k, orig)
	if d.o.dict == nil || k == "" {
		return cased
	}
	r, n := utf8.DecodeRuneInString(k)
	upper := string(unicode.ToUpper(r)) + k[n:]
	if !d.spellExact(k) {
		if d.spellExact(upper) {
			return upper
		}
		return cased
	}
	o := firstLetter(orig)
	if ocrPolite(k) {
		return d.politeCase(k, orig, cased)
	}
	if unicode.IsUpper(o) && !d.first && !sameLetter(unicode.ToLower(o), r) {
		return k
	}
	return cased
}

// sameLetter reports whether a and b are one letter but for its marks:
// the scan's `O` of `Offentlichen` is the capital of `Ö` that lost its
// dots, not a capital the scanner made of another letter.
func sameLetter(a, b rune) bool {
	base := func(r rune) rune {
		d, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
		return d
	}
	return a == b || base(a) == base(b)
}

// ocrPolite reports whether k is a pronoun that German capitalises
// inside a sentence as the polite form (`Sie`, `Ihnen`): its case is not
// the dictionary's to decide, nor the scan's (`thres` is `Ihres` or
// `ihres`), but the text's (politeText).
func ocrPolite(k string) bool {
	switch k {
	case "sie", "ihnen", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres":
		return true
	}
	return false
}

// suspectReason says why a suspect is flagged and what its best
// candidate explains: `unknown word; looks like OCR damage: ii→ü gives
// Bündnis`. The word is cased as the candidate is (suspectCase).
func (d *ocrDoc) suspectReason(cands []suspectCand, orig string) string {
	if len(cands) == 0 {
		return "unknown word; no dictionary or corpus word explains it"
	}
	c := cands[0]
	w := d.suspectCase(c.key, orig)
	switch {
	case c.how != "":
		return "unknown word; looks like OCR damage: " + c.how + " gives " + w
	case c.cost <= susCheap:
		return "unknown word; looks like OCR damage of " + w
	default:
		return "unknown word; perhaps " + w
	}
}
