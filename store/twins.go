package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
)

// Near-duplicates ("twins") are found as documents are written, not by a
// scan of the corpus: each text's sketch (annot.Sketch) is kept, and so is
// an index from each of its bands to the documents that have it. A new or
// changed text meets the candidates that share a band, keeps those its
// sketch confirms, and the twin lists on both sides are updated in the
// same transaction.
//
//	sketch     doc id → annot.Sketch, encoded
//	twinbands  slot: band (1 byte) + the band hash's top 16 bits →
//	           entries of 8 bytes, sorted: the hash's low 32 bits, then
//	           the document number (4 bytes, big-endian)
//
// The band index of schema 3 ("bands": band + hash + doc id → "", one key
// per document and band) took more room than the texts it indexed, a
// 16-byte bbolt element and a 19-byte key for each of a document's 32
// bands, on pages left half full by keys that come in random order. A
// slot groups the entries of 1/65 536 of a band's hashes: 8 bytes each.
// Two hashes that share a slot and their low 32 bits are taken for one;
// the candidates are confirmed by their sketches anyway.

var (
	bucketSketch    = []byte("sketch")
	bucketTwinBands = []byte("twinbands")
	// bucketBands is schema 3's band index, deleted by the migration.
	bucketBands = []byte("bands")
)

// twinBandCap is the most documents one band bucket lends as candidates:
// a band that many texts share is boilerplate, not evidence.
const twinBandCap = 256

// twinListCap is the most twins a document lists. The suggester uses the
// first; a longer list would make every write of a text that has many
// near-duplicates rewrite as many records, each longer, and a corpus with
// much shared text import in quadratic time (a generated corpus of 10 000
// documents listed about 240 twins each and imported at 0.1 MB/s).
const twinListCap = 16

// bandSlot is the slot of band b with hash h (band << 16 | the hash's
// top 16 bits: in the order of the slots' keys, slotKey), and the tag its
// entries carry. (A number, not the key's string: an import looks up 64
// slots per document, and building and hashing a string for each was a
// tenth of its twin search.)
func bandSlot(b int, h uint64) (slot uint32, tag uint32) {
	return uint32(b)<<16 | uint32(h>>48), uint32(h)
}

// slotKey is the twinbands key of a slot.
func slotKey(slot uint32, k *[3]byte) []byte {
	*k = [3]byte{byte(slot >> 16), byte(slot >> 8), byte(slot)}
	return k[:]
}

// twinBuckets returns the sketch and band buckets.
func twinBuckets(tx *bolt.Tx) (sk, bands *bolt.Bucket, err error) {
	sk, bands = tx.Bucket(bucketSketch), tx.Bucket(bucketTwinBands)
	if sk == nil || bands == nil {
		return nil, nil, fmt.Errorf("store has no %s or %s bucket", bucketSketch, bucketTwinBands)
	}
	return sk, bands, nil
}

// decodeSlot reads a slot's entries (tag << 32 | number).
func decodeSlot(v []byte) ([]uint64, error) {
	if len(v)%8 != 0 {
		return nil, fmt.Errorf("a twin band slot of %d bytes", len(v))
	}
	out := make([]uint64, len(v)/8, len(v)/8+4)
	for i := range out {
		out[i] = binary.BigEndian.Uint64(v[i*8:])
	}
	return out, nil
}

func encodeSlot(es []uint64) []byte {
	v := make([]byte, 8*len(es))
	for i, e := range es {
		binary.BigEndian.PutUint64(v[i*8:], e)
	}
	return v
}

// twinBatch files the sketches and bands of the documents one write
// transaction writes. The slots it changes are kept in memory and
// written at the end, each once, in key order (write): bbolt inserts into
// a node's sorted slice and splits only at commit, so keys put one at a
// time in hash order moved a growing node's slice on every put. Decoded
// sketches and document ids are kept for the transaction: the same
// candidates come up again and again in a corpus with much shared text.
type twinBatch struct {
	tx    *bolt.Tx
	skb   *bolt.Bucket
	bands *bolt.Bucket
	order *bolt.Bucket
	// skGet, bandsGet and orderGet look up skb, bands and order
	skGet, bandsGet, orderGet getter
	sketches                  map[string]annot.Sketch // decoded or filed in this transaction
	nosketch                  map[string]bool         // ids known to have no sketch
	cands                     []*candidate            // by document number: id and sketch, as looked up
	seen                      []uint32                // by document number: the last lookup (stamp) that met it
	stamp                     uint32
	slots                     map[uint32][]uint64 // slots changed in this transaction (bandSlot)
	// edits are the changes of other documents' twin lists, by id, in
	// the order made: applied to each record once, by write (or by
	// updateSketch, before it reads that document's list).
	edits map[string][]twinEdit
}

