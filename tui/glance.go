package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/dashboard"
)

// openDashboard gathers the corpus at a glance (the list's filtered
// documents when a filter is set) in a command; the dashboard opens when
// it arrives. The open suggestions come from the list's background
// count, as far as it has gone.
func (a *App) openDashboard() tea.Cmd {
	l := &a.list
	scope := dashboard.Scope{Name: "the corpus", Suggestions: map[string]int{},
		Counted: !a.counter.running && len(l.docs) > 0}
	if l.filter != "" {
		scope.Name = "filter " + l.filter
		scope.IDs = make(map[string]bool, len(l.view))
		for _, ix := range l.view {
			scope.IDs[l.docs[ix].ID] = true
		}
	}
	for _, d := range l.docs {
		if d.Counts.Suggestions > 0 {
			scope.Suggestions[d.ID] = d.Counts.Suggestions
		}
	}
	st, now := a.st, a.opt.Now()
	a.status.set("gathering the corpus at a glance…")
	return func() tea.Msg {
		d, err := dashboard.Load(st, scope, now)
		return dashboardMsg{d: d, err: err}
	}
}
