package corpus

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"folio/annot"
	"folio/internal/english"
)

// bratEntity is a text-bound annotation of a brat .ann file:
// "T1\tLABEL start end\ttext".
type bratEntity struct {
	id, label, text string
	start, end      int
	frags           []annot.Span // of a discontinuous one, in input offsets
	where           string
}

// bratRef is a note or a normalization that points at an entity:
// "#1\tAnnotatorNotes T1\tnote" or "N1\tReference T1 folio:ID\tKöln".
type bratRef struct {
	target, text, where string
	typ                 string // a note's type: AnnotatorNotes, Lemma, …
}

// readBrat adds the annotations of a brat .ann file to set: entities (T),
// their canonical names (N, the text after the last tab) and notes on them
// (#), attributes (A, M), relations (R, an event at an end included),
// events (E) and equivalences (*) (see EventAttr), and the attributes and
// notes on relations and events (see NoteAttr). Offsets are code points
// of the .txt as given. A discontinuous span is one entity (see
// FragmentsAttr). Two T lines of one label on one span are two entities
// (annot.Set.PutApart). What cannot be held (a line that does not parse,
// a span outside the text, something hung on what is not there) is
// reported, and named when it is dropped.
func readBrat(set *annSet, raw []byte, shown string) {
	report := set.report
	set.apart = true // T135 and T136 on one span are two entities
	n := Normalize(raw)
	for _, w := range n.Warnings {
		report(Problem{Where: shown, Msg: w})
	}
	var ents []bratEntity
	var notes []bratRef
	var rels []bratRelation
	canon := map[string]string{}
	extRef := map[string]string{}
	attrs := map[string]map[string]string{}
	other := map[string]int{}
	var events []bratEvent
	var equivs []bratEquiv
	hung := map[string][]bratHung{} // on an event or a relation, by its id
	for i, line := range strings.Split(n.Text, "\n") {
		where := fmt.Sprintf("%s:%d", shown, i+1)
		if strings.TrimSpace(line) == "" {
			continue
		}
		bad := func(why string) {
			report(Problem{Where: where, Msg: why + ": " + strconv.Quote(clip(line, 60)), Skipped: true, Part: true})
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) < 2 {
			bad("not a brat annotation")
			continue
		}
		args := strings.Fields(fields[1])
		switch line[0] {
		case 'T':
			if len(args) < 3 || len(fields) != 3 {
				bad("not a brat entity (T1<tab>LABEL start end<tab>text)")
				continue
			}
			frags, why := bratOffsets(strings.TrimSpace(strings.TrimPrefix(fields[1], args[0])))
			if why != "" {
				bad(why)
				continue
			}
			t := bratEntity{id: fields[0], label: args[0], start: frags[0].Start, end: frags[len(frags)-1].End, text: fields[2], where: where}
			if len(frags) > 1 {
				t.frags = frags
			}
			ents = append(ents, t)
		case '#':
			if len(args) != 2 || len(fields) != 3 {
				bad("not a brat note (#1<tab>AnnotatorNotes T1<tab>text)")
				continue
			}
			if strings.HasPrefix(args[1], "E") || strings.HasPrefix(args[1], "R") {
				hung[args[1]] = append(hung[args[1]], bratHung{name: NoteAttr + args[0], value: fields[2], where: where, note: true})
				continue
			}
			notes = append(notes, bratRef{target: args[1], text: fields[2], typ: args[0], where: where})
		case 'N':
			if len(args) < 2 || len(fields) != 3 {
				bad("not a brat normalization (N1<tab>Reference T1 db:ID<tab>name)")
				continue
			}
			// the canonical name is the text after the last tab; a folio:REF
			// other than the name is the entity's external id, and a
			// reference into another database ("Wikipedia:64488") is kept
			// as it is
			canon[args[1]] = strings.TrimSpace(fields[2][strings.LastIndexByte(fields[2], '\t')+1:])
			if len(args) > 2 && strings.HasPrefix(args[2], "folio:") {
				if ref, err := url.PathUnescape(strings.TrimPrefix(args[2], "folio:")); err == nil && ref != canon[args[1]] {
					extRef[args[1]] = ref
				}
			} else if len(args) > 2 {
				extRef[args[1]] = args[2]
			}
		case 'R':
			r, ok := parseBratRelation(fields[0], args, where)
			if !ok {
				bad("not a brat relation (R1<tab>LABEL Arg1:T1 Arg2:T2)")
				continue
			}
			rels = append(rels, r)
		case 'A', 'M':
			// "A1\tNegated T1" (binary: the value "") or "A2\tMention T4 Name"
			parts := strings.SplitN(fields[1], " ", 3)
			if len(parts) < 2 || parts[0] == "" {
				bad("not a brat attribute (A1<tab>NAME T1 [VALUE])")
				continue
			}
			if strings.HasPrefix(parts[1], "E") || strings.HasPrefix(parts[1], "R") {
				hung[parts[1]] = append(hung[parts[1]], bratHung{name: parts[0], value: strings.Join(parts[2:], ""), where: where})
				continue
			}
			if !strings.HasPrefix(parts[1], "T") {
				report(Problem{Where: where, Msg: "attribute on " + parts[1] + ", which is no entity, event or relation; not imported",
					Skipped: true, Part: true, Dropped: "attribute"})
				continue
			}
			if attrs[parts[1]] == nil {
				attrs[parts[1]] = map[string]string{}
			}
			if len(parts) == 3 {
				attrs[parts[1]][parts[0]] = parts[2]
			} else {
				attrs[parts[1]][parts[0]] = ""
			}
		case 'E':
			e, ok := parseBratEvent(fields[0], args, where)
			if !ok {
				bad("not a brat event (E1<tab>TYPE:T1 ROLE:T2 …)")
				continue
			}
			events = append(events, e)
		case '*':
			if len(args) < 3 {
				bad("not a brat equivalence (*<tab>LABEL T1 T2 …)")
				continue
			}
			equivs = append(equivs, bratEquiv{label: args[0], members: args[1:], where: where})
		default:
			bad("not a brat annotation")
		}
	}
	// an event's trigger carries the event's id (EventAttr), so that two
	// triggers on one span, of two events, stay two entities, and the
	// attributes and notes on the event (annot.EventKey)
	isEvent := map[string]bool{}
	for _, e := range events {
		if attrs[e.trigger] == nil {
			attrs[e.trigger] = map[string]string{}
		}
		attrs[e.trigger][EventAttr] = strings.TrimSpace(attrs[e.trigger][EventAttr] + " " + e.id)
		if !isEvent[e.id] {
			isEvent[e.id] = true
			hangOn(report, attrs[e.trigger], hung[e.id], func(name string) string { return annot.EventKey(e.id, name) })
		}
	}
	isRel := map[string]bool{}
	for _, r := range rels {
		isRel[r.id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(hung)) {
		if !isEvent[id] && !isRel[id] {
			dropHung(report, hung[id], id+", which is no event or relation of the file")
		}
	}
	added := map[string]bratEntity{}
	for _, t := range ents {
		a := annot.Annotation{ID: t.id, Kind: annot.KindEntity, Start: t.start, End: t.end, Label: t.label,
			Canonical: canon[t.id], Attrs: attrs[t.id]}
		given := t.text
		if t.frags != nil {
			// fragments parted only by white space (a line break, as
			// folio's export splits them) are one entity over the whole;
			// others are one entity over the whole that keeps its
			// fragments (FragmentsAttr)
			rel, why := set.fragments(t.frags)
			if why != "" {
				report(Problem{Where: t.where, Msg: "discontinuous span: " + why + ", not imported", Skipped: true, Part: true})
				continue
			}
			if rel != "" {
				a.Attrs = maps.Clone(a.Attrs)
				if a.Attrs == nil {
					a.Attrs = map[string]string{}
				}
				a.Attrs[FragmentsAttr] = rel
			}
			given = ""
		}
		if set.add(t.where, a, given) {
			added[t.id] = t
			if ref := extRef[t.id]; ref != "" && a.Canonical != "" {
				set.ext = append(set.ext, External{Label: a.Label, Canonical: a.Canonical, ID: ref})
			}
		}
	}
	trigger := map[string]string{} // event id → its trigger's id
	for _, e := range events {
		trigger[e.id] = e.trigger
	}
	for _, r := range rels {
		// an event at an end is its trigger, and the relation says so
		// (RelEventsAttr)
		ends, evs, ok := []string{r.from, r.to}, []string{"-", "-"}, true
		for i, id := range ends {
			if strings.HasPrefix(id, "E") {
				if trigger[id] == "" {
					ok = false
					break
				}
				ends[i], evs[i] = trigger[id], id
			} else if !strings.HasPrefix(id, "T") {
				ok = false
			}
		}
		if !ok {
			report(Problem{Where: r.where, Msg: "relation with an end that is no entity or event of the file, not imported", Skipped: true, Part: true,
				Dropped: "relation to an unknown annotation"})
			dropHung(report, hung[r.id], r.id+", a relation not imported")
			continue
		}
		var ra map[string]string
		if len(hung[r.id]) > 0 || r.roles != "" || evs[0] != "-" || evs[1] != "-" {
			ra = map[string]string{}
			hangOn(report, ra, hung[r.id], func(name string) string { return name })
		}
		if r.roles != "" {
			ra[RolesAttr] = r.roles
		}
		if evs[0] != "-" || evs[1] != "-" {
			ra[RelEventsAttr] = evs[0] + " " + evs[1]
		}
		if !set.add(r.where, annot.Annotation{Kind: annot.KindRelation, Label: r.label, From: ends[0], To: ends[1], Attrs: ra}, "") {
			dropHung(report, hung[r.id], r.id+", a relation not imported")
		}
	}
	addEvents(set, events, added, hung)
	for i, q := range equivs {
		// one equivalence: a chain of relations of its label, from each
		// member to the next, grouped by Value
		group := "*" + strconv.Itoa(i+1)
		for k := 0; k+1 < len(q.members); k++ {
			set.add(q.where, annot.Annotation{Kind: annot.KindRelation, Label: q.label, From: q.members[k], To: q.members[k+1],
				Class: ClassEquiv, Value: group}, "")
		}
	}
	for _, nt := range notes {
		t, ok := added[nt.target]
		if !ok {
			p := Problem{Where: nt.where, Msg: fmt.Sprintf("note on %s, which is not an imported entity", nt.target), Skipped: true, Part: true}
			if k := nt.target[:min(1, len(nt.target))]; k != "T" && k != "" && strings.Contains("REAM*", k) {
				// on an event, relation or attribute, which are dropped and counted
				p.Dropped = bratKind(k[0]) + " note"
			}
			report(p)
			continue
		}
		typ := nt.typ
		if typ == "AnnotatorNotes" {
			typ = "" // brat's default note type is folio's note
		}
		set.add(nt.where, annot.Annotation{Kind: annot.KindNote, Start: t.start, End: t.end, Value: nt.text, Class: typ}, "")
	}
	kinds := make([]string, 0, len(other))
	for k := range other {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		report(Problem{Where: shown, Msg: english.Count(other[k], k, k+"s") + " not imported",
			Skipped: true, Part: true, Dropped: k, N: other[k]})
	}
}

// The names under which folio holds brat's structure: see
// annot.EventAttr.
const (
	BratAttr      = annot.BratAttr
	EventAttr     = annot.EventAttr
	FragmentsAttr = annot.FragmentsAttr
	RolesAttr     = annot.RolesAttr
	RelEventsAttr = annot.RelEventsAttr
	ClassEvent    = annot.ClassEvent
	ClassEquiv    = annot.ClassEquiv
	NoteAttr      = annot.NoteAttr
)

// RecordAttr reports whether an attribute named name is folio's record of
// another tool's structure or identities (BratAttr, LSAttr, WebAnnoAttr),
// not an attribute a user gave: exports write it as the structure it
// records, or leave it out without counting it.
func RecordAttr(name string) bool {
	return strings.HasPrefix(name, BratAttr) || annot.IsSourceAttr(name)
}

// ParseFragments parses the value of FragmentsAttr for an entity of n
// code points: fragments in order and apart, within [0, n). ok is false
// when it does not fit.
func ParseFragments(v string, n int) (frags []annot.Span, ok bool) {
	frags, why := bratOffsets(v)
	if why != "" || len(frags) == 0 || frags[0].Start != 0 || frags[len(frags)-1].End != n {
		return nil, false
	}
	return frags, true
}

// bratHung is an attribute ("A1\tNAME E1 VALUE") or a note ("#1\tTYPE
// R1\ttext", name NoteAttr+TYPE) on an event or a relation.
type bratHung struct {
	name, value, where string
	note               bool
}

// hangOn puts the attributes and notes hung on one event or relation
// into attrs, each under key(name). A second note of one type, or a
// second value of one attribute, cannot be held: it is reported.
func hangOn(report func(Problem), attrs map[string]string, hs []bratHung, key func(string) string) {
	for _, h := range hs {
		k := key(h.name)
		if _, dup := attrs[k]; dup {
			what := "attribute " + h.name
			if h.note {
				what = strings.TrimPrefix(h.name, NoteAttr) + " note"
			}
			report(Problem{Where: h.where, Msg: "a second " + what + " on one event or relation, not imported", Skipped: true, Part: true,
				Dropped: hungKind(h) + " (a second of one name)"})
			continue
		}
		attrs[k] = h.value
	}
}

// dropHung reports the attributes and notes hung on what was not
// imported (named by why).
func dropHung(report func(Problem), hs []bratHung, why string) {
	for _, h := range hs {
		what := "attribute"
		if h.note {
			what = "note"
		}
		report(Problem{Where: h.where, Msg: what + " on " + why + ", not imported", Skipped: true, Part: true, Dropped: hungKind(h)})
	}
}

func hungKind(h bratHung) string {
	if h.note {
		return "event or relation note"
	}
	return "event or relation attribute"
}

// bratEvent is "E1\tTYPE:T3 ROLE:ID …".
type bratEvent struct {
	id, typ, trigger, where string
	args                    [][2]string // role, id (T or E)
}

func parseBratEvent(id string, args []string, where string) (bratEvent, bool) {
	if len(args) < 1 {
		return bratEvent{}, false
	}
	typ, trig, ok := strings.Cut(args[0], ":")
	if !ok || typ == "" || !strings.HasPrefix(trig, "T") {
		return bratEvent{}, false
	}
	e := bratEvent{id: id, typ: typ, trigger: trig, where: where}
	for _, a := range args[1:] {
		role, arg, ok := strings.Cut(a, ":")
		if !ok || role == "" || arg == "" {
			return bratEvent{}, false
		}
		e.args = append(e.args, [2]string{role, arg})
	}
	return e, true
}

// bratEquiv is "*\tLABEL T1 T2 …".
type bratEquiv struct {
	label, where string
	members      []string
}

// addEvents adds the events' arguments as relations from their triggers
// (see EventAttr). An event whose trigger was not imported, or an
// argument that is neither an imported entity nor an event, is reported.
func addEvents(set *annSet, events []bratEvent, added map[string]bratEntity, hung map[string][]bratHung) {
	trigger := map[string]string{}
	for _, e := range events {
		trigger[e.id] = e.trigger
	}
	for _, e := range events {
		if _, ok := added[e.trigger]; !ok {
			set.report(Problem{Where: e.where, Msg: fmt.Sprintf("event %s: its trigger %s is not an imported entity; not imported", e.id, e.trigger),
				Skipped: true, Part: true, Dropped: "event"})
			dropHung(set.report, hung[e.id], e.id+", an event not imported")
			continue
		}
		for _, a := range e.args {
			to, value := a[1], e.id
			if strings.HasPrefix(a[1], "E") {
				t, ok := trigger[a[1]]
				if !ok {
					set.report(Problem{Where: e.where, Msg: fmt.Sprintf("event %s: its %s argument %s is no event of the file; not imported", e.id, a[0], a[1]),
						Skipped: true, Part: true, Dropped: "event argument"})
					continue
				}
				to, value = t, e.id+" "+a[1]
			}
			set.add(e.where, annot.Annotation{Kind: annot.KindRelation, Label: a[0], From: e.trigger, To: to, Class: ClassEvent, Value: value}, "")
		}
	}
}

// bratRelation is "R1\tLABEL Arg1:T1 Arg2:T2": the first argument is
// where the relation goes from, the second where it goes to. roles are
// the arguments' names when they are not Arg1 and Arg2 ("source target",
// as DKPro writes them; see RolesAttr).
type bratRelation struct {
	id, label, from, to, where, roles string
}

func parseBratRelation(id string, args []string, where string) (bratRelation, bool) {
	if len(args) != 3 {
		return bratRelation{}, false
	}
	r1, from, ok1 := strings.Cut(args[1], ":")
	r2, to, ok2 := strings.Cut(args[2], ":")
	r := bratRelation{id: id, label: args[0], from: from, to: to, where: where}
	if r1 != "Arg1" || r2 != "Arg2" {
		r.roles = r1 + " " + r2
	}
	return r, ok1 && ok2 && from != "" && to != "" && r1 != "" && r2 != ""
}

func bratKind(c byte) string {
	switch c {
	case 'R':
		return "relation"
	case 'E':
		return "event"
	case '*':
		return "equivalence"
	}
	return "attribute"
}

// bratOffsets parses "start end" or the fragments of a discontinuous
// span, "start end;start end", in order and apart. It returns why it
// cannot, or "".
func bratOffsets(s string) ([]annot.Span, string) {
	var out []annot.Span
	for _, part := range strings.Split(s, ";") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, "offsets are not pairs of numbers"
		}
		st, err1 := strconv.Atoi(f[0])
		en, err2 := strconv.Atoi(f[1])
		switch {
		case err1 != nil || err2 != nil:
			return nil, "offsets are not numbers"
		case en < st || len(out) > 0 && st < out[len(out)-1].End:
			return nil, "fragments out of order or overlapping"
		}
		out = append(out, annot.Span{Start: st, End: en})
	}
	return out, ""
}
