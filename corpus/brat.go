package corpus

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"folio/annot"
)

// bratEntity is a text-bound annotation of a brat .ann file:
// "T1\tLABEL start end\ttext".
type bratEntity struct {
	id, label, text string
	start, end      int
	where           string
}

// bratRef is a note or a normalization that points at an entity:
// "#1\tAnnotatorNotes T1\tnote" or "N1\tReference T1 folio:ID\tKöln".
type bratRef struct {
	target, text, where string
}

// readBrat adds the annotations of a brat .ann file to set: entities (T),
// their canonical names (N, the text after the last tab) and notes on them
// (#). Offsets are code points of the .txt as given. Relations, events and
// attributes are reported and skipped, as are discontinuous spans.
func readBrat(set *annSet, raw []byte, shown string) {
	report := set.report
	n := Normalize(raw)
	for _, w := range n.Warnings {
		report(Problem{Where: shown, Msg: w})
	}
	var ents []bratEntity
	var notes []bratRef
	canon := map[string]string{}
	extRef := map[string]string{}
	other := map[string]int{}
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
			if strings.Contains(fields[1], ";") {
				bad("discontinuous span, not imported")
				continue
			}
			if len(args) != 3 || len(fields) != 3 {
				bad("not a brat entity (T1<tab>LABEL start end<tab>text)")
				continue
			}
			s, err1 := strconv.Atoi(args[1])
			e, err2 := strconv.Atoi(args[2])
			if err1 != nil || err2 != nil {
				bad("offsets are not numbers")
				continue
			}
			ents = append(ents, bratEntity{id: fields[0], label: args[0], start: s, end: e, text: fields[2], where: where})
		case '#':
			if len(args) != 2 || len(fields) != 3 {
				bad("not a brat note (#1<tab>AnnotatorNotes T1<tab>text)")
				continue
			}
			notes = append(notes, bratRef{target: args[1], text: fields[2], where: where})
		case 'N':
			if len(args) < 2 || len(fields) != 3 {
				bad("not a brat normalization (N1<tab>Reference T1 db:ID<tab>name)")
				continue
			}
			// the canonical name is the text after the last tab; a folio:REF
			// other than the name is the entity's external id
			canon[args[1]] = strings.TrimSpace(fields[2][strings.LastIndexByte(fields[2], '\t')+1:])
			if len(args) > 2 && strings.HasPrefix(args[2], "folio:") {
				if ref, err := url.PathUnescape(strings.TrimPrefix(args[2], "folio:")); err == nil && ref != canon[args[1]] {
					extRef[args[1]] = ref
				}
			}
		case 'R', 'E', 'A', 'M', '*':
			other[bratKind(line[0])]++
		default:
			bad("not a brat annotation")
		}
	}
	added := map[string]bratEntity{}
	for _, t := range ents {
		a := annot.Annotation{Kind: annot.KindEntity, Start: t.start, End: t.end, Label: t.label, Canonical: canon[t.id]}
		if set.add(t.where, a, t.text) {
			added[t.id] = t
			if ref := extRef[t.id]; ref != "" && a.Canonical != "" {
				set.ext = append(set.ext, External{Label: a.Label, Canonical: a.Canonical, ID: ref})
			}
		}
	}
	for _, nt := range notes {
		t, ok := added[nt.target]
		if !ok {
			report(Problem{Where: nt.where, Msg: fmt.Sprintf("note on %s, which is not an imported entity", nt.target), Skipped: true, Part: true})
			continue
		}
		set.add(nt.where, annot.Annotation{Kind: annot.KindNote, Start: t.start, End: t.end, Value: nt.text}, "")
	}
	kinds := make([]string, 0, len(other))
	for k := range other {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		report(Problem{Where: shown, Msg: fmt.Sprintf("%d %s not imported", other[k], plural(other[k], k, k+"s")), Skipped: true, Part: true})
	}
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
