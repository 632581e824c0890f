package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// The sums: what each document adds to the counters (docSums), packed a
// posting part's documents to a value, so that the stats of a selection
// read a few bytes per document instead of its forward entry (which holds
// them beside the ids of its terms, hundreds of bytes):
//
//	sums      4-byte part (number >> partBits) → for each indexed
//	          document of the part, in number order: uvarint of its
//	          number less the one before (the first: less the part's
//	          first number), then its sums as a forward entry holds them
//	          (appendSums)
//
// They are written with the forward entries, in the same transaction
// (indexer.write). Whether they are current says the bucket's sequence:
// every write transaction of a folio that keeps them sets it to the
// transaction's id (flushIndex), so a write by anything else (a folio
// before them) leaves it behind the file's last transaction id. Sums not
// current are neither read (stats read the forward entries) nor written,
// and are built again when the store is next opened for writing
// (ensureSums), so older stores need no migration.
var bucketSums = []byte("sums")

// sumsCurrent reports whether the sums hold every indexed document's,
// in tx: a read transaction sees the id of the last write, a write
// transaction its own (the last plus one).
func sumsCurrent(tx *bolt.Tx) bool {
	b := tx.Bucket(bucketSums)
	if b == nil {
		return false
	}
	id := uint64(tx.ID())
	seq := b.Sequence()
	return seq == id || tx.Writable() && seq+1 == id
}

// blessSums marks the sums current as of write transaction tx.
func blessSums(tx *bolt.Tx) error {
	return tx.Bucket(bucketSums).SetSequence(uint64(tx.ID()))
}

// appendSums appends the encoding of s: the six sums and the number of
// labels as varints, each label as uvarint length, bytes and varint sum,
// in the order of the labels.
func appendSums(b []byte, s docSums) []byte {
	for _, n := range []int64{s.Bytes, s.Entities, s.Corrections, s.Marks, s.Notes, s.Stale} {
		b = binary.AppendVarint(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(s.Labels)))
	for _, l := range slices.Sorted(maps.Keys(s.Labels)) {
		b = binary.AppendUvarint(b, uint64(len(l)))
		b = append(b, l...)
		b = binary.AppendVarint(b, s.Labels[l])
	}
	return b
}

// uvarint and varint are binary.Uvarint and binary.Varint, quicker for
// the one-byte numbers most sums are.
func uvarint(v []byte) (uint64, int) {
	if len(v) > 0 && v[0] < 0x80 {
		return uint64(v[0]), 1
	}
	return binary.Uvarint(v)
}

func varint(v []byte) (int64, int) {
	u, k := uvarint(v)
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n, k
}

// errSums is decodeSums's error.
var errSums = errors.New("sums do not decode")

// decodeSums reads what appendSums wrote and returns the rest of v.
func decodeSums(v []byte) (s docSums, rest []byte, err error) {
	var six [6]int64
	for i := range six {
		n, k := varint(v)
		if k <= 0 {
			return s, nil, errSums
		}
		six[i], v = n, v[k:]
	}
	s.Bytes, s.Entities, s.Corrections, s.Marks, s.Notes, s.Stale = six[0], six[1], six[2], six[3], six[4], six[5]
	nl, k := uvarint(v)
	if k <= 0 || nl > uint64(len(v)) {
		return s, nil, errSums
	}
	v = v[k:]
	for range nl {
		ln, k := binary.Uvarint(v)
		if k <= 0 || ln > uint64(len(v)-k) {
			return s, nil, errSums
		}
		l := string(v[k : k+int(ln)])
		v = v[k+int(ln):]
		n, k2 := binary.Varint(v)
		if k2 <= 0 {
			return s, nil, errSums
		}
		v = v[k2:]
		if s.Labels == nil {
			s.Labels = map[string]int64{}
		}
		s.Labels[l] = n
	}
	return s, v, nil
}

