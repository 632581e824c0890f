package main

import (
	"path/filepath"
	"testing"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// TestWithAliasesMatch widens what a command matches itself as the
// store's Select does: entity:Cologne finds the document of Köln whose
// mention reads Cologne, and the other one of Köln.
func TestWithAliasesMatch(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "f.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	im := s.NewImporter(nil)
	for _, d := range []store.ImportDoc{{ID: "a", Text: "Cologne is on the Rhine."}, {ID: "b", Text: "Köln liegt am Rhein."}, {ID: "c", Text: "Bonn."}} {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	for doc, end := range map[string]int{"a": 7, "b": 4} {
		if _, err := s.Put(doc, annot.Annotation{Kind: annot.KindEntity, Start: 0, End: end, Label: "LOC", Canonical: "Köln"}, "label"); err != nil {
			t.Fatal(err)
		}
	}
	q, err := withAliases(s, query.MustParse("entity:cologne"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	s.Docs(func(d annot.Doc) error {
		if q.Match(query.Subject{Doc: d}) {
			got = append(got, d.ID)
		}
		return nil
	})
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("entity:cologne matches %v, want a and b", got)
	}
	// as the store's Select answers the query as written
	if sel, err := s.Select(query.MustParse("entity:cologne"), nil); err != nil || sel.GetCardinality() != uint64(len(got)) {
		t.Errorf("Select: %v documents (%v), the match %d", sel, err, len(got))
	}
	if q, err := withAliases(s, query.MustParse("")); err != nil || !q.Empty() {
		t.Errorf("the empty query: %v, %v", q, err)
	}
}
