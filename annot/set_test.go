package annot

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestClashSymmetric checks every pair of kinds both ways: the rule must
// not depend on which annotation came first.
func TestClashSymmetric(t *testing.T) {
	kinds := []Annotation{
		{Kind: KindEntity, Label: "PER"},
		{Kind: KindCorrection, Value: "x"},
		{Kind: KindCorrection, Class: ClassBoilerplate},
		{Kind: KindMark},
		{Kind: KindNote, Value: "n"},
		{Kind: KindRejected, Label: "ocr"},
	}
	spans := []Span{{0, 12}, {2, 5}, {0, 4}, {10, 14}, {12, 20}, {0, 12}}
	for i, x := range kinds {
		for j, y := range kinds {
			for _, sx := range spans {
				for _, sy := range spans {
					a, b := x, y
					a.ID, b.ID = "a", "b"
					a.Start, a.End, b.Start, b.End = sx.Start, sx.End, sy.Start, sy.End
					ab, ba := clash(a, b), clash(b, a)
					if (ab == nil) != (ba == nil) {
						t.Errorf("kinds %d,%d %s %s: clash(a,b)=%v but clash(b,a)=%v", i, j, sx, sy, ab, ba)
					}
				}
			}
		}
	}
}

func TestSetPut(t *testing.T) {
	ent := func(s, e int, l string) Annotation { return Annotation{Kind: KindEntity, Start: s, End: e, Label: l} }
	cor := func(s, e int) Annotation { return Annotation{Kind: KindCorrection, Start: s, End: e, Value: "x"} }
	cut := func(s, e int) Annotation {
		return Annotation{Kind: KindCorrection, Class: ClassBoilerplate, Start: s, End: e}
	}
	mark := func(s, e int) Annotation { return Annotation{Kind: KindMark, Start: s, End: e} }
	cases := []struct {
		name    string
		have    []Annotation
		put     Annotation
		refuse  string // "" accepted
		deleted int    // marks resolved
		empty   bool   // nothing changed
	}{
		{"mark then correction inside it (issue 14)", []Annotation{mark(0, 12)}, cor(2, 5), "", 1, false},
		{"correction then mark over it", []Annotation{cor(2, 5)}, mark(0, 12), "overlaps the correction", 0, false},
		{"mark then mark", []Annotation{mark(0, 12)}, mark(2, 5), "overlaps the mark", 0, false},
		{"cut then correction", []Annotation{cut(0, 12)}, cor(2, 5), "overlaps the boilerplate cut", 0, false},
		{"correction then cut", []Annotation{cor(2, 5)}, cut(0, 12), "overlaps the correction", 0, false},
		{"mark then cut", []Annotation{mark(3, 4)}, cut(0, 12), "", 1, false},
		{"nested entities", []Annotation{ent(0, 12, "ORG")}, ent(2, 5, "LOC"), "", 0, false},
		{"crossing entities", []Annotation{ent(0, 6, "ORG")}, ent(4, 9, "PER"), "", 0, false},
		{"same span, other label", []Annotation{ent(0, 6, "ORG")}, ent(0, 6, "LOC"), "", 0, false},
		{"exact duplicate", []Annotation{ent(0, 6, "ORG")}, ent(0, 6, "ORG"), "", 0, true},
		{"entity covering a correction", []Annotation{cor(2, 5)}, ent(0, 12, "ORG"), "", 0, false},
		{"entity cutting a correction", []Annotation{cor(2, 5)}, ent(3, 12, "ORG"), "cuts through the correction", 0, false},
		{"correction cutting an entity", []Annotation{ent(3, 12, "ORG")}, cor(2, 5), "cuts through the ORG entity", 0, false},
		{"stale mark is not in the way", []Annotation{{Kind: KindMark, Start: 0, End: 12, Stale: true}}, mark(2, 5), "", 0, false},
		{"out of range", nil, ent(10, 30, "ORG"), "outside the document", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSet(20, nil)
			for _, h := range c.have {
				if _, err := s.Put(h); err != nil {
					t.Fatalf("setting up %+v: %v", h, err)
				}
			}
			before := s.All()
			d, err := s.Put(c.put)
			if c.refuse != "" {
				var re *RuleError
				if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), c.refuse) {
					t.Fatalf("Put = %v, want a refusal saying %q", err, c.refuse)
				}
				if got := s.All(); fmt.Sprint(got) != fmt.Sprint(before) {
					t.Fatalf("a refused Put changed the set: %v → %v", before, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Put refused: %v", err)
			}
			if d.Empty() != c.empty {
				t.Fatalf("Diff %+v: empty=%v, want %v", d, d.Empty(), c.empty)
			}
			if len(d.Deleted) != c.deleted {
				t.Fatalf("deleted %v, want %d", d.Deleted, c.deleted)
			}
			if err := Validate(s.All(), 20); err != nil {
				t.Fatalf("the set breaks the rules after Put: %v", err)
			}
			if !c.empty && (d.Put == nil || d.Put.ID == "") {
				t.Fatalf("Put returned %+v, want the stored annotation with an id", d.Put)
			}
		})
	}
}

