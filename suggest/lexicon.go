package suggest

import (
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"folio/internal/wordfilter"
)

// Lexicon counts the words of a corpus: how often each occurs and in how
// many documents, plus the words a reviewer confirmed and the words of
// optional word lists. Keys are folded to lower case. All methods are safe
// for concurrent use; reads take a shared lock.
type Lexicon struct {
	mu  sync.RWMutex
	ids map[string]uint32
	// absent answers most lookups of words the lexicon lacks (a candidate
	// search tries many) without missing the caches in ids
	absent *wordfilter.Filter
	ents   []lexEntry
	keys   []string // keys[id], in insertion order
	total  int64    // tokens counted by AddDocument
	docs   int
	listed int    // words from word lists
	gen    uint64 // bumped by every change
}

// lexEntry is what the lexicon knows of one word.
type lexEntry struct {
	count int32 // occurrences in documents, plus AddWord counts
	df    int32 // documents the word occurs in
	flags uint8
}

const (
	lexListed    uint8 = 1 << iota // from a word list
	lexConfirmed                   // a fix the reviewer confirmed
)

// NewLexicon returns an empty lexicon.
func NewLexicon() *Lexicon {
	return &Lexicon{ids: make(map[string]uint32)}
}

// AddDocument counts the words of one document. Callers pass the corrected
// text. Words broken at a line end (`feierli-` / `chem`) are counted joined,
// and a hyphenated word is counted whole and by its parts.
func (l *Lexicon) AddDocument(text string) {
	local, n := CountWords(text)
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, c := range local {
		id := l.upsert(k, true)
		l.ents[id].count += c
		l.ents[id].df++
	}
	l.total += int64(n)
	l.docs++
	l.gen++
}

// CountWords counts the words of one document as AddDocument does: each
// folded word and its occurrences, and the number of word tokens. The
// store keeps these counts for the whole corpus (WordCounts), so that a
// lexicon is loaded without reading the texts.
func CountWords(text string) (words map[string]int32, tokens int) {
	var c WordCounter
	wc := c.Count(text)
	words = make(map[string]int32, len(wc.Words))
	for i, w := range wc.Words {
		words[w] = wc.Counts[i]
	}
	return words, wc.Tokens
}

// WordCounts is what CountWords counts in one text, as lists: each
// distinct folded word (in the order it first occurs) and its
// occurrences, and the number of word tokens.
type WordCounts struct {
	Words  []string
	Counts []int32 // Counts[i] is how often Words[i] occurs
	// IDs[i] is the counter's number of Words[i]: the same for the same
	// word in every text one WordCounter counts, from 0 up
	// (WordCounter.Word), so that counts are summed over texts by
	// number instead of by string
	IDs    []int32
	Tokens int
}

// A WordCounter counts the words of texts as CountWords does. It keeps
// every distinct word it has met, each with its number, and its working
// memory, from one text to the next: an import counts every document,
// and a map and a string for each word of each, then the sum of the
// maps, were a fifth of its work. Its memory grows with the words met
// (a corpus's vocabulary); make a new one for an unbounded stream. The
// zero value is ready; a WordCounter must not be used by two goroutines
// at once.
type WordCounter struct {
	seed   maphash.Seed
	seeded bool
	fold   []byte   // the folded word being counted
	words  []string // by number: each word met
	hashes []uint64 // by number: its hash
	table  []int32  // open addressing: number + 1, 0 empty
	// the text being counted
	text   int32   // texts counted, this one included
	lastIn []int32 // by number: the last text the word was met in
	count  []int32 // by number: its occurrences in this text, if met
	order  []int32 // the numbers met in this text, first met first
	tokens int
}

// Word returns the word numbered id (WordCounts.IDs).
func (c *WordCounter) Word(id int32) string { return c.words[id] }

// Count counts the words of text. The result's lists are its own; its
// strings are shared with c's and with other results.
func (c *WordCounter) Count(text string) WordCounts {
	if !c.seeded {
		c.seed, c.seeded = maphash.MakeSeed(), true
		c.table = make([]int32, 1024)
	}
	c.text++
	c.order, c.tokens = c.order[:0], 0
	// tokens are taken one behind, to join a word broken at a line end
	// with its continuation (lexWordsOf)
	var prev Token
	have := false
	scanTokens(text, func(t Token) {
		if have && hyphenBreak(text, prev, t) && hyphenLowerNext(t) {
			c.fold = lexFoldBuf(lexFoldBuf(c.fold[:0], prev.Text), t.Text)
			c.word(prev.HasHyphen || t.HasHyphen)
			have = false
			return
		}
		if have {
			c.fold = lexFoldBuf(c.fold[:0], prev.Text)
			c.word(prev.HasHyphen)
		}
		prev, have = t, true
	})
	if have {
		c.fold = lexFoldBuf(c.fold[:0], prev.Text)
		c.word(prev.HasHyphen)
	}
	out := WordCounts{
		Words:  make([]string, len(c.order)),
		Counts: make([]int32, len(c.order)),
		IDs:    slices.Clone(c.order),
		Tokens: c.tokens,
	}
	for i, id := range c.order {
		out.Words[i], out.Counts[i] = c.words[id], c.count[id]
	}
	return out
}

