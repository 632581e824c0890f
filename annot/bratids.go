package annot

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// RenameBratIDs returns in, the annotations an import brings to a
// document, with the ids that only number brat's events and equivalences
// (see EventAttr) renamed to those of the same events and equivalences
// among have, the annotations the document holds. An event or
// equivalence have does not hold keeps its id, or gets one that none of
// have's has. The entities and relations of in name each other by in's
// own ids, those of have by have's. in is not changed.
//
// An event is the same as one of have when its trigger is the same
// entity (its events aside), its attributes and notes are the same, and
// its arguments are, role by role: the same entities, or the same events.
// An equivalence is the same when its label and its members are. So an
// import compares what brat's annotations say, not how a file numbered
// them: folio's brat export, which numbers the events anew, read back
// into the store it came from adds nothing.
func RenameBratIDs(in, have []Annotation) []Annotation {
	g := newBratGraph(in)
	if len(g.evs) == 0 && len(g.groups) == 0 {
		return in
	}
	h := newBratGraph(have)
	if len(h.evs) == 0 && len(h.groups) == 0 {
		return in // nothing to be the same as, nor to collide with
	}
	refineBrat(g, h)
	evs := pairBrat(g.evs, g.evC, h.evs, h.evC, "E")
	groups := pairBrat(g.groups, g.groupC, h.groups, h.groupC, "*")
	out := slices.Clone(in)
	for i := range out {
		a := &out[i]
		switch {
		case a.Kind == KindEntity && len(a.Attrs) > 0:
			a.Attrs = renameTrigger(a.Attrs, evs, h)
		case a.Kind == KindRelation && a.Class == ClassEvent:
			a.Value = renameFields(a.Value, evs)
		case a.Kind == KindRelation && a.Class == ClassEquiv:
			if v, ok := groups[a.Value]; ok {
				a.Value = v
			}
		}
		if v, ok := a.Attrs[RelEventsAttr]; ok && a.Kind == KindRelation {
			a.Attrs = maps.Clone(a.Attrs)
			a.Attrs[RelEventsAttr] = renameFields(v, evs)
		}
	}
	return out
}

// bratGraph is the events and equivalences of one document's
// annotations, with the entities they link.
type bratGraph struct {
	ents    []Annotation
	ent     map[string]int // entity id → index in ents
	events  [][]int        // entity → the events it triggers
	evs     []string       // event ids, in the order of their triggers
	ev      map[string]int // event id → index in evs
	trigger []int          // event → its trigger
	hung    []string       // event → its attributes and notes, encoded
	args    [][]bratArg    // event → its arguments
	groups  []string       // equivalences (their Values), in order
	glabel  []string       // equivalence → its label
	members [][]int        // equivalence → its entities
	// the classes refineBrat gives the entities, events and equivalences
	entC, evC, groupC []int
}

// bratArg is an event's argument: an entity (ev -1) or an event (ev,
// whose trigger is ent).
type bratArg struct {
	role    string
	ent, ev int
}

func newBratGraph(anns []Annotation) *bratGraph {
	g := &bratGraph{ent: map[string]int{}, ev: map[string]int{}}
	for _, a := range anns {
		if a.Kind != KindEntity {
			continue
		}
		// an entity without an id is one no relation names (an input's
		// trigger of an event without arguments)
		if _, dup := g.ent[a.ID]; a.ID != "" && dup {
			continue
		} else if a.ID != "" {
			g.ent[a.ID] = len(g.ents)
		}
		g.ents = append(g.ents, a)
	}
	g.events = make([][]int, len(g.ents))
	for i, a := range g.ents {
		for _, id := range strings.Fields(a.Attrs[EventAttr]) {
			if _, dup := g.ev[id]; !dup {
				g.ev[id] = len(g.evs)
				g.evs = append(g.evs, id)
				g.trigger = append(g.trigger, i)
				g.events[i] = append(g.events[i], g.ev[id])
			}
		}
	}
	g.hung = make([]string, len(g.evs))
	g.args = make([][]bratArg, len(g.evs))
	for i, a := range g.ents {
		for _, k := range slices.Sorted(maps.Keys(a.Attrs)) {
			if id, name, ok := ParseEventKey(k); ok {
				if e, ok := g.ev[id]; ok && g.trigger[e] == i {
					g.hung[e] += strconv.Quote(name) + "=" + strconv.Quote(a.Attrs[k]) + ";"
				}
			}
		}
	}
	group := map[string]int{}
	for _, a := range anns {
		if a.Kind != KindRelation {
			continue
		}
		switch a.Class {
		case ClassEvent:
			f := strings.Fields(a.Value)
			to, ok := g.ent[a.To]
			if len(f) == 0 || !ok {
				continue
			}
			e, ok := g.ev[f[0]]
			if !ok {
				continue
			}
			arg := bratArg{role: a.Label, ent: to, ev: -1}
			if len(f) > 1 {
				arg.ev = -2 // an event the document does not hold
				if x, ok := g.ev[f[1]]; ok {
					arg.ev = x
				}
			}
			g.args[e] = append(g.args[e], arg)
		case ClassEquiv:
			q, ok := group[a.Value]
			if !ok {
				q = len(g.groups)
				group[a.Value] = q
				g.groups = append(g.groups, a.Value)
				g.glabel = append(g.glabel, a.Label)
				g.members = append(g.members, nil)
			}
			for _, id := range []string{a.From, a.To} {
				if x, ok := g.ent[id]; ok && !slices.Contains(g.members[q], x) {
					g.members[q] = append(g.members[q], x)
				}
			}
		}
	}
	return g
}

