package export

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"folio/annot"
)

// renderCoNLL writes CoNLL-2003 style columns on the corrected text. Each
// document starts with "-DOCSTART- -X- O O" and a blank line; then each
// token is a line "TOKEN TAG" with IOB2 tags (B-PER, I-PER, O), and a blank
// line ends every sentence. Tokens and sentences are those of the
// document's source if it records them (a CoNLL or WebAnno file: see
// segment), else those of Tokenize and sentenceBreak; a sentence never
// ends inside an entity. The comments of the source's sentences have no
// place: spaCy would read them as tokens.
//
// The document line is the one spaCy's conll_ner_to_docs splits on; readers
// that test for a line starting with "-DOCSTART-" read it too. It carries
// no document id, nor does any other line: spaCy's converter splits on that
// exact line and reads every other line, a comment too, as a token. The
// ids are counted as not written. An import of the file into the store it
// came from finds each document by its corrected text instead
// (corpus.Doc.Numbered); into another store, it numbers them anew (the
// germeval format keeps the ids).
//
// An entity whose span does not start and end on token boundaries is
// reported through Options.Warn (document id, span, text) and its tokens
// are tagged O: it is never widened, shrunk or dropped silently. CoNLL has
// one tag a token, so of nested or overlapping entities the outermost
// (the first to start, the longest of those) is written and the others
// are reported.
func renderCoNLL(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	seg := c.segment()
	tags := r.bio(c, seg.toks, 1)
	b.WriteString("-DOCSTART- -X- O O\n\n")
	for i, t := range seg.toks {
		b.WriteString(t.Text)
		b.WriteByte(' ')
		b.WriteString(tags[0][i])
		b.WriteByte('\n')
		if sentenceEnds(c.text, seg, tags, i) {
			b.WriteByte('\n')
		}
	}
	return nil
}

// renderGermEval writes GermEval 2014's columns on the corrected text:
// each token a line "N<tab>TOKEN<tab>OUTER<tab>INNER", N counting from 1
// in each sentence, with IOB2 tags in two layers: the outermost entities,
// and the entities nested in them (`„Troia - Traum und Wirklichkeit“` an
// OTH, its `Troia` a LOC). A blank line ends every sentence, and a
// comment "# newdoc id = ID" starts each document: GermEval's readers
// skip comments, and folio's import (like CoNLL-U's readers) parts
// documents there, so the nested entities come back. Tokens and sentences
// are CoNLL's; the comment lines the source had before a sentence
// (GermEval's "#<tab>URL [date]") are written before it, as they were. An
// entity nested deeper, or crossing another, is reported and left out.
func renderGermEval(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	seg := c.segment()
	toks := seg.toks
	tags := r.bio(c, toks, 2)
	b.WriteString("# newdoc id = " + commentSafe(it.Doc.ID) + "\n")
	written := 0 // the comments before this token are written
	// comments writes the comments of the sentences that start at tokens
	// up to last: those of one that an entity ran into the sentence
	// before go before that one
	comments := func(last int) {
		for ; written <= last; written++ {
			for _, l := range seg.comments[written] {
				b.WriteString(commentLine(l) + "\n")
			}
		}
	}
	start := 0
	for i := range toks {
		if i+1 < len(toks) && !sentenceEnds(c.text, seg, tags, i) {
			continue
		}
		comments(i)
		for k, t := range toks[start : i+1] {
			b.WriteString(strconv.Itoa(k + 1))
			for _, col := range []string{t.Text, tags[0][start+k], tags[1][start+k]} {
				b.WriteByte('\t')
				b.WriteString(col)
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
		start = i + 1
	}
	comments(len(toks))
	return nil
}

// sentenceEnds reports whether a sentence ends after token i: at a
// sentence break that no entity of any layer continues across.
func sentenceEnds(text string, seg *segmentation, tags [][]string, i int) bool {
	if !seg.breakAfter(text, i) {
		return false
	}
	for _, layer := range tags {
		if i+1 < len(seg.toks) && strings.HasPrefix(layer[i+1], "I-") {
			return false
		}
	}
	return true
}

// commentLine makes a comment line of the source's one line that starts
// with "#", so that readers read it as one: control characters but tabs
// (GermEval's "#<tab>URL") become spaces.
func commentLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return ' '
		}
		return r
	}, s)
	if !strings.HasPrefix(s, "#") {
		s = "# " + s
	}
	return s
}

// commentSafe makes s fit on one comment line: control characters
// (a line break among them) become spaces.
func commentSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// bio tags toks with the entities of c in IOB2, in the given number of
// layers: the outermost entities (the first to start, the longest of
// those) on the first, and on each next one the entities nested inside a
// single entity of the layer before. Entities that do not align with
// token boundaries, cross an entity already tagged or lie deeper than the
// layers reach are reported and leave their tokens O.
func (r *docCtx) bio(c *corrected, toks []Token, layers int) [][]string {
	tags := make([][]string, layers)
	for l := range tags {
		tags[l] = make([]string, len(toks))
		for i := range tags[l] {
			tags[l][i] = "O"
		}
	}
	ents := slices.Clone(c.ents)
	slices.SortStableFunc(ents, func(a, b entity) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	why := "CoNLL has one tag a token"
	if layers > 1 {
		why = fmt.Sprintf("%d layers of tags, each nested in the one before", layers)
	}
	for _, e := range ents {
		first, last, ok := tokenRange(toks, e.Span)
		if !ok {
			r.warnf("%s: doc %q: %s entity at %s %q of the corrected text does not align with token boundaries; its tokens are tagged O",
				r.opt.Format, c.it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		l := 0
		for l < layers && !freeIn(tags, l, first, last) {
			l++
		}
		if l == layers {
			r.warnf("%s: doc %q: %s entity at %s %q of the corrected text is inside or across an entity already written (%s); left out",
				r.opt.Format, c.it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span), why)
			continue
		}
		label := columnSafe(e.ann.Label)
		tags[l][first] = "B-" + label
		for k := first + 1; k <= last; k++ {
			tags[l][k] = "I-" + label
		}
	}
	return tags
}

// freeIn reports whether tokens first…last are untagged on layer l and,
// below the first layer, inside one entity of layer l-1.
func freeIn(tags [][]string, l, first, last int) bool {
	for k := first; k <= last; k++ {
		if tags[l][k] != "O" {
			return false
		}
		if l > 0 && (tags[l-1][k] == "O" || k > first && !strings.HasPrefix(tags[l-1][k], "I-")) {
			return false
		}
	}
	return true
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

// tokensAround finds the tokens that sp starts and ends in: the first
// holds sp.Start, the last sp.End-1; ok is false if either is in no token
// (white space) or sp is empty.
func tokensAround(toks []Token, sp annot.Span) (first, last int, ok bool) {
	if sp.End <= sp.Start {
		return 0, 0, false
	}
	first = searchTokens(toks, sp.Start+1) - 1
	if first < 0 || toks[first].End <= sp.Start {
		return 0, 0, false
	}
	last = searchTokens(toks, sp.End) - 1
	if last < first || toks[last].End < sp.End {
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
