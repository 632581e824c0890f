package annot

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Set is the annotations of one document, indexed so that the rules are
// applied in O(log n) per change: Put and Delete are the one way folio
// changes annotations under the rules (the store's editor, the importer and
// the reader of input files all use them). A Set is not safe for
// concurrent use.
type Set struct {
	n    int // length of the text in code points
	byID map[string]Annotation
	same map[sameKey][]string // what an annotation says (but its copy) → the ids that say it
	// the annotations the overlap rules apply to: corrections and marks
	// (cuts), and entities apart, since entities never clash with each
	// other and an entity is checked against the cuts alone
	cuts, ents itree
	links      map[string][]string // entity id → ids of the relations that link it
	newID      func() (string, error)
	seq        int
}

// sameKey is what Annotation.Same compares, but the copy.
type sameKey struct {
	kind                                     Kind
	start, end                               int
	label, canonical, value, class, from, to string
	attrs                                    string
}

func keyOf(a Annotation) sameKey {
	k := sameKey{a.Kind, a.Start, a.End, a.Label, a.Canonical, a.Value, a.Class, a.From, a.To, ""}
	if len(a.Attrs) > 0 {
		var b strings.Builder
		for _, name := range slices.Sorted(maps.Keys(a.Attrs)) {
			b.WriteString(strconv.Quote(name) + "=" + strconv.Quote(a.Attrs[name]) + ";")
		}
		k.attrs = b.String()
	}
	return k
}

// NewSet returns a set over a text of n code points holding anns as they
// are (they are not checked: Validate does that). newID gives the id of a
// new annotation put without one; nil numbers them "~1", "~2", … .
func NewSet(n int, newID func() (string, error)) *Set {
	s := &Set{n: n, byID: map[string]Annotation{}, same: map[sameKey][]string{}, links: map[string][]string{}, newID: newID}
	return s
}

// Load adds anns to s without checking them, as a store holds them.
func (s *Set) Load(anns []Annotation) {
	for _, a := range anns {
		s.insert(a)
	}
}

// Len is the number of annotations in s.
func (s *Set) Len() int { return len(s.byID) }

// Get returns the annotation with id.
func (s *Set) Get(id string) (Annotation, bool) {
	a, ok := s.byID[id]
	return a, ok
}

// All returns the annotations of s in display order (see Sorted).
func (s *Set) All() []Annotation {
	return Sorted(s.Unordered())
}

// Unordered returns the annotations of s in no particular order, for
// callers that only count them.
func (s *Set) Unordered() []Annotation {
	out := make([]Annotation, 0, len(s.byID))
	for _, a := range s.byID {
		out = append(out, a)
	}
	return out
}

// Diff is what one Put or Delete changed.
type Diff struct {
	// Put is the annotation as s now holds it, nil when nothing was added
	// or replaced.
	Put *Annotation
	// Replaced is the annotation Put replaced (it had Put's id).
	Replaced *Annotation
	// Deleted are the annotations removed: the one Delete named with the
	// relations of an entity, or the marks a correction resolved.
	Deleted []Annotation
	// Same is the annotation that already said what Put was asked to
	// add (then nothing changed).
	Same *Annotation
}

// Empty reports whether d changed nothing.
func (d Diff) Empty() bool { return d.Put == nil && d.Replaced == nil && len(d.Deleted) == 0 }

