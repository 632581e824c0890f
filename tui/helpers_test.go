package tui

import (
	"folio/tui/list"
	"github.com/RoaringBitmap/roaring/v2"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/seeds"
	"folio/store"
	"folio/suggest"
)

// the store satisfies the interface the UI needs
var _ Store = (*store.Store)(nil)

var fixedNow = time.Date(2025, 3, 14, 9, 26, 0, 0, time.UTC)

// drive runs cmd and feeds every message it produces back into a,
// recursively, batches included. Quit ends it.
func drive(t testing.TB, a *App, cmd tea.Cmd) (quit bool) {
	t.Helper()
	quit, _ = driveHolding(t, a, cmd, nil)
	return quit
}

// driveHolding is drive, except that the messages hold picks are held
// back and returned instead of delivered, as if the store were slow to
// answer them (nil holds none).
func driveHolding(t testing.TB, a *App, cmd tea.Cmd, hold func(tea.Msg) bool) (quit bool, held []tea.Msg) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 10000 {
			t.Fatal("commands do not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case tea.QuitMsg:
			quit = true
		default:
			if hold != nil && hold(m) {
				held = append(held, m)
				continue
			}
			_, next := a.Update(m)
			queue = append(queue, next)
		}
	}
	return quit, held
}

// send delivers msg to a and runs what follows.
func send(t testing.TB, a *App, msg tea.Msg) bool {
	t.Helper()
	_, cmd := a.Update(msg)
	return drive(t, a, cmd)
}

// keyMsg turns a key name ("enter", "ctrl+r", "x") into a KeyMsg.
func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"ctrl+r": tea.KeyCtrlR, "ctrl+c": tea.KeyCtrlC, "ctrl+d": tea.KeyCtrlD, "ctrl+u": tea.KeyCtrlU,
		"backspace": tea.KeyBackspace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft,
		"right": tea.KeyRight, "ctrl+w": tea.KeyCtrlW, "space": tea.KeySpace,
		"ctrl+j": tea.KeyCtrlJ, "ctrl+e": tea.KeyCtrlE, "ctrl+a": tea.KeyCtrlA,
	}
	if r := strings.TrimPrefix(k, "alt+"); r != k {
		m := keyMsg(r)
		m.Alt = true
		return m
	}
	if t, ok := named[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press sends keys one by one.
func press(t testing.TB, a *App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		send(t, a, keyMsg(k))
	}
}

// typeText types s rune by rune.
func typeText(t testing.TB, a *App, s string) {
	t.Helper()
	for _, r := range s {
		if r == ' ' {
			send(t, a, keyMsg("space"))
			continue
		}
		send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// seedDocs reads the bundled seeds: id is the file name without .txt,
// title the first non-empty line.
func seedDocs(t testing.TB) []store.ImportDoc {
	t.Helper()
	var out []store.ImportDoc
	err := fs.WalkDir(seeds.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		b, err := fs.ReadFile(seeds.FS, p)
		if err != nil {
			return err
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		title := ""
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				title = strings.TrimSpace(l)
				break
			}
		}
		out = append(out, store.ImportDoc{ID: strings.TrimSuffix(filepath.Base(p), ".txt"), Title: title, Source: p, Text: text})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seedStore opens a real store in a temporary folder with the seeds.
func seedStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := st.NewImporter(nil)
	for _, d := range seedDocs(t) {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	return st
}

// wordSuggester suggests fixes for a few known OCR errors and PER for
// "Ute Berg", so that tests need not depend on package suggest's lexicon.
type wordSuggester struct{}

var knownFixes = map[string][]string{"Kdln": {"Köln", "Kiln"}, "Biindnis": {"Bündnis"}, "fiir": {"für"}}

func (wordSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	var out []suggest.Suggestion
	ix := annot.NewIndex(text)
	for w, fixes := range knownFixes {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			b := off + i
			s := ix.Rune(b)
			var cands []suggest.Candidate
			for k, f := range fixes {
				cands = append(cands, suggest.Candidate{Text: f, Score: 0.9 - float64(k)*0.3})
			}
			out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + annot.Runes(w), Text: w,
				Kind: suggest.KindOCR, Candidates: cands, Reason: "not in the lexicon; close to " + fixes[0]})
			off = b + len(w)
		}
	}
	if i := strings.Index(text, "Ute Berg"); i >= 0 {
		s := ix.Rune(i)
		out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 8, Text: "Ute Berg", Kind: suggest.KindEntity,
			Candidates: []suggest.Candidate{{Text: "PER", Score: 0.8, Canonical: "Ute Berg"}}, Reason: "known person"})
	}
	return out
}

