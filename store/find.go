package store

import (
	"context"
	"fmt"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// FindWord returns every whole-word occurrence of word in the stored
// texts, by document id, as spans in code points. A whole word is not
// preceded or followed by a letter, digit or combining mark joined to it
// (annot.WordSpans).
func (s *Store) FindWord(word string) (map[string][]annot.Span, error) {
	return s.FindWordContext(context.Background(), word, nil)
}

// FindWordContext is FindWord that stops, with ctx's error, once ctx is
// done, checked before each document; progress, if not nil, is told after
// each document how many were searched of how many there are.
func (s *Store) FindWordContext(ctx context.Context, word string, progress func(done, total int)) (map[string][]annot.Span, error) {
	out := map[string][]annot.Span{}
	if word == "" {
		return out, nil
	}
	w := []byte(word)
	err := s.view(func(tx *bolt.Tx) error {
		total, done := docCount(tx), 0
		return tx.Bucket(bucketText).ForEach(func(k, text []byte) error {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("find %q: %w", word, err)
			}
			if spans := annot.WordSpans(readText(text), w); len(spans) > 0 {
				out[string(k)] = spans
			}
			if done++; progress != nil {
				progress(done, max(total, done))
			}
			return nil
		})
	})
	return out, err
}
