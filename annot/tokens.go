package annot

import (
	"encoding/json"
	"slices"
	"unicode"
	"unicode/utf8"
)

// TokensID is the fixed id of a document's KindTokens annotation.
const TokensID = "tokens"

// tokensHashLen is how many hex digits of the text's Hash a Tokens
// record keeps.
const tokensHashLen = 16

// Tokens records how the source of a document imported from a token
// format (CoNLL, GermEval, CoNLL-U, spaCy, WebAnno TSV) cut its text into
// tokens and sentences, and the comments its sentences had, so that
// exports write them as they were. A KindTokens annotation holds it as
// JSON in its Value:
//
//	{"text":"3f2a…","joins":[3,40],"sentences":[0,57],
//	 "comments":[{"sentence":0,"lines":["#\thttp://…"]}]}
//
// The tokens of the text are its runs between separators (TokenSep: white
// space and control characters), each cut where Joins say: "wasn’t" with
// a join at 3 is "was" and "n’t". Offsets are code points of the stored
// text, which Text names (the start of its Hash): a record made for
// another text says nothing of this one (For).
type Tokens struct {
	// Text is the first 16 hex digits of the Hash of the text the
	// offsets index.
	Text string `json:"text"`
	// Joins are where one token ends and the next starts with no
	// separator between them, ascending.
	Joins []int `json:"joins,omitempty"`
	// Sentences are where the sentences start (at their first token),
	// ascending.
	Sentences []int `json:"sentences,omitempty"`
	// Comments are the comment lines before sentences, as the source
	// wrote them ("#\thttp://…", "# sent_id = 3").
	Comments []SentenceComments `json:"comments,omitempty"`
}

// SentenceComments are the comment lines before sentence Sentence
// (counted from 0 in Tokens.Sentences; one past the last: the lines
// after it).
type SentenceComments struct {
	Sentence int      `json:"sentence"`
	Lines    []string `json:"lines"`
}

// TokenSep reports whether r separates tokens: white space and control
// characters.
func TokenSep(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// NewTokens records the tokens of text, spans in code points in order
// and apart, the starts of its sentences and their comments. What lies
// outside every token and is no separator is a token of its own (a run,
// cut where tokens start or end inside it); a token that holds a
// separator is cut there.
func NewTokens(text string, toks []Span, sentences []int, comments []SentenceComments) Tokens {
	t := Tokens{Text: Hash(text)[:tokensHashLen], Sentences: slices.Clone(sentences), Comments: comments}
	// the boundaries of tokens that fall inside a run of the text
	var cuts []int
	for _, s := range toks {
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	k := 0
	prevSep := true // the rune before position p is a separator (or none)
	p := 0
	for _, r := range text {
		for k < len(cuts) && cuts[k] < p {
			k++
		}
		sep := TokenSep(r)
		if k < len(cuts) && cuts[k] == p && !prevSep && !sep {
			t.Joins = append(t.Joins, p)
		}
		prevSep = sep
		p++
	}
	return t
}

// ParseTokens reads the Value of a KindTokens annotation.
func ParseTokens(v string) (Tokens, error) {
	var t Tokens
	if err := json.Unmarshal([]byte(v), &t); err != nil {
		return Tokens{}, &RuleError{Msg: "a document's tokens are not in their JSON form: " + err.Error()}
	}
	return t, nil
}

// Value is t in the JSON form of a KindTokens annotation's Value.
func (t Tokens) Value() string {
	b, _ := json.Marshal(t) // ints and strings: it cannot fail
	return string(b)
}

// For reports whether t records the tokens of the text with hash (Hash).
func (t Tokens) For(hash string) bool {
	return len(t.Text) == tokensHashLen && len(hash) >= tokensHashLen && hash[:tokensHashLen] == t.Text
}

// check reports what is wrong with t for a text of n code points.
func (t Tokens) check(n int) error {
	for _, xs := range []struct {
		what string
		v    []int
	}{{"join", t.Joins}, {"sentence start", t.Sentences}} {
		for i, x := range xs.v {
			if x < 0 || x > n || i > 0 && x <= xs.v[i-1] {
				return refuse("a document's tokens: %s %d is out of order or outside the text (0 to %d)", xs.what, x, n)
			}
		}
	}
	for _, c := range t.Comments {
		if c.Sentence < 0 || c.Sentence > len(t.Sentences) {
			return refuse("a document's tokens: comments of sentence %d, which it has not", c.Sentence)
		}
		for _, l := range c.Lines {
			if !utf8.ValidString(l) {
				return refuse("a document's tokens: a comment is not valid UTF-8")
			}
		}
	}
	if len(t.Text) != tokensHashLen {
		return refuse("a document's tokens do not name their text (%d hex digits of its hash)", tokensHashLen)
	}
	return nil
}

// Spans returns the tokens of text, the text t records (For).
func (t Tokens) Spans(text string) []Span {
	var out []Span
	k := 0
	start := -1 // of the token being read
	p := 0
	for _, r := range text {
		for k < len(t.Joins) && t.Joins[k] < p {
			k++
		}
		switch {
		case TokenSep(r):
			if start >= 0 {
				out = append(out, Span{start, p})
				start = -1
			}
		case start < 0:
			start = p
		case k < len(t.Joins) && t.Joins[k] == p:
			out = append(out, Span{start, p})
			start = p
		}
		p++
	}
	if start >= 0 {
		out = append(out, Span{start, p})
	}
	return out
}
