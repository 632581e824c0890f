package tui

import (
	"strings"
	"unicode/utf8"

	"folio/annot"
	"folio/query"
	"folio/tui/list"
)

// rowInfo is what the list precomputes per document when it loads: the
// sanitized title and a lower-case haystack of title, id and tags for
// filtering.
type rowInfo struct {
	title string
	hay   string
}

func makeRow(d annot.Doc) rowInfo {
	title := list.Title(&d)
	hay := fold(d.Title + " " + d.ID + " " + strings.Join(d.Tags, " "))
	return rowInfo{title: title, hay: hay}
}

func makeRows(docs []annot.Doc) []rowInfo {
	rows := make([]rowInfo, len(docs))
	for i, d := range docs {
		rows[i] = makeRow(d)
	}
	return rows
}

// listFilter is a compiled list filter: structured terms (tag:, status:,
// label:, …) answered by match, and plain words matched fuzzily against
// the row haystack. That is the fast pass, run on every key, a preview
// when the filter has free words: text then decides with the document
// texts, in commands (the text pass: see textpass.go).
type listFilter struct {
	words []string // lower case
	match func(annot.Doc) bool
	text  *textQuery // nil: the fast pass is final
}

// compileFilter splits expr into plain words and structured terms. Plain
// words are matched fuzzily on title, id and tags; the rest goes to the
// filter language (see structured).
func compileFilter(expr string) (*listFilter, error) {
	f := &listFilter{}
	terms := splitTerms(expr)
	var rest []string
	complex := false
	for _, t := range terms {
		if t == "OR" || strings.ContainsAny(t, "()") {
			complex = true
		}
	}
	for _, t := range terms {
		if !complex && isPlainWord(t) {
			f.words = append(f.words, fold(t))
			continue
		}
		rest = append(rest, t)
	}
	if complex {
		rest, f.words = []string{expr}, nil
	}
	if len(rest) > 0 {
		m, err := structured(strings.Join(rest, " "))
		if err != nil {
			return nil, err
		}
		f.match = m
	}
	f.text = compileText(expr)
	return f, nil
}

// textQuery decides with the document text whether a document passes a
// list filter: query.Match with the text, as --where does.
type textQuery struct {
	q *query.Query
}

// compileText returns the text pass of a filter, or nil when the filter
// has no free word (the fast pass is then final) or does not parse.
func compileText(expr string) *textQuery {
	q, err := query.Parse(expr)
	if err != nil || !q.NeedsText() {
		return nil
	}
	return &textQuery{q: q}
}

// match reports whether d passes the filter; text loads its text, called
// only when a free word is found nowhere else.
func (t *textQuery) match(d *annot.Doc, text func() string) bool {
	return t.q.Match(query.Subject{Doc: *d, Text: text})
}

// isPlainWord reports whether t is a free word: not negated, not a field
// term (lower-case ASCII letters before a colon), not quoted.
func isPlainWord(t string) bool {
	if t == "" || t[0] == '-' || t[0] == '"' {
		return false
	}
	if i := strings.IndexByte(t, ':'); i > 0 {
		field := true
		for _, c := range t[:i] {
			if c < 'a' || c > 'z' {
				field = false
				break
			}
		}
		return !field
	}
	return true
}

// splitTerms splits a filter at spaces outside double quotes.
func splitTerms(s string) []string {
	var out []string
	var b strings.Builder
	inQ := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && inQ && i+1 < len(s):
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
		case c == '"':
			inQ = !inQ
			b.WriteByte(c)
		case c == ' ' && !inQ:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteByte(c)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// matches reports whether document d with row r passes the filter, and
// whether every plain word matched as a substring (a better match than a
// subsequence).
func (f *listFilter) matches(d *annot.Doc, r *rowInfo) (ok, exact bool) {
	if f.match != nil && !f.match(*d) {
		return false, false
	}
	exact = true
	for _, w := range f.words {
		if strings.Contains(r.hay, w) {
			continue
		}
		if !subsequence(r.hay, w) {
			return false, false
		}
		exact = false
	}
	return true, exact
}

// subsequence reports whether the runes of w occur in s in order.
func subsequence(s, w string) bool {
	for _, c := range w {
		var i int
		if c < utf8.RuneSelf {
			i = strings.IndexByte(s, byte(c))
		} else {
			i = strings.IndexRune(s, c)
		}
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(max(c, 0)):]
	}
	return true
}

// structured compiles the field terms of a list filter with the filter
// language shared with --where (package query). Free words that reach it
// (inside OR or parentheses) match title, id and tags as substrings.
func structured(expr string) (func(annot.Doc) bool, error) {
	q, err := query.Parse(expr)
	if err != nil {
		return nil, err
	}
	if q.Empty() {
		return nil, nil
	}
	return func(d annot.Doc) bool { return q.Match(query.Subject{Doc: d}) }, nil
}

// foldTable maps accented Latin letters to their base letters, so that
// "koln" finds "Köln".
var foldTable = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss",
)

// fold lower-cases s and drops the accents of Latin letters.
func fold(s string) string {
	s = strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldTable.Replace(s)
		}
	}
	return s
}
