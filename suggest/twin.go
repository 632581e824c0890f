package suggest

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"sync"

	"folio/annot"
)

// A clean twin is the best evidence an OCR scan can have: when the corpus
// holds another copy of the same text (a web copy of a scanned press
// release), the two are aligned word by word, and where they differ by
// what OCR damage explains, the twin's wording is the first candidate.

// twinMaxRun is the longest run of differing words, on either side, that
// is offered as one fix; longer runs are passages one copy lacks.
const twinMaxRun = 3

// twinMaxCost is the most damage, in edit units per word, that the
// difference between the scan's words and the twin's may take: more is a
// different wording, not damage.
const twinMaxCost = 1.6

// twinReason starts the reason of a suggestion a twin's wording makes:
// `the copy in 004_… reads “Köln”`.
const twinReason = "the copy in "

// FromTwin returns the twin whose wording made suggestion s, and whether
// a twin made it.
func FromTwin(s Suggestion) (twin string, ok bool) {
	rest, ok := strings.CutPrefix(s.Reason, twinReason)
	if !ok {
		return "", false
	}
	twin, _, ok = strings.Cut(rest, " reads “")
	return twin, ok
}

// twinScore is the score of a twin's wording among the candidates.
const twinScore = 0.99

// Twin is a near-duplicate of a document: its id, its corrected text,
// and its text as stored, before its corrections ("" when they are the
// same text).
type Twin struct {
	ID, Text, Stored string
}

// stored is t's text as stored.
func (t Twin) stored() string { return cmp.Or(t.Stored, t.Text) }

// SuggestTwin is Suggest for a document with near-duplicates twins (in
// the record's order, read as they are asked for): when the first twin
// that is no copy of it (another OCR file of the same page, the same
// words) is the cleaner of the two, each difference from it that OCR
// damage explains is a suggestion whose first candidate is the twin's
// wording, replacing the suggestions it overlaps or leading their
// candidates. Cleaner: the smaller share of damaged words, unless the
// dictionary (and the word lists) attest the document's wording more
// often than the twin's where the two differ (twinAttested). When the
// document has copies, damaged alike, they make its damaged words common
// and its share of damage small: then the dictionary alone decides. conf
// is as for SuggestConf.
func (o *OCR) SuggestTwin(doc, text string, anns []annot.Annotation, twins iter.Seq[Twin], conf []WordConf) []Suggestion {
	maps := o.docs.get()
	defer o.docs.put(maps)
	out, toks := o.suggestConf(maps, doc, text, anns, conf)
	var diffs []Suggestion
	copied := false
	for t := range twins {
		if twinSameWords(toks, t.stored()) {
			// another OCR file of the same page, corrected or not: its
			// corrections are a reviewer's, not a clean copy's wording
			copied = true
			continue
		}
		if !copied && o.damageShare(t.Text, nil, nil) >= o.damageShare(text, toks, maps) {
			break // the twin is no cleaner: its wording is no evidence
		}
		diffs = o.twinDiffs(doc, text, t.ID, t.Text)
		if m := o.twinAttested(diffs); m < 0 || copied && m == 0 {
			diffs = nil // the dictionary finds the twin no cleaner
		}
		break
	}
	if len(diffs) == 0 {
		return out
	}
	f := newOCRFilter(anns)
	merged := out[:0:0]
	i := 0
	for _, t := range diffs {
		if !f.allows(t) {
			continue
		}
		for i < len(out) && out[i].End <= t.Start {
			merged = append(merged, out[i])
			i++
		}
		for i < len(out) && out[i].Start < t.End {
			// an overlapping suggestion yields, lending its other candidates
			// when it covers exactly the same words
			if s := out[i]; s.Start == t.Start && s.End == t.End && s.Kind != KindEntity {
				for _, c := range s.Candidates {
					if c.Text != t.Candidates[0].Text {
						// their shares, of what the twin leaves
						c.Score = ocrRound(c.Score * (1 - twinScore))
						t.Candidates = append(t.Candidates, c)
					}
				}
			} else if s.Kind == KindEntity {
				merged = append(merged, s)
			}
			i++
		}
		merged = append(merged, t)
	}
	merged = append(merged, out[i:]...)
	slices.SortStableFunc(merged, func(a, b Suggestion) int { return a.Start - b.Start })
	return merged
}

