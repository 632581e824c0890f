// Package list is the document list of folio's interface: a window over
// the documents a filter selects. It holds the selection as a bitmap of
// document numbers (import order), a cursor and the records of the rows
// on screen, never the corpus: filtering, counting and jumping are
// answered by the store's indexes (Source), each inside a tea.Cmd, and
// memory stays flat as the corpus grows.
package list

import (
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/query"
	"folio/tui/docview"
	"folio/tui/style"
)

// Source is what the list reads from the store. *store.Store satisfies
// it. Every call happens inside a tea.Cmd.
type Source interface {
	// Select returns the numbers of the documents q selects; fill, if
	// not nil, completes a record before it is matched.
	Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error)
	// Window returns the records at places [from, from+n) of sel.
	Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error)
}

// KeyMap holds the list's bindings.
type KeyMap struct {
	Up, Down, Top, Bottom, PageDown, PageUp key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the list's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       bind("k/↑", "up", "k", "up"),
		Down:     bind("j/↓", "down", "j", "down"),
		Top:      bind("g", "first", "g", "home"),
		Bottom:   bind("G", "last", "G", "end"),
		PageDown: bind("ctrl+d", "page down", "ctrl+d", "pgdown"),
		PageUp:   bind("ctrl+u", "page up", "ctrl+u", "pgup"),
	}
}

// SelectedMsg carries a new selection (a filter's answer).
type SelectedMsg struct {
	gen    int
	filter string
	sel    *roaring.Bitmap
	done   int // of the selection, status done
	keep   uint32
	err    error
}

// WindowMsg carries the records of rows [from, from+len(docs)).
type WindowMsg struct {
	gen, from int
	docs      []annot.Doc
	err       error
}

// Model is the list's state.
type Model struct {
	keys KeyMap
	st   *style.Styles
	src  Source

	sel    *roaring.Bitmap // the documents shown, by number
	total  int             // sel's cardinality
	done   int             // of them, status done
	filter string          // the filter sel answers
	gen    int             // one more per selection, to drop stale answers

	cursor, top int
	w, h        int

	// the window: records of rows [from, from+len(rows))
	from int
	rows []annot.Doc

	loading bool
	err     string
}

// New returns an empty list reading src; Load fills it.
func New(src Source, keys KeyMap, st *style.Styles) Model {
	return Model{keys: keys, st: st, src: src, sel: roaring.New(), loading: true}
}

// SetSize sets the pane's size; the cmd reads rows that came into view.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.w, m.h = w, h
	m.clamp()
	return m.ensure()
}

// Load selects every document.
func (m *Model) Load() tea.Cmd { return m.SetFilter("") }

// SetFilter asks for the documents expr selects, keeping the cursor on
// its document when that is still shown. A malformed expr returns its
// error and changes nothing.
func (m *Model) SetFilter(expr string) (cmd tea.Cmd) {
	q, err := query.Parse(expr)
	if err != nil {
		return func() tea.Msg { return SelectedMsg{gen: -1, err: err} }
	}
	m.gen++
	gen, src := m.gen, m.src
	var keep uint32
	if d, ok := m.Current(); ok {
		keep = uint32(d.Seq)
	}
	return func() tea.Msg {
		sel, err := src.Select(q, nil)
		if err != nil {
			return SelectedMsg{gen: gen, err: err}
		}
		done, err := src.Select(query.MustParse("status:done"), nil)
		if err != nil {
			return SelectedMsg{gen: gen, err: err}
		}
		return SelectedMsg{gen: gen, filter: expr, sel: sel, done: int(sel.AndCardinality(done)), keep: keep}
	}
}

// Filter is the filter the list shows the answer of.
func (m *Model) Filter() string { return m.filter }

// Err is the last error, "" for none.
func (m *Model) Err() string { return m.err }