// newTestApp builds an app on st at w×h and loads the list.
func newTestApp(t testing.TB, st Store, w, h int, sg Suggester) *App {
	t.Helper()
	return newTestAppConfig(t, st, w, h, sg, config.Default())
}

// newTestAppConfig is newTestApp with a config (labels, tag vocabulary).
func newTestAppConfig(t testing.TB, st Store, w, h int, sg Suggester, cfg config.Config) *App {
	t.Helper()
	a := New(st, Options{Config: cfg, Suggester: sg, Author: "tester", Now: func() time.Time { return fixedNow }})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// selectDoc moves the list to document id and opens it.
func selectDoc(t testing.TB, a *App, id string) {
	t.Helper()
	a.setFocus(paneList)
	drive(t, a, a.list.JumpID(id))
	if d, ok := a.list.Current(); !ok || d.ID != id {
		t.Fatalf("no document %s in the list", id)
	}
	drive(t, a, a.openCurrent(false))
}

// shown is how many documents the list shows.
func shown(a *App) int {
	_, n, _, _ := a.list.Counts()
	return n
}

// doneCount is how many documents of the store are done, as the status
// line says.
func doneCount(a *App) int {
	_, _, done, _ := a.list.Counts()
	return done
}

// shownIDs are the documents the list shows, in its order.
func shownIDs(t testing.TB, a *App) []string {
	t.Helper()
	var ids []string
	for i := range shown(a) {
		ids = append(ids, shownDoc(t, a, i).ID)
	}
	return ids
}

// shownDoc is the record of row i of the list (read from the store, with
// the counts the list keeps in memory).
func shownDoc(t testing.TB, a *App, i int) annot.Doc {
	t.Helper()
	n, ok := a.list.At(i)
	if !ok {
		t.Fatalf("no row %d", i)
	}
	docs, err := a.st.Window(roaring.BitmapOf(n), 0, 1)
	if err != nil || len(docs) != 1 {
		t.Fatalf("row %d: %v", i, err)
	}
	return listDoc(t, a, docs[0].ID)
}

// listDoc is the record of document id as the list shows it: the store's,
// with the counts the list keeps in memory.
func listDoc(t testing.TB, a *App, id string) annot.Doc {
	t.Helper()
	d, err := a.st.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := a.list.Suggestions(id); ok {
		d.Counts.Suggestions = n
	}
	return d
}

// moveTo puts the list's cursor on row i (and reads its rows).
func moveTo(t testing.TB, a *App, i int) {
	t.Helper()
	_, cmd := a.list.Scroll(i - a.list.Cursor())
	drive(t, a, cmd)
}

func seedID(t testing.TB, prefix string) string {
	for _, d := range seedDocs(t) {
		if strings.HasPrefix(d.ID, prefix) {
			return d.ID
		}
	}
	t.Fatalf("no seed %s", prefix)
	return ""
}

// statusOf is the status of document id in st.
func statusOf(t testing.TB, st *store.Store, id string) string {
	t.Helper()
	d, err := st.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	return string(d.Status)
}

// anns returns the annotations of kind k of a document.
func annsOf(t testing.TB, st *store.Store, id string, k annot.Kind) []annot.Annotation {
	t.Helper()
	d, err := st.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Of(k)
}

// checkFrame asserts that a frame is exactly w×h cells.
func checkFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: %d lines, want %d", w, h, len(lines), h)
	}
	for i, l := range lines {
		if n := width(l); n != w {
			t.Fatalf("%d×%d: line %d is %d cells, want %d: %q", w, h, i, n, w, l)
		}
	}
}

// initList runs Init's commands and hands a the list's first answer, as
// the program would, and returns what follows (with Init's other
// messages, not yet handed over).
func initList(t testing.TB, a *App) tea.Cmd {
	t.Helper()
	var msgs []tea.Msg
	var flat func(tea.Cmd)
	flat = func(c tea.Cmd) {
		if c == nil {
			return
		}
		switch m := c().(type) {
		case tea.BatchMsg:
			for _, c := range m {
				flat(c)
			}
		case nil:
		default:
			msgs = append(msgs, m)
		}
	}
	flat(a.Init())
	cmds := []tea.Cmd{}
	found := false
	for i := 0; i < len(msgs); i++ {
		m := msgs[i]
		switch m.(type) {
		case list.SelectedMsg:
			if !found {
				found = true
				_, cmd := a.Update(m)
				cmds = append(cmds, cmd)
				continue
			}
		case queueMsg: // the list's selection follows it
			_, cmd := a.Update(m)
			flat(cmd)
			continue
		}
		cmds = append(cmds, func() tea.Msg { return m })
	}
	if !found {
		t.Fatal("Init asks the list for no selection")
	}
	return tea.Batch(cmds...)
}
