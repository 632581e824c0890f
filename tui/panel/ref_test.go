package panel

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/store"
	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/style"
)

// refModel is the panel as it was before it became virtual: every row
// built at Set, the cursor and the top indexes into all of them. The
// tests hold the virtual panel to it.
type refModel struct {
	keys KeyMap
	st   *style.Styles

	all    []Row
	folded map[string]bool
	rows   []Row
	cursor int
	top    int
	w, h   int

	correctKey string
	doc        *store.Document
	suggs      []suggest.Suggestion
	pending    string
	wrapAt     int
}

func newRef(keys KeyMap, st *style.Styles, correctKey string) refModel {
	return refModel{keys: keys, st: st, cursor: -1, correctKey: correctKey, folded: map[string]bool{}}
}

// refRows is every row of a document, each block built.
func refRows(d *store.Document, suggs []suggest.Suggestion, pending string, w int, correctKey string) []Row {
	m := New(DefaultKeyMap(), style.New(nil, false, nil), correctKey)
	m.SetSize(w, 1)
	m.SetPending(pending)
	m.Set(d, suggs)
	var out []Row
	for _, b := range m.all {
		out = append(out, m.blockRows(b)...)
	}
	return out
}

func (m *refModel) Set(d *store.Document, suggs []suggest.Suggestion) {
	keep := m.mark(m.suggs)
	m.doc, m.suggs, m.wrapAt = d, suggs, m.w
	m.all = refRows(d, suggs, m.pending, m.w, m.correctKey)
	m.refold(keep, suggs)
}

func (m *refModel) Rewrap() {
	if m.doc != nil && m.wrapAt != m.w {
		m.Set(m.doc, m.suggs)
	}
}

func (m *refModel) SetSize(w, h int) { m.w, m.h = w, h }

// refPlace identifies the row under the cursor across a rebuild and
// where the view stood, by blocks (an item with its own rows, or a row)
// as the virtual panel does.
type refPlace struct {
	blk     int
	annID   string
	sugg    *suggest.Suggestion
	section string
	topBlk  int
	topOff  int
}

// starts lists the rows that start a block: all but a suggestion's own.
func (m *refModel) starts() []int {
	var out []int
	inSugg := false
	for i, r := range m.rows {
		if r.Kind != Info {
			inSugg = r.Kind == Item && r.Sugg >= 0
		}
		if r.Kind != Info || !inSugg {
			out = append(out, i)
		}
	}
	return out
}

// blockOf is the block row i is in.
func blockOf(starts []int, i int) int {
	b := 0
	for b+1 < len(starts) && starts[b+1] <= i {
		b++
	}
	return b
}

func (m *refModel) mark(suggs []suggest.Suggestion) refPlace {
	p := refPlace{blk: -1}
	st := m.starts()
	if len(st) > 0 {
		p.topBlk = blockOf(st, m.top)
		p.topOff = m.top - st[p.topBlk]
	}
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return p
	}
	p.blk = blockOf(st, m.cursor)
	r := m.rows[m.cursor]
	switch {
	case r.Kind == Section:
		p.section = r.Name
	case r.Ann != nil:
		p.annID = r.Ann.ID
	case r.Sugg >= 0 && r.Sugg < len(suggs):
		s := suggs[r.Sugg]
		p.sugg = &s
	}
	return p
}

// refold shows the rows of the unfolded sections and puts the cursor back
// on what p recorded (else on the nearest row it can stand on).
func (m *refModel) refold(p refPlace, suggs []suggest.Suggestion) {
	m.rows = make([]Row, 0, len(m.all))
	fold := false
	for _, r := range m.all {
		if r.Kind == Section {
			fold = m.folded[r.Name]
		} else if fold {
			continue
		}
		m.rows = append(m.rows, r)
	}
	m.cursor = -1
	for i, r := range m.rows {
		switch {
		case r.Kind == Section:
			if p.section != "" && r.Name == p.section {
				m.cursor = i
			}
		case r.Kind != Item:
		case r.Ann != nil && p.annID != "" && r.Ann.ID == p.annID:
			m.cursor = i
		case p.sugg != nil && r.Sugg >= 0 && r.Sugg < len(suggs):
			if s := suggs[r.Sugg]; s.Start == p.sugg.Start && s.End == p.sugg.End && s.Kind == p.sugg.Kind {
				m.cursor = i
			}
		}
	}
	st := m.starts()
	if m.cursor < 0 && p.sugg != nil {
		for i, r := range m.rows {
			if r.Kind == Item && r.Sugg >= 0 && suggs[r.Sugg].Start >= p.sugg.Start {
				m.cursor = i
				break
			}
		}
	}
	if m.cursor < 0 && len(st) > 0 {
		m.cursor = m.nearItem(st[max(min(p.blk, len(st)-1), 0)])
	}
	if len(st) > 0 {
		m.top = st[min(p.topBlk, len(st)-1)] + p.topOff
	}
	m.Clamp()
}