// Counts returns the cursor's place (from 1), the documents shown and how
// many of them are done.
func (m *Model) Counts() (pos, total, done int) {
	return min(m.cursor+1, m.total), m.total, m.done
}

// Current returns the document under the cursor, when its row is read.
func (m *Model) Current() (annot.Doc, bool) {
	i := m.cursor - m.from
	if m.total == 0 || i < 0 || i >= len(m.rows) {
		return annot.Doc{}, false
	}
	return m.rows[i], true
}

// Jump moves the cursor to document number n and reports whether the
// list shows it; the cmd reads its rows (Update then reports the change).
func (m *Model) Jump(n uint32) (bool, tea.Cmd) {
	if !m.sel.Contains(n) {
		return false, nil
	}
	_, cmd := m.move(int(m.sel.Rank(n)) - 1)
	return true, cmd
}

// Update handles the list's keys and messages. changed reports that the
// document under the cursor changed (the root then opens it); it may
// change later, when the cmd's rows arrive (Update reports it then).
func (m *Model) Update(msg tea.Msg) (changed bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case SelectedMsg:
		if msg.err != nil {
			m.loading = false
			m.err = msg.err.Error()
			return false, nil
		}
		if msg.gen != m.gen {
			return false, nil // a newer filter is on its way
		}
		old, _ := m.Current()
		m.err, m.loading = "", false
		m.sel, m.total, m.done, m.filter = msg.sel, int(msg.sel.GetCardinality()), msg.done, msg.filter
		m.rows, m.from = nil, 0
		m.cursor = 0
		if msg.keep != 0 && m.sel.Contains(msg.keep) {
			m.cursor = int(m.sel.Rank(msg.keep)) - 1
		}
		m.top = m.cursor - m.rowsVisible()/2
		m.clamp()
		return old.ID != "", m.ensure()
	case WindowMsg:
		if msg.gen != m.gen {
			return false, nil
		}
		if msg.err != nil {
			m.err = msg.err.Error()
			return false, nil
		}
		_, had := m.Current()
		m.from, m.rows = msg.from, msg.docs
		_, has := m.Current()
		return !had && has, m.ensure()
	case tea.KeyMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Down):
			return m.move(m.cursor + 1)
		case key.Matches(msg, k.Up):
			return m.move(m.cursor - 1)
		case key.Matches(msg, k.Top):
			return m.move(0)
		case key.Matches(msg, k.Bottom):
			return m.move(m.total - 1)
		case key.Matches(msg, k.PageDown):
			return m.move(m.cursor + max(m.rowsVisible()/2, 1))
		case key.Matches(msg, k.PageUp):
			return m.move(m.cursor - max(m.rowsVisible()/2, 1))
		}
	}
	return false, nil
}

// Refresh replaces the records of changed documents held in the window
// (the root reads them after an action).
func (m *Model) Refresh(docs []annot.Doc) {
	for _, d := range docs {
		for i := range m.rows {
			if m.rows[i].ID == d.ID {
				m.rows[i] = d
			}
		}
	}
}

// move puts the cursor on row to; changed reports another document.
func (m *Model) move(to int) (bool, tea.Cmd) {
	old := m.cursor
	m.cursor = to
	m.clamp()
	if m.cursor == old {
		return false, nil
	}
	_, ok := m.Current()
	return ok, m.ensure()
}

func (m *Model) rowsVisible() int { return max(m.h-1, 0) }