// word counts the folded word in c.fold as lexWordParts gives it: whole,
// and by its hyphen-separated parts when hyphen is set; a word or part
// without a letter is not counted. (Folding keeps digits, hyphens and
// apostrophes, and makes a typographic apostrophe plain, so the folded
// word has a letter where the word has.)
func (c *WordCounter) word(hyphen bool) {
	w := c.fold
	if !lexHasLetterBytes(w) {
		return
	}
	c.add(w)
	if !hyphen {
		return
	}
	start := 0
	for i := 0; i <= len(w); {
		n := 0 // the length of the hyphen at i, 0 for none
		switch {
		case i == len(w):
			n = 1
		case w[i] == '-':
			n = 1
		case w[i] == 0xe2 && i+2 < len(w) && w[i+1] == 0x80 && (w[i+2] == 0x90 || w[i+2] == 0x91): // U+2010, U+2011
			n = 3
		}
		if n == 0 {
			i++
			continue
		}
		if p := w[start:i]; len(p) > 0 && lexHasLetterBytes(p) {
			c.add(p)
		}
		i += n
		start = i
	}
}

// add counts one occurrence of the folded word w.
func (c *WordCounter) add(w []byte) {
	c.tokens++
	h := maphash.Bytes(c.seed, w)
	mask := uint64(len(c.table) - 1)
	p := h & mask
	for ; c.table[p] != 0; p = (p + 1) & mask {
		if id := c.table[p] - 1; c.hashes[id] == h && c.words[id] == string(w) {
			c.met(id)
			return
		}
	}
	id := int32(len(c.words))
	c.words = append(c.words, string(w))
	c.hashes = append(c.hashes, h)
	c.lastIn = append(c.lastIn, 0)
	c.count = append(c.count, 0)
	c.met(id)
	if 2*len(c.words) <= len(c.table) {
		c.table[p] = id + 1
		return
	}
	c.table = make([]int32, 2*len(c.table))
	mask = uint64(len(c.table) - 1)
	for i, h := range c.hashes {
		p := h & mask
		for c.table[p] != 0 {
			p = (p + 1) & mask
		}
		c.table[p] = int32(i) + 1
	}
}

// met counts an occurrence of word id in the text being counted.
func (c *WordCounter) met(id int32) {
	if c.lastIn[id] != c.text {
		c.lastIn[id], c.count[id] = c.text, 0
		c.order = append(c.order, id)
	}
	c.count[id]++
}

// AddCounts adds what CountWords counted over a corpus: count occurrences
// of the folded word in df documents.
func (l *Lexicon) AddCounts(word string, count, df int32) {
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.upsert(word, true)
	l.ents[id].count += count
	l.ents[id].df += df
	l.gen++
}

// AddTotals adds tokens word tokens in docs documents to the totals, for
// a lexicon filled by AddCounts.
func (l *Lexicon) AddTotals(tokens int64, docs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total += tokens
	l.docs += docs
	l.gen++
}

// reconfirm moves the confirmations of words from was to now (folded
// word → occurrences added by AddWord): each word's count changes by the
// difference, it is confirmed while now holds it, and l starts a new
// generation, so that what was kept of the last one is made again.
func (l *Lexicon) reconfirm(was, now map[string]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, n := range was {
		if id, ok := l.id(k); ok && now[k] == 0 {
			l.ents[id].count = max(l.ents[id].count-int32(n), 0)
			l.ents[id].flags &^= lexConfirmed
		}
	}
	for k, n := range now {
		id := l.upsert(k, true)
		l.ents[id].count = max(l.ents[id].count+int32(n-was[k]), 0)
		l.ents[id].flags |= lexConfirmed
	}
	l.gen++
}

// AddWord adds n occurrences of word and marks it as confirmed: a fix the
// reviewer accepted, or a word known to be right.
func (l *Lexicon) AddWord(word string, n int) {
	k := lexFold(strings.TrimSpace(word))
	if k == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.upsert(k, true)
	l.ents[id].count += int32(n)
	l.ents[id].flags |= lexConfirmed
	l.gen++
}

