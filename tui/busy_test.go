package tui

import (
	"slices"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/config"
)

// TestBusyNamesTheWork: Options.Busy hears of the reading and the layout
// of the document opened, named with it, and of each end: a process
// stopped at its memory cap says what it was doing.
func TestBusyNamesTheWork(t *testing.T) {
	m := newMemStore()
	m.add("a", "Ein Blatt", "Köln, den 3. März.")
	m.add("b", "Ein anderes", "Bonn.")
	var mu sync.Mutex
	var begun []string
	open := 0
	busy := func(what string) func() {
		mu.Lock()
		defer mu.Unlock()
		begun = append(begun, what)
		open++
		return func() {
			mu.Lock()
			open--
			mu.Unlock()
		}
	}
	a := New(m, Options{Config: config.Default(), Author: "tester", Busy: busy, Now: func() time.Time { return fixedNow }})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
	selectDoc(t, a, "b")
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{`opening document "b"`, `laying out document "b"`} {
		if !slices.Contains(begun, want) {
			t.Errorf("Busy heard %q, not %q", begun, want)
		}
	}
	if open != 0 {
		t.Errorf("%d of %q never ended", open, begun)
	}
}
