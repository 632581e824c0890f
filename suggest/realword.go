package suggest

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A real-word error is OCR damage that happens to spell another word:
// `mochte` for `möchte`, `Bier` for `Hier`. No lexicon flags it; only the
// context does. Bigrams counts the pairs of neighbouring words of a corpus,
// and a known word is flagged when one rewrite of the OCR channel turns it
// into a word that the corpus uses in this very context far more often:
// `Sie mochte` is rare where `Sie möchte` is common. The evidence must be
// strong (realMinPairs occurrences of the variant's pairs, realRatio times
// the word's own, weighted by how likely the damage is), so that a rare
// but right word is left alone.

// Bigrams counts pairs of neighbouring words (folded, with nothing but
// blanks between them) over a corpus. It is safe for concurrent use.
type Bigrams struct {
	seed maphash.Seed
	mu   sync.RWMutex
	m    map[uint64]uint32
	docs map[string]bool // of a sample, the documents counted (AddOf); nil: all of the corpus
}

// NewBigrams returns an empty count of a whole corpus: every document
// judged must be added (AddDocument or Add).
func NewBigrams() *Bigrams {
	return &Bigrams{seed: maphash.MakeSeed(), m: make(map[uint64]uint32)}
}

// NewSampleBigrams returns an empty count of a sample of a corpus, which
// stands for the corpus when reading it all costs too much (`folio
// suggest --where`): only the documents added with AddOf are in it, and a
// document judged that is not is taken as outside it (its own pairs are
// not taken out of the counts).
func NewSampleBigrams() *Bigrams {
	b := NewBigrams()
	b.docs = make(map[string]bool)
	return b
}

// AddOf adds the pairs Count counted of document doc, and remembers that
// the count has doc.
func (b *Bigrams) AddOf(doc string, p Pairs) {
	b.Add(p)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.docs != nil {
		b.docs[doc] = true
	}
}

// has reports whether the count has document doc's pairs: every document
// for a count of the whole corpus.
func (b *Bigrams) has(doc string) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.docs == nil || b.docs[doc]
}

// AddDocument counts the pairs of one (corrected) text.
func (b *Bigrams) AddDocument(text string) { b.Add(b.Count(text)) }

// Pairs are the pair counts of one text, made by Count (which is safe to
// run on many texts at once) and added by Add.
type Pairs map[uint64]int32

// Count counts the pairs of one (corrected) text without adding them.
func (b *Bigrams) Count(text string) Pairs { return b.count(text) }

// CountInto is Count adding to p, an empty map of an earlier count
// whose pairs were added (a run over a corpus reuses its maps), and
// returns p.
func (b *Bigrams) CountInto(p Pairs, text string) Pairs {
	return b.countTokensInto(p, text, nil)
}

// Add adds the pairs Count counted.
func (b *Bigrams) Add(p Pairs) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, n := range p {
		b.m[k] += uint32(n)
	}
}

// Len is the number of distinct pairs counted.
func (b *Bigrams) Len() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.m)
}

// count returns the pairs of text by key. It scans text as it counts,
// holding no token slice (`folio suggest` counts every document).
func (b *Bigrams) count(text string) Pairs {
	return b.countTokensInto(make(Pairs, len(text)/7+1), text, nil)
}

// countTokensInto is count over the tokens of text (hashing each folded
// word once) adding to out, and returns out; with toks nil it scans text
// for them.
func (b *Bigrams) countTokensInto(out Pairs, text string, toks []Token) Pairs {
	var buf []byte
	var prev uint64
	var last Token
	first := true
	visit := func(t Token) {
		before, had := last, !first
		last, first = t, false
		if t.Letters == 0 {
			return
		}
		buf = lexFoldBuf(buf[:0], t.Text)
		h := maphash.Bytes(b.seed, buf)
		if had && realAdjacent(text, before, t) {
			out[pairKey(prev, h)]++
		}
		prev = h
	}
	if toks == nil {
		scanTokens(text, visit)
	} else {
		for _, t := range toks {
			visit(t)
		}
	}
	return out
}

// key hashes the pair of folded words a, w (in that order).
func (b *Bigrams) key(a, w string) uint64 {
	return pairKey(b.hash(a), b.hash(w))
}

// hash is the hash of the folded word w that pair keys combine.
func (b *Bigrams) hash(w string) uint64 { return maphash.String(b.seed, w) }

// pairKey combines the hashes of two words, in order, into a pair's key.
func pairKey(a, w uint64) uint64 { return bits.RotateLeft64(a, 23)*0x9e3779b97f4a7c15 ^ w }

// get is the count of the pair with key k.
func (b *Bigrams) get(k uint64) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return int(b.m[k])
}

