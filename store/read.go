package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// ErrNoDoc is returned (wrapped) for a document id the store does not hold.
var ErrNoDoc = errors.New("no such document")

// Document is one document with its text and annotations.
type Document struct {
	Doc  annot.Doc
	Text string
	Anns []annot.Annotation
}

// Of returns the document's annotations of kind k, in order.
func (d Document) Of(k annot.Kind) []annot.Annotation {
	var out []annot.Annotation
	for _, a := range d.Anns {
		if a.Kind == k {
			out = append(out, a)
		}
	}
	return out
}

// Len returns the number of documents.
func (s *Store) Len() (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		n = docCount(tx)
		return nil
	})
	return n, err
}

// docCount is the number of documents tx sees: documents are never
// deleted, so the order's sequence counts them.
func docCount(tx *bolt.Tx) int {
	return int(min(tx.Bucket(bucketOrder).Sequence(), math.MaxInt32))
}

// Doc returns the record of document id.
func (s *Store) Doc(id string) (annot.Doc, error) {
	var d annot.Doc
	err := s.view(func(tx *bolt.Tx) error {
		var ok bool
		var err error
		d, ok, err = getDoc(tx, id)
		if err == nil && !ok {
			err = fmt.Errorf("document %q: %w", id, ErrNoDoc)
		}
		if err != nil {
			return err
		}
		d, err = s.viewed(tx, d)
		return err
	})
	return d, err
}

// Resolve returns the id of the one document whose id is idOrPrefix, or
// else begins with it, as a command line names a document: `001` for
// 001_879768a2f144ad87. It is an error when no id begins so (wrapping
// ErrNoDoc) or several do (naming a few).
func (s *Store) Resolve(idOrPrefix string) (string, error) {
	const shown = 5
	var found []string
	err := s.view(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		if idOrPrefix == "" {
			return fmt.Errorf("an empty document id: %w", ErrNoDoc)
		}
		if docs.Get([]byte(idOrPrefix)) != nil {
			found = []string{idOrPrefix}
			return nil
		}
		p := []byte(idOrPrefix)
		c := docs.Cursor()
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p) && len(found) <= shown; k, _ = c.Next() {
			found = append(found, string(k))
		}
		return nil
	})
	switch {
	case err != nil:
		return "", err
	case len(found) == 0:
		return "", fmt.Errorf("document %q: %w (nor any whose id begins so)", idOrPrefix, ErrNoDoc)
	case len(found) > 1:
		more := ""
		if len(found) > shown {
			found, more = found[:shown], ", …"
		}
		for i, id := range found {
			found[i] = strconv.Quote(id)
		}
		return "", fmt.Errorf("%q begins the ids of several documents (%s%s): give more of the id", idOrPrefix, strings.Join(found, ", "), more)
	}
	return found[0], nil
}

// Document returns document id with its text and annotations, read in one
// transaction.
func (s *Store) Document(id string) (Document, error) {
	var out Document
	err := s.view(func(tx *bolt.Tx) error {
		d, ok, err := getDoc(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("document %q: %w", id, ErrNoDoc)
		}
		out.Doc = d
		text := getText(tx, []byte(id))
		if err := verifyText(d, text); err != nil {
			return damaged(err)
		}
		out.Text = string(text) // string() copies
		layer, err := s.layerOf(tx, id)
		if err != nil {
			return err
		}
		out.Anns, err = annsIn(tx, id, layer)
		if err != nil {
			return damaged(err)
		}
		if layer != "" {
			sugg := out.Doc.Counts.Suggestions
			annot.Summarize(&out.Doc, out.Anns)
			out.Doc.Counts.Suggestions = sugg
		}
		return nil
	})
	return out, err
}

// Annotations returns the annotations of document id in display order.
func (s *Store) Annotations(id string) ([]annot.Annotation, error) {
	var out []annot.Annotation
	err := s.view(func(tx *bolt.Tx) error {
		layer, err := s.layerOf(tx, id)
		if err != nil {
			return err
		}
		out, err = annsIn(tx, id, layer)
		return err
	})
	return annot.Sorted(out), err
}

// Docs calls fn with every document record in import order.
func (s *Store) Docs(fn func(annot.Doc) error) error { return EachDoc(s.DocList, fn) }

