package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"folio/annot"
	"folio/config"
	"folio/store"
)

const relText = "Die Universität Köln ehrt Anna Schmidt.\n"

// relStore is a store with one document of three entities, the second
// nested in the first: ORG "Universität Köln" ⊃ LOC "Köln", PER "Anna
// Schmidt".
func relStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := st.NewImporter(nil)
	err = im.Add(store.ImportDoc{ID: "rel", Title: "Ehrung", Text: relText, Anns: []annot.Annotation{
		{Kind: annot.KindEntity, Start: 4, End: 20, Label: "ORG", Text: "Universität Köln"},
		{Kind: annot.KindEntity, Start: 16, End: 20, Label: "LOC", Text: "Köln"},
		{Kind: annot.KindEntity, Start: 26, End: 38, Label: "PER", Text: "Anna Schmidt"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	return st
}

func relConfig() config.Config {
	c := config.Default()
	c.Relations = []config.Relation{{Name: "works_for", Key: "w"}, {Name: "located_in", Key: "l"}}
	return c
}

// entityID returns the id of the entity of label in doc.
func entityID(t *testing.T, st *store.Store, label string) string {
	t.Helper()
	for _, a := range annsOf(t, st, "rel", annot.KindEntity) {
		if a.Label == label {
			return a.ID
		}
	}
	t.Fatalf("no %s entity", label)
	return ""
}

// TestRelateKeys: R on an entity, R on a second, a relation key: one
// relation saved; undo removes it, redo brings it back, d on it in the
// panel deletes it.
func TestRelateKeys(t *testing.T) {
	st := relStore(t)
	a := newTestAppConfig(t, st, 120, 30, nil, relConfig())
	selectDoc(t, a, "rel")
	press(t, a, "alt+2", "/")
	typeText(t, a, "Anna")
	press(t, a, "enter", "R")
	if a.mode() != modeRelate || !strings.Contains(a.status.message(), `relation from “Anna Schmidt” PER`) {
		t.Fatalf("after R on Anna: mode %v, status %q", a.mode(), a.status.message())
	}
	press(t, a, "/")
	typeText(t, a, "Universität")
	press(t, a, "enter")
	if a.mode() != modeRelate {
		t.Fatalf("moving lost the relation's head: mode %v", a.mode())
	}
	press(t, a, "R")
	if a.overlay == nil {
		t.Fatalf("no relation picker; status %q", a.status.message())
	}
	press(t, a, "w")
	rels := annsOf(t, st, "rel", annot.KindRelation)
	if len(rels) != 1 || rels[0].Label != "works_for" || rels[0].From != entityID(t, st, "PER") || rels[0].To != entityID(t, st, "ORG") {
		t.Fatalf("relations %+v, want PER works_for ORG (the outer entity under the cursor)", rels)
	}
	if !strings.Contains(a.status.message(), `saved: relate “Anna Schmidt” PER —works_for→ “Universität Köln” ORG`) {
		t.Errorf("status %q", a.status.message())
	}
	view := a.View()
	if !strings.Contains(view, `Relations (1)`) || !strings.Contains(view, `works_for: “Anna Schmidt” PER`) || !strings.Contains(view, `→ “Universität Köln” ORG`) {
		t.Errorf("the panel does not list the relation:\n%s", view)
	}
	press(t, a, "u")
	if n := len(annsOf(t, st, "rel", annot.KindRelation)); n != 0 {
		t.Fatalf("undo left %d relations", n)
	}
	press(t, a, "ctrl+r")
	if n := len(annsOf(t, st, "rel", annot.KindRelation)); n != 1 {
		t.Fatalf("redo gave %d relations", n)
	}
	// the panel: move to the relation's row and delete it
	press(t, a, "alt+3", "g")
	for range len(a.panel.Rows()) {
		if it, ok := a.panel.Current(); ok && it.Ann != nil && it.Ann.Kind == annot.KindRelation {
			break
		}
		press(t, a, "j")
	}
	if it, ok := a.panel.Current(); !ok || it.Ann == nil || it.Ann.Kind != annot.KindRelation {
		t.Fatalf("the panel cursor never reached the relation: %+v", it)
	}
	press(t, a, "d")
	if n := len(annsOf(t, st, "rel", annot.KindRelation)); n != 0 {
		t.Fatalf("d in the panel left %d relations", n)
	}
	if n := len(annsOf(t, st, "rel", annot.KindEntity)); n != 3 {
		t.Fatalf("deleting the relation took entities along: %d left", n)
	}
}

// TestRelateRefusals: R off an entity, R twice on one entity, esc, and
// a config without relation labels each say what to do and save nothing.
func TestRelateRefusals(t *testing.T) {
	st := relStore(t)
	a := newTestAppConfig(t, st, 120, 30, nil, relConfig())
	selectDoc(t, a, "rel")
	press(t, a, "alt+2", "g", "R") // "Die" is no entity
	if a.mode() == modeRelate || !strings.Contains(a.status.message(), "no entity under the cursor") {
		t.Fatalf("R off an entity: mode %v status %q", a.mode(), a.status.message())
	}
	press(t, a, "/")
	typeText(t, a, "Anna")
	press(t, a, "enter", "R", "R")
	if !strings.Contains(a.status.message(), "two different entities") || a.mode() != modeRelate {
		t.Fatalf("R twice on Anna: mode %v status %q", a.mode(), a.status.message())
	}
	press(t, a, "esc")
	if a.mode() == modeRelate || a.status.message() != "relation cancelled" {
		t.Fatalf("esc: mode %v status %q", a.mode(), a.status.message())
	}
	b := newTestAppConfig(t, st, 120, 30, nil, config.Default())
	selectDoc(t, b, "rel")
	press(t, b, "alt+2", "/")
	typeText(t, b, "Anna")
	press(t, b, "enter", "R")
	if !strings.Contains(b.status.message(), "add [[relation]]") {
		t.Fatalf("no relation labels: status %q", b.status.message())
	}
	if n := len(annsOf(t, st, "rel", annot.KindRelation)); n != 0 {
		t.Fatalf("%d relations saved", n)
	}
}

// TestNestedRelationsGolden draws nested entities (‹ opens each, its
// chip closes it) and the panel's relations, compared with
// testdata/TestNestedRelationsGolden.golden (go test -update rewrites it).
func TestNestedRelationsGolden(t *testing.T) {
	st := relStore(t)
	per, org, loc := entityID(t, st, "PER"), entityID(t, st, "ORG"), entityID(t, st, "LOC")
	if _, err := st.Do("relate",
		store.Op{Doc: "rel", Put: &annot.Annotation{Kind: annot.KindRelation, From: per, To: org, Label: "works_for"}},
		store.Op{Doc: "rel", Put: &annot.Annotation{Kind: annot.KindRelation, From: org, To: loc, Label: "located_in"}},
	); err != nil {
		t.Fatal(err)
	}
	a := newTestAppConfig(t, st, 120, 24, nil, relConfig())
	selectDoc(t, a, "rel")
	press(t, a, "alt+2")
	view := a.View()
	checkFrame(t, view, 120, 24)
	if !strings.Contains(view, "Die ‹Universität ‹Köln[LOC][ORG] ehrt Anna") {
		t.Errorf("nested entities not bracketed:\n%s", view)
	}
	golden.RequireEqual(t, []byte(view))
}

// TestCursorOfTheDocumentShown: right after another document is opened,
// before its view is built, the reader's cursor belongs to the document
// shown, so d and R act on nothing rather than on what the cursor would
// mean in the new document.
func TestCursorOfTheDocumentShown(t *testing.T) {
	st := relStore(t)
	a := newTestAppConfig(t, st, 120, 30, nil, relConfig())
	selectDoc(t, a, "rel")
	press(t, a, "alt+2", "/")
	typeText(t, a, "Anna")
	press(t, a, "enter")
	if _, ok := a.reader.AnnotationAt(a.cur.Doc.ID, a.cur.Anns, func(annot.Annotation) bool { return true }); !ok {
		t.Fatal("no annotation under the cursor on Anna")
	}
	before := len(annsOf(t, st, "rel", annot.KindEntity))
	// the next document has arrived; its view has not
	next := *a.cur
	next.Doc.ID = "next"
	a.cur = &next
	if x, ok := a.reader.AnnotationAt(a.cur.Doc.ID, a.cur.Anns, func(annot.Annotation) bool { return true }); ok {
		t.Fatalf("an annotation of the document not shown yet: %+v", x)
	}
	press(t, a, "d")
	if got := len(annsOf(t, st, "rel", annot.KindEntity)); got != before {
		t.Fatalf("d deleted through the old view: %d entities, were %d", got, before)
	}
}
