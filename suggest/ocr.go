package suggest

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"folio/internal/workers"
)

// OCR is the detector of OCR errors and line-end hyphenation: a lexicon, a
// channel model of the damage OCR does, and an edit-distance index of the
// lexicon. It is safe for concurrent use.
type OCR struct {
	lex *Lexicon

	mu        sync.RWMutex
	ch        *channel
	learned   map[string]string // folded damaged word → confirmed fix
	taught    map[string]int    // folded fix → the occurrences Learn added to the lexicon
	idx       *symIndex         // built on first use, then kept up to date
	stems     map[string]uint32 // stem → lexicon id of a word with a prefix (morphStems)
	stemTo    int               // lexicon ids below this are in stems
	shape     *shapeIndex       // letter trigrams of the lexicon's words
	gen       uint64            // lexicon generation the indexes reflect
	cleanMark []uint64          // see isClean
	hot       *hotTable         // the corpus's most frequent words: see buildHot
	hotAt     int               // the lexicon's size when hot was built

	dict    Dictionary // spelling with morphology; nil without one
	foreign *Lexicon   // words of other languages that quotations use; nil without
	cost    *costTable
	common  deCommon
	// commonWords are common's words by their length in runes, sorted,
	// to be priced at once (costSorted)
	commonWords *costWords
	// spellCache holds dict's verdicts (the pointer keeps OCR copyable by
	// value in tests without copying a lock)
	spellCache *spellCache
	pools      *candPools   // suspects' candidates, by word
	hits       *chHits      // the channel's variants the lexicon has, by word
	shares     *shareCache  // texts' damage shares, for twins
	words      *wordCache   // verdicts on words as written: knownClean's, wordHits's, damageShare's
	edits      *editCache   // the lexicon words an edit or two from damaged words
	bigrams    *Bigrams     // pairs of neighbouring words; nil without
	docs       *docPool     // per-document maps, reused (docMaps)
	workers    int          // goroutines an index build uses (SetWorkers)
	docHelpers int          // goroutines that may help judge one document (SetDocHelpers)
	busy       atomic.Int32 // suggestConf calls and their helpers running (ocr_parallel.go)
	helped     atomic.Int64 // documents judged with helpers, for tests

	// damages holds the words repeated damage may come from (ocr_damage.go)
	damages *damageCache
	// novel holds builtNovelty's verdicts by word (ocr_trace.go)
	novel *tracedCache[float64]
	// built holds builtOf's verdicts by word (ocr_trace.go)
	built *tracedCache[string]
	// builtRw holds builtCands's rewrites by word (ocr_trace.go)
	builtRw *tracedCache[[]builtCand]
}

// NewOCR returns a detector over lex. It costs nothing up front: the
// edit-distance index and the prefix stems are built by the first Suggest
// (about 10 ms for a corpus lexicon of 10 000 words, about a second for a
// 400 000-word list) and then kept up to date incrementally as the lexicon
// grows.
func NewOCR(lex *Lexicon) *OCR {
	common := newDECommon()
	return &OCR{lex: lex, ch: newChannel(), learned: make(map[string]string), taught: make(map[string]int), cost: newCostTable(), common: common, commonWords: newCostWords(common.byLength()), spellCache: newSpellCache(), pools: &candPools{}, hits: &chHits{}, shares: &shareCache{}, words: &wordCache{}, edits: newEditCache(), docs: &docPool{}, damages: newDamageCache(), novel: newTracedCache[float64](), built: newTracedCache[string](), builtRw: newTracedCache[[]builtCand]()}
}

// SetWorkers sets how many goroutines building the indexes may use: 0
// (the default) as many as there are indexes, 1 one after the other (the
// interface leaves a processor to the keys).
func (o *OCR) SetWorkers(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.workers = n
}

// SetDictionary makes d, a dictionary with morphology, evidence that a word
// is right. Call it before the first Suggest.
func (o *OCR) SetDictionary(d Dictionary) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dict = d
}

// SetForeign gives the words of other languages that a text may quote
// (an English word list, say): an unknown German word that is one of them
// and has no convincing German fix is not a suspect. Call it before the
// first Suggest.
func (o *OCR) SetForeign(lex *Lexicon) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.foreign = lex
}

// Lexicon returns the lexicon o reads.
func (o *OCR) Lexicon() *Lexicon { return o.lex }

// Learn records a confirmed fix: from (as in the stored text; a word broken
// at a line end may keep its hyphen and line break) was corrected to to. It
// raises the weight of the rewrites that explain the fix for the rest of
// the corpus, remembers the whole-word fix, and adds to to the lexicon.
func (o *OCR) Learn(from, to string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if lt := o.learnFix(from, to); lt != "" {
		o.taught[lt]++
		o.lex.AddWord(lt, 1) // under o.mu, so that SetFixes sees both or neither
	}
}

