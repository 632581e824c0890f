package tui

import (
	"maps"

	tea "github.com/charmbracelet/bubbletea"

	"folio/query"
	"folio/tui/dashboard"
)

// openDashboard gathers the corpus at a glance (the list's filtered
// documents when a filter is set) in a command; the dashboard opens when
// it arrives. The open suggestions are those the records keep, or those
// counted in memory, as far as the background count has gone.
func (a *App) openDashboard() tea.Cmd {
	_, _, _, all := a.list.Counts()
	scope := dashboard.Scope{Name: "the corpus",
		Counted: !a.counter.running && all > 0}
	scope.Suggestions = maps.Clone(a.list.KeptCounts())
	filter := a.list.Filter()
	if filter != "" {
		scope.Name = "filter " + filter
	}
	st, now := a.st, a.opt.Now()
	a.status.set("gathering the corpus at a glance…")
	return func() tea.Msg {
		if filter != "" {
			q, err := query.Parse(filter)
			if err != nil {
				return dashboardMsg{err: err}
			}
			sel, err := st.Select(q, nil)
			if err != nil {
				return dashboardMsg{err: err}
			}
			scope.Sel = sel
		}
		d, err := dashboard.Load(st, scope, now)
		return dashboardMsg{d: d, err: err}
	}
}
