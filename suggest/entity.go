package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"folio/annot"
)

// Entry is a surface form that names an entity: a plain Pattern, matched
// token by token and case-sensitively, or, when Tokens is set, a token
// pattern (then Pattern is only its display form).
type Entry struct {
	Pattern   string         `json:"pattern,omitempty"`
	Tokens    []TokenPattern `json:"tokens,omitempty"`
	Label     string         `json:"label"`
	Canonical string         `json:"canonical,omitempty"`
	// Source says where the entry comes from, for the reason of a
	// suggestion: SourceAlias, SourcePattern, ...
	Source string `json:"source,omitempty"`
	// Docs is the number of documents in which the form is confirmed as
	// this entity, for the reason of an alias; 0 if unknown.
	Docs int `json:"docs,omitempty"`
}

// TokenPattern is one token of a Prodigy/spaCy token pattern. Lower
// matches the token in any case, Orth and Text match it exactly.
type TokenPattern struct {
	Lower string `json:"lower,omitempty"`
	Orth  string `json:"orth,omitempty"`
	Text  string `json:"text,omitempty"`
}

// Entry sources.
const (
	SourceAlias   = "alias"   // a confirmed surface form of a canonical entity
	SourcePattern = "pattern" // a line of a patterns file
	SourceDate    = "date"    // the German date finder
)

// LabelDate is the label of date suggestions.
const LabelDate = "DATE"

// Scores of entity candidates by source.
const (
	scoreAlias   = 0.9
	scorePattern = 0.8
	scoreDate    = 0.85
)

// AliasEntries returns the entries of one canonical entity: its name and
// every confirmed surface form, with Source alias. docs is the number of
// documents it is confirmed in (0 if unknown).
func AliasEntries(label, canonical string, forms []string, docs int) []Entry {
	var out []Entry
	seen := map[string]bool{}
	for _, f := range append([]string{canonical}, forms...) {
		if f = strings.TrimSpace(f); f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, Entry{Pattern: f, Label: label, Canonical: canonical, Source: SourceAlias, Docs: docs})
	}
	return out
}

// EntitySuggester proposes entity labels: the known entities (every
// confirmed surface form and alias of a canonical entity), the patterns of
// a gazetteer file, and, optionally, German dates. Build it once; Suggest
// is safe for concurrent use.
type EntitySuggester struct {
	gaz   *Gazetteer
	dates bool
	toks  sync.Pool // of *[]entTok, a document's tokens, kept for the next
}

// NewEntitySuggester compiles entries into a gazetteer; dates turns on the
// date finder.
func NewEntitySuggester(entries []Entry, dates bool) *EntitySuggester {
	return &EntitySuggester{gaz: NewGazetteer(entries), dates: dates}
}

// Suggest returns the entity suggestions for the document doc with the
// stored text and annotations anns, sorted by start. It skips spans that
// overlap an entity annotation, that would cut through a correction, or
// that the reviewer rejected as an entity before. Where a gazetteer match
// and a date overlap, the longer wins, the match if they are as long (the
// date is then its second candidate).
func (e *EntitySuggester) Suggest(doc, text string, anns []annot.Annotation) []Suggestion {
	buf, _ := e.toks.Get().(*[]entTok)
	if buf == nil {
		buf = new([]entTok)
	}
	toks := entTokens(text, (*buf)[:0])
	defer func() {
		if cap(toks) <= entToksKept {
			clear(toks) // the tokens hold the text: it is not kept
			*buf = toks[:0]
			e.toks.Put(buf)
		}
	}()
	matches := e.gaz.find(toks)
	if e.dates {
		matches = entAddDates(matches, dateSpans(toks))
	}
	if len(matches) == 0 {
		return nil
	}
	var ix *annot.Index // for a span not on tokens' bounds, made when needed
	filter := newEntFilter(anns)
	var out []Suggestion
	for _, m := range matches {
		if filter.blocked(m.Span) {
			continue
		}
		entries := append([]Entry{m.Entry}, m.Also...)
		slices.SortStableFunc(entries, func(a, b Entry) int { return cmp.Compare(entScore(b), entScore(a)) })
		surface, ok := entSurface(text, toks, m.Span)
		if !ok {
			if ix == nil {
				ix = annot.NewIndex(text)
			}
			surface = ix.Slice(m.Span)
		}
		s := Suggestion{Doc: doc, Start: m.Span.Start, End: m.Span.End, Text: surface, Kind: KindEntity,
			Reason: entReason(surface, entries[0])}
		for _, en := range entries {
			s.Candidates = append(s.Candidates, Candidate{Text: en.Label, Score: entScore(en), Canonical: en.Canonical})
		}
		out = append(out, s)
	}
	return out
}

