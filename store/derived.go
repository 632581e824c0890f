package store

import (
	"fmt"
	"strconv"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// refresh recomputes what derives from a document's annotations after they
// changed: its record's summary and its entries in the mentions bucket.
// old holds the annotations before the change.
func refresh(tx *bolt.Tx, id string, old []annot.Annotation) error {
	anns, err := getAnns(tx, id)
	if err != nil {
		return err
	}
	return refreshWith(tx, id, old, anns)
}

// refreshWith is refresh when the caller has the annotations as they are
// now.
func refreshWith(tx *bolt.Tx, id string, old, anns []annot.Annotation) error {
	d, ok, err := getDoc(tx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("document %q: %w", id, ErrNoDoc)
	}
	annot.Summarize(&d, anns)
	if err := putDoc(tx, d); err != nil {
		return err
	}
	return updateMentions(tx, id, old, anns)
}

// mentionKeys counts a document's mentions of each canonical entity.
func mentionKeys(id string, anns []annot.Annotation) map[string]int {
	m := map[string]int{}
	for _, a := range anns {
		if a.Kind == annot.KindEntity && a.Canonical != "" {
			m[entityKey(a.Label, a.Canonical)+"\x00"+id]++
		}
	}
	return m
}

func updateMentions(tx *bolt.Tx, id string, old, anns []annot.Annotation) error {
	b := tx.Bucket(bucketMentions)
	before, after := mentionKeys(id, old), mentionKeys(id, anns)
	for k := range before {
		if _, ok := after[k]; !ok {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
	}
	for k, n := range after {
		if before[k] != n {
			if err := b.Put([]byte(k), []byte(strconv.Itoa(n))); err != nil {
				return err
			}
		}
	}
	return nil
}
