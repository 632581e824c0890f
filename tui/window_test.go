package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/query"
	"folio/remote"
	"folio/store"
)

// countingStore is a store that counts what the app reads of it: the
// records the list reads (Window), the whole-corpus reads (DocList) and
// the documents opened (Document).
type countingStore struct {
	*store.Store
	mu                       sync.Mutex
	docLists, windows, rows  int
	selects, documents, docs int
}

func (c *countingStore) DocList() ([]annot.Doc, error) {
	c.mu.Lock()
	c.docLists++
	c.mu.Unlock()
	return c.Store.DocList()
}

func (c *countingStore) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	docs, err := c.Store.Window(sel, from, n)
	c.mu.Lock()
	c.windows++
	c.rows += len(docs)
	c.mu.Unlock()
	return docs, err
}

func (c *countingStore) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	c.mu.Lock()
	c.selects++
	c.mu.Unlock()
	return c.Store.Select(q, fill)
}

func (c *countingStore) Document(id string) (store.Document, error) {
	c.mu.Lock()
	c.documents++
	c.mu.Unlock()
	return c.Store.Document(id)
}

func (c *countingStore) Docs(fn func(annot.Doc) error) error {
	c.mu.Lock()
	c.docs++
	c.mu.Unlock()
	return c.Store.Docs(fn)
}

func (c *countingStore) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docLists, c.windows, c.rows, c.selects, c.documents, c.docs = 0, 0, 0, 0, 0, 0
}

// windowStore imports n documents d0000…: every third about Köln, every
// fifth done.
func windowStore(t *testing.T, n int) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := st.NewImporter(nil)
	for i := range n {
		text := fmt.Sprintf("Bericht %d aus Bottrop.", i)
		if i%3 == 0 {
			text = fmt.Sprintf("Bericht %d aus Köln.", i)
		}
		if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("d%04d", i), Title: fmt.Sprintf("Dokument %d", i), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)}
	var ops []store.Op
	for i := 0; i < n; i += 5 {
		ops = append(ops, store.Op{Doc: fmt.Sprintf("d%04d", i), Put: &done})
	}
	if _, err := st.Do("setup", ops...); err != nil {
		t.Fatal(err)
	}
	return st
}

// The app at launch reads the rows on screen (and a screen around
// them), never every record: the counts come from the indexes.
func TestLaunchReadsWindow(t *testing.T) {
	const n = 3000
	cs := &countingStore{Store: windowStore(t, n)}
	a := newTestApp(t, cs, 120, 30, nil)
	_, rows := a.geo.panes[paneList].w, a.geo.panes[paneList].h-1
	if cs.docLists != 0 || cs.docs != 0 {
		t.Fatalf("launch read every record: DocList %d, Docs %d", cs.docLists, cs.docs)
	}
	if cs.rows > 4*rows+10 {
		t.Errorf("launch read %d records for %d rows on screen", cs.rows, rows)
	}
	if cs.documents != 1 {
		t.Errorf("launch opened %d documents, want the one under the cursor", cs.documents)
	}
	pos, shownN, done, all := a.list.Counts()
	if pos != 1 || shownN != n || done != n/5 || all != n {
		t.Fatalf("counts %d %d %d %d, want 1 %d %d %d", pos, shownN, done, all, n, n/5, n)
	}
	v := a.View()
	if !strings.Contains(v, "Dokument 0") || !strings.Contains(v, "1/3 000") || !strings.Contains(v, "done 20 %") {
		t.Fatalf("screen:\n%s", v)
	}
	if a.cur == nil || a.cur.Doc.ID != "d0000" {
		t.Fatalf("open: %v", a.cur)
	}

	// G reads the last screen, not what lies between
	cs.reset()
	press(t, a, "alt+1", "G")
	if a.cur == nil || a.cur.Doc.ID != fmt.Sprintf("d%04d", n-1) || cs.rows > 4*rows+10 || cs.docLists != 0 {
		t.Fatalf("G: open %v, %d records read, DocList %d", a.cur, cs.rows, cs.docLists)
	}
}

