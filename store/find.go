package store

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// FindWord returns every whole-word occurrence of word in the stored
// texts, by document id, as spans in code points. A whole word is not
// preceded or followed by a letter, digit or in-word hyphen joined to it.
func (s *Store) FindWord(word string) (map[string][]annot.Span, error) {
	out := map[string][]annot.Span{}
	if word == "" {
		return out, nil
	}
	w := []byte(word)
	wn := utf8.RuneCount(w)
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketText).ForEach(func(k, text []byte) error {
			var spans []annot.Span
			runes, done := 0, 0 // code points in text[:done]
			for off := 0; off <= len(text)-len(w); {
				i := bytes.Index(text[off:], w)
				if i < 0 {
					break
				}
				at := off + i
				if wordEdge(text, at, true) && wordEdge(text, at+len(w), false) {
					runes += utf8.RuneCount(text[done:at])
					done = at
					spans = append(spans, annot.Span{Start: runes, End: runes + wn})
				}
				off = at + len(w)
			}
			if len(spans) > 0 {
				out[string(k)] = spans
			}
			return nil
		})
	})
	return out, err
}

// wordEdge reports whether a word may start (before is true) or end at
// byte offset at of text.
func wordEdge(text []byte, at int, before bool) bool {
	var r rune
	if before {
		if at == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRune(text[:at])
	} else {
		if at >= len(text) {
			return true
		}
		r, _ = utf8.DecodeRune(text[at:])
	}
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}
