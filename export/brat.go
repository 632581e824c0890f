package export

import (
	"bufio"
	"cmp"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"
	"folio/corpus"
)

// bratConf is the brat configuration written into the output directory.
const bratConf = "annotation.conf"

// bratWriter writes brat standoff on the corrected text: NAME.txt and
// NAME.ann per document, ids.tsv, and an annotation.conf that declares
// every entity label used.
//
// In NAME.ann every entity is a text-bound annotation "T1\tPER 0 8\tUte
// Berg". An entity that crosses a line break (or a tab) becomes a
// discontinuous one with a fragment per line, "T2\tLOC 10 18;19 24\tHannover
// Messe": the text after the second tab is the fragments joined by a space,
// as brat checks it. An entity that came from brat as fragments with text
// between them (corpus.FragmentsAttr) is written as those fragments. A
// note on exactly the entity's span becomes "#1\tAnnotatorNotes T1\t..."
// (or its own type, "#1\tLemma T1\t...") on
// the first entity of that span; an attribute "A1\tNAME T1 VALUE" (a
// binary one without VALUE); two copies of one entity (annot.Annotation.Copy)
// two T lines; and a canonical name becomes
// "N1\tReference T1 folio:REF\tCanonical Name", where REF is the external
// id if there is one, else the canonical name, with "%", whitespace and
// control characters percent-encoded. An external id that is a reference
// into another database ("Wikipedia:64488") is written as it is. Labels have characters other than
// letters, digits, "-", "_" and "." replaced by "_". Tags, status, marks,
// document notes and notes on other spans are not written (the jsonl format
// keeps them). A relation becomes "R1\tLABEL Arg1:T1 Arg2:T2\t", from Arg1
// to Arg2 (an end that is an event, corpus.RelEventsAttr, as "Arg1:E1"),
// and annotation.conf declares its label; its attributes and
// notes (see corpus.NoteAttr) follow it, on R1, as events' do on their E
// lines.
type bratWriter struct {
	r         *run
	d         *outDir
	conf      *os.File
	labels    map[string]struct{}
	relLabels map[string]struct{}
}

func newBrat(r *run, d *outDir) (*bratWriter, error) {
	conf, err := d.create(bratConf)
	if err != nil {
		return nil, err
	}
	return &bratWriter{r: r, d: d, conf: conf, labels: map[string]struct{}{}, relLabels: map[string]struct{}{}}, nil
}

func (w *bratWriter) doc(it Item) error {
	ctx := &docCtx{opt: &w.r.opt}
	defer w.r.emit(ctx)
	c := ctx.correct(it)
	name := w.d.name(it.Doc.ID, txtName)
	if err := w.d.writeFile(txtName(name), func(b *bufio.Writer) { b.WriteString(c.text) }); err != nil {
		return err
	}
	notes := map[annot.Span][]annot.Annotation{}
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind == annot.KindNote && a.HasSpan() && !a.Stale {
			notes[a.Span()] = append(notes[a.Span()], a)
		}
	}
	return w.d.writeFile(name+".ann", func(b *bufio.Writer) { w.ann(ctx, b, c, notes) })
}

