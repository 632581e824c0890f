package hunspell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// capKind is hunspell's capitalisation type of a word.
type capKind int

const (
	capNone    capKind = iota // no capital letter
	capInit                   // only the first letter is capital
	capAll                    // every letter is capital
	capHuhInit                // first letter and others capital, mixed
	capHuh                    // capitals, not at the start, mixed
)

// capType classifies w like hunspell's get_captype_utf8: characters without
// case (digits, ß, hyphens) count as neutral.
func capType(w string) capKind {
	ncap, nneutral, n := 0, 0, 0
	firstCap := false
	for i, r := range w {
		n++
		lower := unicode.ToLower(r)
		if r != lower {
			ncap++
			if i == 0 {
				firstCap = true
			}
		}
		if unicode.ToUpper(r) == lower {
			nneutral++
		}
	}
	switch {
	case ncap == 0:
		return capNone
	case ncap == 1 && firstCap:
		return capInit
	case ncap == n || ncap+nneutral == n:
		return capAll
	case ncap > 1 && firstCap:
		return capHuhInit
	}
	return capHuh
}

// initCap upper-cases the first letter of w.
func initCap(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if n == 0 {
		return w
	}
	u := unicode.ToUpper(r)
	if u == r {
		return w
	}
	return string(u) + w[n:]
}

// lowerAll lower-cases every letter of w.
func lowerAll(w string) string { return strings.ToLower(w) }
