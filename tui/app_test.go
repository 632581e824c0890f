package tui

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/overlay"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func TestCorrectUndoRedo(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	if a.focus != paneReader {
		t.Fatalf("focus %d", a.focus)
	}
	press(t, a, "/")
	typeText(t, a, "Kdln")
	press(t, a, "enter")
	sel, ok := a.reader.Selection()
	if !ok || a.reader.V.Slice(sel) != "Kdln" {
		t.Fatalf("selection %v %q", sel, a.reader.V.Slice(sel))
	}
	press(t, a, "c")
	if a.overlay == nil {
		t.Fatal("no correction input")
	}
	press(t, a, "ctrl+u")
	typeText(t, a, "Köln")
	press(t, a, "enter")
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != "Köln" || cs[0].Text != "Kdln" {
		t.Fatalf("corrections %+v (status %q)", cs, a.status.message())
	}
	doc, _ := st.Document(id)
	if annot.Slice(doc.Text, cs[0].Span()) != "Kdln" {
		t.Fatalf("span %v covers %q", cs[0].Span(), annot.Slice(doc.Text, cs[0].Span()))
	}
	if !strings.Contains(a.status.message(), "saved") {
		t.Fatalf("status %q", a.status.message())
	}
	press(t, a, "u")
	if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 0 {
		t.Fatalf("after undo %+v", cs)
	}
	press(t, a, "ctrl+r")
	if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 1 {
		t.Fatalf("after redo %+v", cs)
	}
	// the panel shows it, the list counts it
	found := false
	for _, r := range a.panel.Rows() {
		if strings.Contains(r.Text, "Köln") {
			found = true
		}
	}
	if !found {
		t.Fatal("panel does not list the correction")
	}
	if d, _ := a.list.Current(); d.Counts.Corrections != 1 {
		t.Fatalf("list counts %+v", d.Counts)
	}
}

func TestLabelEntity(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "/")
	typeText(t, a, "Ute Berg")
	press(t, a, "enter", "e", "p")
	if _, ok := a.overlay.(*overlay.Canonical); !ok {
		t.Fatalf("overlay %T", a.overlay)
	}
	press(t, a, "enter")
	es := annsOf(t, st, id, annot.KindEntity)
	if len(es) != 1 || es[0].Label != "PER" || es[0].Text != "Ute Berg" || es[0].Canonical != "Ute Berg" {
		t.Fatalf("entities %+v; status %q", es, a.status.message())
	}
	// a second entity inside it is stored: entities nest (annot.Set)
	press(t, a, "0", "/")
	typeText(t, a, "Berg")
	press(t, a, "enter", "e", "o", "down", "down")
	press(t, a, "enter")
	if a.status.hasError() || !strings.Contains(a.status.message(), "saved") {
		t.Fatalf("status %q", a.status.message())
	}
	if es := annsOf(t, st, id, annot.KindEntity); len(es) != 2 {
		t.Fatalf("entities %+v", es)
	}
	// the message is cleared by the next key
	press(t, a, "j")
	if a.status.message() != "" {
		t.Fatalf("status %q", a.status.message())
	}
}

// TestLabelTrimsSelection labels the words a selection holds, not the
// white space it took in at its ends, and refuses white space alone.
func TestLabelTrimsSelection(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "/")
	typeText(t, a, "Ute Berg")
	// the search leaves the cursor on the match's last letter: back to
	// the space before it
	press(t, a, "enter", "esc")
	for range len(" Ute Berg") - 1 {
		press(t, a, "h")
	}
	press(t, a, "v", "e")
	if !a.status.hasError() || !strings.Contains(a.status.message(), "white space") {
		t.Fatalf("a space labelled: status %q, overlay %T", a.status.message(), a.overlay)
	}
	for range len("Ute Berg") {
		press(t, a, "l")
	}
	if sp, _ := a.reader.Target(); a.storedText(sp) != " Ute Berg" {
		t.Fatalf("selected %q", a.storedText(sp))
	}
	press(t, a, "e", "p", "enter")
	es := annsOf(t, st, id, annot.KindEntity)
	if len(es) != 1 || es[0].Text != "Ute Berg" || es[0].Canonical != "Ute Berg" {
		t.Fatalf("entities %+v; status %q", es, a.status.message())
	}
}

