package list

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/query"
	"folio/store"
	"folio/tui/style"
)

// openStore imports n documents: every third about Köln, every fifth done.
func openStore(t *testing.T, n int) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "f.db"), store.Options{Author: "ute"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	im := s.NewImporter(nil)
	for i := range n {
		text := "Ein Text über Bottrop."
		if i%3 == 0 {
			text = "Ein Text über Köln."
		}
		if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("d%04d", i), Title: fmt.Sprintf("Dokument %d", i), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i += 5 {
		a := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
		if _, err := s.Put(fmt.Sprintf("d%04d", i), a, "done"); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func newModel(s Source) *Model {
	m := New(s, DefaultKeyMap(), InputKeys{}, style.New(lipgloss.NewRenderer(nil), false, nil))
	return &m
}

// run runs cmd and the cmds its messages lead to, as Bubble Tea would.
func run(t *testing.T, m *Model, cmd tea.Cmd) (changed bool) {
	t.Helper()
	for cmd != nil {
		var c bool
		c, cmd = m.Update(cmd())
		changed = changed || c
	}
	return changed
}

func press(s string) tea.KeyMsg {
	switch s {
	case "down", "up", "home", "end", "pgdown":
		return tea.KeyMsg{Type: map[string]tea.KeyType{"down": tea.KeyDown, "up": tea.KeyUp, "home": tea.KeyHome, "end": tea.KeyEnd, "pgdown": tea.KeyPgDown}[s]}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func current(t *testing.T, m *Model) string {
	t.Helper()
	d, ok := m.Current()
	if !ok {
		t.Fatal("no document under the cursor")
	}
	return d.ID
}

func TestWindowedList(t *testing.T) {
	s := openStore(t, 1000)
	m := newModel(s)
	run(t, m, m.SetSize(40, 11))
	run(t, m, m.Load())
	if pos, total, done, all := m.Counts(); pos != 1 || total != 1000 || done != 200 || all != 1000 {
		t.Fatalf("counts = %d %d %d %d, want 1 1000 200 1000", pos, total, done, all)
	}
	if len(m.rows) > 30 {
		t.Errorf("the list holds %d records for 10 rows on screen", len(m.rows))
	}
	view := m.View(true)
	if len(view) != 11 || !strings.Contains(ansi.Strip(view[1]), "✓ Dokument 0") || !strings.Contains(ansi.Strip(view[2]), "○ Dokument 1") {
		t.Fatalf("view:\n%s", strings.Join(view, "\n"))
	}
	// the end of the list: the rows there are read, no others
	if !run(t, m, func() tea.Cmd { _, c := m.Update(press("G")); return c }()) && current(t, m) != "d0999" {
		t.Fatalf("G: on %s", current(t, m))
	}
	if current(t, m) != "d0999" || len(m.rows) > 30 {
		t.Fatalf("G: on %s, %d records held", current(t, m), len(m.rows))
	}
	if last := ansi.Strip(m.View(true)[10]); !strings.Contains(last, "Dokument 999") {
		t.Errorf("last row: %q", last)
	}
	for range 25 {
		_, c := m.Update(press("k"))
		run(t, m, c)
	}
	if current(t, m) != "d0974" {
		t.Errorf("25 up from the end: on %s", current(t, m))
	}
	// a filter: counted by the index, the cursor stays on its document
	// when it is still shown (d0974 is not about Köln; d0975 is)
	_, c := m.Update(press("j"))
	run(t, m, c)
	run(t, m, m.SetFilter("koeln"))
	if _, total, done, all := m.Counts(); total != 334 || done != 200 || all != 1000 || current(t, m) != "d0975" {
		t.Fatalf("koeln: %d documents, %d of %d done, on %s; want 334, 200 of 1000, d0975", total, done, all, current(t, m))
	}
	if pos, _, _, _ := m.Counts(); pos != 326 {
		t.Errorf("d0975 is the %dth of the selection, want 326", pos)
	}
	// a jump to a document the filter shows, and to one it does not
	if ok, c := m.Jump(3); ok {
		t.Error("jumped to d0002, which koeln does not select")
	} else if c != nil {
		t.Error("a failed jump reads rows")
	}
	ok, c := m.Jump(301) // d0300
	if !ok {
		t.Fatal("no jump to d0300")
	}
	run(t, m, c)
	if current(t, m) != "d0300" {
		t.Errorf("jump: on %s", current(t, m))
	}
	// a malformed filter changes nothing
	run(t, m, m.SetFilter("tag:"))
	if m.FilterErr() == "" || m.Filter() != "koeln" {
		t.Errorf("a malformed filter: err %q, filter %q", m.FilterErr(), m.Filter())
	}
	// a filter nothing matches
	run(t, m, m.SetFilter("zzz"))
	if _, total, _, _ := m.Counts(); total != 0 || !strings.Contains(ansi.Strip(m.View(true)[1]), "no document matches") {
		t.Errorf("zzz: %d documents, view %q", total, m.View(true)[1])
	}
}

// A selection's answer that arrives after a newer filter was asked for
// is dropped.
func TestStaleSelectionDropped(t *testing.T) {
	s := openStore(t, 30)
	m := newModel(s)
	run(t, m, m.SetSize(40, 5))
	old := m.SetFilter("koeln")
	newer := m.SetFilter("bottrop")
	run(t, m, newer)
	run(t, m, old)
	if m.Filter() != "bottrop" {
		t.Errorf("the list shows %q", m.Filter())
	}
}

// countingSource counts the records the list reads and the queries it
// asks.
type countingSource struct {
	Source
	mu            sync.Mutex // commands may run at once (as Bubble Tea runs them)
	read, selects int
}

func (c *countingSource) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	c.mu.Lock()
	c.selects++
	c.mu.Unlock()
	return c.Source.Select(q, fill)
}

// A key typed into the filter is drawn before any query runs: Update
// asks nothing of the store, the query waits in its command for the
// typing to settle, and a query a newer key overtook while it waited
// reads nothing.
func TestFilterKeyQueriesAfterSettling(t *testing.T) {
	s := openStore(t, 30)
	src := &countingSource{Source: s}
	m := newModel(src)
	m.SetSettle(20 * time.Millisecond)
	run(t, m, m.SetSize(40, 11))
	run(t, m, m.Load())
	m.Update(press("/"))
	src.selects, src.read = 0, 0
	var cmds []tea.Cmd
	for _, k := range "koeln" {
		_, c := m.Update(press(string(k)))
		if c == nil {
			t.Fatalf("%q asked for no answer", k)
		}
		if !strings.Contains(ansi.Strip(m.View(true)[0]), "koeln"[:len(cmds)+1]) {
			t.Fatalf("%q is not drawn: %q", k, ansi.Strip(m.View(true)[0]))
		}
		cmds = append(cmds, c)
	}
	if src.selects != 0 || src.read != 0 {
		t.Fatalf("typing ran %d queries and read %d records in Update", src.selects, src.read)
	}
	start := time.Now()
	for _, c := range cmds[:len(cmds)-1] {
		if msg := c(); msg != nil {
			t.Fatalf("an overtaken query answered %T", msg)
		}
	}
	if src.selects != 0 {
		t.Fatalf("overtaken queries ran %d selects", src.selects)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Errorf("the queries waited %v, not the 20ms settling time", waited)
	}
	run(t, m, cmds[len(cmds)-1])
	if src.selects == 0 || m.Filter() != "koeln" {
		t.Fatalf("the last key's query: %d selects, filter %q", src.selects, m.Filter())
	}
	if _, total, _, _ := m.Counts(); total != 10 {
		t.Errorf("koeln: %d documents, want 10", total)
	}
}

func (c *countingSource) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	docs, err := c.Source.Window(sel, from, n)
	c.mu.Lock()
	c.read += len(docs)
	c.mu.Unlock()
	return docs, err
}

// Scrolling through the list reads each screen about once, not the corpus
// per key.
func TestScrollReadsWindows(t *testing.T) {
	s := openStore(t, 600)
	src := &countingSource{Source: s}
	m := newModel(src)
	run(t, m, m.SetSize(40, 21))
	run(t, m, m.Load())
	for range 300 {
		_, c := m.Update(press("j"))
		run(t, m, c)
	}
	if current(t, m) != "d0300" {
		t.Fatalf("on %s", current(t, m))
	}
	if src.read > 1000 {
		t.Errorf("300 rows down read %d records", src.read)
	}
	sel, _ := s.Select(query.MustParse(""), nil)
	if sel.GetCardinality() != 600 {
		t.Fatal(sel.GetCardinality())
	}
}

// The documents shown first (a reviewer's queue) come before the rest;
// NextTodo looks among them first, then wraps over the whole list.
func TestFirstAndNextTodo(t *testing.T) {
	s := openStore(t, 20) // d0000, d0005, d0010, d0015 done
	m := newModel(s)
	run(t, m, m.SetSize(40, 30))
	run(t, m, m.SetFirst(roaring.BitmapOf(11, 16, 6))) // d0010, d0015, d0005: all done
	if got := m.Visible(); len(got) != 20 || got[0].ID != "d0005" || got[1].ID != "d0010" || got[2].ID != "d0015" || got[3].ID != "d0000" {
		t.Fatalf("order %v", ids(got))
	}
	find := func(after uint32, inFirst bool) FoundMsg {
		t.Helper()
		msg, ok := m.NextTodo("todo", after, inFirst)().(FoundMsg)
		if !ok || msg.Err != nil {
			t.Fatalf("NextTodo: %+v", msg)
		}
		return msg
	}
	// the queue is all done: the next todo after d0015 (place 2) is d0001
	if msg := find(16, true); !msg.Found || msg.Doc.ID != "d0001" || msg.InFirst {
		t.Fatalf("after d0015: %+v", msg)
	}
	// after the last, it wraps to the first todo of the list
	if msg := find(20, false); !msg.Found || msg.Doc.ID != "d0001" {
		t.Fatalf("after d0019: %+v", msg)
	}
	changed, cmd := m.Goto(find(2, false)) // after d0001: d0002
	run(t, m, cmd)
	if d, _ := m.Current(); d.ID != "d0002" || !changed && cmd == nil {
		t.Fatalf("Goto: on %s", d.ID)
	}
	// a filter with no todo document says how many are outside it
	run(t, m, m.SetFilter("status:done"))
	if msg := find(1, false); msg.Found || msg.Outside != 16 {
		t.Fatalf("in status:done: %+v", msg)
	}
	// NextWith reads on from the cursor's document
	run(t, m, m.SetFilter(""))
	done := func(d annot.Doc) bool { return d.Status == annot.StatusDone }
	msg, _ := m.NextWith("x", 16, done)().(FoundMsg)
	if !msg.Found || msg.Doc.ID != "d0000" {
		t.Fatalf("NextWith after d0015 in the queue-first order: %+v", msg)
	}
	// it does not wrap: after d0003 no done document follows
	if msg, _ := m.NextWith("x", 4, done)().(FoundMsg); msg.Found {
		t.Fatalf("NextWith after d0003: %+v", msg)
	}
}

func ids(docs []annot.Doc) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

// A refresh (Load: the same filter answered again) that brings back the
// document the cursor was on reports no change, also when a second
// refresh is asked for before the first one's rows came (the root then
// leaves open what it opened: u opens the document it changes even where
// the filter hides it); a new filter that moves the cursor to another
// document reports one.
func TestRefreshKeepsDocumentUnchanged(t *testing.T) {
	s := openStore(t, 300)
	m := newModel(s)
	run(t, m, m.SetSize(40, 10))
	if !run(t, m, m.Load()) || current(t, m) != "d0000" {
		t.Fatal("the first load reports no document")
	}
	run(t, m, m.JumpID("d0150"))
	if current(t, m) != "d0150" {
		t.Fatalf("jump: on %s", current(t, m))
	}
	if run(t, m, m.Load()) {
		t.Fatal("a refresh onto the same document reports a change")
	}
	// two refreshes: the first's selection empties the rows, the second's
	// arrives before any rows came
	c1, _ := m.Update(m.Load()()) // the rows it asks for never come
	c2, cmd := m.Update(m.Load()())
	if c1 || c2 || run(t, m, cmd) || current(t, m) != "d0150" {
		t.Fatalf("two refreshes: changed, or on %s", current(t, m))
	}
	// d0150 is in koeln (150 % 3 == 0): the cursor stays; bottrop moves it
	if run(t, m, m.SetFilter("koeln")); current(t, m) != "d0150" {
		t.Fatalf("koeln: on %s", current(t, m))
	}
	if !run(t, m, m.SetFilter("bottrop")) || current(t, m) == "d0150" {
		t.Fatalf("bottrop: no change reported, on %s", current(t, m))
	}
}

// Sorting by suggestions (S) reads the records of the documents with
// suggestions alone when the store keeps the counts: the others come
// after them, in their order, unread.
func TestSortReadsDocumentsWithSuggestions(t *testing.T) {
	s := openStore(t, 300)
	marked, _, err := s.StaleSuggestions("", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var counts []store.SuggestionCount
	for _, m := range marked {
		n := 0
		switch m.ID {
		case "d0007":
			n = 2
		case "d0100":
			n = 5
		case "d0250":
			n = 2
		}
		counts = append(counts, store.SuggestionCount{StaleDoc: m, N: n})
	}
	if _, err := s.SetSuggestionCounts(counts); err != nil {
		t.Fatal(err)
	}
	src := &countingSource{Source: s}
	m := newModel(src)
	run(t, m, m.SetSize(40, 11))
	run(t, m, m.Load())
	src.read = 0
	_, c := m.Update(press("S"))
	run(t, m, c)
	if !m.Sorted() {
		t.Fatal("S did not sort")
	}
	var order []string
	for i := range 5 {
		n, ok := m.At(i)
		if !ok {
			t.Fatalf("no document at %d", i)
		}
		docs, err := s.Window(roaring.BitmapOf(n), 0, 1)
		if err != nil || len(docs) != 1 {
			t.Fatal(err)
		}
		order = append(order, docs[0].ID)
	}
	if want := []string{"d0100", "d0007", "d0250", "d0000", "d0001"}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("sorted order %v, want %v", order, want)
	}
	if _, total, _, _ := m.Counts(); total != 300 {
		t.Errorf("%d documents shown", total)
	}
	// the 3 with suggestions, and the rows on screen
	if src.read > 3+3*10 {
		t.Errorf("sorting read %d records", src.read)
	}
}

// A filter typed at a reviewer's pace asks the store nothing for the
// first letters of its word: the one- and two-letter queries (answered
// by reading the store's whole lexicon, and selecting most of it) wait
// Pause for the next key, which overtakes them; from the third letter
// on each waits the settling time. At 100 000 documents those two
// queries were what ran beside the keys typed after them.
func TestShortWordWaitsForTheNextKey(t *testing.T) {
	for _, c := range []struct {
		expr string
		want time.Duration
	}{
		{"j", Pause}, {"ja", Pause}, {"jan", Settle}, {"Jangtse", Settle},
		{"tag:j", Settle}, {"status:todo ja", Pause}, {"-x", Pause},
	} {
		m := newModel(nil)
		if got := m.typingWait(c.expr); got != c.want {
			t.Errorf("typingWait(%q) = %v, want %v", c.expr, got, c.want)
		}
	}

	s := openStore(t, 30)
	src := &countingSource{Source: s}
	m := newModel(src)
	run(t, m, m.SetSize(40, 11))
	run(t, m, m.Load())
	m.Update(press("/"))
	src.selects = 0
	// keys 120 ms apart, each command run as Bubble Tea runs it: in its
	// own goroutine
	var wg sync.WaitGroup
	msgs := make(chan tea.Msg, 8)
	var asked []string
	var mu sync.Mutex
	for i, k := range "koeln" {
		_, c := m.Update(press(string(k)))
		typed := "koeln"[:i+1]
		wg.Add(1)
		go func() {
			defer wg.Done()
			before := time.Now()
			msg := c()
			if msg != nil {
				mu.Lock()
				asked = append(asked, typed)
				mu.Unlock()
				msgs <- msg
			}
			if typed == "k" && time.Since(before) < Pause {
				t.Errorf("k's query waited %v, less than Pause", time.Since(before))
			}
		}()
		if i < 4 {
			time.Sleep(120 * time.Millisecond)
		}
	}
	wg.Wait()
	close(msgs)
	for _, a := range asked {
		if len(a) < shortRun {
			t.Errorf("the store was asked for %q while the word was being typed (asked: %q)", a, asked)
		}
	}
	for msg := range msgs {
		run(t, m, func() tea.Msg { return msg })
	}
	if m.Filter() != "koeln" {
		t.Fatalf("filter %q, want koeln", m.Filter())
	}
	if _, total, _, _ := m.Counts(); total != 10 {
		t.Errorf("koeln: %d documents, want 10", total)
	}
}
