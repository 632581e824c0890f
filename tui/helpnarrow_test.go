package tui

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"folio/config"
)

// TestHelpNarrowGolden opens ? on a terminal of 20 columns in a real
// program and pages through it with ctrl+d: the descriptions and the
// section names wider than the box wrap (they were cut: "tab next p",
// "T remove ta"), so every binding's key and description of the key map
// can be read whole on some page. The pages are compared with
// testdata/TestHelpNarrowGolden.golden (go test -update rewrites it).
func TestHelpNarrowGolden(t *testing.T) {
	const w, h = 20, 40
	st := seedStore(t)
	a := New(st, Options{Config: config.Default(), Author: "tester", Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("LIST")) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(keyMsg("?"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("HELP")) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)

	var screens strings.Builder
	var inside []string // the box's lines, each once (pages overlap)
	view := final.View()
	for page := 1; ; page++ {
		if page > 50 {
			t.Fatal("ctrl+d never reached the end of the help")
		}
		screens.WriteString("== page " + itoa(page) + " ==\n" + view + "\n")
		var box []string
		for _, l := range strings.Split(view, "\n") {
			if width(l) != w {
				t.Fatalf("page %d: a line of %d cells: %q", page, width(l), l)
			}
			if l = ansi.Strip(l); strings.HasPrefix(l, "│") {
				box = append(box, strings.Trim(l, "│ "))
			}
		}
		inside = appendPage(inside, box)
		final.Update(keyMsg("ctrl+d"))
		next := final.View()
		if next == view {
			break
		}
		view = next
	}
	// wrapped at spaces (or, a word wider than the column, inside it):
	// compared without them
	text := strings.ReplaceAll(strings.Join(inside, ""), " ", "")
	has := func(s string) bool { return strings.Contains(text, strings.ReplaceAll(s, " ", "")) }
	kt := reflect.ValueOf(final.keys)
	for i := 0; i < kt.NumField(); i++ {
		g := kt.Field(i).Interface()
		if _, isTag := g.(TagKeys); isTag {
			continue // shown only with a tag vocabulary
		}
		for name, b := range bindingsOf(g) {
			if hp := b.Help(); !has(hp.Key + hp.Desc) {
				t.Errorf("the help at %d columns does not show %s whole: %q %q", w, name, hp.Key, hp.Desc)
			}
		}
	}
	for _, sec := range helpSections(final.keys, nil, "") {
		if !has(sec.Name) {
			t.Errorf("the help at %d columns cuts the section name %q", w, sec.Name)
		}
	}
	golden.RequireEqual(t, []byte(screens.String()))
}

// appendPage appends the lines of page to lines, less those it repeats
// of their end (a page down keeps lines of the page before in sight).
func appendPage(lines, page []string) []string {
	for k := min(len(lines), len(page)); k > 0; k-- {
		if slices.Equal(lines[len(lines)-k:], page[:k]) {
			return append(lines, page[k:]...)
		}
	}
	return append(lines, page...)
}