func TestTagStatusAndDoneNext(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 100, 30, nil)
	first, _ := a.list.Current()
	press(t, a, "t")
	typeText(t, a, "ocr")
	press(t, a, "enter")
	if ts := annsOf(t, st, first.ID, annot.KindTag); len(ts) != 1 || ts[0].Label != "ocr" {
		t.Fatalf("tags %+v", ts)
	}
	if d, _ := a.list.Current(); len(d.Tags) != 1 {
		t.Fatalf("list record not refreshed: %+v", d.Tags)
	}
	// completion from tags in use
	selectDoc(t, a, seedID(t, "002"))
	press(t, a, "t", "o", "tab", "enter")
	if ts := annsOf(t, st, seedID(t, "002"), annot.KindTag); len(ts) != 1 || ts[0].Label != "ocr" {
		t.Fatalf("completed tags %+v", ts)
	}
	press(t, a, "T", "1")
	if ts := annsOf(t, st, seedID(t, "002"), annot.KindTag); len(ts) != 0 {
		t.Fatalf("after untag %+v", ts)
	}
	press(t, a, "s", "r")
	if d, _ := st.Doc(seedID(t, "002")); d.Status != annot.StatusRejected {
		t.Fatalf("status %q", d.Status)
	}
	selectDoc(t, a, first.ID)
	press(t, a, "space")
	if d, _ := st.Doc(first.ID); d.Status != annot.StatusDone {
		t.Fatalf("status %q", d.Status)
	}
	cur, _ := a.list.Current()
	if cur.ID == first.ID || cur.Status != annot.StatusTodo || a.cur.Doc.ID != cur.ID {
		t.Fatalf("space opened %s (%s), reader has %s", cur.ID, cur.Status, a.cur.Doc.ID)
	}
	if doneCount(a) != 1 {
		t.Fatalf("done count %d", doneCount(a))
	}
}

func TestFocusKeys(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	steps := []struct {
		key  string
		want pane
	}{{"tab", paneReader}, {"tab", panePanel}, {"tab", paneList}, {"shift+tab", panePanel}, {"alt+1", paneList}, {"alt+3", panePanel}, {"alt+2", paneReader}}
	for _, s := range steps {
		press(t, a, s.key)
		if a.focus != s.want {
			t.Fatalf("after %s focus %v, want %v", s.key, a.focus, s.want)
		}
	}
}

func TestSuggestionsAcceptRejectEverywhere(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	if len(a.open) == 0 {
		t.Fatal("no suggestions")
	}
	press(t, a, "alt+2", "g", "]")
	s, ok := a.reader.CurrentSugg()
	if !ok {
		t.Fatal("] did not land on a suggestion")
	}
	press(t, a, "2") // candidate 2
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != s.Candidates[1].Text || cs[0].Origin != annot.OriginSuggestion {
		t.Fatalf("corrections %+v", cs)
	}
	press(t, a, "u")
	press(t, a, "g", "]")
	s, _ = a.reader.CurrentSugg()
	press(t, a, "r")
	rs := annsOf(t, st, id, annot.KindRejected)
	if len(rs) != 1 || rs[0].Label != string(s.Kind) || rs[0].Value != s.Text {
		t.Fatalf("rejected %+v", rs)
	}
	for _, o := range a.open {
		if o.Start == s.Start && o.Kind == s.Kind {
			t.Fatal("a rejected suggestion is still open")
		}
	}
	// apply everywhere: fiir (one place in the seeds; Ute Berg below has several)
	press(t, a, "g")
	for i := 0; i < 20; i++ {
		press(t, a, "]")
		if cur, _ := a.reader.CurrentSugg(); cur.Text == "fiir" {
			break
		}
	}
	if cur, _ := a.reader.CurrentSugg(); cur.Text != "fiir" {
		t.Fatal("] never reached the fiir suggestion of seed 001")
	}
	checkEverywhere(t, a, st, "fiir", annot.KindCorrection, func(c annot.Annotation) bool { return c.Value == "für" })
}

