package tui

import (
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/panel"
)

// lazySuggester is wordSuggester behind a preparation, as cmd/folio's
// suggester: its first Suggest starts it (builds counts them), and it is
// ready at once unless held, then when released.
type lazySuggester struct {
	mu      sync.Mutex
	started bool
	held    bool // Ready answers false until release
	builds  int  // how many times Suggest started it
	asked   []string
}

func (l *lazySuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	l.mu.Lock()
	if !l.started {
		l.started = true
		l.builds++
	}
	l.asked = append(l.asked, doc)
	l.mu.Unlock()
	return wordSuggester{}.Suggest(doc, text, anns)
}

func (l *lazySuggester) Started() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.started
}

func (l *lazySuggester) Ready() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.started && !l.held
}

func (l *lazySuggester) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.held = false
}

func (l *lazySuggester) state() (builds int, asked []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.builds, append([]string(nil), l.asked...)
}

// countedStore is the seeds' store with every suggestion count written
// (the first launch's background count, with another suggester): a
// launch after it has nothing to count.
func countedStore(t *testing.T) *store.Store {
	t.Helper()
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	if a.counter.running || a.counter.done == 0 {
		t.Fatalf("the first launch counted nothing: %+v", a.counter)
	}
	if marked, n, err := st.StaleSuggestions("", 100); err != nil || n != 0 {
		t.Fatalf("%d documents still marked (%v, %v)", n, marked, err)
	}
	return st
}

// suggestionsSection is the panel's Suggestions header and the row under
// it, as drawn.
func suggestionsSection(t *testing.T, a *App) string {
	t.Helper()
	rows := a.panel.Rows()
	for i, r := range rows {
		if r.Kind == panel.Section && r.Name == "Suggestions" {
			out := r.Text
			if i+1 < len(rows) {
				out += "\n" + rows[i+1].Text
			}
			return out
		}
	}
	t.Fatalf("the panel has no Suggestions section: %+v", rows)
	return ""
}

// TestLazySuggesterNotStartedByTheList: a launch with nothing to count,
// then browsing the list and filtering it, never start the suggester's
// preparation (seconds of processor time and a hundred megabytes in
// cmd/folio), and the panel says the suggestions are not prepared rather
// than "(0)". Opening a document in the reader starts it, and its
// suggestions come.
func TestLazySuggesterNotStartedByTheList(t *testing.T) {
	st := countedStore(t)
	sg := &lazySuggester{}
	a := newTestApp(t, st, 160, 40, sg)
	if a.cur == nil {
		t.Fatal("no document shown beside the list")
	}
	press(t, a, "j", "j", "k", "G", "g")
	press(t, a, "/")
	typeText(t, a, "Berg")
	press(t, a, "enter")
	if a.list.Filter() != "Berg" || shown(a) == 0 {
		t.Fatalf("filter %q shows %d documents", a.list.Filter(), shown(a))
	}
	press(t, a, "j", "esc")
	if builds, asked := sg.state(); builds != 0 || len(asked) != 0 || sg.Started() {
		t.Fatalf("the list started the suggester: %d builds, asked for %v", builds, asked)
	}
	sec := suggestionsSection(t, a)
	if !strings.Contains(sec, "Suggestions (…)") || !strings.Contains(sec, "not prepared yet: enter opens the document") {
		t.Fatalf("the panel says:\n%s", sec)
	}
	if v := a.View(); strings.Contains(v, "Suggestions (0)") || !strings.Contains(v, "not prepared yet") {
		t.Fatalf("the screen does not say the suggestions are not prepared:\n%s", v)
	}

	// enter reads the document: its suggestions are prepared and come
	id := seedID(t, "001")
	selectDoc(t, a, id)
	if builds, _ := sg.state(); builds != 0 {
		t.Fatal("selecting in the list started the suggester")
	}
	press(t, a, "enter")
	if a.focus != paneReader {
		t.Fatalf("focus %v", a.focus)
	}
	builds, asked := sg.state()
	if builds != 1 || len(asked) != 1 || asked[0] != id {
		t.Fatalf("reading %s: %d builds, asked for %v", id, builds, asked)
	}
	if len(a.open) == 0 || !strings.HasPrefix(suggestionsSection(t, a), "Suggestions (") ||
		strings.Contains(suggestionsSection(t, a), "…") {
		t.Fatalf("no suggestions after opening: %d, panel %q", len(a.open), suggestionsSection(t, a))
	}
	press(t, a, "]")
	if s, ok := a.reader.CurrentSugg(); !ok || s.Text == "" {
		t.Fatal("] finds no suggestion")
	}

	// once started, browsing the list shows each document's suggestions
	press(t, a, "alt+1", "j")
	if _, asked := sg.state(); len(asked) != 2 || asked[1] == id {
		t.Fatalf("asked for %v after j", asked)
	}
	if strings.Contains(suggestionsSection(t, a), "not prepared") {
		t.Fatal("the panel still says not prepared")
	}
}

