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
	"folio/corpus"
)

// WebAnno TSV 3.3, as INCEpTION imports it: NAME.tsv per document (and
// ids.tsv), on the corrected text. Entities and relations go on the
// layers they were read from (corpus.WebAnnoLayerAttr): a span layer is
// declared with its features, each entity's label under the feature it
// was read from (corpus.WebAnnoLabelAttr; "*" for one that had no value),
// its canonical name as "identifier" and its attributes as the features
// of those names ("*" where it has none); a relation layer likewise,
// attached (BT_) to the span layer of its entities; a relation read from
// a slot feature goes back into its span's slot columns (roles, and the
// targets' addresses). Entities and relations read from no TSV go on
// DKPro's NamedEntity (identifier: the canonical name; value: the label)
// and a relation layer on it, webanno.custom.Relation (value: the
// label). A relation between entities of two layers, or on a layer whose
// name another one's span layer took, is reported and left out.
//
// Sentences and tokens are those of the conll format (the source's, if
// the document records them: a TSV file's come back as they were);
// offsets are UTF-16
// code units, as INCEpTION counts. A sentence's "#Text=" lines hold the
// white space after it too, up to the next sentence or the end of the
// text, so that the text comes back as it was (INCEpTION reads it as the
// end of the sentence); white space before the first token is not
// written. Every entity has a span id ("PER[1]"), so nested and stacked
// ones stay apart; a relation sits on its target's first token with
// "SOURCE-TOKEN[sourceID_targetID]". An entity that starts or ends inside
// a token is written on sub-token lines ("1-3.1", after the token's line)
// for the parts of the tokens it covers, as INCEpTION writes them; one
// that starts or ends outside every token (in white space) is reported
// and left out, with its relations.

const (
	webannoNE  = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
	webannoRel = "webanno.custom.Relation"
	// webannoNEDecl and webannoRelDecl declare the layers of entities
	// and relations read from no TSV.
	webannoNEDecl  = webannoNE + "|identifier|value"
	webannoRelDecl = webannoRel + "|value"
)

// waLayer is a layer a file declares: its name and features (a relation
// layer's without its BT_ one), and for a relation layer the span layer
// it attaches to.
type waLayer struct {
	name     string
	features []string
	bt       *waLayer
}

// short is the layer's name without its package: "NamedEntity".
func (l *waLayer) short() string { return l.name[strings.LastIndexByte(l.name, '.')+1:] }

// slot reports whether feature i is a slot feature's roles (the next
// column holds their targets), and i+1 < len(features).
func (l *waLayer) slot(i int) bool {
	return strings.HasPrefix(l.features[i], "ROLE_") && i+1 < len(l.features)
}

// declaration is the layer's header line.
func (l *waLayer) declaration() string {
	if l.bt == nil {
		return "#T_SP=" + strings.Join(append([]string{l.name}, l.features...), "|")
	}
	return "#T_RL=" + strings.Join(append(append([]string{l.name}, l.features...), "BT_"+l.bt.name), "|")
}

// waLayers are the layers of one file, in the order they are declared.
type waLayers struct {
	spans, rels []*waLayer
	byName      map[string]*waLayer
}

// place returns the layer of annotation a and the feature its label goes
// under ("" for none: "*"), given the declaration of its kind's layer
// for one read from no TSV; bt is the span layer of a relation's
// entities, nil for an entity. ok is false if the layer's name is taken
// by a layer of another kind or, for a relation layer, attached to
// another span layer.
func (ls *waLayers) place(a annot.Annotation, def string, bt *waLayer) (l *waLayer, labelFeature string, ok bool) {
	decl, labelFeature := def, "value"
	if d := a.Attrs[corpus.WebAnnoLayerAttr]; d != "" && !strings.HasPrefix(d, "|") {
		decl = d
		labelFeature = a.Attrs[corpus.WebAnnoLabelAttr]
	}
	parts := strings.Split(decl, "|")
	name, features := parts[0], parts[1:] // "webanno.custom.SimpleSpan|": one nameless feature
	l = ls.byName[name]
	switch {
	case l == nil:
		l = &waLayer{name: name, bt: bt}
		ls.byName[name] = l
		if bt == nil {
			ls.spans = append(ls.spans, l)
		} else {
			ls.rels = append(ls.rels, l)
		}
	case l.bt != bt:
		return nil, "", false
	}
	for _, f := range features {
		if !slices.Contains(l.features, f) {
			l.features = append(l.features, f)
		}
	}
	return l, labelFeature, true
}

