package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
)

// Band entries held in memory (schema 9).
//
// FileDerived files the documents an import left a step at a time, and
// each document files its band entries under hashes spread over the
// whole band index: a step of 5 000 documents changed nearly every slot.
// bbolt keeps each page a transaction changes as a node in memory until
// the commit, so every step held the whole index in memory, as nodes and
// as slots decoded, and wrote it whole: 700-915 MB of anonymous memory
// while the interface filed a million documents, growing with the
// documents filed, and the index written 200 times over. Now the entries
// of the documents FileDerived files are held in memory (heldBands),
// where twinBatch finds them beside those of twinbands, until
// heldBandsMax are held or the filing ends; then Store.flushBands writes
// them a band at a time, a transaction each, each changing a 32nd of the
// index.
//
//	meta "bandsfrom" → 8-byte document number + 1-byte band: the entries
//	     of the documents numbered from it on, in the bands from that
//	     band on, are held, not in twinbands; absent when none are
//
// Where an entry is follows from its document's number and its band
// alone (heldBands.holds), whoever files it. The documents from that
// number on had no sketch when the filing began (they were left to it),
// so none of their entries was in twinbands then. A process that ends
// with entries held (the reviewer quit, a kill) leaves them to the next:
// its first transaction that files or looks up twins refills them from
// the documents' sketches (heldBands.load).

// keyBandsFrom is the meta key of the first document number and band
// whose entries are held.
var keyBandsFrom = []byte("bandsfrom")

// heldBandsMax is how many entries FileDerived holds before it writes
// them (Store.flushBands): some 15 MB, a twentieth of a million
// generated documents' entries, so that the index is written 20 times
// over, not 200.
const heldBandsMax = 1 << 19

// heldBands are the band entries held in memory: the Store's, shared by
// its copies (As, Layer). Its entries and marks are read and changed only
// in write transactions, which bbolt runs one at a time; mu guards the
// rest.
type heldBands struct {
	loaded  bool
	active  bool   // a "bandsfrom" is stored
	from    uint64 // its document number
	flushed int    // its band: the bands below it are in twinbands
	n       int    // entries held
	max     int    // how many FileDerived holds before it writes them
	bands   [annot.SketchBands]heldBand
	// mu guards changed and flush: a commit's handler clears changed
	// after bbolt let the next writer in, and FileDerived reads flush
	// after the transaction of a step
	mu sync.Mutex
	// flush says that FileDerived's last step left entries to write
	flush bool
	// changed is the transaction that changed what is held, until it
	// commits, and changedID its id: a transaction that failed leaves
	// them set, and the next loads what is held afresh
	changed   *bolt.Tx
	changedID int
}

// encodeBandsFrom encodes the value of "bandsfrom".
func encodeBandsFrom(from uint64, band int) []byte {
	v := make([]byte, 9)
	binary.BigEndian.PutUint64(v, from)
	v[8] = byte(band)
	return v
}

// decodeBandsFrom reads the value of "bandsfrom".
func decodeBandsFrom(v []byte) (from uint64, band int, err error) {
	if len(v) != 9 || v[8] >= annot.SketchBands || binary.BigEndian.Uint64(v) == 0 {
		return 0, 0, fmt.Errorf("the first document whose band entries are held is %x, not a number and a band", v)
	}
	return binary.BigEndian.Uint64(v), int(v[8]), nil
}

// holds reports whether the entry of document number n in band b is held.
func (h *heldBands) holds(b int, n uint32) bool {
	return h != nil && h.active && b >= h.flushed && uint64(n) >= h.from
}

// band returns the entries held in band b, nil if none can be.
func (h *heldBands) band(b int) *heldBand {
	if h == nil || !h.active || b < h.flushed {
		return nil
	}
	return &h.bands[b]
}

// change marks what is held as changed by transaction tx, until it
// commits.
func (h *heldBands) change(tx *bolt.Tx) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.changed == tx {
		return
	}
	h.changed, h.changedID = tx, tx.ID()
	tx.OnCommit(func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.changed == tx {
			h.changed = nil
		}
	})
}

// due records, in a step of FileDerived, whether the entries held are
// to be written after it (flushDue).
func (h *heldBands) due(flush bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.flush = flush
}

// flushDue writes the entries held if the last step of FileDerived said
// they are due.
func (s *Store) flushDue() error {
	h := s.held
	h.mu.Lock()
	flush := h.flush
	h.flush = false
	h.mu.Unlock()
	if !flush {
		return nil
	}
	return s.flushBands()
}