// skipSums returns v after the sums at its start, which it checks only
// for their end (what selSums passes over: a document not selected).
func skipSums(v []byte) ([]byte, error) {
	for range 6 {
		_, k := uvarint(v)
		if k <= 0 {
			return nil, errSums
		}
		v = v[k:]
	}
	nl, k := uvarint(v)
	if k <= 0 || nl > uint64(len(v)) {
		return nil, errSums
	}
	v = v[k:]
	for range nl {
		ln, k := uvarint(v)
		if k <= 0 || ln > uint64(len(v)-k) {
			return nil, errSums
		}
		v = v[k+int(ln):]
		_, k = uvarint(v)
		if k <= 0 {
			return nil, errSums
		}
		v = v[k:]
	}
	return v, nil
}

// equal reports whether s and o are the same sums.
func (s docSums) equal(o docSums) bool {
	return s.Bytes == o.Bytes && s.Entities == o.Entities && s.Corrections == o.Corrections &&
		s.Marks == o.Marks && s.Notes == o.Notes && s.Stale == o.Stale && maps.Equal(s.Labels, o.Labels)
}

// eachSums calls fn with each document number and sums of a part's
// value v, in number order.
func eachSums(part uint32, v []byte, fn func(n uint32, s docSums) error) error {
	n := uint64(part) << partBits
	end := n + 1<<partBits
	for first := true; len(v) > 0; first = false {
		d, k := uvarint(v)
		if k <= 0 || !first && d == 0 || n+d >= end {
			return fmt.Errorf("the sums of part %d do not decode", part)
		}
		n += d
		s, rest, err := decodeSums(v[k:])
		if err != nil {
			return fmt.Errorf("part %d, document number %d: %w", part, n, err)
		}
		if err := fn(uint32(n), s); err != nil {
			return err
		}
		v = rest
	}
	return nil
}

// sumsPart encodes the sums of one part, growing in number order.
type sumsPart struct {
	part uint32
	prev uint64
	b    []byte
}

func newSumsPart(part uint32) *sumsPart {
	return &sumsPart{part: part, prev: uint64(part) << partBits}
}

func (p *sumsPart) add(n uint32, s docSums) {
	p.b = binary.AppendUvarint(p.b, uint64(n)-p.prev)
	p.prev = uint64(n)
	p.b = appendSums(p.b, s)
}

// putSumsPart writes a part's encoding (none: the key deleted).
func putSumsPart(b *bolt.Bucket, p *sumsPart) error {
	if len(p.b) == 0 {
		return b.Delete(numKey(p.part))
	}
	return b.Put(numKey(p.part), p.b)
}

// writeSums updates the sums of the documents of changed (number → new
// sums), part by part.
func writeSums(tx *bolt.Tx, changed map[uint32]docSums) error {
	b := tx.Bucket(bucketSums)
	nums := slices.Sorted(maps.Keys(changed))
	for i := 0; i < len(nums); {
		part := partOf(nums[i])
		j := i
		for j < len(nums) && partOf(nums[j]) == part {
			j++
		}
		p := newSumsPart(part)
		next := i // the next changed number of the part to place
		err := eachSums(part, b.Get(numKey(part)), func(n uint32, s docSums) error {
			for ; next < j && nums[next] < n; next++ {
				p.add(nums[next], changed[nums[next]])
			}
			if next < j && nums[next] == n {
				s = changed[n]
				next++
			}
			p.add(n, s)
			return nil
		})
		if err != nil {
			return damaged(err)
		}
		for ; next < j; next++ {
			p.add(nums[next], changed[nums[next]])
		}
		if err := putSumsPart(b, p); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// buildSums writes the sums of every indexed document again, from the
// forward entries, and marks them current.
func buildSums(tx *bolt.Tx) error {
	if tx.Bucket(bucketSums) != nil {
		if err := tx.DeleteBucket(bucketSums); err != nil {
			return err
		}
	}
	b, err := tx.CreateBucket(bucketSums)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketSums, err)
	}
	var p *sumsPart
	c := tx.Bucket(bucketFwd).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n, ok := keyNum(k)
		if !ok {
			return damaged(fmt.Errorf("a forward index entry has the key %q", k))
		}
		s, _, err := decodeFwdSums(v)
		if err != nil {
			return damaged(fmt.Errorf("document number %d: %w", n, err))
		}
		if p != nil && p.part != partOf(n) {
			if err := putSumsPart(b, p); err != nil {
				return err
			}
			p = nil
		}
		if p == nil {
			p = newSumsPart(partOf(n))
		}
		p.add(n, s)
	}
	if p != nil {
		if err := putSumsPart(b, p); err != nil {
			return err
		}
	}
	return blessSums(tx)
}