// TestEntityEverywhere: A on an entity suggestion labels every occurrence
// of its text in the corpus, after showing the count, in one undoable step.
func TestEntityEverywhere(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2", "g")
	for i := 0; i < 30; i++ {
		if cur, ok := a.reader.CurrentSugg(); ok && cur.Kind == suggest.KindEntity {
			break
		}
		press(t, a, "]")
	}
	if cur, _ := a.reader.CurrentSugg(); cur.Kind != suggest.KindEntity || cur.Text != "Ute Berg" {
		t.Fatalf("] never reached the Ute Berg suggestion: %+v", cur)
	}
	if found, _ := st.FindWord("Ute Berg"); len(found) < 2 {
		t.Fatalf("the seeds mention Ute Berg in %d documents, want several", len(found))
	}
	checkEverywhere(t, a, st, "Ute Berg", annot.KindEntity, func(e annot.Annotation) bool {
		return e.Label == "PER" && e.Canonical == "Ute Berg" && e.Text == "Ute Berg"
	})
}

// checkEverywhere presses A on the suggestion under the reader's cursor
// for word: the preview lists every place the corpus has word, y
// writes one annotation of kind that is ok at each, and one u takes them
// all back.
func checkEverywhere(t *testing.T, a *App, st *store.Store, word string, kind annot.Kind, ok func(annot.Annotation) bool) {
	t.Helper()
	found, err := st.FindWord(word)
	places := 0
	for _, sp := range found {
		places += len(sp)
	}
	if err != nil || places == 0 {
		t.Fatalf("the seeds have %q in no place (%v)", word, err)
	}
	press(t, a, "A")
	co, isPreview := a.overlay.(*overlay.Preview)
	if !isPreview || len(co.Places()) != places || !strings.Contains(strings.Join(co.View(120, 40), " "), plural(places, "place", "places")) {
		t.Fatalf("overlay %T (status %q), want a preview of %d places", a.overlay, a.status.message(), places)
	}
	press(t, a, "y")
	written := 0
	for d := range found {
		for _, x := range annsOf(t, st, d, kind) {
			if ok(x) {
				written++
			}
		}
	}
	if written != places {
		t.Fatalf("%d %ss written, want %d", written, kind, places)
	}
	press(t, a, "u")
	for d := range found {
		if n := len(annsOf(t, st, d, kind)); n != 0 {
			t.Fatalf("undo left %d %ss in %s", n, kind, d)
		}
	}
}

func TestMarkDeleteAndViews(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "/")
	typeText(t, a, "Biindnis")
	press(t, a, "enter", "x")
	ms := annsOf(t, st, id, annot.KindMark)
	if len(ms) != 1 || ms[0].Text != "Biindnis" {
		t.Fatalf("marks %+v", ms)
	}
	press(t, a, "esc", "d")
	if ms := annsOf(t, st, id, annot.KindMark); len(ms) != 0 {
		t.Fatalf("marks after d %+v (%q)", ms, a.status.message())
	}
	// correct, then select the replacement in the corrected view and
	// check that it maps back to the stored span
	press(t, a, "/")
	typeText(t, a, "Biindnis")
	press(t, a, "enter", "c", "ctrl+u")
	typeText(t, a, "Bündnis")
	press(t, a, "enter")
	want := annsOf(t, st, id, annot.KindCorrection)[0].Span()
	press(t, a, "esc", "o")
	if a.reader.V.Mode != docview.Corrected {
		t.Fatalf("mode %v", a.reader.V.Mode)
	}
	press(t, a, "/")
	typeText(t, a, "Bündnis")
	press(t, a, "enter")
	if sp, ok := a.reader.Target(); !ok || sp != want {
		t.Fatalf("corrected view selection maps to %v, want %v", sp, want)
	}
	press(t, a, "o") // diff
	if a.reader.V.Mode != docview.Diff || !strings.Contains(a.reader.V.Text, "BiindnisBündnis") {
		t.Fatalf("diff view %v", a.reader.V.Mode)
	}
	if sp, ok := a.reader.Target(); !ok || sp != want {
		t.Fatalf("diff view selection maps to %v, want %v", sp, want)
	}
	// the cursor in the diff view keeps its stored position through o
	press(t, a, "esc", "o")
	if a.reader.V.Mode != docview.Original {
		t.Fatal("o does not cycle back")
	}
}