// refineBrat gives the entities, events and equivalences of the graphs
// classes that are equal when they say the same (see RenameBratIDs): an
// entity's class starts from all it says but its events, an event's from
// its attributes and notes, and each round adds, to an event's, its
// trigger's and its arguments' classes and, to an entity's, those of the
// events it triggers, until no class splits any more.
func refineBrat(gs ...*bratGraph) {
	names := map[string]int{}
	name := func(s string) int {
		n, ok := names[s]
		if !ok {
			n = len(names)
			names[s] = n
		}
		return n
	}
	for _, g := range gs {
		g.entC = make([]int, len(g.ents))
		for i, a := range g.ents {
			a.Attrs = maps.Clone(a.Attrs)
			maps.DeleteFunc(a.Attrs, func(k, _ string) bool {
				_, _, ok := ParseEventKey(k)
				return ok || k == EventAttr
			})
			g.entC[i] = name(fmt.Sprintf("t%#v %d", keyOf(a), a.Copy))
		}
		g.evC = make([]int, len(g.evs))
		for e := range g.evs {
			g.evC[e] = name("v" + g.hung[e])
		}
	}
	for classes := -1; ; {
		seen := map[int]bool{}
		for _, g := range gs {
			for _, c := range g.entC {
				seen[c] = true
			}
			for _, c := range g.evC {
				seen[c] = true
			}
		}
		if len(seen) == classes {
			break
		}
		classes = len(seen)
		for _, g := range gs {
			evC := make([]int, len(g.evs))
			for e := range g.evs {
				args := make([]string, 0, len(g.args[e]))
				for _, a := range g.args[e] {
					ev := a.ev
					if ev >= 0 {
						ev = g.evC[ev]
					}
					args = append(args, fmt.Sprintf("%q %d %d", a.role, g.entC[a.ent], ev))
				}
				slices.Sort(args)
				evC[e] = name(fmt.Sprintf("v%d %d %q", g.evC[e], g.entC[g.trigger[e]], args))
			}
			entC := make([]int, len(g.ents))
			for i, evs := range g.events {
				cs := make([]int, 0, len(evs))
				for _, e := range evs {
					cs = append(cs, g.evC[e])
				}
				slices.Sort(cs)
				entC[i] = name(fmt.Sprintf("t%d %v", g.entC[i], cs))
			}
			g.evC, g.entC = evC, entC
		}
	}
	for _, g := range gs {
		g.groupC = make([]int, len(g.groups))
		for q := range g.groups {
			cs := make([]int, 0, len(g.members[q]))
			for _, x := range g.members[q] {
				cs = append(cs, g.entC[x])
			}
			slices.Sort(cs)
			g.groupC[q] = name(fmt.Sprintf("q%q %v", g.glabel[q], cs))
		}
	}
}

// pairBrat names each of ids (of classes cs) after one of have's (of
// classes hcs) of its class, in order, and each of the rest after itself
// or, if one of have's or one already named has that name, prefix and a
// number above every number of theirs.
func pairBrat(ids []string, cs []int, have []string, hcs []int, prefix string) map[string]string {
	free := map[int][]string{}
	used := map[string]bool{}
	for i, id := range have {
		free[hcs[i]] = append(free[hcs[i]], id)
		used[id] = true
	}
	ren := map[string]string{}
	for i, id := range ids {
		if q := free[cs[i]]; len(q) > 0 {
			ren[id], free[cs[i]] = q[0], q[1:]
		}
	}
	top := 0
	for id := range used {
		if n, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && strings.HasPrefix(id, prefix) {
			top = max(top, n)
		}
	}
	for _, id := range ids {
		if _, ok := ren[id]; ok {
			continue
		}
		if used[id] {
			top++
			ren[id] = prefix + strconv.Itoa(top)
		} else {
			ren[id] = id
		}
		used[ren[id]] = true
		if n, err := strconv.Atoi(strings.TrimPrefix(id, prefix)); err == nil && strings.HasPrefix(id, prefix) {
			top = max(top, n)
		}
	}
	return ren
}

// renameTrigger returns attrs, an entity's attributes, with the events
// they name renamed by ren. A trigger whose events are, renamed, those of
// one trigger of have lists them in that trigger's order.
func renameTrigger(attrs map[string]string, ren map[string]string, h *bratGraph) map[string]string {
	touched := false
	for k := range attrs {
		if _, _, ok := ParseEventKey(k); ok || k == EventAttr {
			touched = true
			break
		}
	}
	if !touched {
		return attrs
	}
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		if id, name, ok := ParseEventKey(k); ok {
			out[EventKey(renameFields(id, ren), name)] = v
		} else {
			out[k] = v
		}
	}
	if v, ok := attrs[EventAttr]; ok {
		evs := strings.Fields(renameFields(v, ren))
		out[EventAttr] = strings.Join(evs, " ")
		if e, ok := h.ev[strings.Join(evs[:min(1, len(evs))], "")]; ok {
			theirs := h.ents[h.trigger[e]].Attrs[EventAttr]
			if f := strings.Fields(theirs); len(f) == len(evs) && !slices.ContainsFunc(evs, func(id string) bool { return !slices.Contains(f, id) }) {
				out[EventAttr] = theirs
			}
		}
	}
	return out
}

// renameFields renames each of the space-separated ids of v by ren.
func renameFields(v string, ren map[string]string) string {
	f := strings.Fields(v)
	for i, id := range f {
		if r, ok := ren[id]; ok {
			f[i] = r
		}
	}
	return strings.Join(f, " ")
}
