package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/tui/list"
	"folio/tui/style"
)

// listModel is the document list: a virtualized list (only the visible
// rows are drawn) over every document, filtered and sorted.
type listModel struct {
	keys   ListKeys
	dialog DialogKeys // while the filter is typed
	st     *style.Styles

	docs []annot.Doc
	rows []rowInfo
	byID map[string]int
	done int // documents with status done

	view   []int32 // indices into docs, as shown
	cursor int     // index into view
	top    int     // first visible row
	w, h   int

	loading bool
	err     string

	input     lineInput
	filtering bool   // the filter input has the keyboard
	filter    string // the filter applied to view
	prev      struct {
		filter string
		view   []int32
	}
	filterErr string
	filterGen int      // one more per refilter
	text      textPass // the text pass of the filter, if it has free words
	sortSugg  bool
	// open suggestions counted here, which outrank the stored counts
	suggCount map[string]int
}

func newList(keys ListKeys, dialog DialogKeys, st *style.Styles) listModel {
	ti := newLineInput(st, "/")
	ti.Placeholder = "words, tag:x status:todo label:PER …"
	return listModel{keys: keys, dialog: dialog, st: st, input: ti, loading: true}
}

// setDocs installs the loaded list.
func (m *listModel) setDocs(docs []annot.Doc, rows []rowInfo) {
	m.docs, m.rows, m.loading = docs, rows, false
	m.byID = make(map[string]int, len(docs))
	m.done = 0
	for i, d := range docs {
		m.byID[d.ID] = i
		if d.Status == annot.StatusDone {
			m.done++
		}
	}
	m.prev.view = nil
	m.refilter("")
}

// update replaces the records of changed documents, keeping the view.
func (m *listModel) update(docs []annot.Doc) {
	for _, d := range docs {
		i, ok := m.byID[d.ID]
		if !ok {
			continue
		}
		if m.docs[i].Status == annot.StatusDone {
			m.done--
		}
		if d.Status == annot.StatusDone {
			m.done++
		}
		if n, ok := m.suggCount[d.ID]; ok {
			d.Counts.Suggestions = n
		}
		m.docs[i] = d
		m.rows[i] = makeRow(d)
	}
	m.prev.view = nil // records changed: filter from scratch next time
}

// setSuggestions records how many open suggestions a document has.
func (m *listModel) setSuggestions(id string, n int) {
	if m.suggCount == nil {
		m.suggCount = map[string]int{}
	}
	m.suggCount[id] = n
	if i, ok := m.byID[id]; ok {
		m.docs[i].Counts.Suggestions = n
	}
}

// recounted filters and sorts again after the suggestion counts changed
// (when a sort or filter may depend on them); it reports whether the
// document under the cursor changed.
func (m *listModel) recounted() bool {
	if !m.sortSugg && m.filter == "" {
		return false
	}
	old, _ := m.current()
	m.prev.view = nil
	m.refilter(m.filter)
	d, _ := m.current()
	return d.ID != old.ID
}

// current returns the document under the cursor.
func (m *listModel) current() (annot.Doc, bool) {
	if m.cursor < 0 || m.cursor >= len(m.view) {
		return annot.Doc{}, false
	}
	return m.docs[m.view[m.cursor]], true
}

// refilter applies filter text expr to the documents, keeping the cursor on
// the same document when it is still shown.
func (m *listModel) refilter(expr string) {
	var keep string
	if d, ok := m.current(); ok {
		keep = d.ID
	}
	f, err := compileFilter(expr)
	if err != nil {
		m.filterErr = err.Error()
		return
	}
	m.filterErr = ""
	// a filter that extends the previous one only narrows its result
	base := m.prev.view
	if base == nil || f.match != nil || !strings.HasPrefix(expr, m.prev.filter) || m.prev.filter == "" || strings.ContainsAny(expr, ":-\"()") {
		base = nil
	}
	var exact, fuzzy []int32
	scan := func(i int32) {
		ok, ex := f.matches(&m.docs[i], &m.rows[i])
		switch {
		case !ok:
		case ex:
			exact = append(exact, i)
		default:
			fuzzy = append(fuzzy, i)
		}
	}
	if base != nil {
		slices.Sort(base) // back to import order for the scan
		for _, i := range base {
			scan(i)
		}
	} else {
		exact = make([]int32, 0, len(m.docs))
		for i := range m.docs {
			scan(int32(i))
		}
	}
	view := append(exact, fuzzy...)
	m.prev.filter, m.prev.view = expr, slices.Clone(view)
	m.filterGen++
	m.text = textPass{gen: m.filterGen}
	if f.text != nil && len(m.docs) > 0 {
		m.text.q, m.text.start, m.text.running = f.text, true, true
	}
	m.filter = expr
	m.view = view
	m.sortView()
	m.cursor = 0
	for i, ix := range m.view {
		if m.docs[ix].ID == keep {
			m.cursor = i
			break
		}
	}
	m.clamp()
}

// sortView orders the view by open suggestions (most first) when asked.
func (m *listModel) sortView() {
	if !m.sortSugg {
		return
	}
	slices.SortStableFunc(m.view, func(a, b int32) int {
		return m.docs[b].Counts.Suggestions - m.docs[a].Counts.Suggestions
	})
}

