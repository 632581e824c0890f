package suggest

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// A scan whose words are new to the detector (a reviewer's first page)
// costs most in the verdicts kept across documents: the dictionary's
// (spellCache), the suspects' candidate pools (candPools), the channel's
// hits (chHits), the edit neighbours (editCache), the words' facts
// (wordCache) and the traced verdicts (novel, built, damages). Each of
// them depends on the word alone, or on the document only through its
// traced deps, and is the same whichever document or goroutine makes it
// first: `folio suggest` already judges documents side by side on the
// same caches.
//
// So the tokens of a document with enough such words are judged on
// every free core: the calling goroutine judges the document as always,
// from its first token on, while helpers judge its blocks from the last
// one back, each with its own state of the document, throwing away what
// they find, until they meet it (scanHelped). What they leave is the
// verdicts kept across documents, which the calling goroutine reads when
// it reaches their blocks. The output is the sequential one by
// construction: the helpers only fill caches the sequential pass reads. A
// warm document, or one judged while other documents keep the cores
// busy, is judged on the calling goroutine alone.

const (
	// parMinNew is how many words new to the detector (no wordFacts yet)
	// a document must have for helpers to pay: a few dozen, some tens of
	// milliseconds of verdicts
	parMinNew = 32
	// parBlock is how many tokens a helper takes at a time: small enough
	// that a helper seldom judges a block the calling goroutine is about
	// to reach, large enough that taking them costs nothing
	parBlock = 16
)

// SetDocHelpers sets how many goroutines may help judge one document
// beside the calling one: 0 (the default) as many as there are cores
// (runtime.GOMAXPROCS) that no other Suggest keeps busy, fewer than 0
// none, n > 0 exactly n whenever the document has enough new words
// (for tests and benchmarks).
func (o *OCR) SetDocHelpers(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.docHelpers = n
}

// helpersFor returns how many helpers may judge d beside the calling
// goroutine, reserved in o.busy (scanHelped gives them back): none for a
// document with fewer than parMinNew new words, or when the Suggest
// calls and helpers running already fill GOMAXPROCS. The caller counts
// in o.busy and holds o.mu for reading.
func (o *OCR) helpersFor(d *ocrDoc) int {
	want := o.docHelpers
	procs := int32(runtime.GOMAXPROCS(0))
	if want < 0 || want == 0 && o.busy.Load() >= procs {
		return 0 // off, or every core judges a document already
	}
	if d.newWords() < parMinNew {
		return 0
	}
	if want > 0 {
		o.busy.Add(int32(want))
		return want
	}
	for {
		busy := o.busy.Load()
		if busy >= procs {
			return 0
		}
		if o.busy.CompareAndSwap(busy, procs) {
			return int(procs - busy)
		}
	}
}

// newWords counts d's words as written that o has no facts of in its
// wordCache (the words knownClean judges: more than susShort runes,
// checkable), and makes their entries, so that the document asks the
// large map no more for them and the next judging of the same words finds
// them known (knownClean would make most of them; not in a scan without
// umlauts, ocrUmlautBlind). The caller holds o.mu for reading.
func (d *ocrDoc) newWords() int {
	c, gen, rules := d.o.words, d.o.gen, len(d.o.ch.rules)
	n := 0
	var fresh []string
	c.mu.RLock()
	current := c.m != nil && c.gen == gen && c.rules == rules
	for w := range d.written {
		if utf8.RuneCountInString(w) <= susShort || !ocrCheckable(w) {
			continue
		}
		if f := c.m[w]; current && f != nil {
			if d.docFacts != nil {
				d.docFacts[w] = f
			}
			continue
		}
		n++
		fresh = append(fresh, w)
	}
	c.mu.RUnlock()
	for _, w := range fresh {
		f := c.get(w, gen, rules)
		if d.docFacts != nil {
			d.docFacts[w] = f
		}
	}
	return n
}

// scanHelped is scan over all of toks with helpers goroutines beside the
// calling one: the calling goroutine scans d from the first token on,
// as scan does, and the helpers judge blocks of parBlock tokens from the
// last one back until they reach the block it is in (ocr_parallel.go).
// confs is the document's cursor. The caller holds o.mu and the lexicon
// for reading until scanHelped returns, for every goroutine: it returns
// only when every helper is done, whether it panics or not.
func (d *ocrDoc) scanHelped(doc string, toks []Token, confs *confCursor, helpers int) []ocrItem {
	defer d.o.busy.Add(-int32(helpers))
	d.o.helped.Add(1)
	var (
		next    atomic.Int64 // the blocks from next on are taken
		reached atomic.Int64 // the calling goroutine's token
	)
	next.Store(int64(len(toks)))
	claims := &wordClaims{m: make(map[string]*ocrDoc, len(d.written))}
	seek := confs.seeker()
	run := func() {
		h := d.helper()
		h.claims = claims
		var items []ocrItem
		for {
			to := int(next.Add(-parBlock)) + parBlock
			from := max(to-parBlock, 0)
			if to <= 0 || from <= int(reached.Load()) {
				return // the calling goroutine judges it, as soon as a helper could
			}
			c := seek.at(toks[from].Start)
			items = h.scan(doc, toks, from, to, &c, items[:0])
		}
	}
	// a helper's panic is the caller's, as it would be without helpers,
	// once every helper is done (the caller's locks guard them all)
	var failed atomic.Pointer[any]
	guarded := func() {
		defer func() {
			if r := recover(); r != nil {
				failed.CompareAndSwap(nil, &r)
			}
		}()
		run()
	}
	var wg sync.WaitGroup
	for range helpers {
		wg.Go(guarded)
	}
	d.reached = &reached
	defer func() {
		d.reached = nil
		reached.Store(int64(len(toks))) // the helpers stop, should scan panic
		wg.Wait()
		if r := failed.Load(); r != nil {
			panic(*r)
		}
	}()
	return d.scan(doc, toks, 0, len(toks), confs, nil)
}

// helper returns a state of d's document for a helper goroutine: d's
// counts of the document's words (only read once counted), its text and
// tokens, and maps and scratch of its own.
func (d *ocrDoc) helper() *ocrDoc {
	return &ocrDoc{o: d.o, lex: d.lex, local: d.local, newer: d.newer, written: d.written,
		memo: make(map[string]*ocrVerdict, 64), corrected: d.corrected, toks: d.toks, inPairs: d.inPairs,
		text: d.text, words: d.words, blind: d.blind, longS: d.longS}
}

// wordClaims shares a document's words among its helpers: the first to
// judge a word judges it, and the others pass over it, so that no two make
// the same verdicts at once. The sequential pass judges every word anyway.
type wordClaims struct {
	mu sync.Mutex
	m  map[string]*ocrDoc
}

// take reports whether h may judge the word w: no other helper took it.
func (c *wordClaims) take(w string, h *ocrDoc) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if by, ok := c.m[w]; ok {
		return by == h
	}
	c.m[w] = h
	return true
}