// labelFeature returns the feature label goes under on layer l, given
// the one it was read from ("" for none): a label that is not the
// layer's name, which an annotation without value gets, goes under
// "value", else the first plain feature. "" means "*".
func (l *waLayer) labelFeature(read, label string) string {
	if read != "" || label == l.short() {
		return read
	}
	if slices.Contains(l.features, "value") {
		return "value"
	}
	for i, f := range l.features {
		if f != "" && f != "identifier" && !l.slot(i) && (i == 0 || !l.slot(i-1)) {
			return f
		}
	}
	return ""
}

// waValue is what annotation a writes under feature f of its layer,
// its label going under labelFeature: escaped, "*" for no value.
func waValue(a annot.Annotation, f, labelFeature string) string {
	switch {
	case f == labelFeature && f != "":
		return webannoEscape(a.Label)
	case f == "identifier" && a.Canonical != "":
		return webannoEscape(a.Canonical)
	}
	if v, ok := a.Attrs[f]; ok && f != "" && !corpus.RecordAttr(f) && v != "" {
		return webannoEscape(v)
	}
	return "*"
}

// webannoUnwritten counts the attributes of entity or relation a that
// the webanno format leaves out: those that are no feature of its layer.
func webannoUnwritten(a annot.Annotation) int {
	def := webannoNEDecl
	if a.Kind == annot.KindRelation {
		def = webannoRelDecl
	}
	decl := def
	if d := a.Attrs[corpus.WebAnnoLayerAttr]; d != "" {
		decl = d
	}
	features := strings.Split(decl, "|")[1:]
	n := 0
	for name := range annot.WithoutSourceAttrs(a).Attrs {
		if !slices.Contains(features, name) || name == "identifier" {
			n++
		}
	}
	return n
}

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
	seg := c.segment()
	toks := seg.toks
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
		ents            []int // indexes into ents
		rels            []int // indexes into rels
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
	layers := &waLayers{byName: map[string]*waLayer{}}
	type slotLink struct {
		role string
		to   int // index into ents
	}
	type ent struct {
		id           int
		units        []*unit
		e            entity
		layer        *waLayer
		labelFeature string
		slots        map[string][]slotLink // by slot feature
	}
	var ents []ent
	for _, e := range c.ents {
		first, last, ok := tokensAround(toks, e.Span)
		if !ok {
			ctx.warnf("%s: doc %q: %s entity at %s %q of the corrected text starts or ends outside every token; left out",
				w.r.opt.Format, it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		l, lf, ok := layers.place(e.ann, webannoNEDecl, nil)
		if !ok {
			ctx.warnf("%s: doc %q: %s entity at %s %q of the corrected text is on a span layer whose name a relation layer has; left out",
				w.r.opt.Format, it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		en := ent{id: len(ents) + 1, e: e, layer: l, labelFeature: lf}
		for k := first; k <= last; k++ {
			en.units = append(en.units, unitAt(k, max(e.Start, toks[k].Start), min(e.End, toks[k].End)))
		}
		ents = append(ents, en)
	}
	byID := map[string]int{}
	for i := range ents {
		byID[ents[i].e.ann.ID] = i
		for _, u := range ents[i].units {
			u.ents = append(u.ents, i)
		}
	}
	type rel struct {
		a            annot.Annotation
		from, to     int
		layer        *waLayer
		labelFeature string
	}
	var rels []rel
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind != annot.KindRelation {
			continue
		}
		from, ok1 := byID[a.From]
		to, ok2 := byID[a.To]
		if !ok1 || !ok2 {
			ctx.warnf("%s: doc %q: %s relation links an entity that is not written; left out", w.r.opt.Format, it.Doc.ID, a.Label)
			continue
		}
		fl := ents[from].layer
		// a link of a slot feature of its source's layer
		if f := a.Attrs[corpus.WebAnnoLabelAttr]; strings.HasPrefix(f, "ROLE_") &&
			strings.HasPrefix(a.Attrs[corpus.WebAnnoLayerAttr], fl.name+"|") {
			if i := slices.Index(fl.features, f); i >= 0 && fl.slot(i) {
				if ents[from].slots == nil {
					ents[from].slots = map[string][]slotLink{}
				}
				ents[from].slots[f] = append(ents[from].slots[f], slotLink{role: a.Label, to: to})
				continue
			}
		}
		if ents[to].layer != fl {
			ctx.warnf("%s: doc %q: %s relation links entities of two layers (%s, %s), which no relation layer does; left out",
				w.r.opt.Format, it.Doc.ID, a.Label, fl.short(), ents[to].layer.short())
			continue
		}
		on := a
		if strings.HasPrefix(a.Attrs[corpus.WebAnnoLabelAttr], "ROLE_") {
			on = annot.WithoutSourceAttrs(a) // a slot's link its span's layer has no slot for
		}
		l, lf, ok := layers.place(on, webannoRelDecl, fl)
		if !ok {
			ctx.warnf("%s: doc %q: %s relation is on a layer whose name another layer has; left out", w.r.opt.Format, it.Doc.ID, a.Label)
			continue
		}
		rels = append(rels, rel{a: a, from: from, to: to, layer: l, labelFeature: lf})
		ents[to].units[0].rels = append(ents[to].units[0].rels, len(rels)-1)
	}
	if len(layers.spans) == 0 { // nothing to write: the layers folio writes
		ne := &waLayer{name: webannoNE, features: []string{"identifier", "value"}}
		layers.spans = []*waLayer{ne}
		layers.rels = []*waLayer{{name: webannoRel, features: []string{"value"}, bt: ne}}
	}

	tokID := make([]string, len(toks))
	sent, inSent := 1, 0
	for i := range toks {
		inSent++
		tokID[i] = strconv.Itoa(sent) + "-" + strconv.Itoa(inSent)
		if seg.breakAfter(c.text, i) {
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
	// the cells of a unit: each layer's features, values stacked with "|"
	cells := func(b *bufio.Writer, u *unit) {
		var stack []string
		cell := func() {
			if len(stack) == 0 {
				b.WriteString("_\t")
			} else {
				b.WriteString(strings.Join(stack, "|") + "\t")
			}
			stack = stack[:0]
		}
		for _, l := range layers.spans {
			for fi, f := range l.features {
				for _, k := range u.ents {
					e := &ents[k]
					if e.layer != l {
						continue
					}
					id := "[" + strconv.Itoa(e.id) + "]"
					switch {
					case l.slot(fi):
						roles := []string{}
						for _, lk := range e.slots[f] {
							roles = append(roles, webannoEscape(lk.role))
						}
						stack = append(stack, cmp.Or(strings.Join(roles, ";"), "*"))
					case fi > 0 && l.slot(fi-1):
						targets := []string{}
						for _, lk := range e.slots[l.features[fi-1]] {
							t := &ents[lk.to]
							targets = append(targets, unitID(t.units[0])+"["+strconv.Itoa(t.id)+"]")
						}
						stack = append(stack, cmp.Or(strings.Join(targets, ";"), "*"))
					default:
						stack = append(stack, waValue(e.e.ann, f, l.labelFeature(e.labelFeature, e.e.ann.Label))+id)
					}
				}
				cell()
			}
		}
		for _, l := range layers.rels {
			var bts []string
			for fi, f := range l.features {
				for _, k := range u.rels {
					r := &rels[k]
					if r.layer != l {
						continue
					}
					stack = append(stack, waValue(r.a, f, l.labelFeature(r.labelFeature, r.a.Label)))
					if fi == 0 {
						from, to := &ents[r.from], &ents[r.to]
						bts = append(bts, fmt.Sprintf("%s[%d_%d]", unitID(from.units[0]), from.id, to.id))
					}
				}
				cell()
			}
			if len(l.features) == 0 {
				for _, k := range u.rels {
					if r := &rels[k]; r.layer == l {
						from, to := &ents[r.from], &ents[r.to]
						bts = append(bts, fmt.Sprintf("%s[%d_%d]", unitID(from.units[0]), from.id, to.id))
					}
				}
			}
			stack = append(stack, bts...)
			cell()
		}
		b.WriteString("\n")
	}
	for _, e := range ents {
		if e.layer.labelFeature(e.labelFeature, e.e.ann.Label) == "" && e.e.ann.Label != e.layer.short() {
			ctx.warnf("%s: doc %q: %s entity at %s %q of the corrected text is on layer %s, which has no feature for its label; written without it",
				w.r.opt.Format, it.Doc.ID, e.e.ann.Label, e.e.Span, c.textOf(e.e.Span), e.layer.short())
		}
	}
	name := w.d.name(it.Doc.ID, tsvName)
	return w.d.writeFile(tsvName(name), func(b *bufio.Writer) {
		b.WriteString("#FORMAT=WebAnno TSV 3.3\n")
		for _, l := range append(slices.Clone(layers.spans), layers.rels...) {
			b.WriteString(l.declaration() + "\n")
		}
		b.WriteString("\n")
		start := 0
		for i := range toks {
			if i == start {
				end := i
				for end+1 < len(toks) && !seg.breakAfter(c.text, end) {
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
				cells(b, u)
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
