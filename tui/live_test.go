package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/remote"
	"folio/store"
)

// markKdln marks Kdln in document id as who, and returns the mark.
func markKdln(t *testing.T, st *store.Store, id, who, comment string) annot.Annotation {
	t.Helper()
	d, err := st.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(d.Text, "Kdln")
	s := annot.Runes(d.Text[:i])
	m := annot.Annotation{Kind: annot.KindMark, Start: s, End: s + 4, Value: comment}
	if _, err := st.As(who).Do("mark", store.Op{Doc: id, Put: &m}); err != nil {
		t.Fatal(err)
	}
	for _, a := range annsOf(t, st, id, annot.KindMark) {
		return a
	}
	t.Fatal("no mark")
	return annot.Annotation{}
}

// A delete of an annotation another reviewer changed since this app read
// it is refused with a clear message, and the document is reloaded.
func TestStaleDeleteRefusedAndReloaded(t *testing.T) {
	st := seedStore(t)
	id := seedID(t, "001")
	markKdln(t, st, id, "tester", "")
	a := newTestApp(t, st, 120, 40, nil)
	selectDoc(t, a, id)
	var stale annot.Annotation
	for _, x := range a.cur.Anns {
		if x.Kind == annot.KindMark {
			stale = x
		}
	}
	// rev-b comments the mark meanwhile
	changed := stale
	changed.Value = "sieh Kopie"
	changed.Author = "" // the store records rev-b
	if _, err := st.As("rev-b").Do("comment", store.Op{Doc: id, Put: &changed}); err != nil {
		t.Fatal(err)
	}
	drive(t, a, a.deleteAnn(stale))
	if msg := a.status.message(); !a.status.hasError() || !strings.Contains(msg, "was changed by rev-b") || !strings.Contains(msg, "reloaded") {
		t.Fatalf("status %q, want a refusal naming rev-b", msg)
	}
	marks := annsOf(t, st, id, annot.KindMark)
	if len(marks) != 1 || marks[0].Value != "sieh Kopie" {
		t.Fatalf("marks %+v, want rev-b's", marks)
	}
	found := false
	for _, x := range a.cur.Anns {
		found = found || x.Kind == annot.KindMark && x.Value == "sieh Kopie"
	}
	if !found {
		t.Fatalf("the open document was not reloaded: %+v", a.cur.Anns)
	}
}

// A change another process made reloads the list's record and the open
// document, and the status line says who did what.
func TestChangeFromOtherReloads(t *testing.T) {
	st := seedStore(t)
	id := seedID(t, "001")
	a := newTestApp(t, st, 120, 40, nil)
	selectDoc(t, a, id)
	markKdln(t, st, id, "rev-b", "")
	send(t, a, changeMsg{ev: store.Event{Seq: 1, Author: "rev-b", What: "mark “Kdln”", Docs: []string{id}}})
	if msg := a.status.message(); msg != "rev-b: mark “Kdln”" {
		t.Fatalf("status %q", msg)
	}
	if d, _ := a.list.Current(); d.Counts.Marks != 1 {
		t.Fatalf("list counts %+v, want the mark", d.Counts)
	}
	if n := len(a.cur.Anns); n != 1 {
		t.Fatalf("open document has %d annotations, want rev-b's mark", n)
	}
	send(t, a, changeMsg{ev: store.Event{Gone: true}})
	if !a.status.hasError() || !strings.Contains(a.status.message(), "is gone") {
		t.Fatalf("status after the owner went: %q", a.status.message())
	}
	send(t, a, changeMsg{ev: store.Event{Back: true}})
	if a.status.hasError() || !strings.Contains(a.status.message(), "held again") {
		t.Fatalf("status after a new owner: %q", a.status.message())
	}
}

// A read that finds the owner gone before its change event arrives says
// what the event says: the store's ErrGone is one message wherever it is
// met first, not the wire's wording in one place and the TUI's in another.
func TestGoneFoundByARead(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	err := fmt.Errorf("document 001: %w (connection reset)", store.ErrGone)
	send(t, a, docMsg{gen: a.docGen, err: err})
	read := a.status.message()
	send(t, a, changeMsg{ev: store.Event{Gone: true}})
	if event := a.status.message(); read != event || !strings.Contains(read, "nothing is saved until one holds it again") {
		t.Fatalf("a read says %q, the change event %q: want one message", read, event)
	}
	if !errors.Is(remote.ErrGone, store.ErrGone) {
		t.Fatal("remote.ErrGone is not the store's ErrGone")
	}
}

// space pressed before the list has its first rows (a slow store, a
// server far away) says so instead of doing nothing without a word, and
// changes nothing.
func TestDoneNextBeforeTheListLoaded(t *testing.T) {
	st := seedStore(t)
	a := New(st, Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow }})
	a.Init() // its commands are not run: the list is still loading
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, a, " ")
	if msg := a.status.message(); !a.status.hasError() || !strings.Contains(msg, "still loading") {
		t.Fatalf("status %q: want that the list is still loading", msg)
	}
	for _, d := range seedDocs(t) {
		if rec, err := st.Doc(d.ID); err != nil || rec.Status != "todo" {
			t.Fatalf("%s: status %q (%v), want todo", d.ID, rec.Status, err)
		}
	}
}
