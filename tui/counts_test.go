package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/suggest"
)

// nSuggester suggests n[prefix] fixes for each document whose id starts
// with prefix: one per character from the first.
type nSuggester map[string]int

func (s nSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	var out []suggest.Suggestion
	for p, n := range s {
		if !strings.HasPrefix(doc, p) {
			continue
		}
		for i := range n {
			out = append(out, suggest.Suggestion{Doc: doc, Start: i, End: i + 1, Text: annot.Slice(text, annot.Span{Start: i, End: i + 1}),
				Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "x", Score: 0.5}}})
		}
	}
	return out
}

func TestSuggestionCountsInBackground(t *testing.T) {
	defer func(n int) { countChunk = n }(countChunk)
	countChunk = 2 // five seeds: three chunks
	st := seedStore(t)
	sg := nSuggester{"002": 5, "004": 2}
	a := New(st, Options{Config: config.Default(), Suggester: sg, Author: "tester", Now: func() time.Time { return fixedNow }})
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})
	// the list arrives: the first chunk is under way, the status says so
	cmd := initList(t, a)
	if p := a.counter.progress(); p != "counting suggestions 0 %" {
		t.Fatalf("progress %q", p)
	}
	if v := a.View(); !strings.Contains(v, "counting suggestions 0 %") {
		t.Fatalf("the status line does not show the count:\n%s", v)
	}
	drive(t, a, cmd)
	if a.counter.running || a.counter.done != len(allListDocs(t, a)) || a.counter.progress() != "" {
		t.Fatalf("chain: %+v", a.counter)
	}
	if strings.Contains(a.View(), "counting") {
		t.Fatal("the status line still counts")
	}
	for _, d := range allListDocs(t, a) {
		want := 0
		switch {
		case strings.HasPrefix(d.ID, "002"):
			want = 5
		case strings.HasPrefix(d.ID, "004"):
			want = 2
		}
		if d.Counts.Suggestions != want {
			t.Fatalf("%s counts %d suggestions, want %d", d.ID, d.Counts.Suggestions, want)
		}
	}
	if !strings.Contains(a.View(), " s5") {
		t.Fatal("the list does not show the counts")
	}
	// S puts the worst first
	press(t, a, "alt+1", "S")
	first, second := shownDoc(t, a, 0).ID, shownDoc(t, a, 1).ID
	if !strings.HasPrefix(first, "002") || !strings.HasPrefix(second, "004") {
		t.Fatalf("sorted: %s, %s", first, second)
	}

	// an action on 002 counts it again: a fix over the first suggestion
	// leaves four
	id := seedID(t, "002")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]", "a")
	if n := len(annsOf(t, st, id, annot.KindCorrection)); n != 1 {
		t.Fatalf("%d corrections (status %q)", n, a.status.message())
	}
	if n := listDoc(t, a, id).Counts.Suggestions; n != 4 {
		t.Fatalf("after the fix: %d", n)
	}
	// a count read before that action is dropped
	send(t, a, countsMsg{seq: 0, n: 1, counts: map[string]int{id: 5}})
	if n := listDoc(t, a, id).Counts.Suggestions; n != 4 {
		t.Fatalf("a stale count won: %d", n)
	}
	press(t, a, "u")
	if n := listDoc(t, a, id).Counts.Suggestions; n != 5 {
		t.Fatalf("after undo: %d", n)
	}
}

// TestSuggestionRecountElsewhere: applying a fix everywhere changes the
// counts of documents that are not open; they are counted again.
func TestSuggestionRecountElsewhere(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	count := func(id string) int {
		d, err := st.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		return len(suggest.Open(wordSuggester{}.Suggest(id, d.Text, d.Anns), d.Anns))
	}
	other := seedID(t, "004") // two Ute Berg, never opened
	before := count(other)
	if before == 0 || listDoc(t, a, other).Counts.Suggestions != before {
		t.Fatalf("004: %d counted, %d open", listDoc(t, a, other).Counts.Suggestions, before)
	}
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2", "g")
	for range 20 {
		if s, ok := a.reader.CurrentSugg(); ok && s.Text == "Ute Berg" {
			break
		}
		press(t, a, "]")
	}
	if s, _ := a.reader.CurrentSugg(); s.Text != "Ute Berg" {
		t.Fatal("no Ute Berg suggestion")
	}
	press(t, a, "A", "y")
	after := count(other)
	if after >= before {
		t.Fatalf("apply everywhere left 004 at %d of %d", after, before)
	}
	if n := listDoc(t, a, other).Counts.Suggestions; n != after {
		t.Fatalf("004 shows %d, has %d", n, after)
	}
}

// countingSuggester is nSuggester that counts the documents it is asked
// about.
type countingSuggester struct {
	nSuggester
	asked map[string]int
}

func (s *countingSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	s.asked[doc]++
	return s.nSuggester.Suggest(doc, text, anns)
}

// launch starts an app on st as a launch does and returns it with the
// first command of its count (nil if none).
func launch(t *testing.T, st Store, sg Suggester, evidence string) (*App, tea.Cmd) {
	t.Helper()
	a := New(st, Options{Config: config.Default(), Suggester: sg, Evidence: evidence, Author: "tester", Now: func() time.Time { return fixedNow }})
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 30})
	cmd := initList(t, a)
	return a, cmd
}