// Put adds a, or replaces the annotation with a's id, under the rules:
// Check on its own, then the overlap rules against the rest of the
// document (see clash: corrections, boilerplate cuts and marks never
// overlap each other; entities may nest and overlap; an entity covers a
// correction it meets entirely). A correction resolves the marks it
// overlaps: they are deleted. Tags and statuses get their fixed ids; any
// other new annotation gets one from the set's newID. Metadata has
// its fixed id too.
//
// A relation's entities must be in s. An entity that is replaced by one
// of another kind, or deleted, takes its relations along.
//
// An annotation that says the same as one s holds (Annotation.Same)
// changes nothing and returns a Diff that names it in Same. Copies of an
// entity (Annotation.Copy) count by rank: copy k is already there when s
// holds more than k entities that say what it says, whatever their
// numbers, so that a store that holds only copy 1 (copy 0 was deleted)
// takes its own export back unchanged (exports number copies by rank:
// NewRecord). A new copy gets the lowest copy number not held. A refusal is a *RuleError and leaves s
// as it was. The caller sets a.Text (the covered text).
func (s *Set) Put(a Annotation) (Diff, error) {
	if err := Check(a, s.n); err != nil {
		return Diff{}, err
	}
	switch a.Kind {
	case KindStatus:
		a.ID = StatusID
	case KindTag:
		a.ID = TagID(a.Label)
	case KindMeta:
		a.ID = MetaID
	case KindTokens:
		a.ID = TokensID
	}
	var d Diff
	if a.ID != "" {
		if old, ok := s.byID[a.ID]; ok {
			if old.Same(a) {
				return Diff{}, nil
			}
			d.Replaced = &old
		}
	}
	others := s.sameAs(a)
	if len(others) > a.Copy {
		h := s.byID[others[min(a.Copy, len(others)-1)]]
		for _, id := range others {
			if s.byID[id].Copy == a.Copy {
				h = s.byID[id]
			}
		}
		return Diff{Same: &h}, nil // another annotation says this already
	}
	if a.Copy > 0 || len(others) > 0 {
		a.Copy = 0 // the lowest copy number not held
		for slices.ContainsFunc(others, func(id string) bool { return s.byID[id].Copy == a.Copy }) {
			a.Copy++
		}
	}
	if err := s.ends(a); err != nil {
		return Diff{}, err
	}
	if d.Replaced != nil {
		s.remove(*d.Replaced)
	}
	var resolved []Annotation
	err := s.conflictExcept(a, func(h Annotation) bool {
		if a.Kind == KindCorrection && h.Kind == KindMark && ruled(a) {
			resolved = append(resolved, h)
			return true
		}
		return false
	})
	if err != nil {
		if d.Replaced != nil {
			s.insert(*d.Replaced)
		}
		return Diff{}, err
	}
	if a.ID == "" {
		id, err := s.nextID()
		if err != nil {
			return Diff{}, err
		}
		a.ID = id
	}
	for _, h := range resolved {
		s.remove(h)
	}
	s.insert(a)
	d.Put, d.Deleted = &a, resolved
	return d, nil
}

// PutApart puts entity a as Put does, but as an entity of its own even
// when s holds one that says the same (Annotation.Same): a then gets the
// lowest Copy not held. It is for inputs whose entities carry ids of
// their own: brat's T135 and T136, of one label on one span, are two
// entities, which relations and events name apart. Importing the same
// input again gives the same copies in the same order, which Put then
// finds Same, so an import stays idempotent; the same id twice in one
// input is one entity (the caller uses Put for it). Any other kind of
// annotation is put as Put does.
func (s *Set) PutApart(a Annotation) (Diff, error) {
	if a.Kind == KindEntity {
		a.Copy = len(s.sameAs(a)) // more than s holds: a copy of its own
	}
	return s.Put(a)
}

// sameAs returns the ids of the annotations of s other than a itself (by
// id) that say what a says, but for their copy.
func (s *Set) sameAs(a Annotation) []string {
	ids := s.same[keyOf(a)]
	if a.ID != "" && slices.Contains(ids, a.ID) {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == a.ID })
	}
	return ids
}

// Delete removes the annotation with id, and an entity's relations.
func (s *Set) Delete(id string) (Diff, error) {
	a, ok := s.byID[id]
	if !ok {
		return Diff{}, &RuleError{Msg: "there is no annotation " + strconv.Quote(id)}
	}
	d := Diff{Deleted: []Annotation{a}}
	for _, r := range slices.Clone(s.links[id]) {
		if rel, ok := s.byID[r]; ok {
			s.remove(rel)
			d.Deleted = append(d.Deleted, rel)
		}
	}
	s.remove(a)
	return d, nil
}