// EachDoc calls fn with every record list returns, in its order, and
// stops at the first error: the Docs of an API over its DocList.
func EachDoc(list func() ([]annot.Doc, error), fn func(annot.Doc) error) error {
	docs, err := list()
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// DocList returns every document record in import order. It reads the
// records in key order, which touches each page once, and sorts them.
func (s *Store) DocList() ([]annot.Doc, error) {
	var out []annot.Doc
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocs)
		// the order's sequence counts the documents (a hint: a damaged
		// store may claim anything)
		out = make([]annot.Doc, 0, min(tx.Bucket(bucketOrder).Sequence(), 1<<20))
		layered := s.layered(tx)
		err := b.ForEach(func(k, v []byte) error {
			d, err := decodeDoc(v)
			if err != nil {
				return damaged(fmt.Errorf("document %q: its record does not decode: %w", k, err))
			}
			if layered {
				if d, err = s.viewed(tx, d); err != nil {
					return err
				}
			}
			out = append(out, d)
			return nil
		})
		if err != nil {
			return err
		}
		if uint64(len(out)) != tx.Bucket(bucketOrder).Sequence() {
			return listedButMissing(tx)
		}
		slices.SortFunc(out, func(a, b annot.Doc) int { return cmp.Compare(a.Seq, b.Seq) })
		return fillTwins(tx, out)
	})
	return out, err
}

// fillTwins sets the twins of docs, every record of the store in import
// order (numbered 1 to len(docs)), from the twin lists.
func fillTwins(tx *bolt.Tx, docs []annot.Doc) error {
	b := tx.Bucket(bucketTwins)
	if b == nil {
		return nil
	}
	at := func(n uint32) *annot.Doc {
		if n == 0 || int(n) > len(docs) || docs[n-1].Seq != uint64(n) {
			return nil
		}
		return &docs[n-1]
	}
	return b.ForEach(func(k, v []byte) error {
		n, _ := keyNum(k)
		d := at(n)
		ns, err := decodeTwinList(v)
		if d == nil || err != nil {
			return damaged(fmt.Errorf("twin list %x: of no document or malformed (%v)", k, err))
		}
		d.Twins, err = twinListIDs(n, d.ID, ns, func(t uint32) string {
			if twin := at(t); twin != nil {
				return twin.ID
			}
			return ""
		})
		return err
	})
}

// Documents calls fn with each document among ids (all documents when ids
// is nil) with text and annotations, in import order, reading in chunks so
// that no transaction stays open while fn runs and memory does not grow
// with the corpus.
func (s *Store) Documents(keep func(annot.Doc) bool, fn func(Document) error) error {
	const chunk = 256
	var after []byte
	for {
		var batch []Document
		err := s.view(func(tx *bolt.Tx) error {
			layered := s.layered(tx)
			c := tx.Bucket(bucketOrder).Cursor()
			k, id := c.First()
			if after != nil {
				k, id = c.Seek(after)
				if k != nil && string(k) == string(after) {
					k, id = c.Next()
				}
			}
			for ; k != nil && len(batch) < chunk; k, id = c.Next() {
				after = append(after[:0], k...)
				d, ok, err := getDoc(tx, string(id))
				if err != nil {
					return damaged(err)
				}
				if !ok {
					return damaged(fmt.Errorf("document %q is listed but has no record", id))
				}
				if layered {
					if d, err = s.viewed(tx, d); err != nil {
						return err
					}
				}
				if keep != nil && !keep(d) {
					continue
				}
				layer := ""
				if layered {
					if layer, err = s.layerOf(tx, d.ID); err != nil {
						return err
					}
				}
				anns, err := annsIn(tx, d.ID, layer)
				if err != nil {
					return damaged(err)
				}
				text := getText(tx, []byte(d.ID))
				if err := verifyText(d, text); err != nil {
					return damaged(err)
				}
				batch = append(batch, Document{Doc: d, Text: string(text), Anns: annot.Sorted(anns)})
			}
			if k == nil {
				after = nil
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range batch {
			if err := fn(d); err != nil {
				return err
			}
		}
		if after == nil {
			return nil
		}
	}
}

// listedButMissing names the documents the order lists without a record,
// or the count that does not add up.
func listedButMissing(tx *bolt.Tx) error {
	var probs []string
	docs := tx.Bucket(bucketDocs)
	n := 0
	_ = tx.Bucket(bucketOrder).ForEach(func(_, id []byte) error {
		n++
		if docs.Get(id) == nil && len(probs) < 1000 {
			probs = append(probs, fmt.Sprintf("document %q is listed but has no record", id))
		}
		return nil
	})
	if len(probs) == 0 {
		probs = append(probs, fmt.Sprintf("the store counts %d documents, but its order lists %d", tx.Bucket(bucketOrder).Sequence(), n))
	}
	return &DamageError{Problems: probs}
}
