package annot

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// WordSpans returns every whole-word occurrence of word in text, as spans
// in code points. A whole word is not preceded or followed by a letter,
// a digit or a combining mark joined to it. An empty word occurs nowhere.
func WordSpans(text, word []byte) []Span {
	if len(word) == 0 {
		return nil
	}
	wn := utf8.RuneCount(word)
	var spans []Span
	runes, done := 0, 0 // code points in text[:done]
	for off := 0; off <= len(text)-len(word); {
		i := bytes.Index(text[off:], word)
		if i < 0 {
			break
		}
		at := off + i
		if wordEdge(text, at, true) && wordEdge(text, at+len(word), false) {
			runes += utf8.RuneCount(text[done:at])
			done = at
			spans = append(spans, Span{Start: runes, End: runes + wn})
		}
		off = at + len(word)
	}
	return spans
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
