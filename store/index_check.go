package store

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/query"
)

// checkIndex compares the indexes with a rebuild from the documents: the
// numbers both ways, each forward entry, each posting part and each
// counter. It reports what differs through add.
func checkIndex(tx *bolt.Tx, add func(format string, args ...any)) error {
	if next, ok := ixNext(tx); !ok || next != 0 {
		add("the indexes are not built (open the store once without --read-only)")
		return nil
	}
	if k, _ := tx.Bucket(bucketDirty).Cursor().First(); k != nil {
		add("the index has documents marked written but not indexed (%q)", k)
	}
	ix := newIndexer(tx)
	want := map[uint32]*roaring.Bitmap{} // term id → documents
	counters := map[string]int64{}
	last := tx.Bucket(bucketOrder).Sequence()
	nums := tx.Bucket(bucketDocNum)
	fwd := tx.Bucket(bucketFwd)
	bad := 0
	for n := uint64(1); n <= last; n++ {
		d, err := docByNum(tx, uint32(n))
		if err != nil {
			add("%v", err)
			continue
		}
		if got, ok := keyNum(nums.Get([]byte(d.ID))); !ok || uint64(got) != n || d.Seq != n {
			add("document %q: numbered %d in the index, %d in its record, %d in the order", d.ID, got, d.Seq, n)
		}
		e, missing, err := ix.docTerms(&d, false, nil)
		if err != nil {
			add("document %q: %v", d.ID, err)
			continue
		}
		if missing {
			add("document %q: a term of it is missing from the index", d.ID)
		}
		e.sums.add(counters, 1)
		terms := e.terms.Clone()
		query.TwinTerms(d.Twins, func(t query.Term) {
			if id, _ := ix.termID(termKey(t), false); id != 0 {
				terms.Add(id)
			} else {
				add("document %q: the term %s of its twin list is missing from the index", d.ID, termKey(t))
			}
		})
		for it := terms.Iterator(); it.HasNext(); {
			id := it.Next()
			if want[id] == nil {
				want[id] = roaring.New()
			}
			want[id].Add(uint32(n))
		}
		v := fwd.Get(numKey(uint32(n)))
		if v == nil {
			add("document %q: no forward index entry", d.ID)
			continue
		}
		got, err := decodeFwd(v)
		if err != nil {
			add("document %q: %v", d.ID, err)
			continue
		}
		if !got.terms.Equals(e.terms) || got.words != nil && !got.words.Equals(e.words) || !reflect.DeepEqual(got.sums, e.sums) {
			if bad++; bad <= 20 {
				add("document %q: its forward index entry does not match its text, annotations and record", d.ID)
			}
		}
	}
	if nums.Stats().KeyN != int(last) {
		add("the index numbers %d documents, the order lists %d", nums.Stats().KeyN, last)
	}
	if k, _ := fwd.Cursor().Last(); k != nil {
		if n, _ := keyNum(k); uint64(n) > last {
			add("forward index entry %d belongs to no document", n)
		}
	}
	// the postings, part by part
	got := map[uint32]*roaring.Bitmap{}
	err := tx.Bucket(bucketPost).ForEach(func(k, v []byte) error {
		id, part, ok := keyPost(k)
		if !ok {
			add("posting key %x is malformed", k)
			return nil
		}
		b, err := decodeBitmap(v)
		if err != nil {
			add("term %d: %v", id, err)
			return nil
		}
		if b.IsEmpty() {
			add("term %d: an empty posting part is stored", id)
		}
		if mn, mx := b.Minimum(), b.Maximum(); !b.IsEmpty() && (partOf(mn) != part || partOf(mx) != part) {
			add("term %d: part %d holds documents of another part", id, part)
		}
		if got[id] == nil {
			got[id] = roaring.New()
		}
		got[id].Or(b)
		return nil
	})
	if err != nil {
		return err
	}
	names := map[uint32]string{}
	_ = tx.Bucket(bucketTerms).ForEach(func(k, v []byte) error {
		if id, ok := keyNum(v); ok {
			t := keyTerm(k)
			names[id] = string(rune(t.Kind)) + ":" + t.Value
		}
		return nil
	})
	bad = 0
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if g := got[id]; g == nil || !g.Equals(want[id]) {
			if bad++; bad <= 20 {
				add("term %q: its posting list differs from a rebuild (%d documents stored, %d found)", names[id], card(got[id]), want[id].GetCardinality())
			}
		}
		delete(got, id)
	}
	for id, g := range got {
		if bad++; bad <= 20 {
			add("term %q: %d documents stored, none found", names[id], g.GetCardinality())
		}
	}
	cb := tx.Bucket(bucketCounters)
	_ = cb.ForEach(func(k, _ []byte) error {
		if _, ok := counters[string(k)]; !ok {
			counters[string(k)] = 0
		}
		return nil
	})
	for _, name := range slices.Sorted(maps.Keys(counters)) {
		if g := getCounter(cb, name); g != counters[name] {
			add("counter %q: %d stored, %d found", bytes.ReplaceAll([]byte(name), []byte{0}, []byte("/")), g, counters[name])
		}
	}
	checkGrams(tx, add)
	checkSums(tx, add)
	return nil
}

func card(b *roaring.Bitmap) uint64 {
	if b == nil {
		return 0
	}
	return b.GetCardinality()
}

// RebuildIndex drops the indexes and builds them again from the
// documents, a batch of documents per transaction as the migration does
// (a rebuild cut short goes on when the store is next opened).
func (s *Store) RebuildIndex() error {
	err := s.update(func(tx *bolt.Tx) error {
		for _, b := range indexBuckets {
			if tx.Bucket(b) != nil {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		return startIndex(tx)
	})
	if err != nil {
		return fmt.Errorf("rebuild the indexes of %s: %w", s.path, err)
	}
	return s.resumeIndex()
}

// resumeIndex goes on building the indexes when a build was cut short.
func (s *Store) resumeIndex() error {
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			if next, ok := ixNext(tx); ok && next == 0 {
				done = true
				return nil
			}
			var err error
			done, err = stepIndex(tx, s.migrateBatch)
			return err
		})
		if err != nil {
			return fmt.Errorf("rebuild the indexes of %s: %w", s.path, err)
		}
	}
	return nil
}
