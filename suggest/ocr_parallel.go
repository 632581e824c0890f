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
// So a document with enough such words is judged twice: first its tokens
// are judged on every free core (prefetch), block by block, by helpers
// that each have their own state of the document and throw away what
// they find; then the document is judged as always, on the calling
// goroutine, with the verdicts kept. The output is the sequential one by
// construction: the helpers only fill caches the sequential pass reads.
// A warm document, or one judged while other documents keep the cores
// busy, is judged once.

const (
	// parMinNew is how many words new to the detector (no wordFacts yet)
	// a document must have for helpers to pay: a few dozen, some tens of
	// milliseconds of verdicts
	parMinNew = 32
	// parBlock is how many tokens a helper takes at a time: small enough
	// to share a document's damage evenly, large enough that taking them
	// costs nothing
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
// goroutine, reserved in o.busy (prefetch gives them back): none for a
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

// prefetch judges toks on helpers goroutines and the calling one, block
// by block, each with its own state of the document (helper), throwing
// away what they find: what is left of it is the verdicts kept across
// documents, which the sequential pass then reads. confs is the
// document's cursor, unread. The caller holds o.mu and the lexicon for
// reading until prefetch returns, for every goroutine.
func (d *ocrDoc) prefetch(doc string, toks []Token, confs *confCursor, helpers int) {
	defer d.o.busy.Add(-int32(helpers))
	d.o.prefetched.Add(1)
	var next atomic.Int64
	claims := &wordClaims{m: make(map[string]*ocrDoc, len(d.written))}
	run := func() {
		h := d.helper()
		h.claims = claims
		c := *confs // each its own place in the confidences, read in text order
		var items []ocrItem
		for {
			from := int(next.Add(parBlock)) - parBlock
			if from >= len(toks) {
				return
			}
			items = h.scan(doc, toks, from, min(from+parBlock, len(toks)), &c, items[:0])
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
	guarded()
	wg.Wait()
	if r := failed.Load(); r != nil {
		panic(*r)
	}
}

// helper returns a state of d's document for a helper goroutine: d's
// counts of the document's words (only read once counted), its text and
// tokens, and maps and scratch of its own.
func (d *ocrDoc) helper() *ocrDoc {
	return &ocrDoc{o: d.o, lex: d.lex, local: d.local, newer: d.newer, written: d.written,
		memo: make(map[string]*ocrVerdict, 64), corrected: d.corrected, toks: d.toks, inPairs: d.inPairs,
		text: d.text, words: d.words, blind: d.blind}
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
