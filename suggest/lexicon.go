package suggest

import (
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
	words = make(map[string]int32, len(text)/12)
	var buf []byte
	lexWords(text, func(w string) {
		buf = lexFoldBuf(buf[:0], w)
		if c, ok := words[string(buf)]; ok {
			words[string(buf)] = c + 1
		} else {
			words[string(buf)] = 1
		}
		tokens++
	})
	return words, tokens
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

func lexHasLetter(w string) bool {
	for _, r := range w {
		if !(r >= '0' && r <= '9') && r != '-' && r != '\'' && r != '’' {
			return true
		}
	}
	return false
}