func TestListFilterSortAndPosition(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	n := shown(a)
	press(t, a, "/")
	typeText(t, a, "koln")
	if shown(a) == 0 || shown(a) > n {
		t.Fatalf("filter koln: %d", shown(a))
	}
	press(t, a, "esc")
	if shown(a) != n || a.list.Filtering() {
		t.Fatal("esc does not clear")
	}
	press(t, a, "g", "j", "j", "tab", "tab", "tab")
	if a.list.Cursor() != 2 {
		t.Fatalf("list lost its position: %d", a.list.Cursor())
	}
	press(t, a, "f", "d")
	if shown(a) != 0 {
		t.Fatalf("status:done shows %d", shown(a))
	}
	press(t, a, "f", "a")
	press(t, a, "/")
	typeText(t, a, "lable:PER")
	if a.list.FilterErr() == "" {
		t.Fatal("a misspelt field is accepted")
	}
	// enter does not take a filter that does not parse: the input stays
	// open, and the status says why
	press(t, a, "enter")
	if !a.list.Filtering() || !strings.Contains(a.status.message(), `unknown field "lable"`) {
		t.Errorf("enter on a bad filter: filtering %v, status %q", a.list.Filtering(), a.status.message())
	}
	press(t, a, "esc", "S")
	if !a.list.Sorted() {
		t.Fatal("S does not sort")
	}
}

// TestFilterErrorNarrow shows the whole reason a filter typed does not
// parse in the list, wrapped, where a narrow status line has room for
// its start only.
func TestFilterErrorNarrow(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 20, 12, nil)
	press(t, a, "/")
	typeText(t, a, "lable:PER")
	want := strings.Fields(a.list.FilterErr())
	if len(want) == 0 {
		t.Fatal("a misspelt field is accepted")
	}
	screen := strings.Fields(ansi.Strip(a.View()))
	if i := slices.Index(screen, want[0]); i < 0 || len(screen) < i+len(want) || !slices.Equal(screen[i:i+len(want)], want) {
		t.Errorf("the reason %q is not on the screen:\n%s", want, ansi.Strip(a.View()))
	}
	// fixed, the list is back
	press(t, a, "ctrl+w")
	typeText(t, a, "label:PER")
	if strings.Contains(ansi.Strip(a.View()), "unknown field") {
		t.Errorf("the reason stays after the fix:\n%s", ansi.Strip(a.View()))
	}
}

func TestPanelJumpAndDelete(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "/")
	typeText(t, a, "Biindnis")
	press(t, a, "enter", "x", "esc", "g", "alt+3")
	// the panel cursor is on the mark: enter shows it in the reader
	it, ok := a.panel.Current()
	if !ok || it.Ann == nil || it.Ann.Kind != annot.KindMark {
		t.Fatalf("panel item %+v", it)
	}
	press(t, a, "enter")
	if a.focus != paneReader {
		t.Fatal("enter does not focus the reader")
	}
	if sp, ok := a.reader.Target(); !ok || sp != it.Span {
		t.Fatalf("reader selection %v, want %v", sp, it.Span)
	}
	press(t, a, "alt+3", "d")
	if ms := annsOf(t, st, id, annot.KindMark); len(ms) != 0 {
		t.Fatalf("marks %+v", ms)
	}
	press(t, a, "u")
	if ms := annsOf(t, st, id, annot.KindMark); len(ms) != 1 {
		t.Fatalf("undo: marks %+v", ms)
	}
}

