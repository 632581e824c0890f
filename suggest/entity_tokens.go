package suggest

import (
	"unicode"
	"unicode/utf8"
)

// entTok is one token of a text as the gazetteer and the date finder see
// it: a word (letters, digits and marks; an apostrophe between two letters
// stays inside, as in Ma’anshan) or a single other rune (punctuation,
// hyphens, symbols). Whitespace separates tokens and is not one. Like
// spaCy, it splits Hannover-Messe into Hannover, -, Messe, so that a
// pattern matches whole tokens only: Köln does not match in Kölner or
// KölnBusiness.
type entTok struct {
	text       string // a slice of the text
	start, end int    // code points
	at         int    // the byte offset of text
	space      bool   // whitespace comes before it
	para       bool   // a blank line (two line breaks) comes before it
	word       bool
	digits     bool // ASCII digits only
}

// entWordRune reports whether r belongs to a word token.
func entWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func entApostrophe(r rune) bool { return r == '\'' || r == '’' }

// entRune decodes the rune at byte i of s, ASCII first.
func entRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// entSpace is unicode.IsSpace, ASCII first.
func entSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// entTokens appends the tokens of text to buf.
func entTokens(text string, buf []entTok) []entTok {
	cp, i := 0, 0
	space, newlines := false, 0
	for i < len(text) {
		r, n := entRune(text, i)
		if entSpace(r) {
			space = true
			if r == '\n' {
				newlines++
			}
			i += n
			cp++
			continue
		}
		t := entTok{start: cp, space: space, para: newlines >= 2}
		space, newlines = false, 0
		b := i
		if !entWordRune(r) {
			i += n
			cp++
		} else {
			t.word, t.digits = true, true
			prevLetter := false
			for i < len(text) {
				r, n = entRune(text, i)
				if entWordRune(r) {
					t.digits = t.digits && '0' <= r && r <= '9'
					prevLetter = unicode.IsLetter(r)
				} else if entApostrophe(r) && prevLetter && i+n < len(text) {
					if next, _ := utf8.DecodeRuneInString(text[i+n:]); !unicode.IsLetter(next) {
						break
					}
					t.digits, prevLetter = false, false
				} else {
					break
				}
				i += n
				cp++
			}
		}
		t.text, t.end, t.at = text[b:i], cp, b
		buf = append(buf, t)
	}
	return buf
}