// ann writes the standoff annotations of one document.
func (w *bratWriter) ann(ctx *docCtx, b *bufio.Writer, c *corrected, notes map[annot.Span][]annot.Annotation) {
	n := &bratNums{}
	t, norm := 0, 0
	tid := map[string]int{} // entity id → its T number
	for _, e := range c.ents {
		frags := w.fragments(ctx, c, e)
		if len(frags) == 0 {
			ctx.warnf("%s: doc %q: %s entity at %s %q of the corrected text holds only line breaks; left out",
				w.r.opt.Format, c.it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			continue
		}
		t++
		tid[e.ann.ID] = t
		label := bratType(e.ann.Label)
		w.labels[label] = struct{}{}
		fmt.Fprintf(b, "T%d\t%s ", t, label)
		for i, f := range frags {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(strconv.Itoa(f.Start))
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(f.End))
		}
		b.WriteByte('\t')
		for i, f := range frags {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.textOf(f))
		}
		b.WriteByte('\n')
		for _, nt := range notes[e.ann.Span()] { // on the first entity of the span
			n.note(b, "T"+strconv.Itoa(t), cmp.Or(nt.Class, "AnnotatorNotes"), nt.Value)
		}
		delete(notes, e.ann.Span())
		n.attrs(b, "T"+strconv.Itoa(t), e.ann.Attrs)
		if e.ann.Canonical != "" {
			ref := "folio:" + bratRef(e.ann.Canonical)
			if w.r.opt.ExternalID != nil {
				if x := w.r.opt.ExternalID(e.ann.Label, e.ann.Canonical); isBratDBRef(x) {
					ref = x // another database's id, as it came
				} else if x != "" {
					ref = "folio:" + bratRef(x)
				}
			}
			norm++
			fmt.Fprintf(b, "N%d\tReference T%d %s\t%s\n", norm, t, ref, oneLine(e.ann.Canonical))
		}
	}
	r := 0
	var evNum map[string]int // event id → its E number, when a relation needs it
	var evRels, eqRels []annot.Annotation
	for _, a := range annot.Sorted(c.it.Anns) {
		if a.Kind != annot.KindRelation {
			continue
		}
		switch a.Class {
		case corpus.ClassEvent:
			evRels = append(evRels, a)
			continue
		case corpus.ClassEquiv:
			eqRels = append(eqRels, a)
			continue
		}
		from, ok1 := tid[a.From]
		to, ok2 := tid[a.To]
		if !ok1 || !ok2 {
			ctx.warnf("%s: doc %q: %s relation links an entity that is not written; left out", w.r.opt.Format, c.it.Doc.ID, a.Label)
			continue
		}
		// an end that is an event (corpus.RelEventsAttr) is written as
		// that event
		ends := []string{"T" + strconv.Itoa(from), "T" + strconv.Itoa(to)}
		if evs := strings.Fields(a.Attrs[corpus.RelEventsAttr]); len(evs) == 2 {
			if evNum == nil {
				evNum = map[string]int{}
				for i, id := range eventOrder(c, tid) {
					evNum[id] = i + 1
				}
			}
			for i, id := range evs {
				if id != "-" && evNum[id] > 0 {
					ends[i] = "E" + strconv.Itoa(evNum[id])
				} else if id != "-" {
					ctx.warnf("%s: doc %q: %s relation links event %s, which is not written; written to its trigger", w.r.opt.Format, c.it.Doc.ID, a.Label, id)
				}
			}
		}
		r++
		label := bratType(a.Label)
		w.relLabels[label] = struct{}{}
		r1, r2 := "Arg1", "Arg2"
		if f := strings.Fields(a.Attrs[corpus.RolesAttr]); len(f) == 2 {
			r1, r2 = bratType(f[0]), bratType(f[1])
		}
		fmt.Fprintf(b, "R%d\t%s %s:%s %s:%s\t\n", r, label, r1, ends[0], r2, ends[1])
		n.attrs(b, "R"+strconv.Itoa(r), a.Attrs)
	}
	w.events(ctx, b, c, tid, evRels, n)
	w.equivs(ctx, b, c, tid, eqRels)
}

// bratNums numbers the attribute and note lines of one .ann file.
type bratNums struct{ hash, attr int }

// note writes a note of typ on target ("T1", "R2", "E3").
func (n *bratNums) note(b *bufio.Writer, target, typ, text string) {
	n.hash++
	fmt.Fprintf(b, "#%d\t%s %s\t%s\n", n.hash, bratType(typ), target, oneLine(text))
}

// attrs writes the attributes of target, sorted by name: an attribute
// named corpus.NoteAttr+TYPE is a note of TYPE (see corpus.EventAttr), a
// binary one has no value. Those corpus.RecordAttr names are not brat
// attributes but folio's record of brat's structure, written with the
// lines they belong to (events, fragments, roles), or of another tool's.
func (n *bratNums) attrs(b *bufio.Writer, target string, attrs map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[name]
		if corpus.RecordAttr(name) {
			continue
		}
		if typ, ok := strings.CutPrefix(name, corpus.NoteAttr); ok {
			n.note(b, target, typ, v)
			continue
		}
		n.attr++
		fmt.Fprintf(b, "A%d\t%s %s", n.attr, bratType(name), target)
		if v != "" {
			b.WriteString(" " + oneLine(v))
		}
		b.WriteByte('\n')
	}
}

