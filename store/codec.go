package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

func seqKey(n uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, n)
	return k
}

func keySeq(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

// getDoc returns the record of document id, with its twins (twins.go).
func getDoc(tx *bolt.Tx, id string) (annot.Doc, bool, error) {
	d, ok, err := docIn(tx.Bucket(bucketDocs).Get([]byte(id)), id)
	if !ok || err != nil {
		return d, ok, err
	}
	d.Twins, err = twinIDs(tx, uint32(d.Seq))
	return d, err == nil, err
}

// docIn decodes the record v of document id, which is not stored if v
// is nil. Its twins are not in it (getDoc).
func docIn(v []byte, id string) (annot.Doc, bool, error) {
	if v == nil {
		return annot.Doc{}, false, nil
	}
	d, err := decodeDoc(v)
	if err != nil {
		return d, false, fmt.Errorf("document %q: %w", id, err)
	}
	return d, true, nil
}

// A getter looks keys of one bucket up with one cursor, reused.
// Bucket.Get makes a cursor and grows its stack anew for each lookup,
// and an import's transaction makes hundreds of thousands. A Seek starts
// again from the bucket's root, so a put into the bucket between two
// lookups is seen.
type getter struct{ c *bolt.Cursor }

func newGetter(b *bolt.Bucket) getter { return getter{c: b.Cursor()} }

// get returns the value of key k, or nil if the bucket has none (or a
// nested bucket), as Bucket.Get does.
func (g getter) get(k []byte) []byte {
	fk, v := g.c.Seek(k)
	if v == nil || !bytes.Equal(fk, k) {
		return nil
	}
	return v
}

// putDoc writes d's record and marks it for its index entries to be
// brought up to date before the transaction commits (flushIndex). Every
// change of what the indexes hold (text, annotations, record) rewrites the
// record, so every change passes here.
func putDoc(tx *bolt.Tx, d annot.Doc) error {
	if err := tx.Bucket(bucketDocs).Put([]byte(d.ID), encodeDoc(d)); err != nil {
		return err
	}
	return markDirty(tx, d.ID)
}

// putDocRecord is putDoc for a change of the record alone, one that
// leaves the document's words as they are (its text, annotations, title
// and tags): its index entries are then brought up to date without
// reading its text again (a twin list that grew, say).
func putDocRecord(tx *bolt.Tx, d annot.Doc) error {
	if err := tx.Bucket(bucketDocs).Put([]byte(d.ID), encodeDoc(d)); err != nil {
		return err
	}
	return markRecordDirty(tx, d.ID)
}

// annBucket returns the annotation bucket of a document, creating it when
// create is set (in a write transaction).
func annBucket(tx *bolt.Tx, id string, create bool) (*bolt.Bucket, error) {
	root := tx.Bucket(bucketAnn)
	if b := root.Bucket([]byte(id)); b != nil || !create {
		return b, nil
	}
	b, err := root.CreateBucket([]byte(id))
	if err != nil {
		return nil, fmt.Errorf("document %s: annotations: %w", id, err)
	}
	return b, nil
}

func getAnns(tx *bolt.Tx, id string) ([]annot.Annotation, error) {
	b, _ := annBucket(tx, id, false)
	if b == nil {
		return nil, nil
	}
	return decodeAnns(b, id)
}

// decodeAnns reads the annotations of document id that b holds.
func decodeAnns(b *bolt.Bucket, id string) ([]annot.Annotation, error) {
	var out []annot.Annotation
	err := b.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		var a annot.Annotation
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("document %s: annotation %s: %w", id, k, err)
		}
		out = append(out, a)
		return nil
	})
	return out, err
}
