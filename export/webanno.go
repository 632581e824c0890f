package export

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"folio/annot"
)

// WebAnno TSV 3.3, as INCEpTION imports it: NAME.tsv per document (and
// ids.tsv), on the corrected text. The header declares one span layer,
// DKPro's NamedEntity (identifier: the canonical name; value: the label),
// and one relation layer on it (value: the relation's label). Sentences
// and tokens are those of the conll format; offsets are UTF-16 code units,
// as INCEpTION counts. A sentence's "#Text=" lines hold the white space
// after it too, up to the next sentence or the end of the text, so that
// the text comes back as it was (INCEpTION reads it as the end of the
// sentence); white space before the first token is not written. Every entity has a span id ("PER[1]"), so nested
// and stacked ones stay apart; a relation sits on its target's first token
// with "SOURCE-TOKEN[sourceID_targetID]". An entity that starts or ends
// inside a token is written on sub-token lines ("1-3.1", after the token's
// line) for the parts of the tokens it covers, as INCEpTION writes them;
// one that starts or ends outside every token (in white space) is
// reported and left out, with its relations.

const (
	webannoNE  = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	webannoRel = "webanno.custom.Relation"
)

type webannoWriter struct {
	r *run
	d *outDir
}

func newWebAnno(r *run, d *outDir) *webannoWriter { return &webannoWriter{r: r, d: d} }

func tsvName(base string) string { return base + ".tsv" }

func (w *webannoWriter) finish() error { return nil }

func (w *webannoWriter) doc(it Item) error {
	ctx := &docCtx{opt: &w.r.opt}
	defer w.r.emit(ctx)
	c := ctx.correct(it)
	toks := Tokenize(c.text)
	// UTF-16 offset of every code point
	u16 := make([]int, 0, len(c.text)+1)
	n := 0
	for _, r := range c.text {
		u16 = append(u16, n)
		n += max(utf16.RuneLen(r), 1)
	}
	u16 = append(u16, n)

	// a unit is a line: a token's (sub 0) or a sub-token's (sub n, the
	// part of the token from start to end)
	type unit struct {
		tok, start, end int
		sub             int
		ents            []int    // indexes into ents
		rels            []string // "label\x00BT"
	}
	units := make([][]*unit, len(toks)) // token → its line, then its sub-tokens'
	for i, t := range toks {
		units[i] = []*unit{{tok: i, start: t.Start, end: t.End}}
	}
	unitAt := func(k, start, end int) *unit {
		for _, u := range units[k] {
			if u.start == start && u.end == end {
				return u
			}
		}
		u := &unit{tok: k, start: start, end: end}
		units[k] = append(units[k], u)
		return u
	}
	type ent struct {
		id    int
		units []*unit
		e     entity
	}
	var ents []ent
	for _, e := range c.ents {
		first, last, ok := tokensAround(toks, e.Span)
		if !ok {
			ctx.warnf("%s: doc %q: %s entity at %s %q of the corrected text starts or ends outside every token; left out",
				w.r.opt.Format, it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		en := ent{id: len(ents) + 1, e: e}
		for k := first; k <= last; k++ {
			en.units = append(en.units, unitAt(k, max(e.Start, toks[k].Start), min(e.End, toks[k].End)))
		}
		ents = append(ents, en)
	}
	byID := map[string]*ent{}
	for i := range ents {
		byID[ents[i].e.ann.ID] = &ents[i]
		for _, u := range ents[i].units {
			u.ents = append(u.ents, i)
		}
	}
	tokID := make([]string, len(toks))
	sent, inSent := 1, 0
	for i := range toks {
		inSent++
		tokID[i] = strconv.Itoa(sent) + "-" + strconv.Itoa(inSent)
		if sentenceBreak(c.text, toks, i) {
			sent, inSent = sent+1, 0
		}
		subs := units[i][1:]
		slices.SortFunc(subs, func(a, b *unit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		for n, u := range subs {
			u.sub = n + 1
		}
	}
	unitID := func(u *unit) string {
		if u.sub == 0 {
			return tokID[u.tok]
		}
		return tokID[u.tok] + "." + strconv.Itoa(u.sub)
	}
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind != annot.KindRelation {
			continue
		}
		from, to := byID[a.From], byID[a.To]
		if from == nil || to == nil {
			ctx.warnf("%s: doc %q: %s relation links an entity that is not written; left out", w.r.opt.Format, it.Doc.ID, a.Label)
			continue
		}
		bt := fmt.Sprintf("%s[%d_%d]", unitID(from.units[0]), from.id, to.id)
		to.units[0].rels = append(to.units[0].rels, webannoEscape(a.Label)+"\x00"+bt)
	}
	name := w.d.name(it.Doc.ID, tsvName)
	return w.d.writeFile(tsvName(name), func(b *bufio.Writer) {
		b.WriteString("#FORMAT=WebAnno TSV 3.3\n")
		b.WriteString("#T_SP=" + webannoNE + "|identifier|value\n")
		b.WriteString("#T_RL=" + webannoRel + "|value|BT_" + webannoNE + "\n\n")
		start := 0
		for i := range toks {
			if i == start {
				end := i
				for end+1 < len(toks) && !sentenceBreak(c.text, toks, end) {
					end++
				}
				b.WriteString("\n")
				// the sentence's text, and the white space after it up to
				// the next one (or the end), which TSV 3 has no other place
				// for: the import puts it back
				next := len(u16) - 1 // the end of the text
				if end+1 < len(toks) {
					next = toks[end+1].Start
				}
				sentText := c.textOf(annot.Span{Start: toks[i].Start, End: next})
				for _, line := range strings.Split(sentText, "\n") {
					b.WriteString("#Text=" + webannoTextEscaper.Replace(line) + "\n")
				}
				start = end + 1
			}
			for _, u := range units[i] {
				fmt.Fprintf(b, "%s\t%d-%d\t%s\t", unitID(u), u16[u.start], u16[u.end], webannoEscape(c.textOf(annot.Span{Start: u.start, End: u.end})))
				if len(u.ents) == 0 {
					b.WriteString("_\t_\t")
				} else {
					var idents, values []string
					for _, k := range u.ents {
						e := ents[k]
						ident := "*"
						if e.e.ann.Canonical != "" {
							ident = webannoEscape(e.e.ann.Canonical)
						}
						idents = append(idents, fmt.Sprintf("%s[%d]", ident, e.id))
						values = append(values, fmt.Sprintf("%s[%d]", webannoEscape(e.e.ann.Label), e.id))
					}
					b.WriteString(strings.Join(idents, "|") + "\t" + strings.Join(values, "|") + "\t")
				}
				if len(u.rels) == 0 {
					b.WriteString("_\t_\t\n")
				} else {
					var labels, bts []string
					for _, r := range u.rels {
						l, bt, _ := strings.Cut(r, "\x00")
						labels, bts = append(labels, l), append(bts, bt)
					}
					b.WriteString(strings.Join(labels, "|") + "\t" + strings.Join(bts, "|") + "\t\n")
				}
			}
		}
	})
}

// The escapes of TSV 3: of a value, and of a "#Text=" line. Replacers
// are built once (a Replacer builds its tables on first use: one a call
// made the export forty times slower).
var (
	webannoEscaper     = strings.NewReplacer(`\`, `\\`, "|", `\|`, "[", `\[`, "]", `\]`, "\t", `\t`, "\n", `\n`, ";", `\;`)
	webannoTextEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`)
)

// webannoEscape escapes a TSV 3 value.
func webannoEscape(v string) string {
	if v == "_" || v == "*" {
		return `\` + v
	}
	return webannoEscaper.Replace(v)
}