// TestLazySuggesterPreparing: while the suggester prepares, the panel says
// so (not "(0)"), and the suggestions show once it is ready.
func TestLazySuggesterPreparing(t *testing.T) {
	st := countedStore(t)
	sg := &lazySuggester{held: true}
	a := newTestApp(t, st, 160, 40, sg)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	// the reader gets the keyboard; the suggestions are held on their way
	_, cmd := a.Update(keyMsg("enter"))
	_, held := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(suggMsg); return ok })
	if len(held) != 1 {
		t.Fatalf("%d suggestion answers on their way", len(held))
	}
	sec := suggestionsSection(t, a)
	if !strings.Contains(sec, "Suggestions (…)") || !strings.Contains(sec, "preparing suggestions") {
		t.Fatalf("while preparing the panel says:\n%s", sec)
	}
	if v := a.View(); strings.Contains(v, "Suggestions (0)") || !strings.Contains(v, "preparing suggestions") {
		t.Fatalf("the screen does not say the suggestions are being prepared:\n%s", v)
	}
	// ] meanwhile says they are on their way, not that there are none
	press(t, a, "]")
	if m := a.status.message(); !strings.Contains(m, "being prepared") {
		t.Fatalf("] while preparing: status %q", m)
	}
	// another key meanwhile asks for nothing more
	press(t, a, "l")
	if _, asked := sg.state(); len(asked) != 1 {
		t.Fatalf("asked for %v", asked)
	}
	sg.release()
	for _, m := range held {
		send(t, a, m)
	}
	if sec := suggestionsSection(t, a); strings.Contains(sec, "…") || len(a.open) == 0 {
		t.Fatalf("ready: %d suggestions, the panel says:\n%s", len(a.open), sec)
	}
}

// TestLazySuggesterStartedByMarkedDocuments: a launch on a store whose
// documents an import marked counts them in the background, which starts
// the suggester; the open document's suggestions then show in the panel
// although the list has the keyboard.
func TestLazySuggesterStartedByMarkedDocuments(t *testing.T) {
	st := seedStore(t) // the import marked every document
	sg := &lazySuggester{}
	a := newTestApp(t, st, 160, 40, sg)
	builds, asked := sg.state()
	if builds != 1 || len(asked) < len(seedDocs(t)) {
		t.Fatalf("%d builds, asked for %v", builds, asked)
	}
	if marked, n, err := st.StaleSuggestions("", 100); err != nil || n != 0 {
		t.Fatalf("%d documents still marked (%v, %v)", n, marked, err)
	}
	press(t, a, "j")
	if a.focus != paneList || strings.Contains(suggestionsSection(t, a), "…") {
		t.Fatalf("focus %v, the panel says %q", a.focus, suggestionsSection(t, a))
	}
}

// preparingSuggester is a lazySuggester that says what it prepares.
type preparingSuggester struct {
	lazySuggester
	what string
}

func (p *preparingSuggester) Preparing() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.what
}

// TestPreparingSays: while the suggester files the last import's word
// counts and twins, the panel says how far it is, and the usual note
// once it says nothing.
func TestPreparingSays(t *testing.T) {
	st := countedStore(t)
	sg := &preparingSuggester{lazySuggester: lazySuggester{held: true}, what: "filing the word counts and twins of the last import, 500 of 2000 documents"}
	a := newTestApp(t, st, 160, 40, sg)
	selectDoc(t, a, seedID(t, "001"))
	_, cmd := a.Update(keyMsg("enter"))
	_, held := driveHolding(t, a, cmd, func(m tea.Msg) bool {
		switch m.(type) {
		case suggMsg, preparingMsg:
			return true
		}
		return false
	})
	if len(held) != 2 {
		t.Fatalf("held %d messages, want the suggestions and a tick", len(held))
	}
	if note := pendingRows(t, a); !strings.Contains(note, "preparing suggestions: filing the word counts and twins of the last import, 500 of 2000 documents…") {
		t.Fatalf("while filing the panel says: %s", note)
	}
	if !a.ticking {
		t.Fatal("no tick follows the preparation")
	}
	sg.mu.Lock()
	sg.what = ""
	sg.mu.Unlock()
	send(t, a, preparingMsg{}) // the tick: the note follows
	if note := pendingRows(t, a); strings.Contains(note, "filing") || !strings.Contains(note, "the dictionaries and the corpus lexicon") {
		t.Fatalf("after filing the panel says: %s", note)
	}
}

// pendingRows returns the note under the Suggestions section, its
// wrapped lines joined.
func pendingRows(t *testing.T, a *App) string {
	t.Helper()
	rows := a.panel.Rows()
	for i, r := range rows {
		if r.Kind == panel.Section && r.Name == "Suggestions" {
			var words []string
			for _, r := range rows[i+1:] {
				if r.Kind != panel.Info {
					break
				}
				words = append(words, strings.Fields(r.Text)...)
			}
			return strings.Join(words, " ")
		}
	}
	t.Fatalf("the panel has no Suggestions section: %+v", rows)
	return ""
}
