package suggest

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
)

// Gazetteer finds known surface forms of entities in a text in one pass.
// It tokenizes the text (see entTok) and runs two Aho–Corasick automata
// over the tokens: one over the exact tokens, for plain patterns and
// orth/text token patterns, and one over lower-cased tokens, for token
// patterns with "lower" (any orth/text tokens among them are checked
// after the match). Matches are therefore aligned to token boundaries:
// `Köln` is found in `Köln,` and `Köln-Deutz` but not in `Kölner` or
// `KölnBusiness`. Whitespace between tokens is free, so `Hannover Messe`
// also matches across a line break, but not across a blank line. A
// Gazetteer is safe for concurrent use.
type Gazetteer struct {
	entries      []gazEntry
	exact, lower *gazAutomaton
}

// Match is a surface form found by a Gazetteer: its span in code points and
// the entry it names. Also holds the other entries with a form matching the
// same span (another label or canonical name), best first.
type Match struct {
	Span  annot.Span
	Entry Entry
	Also  []Entry
}

// gazEntry is an Entry compiled for the automata.
type gazEntry struct {
	Entry
	// checks is, for a lower-case form, the exact text each of its tokens
	// must have, "" for any; nil when nothing is to be checked
	checks []string
}

// NewGazetteer compiles entries. Entries without a surface form (an empty
// pattern or no tokens) are skipped. Plain patterns match case-sensitively;
// token patterns follow their attributes: lower matches any case, orth and
// text the exact token.
func NewGazetteer(entries []Entry) *Gazetteer {
	g := &Gazetteer{exact: newGazAutomaton(false), lower: newGazAutomaton(true)}
	var toks []entTok
	for _, e := range entries {
		keys, checks, lower := gazForm(e, &toks)
		if len(keys) == 0 {
			continue
		}
		id := int32(len(g.entries))
		g.entries = append(g.entries, gazEntry{Entry: e, checks: checks})
		if lower {
			g.lower.insert(keys, id)
		} else {
			g.exact.insert(keys, id)
		}
	}
	g.exact.link()
	g.lower.link()
	return g
}

// Len is the number of entries the gazetteer holds.
func (g *Gazetteer) Len() int { return len(g.entries) }

// gazForm turns an entry into the token keys of its automaton. lower
// reports that the keys are lower-cased, with checks for exact tokens.
func gazForm(e Entry, toks *[]entTok) (keys, checks []string, lower bool) {
	if len(e.Tokens) == 0 {
		*toks = entTokens(norm.NFC.String(e.Pattern), (*toks)[:0])
		for _, t := range *toks {
			keys = append(keys, t.text)
		}
		return keys, nil, false
	}
	for _, tp := range e.Tokens {
		if tp.Lower != "" && tp.Orth == "" && tp.Text == "" {
			lower = true
		}
	}
	for _, tp := range e.Tokens {
		v, exact := cmp.Or(tp.Orth, tp.Text), true
		if v == "" {
			v, exact = tp.Lower, false
		}
		// a value our tokenizer splits (a.D., 4.0) becomes several tokens
		*toks = entTokens(norm.NFC.String(v), (*toks)[:0])
		for _, t := range *toks {
			k, check := t.text, ""
			if lower {
				if exact {
					check = t.text
				}
				k = strings.ToLower(t.text) // as gazAutomaton.symbol does
			}
			keys = append(keys, k)
			checks = append(checks, check)
		}
	}
	if !lower || !slices.ContainsFunc(checks, func(c string) bool { return c != "" }) {
		checks = nil
	}
	return keys, checks, lower
}

// gazCand is a span found by one or both automata, with its entries.
type gazCand struct {
	first, last int
	span        annot.Span
	ents        []int32
}

// Find returns the entries found in text, sorted by start, never
// overlapping: where forms overlap, the longest (in code points) wins, and
// between equally long ones the first.
func (g *Gazetteer) Find(text string) []Match {
	if len(g.entries) == 0 {
		return nil
	}
	return g.find(entTokens(text, nil))
}

// find is Find over the tokens of a text.
func (g *Gazetteer) find(toks []entTok) []Match {
	if len(g.entries) == 0 {
		return nil
	}
	hits := g.exact.scan(toks, nil)
	hits = g.lower.scan(toks, hits)
	if len(hits) == 0 {
		return nil
	}
	cands := g.candidates(toks, hits)
	slices.SortFunc(cands, func(a, b gazCand) int {
		return cmp.Or(cmp.Compare(b.span.Len(), a.span.Len()), cmp.Compare(a.first, b.first))
	})
	taken := make([]bool, len(toks))
	var out []Match
	for _, c := range cands {
		if slices.Contains(taken[c.first:c.last+1], true) {
			continue
		}
		for i := c.first; i <= c.last; i++ {
			taken[i] = true
		}
		m := Match{Span: c.span, Entry: g.entries[c.ents[0]].Entry}
		for _, id := range c.ents[1:] {
			m.Also = append(m.Also, g.entries[id].Entry)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
	return out
}

// candidates groups the hits by span, keeping the entries whose checks
// pass, known entities first, one entry per label and canonical name.
func (g *Gazetteer) candidates(toks []entTok, hits []gazHit) []gazCand {
	slices.SortFunc(hits, func(a, b gazHit) int {
		return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.last, b.last))
	})
	var cands []gazCand
	for i := 0; i < len(hits); {
		h := hits[i]
		c := gazCand{first: h.first, last: h.last,
			span: annot.Span{Start: toks[h.first].start, End: toks[h.last].end}}
		for ; i < len(hits) && hits[i].first == h.first && hits[i].last == h.last; i++ {
			for _, id := range hits[i].auto.ends[hits[i].state] {
				if g.entries[id].matches(toks[h.first : h.last+1]) {
					c.ents = append(c.ents, id)
				}
			}
		}
		if len(c.ents) == 0 {
			continue
		}
		slices.SortStableFunc(c.ents, func(a, b int32) int {
			return cmp.Or(cmp.Compare(gazRank(g.entries[a].Source), gazRank(g.entries[b].Source)), cmp.Compare(a, b))
		})
		c.ents = g.distinct(c.ents)
		cands = append(cands, c)
	}
	return cands
}

// distinct keeps the first entry of each label and canonical name.
func (g *Gazetteer) distinct(ids []int32) []int32 {
	out := ids[:0]
	for _, id := range ids {
		e := &g.entries[id]
		if !slices.ContainsFunc(out, func(o int32) bool {
			return g.entries[o].Label == e.Label && g.entries[o].Canonical == e.Canonical
		}) {
			out = append(out, id)
		}
	}
	return out
}

// matches checks the exact tokens of a lower-case form against toks.
func (e *gazEntry) matches(toks []entTok) bool {
	for i, c := range e.checks {
		if c != "" && toks[i].text != c {
			return false
		}
	}
	return true
}

// gazRank orders entries of one span: known entities (aliases) first.
func gazRank(source string) int {
	if source == SourceAlias {
		return 0
	}
	return 1
}