// realAdjacent reports whether tokens a and b are neighbours in a
// sentence: both hold letters and only blanks (a line break included)
// stand between them.
func realAdjacent(text string, a, b Token) bool {
	if a.Letters == 0 || b.Letters == 0 {
		return false
	}
	return strings.TrimSpace(text[a.ByteEnd:b.ByteStart]) == ""
}

// SetBigrams gives the pair counts of the corpus, which must include the
// documents that will be judged (their own pairs are taken out, as their
// words are): known words that the context makes unlikely become
// suggestions. Call it before the first Suggest.
func (o *OCR) SetBigrams(b *Bigrams) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.bigrams = b
}

const (
	// realMinPairs is how often the variant must occur in the context
	// (before the next word and after the previous, outside this document)
	// for the context to count as evidence.
	realMinPairs = 10
	// realRatio is how many times likelier than the word as written the
	// variant must be: its pairs times the probability of the damage
	// against the word's own pairs.
	realRatio = 2
	// realPrior is the pseudo-count of the word's own pairs: a word never
	// seen in this context is not therefore wrong.
	realPrior = 0.5
	// realMinLen is the shortest word judged, in runes.
	realMinLen = 3
)

// realWordSuggestion judges token i, a word that nothing else flagged,
// against its neighbours: the OCR variant of it (one channel rewrite) that
// the corpus uses most in this context, if the evidence is strong.
func (d *ocrDoc) realWordSuggestion(doc, text string, toks []Token, i int) (Suggestion, bool) {
	b := d.o.bigrams
	t := toks[i]
	if b == nil || t.HasHyphen || t.HasApost || t.Digits > 0 || utf8.RuneCountInString(t.Text) < realMinLen {
		return Suggestion{}, false
	}
	hasPrev := i > 0 && realAdjacent(text, toks[i-1], t)
	hasNext := i+1 < len(toks) && realAdjacent(text, t, toks[i+1])
	if !hasPrev && !hasNext {
		return Suggestion{}, false
	}
	// the cheap tests first: most words have no variant the lexicon knows
	id, low, hits, ok := d.wordHits(t.Text)
	if !ok || len(hits) == 0 || !d.evidenceOf(id).trusted {
		return Suggestion{}, false
	}
	var prev, next string
	var hPrev, hNext uint64 // their hashes, each taken once
	if hasPrev {
		prev = lexFold(toks[i-1].Text)
		hPrev = b.hash(prev)
	}
	if hasNext {
		next = lexFold(toks[i+1].Text)
		hNext = b.hash(next)
	}
	// pairs counts the pairs of w in this context, in the corpus (all) or
	// outside this document
	pairs := func(w string, all bool) int {
		n := 0
		h := b.hash(w)
		if prev != "" {
			n += d.pairCountKey(pairKey(hPrev, h), all)
		}
		if next != "" {
			n += d.pairCountKey(pairKey(h, hNext), all)
		}
		return n
	}
	own := -1.0 // counted when a variant needs it
	var best string
	var bestScore float64
	var bestPairs int
	for _, h := range hits {
		key := d.lex.keys[h.id]
		if utf8.RuneCountInString(key) < 2 || pairs(key, true) < realMinPairs || !d.evidenceOf(h.id).trusted {
			continue // too few even with this document's own pairs
		}
		n := pairs(key, false)
		if n < realMinPairs {
			continue
		}
		if own < 0 {
			own = float64(pairs(low, false)) + realPrior
		}
		if s := float64(n) * d.o.ch.hitP(h.rw); s >= realRatio*own && (s > bestScore || s == bestScore && key < best) {
			best, bestScore, bestPairs = key, s, n
		}
	}
	if best == "" {
		return Suggestion{}, false
	}
	fix := d.suspectCase(best, t.Text)
	total := bestScore + own
	return Suggestion{
		Doc: doc, Start: t.Start, End: t.End, Text: t.Text, Kind: KindOCR,
		Candidates: []Candidate{{Text: fix, Score: ocrRound(bestScore / total)}, {Text: t.Text, Score: ocrRound(own / total)}},
		Reason:     realReason(prev, next, low, best, bestPairs, pairs(low, false)),
	}, true
}

// pairCountKey is the count of the pair whose key is k (Bigrams.key) in
// the corpus (all), or outside this document.
func (d *ocrDoc) pairCountKey(k uint64, all bool) int {
	n := d.o.bigrams.get(k)
	if !d.inPairs {
		// a sample without this document: the count is all outside it.
		// The whole count (the sample's plus the document's own) is
		// only a cheap first test before the count outside, which
		// decides, so it is not counted: the sample's count is
		// outside, and a pair too rare outside is rejected either way.
		return n
	}
	if all || n == 0 {
		return n
	}
	return max(0, n-int(d.ownPairs()[k]))
}