// twinEdit adds a twin to a list, or takes it off.
type twinEdit struct {
	twin string
	add  bool
}

func newTwinBatch(tx *bolt.Tx) (*twinBatch, error) {
	skb, bands, err := twinBuckets(tx)
	if err != nil {
		return nil, err
	}
	order := tx.Bucket(bucketOrder)
	return &twinBatch{tx: tx, skb: skb, bands: bands, order: order,
		skGet: newGetter(skb), bandsGet: newGetter(bands), orderGet: newGetter(order),
		sketches: map[string]annot.Sketch{}, nosketch: map[string]bool{},
		slots: map[uint32][]uint64{}, edits: map[string][]twinEdit{}}, nil
}

// sketch returns the sketch filed for id, if any.
func (tb *twinBatch) sketch(id string) (annot.Sketch, bool) {
	if s, ok := tb.sketches[id]; ok {
		return s, true
	}
	if tb.nosketch[id] {
		return annot.Sketch{}, false
	}
	s, ok := annot.DecodeSketch(tb.skGet.get([]byte(id)))
	if ok {
		tb.sketches[id] = s
	} else {
		tb.nosketch[id] = true
	}
	return s, ok
}

// candidate is a document met as a candidate twin: its id and sketch.
type candidate struct {
	id    string
	sk    annot.Sketch
	hasSk bool
}

// candidate returns document number n's id ("" for none) and sketch.
// (Pointers: a sketch is 260 bytes, too many to copy in and out of a map
// for each of a document's hundreds of candidates.)
func (tb *twinBatch) candidate(n uint32) *candidate {
	if int(n) < len(tb.cands) && tb.cands[n] != nil {
		return tb.cands[n]
	}
	c := &candidate{id: string(tb.orderGet.get(seqKey(uint64(n))))}
	if c.id != "" {
		c.sk, c.hasSk = tb.sketch(c.id)
	}
	tb.setCandidate(n, c)
	return c
}

// setCandidate caches c as document number n's. (A slice by number, not
// a map: a document's candidates are looked up thousands of times in a
// corpus with much shared text, and hashing them was a tenth of an
// import.)
func (tb *twinBatch) setCandidate(n uint32, c *candidate) {
	if int(n) >= len(tb.cands) {
		tb.cands = slices.Grow(tb.cands, int(n)+1-len(tb.cands)+len(tb.cands)/4)[:n+1]
		tb.seen = slices.Grow(tb.seen, len(tb.cands)-len(tb.seen))[:len(tb.cands)]
	}
	tb.cands[n] = c
}

// met reports whether document number n was met since the stamp was
// last advanced, and marks it met.
func (tb *twinBatch) met(n uint32) bool {
	if int(n) >= len(tb.seen) {
		tb.setCandidate(n, nil)
	}
	if tb.seen[n] == tb.stamp {
		return true
	}
	tb.seen[n] = tb.stamp
	return false
}

// slot returns the entries of slot k, as changed in this transaction.
func (tb *twinBatch) slot(k uint32, change bool) ([]uint64, error) {
	if es, ok := tb.slots[k]; ok {
		return es, nil
	}
	var kb [3]byte
	es, err := decodeSlot(tb.bandsGet.get(slotKey(k, &kb)))
	if err != nil {
		return nil, damaged(err)
	}
	if change {
		tb.slots[k] = es
	}
	return es, nil
}