// Fold folds or unfolds the section the cursor is in (or on).
func (m *refModel) Fold() {
	i := m.sectionOf(m.cursor)
	if i < 0 {
		return
	}
	name := m.rows[i].Name
	m.folded[name] = !m.folded[name]
	m.cursor = i // the header: the section's rows may go
	m.refold(m.mark(m.suggs), m.suggs)
}

// FoldAll folds every section, or unfolds them all when all are folded.
func (m *refModel) FoldAll() {
	all := true
	for _, r := range m.all {
		if r.Kind == Section && !m.folded[r.Name] {
			all = false
		}
	}
	for _, r := range m.all {
		if r.Kind == Section {
			m.folded[r.Name] = !all
		}
	}
	if i := m.sectionOf(m.cursor); i >= 0 {
		m.cursor = i
	}
	m.refold(m.mark(m.suggs), m.suggs)
}

// sectionOf is the index of the header of the section row i is in, or -1.
func (m *refModel) sectionOf(i int) int {
	for j := min(i, len(m.rows)-1); j >= 0; j-- {
		if m.rows[j].Kind == Section {
			return j
		}
	}
	return -1
}

// Current returns the item under the cursor; a section header is none.
func (m *refModel) Current() (Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || m.rows[m.cursor].Kind != Item {
		return Row{}, false
	}
	return m.rows[m.cursor], true
}

// stop reports whether the cursor may stand on row i: an item or a
// section header.
func (m *refModel) stop(i int) bool {
	k := m.rows[i].Kind
	return k == Item || k == Section
}

// nearestStop returns the first row the cursor may stand on at or after
// i (dir 1) or before (dir -1), or -1.
func (m *refModel) nearestStop(i, dir int) int {
	for j := i; j >= 0 && j < len(m.rows); j += dir {
		if m.stop(j) {
			return j
		}
	}
	if dir > 0 && len(m.rows) > 0 {
		return m.nearestStop(min(i, len(m.rows)-1), -1)
	}
	return -1
}

// nearItem is the first item at or after row i, else the last before
// it, else -1 (a header gets the cursor only when the reviewer moves it
// there).
func (m *refModel) nearItem(i int) int {
	for j := i; j < len(m.rows); j++ {
		if m.rows[j].Kind == Item {
			return j
		}
	}
	for j := min(i, len(m.rows)) - 1; j >= 0; j-- {
		if m.rows[j].Kind == Item {
			return j
		}
	}
	return -1
}

// edgeItem is the first (dir 1) or last (dir -1) item, else the first
// or last header, else -1.
func (m *refModel) edgeItem(dir int) int {
	from := 0
	if dir < 0 {
		from = len(m.rows) - 1
	}
	for j := from; j >= 0 && j < len(m.rows); j += dir {
		if m.rows[j].Kind == Item {
			return j
		}
	}
	return m.nearestStop(from, dir)
}

// sticky is the index of the header drawn pinned above row top: the
// header of the section top is in, when it has scrolled away; else -1.
func (m *refModel) sticky(top int) int {
	if top <= 0 || top >= len(m.rows) || m.rows[top].Kind == Section {
		return -1
	}
	return m.sectionOf(top)
}

// shown is how many rows show from top (the title and a pinned header
// take theirs).
func (m *refModel) shown(top int) int {
	vis := max(m.h-1, 0)
	if m.sticky(top) >= 0 {
		vis--
	}
	return max(vis, 0)
}

// Clamp keeps the cursor and its rows in view.
func (m *refModel) Clamp() {
	vis := max(m.h-1, 0)
	if m.cursor >= 0 {
		if m.cursor < m.top {
			m.top = m.cursor
			// show the section header above the first item
			for m.top > 0 && m.rows[m.top-1].Kind != Item && m.cursor-m.top+1 < vis {
				m.top--
				if m.rows[m.top].Kind == Section {
					break
				}
			}
		}
		// the item's own rows (a suggestion's candidates and reason)
		// show with it, as far as they fit
		end := m.cursor
		for end+1 < len(m.rows) && m.rows[end+1].Kind == Info && m.rows[end+1].Sugg < 0 && m.rows[m.cursor].Sugg >= 0 {
			end++
		}
		if vis > 0 && end >= m.top+vis {
			m.top = min(m.cursor, end-vis+1)
		}
		// a pinned header takes a row
		for m.top < m.cursor && m.cursor >= m.top+m.shown(m.top) {
			m.top++
		}
	}
	m.top = docview.Clamp(m.top, 0, max(len(m.rows)-vis, 0))
}

