package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
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
//	           the document number (4 bytes, big-endian); the first
//	           twinBandCap documents of a hash, no more; those of the
//	           documents FileDerived files are held in memory a while
//	           (heldbands.go)
//	twins      document number (4 bytes) → the numbers of its twins, 4
//	           bytes each, ascending; absent for a document with none
//
// The twin lists are kept apart from the records (schema 8): a text
// written adds itself to the lists of documents anywhere in the corpus,
// and when the lists were in the records, each such record, and its
// forward index entry, was rewritten longer, splitting pages all over the
// two largest buckets (a store of a million documents grew by a tenth of
// its text as its twins were filed). A list here is 4 bytes a twin, and
// its terms (query.TwinTerms) are indexed from it: a document's first
// forward entry brings the postings of its list, and a change of the list
// of a document that has one changes them (twinBatch.write); the forward
// entries hold no twin terms.
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
	bucketTwins     = []byte("twins")
	// bucketBands is schema 3's band index, deleted by the migration.
	bucketBands = []byte("bands")
)

// twinBandCap is the most documents a band hash keeps and lends as
// candidates (file): a band that many texts share is boilerplate, not
// evidence.
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

// twinBatch files the sketches, bands and twin lists of the documents
// one write transaction writes. The slots and lists it changes are kept
// in memory and written at the end, each once, in key order (write):
// bbolt inserts into a node's sorted slice and splits only at commit, so
// keys put one at a time in hash order moved a growing node's slice on
// every put. Decoded sketches and document ids are kept for the
// transaction: the same candidates come up again and again in a corpus
// with much shared text.
type twinBatch struct {
	tx    *bolt.Tx
	held  *heldBands // nil: none held (a migration of a store older than 9)
	skb   *bolt.Bucket
	bands *bolt.Bucket
	twins *bolt.Bucket
	order *bolt.Bucket
	// skGet, bandsGet, twinsGet and orderGet look up skb, bands, twins
	// and order
	skGet, bandsGet, twinsGet, orderGet getter
	sketches                            map[string]annot.Sketch // decoded or filed in this transaction
	nosketch                            map[string]bool         // ids known to have no sketch
	cands                               []*candidate            // by document number: id and sketch, as looked up
	seen                                []uint32                // by document number: the last lookup (stamp) that met it
	stamp                               uint32
	slots                               map[uint32][]uint64 // slots changed in this transaction (bandSlot)
	// lists are the twin lists read or changed in this transaction, by
	// document number, and were those lists as stored: write writes
	// those that changed and brings their postings along
	lists, were map[uint32][]uint32
	// changes counts the twins put on or taken off the lists: each is a
	// posting of a twin term written, at a place of its own (fileDerivedStep)
	changes int
}

