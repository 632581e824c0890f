package suggest

import (
	"strings"
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
	return hyphenGap(text[a.ByteEnd+n : b.ByteStart])
}

// hyphenGap reports whether gap, between a line-end hyphen and the rest of
// the word, is a line break: one or two, with blanks, and after the last
// break perhaps a stray mark the scanner saw at the line's start (`‚`).
func hyphenGap(gap string) bool {
	newlines := 0
	for _, c := range gap {
		switch {
		case c == '\n':
			newlines++
		case c == ' ' || c == '\t' || c == '\r' || c == '\u00a0':
		case newlines > 0 && (costNoiseRune(c) || ocrNoise(c)):
		default:
			return false
		}
	}
	return newlines >= 1 && newlines <= 2
}

// hyphenMisread reports whether a ends a line with a mark the scanner made
// of a hyphen (`zukünfti«` / `gen`) and b continues the word on the next
// line. Whether the join is right is the caller's to judge.
func hyphenMisread(text string, a, b Token) bool {
	if a.ByteEnd >= len(text) || b.ByteStart <= a.ByteEnd {
		return false
	}
	r, n := utf8.DecodeRuneInString(text[a.ByteEnd:])
	switch r {
	case '«', '»', '~', '=', '—', '–', ',', '.':
	default:
		return false
	}
	return hyphenGap(text[a.ByteEnd+n:b.ByteStart]) && hyphenLowerNext(b)
}

// hyphenLost reports whether a ends a line with no mark at all and b, in
// lower case, continues on the next line: a word broken at the line end
// whose hyphen the scanner lost (`vor` / `handen`). Whether the join is
// right is the caller's to judge.
func hyphenLost(text string, a, b Token) bool {
	if b.ByteStart <= a.ByteEnd || a.Letters == 0 || b.Letters == 0 {
		return false
	}
	gap := text[a.ByteEnd:b.ByteStart]
	switch gap[0] {
	case '\n', ' ', '\t', '\r':
	default:
		return false
	}
	return strings.Count(gap, "\n") == 1 && hyphenGap(gap) && hyphenLowerNext(b)
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
