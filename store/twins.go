package store

import (
	"bytes"
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
//	sketch  doc id → annot.Sketch, encoded
//	bands   band (1 byte) + band hash (8 bytes) + doc id → ""

var (
	bucketSketch = []byte("sketch")
	bucketBands  = []byte("bands")
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

// bandKey is the key of doc id under band b with hash h; bandPrefix is its
// first part.
func bandKey(b int, h uint64, id string) []byte {
	return append(bandPrefix(b, h), id...)
}

func bandPrefix(b int, h uint64) []byte {
	k := make([]byte, 9, 9+32)
	k[0] = byte(b)
	binary.BigEndian.PutUint64(k[1:], h)
	return k
}

// twinBuckets returns the sketch and band buckets.
func twinBuckets(tx *bolt.Tx) (sk, bands *bolt.Bucket, err error) {
	sk, bands = tx.Bucket(bucketSketch), tx.Bucket(bucketBands)
	if sk == nil || bands == nil {
		return nil, nil, fmt.Errorf("store has no %s or %s bucket", bucketSketch, bucketBands)
	}
	return sk, bands, nil
}

// twinBatch files the sketches and bands of the documents one write
// transaction imports. Its band keys wait in memory and are written at
// the end in key order (write): bbolt inserts into a node's sorted slice
// and splits only at commit, so band keys put in hash order, one at a
// time, moved a growing node's slice on every put. The candidates a band
// lends are the stored keys and the waiting ones merged in key order, so
// the twins come out as if every key had been written at once. Decoded
// sketches are kept for the transaction: the same candidates come up
// again and again in a corpus with much shared text.
type twinBatch struct {
	tx       *bolt.Tx
	skb      *bolt.Bucket
	bands    *bolt.Bucket
	sketches map[string]annot.Sketch // decoded or filed in this transaction; absent: not known yet
	nosketch map[string]bool         // ids known to have no sketch
	pending  map[string][]string     // band prefix → ids filed in this transaction, sorted
}

func newTwinBatch(tx *bolt.Tx) (*twinBatch, error) {
	skb, bands, err := twinBuckets(tx)
	if err != nil {
		return nil, err
	}
	return &twinBatch{tx: tx, skb: skb, bands: bands, sketches: map[string]annot.Sketch{},
		nosketch: map[string]bool{}, pending: map[string][]string{}}, nil
}

// sketch returns the sketch filed for id, if any.
func (tb *twinBatch) sketch(id string) (annot.Sketch, bool) {
	if s, ok := tb.sketches[id]; ok {
		return s, true
	}
	if tb.nosketch[id] {
		return annot.Sketch{}, false
	}
	s, ok := annot.DecodeSketch(tb.skb.Get([]byte(id)))
	if ok {
		tb.sketches[id] = s
	} else {
		tb.nosketch[id] = true
	}
	return s, ok
}

// candidates calls fn with the ids under band prefix pre in key order,
// the stored ones and the waiting ones merged, until fn returns false.
func (tb *twinBatch) candidates(pre []byte, fn func(id string) bool) {
	wait := tb.pending[string(pre)]
	c := tb.bands.Cursor()
	k, _ := c.Seek(pre)
	for {
		stored := k != nil && bytes.HasPrefix(k, pre)
		var id string
		switch {
		case stored && (len(wait) == 0 || string(k[len(pre):]) <= wait[0]):
			id = string(k[len(pre):])
			if len(wait) > 0 && wait[0] == id {
				wait = wait[1:]
			}
			k, _ = c.Next()
		case len(wait) > 0:
			id, wait = wait[0], wait[1:]
		default:
			return
		}
		if !fn(id) {
			return
		}
	}
}

// file adds id under band prefix pre, to be written by write.
func (tb *twinBatch) file(pre []byte, id string) {
	ids := tb.pending[string(pre)]
	i, found := slices.BinarySearch(ids, id)
	if !found {
		tb.pending[string(pre)] = slices.Insert(ids, i, id)
	}
}

// unfile takes id off band prefix pre, stored or waiting.
func (tb *twinBatch) unfile(pre []byte, id string) error {
	if ids := tb.pending[string(pre)]; len(ids) > 0 {
		if i, found := slices.BinarySearch(ids, id); found {
			tb.pending[string(pre)] = slices.Delete(ids, i, i+1)
		}
	}
	return tb.bands.Delete(append(bytes.Clone(pre), id...))
}

// write writes the waiting band keys in key order.
func (tb *twinBatch) write() error {
	if len(tb.pending) == 0 {
		return nil
	}
	tb.bands.FillPercent = 0.9
	var key []byte
	for _, pre := range slices.Sorted(maps.Keys(tb.pending)) {
		for _, id := range tb.pending[pre] {
			key = append(append(key[:0], pre...), id...)
			if err := tb.bands.Put(key, nil); err != nil {
				return err
			}
		}
	}
	clear(tb.pending)
	return nil
}

// update files the sketch of d's new text and sets d.Twins, adding
// d to its twins' records and taking it off the records of former twins.
// The caller writes d, and tb's band keys (write) before the transaction
// commits.
func (tb *twinBatch) update(d *annot.Doc, text string) error {
	id := []byte(d.ID)
	if old, ok := tb.sketch(d.ID); ok {
		for b := range annot.SketchBands {
			if err := tb.unfile(bandPrefix(b, old.Band(b)), d.ID); err != nil {
				return err
			}
		}
	}
	for _, t := range d.Twins {
		if err := editTwins(tb.tx, t, d.ID, false); err != nil {
			return err
		}
	}
	d.Twins = nil
	sk, ok := annot.NewSketch(text)
	if !ok {
		delete(tb.sketches, d.ID)
		tb.nosketch[d.ID] = true
		return tb.skb.Delete(id)
	}
	seen := map[string]bool{d.ID: true}
	for b := range annot.SketchBands {
		prefix := bandPrefix(b, sk.Band(b))
		n := 0
		if len(d.Twins) >= twinListCap {
			tb.file(prefix, d.ID) // the list is full: no band need be looked up
			continue
		}
		tb.candidates(prefix, func(other string) bool {
			if n >= twinBandCap || len(d.Twins) >= twinListCap {
				return false
			}
			n++
			if seen[other] {
				return true
			}
			seen[other] = true
			if os, ok := tb.sketch(other); ok && sk.Twin(os) {
				d.Twins = append(d.Twins, other)
			}
			return true
		})
		tb.file(prefix, d.ID)
	}
	slices.Sort(d.Twins)
	for _, t := range d.Twins {
		if err := editTwins(tb.tx, t, d.ID, true); err != nil {
			return err
		}
	}
	tb.sketches[d.ID] = sk
	delete(tb.nosketch, d.ID)
	return tb.skb.Put(id, sk.Encode())
}

// editTwins adds twin to (or removes it from) the twin list of document
// id, if that document exists.
func editTwins(tx *bolt.Tx, id, twin string, add bool) error {
	d, ok, err := getDoc(tx, id)
	if err != nil || !ok {
		return err
	}
	i, found := slices.BinarySearch(d.Twins, twin)
	switch {
	case add && !found && len(d.Twins) < twinListCap:
		d.Twins = slices.Insert(d.Twins, i, twin)
	case !add && found:
		d.Twins = slices.Delete(d.Twins, i, i+1)
	default:
		return nil
	}
	return putDoc(tx, d)
}
