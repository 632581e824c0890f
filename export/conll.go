package export

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"folio/annot"
)

// renderCoNLL writes CoNLL-2003 style columns on the corrected text. Each
// document starts with "-DOCSTART- -X- O O" and a blank line; then each
// token is a line "TOKEN TAG" with IOB2 tags (B-PER, I-PER, O), and a blank
// line ends every sentence. Tokens and sentences are those of Tokenize and
// sentenceBreak; a sentence never ends inside an entity.
//
// The document line is the one spaCy's conll_ner_to_docs splits on; readers
// that test for a line starting with "-DOCSTART-" read it too.
//
// An entity whose span does not start and end on token boundaries is
// reported through Options.Warn (document id, span, text) and its tokens
// are tagged O: it is never widened, shrunk or dropped silently. CoNLL has
// one tag a token, so of nested or overlapping entities the outermost
// (the first to start, the longest of those) is written and the others
// are reported.
func renderCoNLL(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	toks := Tokenize(c.text)
	tags := r.bio(c, toks)
	b.WriteString("-DOCSTART- -X- O O\n\n")
	for i, t := range toks {
		b.WriteString(t.Text)
		b.WriteByte(' ')
		b.WriteString(tags[i])
		b.WriteByte('\n')
		if sentenceBreak(c.text, toks, i) && (i+1 == len(toks) || !strings.HasPrefix(tags[i+1], "I-")) {
			b.WriteByte('\n')
		}
	}
	return nil
}

// bio tags toks with the entities of c in IOB2. Entities that do not align
// with token boundaries, or overlap an entity already tagged, are reported
// and leave their tokens O.
func (r *docCtx) bio(c *corrected, toks []Token) []string {
	tags := make([]string, len(toks))
	for i := range tags {
		tags[i] = "O"
	}
	ents := slices.Clone(c.ents)
	slices.SortStableFunc(ents, func(a, b entity) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	for _, e := range ents {
		first, last, ok := tokenRange(toks, e.Span)
		if !ok {
			r.warnf("%s: doc %q: %s entity at %s %q of the corrected text does not align with token boundaries; its tokens are tagged O",
				r.opt.Format, c.it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		free := true
		for k := first; k <= last; k++ {
			free = free && tags[k] == "O"
		}
		if !free {
			r.warnf("%s: doc %q: %s entity at %s %q of the corrected text is inside or across an entity already written (CoNLL has one tag a token); left out",
				r.opt.Format, c.it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		label := columnSafe(e.ann.Label)
		tags[first] = "B-" + label
		for k := first + 1; k <= last; k++ {
			tags[k] = "I-" + label
		}
	}
	return tags
}

// tokenRange finds the tokens that sp covers exactly: the first starts at
// sp.Start and the last ends at sp.End.
func tokenRange(toks []Token, sp annot.Span) (first, last int, ok bool) {
	first = searchTokens(toks, sp.Start)
	if first == len(toks) || toks[first].Start != sp.Start {
		return 0, 0, false
	}
	for last = first; last < len(toks) && toks[last].End < sp.End; last++ {
	}
	if last == len(toks) || toks[last].End != sp.End {
		return 0, 0, false
	}
	return first, last, true
}

// searchTokens returns the index of the first token that starts at or
// after p.
func searchTokens(toks []Token, p int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].Start < p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// columnSafe replaces separators in a label, so that a tag stays one column.
func columnSafe(s string) string {
	if !strings.ContainsFunc(s, isSep) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isSep(r) {
			return '_'
		}
		return r
	}, s)
}