// current reports whether what is held is what the store says, as tx
// sees it: loaded, and changed by no transaction that failed. (bbolt
// runs a commit's handlers after it lets the next writer in: a
// transaction whose id is past the one that changed them comes after
// its commit; one that failed leaves the next the same id.)
func (h *heldBands) current(tx *bolt.Tx) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.loaded && (h.changed == nil || h.changed == tx || h.changedID < tx.ID())
}

// heldBand is the entries held in one band: for each band hash (heldKey)
// a chain of document numbers, ascending.
type heldBand struct {
	chains map[uint64]heldChain
	num    []uint32
	next   []int32 // the index of the hash's next entry; -1 after the last
}

// heldChain is where the entries of a band hash are: the index of its
// lowest and of its highest, and how many it has. (FileDerived files in
// order of number: each entry it adds comes last.)
type heldChain struct {
	first, last, n int32
}

// heldKey is the key of a band hash among the entries held: its slot and
// tag (bandSlot).
func heldKey(slot, tag uint32) uint64 { return uint64(slot)<<32 | uint64(tag) }

// start returns the index of the lowest entry of hash key, -1 for none.
func (hb *heldBand) start(key uint64) int32 {
	if c, ok := hb.chains[key]; ok {
		return c.first
	}
	return -1
}

// count returns how many entries hash key has.
func (hb *heldBand) count(key uint64) int {
	return int(hb.chains[key].n)
}

// add adds document number n to hash key, in order, and reports whether
// it was not there.
func (hb *heldBand) add(key uint64, n uint32) bool {
	c, ok := hb.chains[key]
	e := int32(len(hb.num))
	switch {
	case !ok:
		if hb.chains == nil {
			hb.chains = map[uint64]heldChain{}
		}
		c = heldChain{first: e, last: e}
		hb.next = append(hb.next, -1)
	case hb.num[c.last] < n:
		hb.next[c.last] = e
		c.last = e
		hb.next = append(hb.next, -1)
	default:
		prev, i := int32(-1), c.first
		for ; hb.num[i] < n; i = hb.next[i] {
			prev = i
		}
		if hb.num[i] == n {
			return false
		}
		hb.next = append(hb.next, i)
		if prev < 0 {
			c.first = e
		} else {
			hb.next[prev] = e
		}
	}
	hb.num = append(hb.num, n)
	c.n++
	hb.chains[key] = c
	return true
}

// remove takes document number n off hash key and reports whether it
// was there. (Its entry stays in the arrays until the band is written.)
func (hb *heldBand) remove(key uint64, n uint32) bool {
	c, ok := hb.chains[key]
	if !ok {
		return false
	}
	prev, i := int32(-1), c.first
	for ; i >= 0 && hb.num[i] < n; i = hb.next[i] {
		prev = i
	}
	if i < 0 || hb.num[i] != n {
		return false
	}
	if c.n--; c.n == 0 {
		delete(hb.chains, key)
		return true
	}
	if prev < 0 {
		c.first = hb.next[i]
	} else {
		hb.next[prev] = hb.next[i]
	}
	if c.last == i {
		c.last = prev
	}
	hb.chains[key] = c
	return true
}

// truncate keeps the first keep entries of hash key and returns how many
// it took off.
func (hb *heldBand) truncate(key uint64, keep int) int {
	c := hb.chains[key]
	if int(c.n) <= keep {
		return 0
	}
	off := int(c.n) - keep
	if keep == 0 {
		delete(hb.chains, key)
		return off
	}
	i := c.first
	for range keep - 1 {
		i = hb.next[i]
	}
	hb.next[i] = -1
	c.last, c.n = i, int32(keep)
	hb.chains[key] = c
	return off
}

// entries returns how many entries hb holds.
func (hb *heldBand) entries() int {
	n := 0
	for _, c := range hb.chains {
		n += int(c.n)
	}
	return n
}

// heldBands returns the band entries held, loaded from the store if tx
// is the first transaction to need them or one that changed them failed.
func (s *Store) heldBands(tx *bolt.Tx) (*heldBands, error) {
	h := s.held
	if h.current(tx) {
		return h, nil
	}
	if err := h.load(tx); err != nil {
		return nil, err
	}
	return h, nil
}