// twinDiffs aligns the words of text with those of twin and returns a
// suggestion for each short difference that OCR damage explains.
func (o *OCR) twinDiffs(doc, text, twinID, twin string) []Suggestion {
	a, b := Tokens(text), Tokens(twin)
	fa, fb := twinKeys(a), twinKeys(b)
	var out []Suggestion
	for _, e := range twinWordByWord(twinAlign(fa, fb), fa, fb) {
		if e.a0 == e.a1 || e.b0 == e.b1 || e.a1-e.a0 > twinMaxRun || e.b1-e.b0 > twinMaxRun {
			continue
		}
		obs := text[a[e.a0].ByteStart:a[e.a1-1].ByteEnd]
		want := twin[b[e.b0].ByteStart:b[e.b1-1].ByteEnd]
		want = strings.Join(strings.Fields(ocrDehyphenate(want)), " ")
		if !o.twinDamage(obs, want, e.a1-e.a0) {
			continue
		}
		out = append(out, Suggestion{
			Doc: doc, Start: a[e.a0].Start, End: a[e.a1-1].End, Text: obs, Kind: KindOCR,
			Candidates: []Candidate{{Text: want, Score: twinScore}},
			Reason:     twinReason + twinID + " reads “" + want + "”",
			Likelihood: twinScore,
		})
	}
	return out
}

// twinSameWords reports whether text has the words of toks, in order.
func twinSameWords(toks []Token, text string) bool {
	other := Tokens(text)
	return len(other) == len(toks) && slices.EqualFunc(toks, other, func(a, b Token) bool { return a.Text == b.Text })
}

// twinAttested is the margin by which a twin's wording is attested where
// the document's is not, over the differences diffs that twinDiffs found
// between them: the places where every word of the twin's wording is
// spelled by the dictionary or listed in a word list and the document's
// words are not, less the places where it is the other way round. The
// corpus's counts are left out: copies damaged alike would vouch for
// their damage.
func (o *OCR) twinAttested(diffs []Suggestion) int {
	if len(diffs) == 0 {
		return 0
	}
	o.mu.RLock()
	defer o.mu.RUnlock()
	o.lex.mu.RLock()
	defer o.lex.mu.RUnlock()
	d := &ocrDoc{o: o, lex: o.lex}
	attested := func(s string) bool {
		n := 0
		for _, t := range Tokens(ocrDehyphenate(s)) {
			if t.Letters == 0 {
				continue
			}
			n++
			if d.spell(t.Text) {
				continue
			}
			if id, ok := o.lex.id(lexFold(t.Text)); !ok || o.lex.ents[id].flags&lexListed == 0 {
				return false
			}
		}
		return n > 0
	}
	margin := 0
	for _, s := range diffs {
		switch twin, doc := attested(s.Candidates[0].Text), attested(s.Text); {
		case twin && !doc:
			margin++
		case doc && !twin:
			margin--
		}
	}
	return margin
}

// twinDamage reports whether OCR damage explains the scan's words obs
// where the twin has want: a cost the channel would pay.
func (o *OCR) twinDamage(obs, want string, words int) bool {
	joined := strings.Join(strings.Fields(ocrDehyphenate(obs)), " ")
	if strings.EqualFold(joined, want) {
		return joined != want // a difference of case only
	}
	limit := twinMaxCost * float64(max(words, 1))
	return o.cost.cost([]rune(joined), []rune(lexFold(want)), limit) < limit
}

// twinWordByWord splits each difference of as many words on both sides
// into one difference a word, so that a changed word beside a damaged one
// is judged, and offered, on its own.
func twinWordByWord(edits []twinEdit, a, b []string) []twinEdit {
	var out []twinEdit
	for _, e := range edits {
		if n := e.a1 - e.a0; n > 1 && n == e.b1-e.b0 {
			for k := range n {
				if a[e.a0+k] != b[e.b0+k] {
					out = append(out, twinEdit{e.a0 + k, e.a0 + k + 1, e.b0 + k, e.b0 + k + 1})
				}
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// twinKeys folds tokens for the alignment.
func twinKeys(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = lexFold(t.Text)
	}
	return out
}

// twinEdit is one difference of the alignment: words [a0, a1) of the scan
// stand where the twin has [b0, b1).
type twinEdit struct{ a0, a1, b0, b1 int }

// twinAlign returns the differences between a and b, in order: the
// runs between the words of a longest common subsequence, found with
// Myers' O((n+m)·D) algorithm, which is fast for the small D of twins.
// A pair of very different texts (D beyond twinMaxD) yields nothing.
func twinAlign(a, b []string) []twinEdit {
	n, m := len(a), len(b)
	maxD := min(n+m, twinMaxD)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		// keep the part of v that step d reads: k-1 and k+1 for |k| <= d
		trace = append(trace, slices.Clone(v[off-d-1:off+d+2]))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return twinEdits(trace, n, m, d)
			}
		}
	}
	return nil
}

// twinMaxD bounds the edit distance the alignment searches, in words; the
// trace it keeps grows with its square (2000: 32 MB at worst).
const twinMaxD = 2000