// entToksKept is the most tokens a buffer kept for the next document
// holds.
const entToksKept = 1 << 14

// entSurface is the text of span sp, which starts at a token of toks and
// ends at one (as matches and dates do), found from the tokens' byte
// offsets; ok is false when sp is not on tokens' bounds.
func entSurface(text string, toks []entTok, sp annot.Span) (string, bool) {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].start >= sp.Start })
	if i == len(toks) || toks[i].start != sp.Start {
		return "", false
	}
	j := i + sort.Search(len(toks)-i, func(k int) bool { return toks[i+k].end >= sp.End })
	if j == len(toks) || toks[j].end != sp.End {
		return "", false
	}
	return text[toks[i].at : toks[j].at+len(toks[j].text)], true
}

// entAddDates merges dates into the gazetteer matches (which it may
// change). A date with the span of a match becomes one more entry of it; a
// date that overlaps matches replaces them when it is longer than each,
// else it is dropped. Matches and dates are each sorted and free of
// overlaps, so one binary search per date finds its rivals.
func entAddDates(matches []Match, dates []annot.Span) []Match {
	if len(dates) == 0 {
		return matches
	}
	dateEntry := Entry{Label: LabelDate, Source: SourceDate}
	dropped := make([]bool, len(matches))
	var won []Match
	for _, d := range dates {
		i := sort.Search(len(matches), func(i int) bool { return matches[i].Span.End > d.Start })
		j, wins := i, true
		for ; j < len(matches) && matches[j].Span.Start < d.End; j++ {
			if matches[j].Span == d {
				matches[j].Also = append(slices.Clip(matches[j].Also), dateEntry)
				wins = false
				break
			}
			wins = wins && matches[j].Span.Len() < d.Len()
		}
		if wins {
			for k := i; k < j; k++ {
				dropped[k] = true
			}
			won = append(won, Match{Span: d, Entry: dateEntry})
		}
	}
	out := make([]Match, 0, len(matches)+len(won))
	for i, m := range matches {
		for len(won) > 0 && won[0].Span.Start < m.Span.Start {
			out, won = append(out, won[0]), won[1:]
		}
		if !dropped[i] {
			out = append(out, m)
		}
	}
	return append(out, won...)
}

func entScore(e Entry) float64 {
	switch e.Source {
	case SourceAlias:
		return scoreAlias
	case SourceDate:
		return scoreDate
	}
	return scorePattern
}

// entReason explains a suggestion by its best entry.
func entReason(surface string, e Entry) string {
	switch e.Source {
	case SourceDate:
		return "German date"
	case SourceAlias:
		r := fmt.Sprintf("%q is %s", surface, e.Label)
		if e.Canonical != "" {
			r += fmt.Sprintf(" %q", e.Canonical)
		}
		switch {
		case e.Docs == 1:
			r += " in 1 document"
		case e.Docs > 1:
			r += fmt.Sprintf(" in %d documents", e.Docs)
		default:
			r += " elsewhere"
		}
		return r
	}
	src := e.Source
	if src == "" {
		src = SourcePattern
	}
	r := fmt.Sprintf("%s %s (%s)", src, entDisplay(e), e.Label)
	if e.Canonical != "" {
		r += fmt.Sprintf(" = %q", e.Canonical)
	}
	return r
}

// entDisplay is the form of an entry as a user wrote it.
func entDisplay(e Entry) string {
	if e.Pattern != "" || len(e.Tokens) == 0 {
		return e.Pattern
	}
	parts := make([]string, len(e.Tokens))
	for i, t := range e.Tokens {
		parts[i] = cmp.Or(t.Orth, t.Text, t.Lower)
	}
	return strings.Join(parts, " ")
}