func TestSetReplaceAndDelete(t *testing.T) {
	s := NewSet(20, func() (string, error) { return "a1", nil })
	d, err := s.Put(Annotation{Kind: KindCorrection, Start: 2, End: 5, Value: "x"})
	if err != nil || d.Put.ID != "a1" {
		t.Fatalf("Put = %+v, %v; want id a1 from newID", d, err)
	}
	if _, err := s.Put(Annotation{Kind: KindCorrection, Start: 6, End: 8, Value: "y"}); err != nil {
		t.Fatal(err)
	}
	// moving a1 onto the other correction is refused and leaves a1 where it was
	moved := *d.Put
	moved.Start, moved.End = 5, 7
	if _, err := s.Put(moved); err == nil {
		t.Fatal("moving a correction onto another was accepted")
	}
	if a, _ := s.Get("a1"); a.Start != 2 {
		t.Fatalf("a refused edit moved a1 to %s", a.Span())
	}
	// moving it within its own old span is an edit, not a clash with itself
	moved.Start, moved.End = 3, 5
	d2, err := s.Put(moved)
	if err != nil || d2.Replaced == nil || d2.Replaced.Start != 2 {
		t.Fatalf("edit = %+v, %v; want the old a1 replaced", d2, err)
	}
	if _, err := s.Delete("a1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete("a1"); err == nil {
		t.Fatal("deleting a missing id succeeded")
	}
	if _, err := s.Put(Annotation{Kind: KindMark, Start: 0, End: 5}); err != nil {
		t.Fatalf("the deleted correction is still in the way: %v", err)
	}
}