// twinEdits walks the trace back from (n, m) and groups the steps into
// runs of differences.
func twinEdits(trace [][]int, n, m, d int) []twinEdit {
	type step struct{ x, y int }
	var path []step // the diagonal-free corners, from the end
	x, y := n, m
	for ; d > 0; d-- {
		w := trace[d] // v[k] is w[k+d+1]
		k := x - y
		var pk int
		if k == -d || k != d && w[k-1+d+1] < w[k+1+d+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := w[pk+d+1]
		py := px - pk
		for x > px && y > py { // the snake
			x--
			y--
		}
		path = append(path, step{x, y}, step{px, py})
		x, y = px, py
	}
	slices.Reverse(path)
	// path holds pairs (before, after) of each single insertion or deletion;
	// merge neighbours into runs
	var out []twinEdit
	for i := 0; i+1 < len(path); i += 2 {
		from, to := path[i], path[i+1]
		if len(out) > 0 && out[len(out)-1].a1 == from.x && out[len(out)-1].b1 == from.y {
			out[len(out)-1].a1, out[len(out)-1].b1 = to.x, to.y
			continue
		}
		out = append(out, twinEdit{a0: from.x, a1: to.x, b0: from.y, b1: to.y})
	}
	return out
}

// damageShare is the share of the words of three letters or more in text
// that no word list, dictionary or second document knows and one rewrite
// of the channel turns into a known word: how damaged the text looks.
// toks, when not nil, are the tokens of text, which it then does not scan;
// maps, when not nil, are those suggestConf judged text with: the cache's
// entries of its words (docMaps.facts) serve again if the lexicon and the
// rules are still those they were taken under (a Learn may come between
// the two).
func (o *OCR) damageShare(text string, toks []Token, maps *docMaps) float64 {
	o.ensureIndex()
	o.mu.RLock()
	defer o.mu.RUnlock()
	o.lex.mu.RLock()
	defer o.lex.mu.RUnlock()
	if v, ok := o.shares.get(text, o.gen); ok {
		return v
	}
	var facts map[string]*wordFacts
	if maps != nil && maps.factsGen == o.gen && maps.factsRules == len(o.ch.rules) {
		facts = maps.facts
	}
	d := &ocrDoc{o: o, lex: o.lex, docFacts: facts}
	words, unknown := 0, 0
	judge := func(t Token) {
		if t.Letters < 3 || t.Digits > 0 {
			return
		}
		words++
		if d.damagedJudged(t.Text) {
			unknown++
		}
	}
	if toks != nil {
		for _, t := range toks {
			judge(t)
		}
	} else {
		scanTokens(text, judge)
	}
	share := 1.0
	if words > 0 {
		share = float64(unknown) / float64(words)
	}
	o.shares.put(text, o.gen, share)
	return share
}

// shareCache remembers the damage share of texts for one generation of
// the lexicon: a twin's text is measured for each of its near-duplicates.
type shareCache struct {
	mu    sync.Mutex
	gen   uint64
	m     map[string]float64
	bytes int
}

// shareCacheMax is the most text, in bytes, a shareCache holds.
const shareCacheMax = 16 << 20

func (c *shareCache) get(text string, gen uint64) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[text]
	return v, ok && c.gen == gen
}

func (c *shareCache) put(text string, gen uint64, v float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(text) > shareCacheMax/4 {
		return
	}
	if c.m == nil || c.gen != gen || c.bytes+len(text) > shareCacheMax {
		c.m, c.gen, c.bytes = make(map[string]float64), gen, 0
	}
	if _, ok := c.m[text]; !ok {
		c.bytes += len(text)
	}
	c.m[text] = v
}

// damagedWord reports whether the word w, as written, counts as damage in
// damageShare. The verdict reads no document's own counts (the ocrDoc
// holds none), so it holds in every text for one generation of the lexicon.
func (d *ocrDoc) damagedWord(w string) bool {
	id, _, hits, found := d.wordHits(w)
	if found {
		if ev := d.evidenceOf(id); ev.vouched || ev.docs >= 2 {
			return false
		}
	}
	if d.spell(w) {
		return false
	}
	if !found {
		hits = d.channelHits(lexFold(w), w, 1)
	}
	for _, h := range hits {
		if d.evidenceOf(h.id).trusted {
			return true
		}
	}
	return false
}

// damagedJudged returns damagedWord's verdict on w, from the cache when
// it has it (the words of twins recur across documents).
func (d *ocrDoc) damagedJudged(w string) bool {
	f := d.wordFacts(w)
	switch f.damaged.Load() {
	case factYes:
		return true
	case factNo:
		return false
	}
	v := d.damagedWord(w)
	if v {
		f.damaged.Store(factYes)
	} else {
		f.damaged.Store(factNo)
	}
	return v
}