// eventOrder lists the events of the written triggers (their
// corpus.EventAttr) in the order of their triggers, which numbers them
// E1, E2, … .
func eventOrder(c *corrected, tid map[string]int) []string {
	var order []string
	seen := map[string]bool{}
	for _, e := range c.ents {
		if _, ok := tid[e.ann.ID]; !ok {
			continue
		}
		for _, id := range strings.Fields(e.ann.Attrs[corpus.EventAttr]) {
			if !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
	}
	return order
}

// events writes brat's E lines back from the triggers' corpus.EventAttr
// and the ClassEvent relations (see corpus.EventAttr), numbered anew in
// the order of their triggers: an import of the file finds them in the
// store by what they say, not by their numbers (annot.RenameBratIDs).
func (w *bratWriter) events(ctx *docCtx, b *bufio.Writer, c *corrected, tid map[string]int, rels []annot.Annotation, n *bratNums) {
	type event struct {
		typ     string
		trigger int
		args    []string
		hung    map[string]string // its attributes and notes
	}
	order := eventOrder(c, tid)
	evs := map[string]*event{}
	for _, e := range c.ents {
		t, ok := tid[e.ann.ID]
		if !ok {
			continue
		}
		for _, id := range strings.Fields(e.ann.Attrs[corpus.EventAttr]) {
			if _, dup := evs[id]; !dup {
				evs[id] = &event{typ: bratType(e.ann.Label), trigger: t, hung: map[string]string{}}
			}
		}
		for key, v := range e.ann.Attrs {
			if id, name, ok := annot.ParseEventKey(key); ok && evs[id] != nil && evs[id].trigger == t {
				evs[id].hung[name] = v
			}
		}
	}
	num := map[string]int{}
	for i, id := range order {
		num[id] = i + 1
	}
	for _, a := range rels {
		f := strings.Fields(a.Value)
		var ev *event
		if len(f) > 0 {
			ev = evs[f[0]]
		}
		arg := ""
		switch {
		case ev == nil:
		case len(f) == 2 && num[f[1]] > 0:
			arg = "E" + strconv.Itoa(num[f[1]])
		case len(f) == 1 && tid[a.To] > 0:
			arg = "T" + strconv.Itoa(tid[a.To])
		}
		if arg == "" {
			ctx.warnf("%s: doc %q: a %s argument of event %q whose trigger or argument is not written; left out", w.r.opt.Format, c.it.Doc.ID, a.Label, a.Value)
			continue
		}
		ev.args = append(ev.args, bratType(a.Label)+":"+arg)
	}
	for i, id := range order {
		ev := evs[id]
		fmt.Fprintf(b, "E%d\t%s:T%d", i+1, ev.typ, ev.trigger)
		for _, a := range ev.args {
			b.WriteString(" " + a)
		}
		b.WriteByte('\n')
		n.attrs(b, "E"+strconv.Itoa(i+1), ev.hung)
	}
}

// equivs writes brat's * lines back from the ClassEquiv relations: the
// members of each group (its Value) in the order the chain names them.
func (w *bratWriter) equivs(ctx *docCtx, b *bufio.Writer, c *corrected, tid map[string]int, rels []annot.Annotation) {
	type group struct {
		label   string
		members []string
	}
	var order []string
	groups := map[string]*group{}
	for _, a := range rels {
		g, ok := groups[a.Value]
		if !ok {
			g = &group{label: bratType(a.Label)}
			groups[a.Value] = g
			order = append(order, a.Value)
		}
		for _, id := range []string{a.From, a.To} {
			if !slices.Contains(g.members, id) {
				g.members = append(g.members, id)
			}
		}
	}
	for _, v := range order {
		g := groups[v]
		var ts []string
		for _, id := range g.members {
			if t, ok := tid[id]; ok {
				ts = append(ts, "T"+strconv.Itoa(t))
			}
		}
		if len(ts) < 2 {
			ctx.warnf("%s: doc %q: a %s equivalence whose entities are not written; left out", w.r.opt.Format, c.it.Doc.ID, g.label)
			continue
		}
		fmt.Fprintf(b, "*\t%s %s\n", g.label, strings.Join(ts, " "))
	}
}

func (w *bratWriter) finish() error {
	labels := make([]string, 0, len(w.labels))
	for l := range w.labels {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	b := bufio.NewWriter(&countWriter{w: w.conf, n: w.d.bytes})
	b.WriteString("# Written by folio export: the entity labels of this collection.\n[entities]\n")
	for _, l := range labels {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString("\n[relations]\n")
	rels := make([]string, 0, len(w.relLabels))
	for l := range w.relLabels {
		rels = append(rels, l)
	}
	slices.Sort(rels)
	for _, l := range rels {
		b.WriteString(l + "\tArg1:<ENTITY>, Arg2:<ENTITY>\n")
	}
	b.WriteString("\n[events]\n\n[attributes]\n")
	err := b.Flush()
	if cerr := w.conf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", w.d.display(bratConf), err)
	}
	return nil
}

// bratBreak reports whether r cannot stand in the text of a .ann line:
// line breaks of every kind (Python's str.splitlines) and tabs.
func bratBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\t', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// bratFragments splits sp of the corrected text at line breaks and tabs
// into the fragments of a discontinuous brat annotation.
func bratFragments(c *corrected, sp annot.Span) []annot.Span {
	var frags []annot.Span
	start, p := sp.Start, sp.Start
	for _, r := range c.textOf(sp) {
		if bratBreak(r) {
			if p > start {
				frags = append(frags, annot.Span{Start: start, End: p})
			}
			start = p + 1
		}
		p++
	}
	if p > start {
		frags = append(frags, annot.Span{Start: start, End: p})
	}
	return frags
}

// fragments returns the fragments of entity e in the corrected text: the
// ones it came with from brat (corpus.FragmentsAttr), or its whole span,
// each split at line breaks and tabs (bratFragments). Fragments that no
// longer fit the entity (it was moved or resized since) are warned about,
// and its whole span is written.
func (w *bratWriter) fragments(ctx *docCtx, c *corrected, e entity) []annot.Span {
	v, ok := e.ann.Attrs[corpus.FragmentsAttr]
	if !ok {
		return bratFragments(c, e.Span)
	}
	rel, ok := corpus.ParseFragments(v, e.ann.End-e.ann.Start)
	if !ok {
		ctx.warnf("%s: doc %q: %s entity at %s: its fragments %q do not fit it; written whole",
			w.r.opt.Format, c.it.Doc.ID, e.ann.Label, e.ann.Span(), v)
		return bratFragments(c, e.Span)
	}
	var out []annot.Span
	for _, f := range rel {
		sp := c.cmap.SpanToCorrected(annot.Span{Start: e.ann.Start + f.Start, End: e.ann.Start + f.End})
		if sp.End > sp.Start {
			out = append(out, bratFragments(c, sp)...)
		}
	}
	return out
}

// bratType makes a label a valid brat type name.
func bratType(label string) string {
	if label == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, label)
}

// isBratDBRef reports whether an external id is a brat reference into a
// database, "DB:ID" ("Wikipedia:64488"), to be written as it is.
func isBratDBRef(x string) bool {
	db, id, ok := strings.Cut(x, ":")
	return ok && db != "" && id != "" && db != "folio" && !strings.ContainsFunc(x, isSep) &&
		!strings.ContainsFunc(db, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' })
}

// bratRef percent-encodes what would break a normalization's
// DB:ID field: "%", whitespace and control characters.
func bratRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '%' || isSep(r) || (r == utf8.RuneError && size == 1) {
			for k := i; k < i+size; k++ {
				escapeByte(&b, s[k])
			}
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// oneLine replaces line breaks and tabs with spaces.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, bratBreak) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bratBreak(r) {
			return ' '
		}
		return r
	}, s)
}
