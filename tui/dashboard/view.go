package dashboard

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/docview"
	"folio/tui/overlay"
	"folio/tui/style"
)

// Model shows a Data as a scrolling page; it is an overlay.Overlay.
type Model struct {
	st   *style.Styles
	keys overlay.HelpKeys
	d    Data
	page overlay.Pager
}

// New returns the dashboard of d.
func New(st *style.Styles, keys overlay.HelpKeys, d Data) *Model {
	return &Model{st: st, keys: keys, d: d}
}

// Title names the scope.
func (m *Model) Title() string { return "At a glance: " + docview.Sanitize(m.d.Scope.Name) }

// Bar reports false: the dashboard is a box.
func (m *Model) Bar() bool { return false }

// Data is what the dashboard shows.
func (m *Model) Data() Data { return m.d }

// Update scrolls or closes.
func (m *Model) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	return m.page.Update(m.keys, msg), nil
}

// ShortHelp is the dashboard's one-line help.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// sparks are the eight heights of a sparkline.
var sparks = []rune("▁▂▃▄▅▆▇█")

// Spark draws one cell per value, scaled to the largest (a space for 0).
func Spark(vals []int) string {
	hi := 0
	for _, v := range vals {
		hi = max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		switch {
		case v <= 0 || hi == 0:
			b.WriteRune(' ')
		default:
			b.WriteRune(sparks[min((v*len(sparks)-1)/hi, len(sparks)-1)])
		}
	}
	return b.String()
}

// Bar draws n of most as a bar of at most w cells (at least one cell for
// any n > 0).
func Bar(n, most, w int) string {
	if n <= 0 || most <= 0 || w <= 0 {
		return ""
	}
	return strings.Repeat("█", max(n*w/most, 1))
}

// View draws the page from the scroll position: at most h lines of
// exactly w cells.
func (m *Model) View(w, h int) []string {
	return m.page.Cut(m.lines(w), h)
}

func (m *Model) lines(w int) []string {
	d := m.d
	var out []string
	add := func(s string) { out = append(out, docview.Fit(s, w)) }
	head := func(s string) { add(m.st.Section.Render(docview.Truncate(s, w))) }
	dim := m.st.Dim.Render
	barW := max(min(w/3, 30), 4)
	// a row: name in a column, a bar, the count and a note
	row := func(name string, nameW, n, most int, note string) {
		name = docview.Fit(docview.Truncate(docview.Sanitize(name), nameW), nameW)
		bar := docview.Fit(Bar(n, most, barW), barW)
		s := " " + name + " " + bar + " " + docview.GroupDigits(n)
		if note != "" {
			s += " " + dim(note)
		}
		add(docview.Truncate(s, w))
	}

	st := d.Stats
	head(fmt.Sprintf("Documents %s", docview.GroupDigits(st.Documents)))
	for _, s := range []string{"todo", "done", "rejected"} {
		n := st.ByStatus[s]
		note := ""
		if st.Documents > 0 {
			note = fmt.Sprintf("%d %%", n*100/st.Documents)
		}
		row(s, 9, n, st.Documents, note)
	}
	add(dim(fmt.Sprintf(" %s corrections · %s marks · %s notes · %s stale",
		docview.GroupDigits(st.Corrections), docview.GroupDigits(st.Marks), docview.GroupDigits(st.Notes), docview.GroupDigits(st.Stale))))
	add("")

	sugg := fmt.Sprintf("Open suggestions %s in %s", docview.GroupDigits(d.Suggested), docview.Plural(d.SuggDocs, "document", "documents"))
	if !d.Scope.Counted {
		sugg += " (still counting)"
	}
	head(sugg)
	most := 0
	if len(d.Top) > 0 {
		most = d.Top[0].N
	}
	for _, t := range d.Top {
		row(t.ID, min(24, w/4), t.N, most, docview.Sanitize(t.Title))
	}
	add("")

	head("Entities by label (mentions)")
	most = 0
	for _, l := range d.Labels {
		most = max(most, l.Mentions)
	}
	if len(d.Labels) == 0 {
		add(dim(" none labelled yet"))
	}
	for _, l := range d.Labels {
		var names []string
		for i, e := range l.Entities {
			if i == 3 {
				names = append(names, "…")
				break
			}
			names = append(names, fmt.Sprintf("%s %d", docview.Sanitize(e.Name), e.Mentions))
		}
		note := docview.Plural(len(l.Entities), "canonical", "canonical")
		if len(names) > 0 {
			note += ": " + strings.Join(names, ", ")
		}
		row(l.Label, 9, l.Mentions, most, note)
	}
	add("")

	head("Tags (documents)")
	if len(d.Tags) == 0 {
		add(dim(" no tags"))
	}
	most = 0
	if len(d.Tags) > 0 {
		most = d.Tags[0].N
	}
	for i, t := range d.Tags {
		if i == topN {
			add(dim(fmt.Sprintf(" … %d more", len(d.Tags)-topN)))
			break
		}
		row("#"+t.ID, 16, t.N, most, "")
	}
	add("")

	from, to := d.First.Format("01-02"), d.First.AddDate(0, 0, Days-1).Format("01-02")
	head(fmt.Sprintf("Activity %s … %s (one cell a day)", from, to))
	total := func(v [Days]int) int {
		n := 0
		for _, x := range v {
			n += x
		}
		return n
	}
	add(fmt.Sprintf(" %-12s %s %s", "actions", Spark(d.Actions[:]), docview.GroupDigits(total(d.Actions))))
	add(fmt.Sprintf(" %-12s %s %s", "corrections", Spark(d.Fixes[:]), docview.GroupDigits(total(d.Fixes))))
	add(fmt.Sprintf(" %-12s %s %s", "marked done", Spark(d.Done[:]), docview.GroupDigits(total(d.Done))))
	for _, r := range d.Reviewers {
		name := docview.Fit(docview.Truncate(docview.Sanitize(r.Name), 12), 12)
		add(" " + name + " " + Spark(r.Corrections[:]) + " " + dim(docview.Plural(total(r.Corrections), "correction", "corrections")+", "+docview.Plural(r.Actions, "action", "actions")))
	}
	add("")

	head("Latest changes")
	switch {
	case d.ActivityErr != "":
		add(dim(" the change log could not be read: " + docview.Sanitize(d.ActivityErr)))
	case len(d.Recent) == 0:
		add(dim(" nothing yet"))
	}
	for _, a := range d.Recent {
		what := docview.Sanitize(a.What)
		if a.Kind == "undo" || a.Kind == "redo" {
			what = a.Kind + ": " + what
		}
		add(" " + dim(a.Time.Format("2006-01-02 15:04")) + " " + docview.Sanitize(a.Author) + "  " + what)
	}
	return out
}