// confirmCounted marks the folded word k as confirmed, with at least n
// occurrences.
func (l *Lexicon) confirmCounted(k string, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.upsert(k, true)
	l.ents[id].count = max(l.ents[id].count, int32(min(n, math.MaxInt32)))
	l.ents[id].flags |= lexConfirmed
	l.gen++
}

// upsert returns the id of key k, adding it if needed. clone copies k so
// that the lexicon does not pin a whole document in memory. The caller
// holds the write lock.
func (l *Lexicon) upsert(k string, clone bool) uint32 {
	if id, ok := l.id(k); ok {
		return id
	}
	if clone {
		k = strings.Clone(k)
	}
	id := uint32(len(l.keys))
	l.ids[k] = id
	l.keys = append(l.keys, k)
	l.ents = append(l.ents, lexEntry{})
	if l.absent == nil || l.absent.Full() {
		// twice the words it holds, so that it is rebuilt seldom
		l.absent = wordfilter.New(max(2*len(l.keys), 1<<12))
		for _, k := range l.keys {
			l.absent.Add(k)
		}
	} else {
		l.absent.Add(k)
	}
	return id
}

// id returns the id of the folded word k. The caller holds the lock.
func (l *Lexicon) id(k string) (uint32, bool) {
	if !l.absent.MayHave(k) {
		return 0, false
	}
	id, ok := l.ids[k]
	return id, ok
}

// idBytes is id for the folded word in b, without copying it.
func (l *Lexicon) idBytes(b []byte) (uint32, bool) {
	if !l.absent.MayHaveBytes(b) {
		return 0, false
	}
	id, ok := l.ids[string(b)]
	return id, ok
}

// Count is how often word occurs in the counted documents (plus AddWord
// counts).
func (l *Lexicon) Count(word string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if id, ok := l.id(lexFold(word)); ok {
		return int(l.ents[id].count)
	}
	return 0
}

// DocFreq is the number of documents word occurs in.
func (l *Lexicon) DocFreq(word string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if id, ok := l.id(lexFold(word)); ok {
		return int(l.ents[id].df)
	}
	return 0
}

// Known reports whether word was counted, confirmed or listed.
func (l *Lexicon) Known(word string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	_, ok := l.id(lexFold(word))
	return ok
}

// Len is the number of distinct words.
func (l *Lexicon) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.keys)
}

// Listed is the number of distinct words from word lists.
func (l *Lexicon) Listed() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.listed
}

// Docs is the number of documents counted.
func (l *Lexicon) Docs() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.docs
}

// lexFold is the lexicon key of a word: lower case, with typographic
// apostrophes made plain.
func lexFold(w string) string {
	w = strings.ToLower(w)
	if strings.ContainsRune(w, '’') {
		w = strings.ReplaceAll(w, "’", "'")
	}
	return w
}

// lexFoldBuf appends the lexicon key of w to buf: lexFold without
// allocating.
func lexFoldBuf(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			for _, r := range w[i:] {
				if r == '’' {
					r = '\''
				}
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
			return buf
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// lexWords calls fn with each word of text, as written: words broken
// at a line end before a lower-case continuation are joined, hyphenated
// words are given whole and part by part, and tokens without letters are
// skipped.
func lexWords(text string, fn func(string)) {
	lexWordsOf(text, Tokens(text), fn)
}

// lexWordsOf is lexWords over the tokens of text.
func lexWordsOf(text string, toks []Token, fn func(string)) {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && hyphenBreak(text, t, toks[i+1]) && hyphenLowerNext(toks[i+1]) {
			lexWordParts(t.Text+toks[i+1].Text, t.HasHyphen || toks[i+1].HasHyphen, fn)
			i++
			continue
		}
		lexWordParts(t.Text, t.HasHyphen, fn)
	}
}

// lexWordParts gives w, and its hyphen-separated parts when hyphen is set.
func lexWordParts(w string, hyphen bool, fn func(string)) {
	if !lexHasLetter(w) {
		return
	}
	fn(w)
	if !hyphen {
		return
	}
	for p := range strings.FieldsFuncSeq(w, func(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }) {
		if lexHasLetter(p) {
			fn(p)
		}
	}
}

// lexHasLetterBytes is lexHasLetter of a folded word: any byte but an
// ASCII digit, hyphen or apostrophe is part of a rune that counts as a
// letter (the folded word has no typographic apostrophe).
func lexHasLetterBytes(w []byte) bool {
	for _, c := range w {
		if !(c >= '0' && c <= '9') && c != '-' && c != '\'' {
			return true
		}
	}
	return false
}

func lexHasLetter(w string) bool {
	for _, r := range w {
		if !(r >= '0' && r <= '9') && r != '-' && r != '\'' && r != '’' {
			return true
		}
	}
	return false
}
