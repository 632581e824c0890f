package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"folio/annot"
	"folio/suggest"

	bolt "go.etcd.io/bbolt"
)

// The corpus lexicon's word counts, kept by every write that changes a
// corrected text (an import, a correction, its undo and redo), in that
// write's transaction, so that the suggester loads the lexicon without
// reading the corpus:
//
//	words  folded word → uvarint occurrences, uvarint documents
//	       "\x00" → uvarint word tokens, uvarint documents (the totals)
//
// Words are counted over each document's corrected text as
// suggest.CountWords counts them. A store made before the bucket existed
// gets it, filled from every document, from the first write that finds it
// missing (the one full pass, done once).

var (
	bucketWords   = []byte("words")
	keyWordTotals = []byte{0}
)

// wordDelta is what a write changes in the word counts.
type wordDelta struct {
	// words: word → occurrences, documents (pointers: a word met again
	// is then one lookup, not a lookup and an assignment)
	words        map[string]*[2]int64
	tokens, docs int64
	counter      *suggest.WordCounter // add's, kept for the write's texts
}

func newWordDelta() *wordDelta { return &wordDelta{words: map[string]*[2]int64{}} }

// add counts the words of one corrected text, sign 1, or takes them off,
// sign -1.
func (wd *wordDelta) add(text string, sign int64) {
	if wd.counter == nil {
		wd.counter = new(suggest.WordCounter)
	}
	wd.addCounts(wd.counter.Count(text), sign)
}

// addCounts adds sign times the counts of one text (suggest.WordCounter).
func (wd *wordDelta) addCounts(wc suggest.WordCounts, sign int64) {
	for i, w := range wc.Words {
		c := wc.Counts[i]
		if e := wd.words[w]; e != nil {
			e[0] += sign * int64(c)
			e[1] += sign
		} else {
			wd.words[w] = &[2]int64{sign * int64(c), sign}
		}
	}
	wd.tokens += sign * int64(wc.Tokens)
	wd.docs += sign
}

// merge adds the delta o to wd.
func (wd *wordDelta) merge(o *wordDelta) {
	for w, c := range o.words {
		if e := wd.words[w]; e != nil {
			e[0] += c[0]
			e[1] += c[1]
		} else {
			wd.words[w] = &[2]int64{c[0], c[1]}
		}
	}
	wd.tokens += o.tokens
	wd.docs += o.docs
}

// encodeWordCount and decodeWordCount are the value of a word or the
// totals.
func encodeWordCount(a, b int64) []byte {
	v := make([]byte, 0, 2*binary.MaxVarintLen64)
	v = binary.AppendUvarint(v, uint64(a))
	return binary.AppendUvarint(v, uint64(b))
}

func decodeWordCount(v []byte) (a, b int64, err error) {
	x, n := binary.Uvarint(v)
	if n <= 0 {
		return 0, 0, fmt.Errorf("%w: word count %x", ErrDamaged, v)
	}
	y, m := binary.Uvarint(v[n:])
	if m <= 0 || n+m != len(v) || x > 1<<62 || y > 1<<62 ||
		n != len(binary.AppendUvarint(nil, x)) || m != len(binary.AppendUvarint(nil, y)) {
		// a padded varint is not what encodeWordCount writes
		return 0, 0, fmt.Errorf("%w: word count %x", ErrDamaged, v)
	}
	return int64(x), int64(y), nil
}

// write adds the delta to the bucket, in key order; a word no document
// has any more is deleted.
func (wd *wordDelta) write(b *bolt.Bucket) error {
	for _, w := range slices.Sorted(maps.Keys(wd.words)) {
		d := *wd.words[w]
		if d == [2]int64{} {
			continue
		}
		var c, n int64
		if v := b.Get([]byte(w)); v != nil {
			var err error
			if c, n, err = decodeWordCount(v); err != nil {
				return fmt.Errorf("word %q: %w", w, err)
			}
		}
		c, n = c+d[0], n+d[1]
		var err error
		if c <= 0 || n <= 0 {
			err = b.Delete([]byte(w))
		} else {
			err = b.Put([]byte(w), encodeWordCount(c, n))
		}
		if err != nil {
			return fmt.Errorf("word %q: %w", w, err)
		}
	}
	var t, n int64
	if v := b.Get(keyWordTotals); v != nil {
		var err error
		if t, n, err = decodeWordCount(v); err != nil {
			return fmt.Errorf("word totals: %w", err)
		}
	}
	return b.Put(keyWordTotals, encodeWordCount(max(t+wd.tokens, 0), max(n+wd.docs, 0)))
}

// corrected returns text with the corrections among anns applied.
func corrected(text string, anns []annot.Annotation) string {
	if len(annot.Corrections(anns)) == 0 {
		return text
	}
	return annot.Apply(text, anns).Text
}

// sameCorrections reports whether a and b correct the text alike.
func sameCorrections(a, b []annot.Annotation) bool {
	ca, cb := annot.Corrections(a), annot.Corrections(b)
	return slices.EqualFunc(ca, cb, func(x, y annot.Annotation) bool {
		return x.Start == y.Start && x.End == y.End && x.Value == y.Value
	})
}

// wordsBucket returns the words bucket, creating it and counting every
// document into it when it is missing (built is then true: it already
// holds the state of this transaction).
func wordsBucket(tx *bolt.Tx) (b *bolt.Bucket, built bool, err error) {
	if b = tx.Bucket(bucketWords); b != nil {
		return b, false, nil
	}
	wd, err := countAllWords(tx)
	if err != nil {
		return nil, false, err
	}
	if b, err = tx.CreateBucket(bucketWords); err != nil {
		return nil, false, fmt.Errorf("create bucket %s: %w", bucketWords, err)
	}
	return b, true, wd.write(b)
}

