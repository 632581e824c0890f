// Package query parses and evaluates folio's filter language, the one the
// TUI's document list and the --where flag of stats, suggest and export
// share.
//
// A query is a list of terms. Free words match a document's title, id and
// tags, and its text when the caller can supply it (the corrected text),
// as substrings compared folded: ignoring case, with ä, ö, ü and ß
// written out (ae, oe, ue, ss), so `koeln` finds Köln (fold.go). Field
// terms test the per-document record:
//
//	id:X        the document id (exact; a trailing * matches any ending)
//	tag:X       a tag (folded as free words are, whole; a trailing *
//	            matches any ending)
//	status:S    todo, done or rejected (a document without status is todo)
//	label:L     an entity label the document uses, such as PER
//	entity:N    a canonical entity name, such as entity:"Ute Berg"
//	            (folded as a tag is)
//	has:H       corrections, marks, notes, entities, suggestions, stale or
//	            twin (a near-duplicate: a scan and a clean copy of one text)
//	twin:ID     a near-duplicate of document ID
//	conf:<N     an OCR page (hOCR, ALTO, PAGE) with a word whose confidence
//	            is below N (0–1); also <=, and > and >= for the lowest one
//
// Any value may be quoted ("…", with \" and \\ as escapes). A leading -
// negates a term; terms next to each other are ANDed; OR between terms
// binds looser than AND, so `a b OR c` is (a AND b) OR c; parentheses
// group. Only the bare, upper-case word OR is the operator: quote it
// ("OR") to search for the word. A word counts as a field only when the
// part before its first colon is lower-case ASCII letters, so German
// gender forms such as Bürger:innen or Musiker:innen stay free words.
package query

import (
	"unicode/utf8"

	"folio/annot"
)

// Query is a parsed filter. The zero value and nil match everything.
type Query struct {
	root *node
}

// Subject is what a query is matched against: a document's record and,
// optionally, a way to load its text.
type Subject struct {
	Doc annot.Doc
	// Text loads the document text lazily; it is called at most once per
	// Match, and only when a free word is not found in the title, id or
	// tags. nil: free words match the title, id and tags only.
	Text func() string
}

// Parse parses s. The empty (or all-blank) query matches everything. A
// malformed query returns an *Error that points at the column at fault.
func Parse(s string) (*Query, error) {
	p, err := newParser(s)
	if err != nil {
		return nil, err
	}
	root, err := p.parseQuery()
	if err != nil {
		return nil, err
	}
	return &Query{root: root}, nil
}

// MustParse is Parse for queries known to be valid, such as constants in
// code and tests. It panics on an error.
func MustParse(s string) *Query {
	q, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return q
}

// Empty reports whether q matches everything because it has no terms.
func (q *Query) Empty() bool { return q == nil || q.root == nil }

// NeedsText reports whether a free word may need the document text, so
// that callers can skip loading texts otherwise.
func (q *Query) NeedsText() bool { return q != nil && q.root != nil && q.root.words }

// String returns q in canonical form: one space between terms, values
// quoted only where needed, parentheses only where OR nests inside AND or
// under -. Parsing it gives an equivalent query.
func (q *Query) String() string {
	if q.Empty() {
		return ""
	}
	var b []byte
	b = q.root.format(b)
	return string(b)
}

// NeedsSuggestions reports whether the query asks has:suggestions, so that
// callers count each document's open suggestions (Doc.Counts.Suggestions)
// before matching; otherwise they may leave them out.
func (q *Query) NeedsSuggestions() bool {
	return q != nil && q.root != nil && q.root.uses(fieldHas, hasSuggestions)
}

// NeedsTwins reports whether q asks for near-duplicates (has:twin,
// twin:), which a store files after the import that adds a document
// (store.Options.DeferDerived).
func (q *Query) NeedsTwins() bool {
	return q != nil && q.root != nil && q.root.usesTwins()
}

func (n *node) usesTwins() bool {
	if n.op == opField && (n.field == fieldTwin || n.field == fieldHas && n.has == hasTwin) {
		return true
	}
	for _, k := range n.kids {
		if k.usesTwins() {
			return true
		}
	}
	return false
}

func (n *node) uses(f field, h has) bool {
	if n.op == opField && n.field == f && n.has == h {
		return true
	}
	for _, k := range n.kids {
		if k.uses(f, h) {
			return true
		}
	}
	return false
}

// ShortWord reports whether q has a free word with a run of letters
// shorter than n that may lie inside a word (not a whole word, nor a
// word's start): an index answers such a run by going through every word
// of its lexicon (a store's index of letter triples cannot narrow one of
// one or two letters), so its cost follows the corpus, not the answer.
func (q *Query) ShortWord(n int) bool {
	return q != nil && q.root != nil && q.root.shortWord(n)
}

func (n *node) shortWord(min int) bool {
	if n.op == opWord {
		for _, r := range wordRuns(string(appendFold(nil, n.value))) {
			if r.left && utf8.RuneCountInString(r.s) < min {
				return true
			}
		}
		return false
	}
	for _, k := range n.kids {
		if k.shortWord(min) {
			return true
		}
	}
	return false
}

// WithAliases returns q with each entity: term widened to the canonical
// entities one of whose aliases it matches: `entity:Cologne` finds the
// documents that mention Köln, whose alias Cologne is. names is asked,
// once for each entity: term, for the names of the entities that have an
// alias match accepts (the registry is the store's); q itself is
// returned when no term widens.
func (q *Query) WithAliases(names func(match func(alias string) bool) []string) *Query {
	if q.Empty() {
		return q // nil, the query of every document, included
	}
	if root := q.root.withAliases(names); root != q.root {
		return &Query{root: root}
	}
	return q
}