// A filter, space and a change made by another client all go through the
// selection and the window.
func TestFilterSpaceLiveThroughWindow(t *testing.T) {
	const n = 600
	cs := &countingStore{Store: windowStore(t, n)}
	a := newTestApp(t, cs, 120, 30, nil)
	rows := a.geo.panes[paneList].h - 1
	cs.reset()
	press(t, a, "alt+1", "/")
	typeText(t, a, "koeln")
	press(t, a, "enter")
	if got := shown(a); got != n/3 {
		t.Fatalf("koeln shows %d, want %d", got, n/3)
	}
	if cs.docLists != 0 || cs.docs != 0 || cs.rows > 5*4*rows {
		t.Fatalf("the filter read %d records (DocList %d, Docs %d)", cs.rows, cs.docLists, cs.docs)
	}
	if !strings.Contains(a.View(), "/koeln") || !strings.Contains(a.View(), "1/200") {
		t.Fatalf("screen:\n%s", a.View())
	}
	// d0000 is done: the cursor's document is d0000; space marks it (again)
	// and moves to the next todo one of the filter, d0003
	if a.cur == nil || a.cur.Doc.ID != "d0000" {
		t.Fatalf("open %v", a.cur)
	}
	press(t, a, "space")
	if d, _ := a.list.Current(); d.ID != "d0003" || a.cur == nil || a.cur.Doc.ID != "d0003" {
		t.Fatalf("space: list on %s, open %v (status %q)", d.ID, a.cur, a.status.message())
	}
	if !strings.Contains(a.status.message(), "done; next: Dokument 3") {
		t.Fatalf("status %q", a.status.message())
	}
	press(t, a, "space") // d0003 done → d0006
	if d, _ := a.list.Current(); d.ID != "d0006" {
		t.Fatalf("second space: on %s", d.ID)
	}
	if got := doneCount(a); got != n/5+1 {
		t.Fatalf("done %d, want %d", got, n/5+1)
	}

	// another client marks d0009 done: the event reloads its row and the
	// counts, through the window
	cs.reset()
	other := cs.Store.As("rev-b")
	done := annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)}
	if _, err := other.Do("status done", store.Op{Doc: "d0009", Put: &done}); err != nil {
		t.Fatal(err)
	}
	send(t, a, changeMsg{ev: store.Event{Seq: 1, Author: "rev-b", What: "status done", Docs: []string{"d0009"}}})
	if got := doneCount(a); got != n/5+2 {
		t.Fatalf("after rev-b's change: done %d, want %d", got, n/5+2)
	}
	row := ""
	for _, l := range strings.Split(a.View(), "\n") {
		if strings.Contains(l, "Dokument 9 ") {
			row = l
		}
	}
	if !strings.Contains(row, "✓ Dokument 9") {
		t.Fatalf("d0009's row %q", row)
	}
	if cs.docLists != 0 || cs.rows > 4*rows+10 {
		t.Fatalf("the change read %d records, DocList %d", cs.rows, cs.docLists)
	}

	// a space at the last todo document of the filter says what is left
	// outside it
	press(t, a, "esc")
	press(t, a, "/")
	typeText(t, a, "id:d0001")
	press(t, a, "enter")
	drive(t, a, a.openCurrent(false))
	press(t, a, "space")
	if msg := a.status.message(); !strings.Contains(msg, "no todo document left in this filter") {
		t.Fatalf("status %q", msg)
	}
}