// load refills h from what tx reads: the "bandsfrom" stored, and the
// entries of the sketches of the documents numbered from it on, in its
// bands, as FileDerived filed them, in order of number.
func (h *heldBands) load(tx *bolt.Tx) error {
	h.mu.Lock()
	h.changed = nil
	h.mu.Unlock()
	h.loaded, h.active, h.from, h.flushed, h.n = false, false, 0, 0, 0
	h.bands = [annot.SketchBands]heldBand{}
	v := tx.Bucket(bucketMeta).Get(keyBandsFrom)
	if v == nil {
		h.loaded = true
		return nil
	}
	from, flushed, err := decodeBandsFrom(v)
	if err != nil {
		return damaged(err)
	}
	h.active, h.from, h.flushed = true, from, flushed
	tb, err := newTwinBatch(tx, h)
	if err != nil {
		return err
	}
	c := tx.Bucket(bucketOrder).Cursor()
	for k, id := c.Seek(seqKey(from)); k != nil; k, id = c.Next() {
		sk, ok := tb.sketch(string(id))
		if !ok {
			continue
		}
		for b := flushed; b < annot.SketchBands; b++ {
			if err := tb.file(b, sk.Band(b), uint32(keySeq(k)), true); err != nil {
				return err
			}
		}
	}
	// what is held is what the store says (filed in order, none past a
	// full hash: nothing of twinbands changed)
	h.mu.Lock()
	h.changed = nil
	h.mu.Unlock()
	h.loaded = true
	return nil
}

// hold starts holding the entries of the documents numbered from from
// on, if none are held, in transaction tx.
func (h *heldBands) hold(tx *bolt.Tx, from uint64) error {
	if h.active {
		return nil
	}
	h.change(tx)
	h.active, h.from, h.flushed = true, from, 0
	return tx.Bucket(bucketMeta).Put(keyBandsFrom, encodeBandsFrom(from, 0))
}

// flushBands writes the band entries held into twinbands, a band a
// transaction (flushBand), and holds those of the documents FileDerived
// has yet to file, if any are left.
func (s *Store) flushBands() error {
	for {
		more, err := s.flushBand()
		if err != nil {
			return fmt.Errorf("write the twin bands held of %s: %w", s.path, err)
		}
		if !more {
			return nil
		}
	}
}

// flushBand writes the entries held in the first band not written, and
// reports whether more are held.
func (s *Store) flushBand() (more bool, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		h, err := s.heldBands(tx)
		if err != nil || !h.active {
			more = false
			return err
		}
		b := h.flushed
		h.change(tx)
		if err := h.bands[b].write(tx.Bucket(bucketTwinBands)); err != nil {
			return err
		}
		h.n -= h.bands[b].entries()
		h.bands[b] = heldBand{}
		m := tx.Bucket(bucketMeta)
		if h.flushed++; h.flushed < annot.SketchBands {
			more = true
			return m.Put(keyBandsFrom, encodeBandsFrom(h.from, h.flushed))
		}
		more = false
		h.active, h.from, h.flushed = false, 0, 0
		// the documents left have no entries: hold theirs next
		if from, ok := derivedFrom(tx); ok {
			return h.hold(tx, from)
		}
		return m.Delete(keyBandsFrom)
	})
	return more, err
}

// write adds hb's entries to the slots of bands, in key order.
func (hb *heldBand) write(bands *bolt.Bucket) error {
	keys := slices.Sorted(maps.Keys(hb.chains))
	for i := 0; i < len(keys); {
		slot := uint32(keys[i] >> 32)
		key := slotKey(slot, new([3]byte)) // bbolt keeps it until the commit
		es, err := decodeSlot(bands.Get(key))
		if err != nil {
			return damaged(err)
		}
		for ; i < len(keys) && uint32(keys[i]>>32) == slot; i++ {
			tag := uint64(uint32(keys[i])) << 32
			for j := hb.chains[keys[i]].first; j >= 0; j = hb.next[j] {
				es = append(es, tag|uint64(hb.num[j]))
			}
		}
		slices.Sort(es)
		if err := bands.Put(key, encodeSlot(slices.Compact(es))); err != nil {
			return err
		}
	}
	return nil
}

// checkHeldBands finds a "bandsfrom" that is not a number and a band, or
// that names documents FileDerived has yet to file, and entries in
// twinbands that should be held.
func checkHeldBands(tx *bolt.Tx, add func(format string, args ...any)) {
	v := tx.Bucket(bucketMeta).Get(keyBandsFrom)
	if v == nil {
		return
	}
	from, flushed, err := decodeBandsFrom(v)
	if err != nil {
		add("twin bands: %v", err)
		return
	}
	if left, ok := derivedFrom(tx); ok && from > left {
		add("twin bands: the entries held are those of documents from number %d on, past the first left to file, %d", from, left)
	}
	bad := 0
	c := tx.Bucket(bucketTwinBands).Cursor()
	for k, v := c.Seek([]byte{byte(flushed)}); k != nil; k, v = c.Next() {
		for i := 0; i+8 <= len(v); i += 8 {
			if uint64(binary.BigEndian.Uint32(v[i+4:])) >= from {
				bad++
			}
		}
	}
	if bad > 0 {
		add("twin bands: %d entries of documents from number %d on, in bands from %d on, are in the file, not held", bad, from, flushed)
	}
}
