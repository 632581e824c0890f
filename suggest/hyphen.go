package suggest

import (
	"unicode"
	"unicode/utf8"
)

// hyphenBreak reports whether token a ends a line with a hyphen and b
// continues on the next line: a, then `-` (or `¬`, or a soft hyphen), then
// only blanks and one or two line breaks, then b.
func hyphenBreak(text string, a, b Token) bool {
	if a.ByteEnd >= len(text) || b.ByteStart <= a.ByteEnd {
		return false
	}
	r, n := utf8.DecodeRuneInString(text[a.ByteEnd:])
	if !hyphenMark(r) {
		return false
	}
	newlines := 0
	for _, c := range text[a.ByteEnd+n : b.ByteStart] {
		switch c {
		case '\n':
			newlines++
		case ' ', '\t', '\r', '\u00a0':
		default:
			return false
		}
	}
	return newlines >= 1 && newlines <= 2
}

// hyphenMark reports whether r can mark a word broken at a line end.
func hyphenMark(r rune) bool {
	switch r {
	case '-', '\u00ac', '\u00ad', '\u2010', '\u2011':
		return true
	}
	return false
}

// hyphenLowerNext reports whether b, the part after a line-end hyphen,
// starts with a lower-case letter. German capitalises nouns, so a capital
// after the hyphen marks a real hyphenated compound (`Chinesisch-` /
// `Deutschen`, `Hannover-` / `Messe`) that keeps its hyphen.
func hyphenLowerNext(b Token) bool {
	r, _ := utf8.DecodeRuneInString(b.Text)
	return unicode.IsLower(r)
}
