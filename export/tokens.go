package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"folio/annot"
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
// Python's str.split splits on) and control characters (annot.TokenSep).
func isSep(r rune) bool { return annot.TokenSep(r) }

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

// segmentation is a document's corrected text cut into tokens and
// sentences: as its source cut it, when the document records that
// (annot.KindTokens), else by Tokenize and sentenceBreak.
type segmentation struct {
	toks []Token
	// starts[i] reports whether a sentence starts at toks[i]; nil when
	// sentenceBreak decides.
	starts []bool
	// comments[i] are the comment lines before the sentence that starts
	// at toks[i]; comments[len(toks)] those after the last.
	comments map[int][]string
}

// breakAfter reports whether a sentence ends after toks[i] of text.
func (s *segmentation) breakAfter(text string, i int) bool {
	if s.starts == nil {
		return sentenceBreak(text, s.toks, i)
	}
	return i+1 >= len(s.toks) || s.starts[i+1]
}

// sourceTokens returns the record of how it's source cut its text into
// tokens, if it has one made for its text.
func sourceTokens(it Item) (annot.Tokens, bool) {
	for _, a := range it.Anns {
		if a.Kind != annot.KindTokens {
			continue
		}
		t, err := annot.ParseTokens(a.Value)
		if err != nil || !t.For(annot.Hash(it.Text)) {
			return annot.Tokens{}, false
		}
		return t, true
	}
	return annot.Tokens{}, false
}

// segment cuts the corrected text into tokens and sentences. With the
// source's tokens (sourceTokens), each is mapped onto the corrected text;
// a correction inside one changes its text, not its bounds. Tokens that
// corrections run together (a correction across them, or one that takes
// out what parts them) are one; a token whose corrected text holds white
// space, and text that corrections put between tokens, are cut by
// Tokenize. A sentence starts at the first token at or after where it
// started.
func (c *corrected) segment() *segmentation {
	src, ok := sourceTokens(c.it)
	if !ok {
		return &segmentation{toks: Tokenize(c.text)}
	}
	stored := src.Spans(c.it.Text)
	var spans []annot.Span // on the corrected text
	prevEnd := -1          // the last stored token's end
	for _, s := range stored {
		m := c.cmap.SpanToCorrected(s)
		if m.End <= m.Start {
			continue // deleted
		}
		if k := len(spans); k > 0 {
			if last := &spans[k-1]; m.Start < last.End || m.Start == last.End && s.Start > prevEnd {
				last.End = max(last.End, m.End)
				prevEnd = s.End
				continue
			}
		}
		spans = append(spans, m)
		prevEnd = s.End
	}
	cur := newRuneCursor(c.text)
	var toks []Token
	// add adds the tokens of [start, end) of the corrected text: one, or
	// Tokenize's when split or the text holds a separator
	add := func(start, end int, split bool) {
		b0, b1 := cur.byteAt(start), cur.byteAt(end)
		text := c.text[b0:b1]
		if !split && !strings.ContainsFunc(text, annot.TokenSep) {
			toks = append(toks, Token{Text: text, Start: start, End: end, b0: b0, b1: b1})
			return
		}
		for _, t := range Tokenize(text) {
			t.Start, t.End, t.b0, t.b1 = t.Start+start, t.End+start, t.b0+b0, t.b1+b0
			toks = append(toks, t)
		}
	}
	pos := 0
	for _, sp := range spans {
		if sp.Start > pos {
			add(pos, sp.Start, true) // text corrections put between tokens
		}
		add(sp.Start, sp.End, false)
		pos = sp.End
	}
	if n := c.cmap.CorrectedLen(); pos < n {
		add(pos, n, true)
	}
	for i := range toks {
		t := &toks[i]
		r, _ := utf8.DecodeRuneInString(c.text[t.b1:])
		t.WS = t.b1 < len(c.text) && isSep(r)
	}
	seg := &segmentation{toks: toks, starts: make([]bool, len(toks))}
	// the token each sentence starts at
	first := make([]int, len(src.Sentences))
	for k, p := range src.Sentences {
		first[k] = searchTokens(toks, c.cmap.ToCorrected(p, true))
		if first[k] < len(toks) {
			seg.starts[first[k]] = true
		}
	}
	if len(toks) > 0 {
		seg.starts[0] = true
	}
	for _, cm := range src.Comments {
		at := len(toks)
		if cm.Sentence < len(first) {
			at = first[cm.Sentence]
		}
		if seg.comments == nil {
			seg.comments = map[int][]string{}
		}
		seg.comments[at] = append(seg.comments[at], cm.Lines...)
	}
	return seg
}

// runeCursor finds the byte offsets of code point offsets in a text,
// walking forward from the last one asked.
type runeCursor struct {
	text  string
	cp, b int
}

func newRuneCursor(text string) *runeCursor { return &runeCursor{text: text} }

// byteAt returns the byte offset of code point p.
func (c *runeCursor) byteAt(p int) int {
	if p < c.cp {
		c.cp, c.b = 0, 0
	}
	for c.cp < p && c.b < len(c.text) {
		_, size := utf8.DecodeRuneInString(c.text[c.b:])
		c.b += size
		c.cp++
	}
	return c.b
}
