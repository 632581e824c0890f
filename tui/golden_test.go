package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"folio/config"
)

// TestSession runs a whole session in a real Bubble Tea program (teatest)
// and compares the final screens with testdata/TestSession/*.golden (go
// test -update rewrites them). Colours are off (ASCII profile) and the
// store clock is fixed, so the screens are deterministic.
func TestSession(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		w, h := sz[0], sz[1]
		t.Run(itoa(w)+"x"+itoa(h), func(t *testing.T) {
			st := seedStore(t)
			a := New(st, Options{Config: config.Default(), Suggester: wordSuggester{}, Author: "tester"})
			tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
			wait := func(s string) {
				t.Helper()
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
					teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
			}
			keys := func(ks ...string) {
				for _, k := range ks {
					tm.Send(keyMsg(k))
				}
			}
			typ := func(s string) { // teatest's Type splits UTF-8 into bytes
				for _, r := range s {
					tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				}
			}
			// the list, and the background count of open suggestions
			// reaching the last document (the only one besides the open
			// one with any)
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return bytes.Contains(b, []byte("Mitteilung")) && bytes.Contains(b, []byte(" s1"))
			}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
			keys("j", "enter")
			wait("ist auf Initiative")
			keys("/")
			typ("Kdln")
			keys("enter", "c", "ctrl+u")
			typ("Köln")
			keys("enter")
			// saved, and the open suggestions after the fix are in (the
			// list's count is theirs): ] goes to the next of those, not of
			// the ones before
			wait("c1 s4")
			keys("o", "]")
			wait("corrected")
			keys("alt+3", "?")
			wait("Keys")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)

			screens := "== help overlay ==\n" + final.View() + "\n"
			final.Update(keyMsg("esc"))
			screens += "== after correcting Kdln, corrected view, panel focused ==\n" + final.View() + "\n"
			for _, l := range strings.Split(final.View(), "\n") {
				if width(l) != w {
					t.Fatalf("line of %d cells: %q", width(l), l)
				}
			}
			golden.RequireEqual(t, []byte(screens))
		})
	}
}

// TestLoopSession: a section of the panel folded, then the corpus at a
// glance, in a real program; the screens are compared with
// testdata/TestLoopSession/*.golden.
func TestLoopSession(t *testing.T) {
	const w, h = 120, 40
	st := seedStore(t)
	a := New(st, Options{Config: config.Default(), Suggester: wordSuggester{}, Author: "tester", Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Mitteilung")) && bytes.Contains(b, []byte(" s1"))
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	for _, k := range []string{"j", "enter"} {
		tm.Send(keyMsg(k))
	}
	wait("ist auf Initiative")
	// fold Suggestions: the panel's last item is a suggestion
	for _, k := range []string{"alt+3", "G", "z"} {
		tm.Send(keyMsg(k))
	}
	wait("▸ Suggestions")
	tm.Send(keyMsg("D"))
	wait("At a glance")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	screens := "== dashboard ==\n" + final.View() + "\n"
	final.Update(keyMsg("esc"))
	screens += "== Suggestions folded ==\n" + final.View() + "\n"
	for _, l := range strings.Split(screens, "\n") {
		if !strings.HasPrefix(l, "== ") && l != "" && width(l) != w {
			t.Fatalf("line of %d cells: %q", width(l), l)
		}
	}
	golden.RequireEqual(t, []byte(screens))
}
