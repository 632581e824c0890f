package tui

import (
	"strings"
	"testing"
)

// The reviewer's queue comes first in the list, and space (done) moves to
// the next document of it.
func TestQueueFirst(t *testing.T) {
	st := seedStore(t)
	d1, d3 := seedID(t, "001"), seedID(t, "003")
	plan := map[string][]string{d1: {"tester", "rev-b"}, d3: {"tester"}, seedID(t, "002"): {"rev-b"}}
	if _, err := st.Assign(plan, "assign"); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, st, 120, 40, nil) // as "tester"
	// the rows on screen, as the list drew them
	if got := a.list.Visible(); len(got) < 2 || got[0].ID != d1 || got[1].ID != d3 {
		t.Fatalf("list starts %v, want the queue %s, %s", got, d1, d3)
	}
	// the list opens on the queue
	if d, _ := a.list.Current(); d.ID != d1 || a.cur == nil || a.cur.Doc.ID != d1 {
		t.Fatalf("launch: list on %s, open %v; want %s", d.ID, a.cur, d1)
	}
	if msg := a.status.message(); msg != "your queue first: 2 documents, 2 to do" {
		t.Fatalf("status %q", msg)
	}
	selectDoc(t, a, d1)
	press(t, a, "space")
	if d, _ := a.list.Current(); d.ID != d3 || !strings.Contains(a.status.message(), "next in your queue") {
		t.Fatalf("after space on %s: at %s, status %q; want %s", d1, d.ID, a.status.message(), d3)
	}
	// the queue done, space goes on to the rest
	press(t, a, "space")
	if d, _ := a.list.Current(); d.ID == d1 || d.ID == d3 {
		t.Fatalf("after the queue: at %s", d.ID)
	}
}
