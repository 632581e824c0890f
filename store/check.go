package store

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// Check verifies the store: bbolt's own page consistency, then folio's
// invariants — every document has its text, hash and size; every
// annotation is valid, inside its document and within the overlap rules;
// each record's summary and the mentions match the annotations; the order
// and the log are whole. It returns one line per problem found; none means
// the store is sound.
func (s *Store) Check() (problems []string, err error) {
	add := func(format string, args ...any) {
		if len(problems) < 1000 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	err = s.view(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			add("bbolt: %v", e)
		}
		if len(problems) > 0 {
			return nil // folio's checks would read damaged pages
		}
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				add("bucket %s is missing", b)
			}
		}
		if len(problems) > 0 {
			return nil
		}
		inOrder := map[string]bool{}
		err := tx.Bucket(bucketOrder).ForEach(func(k, v []byte) error {
			if inOrder[string(v)] {
				add("order lists %q twice", v)
			}
			inOrder[string(v)] = true
			if tx.Bucket(bucketDocs).Get(v) == nil {
				add("order lists %q, which has no record", v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		mentions := map[string]int{}
		err = tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			id := string(k)
			d, err := decodeDoc(v)
			if err != nil {
				add("document %q: %v", id, err)
				return nil
			}
			if !inOrder[id] {
				add("document %q is missing from the order", id)
			}
			text := tx.Bucket(bucketText).Get(k)
			if text == nil {
				add("document %q has no text", id)
				return nil
			}
			if h := Hash(string(text)); h != d.Hash {
				add("document %q: hash %s does not match its text (%s)", id, short(d.Hash), short(h))
			}
			n := annot.Runes(string(text))
			if n != d.Size {
				add("document %q: size %d, but its text has %d code points", id, d.Size, n)
			}
			anns, err := getAnns(tx, id)
			if err != nil {
				add("%v", err)
				return nil
			}
			ix := annot.NewIndex(string(text))
			for _, a := range anns {
				if a.HasSpan() && !a.Stale && a.Text != "" && ix.Slice(a.Span()) != a.Text {
					add("document %q: %s %s covers %q, not %q", id, a.Kind, a.ID, ix.Slice(a.Span()), a.Text)
				}
			}
			if err := annot.Validate(annot.Sorted(anns), n); err != nil {
				add("document %q: %v", id, err)
			}
			want := d
			annot.Summarize(&want, anns)
			if !reflect.DeepEqual(want, d) {
				add("document %q: its record's counts, tags or status do not match its annotations", id)
			}
			for k, c := range mentionKeys(id, anns) {
				mentions[k] = c
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketMentions).ForEach(func(k, v []byte) error {
			n, _ := strconv.Atoi(string(v))
			if mentions[string(k)] != n {
				add("mentions %q: %d recorded, %d found", bytes.ReplaceAll(k, []byte{0}, []byte("/")), n, mentions[string(k)])
			}
			delete(mentions, string(k))
			return nil
		})
		if err != nil {
			return err
		}
		for k := range mentions {
			add("mentions %q are not recorded", k)
		}
		for _, st := range [][]byte{bucketUndo, bucketRedo} {
			_ = tx.Bucket(st).ForEach(func(k, _ []byte) error {
				if tx.Bucket(bucketLog).Get(k) == nil {
					add("%s stack names log entry %d, which is missing", st, keySeq(k))
				}
				return nil
			})
		}
		return nil
	})
	return problems, err
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