// ownPairs are this document's pairs of words, counted on first use.
func (d *ocrDoc) ownPairs() Pairs {
	if d.pairs == nil {
		// as the corpus counted them, over the corrected text
		out := d.pairsBuf
		if out == nil {
			out = make(Pairs, len(d.toks))
		}
		d.pairs = d.o.bigrams.countTokensInto(out, d.corrected, d.toks)
	}
	return d.pairs
}

// realReason says what the context shows: `a real word the context makes
// unlikely: the corpus has “sie möchte” 40 times, “sie mochte” never`.
func realReason(prev, next, low, fix string, fixPairs, ownPairs int) string {
	ctx := func(w string) string {
		s := w
		if prev != "" {
			s = prev + " " + s
		}
		if next != "" {
			s += " " + next
		}
		return "“" + s + "”"
	}
	times := func(n int) string {
		switch n {
		case 0:
			return "never"
		case 1:
			return "once"
		}
		return fmt.Sprintf("%d times", n)
	}
	return "a real word the context makes unlikely: the corpus has " + ctx(fix) + " " + times(fixPairs) +
		", " + ctx(low) + " " + times(ownPairs)
}

// realContext scales the context's evidence for a suspect's candidate,
// added to its log score: the context chooses among fixes of like cost
// (`de Stadt` is `die Stadt` where the corpus says so, `de Sinnes` is `des
// Sinnes`).
const realContext = 0.5

// realContextMax is the most the context adds to a candidate's log score:
// it chooses among fixes of like cost, and does not outweigh a much
// cheaper one.
const realContextMax = 1.0

// contextRank re-ranks cands, the best candidates of the suspect token
// d.tok (best first), by how much likelier the corpus makes each beside
// the token's neighbours than alone: the log of the pairs it makes with
// them over the pairs chance would give (the product of the two words'
// counts over the corpus's), where it makes some. A frequent word is
// no likelier in every context: its prior already counts its frequency.
// This document's other pairs are counted too: a fresh corpus knows its
// words' company mostly from the scan itself, and the damaged word's own
// pairs are not the candidate's. The part of a hyphenated word and a
// split are left as they are.
func (d *ocrDoc) contextRank(cands []suspectCand) []suspectCand {
	b := d.o.bigrams
	if b == nil || len(cands) < 2 || d.part || d.tok >= len(d.words) || d.lex.total <= 0 {
		return cands
	}
	toks, i := d.words, d.tok
	type side struct {
		h     uint64
		count float64
		ok    bool
	}
	neighbour := func(j int) side {
		k := lexFold(toks[j].Text)
		s := side{h: b.hash(k), ok: true}
		if id, ok := d.o.lookup(k); ok {
			s.count = float64(d.lex.ents[id].count)
		}
		return s
	}
	var prev, next side
	if i > 0 && toks[i-1].Letters > 0 && realAdjacent(d.text, toks[i-1], toks[i]) {
		prev = neighbour(i - 1)
	}
	if i+1 < len(toks) && toks[i+1].Letters > 0 && realAdjacent(d.text, toks[i], toks[i+1]) {
		next = neighbour(i + 1)
	}
	if !prev.ok && !next.ok {
		return cands
	}
	total := float64(d.lex.total)
	var out []suspectCand
	for j, c := range cands {
		if strings.Contains(c.key, " ") {
			continue
		}
		id, ok := d.o.lookup(c.key)
		if !ok {
			continue
		}
		h, cnt := b.hash(c.key), float64(d.lex.ents[id].count)
		lift := 0.0
		for si, s := range []side{prev, next} {
			if !s.ok {
				continue
			}
			// by place, not by value: the same word can stand on both sides
			k := pairKey(s.h, h)
			if si == 1 {
				k = pairKey(h, s.h)
			}
			if n := b.get(k); n > 0 {
				lift += math.Log((float64(n) + 0.5) / (s.count*cnt/total + 0.5))
			}
		}
		if lift > 0 {
			if out == nil {
				out = slices.Clone(cands)
			}
			out[j].score += min(realContext*lift, realContextMax)
		}
	}
	if out == nil {
		return cands
	}
	slices.SortStableFunc(out, func(a, b suspectCand) int {
		switch {
		case suspectBefore(&a, &b):
			return -1
		case suspectBefore(&b, &a):
			return 1
		}
		return 0
	})
	return out
}

// suspectShare is the share of the probability that the first of cands
// holds (as suspectCandidates gives it), unrounded; 0 without candidates.
func suspectShare(cands []suspectCand) float64 {
	if len(cands) == 0 {
		return 0
	}
	total := 0.0
	for _, c := range cands {
		total += math.Exp(c.score - cands[0].score)
	}
	return 1 / total
}