// step moves the cursor to the next or previous item or header.
func (m *refModel) step(dir int) {
	for j := m.cursor + dir; j >= 0 && j < len(m.rows); j += dir {
		if m.stop(j) {
			m.cursor = j
			break
		}
	}
	m.Clamp()
}

// Update moves through the panel and folds its sections; it reports
// whether it used the key (enter on an item, d and a are the app's).
func (m *refModel) Update(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, m.keys.Down):
		m.step(1)
	case key.Matches(msg, m.keys.Up):
		m.step(-1)
	case key.Matches(msg, m.keys.Top):
		m.cursor = m.edgeItem(1)
		m.top = 0
		m.Clamp()
	case key.Matches(msg, m.keys.Bottom):
		m.cursor = m.edgeItem(-1)
		m.top = len(m.rows)
		m.Clamp()
	case key.Matches(msg, m.keys.Fold):
		m.Fold()
	case key.Matches(msg, m.keys.FoldAll):
		m.FoldAll()
	case key.Matches(msg, m.keys.Jump) && m.cursor >= 0 && m.cursor < len(m.rows) && m.rows[m.cursor].Kind == Section:
		m.Fold() // enter on a header folds it
	default:
		return false
	}
	return true
}

// SelectSugg puts the cursor on open suggestion i (on the Suggestions
// header when the section is folded).
func (m *refModel) SelectSugg(i int) {
	for j, r := range m.rows {
		if r.Kind == Item && r.Sugg == i {
			m.cursor = j
			m.Clamp()
			return
		}
	}
	for j, r := range m.rows {
		if r.Kind == Section && r.Name == "Suggestions" && m.folded[r.Name] {
			m.cursor = j
			m.Clamp()
			return
		}
	}
}

// Scroll moves the view by n rows.
func (m *refModel) Scroll(n int) {
	m.top = docview.Clamp(m.top+n, 0, max(len(m.rows)-max(m.h-1, 0), 0))
}

// View draws the panel: exactly h lines of w cells.
func (m *refModel) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	title := m.st.PaneTitle
	if focused {
		title = m.st.PaneTitleFocused
	}
	out = append(out, docview.Fit(title.Render("Annotations"), m.w))
	if len(m.rows) == 0 && m.h > 1 {
		out = append(out, docview.Fit(m.st.Dim.Render("no document open"), m.w))
	}
	if p := m.sticky(m.top); p >= 0 && len(out) < m.h {
		out = append(out, m.row(p, focused))
	}
	for i := m.top; i < len(m.rows) && len(out) < m.h; i++ {
		out = append(out, m.row(i, focused))
	}
	blank := strings.Repeat(" ", m.w)
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

// row draws row i.
func (m *refModel) row(i int, focused bool) string {
	r := m.rows[i]
	var s string
	switch r.Kind {
	case Section:
		mark := "▾ "
		if m.folded[r.Name] {
			mark = "▸ "
		}
		s = docview.Fit(m.st.Section.Render(docview.Truncate(mark+r.Text, m.w)), m.w)
	case Sub:
		return docview.Fit(" "+m.st.Label(r.Text).Render(docview.Truncate(r.Text, m.w-1)), m.w)
	case Info:
		return docview.Fit(m.st.Info.Render(docview.Truncate(r.Text, m.w)), m.w)
	default:
		s = docview.Fit("  "+docview.Truncate(r.Text, m.w-2), m.w)
	}
	if i == m.cursor {
		if focused {
			s = m.st.ItemSelected.Render(ansi.Strip(s))
		} else {
			s = m.st.RowSelectedBlur.Render(ansi.Strip(s))
		}
	}
	return s
}

// Click acts on the row drawn at pane row y (row 0 is the title): the
// cursor goes to an item, and a section header (the pinned one too)
// folds or unfolds.
func (m *refModel) Click(y int) {
	if y < 1 {
		return
	}
	i := m.top + y - 1
	if p := m.sticky(m.top); p >= 0 {
		if y == 1 {
			i = p
		} else {
			i--
		}
	}
	if i >= len(m.rows) {
		return
	}
	switch m.rows[i].Kind {
	case Item:
		m.cursor = i
	case Section:
		m.cursor = i
		m.Fold()
	}
}