// The list of a client of another folio's store reads through the
// socket: the launch, a filter and space.
func TestListOverSocket(t *testing.T) {
	st := windowStore(t, 300)
	db := st.Path()
	srv := remote.NewServer(st, nil)
	if err := srv.ServeUnix(remote.SocketPath(db)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	c, err := remote.DialUnix(remote.SocketPath(db), remote.ClientOptions{Path: db, Reviewer: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	// (without its change stream, which drive would wait on)
	a := newTestApp(t, struct{ Store }{c}, 120, 30, nil)
	if _, shownN, done, all := a.list.Counts(); shownN != 300 || done != 60 || all != 300 {
		t.Fatalf("counts over the socket: %d shown, %d of %d done", shownN, done, all)
	}
	if a.cur == nil || a.cur.Doc.ID != "d0000" || !strings.Contains(a.View(), "Dokument 1") {
		t.Fatalf("open %v, screen:\n%s", a.cur, a.View())
	}
	press(t, a, "alt+1", "/")
	typeText(t, a, "koeln status:todo")
	press(t, a, "enter")
	if got := shown(a); got != 80 { // 100 about Köln, 20 of them done
		t.Fatalf("koeln status:todo over the socket: %d", got)
	}
	if d, _ := a.list.Current(); d.ID != "d0003" {
		t.Fatalf("on %s", d.ID)
	}
	drive(t, a, a.openCurrent(false))
	press(t, a, "space")
	if d, _ := a.list.Current(); a.cur == nil || a.cur.Doc.ID != "d0006" || d.ID != "d0006" {
		t.Fatalf("space over the socket: open %v, list on %s (status %q)", a.cur, d.ID, a.status.message())
	}
	// d0003 is done now: the filter no longer shows it
	if got := shown(a); got != 79 {
		t.Fatalf("after space: %d shown", got)
	}
}

// TestMouseWheelUnderPointer: the wheel moves the pane under the pointer,
// not the focused one: over the list it moves the cursor through the
// windowed list, past its first window, and opens the document there;
// over the panel it scrolls the panel. The focus stays where it was.
func TestMouseWheelUnderPointer(t *testing.T) {
	a := newTestApp(t, windowStore(t, 400), 120, 30, nil)
	press(t, a, "alt+2")
	l := a.geo.panes[paneList]
	wheel := func(r rect, b tea.MouseButton) {
		send(t, a, tea.MouseMsg{X: r.x + 2, Y: r.y + 3, Button: b})
	}
	for range 40 {
		wheel(l, tea.MouseButtonWheelDown)
	}
	if d, _ := a.list.Current(); d.ID != "d0120" || a.cur == nil || a.cur.Doc.ID != "d0120" {
		t.Fatalf("40 wheel steps over the list: list on %s, open %v", d.ID, a.cur)
	}
	wheel(l, tea.MouseButtonWheelUp)
	if d, _ := a.list.Current(); d.ID != "d0117" || a.cur.Doc.ID != "d0117" {
		t.Fatalf("wheel up over the list: list on %s, open %s", d.ID, a.cur.Doc.ID)
	}
	if a.focus != paneReader {
		t.Fatalf("the wheel moved the focus to %v", a.focus)
	}

	b := newTestApp(t, seedStore(t), 120, 16, wordSuggester{})
	a = b
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2")
	p := a.geo.panes[panePanel]
	before := strings.Join(a.panel.View(false), "\n")
	top := a.reader.Top()
	wheel(p, tea.MouseButtonWheelDown)
	after := strings.Join(a.panel.View(false), "\n")
	if after == before {
		t.Fatalf("the wheel over the panel did not scroll it:\n%s", after)
	}
	if a.reader.Top() != top || a.focus != paneReader {
		t.Fatalf("the wheel over the panel moved the reader (top %d, was %d) or the focus (%v)", a.reader.Top(), top, a.focus)
	}
	wheel(p, tea.MouseButtonWheelUp)
	if back := strings.Join(a.panel.View(false), "\n"); back != before {
		t.Fatalf("wheel down then up does not return the panel:\n%s\nwant\n%s", back, before)
	}
}

// TestUndoOpensFarDocument: u and ctrl+r open the document they change
// when the windowed list is far from it (past its first window), with the
// change selected and the list on it; and when a filter hides it, they
// open it all the same and the list stays where it was.
func TestUndoOpensFarDocument(t *testing.T) {
	a := newTestApp(t, windowStore(t, 400), 120, 30, nil)
	const far = "d0301" // "Bericht 301 aus Bottrop."
	selectDoc(t, a, far)
	press(t, a, "alt+2")
	sp := selectText(t, a, "Bottrop")
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Essen")
	press(t, a, "enter")
	if got := annsOf(t, a.st.(*store.Store), far, annot.KindCorrection); len(got) != 1 {
		t.Fatalf("corrections of %s: %v", far, got)
	}
	check := func(k string, listOn string) {
		t.Helper()
		if a.cur == nil || a.cur.Doc.ID != far {
			t.Fatalf("%s: open %v, want %s", k, a.cur, far)
		}
		if sel, ok := a.reader.Selection(); !ok || a.reader.V.SpanToStored(sel) != sp {
			t.Fatalf("%s: selection %v, want the changed span %v", k, sel, sp)
		}
		if d, _ := a.list.Current(); d.ID != listOn {
			t.Fatalf("%s: the list is on %s, want %s", k, d.ID, listOn)
		}
		if !strings.Contains(a.status.message(), "“Bottrop” → “Essen”") {
			t.Fatalf("%s: status %q", k, a.status.message())
		}
	}
	press(t, a, "alt+1", "g")
	if a.cur.Doc.ID != "d0000" {
		t.Fatalf("g opened %s", a.cur.Doc.ID)
	}
	press(t, a, "u")
	check("u", far)
	press(t, a, "g", "ctrl+r")
	check("ctrl+r", far)

	// koeln hides d0301 (its text says Bottrop, now Essen)
	press(t, a, "/")
	typeText(t, a, "koeln")
	press(t, a, "enter")
	first, _ := a.list.Current()
	if first.ID != "d0000" {
		t.Fatalf("koeln starts on %s", first.ID)
	}
	press(t, a, "u")
	check("u under a filter", first.ID)
	if got := annsOf(t, a.st.(*store.Store), far, annot.KindCorrection); len(got) != 0 {
		t.Fatalf("undo under a filter left %v", got)
	}
}

// TestResumeFarDocument: a store reopens at the document last left and
// its position when that document lies past the windowed list's first
// window.
func TestResumeFarDocument(t *testing.T) {
	st := windowStore(t, 400)
	dir := t.TempDir()
	if err := savePlace(dir, st.Path(), "tester", resumePlace{Doc: "d0333", Pos: 8}); err != nil {
		t.Fatal(err)
	}
	a := New(st, Options{Config: config.Default(), Author: "tester", Resume: true, StateDir: dir})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})
	if d, _ := a.list.Current(); d.ID != "d0333" || a.cur == nil || a.cur.Doc.ID != "d0333" {
		t.Fatalf("reopened with the list on %s, open %v", d.ID, a.cur)
	}
	if got := a.reader.StoredCursor(); got != 8 {
		t.Fatalf("reopened at %d, want 8", got)
	}
	if pos, _, _, _ := a.list.Counts(); pos != 334 {
		t.Fatalf("the list's place is %d, want 334", pos)
	}
}