// TestSetMatchesConflict puts random annotations and checks that the
// interval search finds exactly what a scan of every annotation finds.
func TestSetMatchesConflict(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []Kind{KindEntity, KindCorrection, KindMark, KindNote}
	for round := range 20 {
		s := NewSet(200, nil)
		for range 300 {
			start := rng.IntN(199)
			a := Annotation{Kind: kinds[rng.IntN(len(kinds))], Start: start, End: start + 1 + rng.IntN(min(12, 200-start)), Label: "L", Value: "v"}
			if a.Kind == KindEntity && rng.IntN(3) == 0 {
				a.End = min(200, a.Start+40)
			}
			want := Conflict(a, s.All())
			got := s.Conflict(a)
			if (got == nil) != (want == nil) {
				t.Fatalf("round %d: %+v: Set.Conflict = %v, scan = %v", round, a, got, want)
			}
			if _, err := s.Put(a); err != nil && a.Kind != KindCorrection && want == nil {
				t.Fatalf("round %d: Put refused %+v that the scan accepts: %v", round, a, err)
			}
		}
		if err := Validate(s.All(), 200); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

func TestValidateFindsCrossedKinds(t *testing.T) {
	// the case `folio check` missed: a mark stored first, then a correction in it
	anns := []Annotation{
		{ID: "a1", Kind: KindMark, Start: 0, End: 12},
		{ID: "a2", Kind: KindCorrection, Start: 2, End: 5, Value: "x"},
	}
	if err := Validate(Sorted(anns), 20); err == nil || !strings.Contains(err.Error(), "overlaps the mark") {
		t.Fatalf("Validate = %v, want the overlap reported", err)
	}
	if err := Validate([]Annotation{anns[0], anns[0]}, 20); err == nil {
		t.Fatal("Validate accepted one id twice")
	}
}

func BenchmarkSetPut100k(b *testing.B) {
	for b.Loop() {
		s := NewSet(200000, nil)
		for i := range 100000 {
			k := (i * 7919) % 100000 // not in order
			if _, err := s.Put(Annotation{Kind: KindEntity, Start: 2 * k, End: 2*k + 1, Label: "X"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestSetRelations(t *testing.T) {
	s := NewSet(20, nil)
	put := func(a Annotation) Diff {
		t.Helper()
		d, err := s.Put(a)
		if err != nil {
			t.Fatalf("Put %+v: %v", a, err)
		}
		return d
	}
	e1 := put(Annotation{Kind: KindEntity, Start: 0, End: 3, Label: "PER"}).Put.ID
	e2 := put(Annotation{Kind: KindEntity, Start: 5, End: 9, Label: "ORG"}).Put.ID
	r := put(Annotation{Kind: KindRelation, Label: "works_for", From: e1, To: e2}).Put.ID
	if d := put(Annotation{Kind: KindRelation, Label: "works_for", From: e1, To: e2}); d.Put != nil || d.Same == nil || d.Same.ID != r {
		t.Fatalf("duplicate relation: %+v", d)
	}
	put(Annotation{Kind: KindRelation, Label: "knows", From: e2, To: e1})
	for _, bad := range []Annotation{
		{Kind: KindRelation, Label: "x", From: e1, To: "nope"},
		{Kind: KindRelation, Label: "x", From: e1, To: e1},
		{Kind: KindRelation, From: e1, To: e2},
		{Kind: KindRelation, Label: "x", From: e1, To: e2, Start: 1, End: 2},
	} {
		if _, err := s.Put(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	if err := Validate(s.All(), 20); err != nil {
		t.Fatal(err)
	}
	// deleting an entity takes its relations along
	d, err := s.Delete(e2)
	if err != nil || len(d.Deleted) != 3 || s.Len() != 1 {
		t.Fatalf("Delete: %+v, %v; %d left", d, err, s.Len())
	}
	// Validate finds a relation whose entity is gone, whatever the order
	anns := []Annotation{{ID: "r", Kind: KindRelation, Label: "x", From: "a", To: "b"}, {ID: "a", Kind: KindEntity, Start: 0, End: 1, Label: "X"}}
	if err := Validate(anns, 20); err == nil || !strings.Contains(err.Error(), `"b", which is not an entity`) {
		t.Fatalf("Validate = %v", err)
	}
	anns = append(anns, Annotation{ID: "b", Kind: KindEntity, Start: 2, End: 3, Label: "X"})
	if err := Validate(anns, 20); err != nil {
		t.Fatalf("Validate = %v", err)
	}
}

// TestITree checks the interval tree against a scan: inserts, replacing
// inserts and removes in random order, then overlap queries.
func TestITree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var tr itree
	have := map[ispan]bool{}
	for i := range 3000 {
		s := rng.IntN(500)
		k := ispan{Start: s, End: s + 1 + rng.IntN(30), ID: fmt.Sprint(rng.IntN(400))}
		if rng.IntN(3) == 0 && len(have) > 0 {
			for h := range have {
				tr.remove(h)
				delete(have, h)
				break
			}
		} else {
			tr.insert(k)
			have[k] = true
		}
		if tr.n != len(have) {
			t.Fatalf("step %d: tree holds %d, want %d", i, tr.n, len(have))
		}
	}
	for q := range 200 {
		sp := Span{Start: q * 2, End: q*2 + 1 + q%17}
		want := 0
		for h := range have {
			if h.Start < sp.End && sp.Start < h.End {
				want++
			}
		}
		got, prev := 0, ispan{Start: -1}
		tr.overlapping(sp, func(k ispan) bool {
			if ikey(prev, k) >= 0 {
				t.Fatalf("out of order: %v after %v", k, prev)
			}
			prev = k
			got++
			return true
		})
		if got != want {
			t.Fatalf("query %v: %d overlapping, want %d", sp, got, want)
		}
	}
}

// TestPutApart: two entities that say the same under two ids of an input
// (brat's T135 and T136) are both kept, as copies; putting the same
// input again changes nothing; a relation to either copy stays with it,
// and deleting one copy takes only its own relations.
func TestPutApart(t *testing.T) {
	ent := func(id string, s, e int, l string, attrs map[string]string) Annotation {
		return Annotation{ID: id, Kind: KindEntity, Start: s, End: e, Label: l, Attrs: attrs}
	}
	v := map[string]string{"role": "V*"}
	cases := []struct {
		name   string
		puts   []Annotation // each with PutApart
		again  []Annotation // then each with Put: a re-import
		copies []int        // the copies held, by id order
		added  int          // how many of again were added
	}{
		{"two ids, one span and label", []Annotation{ent("T135", 3, 6, "Arg", v), ent("T136", 3, 6, "Arg", v)},
			nil, []int{0, 1}, 0},
		{"three ids", []Annotation{ent("T1", 0, 2, "X", nil), ent("T2", 0, 2, "X", nil), ent("T3", 0, 2, "X", nil)},
			nil, []int{0, 1, 2}, 0},
		{"other attributes are not copies", []Annotation{ent("T140", 3, 6, "Arg", v), ent("T141", 3, 6, "Arg", map[string]string{"role": "AM-TMP"})},
			nil, []int{0, 0}, 0},
		{"other label is not a copy", []Annotation{ent("T1", 0, 2, "X", nil), ent("T2", 0, 2, "Y", nil)},
			nil, []int{0, 0}, 0},
		{"the same id again is one entity", []Annotation{ent("T1", 0, 2, "X", nil), ent("T1", 0, 2, "X", nil)},
			nil, []int{0}, 0},
		{"a re-import of both copies adds nothing",
			[]Annotation{ent("T135", 3, 6, "Arg", v), ent("T136", 3, 6, "Arg", v)},
			[]Annotation{{Kind: KindEntity, Start: 3, End: 6, Label: "Arg", Attrs: v}, {Kind: KindEntity, Start: 3, End: 6, Label: "Arg", Attrs: v, Copy: 1}},
			[]int{0, 1}, 0},
		{"a third copy from a re-import is new",
			[]Annotation{ent("T135", 3, 6, "Arg", v), ent("T136", 3, 6, "Arg", v)},
			[]Annotation{{Kind: KindEntity, Start: 3, End: 6, Label: "Arg", Attrs: v, Copy: 2}},
			[]int{0, 1, 2}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSet(20, nil)
			for _, a := range c.puts {
				if _, err := s.PutApart(a); err != nil {
					t.Fatalf("PutApart(%+v): %v", a, err)
				}
			}
			added := 0
			for _, a := range c.again {
				d, err := s.Put(a)
				if err != nil {
					t.Fatalf("Put(%+v): %v", a, err)
				}
				if d.Put != nil {
					added++
				} else if d.Same == nil {
					t.Fatalf("Put(%+v) changed nothing and named no annotation that says it", a)
				}
			}
			var copies []int
			for _, a := range s.All() {
				copies = append(copies, a.Copy)
			}
			if fmt.Sprint(copies) != fmt.Sprint(c.copies) || added != c.added {
				t.Fatalf("copies %v, %d added again; want %v, %d", copies, added, c.copies, c.added)
			}
			if err := Validate(s.All(), 20); err != nil {
				t.Fatalf("the set breaks the rules: %v", err)
			}
		})
	}
	// copies count by rank: with copy 0 deleted, the export of the set
	// (one entity) imported again adds nothing, and the original input
	// (two) adds the one deleted back, as copy 0
	s := NewSet(20, nil)
	for _, a := range []Annotation{ent("T135", 3, 6, "Arg", v), ent("T136", 3, 6, "Arg", v)} {
		if _, err := s.PutApart(a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Delete("T135"); err != nil {
		t.Fatal(err)
	}
	again := Annotation{Kind: KindEntity, Start: 3, End: 6, Label: "Arg", Attrs: v}
	if d, err := s.Put(again); err != nil || d.Put != nil || d.Same == nil || d.Same.ID != "T136" {
		t.Fatalf("copy 0 again with only copy 1 held: %+v, %v; want it Same as T136", d, err)
	}
	again.Copy = 1
	if d, err := s.Put(again); err != nil || d.Put == nil || d.Put.Copy != 0 || s.Len() != 2 {
		t.Fatalf("copy 1 again with only copy 1 held: %+v, %v; want it added as copy 0", d, err)
	}
	// relations stay with their own copy
	s = NewSet(20, nil)
	for _, a := range []Annotation{ent("P", 0, 2, "Pred", nil), ent("T135", 3, 6, "Arg", v), ent("T136", 3, 6, "Arg", v)} {
		if _, err := s.PutApart(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, to := range []string{"T135", "T136"} {
		if d, err := s.Put(Annotation{Kind: KindRelation, Label: "arg", From: "P", To: to}); err != nil || d.Put == nil {
			t.Fatalf("relation to %s: %+v, %v", to, d, err)
		}
	}
	if n := len(s.Relations("T135")) + len(s.Relations("T136")); n != 2 {
		t.Fatalf("%d relations on the two copies, want 2", n)
	}
	d, err := s.Delete("T136")
	if err != nil || len(d.Deleted) != 2 || len(s.Relations("T135")) != 1 {
		t.Fatalf("deleting T136 deleted %v (%v); T135 keeps %d relations, want 1", d.Deleted, err, len(s.Relations("T135")))
	}
}

// TestCheckCopyAndAttrs: only entities have copies, only entities and
// relations attributes.
func TestCheckCopyAndAttrs(t *testing.T) {
	cases := []struct {
		a      Annotation
		refuse string
	}{
		{Annotation{Kind: KindEntity, Start: 0, End: 2, Label: "X", Copy: 1}, ""},
		{Annotation{Kind: KindEntity, Start: 0, End: 2, Label: "X", Copy: -1}, "copy is 0 or more"},
		{Annotation{Kind: KindMark, Start: 0, End: 2, Copy: 1}, "only entities do"},
		{Annotation{Kind: KindRelation, Label: "r", From: "a", To: "b", Attrs: map[string]string{"Negated": ""}}, ""},
		{Annotation{Kind: KindRelation, Label: "r", From: "a", To: "b", Attrs: map[string]string{"": "x"}}, "attribute name"},
		{Annotation{Kind: KindNote, Value: "n", Attrs: map[string]string{"a": "b"}}, "only entities and relations do"},
	}
	for _, c := range cases {
		err := Check(c.a, 10)
		if c.refuse == "" && err != nil || c.refuse != "" && (err == nil || !strings.Contains(err.Error(), c.refuse)) {
			t.Errorf("Check(%+v) = %v, want %q", c.a, err, c.refuse)
		}
	}
}

// TestCopiesRandom puts, puts apart and deletes entities on a few spans
// at random: no two entities ever say the same with the same copy, the
// index of what they say matches the set, and the set's own annotations
// put again (a re-import of its export) change nothing, here or in a new
// set, where they come back the same.
func TestCopiesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	labels := []string{"A", "B"}
	for round := range 30 {
		s := NewSet(10, nil)
		for step := range 200 {
			start := rng.IntN(3)
			a := Annotation{Kind: KindEntity, Start: start, End: start + 2, Label: labels[rng.IntN(2)], Copy: rng.IntN(3)}
			switch op := rng.IntN(4); {
			case op == 0 && s.Len() > 0:
				all := s.All()
				if _, err := s.Delete(all[rng.IntN(len(all))].ID); err != nil {
					t.Fatal(err)
				}
			case op == 1:
				if _, err := s.Put(a); err != nil {
					t.Fatal(err)
				}
			default:
				if _, err := s.PutApart(a); err != nil {
					t.Fatal(err)
				}
			}
			seen := map[string]bool{}
			n := 0
			for _, h := range s.All() {
				k := fmt.Sprint(keyOf(h), h.Copy)
				if seen[k] {
					t.Fatalf("round %d step %d: two entities %v say the same as copy %d", round, step, keyOf(h), h.Copy)
				}
				seen[k] = true
				if !slices.Contains(s.same[keyOf(h)], h.ID) {
					t.Fatalf("round %d step %d: %s missing from the index", round, step, h.ID)
				}
			}
			for _, ids := range s.same {
				n += len(ids)
			}
			if n != s.Len() {
				t.Fatalf("round %d step %d: the index holds %d ids, the set %d", round, step, n, s.Len())
			}
		}
		// the set's JSONL export (NewRecord writes copies by rank)
		var export []Annotation
		for _, a := range NewRecord(Doc{ID: "d"}, "0123456789", s.All(), nil).Annotations() {
			if a.Kind == KindEntity {
				a.Meta = Meta{}
				export = append(export, a)
			}
		}
		if len(export) != s.Len() {
			t.Fatalf("round %d: the record holds %d entities, the set %d", round, len(export), s.Len())
		}
		fresh := NewSet(10, nil)
		for _, a := range export {
			a.ID = ""
			if d, err := s.Put(a); err != nil || d.Put != nil {
				t.Fatalf("round %d: re-putting %+v changed the set: %+v, %v", round, a, d.Put, err)
			}
			if _, err := fresh.Put(a); err != nil {
				t.Fatal(err)
			}
		}
		var want, got []string
		for _, a := range export {
			want = append(want, fmt.Sprint(keyOf(a)))
		}
		for _, a := range fresh.All() {
			got = append(got, fmt.Sprint(keyOf(a)))
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Fatalf("round %d: a new set holds %q, want %q", round, got, want)
		}
	}
}

// TestWithin: an entity read back bare (an export without canonical
// names or attributes) is within the one it was written from.
func TestWithin(t *testing.T) {
	b := Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Canonical: "Köln", Attrs: map[string]string{"typ": "Stadt", "neu": ""}}
	for _, c := range []struct {
		name string
		a    Annotation
		want bool
	}{
		{"bare", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC"}, true},
		{"the same", b, true},
		{"some attributes", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Attrs: map[string]string{"neu": ""}}, true},
		{"another canonical", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Canonical: "Kölle"}, false},
		{"another attribute value", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Attrs: map[string]string{"typ": "Dorf"}}, false},
		{"an attribute b lacks", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Attrs: map[string]string{"alt": ""}}, false},
		{"another label", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "ORG"}, false},
		{"another span", Annotation{Kind: KindEntity, Start: 4, End: 9, Label: "LOC"}, false},
		{"another copy", Annotation{Kind: KindEntity, Start: 4, End: 8, Label: "LOC", Copy: 1}, false},
		{"no entity", Annotation{Kind: KindMark, Start: 4, End: 8, Label: "LOC"}, false},
	} {
		if got := c.a.Within(b); got != c.want {
			t.Errorf("%s: Within = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestMetaWithin: a document's metadata read back from an export, with
// the keys the export adds, says nothing more than the document's.
func TestMetaWithin(t *testing.T) {
	for _, c := range []struct {
		in, have string
		want     bool
	}{
		{`{"batch":3,"id":"d","status":"done","title":"T","source":"s","tags":["a"]}`, `{"batch":3}`, true},
		{`{"id":"d","status":"todo"}`, `{}`, true},
		{`{"batch":3}`, `{"batch":3}`, true},
		{`{"batch":4,"id":"d"}`, `{"batch":3}`, false},         // a value changed
		{`{"id":"d"}`, `{"batch":3}`, false},                   // a key lost
		{`{"batch":3,"lang":"de"}`, `{"batch":3}`, false},      // a key of its own added
		{`{"batch":3.0}`, `{"batch":3}`, false},                // numbers as written
		{`{"id":"d","title":"Neu"}`, `{"title":"Alt"}`, false}, // the source's own title
		{`not json`, `{}`, false},
	} {
		if got := MetaWithin(c.in, c.have); got != c.want {
			t.Errorf("MetaWithin(%s, %s) = %v, want %v", c.in, c.have, got, c.want)
		}
	}
}

func TestSpanTrimSpace(t *testing.T) {
	for _, c := range []struct {
		sp   Span
		text string
		want Span
	}{
		{Span{3, 6}, "Köl", Span{3, 6}},
		{Span{0, 4}, "\n\nKö", Span{2, 4}},
		{Span{10, 16}, " Köln\u00a0", Span{11, 15}},
		{Span{5, 8}, " \t\n", Span{8, 8}},
		{Span{5, 5}, "", Span{5, 5}},
		{Span{0, 5}, "a b\u2003c", Span{0, 5}},
	} {
		if got := c.sp.TrimSpace(c.text); got != c.want {
			t.Errorf("%v.TrimSpace(%q) = %v, want %v", c.sp, c.text, got, c.want)
		}
	}
}
