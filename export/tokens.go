package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one token of a text; Start and End are code point offsets,
// [Start, End).
type Token struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// WS reports whether a separator follows the token directly.
	WS bool `json:"ws"`

	b0, b1 int // byte offsets
}

// Tokenize splits text into the tokens the conll and prodigy formats use.
// The rule is simple and deterministic, and never splits a grapheme
// cluster (a letter with its combining marks, an emoji sequence):
//
//   - Whitespace and control characters separate tokens and belong to
//     none.
//   - A word is a run of letters and digits (with their combining marks).
//     Han, Hiragana and Katakana characters are single tokens, since
//     those scripts do not separate words with spaces.
//   - Inside a word, a hyphen (-, U+2010, U+2011), a soft hyphen, or an
//     apostrophe (', ’) between two word characters joins them
//     ("Chinesisch-Deutschen", "geht's"), and so does a period or comma
//     between two digits ("05.09.2019", "1.000,50").
//   - Every other character (punctuation, symbols, emoji) is a token of
//     its own.
func Tokenize(text string) []Token {
	raw := make([]Token, 0, len(text)/6+1)
	open := false // the last raw token is a word that may grow
	state := -1
	b, cp := 0, 0
	for rest := text; rest != ""; {
		var cl string
		n := 1
		if asciiCluster(rest) {
			cl, rest, state = rest[:1], rest[1:], -1
		} else {
			cl, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			n = utf8.RuneCountInString(cl)
		}
		r, _ := utf8.DecodeRuneInString(cl)
		switch kind := clusterKind(r); {
		case kind == kindSep:
			open = false
		case kind == kindWord && open:
			t := &raw[len(raw)-1]
			t.End, t.b1 = cp+n, b+len(cl)
		default:
			raw = append(raw, Token{Start: cp, End: cp + n, b0: b, b1: b + len(cl)})
			open = kind == kindWord
		}
		b += len(cl)
		cp += n
	}
	toks := raw[:0]
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if k := len(toks); k > 0 && i+1 < len(raw) && joins(text, toks[k-1], t, raw[i+1]) {
			last := &toks[k-1]
			last.End, last.b1 = raw[i+1].End, raw[i+1].b1
			i++
			continue
		}
		toks = append(toks, t)
	}
	for i := range toks {
		t := &toks[i]
		t.Text = text[t.b0:t.b1]
		if r, _ := utf8.DecodeRuneInString(text[t.b1:]); t.b1 < len(text) && isSep(r) {
			t.WS = true
		}
	}
	return toks
}

// The kinds of grapheme cluster, by their first code point.
const (
	kindSep  = iota // separates tokens
	kindWord        // part of a word
	kindSolo        // a token of its own
)

func clusterKind(r rune) int {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
			return kindWord
		case r <= ' ' || r == 0x7f:
			return kindSep
		}
		return kindSolo
	}
	switch {
	case isSep(r):
		return kindSep
	case r >= 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return kindSolo
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return kindWord
	}
	return kindSolo
}

// asciiCluster reports whether s starts with a grapheme cluster of one
// ASCII byte: an ASCII character followed by another one (or nothing),
// CR LF excepted. Only a non-ASCII character can extend a cluster.
func asciiCluster(s string) bool {
	if s[0] >= utf8.RuneSelf {
		return false
	}
	return len(s) == 1 || s[1] < utf8.RuneSelf && !(s[0] == '\r' && s[1] == '\n')
}

// isSep reports whether r separates tokens: whitespace (the characters
// Python's str.split splits on) and control characters.
func isSep(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// joins reports whether the one-cluster token mid joins the words left and
// right around it into one token.
func joins(text string, left, mid, right Token) bool {
	if left.b1 != mid.b0 || mid.b1 != right.b0 || mid.b1-mid.b0 > 3 {
		return false
	}
	l, _ := utf8.DecodeLastRuneInString(text[left.b0:left.b1])
	rr, _ := utf8.DecodeRuneInString(text[right.b0:right.b1])
	if !isWordRune(l) || !isWordRune(rr) {
		return false
	}
	m, size := utf8.DecodeRuneInString(text[mid.b0:mid.b1])
	if size != mid.b1-mid.b0 {
		return false // a joiner carrying combining marks
	}
	switch m {
	case '-', '\u2010', '\u2011', '\u00ad', '\'', '\u2019':
		return true
	case '.', ',':
		return unicode.IsDigit(l) && unicode.IsDigit(rr)
	}
	return false
}

// isWordRune reports whether r may end or start a word that joins.
func isWordRune(r rune) bool { return clusterKind(r) == kindWord || unicode.IsMark(r) }

// sentenceBreak reports whether a sentence ends after toks[i]: where a
// blank line separates it from the next token, or where it ends with ".",
// "!", "?" or "…" (followed by closing quotes or brackets, if any),
// whitespace follows, and the next token starts with an uppercase letter.
// A period right after a number ("24. April") or a single letter
// ("U. Berg") never ends a sentence.
func sentenceBreak(text string, toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return true
	}
	t, next := toks[i], toks[i+1]
	gap := text[t.b1:next.b0]
	if strings.Count(gap, "\n") >= 2 {
		return true
	}
	if gap == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next.Text); !unicode.IsUpper(r) {
		return false
	}
	j := i
	for j > 0 && isCloser(toks[j].Text) && toks[j-1].b1 == toks[j].b0 {
		j--
	}
	switch toks[j].Text {
	case "!", "?", "…":
		return true
	case ".":
		if j > 0 && toks[j-1].b1 == toks[j].b0 {
			prev := toks[j-1].Text
			if allDigits(prev) || utf8.RuneCountInString(prev) == 1 {
				return false
			}
		}
		return true
	}
	return false
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "“", "”", "‘", "’", "»", "«", ")", "]":
		return true
	}
	return false
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