// candidates calls fn with the numbers of the documents filed under band
// b with hash h, in import order, until fn returns false.
func (tb *twinBatch) candidates(b int, h uint64, fn func(n uint32) bool) error {
	k, tag := bandSlot(b, h)
	if es, ok := tb.slots[k]; ok {
		i, _ := slices.BinarySearch(es, uint64(tag)<<32)
		for ; i < len(es) && uint32(es[i]>>32) == tag; i++ {
			if !fn(uint32(es[i])) {
				break
			}
		}
		return nil
	}
	// a slot not changed in this transaction is searched as stored
	var kb [3]byte
	v := tb.bandsGet.get(slotKey(k, &kb))
	if len(v)%8 != 0 {
		return damaged(fmt.Errorf("a twin band slot of %d bytes", len(v)))
	}
	n := len(v) / 8
	lo, hi := 0, n
	for lo < hi { // the first entry whose tag is not below tag
		m := int(uint(lo+hi) >> 1)
		if binary.BigEndian.Uint32(v[m*8:]) < tag {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for i := lo; i < n && binary.BigEndian.Uint32(v[i*8:]) == tag; i++ {
		if !fn(binary.BigEndian.Uint32(v[i*8+4:])) {
			break
		}
	}
	return nil
}

// file adds document number n under band b with hash h, or takes it off.
func (tb *twinBatch) file(b int, h uint64, n uint32, add bool) error {
	k, tag := bandSlot(b, h)
	es, err := tb.slot(k, true)
	if err != nil {
		return err
	}
	e := uint64(tag)<<32 | uint64(n)
	i, found := slices.BinarySearch(es, e)
	switch {
	case add && !found:
		es = slices.Insert(es, i, e)
	case !add && found:
		es = slices.Delete(es, i, i+1)
	}
	tb.slots[k] = es
	return nil
}

// write writes the twin lists edited and the slots changed, in key
// order.
func (tb *twinBatch) write() error {
	for _, id := range slices.Sorted(maps.Keys(tb.edits)) {
		d, ok, err := getDoc(tb.tx, id)
		if err != nil {
			return err
		}
		if ok && tb.settle(&d) {
			if err := putDocRecord(tb.tx, d); err != nil {
				return err
			}
		}
	}
	clear(tb.edits)
	if len(tb.slots) == 0 {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(tb.slots)) {
		var err error
		var kb [3]byte // one each: bbolt keeps the key until the commit
		key := slotKey(k, &kb)
		if es := tb.slots[k]; len(es) == 0 {
			err = tb.bands.Delete(key)
		} else {
			err = tb.bands.Put(key, encodeSlot(es))
		}
		if err != nil {
			return err
		}
	}
	clear(tb.slots)
	return nil
}

// fileSketch files document number n under the bands of sketch sk.
func (tb *twinBatch) fileSketch(sk annot.Sketch, n uint32, add bool) error {
	for b := range annot.SketchBands {
		if err := tb.file(b, sk.Band(b), n, add); err != nil {
			return err
		}
	}
	return nil
}

// update files the sketch of d's new text and sets d.Twins, adding d to
// its twins' records and taking it off the records of former twins. The
// caller writes d, and tb (write) before the transaction commits.
func (tb *twinBatch) update(d *annot.Doc, text string) error {
	sk, ok := annot.NewSketch(text)
	return tb.updateSketch(d, sk, ok)
}

// updateSketch is update with the sketch of the new text computed
// (annot.NewSketch): ok is false for a text too short for one.
func (tb *twinBatch) updateSketch(d *annot.Doc, sk annot.Sketch, ok bool) error {
	id, num := []byte(d.ID), uint32(d.Seq)
	if old, ok := tb.sketch(d.ID); ok {
		if err := tb.fileSketch(old, num, false); err != nil {
			return err
		}
	}
	tb.settle(d)
	for _, t := range d.Twins {
		tb.edit(t, d.ID, false)
	}
	d.Twins = nil
	if !ok {
		delete(tb.sketches, d.ID)
		tb.nosketch[d.ID] = true
		tb.setCandidate(num, &candidate{id: d.ID})
		return tb.skb.Delete(id)
	}
	if tb.stamp++; tb.stamp == 0 { // wrapped: forget every mark
		clear(tb.seen)
		tb.stamp = 1
	}
	tb.met(num)
	for b := range annot.SketchBands {
		if len(d.Twins) >= twinListCap {
			break // the list is full: no band need be looked up
		}
		n := 0
		err := tb.candidates(b, sk.Band(b), func(other uint32) bool {
			if n >= twinBandCap || len(d.Twins) >= twinListCap {
				return false
			}
			n++
			if tb.met(other) {
				return true
			}
			if c := tb.candidate(other); c.hasSk && sk.Twin(&c.sk) {
				d.Twins = append(d.Twins, c.id)
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if err := tb.fileSketch(sk, num, true); err != nil {
		return err
	}
	slices.Sort(d.Twins)
	for _, t := range d.Twins {
		tb.edit(t, d.ID, true)
	}
	tb.sketches[d.ID] = sk
	delete(tb.nosketch, d.ID)
	tb.setCandidate(num, &candidate{id: d.ID, sk: sk, hasSk: true})
	return tb.skb.Put(id, sk.Encode())
}

// edit notes that twin is to be added to (or taken off) the twin list of
// document id. The edits of a document are applied together, by write,
// so that a document that is the twin of many in the transaction has its
// record read and written once, not once for each.
func (tb *twinBatch) edit(id, twin string, add bool) {
	tb.edits[id] = append(tb.edits[id], twinEdit{twin, add})
}

// settle applies to d the edits of its twin list noted so far, in
// order, and forgets them; it reports whether the list changed. A list
// holds at most twinListCap twins.
func (tb *twinBatch) settle(d *annot.Doc) bool {
	changed := false
	for _, e := range tb.edits[d.ID] {
		i, found := slices.BinarySearch(d.Twins, e.twin)
		switch {
		case e.add && !found && len(d.Twins) < twinListCap:
			d.Twins = slices.Insert(d.Twins, i, e.twin)
			changed = true
		case !e.add && found:
			d.Twins = slices.Delete(d.Twins, i, i+1)
			changed = true
		}
	}
	delete(tb.edits, d.ID)
	return changed
}
