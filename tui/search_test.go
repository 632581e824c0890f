package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/action"
	"folio/tui/overlay"
)

// slowFinder is a store whose corpus-wide search for slow runs until its
// context is given up, as the search of a very large corpus runs past
// the reviewer's esc; started says it began.
type slowFinder struct {
	*store.Store
	slow    string
	started chan struct{}
}

func (s slowFinder) FindWordContext(ctx context.Context, word string, progress func(done, total int)) (map[string][]annot.Span, error) {
	if word != s.slow {
		return s.Store.FindWordContext(ctx, word, progress)
	}
	s.started <- struct{}{}
	<-ctx.Done()
	return nil, ctx.Err()
}

// fixes suggests to for each whole word from of a text.
func fixes(pairs ...string) SuggestFunc {
	return func(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
		var out []suggest.Suggestion
		for i := 0; i+1 < len(pairs); i += 2 {
			for _, sp := range annot.WordSpans([]byte(text), []byte(pairs[i])) {
				out = append(out, suggest.Suggestion{Doc: doc, Start: sp.Start, End: sp.End, Text: pairs[i], Kind: suggest.KindOCR,
					Candidates: []suggest.Candidate{{Text: pairs[i+1], Score: 0.9}}})
			}
		}
		return out
	}
}

// streetStore is a store of one page where Strasse comes before konnen.
func streetStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "Zeile %d: die Strasse am Hafen, wir konnen sie sehen.\n", i)
	}
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "page", Title: "Hafen", Text: b.String()}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	return st
}

// messages runs cmd and the commands it batches, without feeding their
// messages back.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, messages(c)...)
		}
		return out
	default:
		return []tea.Msg{m}
	}
}

// TestEverywhereGivenUp: esc stops the running search (its context is
// cancelled and the search returns), and what a search given up sends (a
// plan, a progress) is dropped: after esc, ] and A on the next
// suggestion, only that suggestion's plan is previewed.
func TestEverywhereGivenUp(t *testing.T) {
	slow := slowFinder{Store: streetStore(t), slow: "Strasse", started: make(chan struct{}, 1)}
	a := newTestApp(t, slow, 80, 24, fixes("Strasse", "Straße", "konnen", "können"))
	selectDoc(t, a, "page")
	press(t, a, "alt+2", "g", "]")
	if s, _ := a.reader.CurrentSugg(); s.Text != "Strasse" {
		t.Fatalf("] is on %q, want Strasse", s.Text)
	}
	_, cmd := a.Update(keyMsg("A"))
	if v, h := ansi.Strip(a.statusView()), ansi.Strip(a.helpView()); !a.search.running() || !strings.Contains(v, "looking for “Strasse”…") || !strings.HasPrefix(h, "esc give up the search") {
		t.Fatalf("A started no search: status %q, help %q", v, h)
	}
	old := a.search.seq
	got := make(chan []tea.Msg, 1)
	go func() { got <- messages(cmd) }() // as Bubble Tea runs a command
	<-slow.started
	press(t, a, "esc")
	if a.search.running() || !strings.Contains(a.status.message(), "gave up") {
		t.Fatalf("esc: search %v, status %q", a.search, a.status.message())
	}
	select {
	case ms := <-got:
		if len(ms) != 1 {
			t.Fatalf("the search given up sent %#v", ms)
		}
		if m, ok := ms[0].(action.PlanMsg); !ok || !errors.Is(m.Err, context.Canceled) || m.Seq != old {
			t.Fatalf("the search given up sent %#v, want its plan cancelled", ms[0])
		}
		send(t, a, ms[0])
		if a.overlay != nil || a.status.hasError() {
			t.Fatalf("the cancelled search shows %T, status %q", a.overlay, a.status.message())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("esc did not stop the search")
	}

	press(t, a, "]")
	if s, _ := a.reader.CurrentSugg(); s.Text != "konnen" {
		t.Fatalf("] is on %q, want konnen", s.Text)
	}
	_, cmd = a.Update(keyMsg("A"))
	if !a.search.running() || a.search.seq == old {
		t.Fatalf("the second A started no search of its own: %+v", a.search)
	}
	// what the first search would have sent had it ended just before esc
	ran := false
	for _, m := range []tea.Msg{
		action.ProgressMsg{Seq: old, Searched: 1, Docs: 1, Next: func() tea.Msg { ran = true; return nil }},
		action.PlanMsg{Seq: old, What: "correct “Strasse” → “Straße” everywhere", Docs: 1, Places: 1,
			Ops:   []store.Op{{Doc: "page", Put: &annot.Annotation{Kind: annot.KindCorrection, Start: 13, End: 20, Value: "Straße"}}},
			Where: []string{"page: die ⟦Strasse⟧ am Hafen"}},
	} {
		send(t, a, m)
		if a.overlay != nil || ran || !a.search.running() {
			t.Fatalf("%T of the search given up: overlay %T, next run %v, search %+v", m, a.overlay, ran, a.search)
		}
	}
	// the search on its way shows its progress
	send(t, a, action.ProgressMsg{Seq: a.search.seq, Searched: 2, Docs: 3})
	if v := ansi.Strip(a.statusView()); !strings.Contains(v, "looking for “konnen”: 2/3 documents") {
		t.Fatalf("no progress on the status line: %q", v)
	}
	drive(t, a, cmd)
	o, ok := a.overlay.(*overlay.Preview)
	if !ok || !strings.Contains(o.Title(), "konnen") || len(o.Places()) != 40 || a.search.running() {
		t.Fatalf("overlay %T (status %q), want the konnen preview of 40 places", a.overlay, a.status.message())
	}
	if v := ansi.Strip(a.statusView()); strings.Contains(v, "konnen”:") {
		t.Fatalf("the progress stays after the plan came: %q", v)
	}
}

// TestPreviewFits: the preview of many places keeps above the status
// line at every terminal size: the status line is drawn whole, the box
// ends above it, and every line is the terminal's width.
func TestPreviewFits(t *testing.T) {
	st := streetStore(t)
	for _, sz := range []struct{ w, h int }{{20, 10}, {80, 24}, {120, 40}, {40, 5}, {30, 3}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			a := newTestApp(t, st, sz.w, sz.h, fixes("Strasse", "Straße"))
			selectDoc(t, a, "page")
			press(t, a, "alt+2", "g", "]", "A")
			if _, ok := a.overlay.(*overlay.Preview); !ok {
				t.Fatalf("overlay %T, want the preview", a.overlay)
			}
			lines := strings.Split(a.View(), "\n")
			if len(lines) != sz.h {
				t.Fatalf("%d lines, want %d", len(lines), sz.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != sz.w {
					t.Fatalf("line %d is %d cells: %q", i, w, ansi.Strip(l))
				}
			}
			g := a.geo
			if status := ansi.Strip(a.statusView()); ansi.Strip(lines[g.statusRow]) != status {
				t.Fatalf("the status line is drawn over:\n%s", ansi.Strip(a.View()))
			}
			if g.body < 5 {
				return // no room for a frame and a margin: the places alone
			}
			bottom := -1
			for i, l := range lines {
				if strings.Contains(l, "╰") {
					bottom = i
				}
			}
			if bottom < 0 || bottom >= g.statusRow {
				t.Fatalf("the box ends on line %d, the status line is %d:\n%s", bottom, g.statusRow, ansi.Strip(a.View()))
			}
		})
	}
}
