package store

import (
	"fmt"
	"strings"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// DamageError says which documents did not verify as they were read: a
// document the order lists without a record, a record or an annotation
// that does not decode, a text that is missing or does not match its
// hash. It wraps ErrDamaged.
type DamageError struct {
	Problems []string // one line per problem, naming the document
}

func (e *DamageError) Error() string {
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %d problems with documents", ErrDamaged, len(e.Problems))
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-show)
			break
		}
		b.WriteString("\n  " + p)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrDamaged) hold.
func (e *DamageError) Unwrap() error { return ErrDamaged }

// Damage reads the documents keep selects (all when keep is nil), in
// import order, and verifies everything a reader of them would use: each
// listed document has a record that decodes, a text whose hash matches
// its record, and annotations that decode. It returns one line per
// problem (none for a sound store) and never stops at the first, so that
// a command can name every damaged document before it writes anything.
// Damage of the pages themselves (which may make bbolt fault) becomes an
// error wrapping ErrDamaged.
func (s *Store) Damage(keep func(annot.Doc) bool) ([]string, error) {
	var probs []string
	add := func(format string, args ...any) {
		if len(probs) < 1000 {
			probs = append(probs, fmt.Sprintf(format, args...))
		}
	}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOrder).ForEach(func(_, id []byte) error {
			d, ok, err := getDoc(tx, string(id))
			switch {
			case err != nil:
				add("document %q: its record does not decode", id)
				return nil
			case !ok:
				add("document %q is listed but has no record", id)
				return nil
			case keep != nil && !keep(d):
				return nil
			}
			if err := verifyText(d, getText(tx, id)); err != nil {
				add("%v", err)
			}
			if _, err := getAnns(tx, d.ID); err != nil {
				add("%v", err)
			}
			return nil
		})
	})
	return probs, err
}

// verifyText checks that text is d's stored text: present and matching
// the hash in d's record.
func verifyText(d annot.Doc, text []byte) error {
	if text == nil {
		return fmt.Errorf("document %q: its text is missing", d.ID)
	}
	if h := annot.Hash(string(text)); h != d.Hash {
		got, want := shortPair(h, d.Hash)
		return fmt.Errorf("document %q: its text does not match its hash (%s, not %s)", d.ID, got, want)
	}
	return nil
}

// damaged wraps a verification error of one document read as a
// *DamageError.
func damaged(err error) error {
	return &DamageError{Problems: []string{err.Error()}}
}