// counted returns the documents the suggester was asked about less the
// one the reader opened at launch.
func (s *countingSuggester) counted(a *App) map[string]int {
	out := map[string]int{}
	for id, n := range s.asked {
		if a.cur != nil && id == a.cur.Doc.ID {
			n--
		}
		if n > 0 {
			out[id] = n
		}
	}
	return out
}

// allListDocs is every record as the list shows it (with the counts it
// keeps in memory).
func allListDocs(t testing.TB, a *App) []annot.Doc {
	t.Helper()
	docs, err := a.st.DocList()
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		docs[i] = listDoc(t, a, docs[i].ID)
	}
	return docs
}

func listCounts(t testing.TB, a *App) map[string]int {
	out := map[string]int{}
	for _, d := range allListDocs(t, a) {
		out[d.ID] = d.Counts.Suggestions
	}
	return out
}

// TestSuggestionCountsPersisted: with a store that keeps the counts, a
// launch counts only the documents changed since the last count (none
// after a full count), shows the stored counts at once, resumes a count
// cut short, and counts everything when the evidence changes.
func TestSuggestionCountsPersisted(t *testing.T) {
	defer func(n int) { countChunk = n }(countChunk)
	countChunk = 2
	st := seedStore(t)
	sg := &countingSuggester{nSuggester{"002": 5, "004": 2}, map[string]int{}}
	id2, id4 := seedID(t, "002"), seedID(t, "004")

	// first launch after the import: every document is marked; the
	// chain stops after its first chunk (the user quits)
	a, _ := launch(t, st, sg, "ev1")
	a.Update(a.startCounting(false)()) // the chain's first command, alone
	if len(sg.counted(a)) != 2 || a.counter.total != 5 || a.counter.progress() != "counting suggestions 40 %" {
		t.Fatalf("first chunk: asked %v, counter %+v, progress %q", sg.counted(a), a.counter, a.counter.progress())
	}

	// the next launch resumes: the three documents left
	sg.asked = map[string]int{}
	a, cmd := launch(t, st, sg, "ev1")
	drive(t, a, cmd)
	if len(sg.counted(a)) != 3 || a.counter.done != 3 {
		t.Fatalf("resumed count asked %v, done %d", sg.counted(a), a.counter.done)
	}

	// a launch after everything was counted counts nothing and shows the
	// stored counts
	sg.asked = map[string]int{}
	a, cmd = launch(t, st, sg, "ev1")
	if c := listCounts(t, a); c[id2] != 5 || c[id4] != 2 {
		t.Fatalf("stored counts not shown at launch: %v", c)
	}
	drive(t, a, cmd)
	if len(sg.counted(a)) != 0 || a.counter.running || a.counter.progress() != "" {
		t.Fatalf("a launch with nothing changed asked %v (counter %+v)", sg.counted(a), a.counter)
	}

	// a write outside this app marks its document: the next launch
	// counts it alone
	if _, err := st.Put(id4, annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err)
	}
	sg.asked = map[string]int{}
	a, cmd = launch(t, st, sg, "ev1")
	drive(t, a, cmd)
	if len(sg.counted(a)) != 1 || sg.counted(a)[id4] != 1 {
		t.Fatalf("after a write to %s the launch asked %v", id4, sg.counted(a))
	}

	// other evidence: every document again, once
	sg.asked = map[string]int{}
	sg.nSuggester["002"] = 1
	a, cmd = launch(t, st, sg, "ev2")
	drive(t, a, cmd)
	if len(sg.counted(a)) != 5 || listCounts(t, a)[id2] != 1 {
		t.Fatalf("new evidence: asked %v, counts %v", sg.counted(a), listCounts(t, a))
	}
	sg.asked = map[string]int{}
	a, cmd = launch(t, st, sg, "ev2")
	drive(t, a, cmd)
	if len(sg.counted(a)) != 0 || listCounts(t, a)[id2] != 1 {
		t.Fatalf("after the recount: asked %v, counts %v", sg.counted(a), listCounts(t, a))
	}
}

// TestChainStartedAgain: a chain started again (the entities changed)
// ends the one before: a message of the old chain still gives its counts
// but neither moves the new chain's place nor starts a chunk of its own,
// so that two chains never count side by side.
func TestChainStartedAgain(t *testing.T) {
	defer func(n int) { countChunk = n }(countChunk)
	countChunk = 2
	st := seedStore(t)
	sg := &countingSuggester{nSuggester{"002": 5, "004": 2}, map[string]int{}}
	a, _ := launch(t, st, sg, "ev1")
	old := a.startCounting(false)
	again := a.startCounting(true)
	msg := old().(countsMsg)
	if msg.n != 2 {
		t.Fatalf("the old chain's command counted %d, want 2", msg.n)
	}
	if next := a.countsDone(msg); next != nil {
		t.Fatal("the old chain's message started a chunk")
	}
	if a.counter.done != 0 || a.counter.after != "" || !a.counter.running {
		t.Fatalf("the old chain's message moved the new chain: %+v", a.counter)
	}
	for id, n := range msg.counts {
		if got := listCounts(t, a)[id]; got != n {
			t.Errorf("the old chain's count of %s: list shows %d, want %d", id, got, n)
		}
	}
	if next := a.countsDone(again().(countsMsg)); next == nil || a.counter.done != 2 {
		t.Fatalf("the new chain's first message: next %v, done %d", next, a.counter.done)
	}
}