// countAllWords counts the corrected text of every document whose
// derived data is filed (deferred.go).
func countAllWords(tx *bolt.Tx) (*wordDelta, error) {
	wd := newWordDelta()
	texts := tx.Bucket(bucketText)
	err := docsFiled(tx, func(id string) error {
		anns, err := getAnns(tx, id)
		if err != nil {
			return err
		}
		wd.add(corrected(string(readText(texts.Get([]byte(id)))), anns), 1)
		return nil
	})
	return wd, err
}

// recountWords updates the word counts after document id's annotations
// changed from old to anns, when that changed its corrected text.
func recountWords(tx *bolt.Tx, id string, old, anns []annot.Annotation) error {
	if sameCorrections(old, anns) {
		return nil
	}
	if skip, err := skipDeferred(tx, id); skip || err != nil {
		return err // FileDerived counts its text as it then is
	}
	b, built, err := wordsBucket(tx)
	if err != nil || built {
		return err
	}
	text := string(getText(tx, []byte(id)))
	wd := newWordDelta()
	wd.add(corrected(text, old), -1)
	wd.add(corrected(text, anns), 1)
	return wd.write(b)
}

// WordCounts calls fn with every word of the corpus lexicon, its
// occurrences and the number of documents it occurs in, and returns the
// totals. ok is false when the store has no word counts yet (made by an
// older folio and not written to since): the caller counts the texts.
// The documents an import left for FileDerived are counted from their
// texts (a store opened read-only cannot file them).
func (s *Store) WordCounts(fn func(word string, count, docs int64)) (tokens, docs int64, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWords)
		if b == nil {
			return nil
		}
		ok = true
		left, err := countLeftWords(tx)
		if err != nil {
			return err
		}
		if v := b.Get(keyWordTotals); v != nil {
			if tokens, docs, err = decodeWordCount(v); err != nil {
				return err
			}
		}
		tokens, docs = tokens+left.tokens, docs+left.docs
		err = b.ForEach(func(k, v []byte) error {
			if len(k) == 1 && k[0] == 0 {
				return nil
			}
			c, n, err := decodeWordCount(v)
			if err != nil {
				return fmt.Errorf("word %q: %w", k, err)
			}
			if d := left.words[string(k)]; d != nil {
				c, n = c+d[0], n+d[1]
				delete(left.words, string(k))
			}
			fn(string(k), c, n)
			return nil
		})
		if err != nil {
			return err
		}
		for _, w := range slices.Sorted(maps.Keys(left.words)) {
			fn(w, left.words[w][0], left.words[w][1])
		}
		return nil
	})
	if err != nil {
		return 0, 0, false, fmt.Errorf("word counts: %w", err)
	}
	return tokens, docs, ok, nil
}

// checkWords finds the word counts equal to a count of the corrected
// texts.
func checkWords(tx *bolt.Tx, add func(format string, args ...any)) {
	b := tx.Bucket(bucketWords)
	if b == nil {
		return
	}
	want, err := countAllWords(tx)
	if err != nil {
		add("word counts: %v", err)
		return
	}
	bad := 0
	_ = b.ForEach(func(k, v []byte) error {
		if len(k) == 1 && k[0] == 0 {
			return nil
		}
		c, n, err := decodeWordCount(v)
		var w [2]int64
		if p := want.words[string(k)]; p != nil {
			w = *p
		}
		delete(want.words, string(k))
		if err != nil || c != w[0] || n != w[1] {
			if bad++; bad <= 5 {
				add("word counts: %q counted %d times in %d documents, the texts have it %d times in %d", k, c, n, w[0], w[1])
			}
		}
		return nil
	})
	for w, c := range want.words {
		if c[0] > 0 {
			if bad++; bad <= 5 {
				add("word counts: %q is missing (the texts have it %d times in %d documents)", w, c[0], c[1])
			}
		}
	}
	if t, n, err := decodeWordCount(b.Get(keyWordTotals)); err != nil || t != want.tokens || n != want.docs {
		add("word counts: totals %d tokens in %d documents, the texts have %d in %d", t, n, want.tokens, want.docs)
	}
	if bad > 5 {
		add("word counts: %d words differ in all", bad)
	}
}

// replayWords holds, for a replay of logged changes, the annotations
// before it of each document whose summary the replay restores (so that
// it is not recounted) and whose corrections the changes touch.
type replayWords map[string][]annot.Annotation

// correctedBefore reads the annotations of the documents of logged whose
// changes in cs add, change or delete a correction.
func correctedBefore(tx *bolt.Tx, cs []Change, logged map[string][]byte) (replayWords, error) {
	out := replayWords{}
	for _, c := range cs {
		if _, ok := logged[c.Doc]; !ok || c.Bucket != "ann" {
			continue
		}
		if _, ok := out[c.Doc]; ok || !isCorrection(c.Before) && !isCorrection(c.After) {
			continue
		}
		anns, err := getAnns(tx, c.Doc)
		if err != nil {
			return nil, err
		}
		out[c.Doc] = anns
	}
	return out, nil
}

// isCorrection reports whether v is a logged correction.
func isCorrection(v []byte) bool {
	if v == nil {
		return false
	}
	var a struct {
		Kind annot.Kind `json:"kind"`
	}
	return json.Unmarshal(v, &a) == nil && a.Kind == annot.KindCorrection
}

// recount updates the word counts of each document after the replay.
func (rw replayWords) recount(tx *bolt.Tx) error {
	for _, id := range slices.Sorted(maps.Keys(rw)) {
		now, err := getAnns(tx, id)
		if err != nil {
			return err
		}
		if err := recountWords(tx, id, rw[id], now); err != nil {
			return err
		}
	}
	return nil
}
