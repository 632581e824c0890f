package suggest

import (
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: a run of letters (and digits, which OCR
// confuses with letters), joined by in-word hyphens and apostrophes. Start
// and End are code point offsets, ByteStart and ByteEnd byte offsets of the
// same span.
type Token struct {
	Text                string
	Start, End          int
	ByteStart, ByteEnd  int
	Letters, Digits     int // how many of each the token holds
	HasHyphen, HasApost bool
}

// Tokens splits text into words. A hyphen or apostrophe belongs to a word
// only between two word characters, so a hyphen at a line end is not part
// of the word before it (see hyphenation).
func Tokens(text string) []Token {
	return appendTokens(make([]Token, 0, len(text)/7+1), text) // German averages a word per 7 bytes
}

// appendTokens appends the tokens of text to out.
func appendTokens(out []Token, text string) []Token {
	scanTokens(text, func(t Token) { out = append(out, t) })
	return out
}

// scanTokens calls fn for each token of text in order, without collecting
// them.
func scanTokens(text string, fn func(Token)) {
	cp := 0 // code point offset of byte i
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && !tokASCIIWord(c) {
			i++ // ASCII between words, without decoding
			cp++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !tokWordRune(r) {
			i += n
			cp++
			continue
		}
		t := Token{Start: cp, ByteStart: i}
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				// ASCII, most of a word: counted without decoding
				if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
					t.Letters++
					i++
					cp++
					continue
				}
				if '0' <= c && c <= '9' {
					t.Digits++
					i++
					cp++
					continue
				}
			}
			r, n = utf8.DecodeRuneInString(text[i:])
			if tokWordRune(r) {
				tokCount(&t, r)
				i += n
				cp++
				continue
			}
			if !tokJoiner(r) || i+n >= len(text) {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if !tokWordRune(next) {
				break
			}
			if r == '\'' || r == '’' {
				t.HasApost = true
			} else {
				t.HasHyphen = true
			}
			i += n
			cp++
		}
		t.End, t.ByteEnd = cp, i
		t.Text = text[t.ByteStart:t.ByteEnd]
		fn(t)
	}
}

func tokCount(t *Token, r rune) {
	if r >= '0' && r <= '9' {
		t.Digits++
	} else if unicode.IsLetter(r) {
		t.Letters++
	}
}

// tokASCIIWord is tokWordRune for an ASCII byte.
func tokASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// tokWordRune reports whether r is part of a word: a letter, a combining
// mark or an ASCII digit.
func tokWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// tokJoiner reports whether r joins two word parts: a hyphen or an
// apostrophe (ASCII or typographic).
func tokJoiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '\u2010', '\u2011':
		return true
	}
	return false
}
