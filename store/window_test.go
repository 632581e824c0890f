package store

import (
	"slices"
	"testing"

	"folio/annot"
	"folio/query"
)

// A reviewer's view of a store with assignments reads their layer: its
// Select matches the records as that view sees them (the indexes hold the
// curated annotations only), and its Window returns those records.
func TestSelectWindowLayered(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s,
		ImportDoc{ID: "d1", Text: "Köln liegt am Rhein."},
		ImportDoc{ID: "d2", Text: "Bonn liegt auch dort."},
		ImportDoc{ID: "d3", Text: "Köln und Bonn."})
	if _, err := s.Assign(map[string][]string{"d1": {"rev-a", "rev-b"}, "d3": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	a := s.As("rev-a")
	if _, err := a.Do("done", Op{Doc: "d1", Put: &done}); err != nil {
		t.Fatal(err)
	}
	ids := func(st *Store, expr string) []string {
		t.Helper()
		sel, err := st.Select(query.MustParse(expr), nil)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := st.Window(sel, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range docs {
			if expr == "status:done" && d.Status != annot.StatusDone {
				t.Errorf("%s in status:done is %q", d.ID, d.Status)
			}
			out = append(out, d.ID)
		}
		return out
	}
	for _, c := range []struct {
		st   *Store
		expr string
		want []string
	}{
		{a, "status:done", []string{"d1"}},
		{a, "koeln status:todo", []string{"d3"}},
		{a, "", []string{"d1", "d2", "d3"}},
		{s.As("rev-b"), "status:done", nil},
		{s, "status:done", nil},
		{s, "koeln", []string{"d1", "d3"}},
	} {
		if got := ids(c.st, c.expr); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q selects %v, want %v", c.st.author, c.expr, got, c.want)
		}
	}
}
