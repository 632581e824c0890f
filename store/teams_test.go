package store

import (
	"errors"
	"testing"

	"folio/annot"
)

// Two reviewers on one store: each undoes and redoes their own last
// action, never the other's.
func TestUndoIsPerReviewer(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Köln liegt am Rhein."})
	a, b := s.As("rev-a"), s.As("rev-b")
	m1 := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	m2 := annot.Annotation{Kind: annot.KindMark, Start: 5, End: 10}
	if _, err := a.Do("mark A", Op{Doc: "d", Put: &m1}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Do("mark B", Op{Doc: "d", Put: &m2}); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := a.History(); u != "mark A" {
		t.Fatalf("rev-a's history says undo %q, want mark A", u)
	}
	act, err := a.Undo()
	if err != nil || act.What != "mark A" {
		t.Fatalf("rev-a's undo: %q, %v; want mark A", act.What, err)
	}
	if _, err := a.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("rev-a's second undo: %v, want nothing to undo", err)
	}
	anns, _ := s.Annotations("d")
	if len(anns) != 1 || anns[0].Author != "rev-b" {
		t.Fatalf("after rev-a's undo: %+v, want rev-b's mark alone", anns)
	}
	// rev-b's new action leaves rev-a's redo alone
	n := annot.Annotation{Kind: annot.KindNote, Value: "b was here"}
	if _, err := b.Do("note", Op{Doc: "d", Put: &n}); err != nil {
		t.Fatal(err)
	}
	if act, err := a.Redo(); err != nil || act.What != "mark A" {
		t.Fatalf("rev-a's redo: %q, %v", act.What, err)
	}
	if act, err := b.Undo(); err != nil || act.What != "note" {
		t.Fatalf("rev-b's undo: %q, %v; want note", act.What, err)
	}
	mustCheck(t, s)
}

// An op that names what it replaces or deletes is refused when someone
// changed or deleted it meanwhile, and writes nothing.
func TestStaleOpRefused(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Kdln liegt am Rhein."})
	a, b := s.As("rev-a"), s.As("rev-b")
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}
	act, err := a.Do("fix", Op{Doc: "d", Put: &fix})
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := s.Annotations("d")
	seen := anns[0] // what both read
	// rev-b changes it
	other := seen
	other.Value = "Koeln"
	if _, err := b.Do("fix again", Op{Doc: "d", Put: &other, Was: &seen}); err != nil {
		t.Fatal(err)
	}
	// rev-a, still seeing the old one, deletes it: refused
	_, err = a.Do("delete", Op{Doc: "d", Delete: seen.ID, Was: &seen})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale delete: %v, want ErrConflict", err)
	}
	mine := seen
	mine.Value = "Cöln"
	if _, err := a.Do("fix", Op{Doc: "d", Put: &mine, Was: &seen}); !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale replace: %v, want ErrConflict", err)
	}
	anns, _ = s.Annotations("d")
	if len(anns) != 1 || anns[0].Value != "Koeln" {
		t.Fatalf("after the refusals: %+v, want rev-b's Koeln", anns)
	}
	// gone altogether
	cur := anns[0]
	if _, err := b.Do("delete", Op{Doc: "d", Delete: cur.ID, Was: &cur}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Do("delete", Op{Doc: "d", Delete: cur.ID, Was: &cur}); !errors.Is(err, ErrConflict) {
		t.Fatalf("delete of a deleted one: %v, want ErrConflict", err)
	}
	_ = act
	mustCheck(t, s)
}