// ends checks that a relation's entities are in s.
func (s *Set) ends(a Annotation) error {
	if a.Kind != KindRelation {
		return nil
	}
	for _, id := range []string{a.From, a.To} {
		if e, ok := s.byID[id]; !ok || e.Kind != KindEntity {
			return refuse("the %s relation links %s, which is not an entity of the document", a.Label, quote(id))
		}
	}
	return nil
}

// Relations returns the relations that link the entity with id.
func (s *Set) Relations(id string) []Annotation {
	var out []Annotation
	for _, r := range s.links[id] {
		out = append(out, s.byID[r])
	}
	return out
}

// Conflict is the package's Conflict against the annotations of s, found
// by interval search.
func (s *Set) Conflict(a Annotation) error { return s.conflict(a) }

func (s *Set) conflict(a Annotation) error {
	return s.conflictExcept(a, func(Annotation) bool { return false })
}

// conflictExcept returns the first clash of a with an annotation of s other
// than a itself (same id) and those skip accepts.
func (s *Set) conflictExcept(a Annotation, skip func(Annotation) bool) error {
	if !ruled(a) {
		return nil
	}
	var err error
	check := func(k ispan) bool {
		h := s.byID[k.ID]
		if h.ID == a.ID && a.ID != "" || skip(h) {
			return true
		}
		err = clash(a, h)
		return err == nil
	}
	s.cuts.overlapping(a.Span(), check)
	if err == nil && a.Kind == KindCorrection { // marks and entities never clash
		s.ents.overlapping(a.Span(), check)
	}
	return err
}

// tree is the tree that holds a, which must be ruled.
func (s *Set) tree(a Annotation) *itree {
	if a.Kind == KindEntity {
		return &s.ents
	}
	return &s.cuts
}

func (s *Set) nextID() (string, error) {
	if s.newID != nil {
		id, err := s.newID()
		if err != nil {
			return "", fmt.Errorf("a new annotation id: %w", err)
		}
		if _, taken := s.byID[id]; !taken {
			return id, nil
		}
	}
	for {
		s.seq++
		id := "~" + strconv.Itoa(s.seq)
		if _, taken := s.byID[id]; !taken {
			return id, nil
		}
	}
}

func (s *Set) insert(a Annotation) {
	if a.ID == "" {
		a.ID, _ = s.nextID() // only Validate and Load of id-less input get here
	}
	if old, ok := s.byID[a.ID]; ok {
		s.remove(old)
	}
	s.byID[a.ID] = a
	k := keyOf(a)
	s.same[k] = append(s.same[k], a.ID)
	if ruled(a) {
		s.tree(a).insert(spanKey(a))
	}
	if a.Kind == KindRelation {
		s.links[a.From] = append(s.links[a.From], a.ID)
		s.links[a.To] = append(s.links[a.To], a.ID)
	}
}

func (s *Set) remove(a Annotation) {
	delete(s.byID, a.ID)
	k := keyOf(a)
	if ids := slices.DeleteFunc(s.same[k], func(id string) bool { return id == a.ID }); len(ids) > 0 {
		s.same[k] = ids
	} else {
		delete(s.same, k)
	}
	if ruled(a) {
		s.tree(a).remove(spanKey(a))
	}
	if a.Kind == KindRelation {
		for _, e := range []string{a.From, a.To} {
			s.links[e] = slices.DeleteFunc(s.links[e], func(r string) bool { return r == a.ID })
			if len(s.links[e]) == 0 {
				delete(s.links, e)
			}
		}
	}
}

// Overlapping returns the entities, corrections and marks (not stale) that
// share a code point with sp, ordered by start.
func (s *Set) Overlapping(sp Span) []Annotation {
	var out []Annotation
	add := func(k ispan) bool {
		out = append(out, s.byID[k.ID])
		return true
	}
	s.cuts.overlapping(sp, add)
	s.ents.overlapping(sp, add)
	slices.SortStableFunc(out, func(a, b Annotation) int { return ikey(spanKey(a), spanKey(b)) })
	return out
}
