package store

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/query"
)

// The word grams: a free word matches inside the words of a document
// (query.Index.Containing), so without them a filter reads the whole
// lexicon, which grows with the corpus. Each word term is filed under
// every run of three letters (runes) of its value, and the words that
// contain a free word are among those filed under all its runs of three:
// the filter reads their names alone.
//
//	grams      gram (three runes, UTF-8) + 0xFF + 4-byte part (term id
//	           >> partBits) → roaring bitmap of the ids of the word
//	           terms of the part that contain the gram
//	termnames  4-byte term id → the word's term key (termKey)
//
// Terms are never deleted, so the grams only grow: indexer.write files the
// words it makes in the same transaction, and sets the sequence of
// termnames to the terms' sequence. A store made before them, or written
// since by a folio without them (the sequences differ), gets them when it
// is next opened for writing (ensureGrams); until then, and for a run
// shorter than three runes, Containing reads the lexicon.
var (
	bucketGrams     = []byte("grams")
	bucketTermNames = []byte("termnames")
)

// gramLen is the length of a gram in runes.
const gramLen = 3

// gramSep ends the gram of a key of bucket grams: 0xFF is never a byte of
// UTF-8.
const gramSep = 0xFF

// eachGram calls fn with each run of gramLen runes of w (a gram may come
// more than once); it is only valid during the call.
func eachGram(w string, buf []byte, fn func(g []byte)) []byte {
	var starts [gramLen]int // byte offsets of the last gramLen runes, in a ring
	n := 0
	for i := range w {
		if n >= gramLen { // runes n-gramLen … n-1 end where rune n starts
			buf = append(buf[:0], w[starts[n%gramLen]:i]...)
			fn(buf)
		}
		starts[n%gramLen] = i
		n++
	}
	if n >= gramLen {
		buf = append(buf[:0], w[starts[n%gramLen]:]...)
		fn(buf)
	}
	return buf
}

// gramKey is the key of part part of gram g.
func gramKey(g []byte, part uint32) []byte {
	k := make([]byte, 0, len(g)+5)
	k = append(append(k, g...), gramSep)
	return append(k, numKey(part)...)
}

// grams gathers the words made in a transaction, to file them.
type grams struct {
	adds  map[string][]uint32 // gram key → term ids
	names map[uint32][]byte   // term id → term key
	buf   []byte
}

func newGrams() *grams {
	return &grams{adds: map[string][]uint32{}, names: map[uint32][]byte{}}
}

// add files term key k (any kind: only words are filed) under id.
func (g *grams) add(k []byte, id uint32) {
	if len(k) == 0 || query.TermKind(k[0]) != query.TermWord {
		return
	}
	g.names[id] = k
	part := partOf(id)
	g.buf = eachGram(string(k[1:]), g.buf, func(gr []byte) {
		key := string(gramKey(gr, part))
		g.adds[key] = append(g.adds[key], id)
	})
}

// write writes what was gathered, each bucket in key order, when the
// grams filed every term before the transaction made its own (the terms'
// sequence was then were); else they are not built, or out of date, and
// ensureGrams files every word.
func (g *grams) write(tx *bolt.Tx, were uint64) error {
	gb, nb := tx.Bucket(bucketGrams), tx.Bucket(bucketTermNames)
	if gb == nil || nb == nil || nb.Sequence() != were {
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(g.names)) {
		if err := nb.Put(numKey(id), g.names[id]); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(g.adds)) {
		b := roaring.New()
		if v := gb.Get([]byte(k)); v != nil {
			var err error
			if b, err = decodeBitmap(v); err != nil {
				return damaged(err)
			}
		}
		addNums(b, g.adds[k])
		v, err := encodeBitmap(b)
		if err != nil {
			return err
		}
		if err := gb.Put([]byte(k), v); err != nil {
			return err
		}
	}
	return nb.SetSequence(tx.Bucket(bucketTerms).Sequence())
}

// gramsCurrent reports whether the grams file every word term: they
// exist, and were last written with the terms as they are.
func gramsCurrent(tx *bolt.Tx) bool {
	gb, nb, tb := tx.Bucket(bucketGrams), tx.Bucket(bucketTermNames), tx.Bucket(bucketTerms)
	return gb != nil && nb != nil && tb != nil && nb.Sequence() == tb.Sequence()
}