// ensureSums builds the sums of a store whose sums are missing or not
// current (written since by a folio without them).
func (s *Store) ensureSums() error {
	current := func(tx *bolt.Tx) bool { return sumsCurrent(tx) || tx.Bucket(bucketFwd) == nil }
	return s.ensureDerived(current, buildSums, "sum the documents' counts")
}

// selSums adds to st the sums of the documents of sel, read from the
// sums: the parts sel has numbers in, each read once, the sums of the
// documents sel does not hold passed over undecoded.
func selSums(tx *bolt.Tx, sel *roaring.Bitmap, st *Stats) error {
	b := tx.Bucket(bucketSums)
	it := sel.Iterator()
	for it.HasNext() {
		part := partOf(it.PeekNext())
		if err := partSums(part, b.Get(numKey(part)), it, st); err != nil {
			return damaged(err)
		}
	}
	return nil
}

// partSums adds to st the sums, in the value v of part, of the documents
// it has next, and moves it past them (to the next part's).
func partSums(part uint32, v []byte, it roaring.IntPeekable, st *Stats) error {
	n := uint64(part) << partBits
	end := n + 1<<partBits
	for first := true; len(v) > 0 && it.HasNext() && uint64(it.PeekNext()) < end; first = false {
		d, k := uvarint(v)
		if k <= 0 || !first && d == 0 || n+d >= end {
			return fmt.Errorf("the sums of part %d do not decode", part)
		}
		n += d
		v = v[k:]
		want := uint64(it.PeekNext())
		if want < n {
			return fmt.Errorf("document number %d has no sums", want)
		}
		var err error
		if want > n {
			v, err = skipSums(v)
		} else {
			var s docSums
			if s, v, err = decodeSums(v); err == nil {
				st.addSums(&s)
				st.Documents++
				it.Next()
			}
		}
		if err != nil {
			return fmt.Errorf("part %d, document number %d: %w", part, n, err)
		}
	}
	if it.HasNext() && uint64(it.PeekNext()) < end {
		return fmt.Errorf("document number %d has no sums", it.PeekNext())
	}
	return nil
}

// checkSums compares current sums with the forward entries.
func checkSums(tx *bolt.Tx, add func(format string, args ...any)) {
	if !sumsCurrent(tx) {
		return // not read: stats read the forward entries until they are built
	}
	want := map[uint32]docSums{}
	c := tx.Bucket(bucketFwd).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n, _ := keyNum(k)
		if s, _, err := decodeFwdSums(v); err == nil {
			want[n] = s
		}
	}
	got := 0
	err := tx.Bucket(bucketSums).ForEach(func(k, v []byte) error {
		part, ok := keyNum(k)
		if !ok {
			return fmt.Errorf("the sums have the key %q", k)
		}
		return eachSums(part, v, func(n uint32, s docSums) error {
			got++
			if w, ok := want[n]; !ok || !w.equal(s) {
				return fmt.Errorf("the sums of document number %d differ from its forward entry's", n)
			}
			return nil
		})
	})
	if err != nil {
		add("%v", err)
		return
	}
	if got != len(want) {
		add("the sums hold %d documents, the forward entries %d", got, len(want))
	}
}
