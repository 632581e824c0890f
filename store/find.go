package store

import (
	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// FindWord returns every whole-word occurrence of word in the stored
// texts, by document id, as spans in code points. A whole word is not
// preceded or followed by a letter, digit or combining mark joined to it
// (annot.WordSpans).
func (s *Store) FindWord(word string) (map[string][]annot.Span, error) {
	out := map[string][]annot.Span{}
	if word == "" {
		return out, nil
	}
	w := []byte(word)
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketText).ForEach(func(k, text []byte) error {
			if spans := annot.WordSpans(readText(text), w); len(spans) > 0 {
				out[string(k)] = spans
			}
			return nil
		})
	})
	return out, err
}
