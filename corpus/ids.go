package corpus

import "folio/annot"

// ID derives a document id from its stored text, for input that gives
// none: the first 16 hex digits of the text's SHA-256, so that the same
// text always gets the same id.
func ID(text string) string {
	return annot.Hash(text)[:16]
}
