package tui

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/query"
	"folio/store"
)

// keyUpdate types s into a without running the commands that follow,
// and returns the command of the last key.
func keyUpdate(a *App, s string) tea.Cmd {
	var cmd tea.Cmd
	for _, r := range s {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			k = keyMsg("space")
		}
		_, cmd = a.Update(k)
	}
	return cmd
}

// textMsgs runs cmd, batches included, and returns the text pass
// messages it produces (dropping the others).
func textMsgs(cmd tea.Cmd) []textMsg {
	if cmd == nil {
		return nil
	}
	var out []textMsg
	switch m := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range m {
			out = append(out, textMsgs(c)...)
		}
	case textMsg:
		out = append(out, m)
	}
	return out
}

// shownIDs is the list's view as sorted ids.
func shownIDs(a *App) []string {
	var ids []string
	for _, ix := range a.list.view {
		ids = append(ids, a.list.docs[ix].ID)
	}
	slices.Sort(ids)
	return ids
}

// whereIDs is what --where expr selects: query.Match with the text.
func whereIDs(t *testing.T, st *store.Store, expr string) []string {
	t.Helper()
	q, err := query.Parse(expr)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = st.Documents(nil, func(d store.Document) error {
		if q.Match(query.Subject{Doc: d.Doc, Text: func() string { return d.Text }}) {
			ids = append(ids, d.Doc.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// textSeedStore is the seeds with a tag x on 002 and 001 done.
func textSeedStore(t *testing.T) *store.Store {
	st := seedStore(t)
	tag := annot.Annotation{Kind: annot.KindTag, Label: "x"}
	done := annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)}
	if _, err := st.Do("setup", store.Op{Doc: seedID(t, "002"), Put: &tag}, store.Op{Doc: seedID(t, "001"), Put: &done}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFilterTextPass(t *testing.T) {
	st := textSeedStore(t)
	chong := seedID(t, "000")
	if got := whereIDs(t, st, "Chongqing"); !slices.Equal(got, []string{chong}) {
		t.Fatalf("the seeds changed: Chongqing in %v", got)
	}
	a := newTestApp(t, st, 120, 30, nil)
	all := shownIDs(a)

	// the key shows the preview (no title says Chongqing) and starts the
	// text pass; the status line says so
	press(t, a, "/")
	cmd := keyUpdate(a, "Chongqing")
	if len(a.list.view) != 0 || !a.list.text.running {
		t.Fatalf("preview %v, running %v", shownIDs(a), a.list.text.running)
	}
	v := a.View()
	if !strings.Contains(v, "searching text… 0 %") || !strings.Contains(v, "searching text…") {
		t.Fatalf("no progress:\n%s", v)
	}
	drive(t, a, cmd)
	if got := shownIDs(a); !slices.Equal(got, []string{chong}) {
		t.Fatalf("/Chongqing shows %v, want %v", got, []string{chong})
	}
	if a.list.text.running || a.list.text.progress(len(a.list.docs)) != "" {
		t.Fatal("the text pass still runs")
	}
	if d, _ := a.list.current(); d.ID != chong || a.cur == nil || a.cur.Doc.ID != chong {
		t.Fatalf("cursor on %q, open %v", d.ID, a.cur)
	}
	if v := a.View(); !strings.Contains(v, "in text") || strings.Contains(v, "searching text") {
		t.Fatalf("no in-text hint, or still searching:\n%s", v)
	}

	for _, sz := range [][2]int{{20, 6}, {40, 12}, {80, 24}, {200, 60}, {5, 2}} {
		send(t, a, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		checkFrame(t, a.View(), sz[0], sz[1])
	}
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})

	// clearing restores every document, without hints
	press(t, a, "esc")
	if got := shownIDs(a); !slices.Equal(got, all) || a.list.text.running || strings.Contains(a.View(), "in text") {
		t.Fatalf("cleared: %v", got)
	}
}

// TestFilterTextLikeWhere: after the text pass, the list shows what
// --where shows, for combined and negated filters.
func TestFilterTextLikeWhere(t *testing.T) {
	defer func(n int) { textChunk = n }(textChunk)
	st := textSeedStore(t)
	for _, chunk := range []int{500, 2} {
		textChunk = chunk
		a := newTestApp(t, st, 120, 30, nil)
		for _, expr := range []string{
			"Chongqing", "-Chongqing", "Chongqing status:todo", "Chongqing status:done", "Chongqing OR tag:x",
			"-Chongqing tag:x", "Köln -China", "(China OR Köln) -tag:x", `"Ute Berg"`, "-\"Ute Berg\" status:todo",
			"Kdln", "-Kdln", "China Bündnis", "tag:x OR -Chongqing", "id:00* Foshan", "nirgendwo",
		} {
			press(t, a, "/")
			typeText(t, a, expr)
			press(t, a, "enter")
			if a.list.text.running || a.list.filterErr != "" {
				t.Fatalf("%s: running %v, error %q", expr, a.list.text.running, a.list.filterErr)
			}
			want := whereIDs(t, st, expr)
			if got := shownIDs(a); !slices.Equal(got, want) {
				t.Errorf("chunk %d: /%s shows %v, --where %v", chunk, expr, got, want)
			}
			press(t, a, "esc") // clear
			if len(a.list.view) != len(a.list.docs) {
				t.Fatalf("%s: clear shows %d", expr, len(a.list.view))
			}
		}
	}
}

// TestFilterTextFuzzyPreview: a word that matches a title fuzzily shows
// it in the preview; the text pass then keeps what --where selects.
func TestFilterTextFuzzyPreview(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 30, nil)
	press(t, a, "/")
	cmd := keyUpdate(a, "kvrt") // Köln vertieft
	if got := shownIDs(a); len(got) != 1 || !strings.HasPrefix(got[0], "003") {
		t.Fatalf("preview %v", got)
	}
	drive(t, a, cmd)
	if got := shownIDs(a); len(got) != 0 || len(whereIDs(t, st, "kvrt")) != 0 {
		t.Fatalf("shows %v", got)
	}
	if v := a.View(); !strings.Contains(v, "no document matches") {
		t.Fatalf("empty list:\n%s", v)
	}
}

// TestFilterTextStale: a newer filter, or clearing it, drops the results
// of an older filter's text pass and ends its chain.
func TestFilterTextStale(t *testing.T) {
	st := textSeedStore(t)
	a := newTestApp(t, st, 120, 30, nil)
	all := shownIDs(a)
	press(t, a, "/")
	kick := textMsgs(keyUpdate(a, "Chongqing"))
	if len(kick) != 1 || kick[0].hi != 0 {
		t.Fatalf("the key sent %+v", kick)
	}
	_, cmd := a.Update(kick[0]) // the first chunk starts
	old := textMsgs(cmd)
	if len(old) != 1 || len(old[0].match) != 1 {
		t.Fatalf("text pass messages %+v", old)
	}

	// a newer filter: its preview stays until its own pass reports
	newer := keyUpdate(a, " status:todo")
	preview := shownIDs(a)
	if _, cmd := a.Update(old[0]); cmd != nil || !slices.Equal(shownIDs(a), preview) || !a.list.text.running {
		t.Fatalf("an old result changed the list: %v, preview %v", shownIDs(a), preview)
	}
	drive(t, a, newer)
	if got, want := shownIDs(a), whereIDs(t, st, "Chongqing status:todo"); !slices.Equal(got, want) {
		t.Fatalf("shows %v, want %v", got, want)
	}

	// the start of an older pass starts nothing
	press(t, a, "esc", "/")
	stale := textMsgs(keyUpdate(a, "B"))
	kick = textMsgs(keyUpdate(a, "a"))
	if len(stale) != 1 || len(kick) != 1 {
		t.Fatalf("the keys sent %+v, %+v", stale, kick)
	}
	if _, cmd := a.Update(stale[0]); cmd != nil {
		t.Fatal("an older filter's pass started")
	}

	// cleared while the pass runs: all documents, and a late result
	// changes nothing
	_, cmd = a.Update(kick[0])
	late := textMsgs(cmd)
	a.Update(keyMsg("esc"))
	for _, m := range late {
		if _, cmd := a.Update(m); cmd != nil {
			t.Fatal("an older filter's pass goes on")
		}
	}
	if got := shownIDs(a); !slices.Equal(got, all) || a.list.text.running || a.list.text.progress(len(a.list.docs)) != "" {
		t.Fatalf("after clear: %v, running %v", got, a.list.text.running)
	}
	if strings.Contains(a.View(), "searching") {
		t.Fatal("the status line still searches")
	}
}

// TestFilterTextCursor: the chunks of the text pass arrive one by one;
// the cursor stays on its document while others come and go, and moves
// on only when its own document is ruled out.
func TestFilterTextCursor(t *testing.T) {
	defer func(n int) { textChunk = n }(textChunk)
	textChunk = 1
	st := textSeedStore(t)
	a := newTestApp(t, st, 120, 30, nil)
	keep := seedID(t, "003")
	selectDoc(t, a, keep)
	if d, _ := a.list.current(); d.ID != keep {
		t.Fatalf("selected: cursor on %s", d.ID)
	}
	// as from the filter menu (typed, -C would hide it on the way)
	_, cmd := a.Update(filterMsg{expr: "-Chongqing"}) // the preview is every document
	if len(a.list.view) != len(a.list.docs) {
		t.Fatalf("preview %v", shownIDs(a))
	}
	if d, _ := a.list.current(); d.ID != keep {
		t.Fatalf("before: cursor on %s", d.ID)
	}
	steps := 0
	for msgs := textMsgs(cmd); len(msgs) > 0; steps++ {
		_, next := a.Update(msgs[0])
		if d, _ := a.list.current(); d.ID != keep {
			t.Fatalf("step %d: the cursor moved to %s", steps, d.ID)
		}
		if steps == 2 && !strings.Contains(a.View(), "searching text… 40 %") {
			t.Fatalf("step %d: progress:\n%s", steps, a.View())
		}
		msgs = textMsgs(next)
	}
	if steps != len(a.list.docs)+1 { // the start and a message per document
		t.Fatalf("%d chunks", steps)
	}
	if got, want := shownIDs(a), whereIDs(t, st, "-Chongqing"); !slices.Equal(got, want) {
		t.Fatalf("shows %v, want %v", got, want)
	}

	// the cursor's own document goes: the cursor stays on its row, and
	// the new document under it opens
	send(t, a, filterMsg{expr: ""})
	selectDoc(t, a, seedID(t, "000"))
	send(t, a, filterMsg{expr: "-Chongqing"})
	d, _ := a.list.current()
	if d.ID == seedID(t, "000") || a.cur == nil || a.cur.Doc.ID != d.ID {
		t.Fatalf("cursor on %s, open %v", d.ID, a.cur.Doc.ID)
	}
}

// TestFilterTextSorted: with the list sorted by open suggestions, the
// documents found by their text take their place in the order.
func TestFilterTextSorted(t *testing.T) {
	m := listModel{sortSugg: true}
	for i, n := range []int{5, 4, 3, 2, 1, 0} {
		m.docs = append(m.docs, annot.Doc{ID: string(rune('a' + i)), Counts: annot.Counts{Suggestions: n}})
	}
	got := m.mergeAdded([]int32{0, 2, 4}, []int32{5, 1, 3})
	if !slices.Equal(got, []int32{0, 1, 2, 3, 4, 5}) {
		t.Fatalf("merged %v", got)
	}
}

// passWatch runs an App in a real program (commands on their own
// goroutines) and reports when the text pass of filter want has ended.
type passWatch struct {
	a      *App
	want   string
	done   chan struct{}
	closed bool
}

func (w *passWatch) Init() tea.Cmd { return w.a.Init() }

func (w *passWatch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := w.a.Update(msg)
	l := &w.a.list
	if _, ok := msg.(textMsg); ok && l.filter == w.want && !l.text.running && !w.closed {
		close(w.done)
		w.closed = true
	}
	return w, cmd
}

func (w *passWatch) View() string { return w.a.View() }

// TestFilterTextConcurrent runs the text pass in a program, while keys
// move the cursor and the suggestion counts and records change (run it
// with -race): the result is what --where selects.
func TestFilterTextConcurrent(t *testing.T) {
	defer func(n int) { textChunk = n }(textChunk)
	textChunk = 50
	st := newMemStore()
	for i := range 1000 {
		text := "Köln am Rhein."
		if i%7 == 0 {
			text = "Chongqing am Jangtsekiang, Kdln."
		}
		st.add(fmt.Sprintf("d%04d", i), fmt.Sprintf("Bericht %d", i), text)
	}
	a := New(st, Options{Config: config.Default(), Suggester: wordSuggester{}})
	w := &passWatch{a: a, want: "Chongqing -Bericht OR Kdln", done: make(chan struct{})}
	p := tea.NewProgram(w, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer())
	ran := make(chan error, 1)
	go func() {
		_, err := p.Run()
		ran <- err
	}()
	go func() {
		p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
		p.Send(keyMsg("/"))
		for _, r := range "Chongqing -Bericht OR Kdln" {
			p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			p.Send(recordsMsg{docs: []annot.Doc{{ID: "d0003", Title: "neu"}}})
		}
		p.Send(keyMsg("enter"))
		for range 20 {
			p.Send(keyMsg("j"))
		}
	}()
	select {
	case <-w.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the text pass did not end")
	}
	p.Quit()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	q := query.MustParse(w.want)
	var want []string
	for _, d := range a.list.docs {
		full, _ := st.Document(d.ID)
		if q.Match(query.Subject{Doc: d, Text: func() string { return full.Text }}) {
			want = append(want, d.ID)
		}
	}
	slices.Sort(want)
	if got := shownIDs(a); !slices.Equal(got, want) || len(want) != 143 {
		t.Fatalf("shows %d, want %d", len(got), len(want))
	}
}

// noTextStore fails a test that reads a document's text: the text pass
// must be answered by the indexes.
type noTextStore struct {
	*store.Store
	t *testing.T
}

func (s noTextStore) Document(id string) (store.Document, error) {
	s.t.Errorf("the text pass read the text of %s", id)
	return s.Store.Document(id)
}

// The text pass asks the store's indexes once and reads no text: its cost
// follows the answer, not the corpus.
func TestFilterTextUsesIndexes(t *testing.T) {
	s, err := store.Open(t.TempDir()+"/f.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	im := s.NewImporter(nil)
	for i := range 40 {
		text := "Ein Text über Bottrop."
		if i%4 == 0 {
			text = "Ein Text über die Straße in Köln."
		}
		if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("d%02d", i), Title: "Titel", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	docs, err := s.DocList()
	if err != nil {
		t.Fatal(err)
	}
	q := compileText(`koeln -"über Bottrop"`)
	first := textCmd(noTextStore{s, t}, q, 1, 0, docs[:15], nil, nil)().(textMsg)
	if first.sel == nil || first.sel.GetCardinality() != 10 {
		t.Fatalf("the first chunk's selection: %v", first.sel)
	}
	rest := textCmd(noTextStore{s, t}, q, 1, 15, docs[15:], first.sel, nil)().(textMsg)
	if rest.sel != nil {
		t.Error("a later chunk asked the indexes again")
	}
	got := append(first.match, rest.match...)
	want := []int32{0, 4, 8, 12, 16, 20, 24, 28, 32, 36}
	if !slices.Equal(got, want) {
		t.Errorf("matches %v, want %v", got, want)
	}
}

// plainStore hides a store's indexes, as a client of a served store has
// none.
type plainStore struct{ Store }

// Without indexes that cover what the store reads (a served store, a
// reviewer's layers), the text pass reads the texts and decides each
// document itself, with the same answer.
func TestFilterTextWithoutIndexes(t *testing.T) {
	s, err := store.Open(t.TempDir()+"/f.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	im := s.NewImporter(nil)
	for i := range 20 {
		text := "Ein Text über Bottrop."
		if i%4 == 0 {
			text = "Ein Text über die Straße in Köln."
		}
		if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("d%02d", i), Title: "Titel", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Assign(map[string][]string{"d00": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	if _, err := s.As("rev-a").Do("done", store.Op{Doc: "d00", Put: &done}); err != nil {
		t.Fatal(err)
	}
	docs, err := s.DocList()
	if err != nil {
		t.Fatal(err)
	}
	q := compileText(`koeln -"über Bottrop"`)
	want := []int32{0, 4, 8, 12, 16}
	for _, c := range []struct {
		name string
		st   Store
	}{
		{"no indexes", plainStore{s}},
		{"a reviewer's layers", s.As("rev-a")},
	} {
		msg := textCmd(c.st, q, 1, 0, docs, nil, nil)().(textMsg)
		if msg.sel != nil {
			t.Errorf("%s: the pass asked the indexes", c.name)
		}
		if !slices.Equal(msg.match, want) {
			t.Errorf("%s: matches %v, want %v", c.name, msg.match, want)
		}
	}
	// rev-a's d00 is done in their layer alone, which the indexes do not
	// hold: their view must not be answered by them
	rev := s.As("rev-a")
	revDocs, err := rev.DocList()
	if err != nil {
		t.Fatal(err)
	}
	msg := textCmd(rev, compileText("status:done koeln"), 1, 0, revDocs, nil, nil)().(textMsg)
	if msg.sel != nil || !slices.Equal(msg.match, []int32{0}) {
		t.Errorf("rev-a's done documents with koeln: %v (indexes asked: %v), want [0]", msg.match, msg.sel != nil)
	}
}