// newTwinBatch starts the twin changes of transaction tx, with the band
// entries held in held (nil: none).
func newTwinBatch(tx *bolt.Tx, held *heldBands) (*twinBatch, error) {
	skb, bands, err := twinBuckets(tx)
	if err != nil {
		return nil, err
	}
	twins, err := tx.CreateBucketIfNotExists(bucketTwins)
	if err != nil {
		return nil, err
	}
	// the lists of new documents come in key order, after the rest
	twins.FillPercent = 0.9
	order := tx.Bucket(bucketOrder)
	return &twinBatch{tx: tx, held: held, skb: skb, bands: bands, twins: twins, order: order,
		skGet: newGetter(skb), bandsGet: newGetter(bands), twinsGet: newGetter(twins), orderGet: newGetter(order),
		sketches: map[string]annot.Sketch{}, nosketch: map[string]bool{},
		slots: map[uint32][]uint64{}, lists: map[uint32][]uint32{}, were: map[uint32][]uint32{}}, nil
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

// hashRange is the entries of one band hash in its slot: those of es
// (as changed in this transaction) or else of v (as stored), from lo to
// hi.
type hashRange struct {
	es     []uint64
	v      []byte
	lo, hi int
}

func (r *hashRange) len() int { return r.hi - r.lo }

// num returns the document number of the range's entry i.
func (r *hashRange) num(i int) uint32 {
	if r.es != nil {
		return uint32(r.es[r.lo+i])
	}
	return binary.BigEndian.Uint32(r.v[(r.lo+i)*8+4:])
}

// hashRange returns the entries of band hash tag in slot k.
func (tb *twinBatch) hashRange(k, tag uint32) (hashRange, error) {
	if es, ok := tb.slots[k]; ok {
		lo, _ := slices.BinarySearch(es, uint64(tag)<<32)
		hi := lo
		for hi < len(es) && uint32(es[hi]>>32) == tag {
			hi++
		}
		return hashRange{es: es, lo: lo, hi: hi}, nil
	}
	// a slot not changed in this transaction is searched as stored
	var kb [3]byte
	v := tb.bandsGet.get(slotKey(k, &kb))
	if len(v)%8 != 0 {
		return hashRange{}, damaged(fmt.Errorf("a twin band slot of %d bytes", len(v)))
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
	hi = lo
	for hi < n && binary.BigEndian.Uint32(v[hi*8:]) == tag {
		hi++
	}
	return hashRange{v: v, lo: lo, hi: hi}, nil
}

// candidates calls fn with the numbers of the documents filed under band
// b with hash h, in twinbands or held (heldbands.go), in import order,
// until fn returns false.
func (tb *twinBatch) candidates(b int, h uint64, fn func(n uint32) bool) error {
	k, tag := bandSlot(b, h)
	r, err := tb.hashRange(k, tag)
	if err != nil {
		return err
	}
	hb, j := tb.held.band(b), int32(-1)
	if hb != nil {
		j = hb.start(heldKey(k, tag))
	}
	for i := 0; ; {
		var n uint32
		switch {
		case i < r.len() && (j < 0 || r.num(i) < hb.num[j]):
			n = r.num(i)
			i++
		case j >= 0:
			n = hb.num[j]
			j = hb.next[j]
		default:
			return nil
		}
		if !fn(n) {
			return nil
		}
	}
}

// file adds document number n under band b with hash h, or takes it off:
// in twinbands, or held if the entry is (heldBands.holds). A band hash
// keeps the first twinBandCap documents filed under it, by number, the
// only ones it lends as candidates (candidates): a document past them is
// not filed there. (Kept, they were four fifths of the band index of a
// generated million documents, a few thousand boilerplate hashes each a
// value of up to a megabyte, rewritten by every filing step that met
// them, in runs of pages the freed pages around them could not hold: the
// file grew while a gigabyte of it lay free.) A document taken off a
// full hash leaves room for the next one filed, not for one that was
// left out (but entries held and loaded again from the sketches,
// heldBands.load, are the first documents of a hash by number).
func (tb *twinBatch) file(b int, h uint64, n uint32, add bool) error {
	k, tag := bandSlot(b, h)
	key := heldKey(k, tag)
	if tb.held.holds(b, n) {
		hb := &tb.held.bands[b]
		if c, ok := hb.chains[key]; add && (!ok || n > hb.num[c.last]) {
			// the last in order (as FileDerived files): past a full hash?
			// (the entries in twinbands are of lower numbers)
			r, err := tb.hashRange(k, tag)
			if err != nil {
				return err
			}
			if r.len()+hb.count(key) >= twinBandCap {
				return nil
			}
		}
		tb.held.change(tb.tx)
		switch {
		case !add:
			if hb.remove(key, n) {
				tb.held.n--
			}
			return nil
		case !hb.add(key, n):
			return nil
		}
		tb.held.n++
		return tb.capHash(b, k, tag)
	}
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
	if !add {
		return nil
	}
	return tb.capHash(b, k, tag)
}

// capHash keeps the first twinBandCap documents of band b's hash (slot
// k, tag), in twinbands and held together, by number, and takes the rest
// off.
func (tb *twinBatch) capHash(b int, k, tag uint32) error {
	r, err := tb.hashRange(k, tag)
	if err != nil {
		return err
	}
	hb, key := tb.held.band(b), heldKey(k, tag)
	held := 0
	if hb != nil {
		held = hb.count(key)
	}
	if r.len()+held <= twinBandCap {
		return nil
	}
	// the first twinBandCap of the two, by number: how many of each
	keepR, keepH, j := 0, 0, int32(-1)
	if hb != nil {
		j = hb.start(key)
	}
	for keepR+keepH < twinBandCap {
		if keepR < r.len() && (j < 0 || r.num(keepR) < hb.num[j]) {
			keepR++
		} else {
			keepH++
			j = hb.next[j]
		}
	}
	if keepH < held {
		tb.held.change(tb.tx)
		tb.held.n -= hb.truncate(key, keepH)
	}
	if keepR < r.len() {
		es, err := tb.slot(k, true)
		if err != nil {
			return err
		}
		tb.slots[k] = capBand(es, tag, keepR)
	}
	return nil
}

// capBand drops the entries of slot es with band hash tag past the first
// keep.
func capBand(es []uint64, tag uint32, keep int) []uint64 {
	lo, _ := slices.BinarySearch(es, uint64(tag)<<32)
	hi := lo
	for hi < len(es) && uint32(es[hi]>>32) == tag {
		hi++
	}
	if hi-lo <= keep {
		return es
	}
	return slices.Delete(es, lo+keep, hi)
}

// write writes the twin lists and the slots changed, in key order, and
// brings the postings of the lists' terms along (twinPostings).
func (tb *twinBatch) write() error {
	if err := tb.writeLists(); err != nil {
		return err
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

// writeLists writes the twin lists that changed in this transaction, and
// changes the postings of their terms for the documents indexed already
// (a document indexed later gets those of its list then: twinPostings).
func (tb *twinBatch) writeLists() error {
	var ix *indexer
	if tb.tx.Bucket(bucketFwd) != nil && tb.tx.Bucket(bucketTerms) != nil {
		ix = newIndexer(tb.tx)
	}
	for _, n := range slices.Sorted(maps.Keys(tb.lists)) {
		list, were := tb.lists[n], tb.were[n]
		if slices.Equal(list, were) {
			continue
		}
		var err error
		if len(list) == 0 {
			err = tb.twins.Delete(numKey(n))
		} else {
			err = tb.twins.Put(numKey(n), encodeTwinList(list))
		}
		if err != nil {
			return err
		}
		if ix == nil || ix.fwdGet.get(numKey(n)) == nil {
			continue
		}
		wereIDs, err := tb.ids(n, were)
		if err != nil {
			return err
		}
		ids, err := tb.ids(n, list)
		if err != nil {
			return err
		}
		gone, came := map[string]bool{}, map[string]bool{}
		query.TwinTerms(wereIDs, func(t query.Term) { gone[string(termKey(t))] = true })
		query.TwinTerms(ids, func(t query.Term) {
			if k := string(termKey(t)); gone[k] {
				delete(gone, k)
			} else {
				came[k] = true
			}
		})
		for k := range gone {
			id, err := ix.termID([]byte(k), false)
			if err != nil {
				return err
			}
			if id != 0 {
				ix.dels = append(ix.dels, uint64(id)<<32|uint64(n))
			}
		}
		if err := ix.addTerms(slices.Collect(maps.Keys(came)), n); err != nil {
			return err
		}
	}
	for n, list := range tb.lists {
		tb.were[n] = list
	}
	if ix == nil {
		return nil
	}
	return ix.write()
}

// list returns the twin list of document number n, as this transaction
// left it. The caller does not change it in place.
func (tb *twinBatch) list(n uint32) ([]uint32, error) {
	if l, ok := tb.lists[n]; ok {
		return l, nil
	}
	l, err := decodeTwinList(tb.twinsGet.get(numKey(n)))
	if err != nil {
		return nil, damaged(fmt.Errorf("document number %d: %w", n, err))
	}
	tb.lists[n], tb.were[n] = l, l
	return l, nil
}

// ids returns the ids of twin numbers ns, which document number n lists,
// sorted (twinListIDs).
func (tb *twinBatch) ids(n uint32, ns []uint32) ([]string, error) {
	return twinListIDs(n, "", ns, func(t uint32) string { return tb.candidate(t).id })
}

// twinListIDs returns the ids of twin numbers ns, which document number n
// lists, sorted (nil: none); id gives a number's id, "" for none, which
// is damage, named by the document's id if name is not "".
func twinListIDs(n uint32, name string, ns []uint32, id func(uint32) string) ([]string, error) {
	if len(ns) == 0 {
		return nil, nil
	}
	out := make([]string, 0, len(ns))
	for _, t := range ns {
		tid := id(t)
		if tid == "" {
			owner := fmt.Sprintf("document number %d", n)
			if name != "" {
				owner = fmt.Sprintf("document %q", name)
			}
			return nil, damaged(fmt.Errorf("%s lists twin %d, which is not in the order", owner, t))
		}
		out = append(out, tid)
	}
	slices.Sort(out)
	return out, nil
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

// update files the sketch of d's new text and sets its twin list (and
// d.Twins), adding d to its twins' lists and taking it off the lists of
// former twins. The caller writes tb (write) before the transaction
// commits.
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
	old, err := tb.list(num)
	if err != nil {
		return err
	}
	for _, t := range old {
		if err := tb.edit(t, num, false); err != nil {
			return err
		}
	}
	d.Twins = nil
	tb.lists[num] = nil
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
	var twins []uint32
	for b := range annot.SketchBands {
		if len(twins) >= twinListCap {
			break // the list is full: no band need be looked up
		}
		n := 0
		err := tb.candidates(b, sk.Band(b), func(other uint32) bool {
			if n >= twinBandCap || len(twins) >= twinListCap {
				return false
			}
			n++
			if tb.met(other) {
				return true
			}
			if c := tb.candidate(other); c.hasSk && sk.Twin(&c.sk) {
				twins = append(twins, other)
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
	slices.Sort(twins)
	tb.lists[num] = twins
	tb.changes += len(old) + len(twins)
	for _, t := range twins {
		if err := tb.edit(t, num, true); err != nil {
			return err
		}
	}
	if d.Twins, err = tb.ids(num, twins); err != nil {
		return err
	}
	tb.sketches[d.ID] = sk
	delete(tb.nosketch, d.ID)
	tb.setCandidate(num, &candidate{id: d.ID, sk: sk, hasSk: true})
	return tb.skb.Put(id, sk.Encode())
}

// edit adds twin to the list of document number n, or takes it off. A
// list holds at most twinListCap twins.
func (tb *twinBatch) edit(n, twin uint32, add bool) error {
	l, err := tb.list(n)
	if err != nil {
		return err
	}
	i, found := slices.BinarySearch(l, twin)
	switch {
	case add && !found && len(l) < twinListCap:
		tb.lists[n] = slices.Insert(slices.Clip(l), i, twin)
		tb.changes++
	case !add && found:
		tb.lists[n] = slices.Delete(slices.Clone(l), i, i+1)
		tb.changes++
	}
	return nil
}

// encodeTwinList encodes a twin list: each number in 4 bytes.
func encodeTwinList(ns []uint32) []byte {
	v := make([]byte, 0, 4*len(ns))
	for _, n := range ns {
		v = binary.BigEndian.AppendUint32(v, n)
	}
	return v
}

// decodeTwinList decodes a twin list (nil: none), which must ascend.
func decodeTwinList(v []byte) ([]uint32, error) {
	if len(v)%4 != 0 || len(v) > 4*twinListCap {
		return nil, fmt.Errorf("a twin list of %d bytes", len(v))
	}
	if len(v) == 0 {
		return nil, nil
	}
	out := make([]uint32, len(v)/4)
	for i := range out {
		out[i] = binary.BigEndian.Uint32(v[4*i:])
		if out[i] == 0 || i > 0 && out[i] <= out[i-1] {
			return nil, fmt.Errorf("a twin list out of order")
		}
	}
	return out, nil
}

// twinReader reads twin lists as document ids.
type twinReader struct {
	twins, order getter
	ok           bool // the store has twin lists
}

func newTwinReader(tx *bolt.Tx) *twinReader {
	b := tx.Bucket(bucketTwins)
	if b == nil {
		return &twinReader{}
	}
	return &twinReader{twins: newGetter(b), order: newGetter(tx.Bucket(bucketOrder)), ok: true}
}

// ids returns the ids of the twins of document number n, sorted (nil:
// none).
func (r *twinReader) ids(n uint32) ([]string, error) {
	if !r.ok {
		return nil, nil
	}
	ns, err := decodeTwinList(r.twins.get(numKey(n)))
	if err != nil {
		return nil, damaged(fmt.Errorf("document number %d: %w", n, err))
	}
	return twinListIDs(n, "", ns, func(t uint32) string { return string(r.order.get(seqKey(uint64(t)))) })
}

// fill sets d.Twins from its twin list.
func (r *twinReader) fill(d *annot.Doc) error {
	var err error
	d.Twins, err = r.ids(uint32(d.Seq))
	return err
}

// twinIDs returns the ids of the twins of document number n, sorted.
func twinIDs(tx *bolt.Tx, n uint32) ([]string, error) {
	return newTwinReader(tx).ids(n)
}

// checkTwinLists finds twin lists that do not decode, belong to no
// document, or list a number no document has or the document itself.
func checkTwinLists(tx *bolt.Tx, add func(format string, args ...any)) {
	last := tx.Bucket(bucketOrder).Sequence()
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 20 {
			add(format, args...)
		}
	}
	_ = tx.Bucket(bucketTwins).ForEach(func(k, v []byte) error {
		n, ok := keyNum(k)
		if !ok || n == 0 || uint64(n) > last {
			report("twin list %x belongs to no document", k)
			return nil
		}
		ns, err := decodeTwinList(v)
		switch {
		case err != nil:
			report("document number %d: %v", n, err)
		case len(ns) == 0:
			report("document number %d: an empty twin list is stored", n)
		}
		for _, t := range ns {
			if t == n || uint64(t) > last {
				report("document number %d lists twin %d, not another document", n, t)
			}
		}
		return nil
	})
	if bad > 20 {
		add("twins: %d problems in all", bad)
	}
}
