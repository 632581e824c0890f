package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"folio/store"
)

// TestAssign deals the five seeds to three reviewers, two each: round
// robin in import order, as even as it goes.
func TestAssign(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	_, errs := mustFolio(t, "--db", db, "assign", "--to", "rev-a,rev-b,rev-c", "--overlap", "2")
	if !strings.Contains(errs, "assigned 5 documents (overlap 2): rev-a 4, rev-b 3, rev-c 3") {
		t.Fatalf("summary %q", errs)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := st.DocList()
	plan, err := st.Assignments()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	// doc i gets reviewers (2i) and (2i+1) mod 3
	want := [][]string{{"rev-a", "rev-b"}, {"rev-a", "rev-c"}, {"rev-b", "rev-c"}, {"rev-a", "rev-b"}, {"rev-a", "rev-c"}}
	for i, d := range docs {
		if !reflect.DeepEqual(plan[d.ID], want[i]) {
			t.Errorf("document %d (%s): %v, want %v", i, d.ID, plan[d.ID], want[i])
		}
	}
	// a narrower deal replaces what it selects
	mustFolio(t, "--db", db, "assign", "--where", "kdln", "--to", "rev-d")
	st, _ = store.Open(db, store.Options{ReadOnly: true})
	plan, _ = st.Assignments()
	st.Close()
	if got := plan["001_879768a2f144ad87"]; !reflect.DeepEqual(got, []string{"rev-d"}) {
		t.Errorf("after assign --where kdln: %v", got)
	}
	for _, bad := range [][]string{
		{"assign", "--to", "rev-a,rev-b", "--overlap", "3"},
		{"assign", "--to", "rev-a,,rev-b"},
		{"assign", "--to", "rev-a,rev-a"},
		{"assign", "--to", ""},
		{"assign", "--to", "rev-a", "--overlap", "0"},
		{"assign", "--to", "rev-a", "--where", "((("},
	} {
		if _, errs, code := folio(t, append([]string{"--db", db}, bad...)...); code != 2 {
			t.Errorf("folio %s: exit %d (%s), want 2", strings.Join(bad, " "), code, errs)
		}
	}
	if _, errs, code := folio(t, "--db", db, "assign", "--to", "rev-a", "--where", "nosuchwordanywhere"); code != 1 || !strings.Contains(errs, "no document matches") {
		t.Errorf("assign of nothing: exit %d %q", code, errs)
	}
}