// clamp keeps cursor and scroll offset in range and the cursor visible.
func (m *Model) clamp() {
	n, vis := m.total, m.rowsVisible()
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

// ensure returns a cmd reading the rows on screen when the window does
// not hold them all: a screen above and below as well, so that scrolling
// reads again only every screen or so.
func (m *Model) ensure() tea.Cmd {
	vis := max(m.rowsVisible(), 1)
	lo, hi := m.top, min(m.top+vis, m.total)
	if m.total == 0 || lo >= m.from && hi <= m.from+len(m.rows) {
		return nil
	}
	from := max(lo-vis, 0)
	n := 3 * vis
	gen, sel, src := m.gen, m.sel, m.src
	return func() tea.Msg {
		docs, err := src.Window(sel, from, n)
		return WindowMsg{gen: gen, from: from, docs: docs, err: err}
	}
}

// View draws the list at its size: exactly h lines of w cells. header is
// the first line (the root's: the pane title or the filter input).
func (m *Model) View(header string, focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	out = append(out, docview.Fit(header, m.w))
	switch {
	case m.loading:
		out = append(out, docview.Fit(m.st.Dim.Render("loading…"), m.w))
	case m.err != "":
		out = append(out, docview.Fit(m.st.StatusErr.Render(docview.Truncate(docview.Sanitize(m.err), m.w)), m.w))
	case m.total == 0 && m.h > 1:
		msg := "no documents"
		if m.filter != "" {
			msg = "no document matches"
		}
		out = append(out, docview.Fit(m.st.Dim.Render(msg), m.w))
	}
	blank := strings.Repeat(" ", m.w)
	for i := m.top; len(out) < m.h && i < m.total && !m.loading; i++ {
		j := i - m.from
		if j < 0 || j >= len(m.rows) {
			out = append(out, blank) // on its way
			continue
		}
		out = append(out, Row(m.st, &m.rows[j], m.w, "", i == m.cursor, focused))
	}
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

var glyphs = map[annot.Status]string{
	annot.StatusTodo:     "○",
	annot.StatusDone:     "✓",
	annot.StatusRejected: "✗",
}

// Title is the title a row shows: the record's, or its id.
func Title(d *annot.Doc) string {
	if t := docview.Sanitize(strings.TrimSpace(d.Title)); t != "" {
		return t
	}
	return docview.Sanitize(d.ID)
}

// Row draws one document in w cells: status glyph, title, tag chips,
// counts (after note, such as "in text").
func Row(st *style.Styles, d *annot.Doc, w int, note string, selected, focused bool) string {
	g, gs := glyphs[d.Status], st.GlyphTodo
	switch d.Status {
	case annot.StatusDone:
		gs = st.GlyphDone
	case annot.StatusRejected:
		gs = st.GlyphReject
	default:
		g = glyphs[annot.StatusTodo]
	}
	var counts []string
	if n := d.Counts.Corrections; n > 0 {
		counts = append(counts, "c"+strconv.Itoa(n))
	}
	if n := d.Counts.Marks; n > 0 {
		counts = append(counts, "m"+strconv.Itoa(n))
	}
	if n := d.Counts.Suggestions; n > 0 {
		counts = append(counts, "s"+strconv.Itoa(n))
	}
	cnt := strings.TrimSpace(note + " " + strings.Join(counts, " "))
	var chips string
	for _, t := range d.Tags {
		chips += " #" + docview.Sanitize(t)
	}
	avail := w - 2 // glyph and space
	right := docview.Width(cnt)
	if right > 0 {
		right++
	}
	chipW := docview.Width(chips)
	if avail-right-chipW < min(12, avail/2) {
		chips = docview.Truncate(chips, max(avail-right-min(12, avail/2), 0))
		chipW = docview.Width(chips)
	}
	titleW := max(avail-right-chipW, 0)
	title := docview.Truncate(Title(d), titleW)
	pad := max(avail-docview.Width(title)-chipW-right, 0)
	line := gs.Render(g) + " " + title + st.Chip.Render(chips) + strings.Repeat(" ", pad)
	if right > 0 {
		line += " " + st.Counts.Render(cnt)
	}
	line = docview.Fit(line, w)
	if selected {
		plain := stripANSI(line)
		if focused {
			return st.RowSelected.Render(plain)
		}
		return st.RowSelectedBlur.Render(plain)
	}
	return line
}

func stripANSI(s string) string { return ansi.Strip(s) }
