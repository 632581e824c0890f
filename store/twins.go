package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
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

// updateTwins files the sketch of d's new text and sets d.Twins, adding
// d to its twins' records and taking it off the records of former twins.
// The caller writes d.
func updateTwins(tx *bolt.Tx, d *annot.Doc, text string) error {
	skb, bands, err := twinBuckets(tx)
	if err != nil {
		return err
	}
	id := []byte(d.ID)
	if old, ok := annot.DecodeSketch(skb.Get(id)); ok {
		for b := range annot.SketchBands {
			if err := bands.Delete(bandKey(b, old.Band(b), d.ID)); err != nil {
				return err
			}
		}
	}
	for _, t := range d.Twins {
		if err := editTwins(tx, t, d.ID, false); err != nil {
			return err
		}
	}
	d.Twins = nil
	sk, ok := annot.NewSketch(text)
	if !ok {
		return skb.Delete(id)
	}
	seen := map[string]bool{d.ID: true}
	for b := range annot.SketchBands {
		prefix := bandPrefix(b, sk.Band(b))
		c := bands.Cursor()
		n := 0
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && n < twinBandCap && len(d.Twins) < twinListCap; k, _ = c.Next() {
			n++
			other := string(k[len(prefix):])
			if seen[other] {
				continue
			}
			seen[other] = true
			if os, ok := annot.DecodeSketch(skb.Get(k[len(prefix):])); ok && sk.Twin(os) {
				d.Twins = append(d.Twins, other)
			}
		}
		if err := bands.Put(bandKey(b, sk.Band(b), d.ID), nil); err != nil {
			return err
		}
	}
	slices.Sort(d.Twins)
	for _, t := range d.Twins {
		if err := editTwins(tx, t, d.ID, true); err != nil {
			return err
		}
	}
	return skb.Put(id, sk.Encode())
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