// resetGrams makes the buckets of the grams empty: a new store, or
// indexes built again (their terms get new ids), files each word as it
// makes it.
func resetGrams(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketGrams, bucketTermNames} {
		if tx.Bucket(b) != nil {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return nil
}

// buildGrams files every word term of the store, in the transaction.
func buildGrams(tx *bolt.Tx) error {
	if err := resetGrams(tx); err != nil {
		return err
	}
	if tx.Bucket(bucketTerms) == nil {
		return nil // a new store: its terms are filed as they are made
	}
	g := newGrams()
	c := tx.Bucket(bucketTerms).Cursor()
	pre := []byte{byte(query.TermWord)}
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		id, ok := keyNum(v)
		if !ok {
			return damaged(fmt.Errorf("term %q: a bad id", k))
		}
		g.add(bytes.Clone(k), id)
	}
	return g.write(tx, 0) // reset: sequence 0
}

// ensureGrams files the words of a store made before the grams.
func (s *Store) ensureGrams() error {
	current := func(tx *bolt.Tx) bool { return gramsCurrent(tx) || tx.Bucket(bucketTerms) == nil }
	return s.ensureDerived(current, buildGrams, "index the words' letters")
}

// ensureDerived builds data derived from the store with build, in one
// write transaction, unless current says it is up to date (or there is
// nothing to derive it from); what says what build does, for its error.
func (s *Store) ensureDerived(current func(*bolt.Tx) bool, build func(*bolt.Tx) error, what string) error {
	ok := true
	if err := s.view(func(tx *bolt.Tx) error {
		ok = current(tx)
		return nil
	}); err != nil || ok {
		return err
	}
	if err := s.update(build); err != nil {
		return fmt.Errorf("%s in %s: %w", what, s.path, err)
	}
	return nil
}

// Containing returns the documents of the terms of kind that contain
// sub and for which keep (nil: every one) is true: for words, those
// filed under every gram of sub (read by name, then checked); otherwise,
// and without grams, every term of kind.
func (x txIndex) Containing(kind query.TermKind, sub string, keep func(string) bool) (*roaring.Bitmap, error) {
	match := func(v string) bool { return strings.Contains(v, sub) && (keep == nil || keep(v)) }
	gb, nb := x.tx.Bucket(bucketGrams), x.tx.Bucket(bucketTermNames)
	if kind != query.TermWord || !gramsCurrent(x.tx) || utf8.RuneCountInString(sub) < gramLen {
		return x.Terms(kind, "", match)
	}
	var cands *roaring.Bitmap
	var ferr error
	eachGram(sub, nil, func(g []byte) {
		if ferr != nil || cands != nil && cands.IsEmpty() {
			return
		}
		b := roaring.New()
		pre := append(bytes.Clone(g), gramSep)
		c := gb.Cursor()
		for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
			part, err := decodeBitmap(v)
			if err != nil {
				ferr = damaged(err)
				return
			}
			b.Or(part)
		}
		if cands == nil {
			cands = b
		} else {
			cands.And(b)
		}
	})
	if ferr != nil {
		return nil, ferr
	}
	out := roaring.New()
	for it := cands.Iterator(); it.HasNext(); {
		id := it.Next()
		k := nb.Get(numKey(id))
		if len(k) == 0 {
			return nil, damaged(fmt.Errorf("term %d has no name", id))
		}
		if query.TermKind(k[0]) != kind || !match(string(k[1:])) {
			continue
		}
		if err := x.postings(id, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkGrams compares the grams with a filing of every word term of the
// store (a store without them yet has nothing to compare).
func checkGrams(tx *bolt.Tx, add func(format string, args ...any)) {
	gb, nb := tx.Bucket(bucketGrams), tx.Bucket(bucketTermNames)
	if !gramsCurrent(tx) {
		return // not used: filters read the lexicon until they are built
	}
	want := newGrams()
	c := tx.Bucket(bucketTerms).Cursor()
	pre := []byte{byte(query.TermWord)}
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		if id, ok := keyNum(v); ok {
			want.add(bytes.Clone(k), id)
		}
	}
	if n := nb.Stats().KeyN; n != len(want.names) {
		add("the word grams name %d words, the index holds %d", n, len(want.names))
	}
	for id, k := range want.names {
		if got := nb.Get(numKey(id)); !bytes.Equal(got, k) {
			add("term %q: its name in the word grams is %q", k, got)
			return
		}
	}
	if n := gb.Stats().KeyN; n != len(want.adds) {
		add("the word grams hold %d keys, a rebuild %d", n, len(want.adds))
	}
	for k, ids := range want.adds {
		v := gb.Get([]byte(k))
		got, err := decodeBitmap(v)
		if v == nil || err != nil || !got.Equals(roaring.BitmapOf(ids...)) {
			add("word gram %q differs from a rebuild", k)
			return
		}
	}
}