// LearnCounted is Learn for a fix whose word the lexicon has counted
// already: one read from the store when the suggester is built, whose word
// counts are those of the corrected texts. It confirms the word and adds
// an occurrence only where the corpus counts fewer than its fixes (a fix
// in a reviewer's layer), so that a word fixed once reads as once in the
// corpus, as it does after a Learn in the session that made the fix.
func (o *OCR) LearnCounted(from, to string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if lt := o.learnFix(from, to); lt != "" {
		o.taught[lt]++
		o.lex.confirmCounted(lt, o.taught[lt])
	}
}

// learnFix is Learn without the lexicon: it raises the rewrites that
// explain from→to and remembers the whole-word fix, and returns to folded
// ("" if empty). The caller holds o.mu.
func (o *OCR) learnFix(from, to string) string {
	joined := ocrDehyphenate(from)
	lf, lt := lexFold(joined), lexFold(strings.TrimSpace(to))
	if lf != "" && lt != "" && lf != lt {
		o.ch.learn(lf, joined, lt)
		o.learned[lf] = lt
	}
	return lt
}

// Fix is a confirmed fix: the stored text From corrected to To, Count
// times.
type Fix struct {
	From, To string
	Count    int
}

// SetFixes makes what o learned of confirmed fixes exactly fixes (the
// store's, read again after an undo or a redo took fixes back or brought
// them again): the confirmations of the channel's rewrites, the whole-word
// fixes, and the occurrences and the confirmed mark that Learn gave their
// words in the lexicon. A word the lexicon first met in a fix taken back
// stays in it, with the counts the corpus gave it.
func (o *OCR) SetFixes(fixes []Fix) {
	o.mu.Lock()
	o.ch.forget()
	clear(o.learned)
	was := o.taught
	o.taught = make(map[string]int, len(was))
	for _, f := range fixes {
		for range f.Count {
			if lt := o.learnFix(f.From, f.To); lt != "" {
				o.taught[lt]++
			}
		}
	}
	// a new generation of the lexicon: the verdicts kept for the corpus
	// read the whole-word fixes, and are made again
	o.lex.reconfirm(was, o.taught)
	o.mu.Unlock()
}

// Weight is the current weight of the rewrite obs→want (lower case), 0 if
// the channel has no such rewrite.
func (o *OCR) Weight(obs, want string) float64 {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if obs == "" {
		return 0
	}
	if i := o.ch.find(obs, want); i >= 0 {
		return o.ch.prob(i)
	}
	return 0
}

// ocrDehyphenate removes line-end hyphenation from s: a hyphen followed by
// blanks and a line break before a lower-case letter.
func ocrDehyphenate(s string) string {
	if !strings.Contains(s, "\n") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if hyphenMark(r) {
			j := i + n
			for j < len(s) && strings.ContainsRune(" \t\r\n\u00a0", rune(s[j])) {
				j++
			}
			nr, _ := utf8.DecodeRuneInString(s[j:])
			if j > i+n && strings.Contains(s[i+n:j], "\n") && unicode.IsLower(nr) {
				i = j
				continue
			}
		}
		b.WriteRune(r)
		i += n
	}
	return strings.TrimSpace(b.String())
}

// ensureIndex brings the edit-distance index and the stems up to date with
// the lexicon.
func (o *OCR) ensureIndex() {
	o.lex.mu.RLock()
	gen := o.lex.gen
	o.lex.mu.RUnlock()
	o.mu.RLock()
	fresh := o.idx != nil && o.gen == gen
	o.mu.RUnlock()
	if fresh {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lex.mu.RLock()
	defer o.lex.mu.RUnlock()
	keys := o.lex.keys
	// the edit-distance index, the stems and the trigrams are independent:
	// the first build (a word list of 400 000 words) makes them side by
	// side, on as many goroutines as SetWorkers allows
	workers.Run(o.workers, func() {
		if o.idx == nil {
			o.idx = newSymIndex(keys)
		} else {
			o.idx.update(keys)
		}
	}, func() {
		if o.stems == nil {
			o.stems = make(map[string]uint32, len(keys)/4)
		}
		for id := o.stemTo; id < len(keys); id++ {
			morphStems(keys[id], func(stem string) {
				if _, ok := o.stems[stem]; !ok {
					o.stems[stem] = uint32(id)
				}
			})
		}
		o.stemTo = len(keys)
	}, func() {
		if o.shape == nil {
			o.shape = newShapeIndex()
		}
		o.shape.addAll(keys[o.shape.upTo:])
		o.shape.upTo = len(keys)
	})
	if o.hot == nil || len(keys) > 2*o.hotAt {
		o.hot, o.hotAt = buildHot(o.lex), len(keys)
	}
	o.growClean(len(keys))
	o.gen = o.lex.gen
}
