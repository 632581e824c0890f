// Package english holds the little English that folio's messages need.
package english

import "fmt"

// Noun returns one when n is 1 and many otherwise: the form of a noun
// that counts n things.
func Noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count formats n with the form of its noun: "1 document", "3 documents".
func Count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, Noun(n, one, many))
}
