package suggest

import (
	"sync/atomic"

	"folio/suggest/hunspell"
)

// ocrDoc is the state of one Suggest call: the lexicon (read-locked by the
// caller), the words of the document itself, and verdicts already reached.
type ocrDoc struct {
	o           *OCR
	lex         *Lexicon
	local       map[uint32]int32  // words of this document by lexicon id, as the lexicon counted them
	newer       map[string]int32  // words of this document the lexicon lacks
	written     map[string]uint32 // words of this document as written: lexicon id + 1, 0 if it lacks them
	memo        map[string]*ocrVerdict
	cands       []ocrCand // judge's scratch for a verdict's candidates
	pairs       Pairs     // this document's pairs of words, with bigrams (counted when needed)
	pairsBuf    Pairs     // an empty map to count pairs into, or nil
	inPairs     bool      // the bigrams have counted this document
	corrected   string    // the corrected text, with bigrams
	toks        []Token   // its tokens, if it is the text judged
	text        string    // the text judged
	words       []Token   // its tokens
	polite      int8      // whether the text addresses its reader as Sie (politeText): 0 not yet known, 1 yes, -1 no
	scratch     symScratch
	near        nearMemo      // nearWords's last answer
	spellMemo   hunspell.Memo // the dictionary's analyses of compounds' parts (spellerWith)
	pool        *poolScratch  // candPool's working state, while no candPool holds it
	ra          []rune
	buf         []byte
	own         map[uint64]int32 // trigrams of the words only this document has
	ownMax      int              // how many there are in all (ownTrigramCount)
	ownCounted  bool             // ownMax is counted
	first       bool             // the word judged now starts a sentence
	afterStop   bool             // it follows a full stop for sure (ocrAfterFullStop)
	afterNumber bool             // it follows a number (a unit: 3 km)
	abbrev      bool             // it is followed by a full stop
	next        rune             // the rune after it, 0 at the end
	prev        rune             // the rune before it, 0 at the start
	part        bool             // it is a part of a hyphenated word
	tok         int              // the index of its token
	quiet       bool             // it was found a quiet suspect (see ocrItem)
	weak        bool             // it was found a suspect without a convincing fix
	unknown     bool             // it was found a suspect (an unknown word, see ocrItem)
	name        bool             // it was found a suspect that looks like a name (see ocrItem)
	joined      bool             // it was found a suspect with a capital after a small letter (see ocrItem)
	costShare   float64          // of a suspect, its best fix's share before contextRank (see ocrItem)
	prefix      bool             // it is the part before a hyphen of a hyphenated word
	blind       bool             // the scan drops umlauts and ß (ocrUmlautBlind)
	longS       bool             // the text writes with the long s (ocrLongSText)
	fullWords   []string         // its words folded, sorted and distinct, once abbreviates needs them
	foreignDoc  bool             // the document is in the foreign list's language (inForeignLanguage)
	conf        float64          // the OCR engine's confidence in the word, -1 if it gave none
	facts       *wordFacts       // the cache's entry of the word factsOf (wordFacts)
	factsOf     string
	docFacts    map[string]*wordFacts // the cache's entries of this document's words, or nil
	damage      map[uint32]bool       // damageExplained's verdicts by lexicon id, made when first needed
	word        *ocrVerdict           // the verdict of the word wordSuggestion judges, while suspect runs
	tracing     bool                  // a verdict kept across documents is being made (traced)
	trace       []uint32              // the lexicon ids whose occurrences here it read
	claims      *wordClaims           // of a helper (scanHelped): the words each helper judges; nil otherwise
	reached     *atomic.Int64         // of a document judged with helpers: the token scan is at; nil otherwise
}

// ocrEvidence is what the corpus says of a word, leaving this document out.
type ocrEvidence struct {
	id      uint32
	found   bool    // in the lexicon at all
	count   int     // occurrences elsewhere: other documents, fixes, lists
	docs    int     // other documents it occurs in
	local   int     // occurrences in this document
	ext     float64 // pseudo-count of outside evidence
	trusted bool    // attested outside this document, listed or confirmed
	vouched bool    // listed or confirmed, not only counted
	damage  bool    // its count is explained as damage of a known word (damageExplained)
}

// Pseudo-counts for evidence that is not a frequency.
const (
	evListed    = 1.0 // a word-list entry, which carries no frequency
	evConfirmed = 2.0 // a fix the reviewer confirmed, on top of its count
	evLocal     = 0.3 // an occurrence elsewhere in the same document
)

// evidence returns what the corpus says of the folded word k. Suggest
// assumes the lexicon counted this document (as `folio suggest` and the
// reader do), so its own occurrences are taken out: a damaged word repeated
// within one scan does not vouch for itself.
func (d *ocrDoc) evidence(k string) ocrEvidence {
	id, ok := d.o.lookup(k)
	if !ok {
		return ocrEvidence{local: int(d.newer[k])}
	}
	return d.evidenceOf(id)
}

// evidenceOf is evidence for lexicon word id. A word whose count
// damageExplained explains as damage of a known word is not trusted for
// that count, and its count is no evidence to keep it.
func (d *ocrDoc) evidenceOf(id uint32) ocrEvidence {
	ev := d.countedEvidence(id)
	if ev.trusted && !ev.vouched && d.damageExplained(id, ev) {
		ev.trusted, ev.damage, ev.ext = false, true, 0
	}
	return ev
}

// countedEvidence is evidenceOf as the counts and flags alone give it.
func (d *ocrDoc) countedEvidence(id uint32) ocrEvidence {
	e := d.lex.ents[id]
	if d.tracing && e.flags == 0 && e.df == 1 {
		d.trace = append(d.trace, id) // trusted unless this is its document
	}
	ev := ocrEvidence{id: id, found: true, count: int(e.count), docs: int(e.df), local: int(d.local[id])}
	if ev.local > 0 && ev.count >= ev.local && ev.docs >= 1 {
		ev.count -= ev.local
		ev.docs--
	}
	ev.ext = float64(ev.count)
	if e.flags&lexListed != 0 {
		ev.ext += evListed
	}
	if e.flags&lexConfirmed != 0 {
		ev.ext += evConfirmed
	}
	ev.vouched = e.flags != 0
	ev.trusted = ev.docs > 0 || ev.vouched
	return ev
}

// count adds one occurrence of word w (as written) in this document.
// A word seen before in the document is not looked up in the lexicon
// again: the document's own small map answers from the cache.
func (d *ocrDoc) count(w string) {
	if id, ok := d.written[w]; ok && id > 0 {
		d.local[id-1]++
		return
	}
	d.buf = lexFoldBuf(d.buf[:0], w)
	if id, ok := d.o.lookup(string(d.buf)); ok {
		d.local[id]++
		d.written[w] = id + 1
	} else {
		d.newer[string(d.buf)]++
		d.written[w] = 0
	}
}

// trusted reports whether the folded word k is attested outside this
// document.
func (d *ocrDoc) trusted(k string) bool { return d.evidence(k).trusted }

// candidateWeight is how much the corpus supports k as the intended word:
// its outside evidence plus a little for each occurrence in this document.
func (d *ocrDoc) candidateWeight(ev ocrEvidence) float64 {
	return ev.ext + evLocal*float64(ev.local)
}