func (m *listModel) rowsVisible() int { return max(m.h-1, 0) }

// clamp keeps cursor and scroll offset in range and the cursor visible.
func (m *listModel) clamp() {
	n, vis := len(m.view), m.rowsVisible()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	if vis <= 0 {
		m.top = m.cursor
		return
	}
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+vis {
		m.top = m.cursor - vis + 1
	}
	m.top = min(max(m.top, 0), max(n-vis, 0))
}

// moved reports whether the cursor moved to another document: the caller
// then opens it.
func (m *listModel) move(to int) bool {
	old := m.cursor
	m.cursor = to
	m.clamp()
	return m.cursor != old
}

// Update handles a key for the list; open is true when the document under
// the cursor changed (or enter asks to read it).
func (m *listModel) Update(msg tea.KeyMsg) (changed, read bool, cmd tea.Cmd) {
	if m.filtering {
		switch {
		case key.Matches(msg, m.dialog.Cancel):
			m.filtering = false
			m.input.SetValue("")
			m.refilter("")
			return true, false, nil
		case key.Matches(msg, m.dialog.Submit):
			m.filtering = false
			return false, false, nil
		}
		m.input.Update(msg)
		if v := m.input.Value(); v != m.filter {
			old, _ := m.current()
			m.refilter(v)
			d, _ := m.current()
			return d.ID != old.ID, false, nil
		}
		return false, false, nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Down):
		return m.move(m.cursor + 1), false, nil
	case key.Matches(msg, k.Up):
		return m.move(m.cursor - 1), false, nil
	case key.Matches(msg, k.Top):
		return m.move(0), false, nil
	case key.Matches(msg, k.Bottom):
		return m.move(len(m.view) - 1), false, nil
	case key.Matches(msg, k.PageDown):
		return m.move(m.cursor + max(m.rowsVisible()/2, 1)), false, nil
	case key.Matches(msg, k.PageUp):
		return m.move(m.cursor - max(m.rowsVisible()/2, 1)), false, nil
	case key.Matches(msg, k.Open):
		return false, true, nil
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.input.SetValue(m.filter)
		return false, false, nil
	case key.Matches(msg, k.Clear):
		if m.filter != "" {
			old, _ := m.current()
			m.input.SetValue("")
			m.refilter("")
			d, _ := m.current()
			return d.ID != old.ID, false, nil
		}
	case key.Matches(msg, k.Sort):
		old, _ := m.current()
		m.sortSugg = !m.sortSugg
		m.prev.view = nil
		m.refilter(m.filter)
		d, _ := m.current()
		return d.ID != old.ID, false, nil
	}
	return false, false, nil
}

// setFilter replaces the filter (from the filter menu).
func (m *listModel) setFilter(expr string) bool {
	old, _ := m.current()
	m.input.SetValue(expr)
	m.prev.view = nil
	m.refilter(expr)
	d, _ := m.current()
	return d.ID != old.ID
}

// click selects the document on row y of the pane (0 is the header).
func (m *listModel) click(y int) bool {
	if y < 1 {
		return false
	}
	i := m.top + y - 1
	if i >= len(m.view) {
		return false
	}
	return m.move(i)
}

// scroll moves the view by n rows, dragging the cursor along.
func (m *listModel) scroll(n int) bool {
	return m.move(m.cursor + n)
}

// View draws the list at its size: exactly h lines of w cells.
func (m *listModel) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	out = append(out, m.header(focused))
	vis := m.rowsVisible()
	switch {
	case m.loading:
		out = append(out, fit(m.st.Dim.Render("loading…"), m.w))
	case m.err != "":
		out = append(out, fit(m.st.StatusErr.Render(truncate(Sanitize(m.err), m.w)), m.w))
	case len(m.view) == 0 && vis > 0:
		msg := "no documents"
		switch {
		case m.text.running:
			msg = "searching text…"
		case m.filter != "":
			msg = "no document matches"
		}
		out = append(out, fit(m.st.Dim.Render(msg), m.w))
	}
	for i := m.top; len(out) < m.h && i < len(m.view) && !m.loading; i++ {
		out = append(out, m.row(int(m.view[i]), i == m.cursor, focused))
	}
	blank := strings.Repeat(" ", m.w)
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

func (m *listModel) header(focused bool) string {
	if m.filtering {
		return m.input.View(m.w)
	}
	title := m.st.PaneTitle
	if focused {
		title = m.st.PaneTitleFocused
	}
	s := title.Render("Documents")
	if m.filter != "" {
		s += " " + m.st.FilterPrompt.Render("/") + Sanitize(m.filter)
	}
	if m.filterErr != "" {
		s += " " + m.st.StatusErr.Render(Sanitize(m.filterErr))
	}
	if m.sortSugg {
		s += " " + m.st.Dim.Render("↓sugg")
	}
	return fit(s, m.w)
}

// row draws one document (list.Row), "in text" when the text pass alone
// found it.
func (m *listModel) row(i int, selected, focused bool) string {
	note := ""
	if m.foundInText(i) {
		note = "in text"
	}
	return list.Row(m.st, &m.docs[i], m.w, note, selected, focused)
}