func TestStaleResultsDropped(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	// two opens in flight: the older answer must not win
	moveTo(t, a, 1)
	old := a.openCurrent(false)
	moveTo(t, a, 2)
	cur := a.openCurrent(false)
	drive(t, a, cur)
	want := a.cur.Doc.ID
	drive(t, a, old)
	if a.cur.Doc.ID != want {
		t.Fatalf("stale document %s replaced %s", a.cur.Doc.ID, want)
	}
	// a layout for an older generation is dropped as well
	stale := a.buildView()
	drive(t, a, a.buildView())
	v := a.reader.V
	drive(t, a, stale)
	if a.reader.V != v {
		t.Fatal("stale layout installed")
	}
}

func TestMouse(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	// click the third document (row 0 is the header)
	send(t, a, tea.MouseMsg{X: 3, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a.list.Cursor() != 2 || a.cur.Doc.ID != shownDoc(t, a, 2).ID {
		t.Fatalf("click: cursor %d, open %s", a.list.Cursor(), a.cur.Doc.ID)
	}
	r := a.geo.panes[paneReader]
	send(t, a, tea.MouseMsg{X: r.x + 2, Y: 2, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a.focus != paneReader {
		t.Fatal("click does not focus the reader")
	}
	top := a.reader.Top()
	send(t, a, tea.MouseMsg{X: r.x + 2, Y: 5, Button: tea.MouseButtonWheelDown})
	if a.reader.Top() <= top {
		t.Fatalf("wheel did not scroll: %d", a.reader.Top())
	}
}

func TestQuit(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 80, 24, nil)
	press(t, a, "/")
	if quit := send(t, a, keyMsg("q")); quit {
		t.Fatal("q quits while filtering")
	}
	press(t, a, "esc")
	if quit := send(t, a, keyMsg("q")); !quit {
		t.Fatal("q does not quit")
	}
	press(t, a, "t")
	if quit := send(t, a, keyMsg("ctrl+c")); !quit {
		t.Fatal("ctrl+c does not quit from an input")
	}
}

// learningSuggester records the fixes it is told and the times it reads
// them again; Relearn fails with err.
type learningSuggester struct {
	wordSuggester
	mu      sync.Mutex
	learned []string
	relearn int
	err     error
}

func (s *learningSuggester) Learn(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.learned = append(s.learned, from+"→"+to)
}

func (s *learningSuggester) Relearn() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.relearn++
	return s.err
}

// TestUndoRelearnsFixes: a reviewer corrects Kdln to Köln, undoes it and
// redoes it: the suggester learns the fix once and reads the fixes again
// after the undo and after the redo; when it cannot, the status line says
// so beside the undo.
func TestUndoRelearnsFixes(t *testing.T) {
	for _, fail := range []bool{false, true} {
		st := seedStore(t)
		sg := &learningSuggester{}
		if fail {
			sg.err = errors.New("store closed")
		}
		a := newTestApp(t, st, 120, 40, sg)
		selectDoc(t, a, seedID(t, "001"))
		press(t, a, "alt+2", "/")
		typeText(t, a, "Kdln")
		press(t, a, "enter", "c", "ctrl+u")
		typeText(t, a, "Köln")
		press(t, a, "enter")
		press(t, a, "u")
		undone := a.status.message()
		press(t, a, "ctrl+r")
		sg.mu.Lock()
		learned, relearn := sg.learned, sg.relearn
		sg.mu.Unlock()
		if len(learned) != 1 || learned[0] != "Kdln→Köln" || relearn != 2 {
			t.Errorf("fail=%v: learned %q, read the fixes again %d times; want Kdln→Köln once, 2", fail, learned, relearn)
		}
		warned := strings.Contains(undone, "suggestions not updated for the fixes: store closed")
		if !strings.HasPrefix(undone, "undone: correct") || warned != fail {
			t.Errorf("fail=%v: status after the undo %q", fail, undone)
		}
	}
}
