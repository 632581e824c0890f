package tui

import (
	"fmt"
	"strings"
	"testing"

	"folio/annot"
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

// docCounter counts the records read one by one (Doc).
type docCounter struct {
	*countingStore
	records int
}

func (c *docCounter) Doc(id string) (annot.Doc, error) {
	c.records++
	return c.countingStore.Doc(id)
}

// The queue numbers its documents in one read of the store's numbers,
// not a record per assigned document.
func TestQueueReadsNoRecords(t *testing.T) {
	st := windowStore(t, 600)
	plan := map[string][]string{}
	for i := 0; i < 600; i += 3 {
		plan[fmt.Sprintf("d%04d", i)] = []string{"tester"}
	}
	plan["d0001"] = []string{"rev-b"}
	if _, err := st.Assign(plan, "assign"); err != nil {
		t.Fatal(err)
	}
	cs := &docCounter{countingStore: &countingStore{Store: st}}
	msg, ok := queueCmd(cs, "tester")().(queueMsg)
	if !ok || msg.err != nil {
		t.Fatalf("queue: %+v", msg)
	}
	if cs.records != 0 || cs.rows != 0 || cs.docLists != 0 {
		t.Fatalf("the queue read %d records one by one, %d in windows, DocList %d", cs.records, cs.rows, cs.docLists)
	}
	if got := msg.nums.GetCardinality(); got != 200 || len(msg.ids) != 200 || !msg.nums.Contains(4) || msg.nums.Contains(2) {
		t.Fatalf("queue of %d numbers, %d ids: %v…", got, len(msg.ids), msg.nums.ToArray()[:5])
	}
	// d0000 is document 1, done (every fifth): 200 dealt, 40 of them done
	if msg.left != 160 {
		t.Errorf("%d left to do, want 160", msg.left)
	}
}
