package corpus

import (
	"crypto/sha256"
	"encoding/hex"
)

// Hash returns a document's hash (DESIGN.md): the SHA-256 of its stored
// text, in lower-case hex.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// ID derives a document id from its stored text, for input that gives
// none: the first 16 hex digits of the text's SHA-256, so that the same
// text always gets the same id.
func ID(text string) string {
	return Hash(text)[:16]
}
