package reader

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"folio/annot"
	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/style"
)

// Model shows one document, wrapped to the pane, with a cursor and
// a selection. The layout (docview.View) is built in a tea.Cmd once per
// document, width and view mode; keys only move positions and draw the
// visible lines.
type Model struct {
	keys KeyMap
	st   *style.Styles

	V      *docview.View // the layout shown, nil until the first arrives; read only
	title  string
	cursor int // view position
	anchor int // selection anchor, -1 for none
	// own says the selection was started by v (or a mouse drag), not
	// made by a search, a suggestion or an undo: v ends only such a one
	own bool
	// wordEnd says w put the cursor where it is, on a word's first
	// letter: a selection up to it ends at the end of the word before
	wordEnd bool
	goal    int // wanted column for j/k
	top     int // first visible line
	w, h    int
	mode    docview.Mode
	gen     int // generation of the last layout asked for

	sugg      int       // the suggestion ] or [ selected (index into v.Suggs), -1 for none
	wantFirst string    // a document whose first suggestion is to be selected once it shows
	want      *wantSpan // a span to select once its document shows
	dragFrom  int       // where a mouse press put the cursor, -1 when no button is down

	query string     // last search
	match annot.Span // last match (view), empty for none

	styleCache map[uint32]lipgloss.Style
	remember   map[string]int // stored cursor per document
}

// New returns an empty reader with keys and styles st.
func New(keys KeyMap, st *style.Styles) Model {
	return Model{keys: keys, st: st, anchor: -1, sugg: -1, dragFrom: -1, styleCache: map[uint32]lipgloss.Style{}, remember: map[string]int{}}
}

// wantSpan is a span of a document to select when it shows.
type wantSpan struct {
	doc  string
	span annot.Span
}

// textWidth is the layout width: one column is kept free for the cursor
// at a line's end.
func (m *Model) TextWidth() int { return max(m.w-1, 1) }

func (m *Model) textHeight() int { return max(m.h-1, 0) }

// install replaces the layout, keeping cursor and selection on the same
// stored positions (or restoring the position last seen in a document).
// A preview (v.Partial) shows only when that position lies in it, and
// the whole view then installs as on a document's opening.
func (m *Model) Install(v *docview.View) {
	old := m.V
	if v.Partial && !m.previewFits(v) {
		return
	}
	if old != nil && old.Partial {
		// a preview stands for nothing: the whole view installs as if
		// the document had just opened
		m.V, old = nil, nil
	}
	cur := 0
	var sel annot.Span
	hasSel := false
	switch {
	case old != nil && old.ID == v.ID:
		cur = old.ToStored(m.cursor, true)
		if vs, ok := m.Selection(); ok {
			sel, hasSel = old.SpanToStored(vs), true
		}
	default:
		if old != nil {
			m.remember[old.ID] = old.ToStored(m.cursor, true)
		}
		cur = m.remember[v.ID]
		m.match = annot.Span{}
		m.top = 0
	}
	var selSugg *suggest.Suggestion
	if i := m.selectedSugg(); i >= 0 && old != nil && old.ID == v.ID {
		selSugg = &old.Suggs[i]
	}
	m.V = v
	m.cursor = docview.Clamp(v.ToView(cur, true), 0, v.Len())
	m.anchor, m.wordEnd = -1, false
	m.sugg = -1
	defer func() {
		switch {
		case v.Partial:
			// what is wanted of the document waits for the whole view
		case m.want != nil && m.want.doc == v.ID:
			sp := m.want.span
			sp.Start, sp.End = min(sp.Start, v.StoredLen()), min(sp.End, v.StoredLen())
			m.SelectSpan(sp)
			m.want = nil
		case m.wantFirst == v.ID && len(v.SuggV) > 0:
			m.wantFirst = ""
			m.selectSugg(0)
		case selSugg != nil:
			m.SelectSuggAt(*selSugg)
		}
	}()
	if hasSel {
		vs := v.SpanToView(sel)
		if vs.End > vs.Start {
			m.anchor = vs.Start
			m.cursor = max(v.PrevPos(vs.End), vs.Start)
		}
	}
	m.ScrollTo(m.cursor, old == nil || old.ID != v.ID)
	m.goal = v.ColOf(m.cursor)
}

// previewFits reports whether preview v shows what the document opens
// on: the position last seen in it lies in its first half, and no span
// or suggestion is waiting to be selected in it.
func (m *Model) previewFits(v *docview.View) bool {
	if m.want != nil && m.want.doc == v.ID || m.wantFirst == v.ID {
		return false
	}
	return m.remember[v.ID] <= v.StoredLen()/2
}

// scrollTo makes view position p visible (centred when center is set).
func (m *Model) ScrollTo(p int, center bool) {
	if m.V == nil {
		return
	}
	k, h := m.V.LineOf(p), m.textHeight()
	if h <= 0 {
		m.top = k
		return
	}
	if center && (k < m.top || k >= m.top+h) {
		m.top = k - h/3
	}
	if k < m.top {
		m.top = k
	}
	if k >= m.top+h {
		m.top = k - h + 1
	}
	m.top = docview.Clamp(m.top, 0, max(len(m.V.Lines)-1, 0))
}

// selection returns the selected view span: from anchor to cursor, the
// character under the cursor included (as vim's visual mode), except
// after w: w moves to the next word's first letter, and a selection
// extended so ends at the end of the word before it, its white space and
// punctuation left out (as vim's cw changes to the word's end), so that
// v w w selects two whole words for a label, a cut or a correction. The
// selection drawn is the one the actions take.
func (m *Model) Selection() (annot.Span, bool) {
	if m.V == nil || m.anchor < 0 {
		return annot.Span{}, false
	}
	a, b := m.anchor, m.cursor
	if a > b {
		a, b = b, a
	}
	end := max(m.V.UnitEnd(b), a)
	if m.wordEnd && m.cursor > m.anchor && m.V.WordStartAt(m.cursor) {
		if e := m.V.WordEndBefore(m.cursor); e > a {
			end = e
		}
	}
	return annot.Span{Start: a, End: end}, true
}

// target is the stored span an action applies to: the selection, else the
// word under the cursor.
func (m *Model) Target() (annot.Span, bool) {
	if m.V == nil {
		return annot.Span{}, false
	}
	sp, ok := m.Selection()
	if !ok {
		sp = m.V.WordAt(m.cursor)
	}
	if sp.End <= sp.Start {
		return annot.Span{}, false
	}
	st := m.V.SpanToStored(sp)
	return st, st.End > st.Start
}

// storedCursor is the cursor in stored code points.
func (m *Model) StoredCursor() int {
	if m.V == nil {
		return 0
	}
	return m.V.ToStored(m.cursor, true)
}

// currentSugg returns the open suggestion under the cursor.
func (m *Model) CurrentSugg() (suggest.Suggestion, bool) {
	i := m.suggIndex()
	if i < 0 {
		return suggest.Suggestion{}, false
	}
	return m.V.Suggs[i], true
}

// suggIndex is the index of the open suggestion under the cursor: the one
// ] or [ selected while the cursor stays in it (suggestions may share a
// span), else the first that holds the cursor; -1 for none.
func (m *Model) suggIndex() int {
	if i := m.selectedSugg(); i >= 0 {
		return i
	}
	if m.V == nil {
		return -1
	}
	return m.V.SuggAt(m.cursor)
}

// selectedSugg is the suggestion ] or [ selected, if the cursor is still
// in it, else the one the selection covers exactly (an undo brings a
// suggestion back with its span selected, a search may select one): the
// suggestion shown as selected, that a decides and that ] and [ step
// from; -1 for none.
func (m *Model) selectedSugg() int {
	if m.V == nil {
		return -1
	}
	if m.sugg >= 0 && m.sugg < len(m.V.SuggV) {
		s := m.V.SuggV[m.sugg]
		if s.Start <= m.cursor && (m.cursor < s.End || m.cursor == s.Start) {
			return m.sugg
		}
	}
	sel, ok := m.Selection()
	if !ok {
		return -1
	}
	// the suggestions are in text order
	sv := m.V.SuggV
	for i := sort.Search(len(sv), func(i int) bool { return sv[i].Start >= sel.Start }); i < len(sv) && sv[i].Start == sel.Start; i++ {
		if sv[i] == sel {
			return i
		}
	}
	return -1
}

// selectSpan selects a stored span and moves the cursor to its last
// character.
func (m *Model) SelectSpan(sp annot.Span) {
	if m.V == nil {
		return
	}
	vs := m.V.SpanToView(sp)
	m.selectView(vs)
}

func (m *Model) selectView(vs annot.Span) {
	m.anchor, m.own, m.wordEnd = vs.Start, false, false
	m.cursor = max(m.V.PrevPos(vs.End), vs.Start)
	if vs.End <= vs.Start {
		m.cursor, m.anchor = vs.Start, -1
	}
	m.goal = m.V.ColOf(m.cursor)
	m.ScrollTo(m.cursor, true)
}

// jumpSugg moves to the next (or previous) open suggestion in text order
// and selects it, wrapping around the document. From a suggestion it
// steps to its neighbour; elsewhere it takes the first that starts at or
// after the cursor (the last that starts before it, going back), so that
// a suggestion at the cursor, offset 0 included, is not skipped.
func (m *Model) jumpSugg(back bool) bool {
	if m.V == nil || len(m.V.SuggV) == 0 {
		return false
	}
	n := len(m.V.SuggV)
	pick := -1
	switch cur := m.selectedSugg(); {
	case cur >= 0 && back:
		pick = (cur - 1 + n) % n
	case cur >= 0:
		pick = (cur + 1) % n
	case back:
		for i := n - 1; i >= 0; i-- {
			if m.V.SuggV[i].Start < m.cursor {
				pick = i
				break
			}
		}
		if pick < 0 {
			pick = n - 1
		}
	default:
		for i := 0; i < n; i++ {
			if m.V.SuggV[i].Start >= m.cursor {
				pick = i
				break
			}
		}
		if pick < 0 {
			pick = 0
		}
	}
	m.selectSugg(pick)
	return true
}

// selectSuggAt selects the open suggestion with s's span and kind, if
// there is one.
func (m *Model) SelectSuggAt(s suggest.Suggestion) bool {
	if m.V == nil {
		return false
	}
	for i, o := range m.V.Suggs {
		if o.Start == s.Start && o.End == s.End && o.Kind == s.Kind {
			m.selectSugg(i)
			return true
		}
	}
	return false
}

// nextAfterDecision selects the open suggestion after the one under the
// cursor that a decision on it leaves open: the next in text order that
// does not overlap it (an entity suggestion over a fixed word stays, it is
// not the same decision). It reports false when there is none.
func (m *Model) NextAfterDecision() bool {
	cur := m.suggIndex()
	if cur < 0 {
		return false
	}
	c, isEnt := m.V.SuggV[cur], m.V.Suggs[cur].Kind == suggest.KindEntity
	for j := cur + 1; j < len(m.V.SuggV); j++ {
		if m.V.SuggV[j].Overlaps(c) && (m.V.Suggs[j].Kind == suggest.KindEntity) == isEnt {
			continue
		}
		m.selectSugg(j)
		return true
	}
	return false
}

// selectSugg selects open suggestion i.
func (m *Model) selectSugg(i int) {
	m.selectView(m.V.SuggV[i])
	m.sugg = i
}

// Find searches for q and selects the match, wrapping around the
// document. From a match of q it steps to the next (the one before,
// going back); elsewhere it takes the first that starts at or after the
// cursor, or the selection's start (the last that ends before it, going
// back), so that a match there, offset 0 included, is not skipped.
func (m *Model) Find(q string, back bool) bool {
	if m.V == nil {
		return false
	}
	onMatch := q == m.query && m.match.End > m.match.Start && m.anchor == m.match.Start &&
		m.cursor >= m.match.Start && m.cursor < m.match.End
	m.query = q
	from := m.cursor
	if sel, ok := m.Selection(); ok {
		from = sel.Start
	}
	if onMatch && !back {
		from = m.cursor + 1
	}
	sp, ok := m.V.Search(q, from, back)
	if !ok {
		m.match = annot.Span{}
		return false
	}
	m.match = sp
	m.selectView(sp)
	return true
}

// move sets the cursor, keeping the wanted column unless keepGoal.
func (m *Model) move(p int, keepGoal bool) {
	m.cursor = docview.Clamp(p, 0, m.V.Len())
	m.wordEnd = false
	if !keepGoal {
		m.goal = m.V.ColOf(m.cursor)
	}
	m.ScrollTo(m.cursor, false)
}

func (m *Model) moveLines(n int) {
	k := docview.Clamp(m.V.LineOf(m.cursor)+n, 0, len(m.V.Lines)-1)
	m.move(m.V.PosAtCol(k, m.goal), true)
}

// Update handles a reader key that only moves or selects. It reports
// whether the key was one.
func (m *Model) Update(msg tea.KeyMsg) bool {
	if m.V == nil {
		return false
	}
	k, half := m.keys, max(m.textHeight()/2, 1)
	switch {
	case key.Matches(msg, k.Down):
		m.moveLines(1)
	case key.Matches(msg, k.Up):
		m.moveLines(-1)
	case key.Matches(msg, k.HalfDown):
		m.top = docview.Clamp(m.top+half, 0, max(len(m.V.Lines)-1, 0))
		m.moveLines(half)
	case key.Matches(msg, k.HalfUp):
		m.top = docview.Clamp(m.top-half, 0, max(len(m.V.Lines)-1, 0))
		m.moveLines(-half)
	case key.Matches(msg, k.Top):
		m.move(0, false)
	case key.Matches(msg, k.Bottom):
		m.move(int(m.V.Lines[len(m.V.Lines)-1].V), false)
	case key.Matches(msg, k.WordNext):
		m.move(m.V.WordNext(m.cursor), false)
		m.wordEnd = true
	case key.Matches(msg, k.WordPrev):
		m.move(m.V.WordPrev(m.cursor), false)
	case key.Matches(msg, k.Right):
		m.move(m.V.NextPos(m.cursor), false)
	case key.Matches(msg, k.Left):
		m.move(m.V.PrevPos(m.cursor), false)
	case key.Matches(msg, k.Home):
		m.move(m.V.TextLineStart(m.cursor), false)
	case key.Matches(msg, k.End):
		m.move(m.V.TextLineEnd(m.cursor), false)
	case key.Matches(msg, k.ParaNext):
		m.move(m.V.ParaNext(m.cursor), false)
	case key.Matches(msg, k.ParaPrev):
		m.move(m.V.ParaPrev(m.cursor), false)
	case key.Matches(msg, k.Visual):
		// v ends a selection it started; on one a search, a suggestion
		// or an undo made it starts a new one at the cursor
		if m.anchor >= 0 && m.own {
			m.anchor, m.own = -1, false
		} else {
			m.anchor, m.own = m.cursor, true
		}
	case key.Matches(msg, k.Cancel):
		m.anchor = -1
		m.match = annot.Span{}
	case key.Matches(msg, k.NextMatch):
		m.Find(m.query, false)
	case key.Matches(msg, k.PrevMatch):
		m.Find(m.query, true)
	case key.Matches(msg, k.NextSugg):
		m.jumpSugg(false)
	case key.Matches(msg, k.PrevSugg):
		m.jumpSugg(true)
	default:
		return false
	}
	return true
}

// posAt is the view position drawn at column x of pane row y (row 0 is
// the title).
func (m *Model) PosAt(x, y int) (int, bool) {
	if m.V == nil || y < 1 {
		return 0, false
	}
	k := m.top + y - 1
	if k >= len(m.V.Lines) {
		return 0, false
	}
	return m.V.PosAtCol(k, max(x, 0)), true
}

// click puts the cursor at p: on a suggestion it selects the suggestion,
// elsewhere it ends any selection and a drag from p may start one.
func (m *Model) Click(p int) {
	m.anchor = -1
	m.move(p, false)
	m.dragFrom = p
	if i := m.V.SuggAt(p); i >= 0 {
		m.selectSugg(i)
	}
}

// drag extends a selection from where the button went down to p.
func (m *Model) Drag(p int) {
	if m.V == nil || m.dragFrom < 0 {
		return
	}
	m.anchor, m.own = m.dragFrom, true
	m.move(p, false)
}

// scroll moves the view by n lines, keeping the cursor on screen.
func (m *Model) Scroll(n int) {
	if m.V == nil {
		return
	}
	m.top = docview.Clamp(m.top+n, 0, max(len(m.V.Lines)-1, 0))
	k := m.V.LineOf(m.cursor)
	if h := m.textHeight(); h > 0 && (k < m.top || k >= m.top+h) {
		m.cursor, m.wordEnd = m.V.PosAtCol(docview.Clamp(k, m.top, m.top+h-1), m.goal), false
	}
}

// View draws the reader: a title line and the visible text lines.
func (m *Model) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	head := m.st.Title(focused).Render("Reader")
	if m.V != nil {
		head += " " + m.st.Dim.Render(m.mode.String())
		if m.V.HasConf && m.st.Heat() {
			// the heat shading's legend
			head += " " + m.st.Dim.Render("conf") + " " + m.st.ConfLow.Render(fmt.Sprintf("<%.0f%%", docview.ConfLow*100)) +
				" " + m.st.ConfMid.Render(fmt.Sprintf("<%.0f%%", docview.ConfMid*100))
		}
	}
	if m.title != "" {
		head += " " + docview.Truncate(m.title, max(m.w-docview.Width(head)-1, 0))
	}
	out = append(out, docview.Fit(head, m.w))
	blank := strings.Repeat(" ", m.w)
	if m.V == nil {
		if m.h > 1 {
			out = append(out, docview.Fit(m.st.Dim.Render("no document open"), m.w))
		}
		for len(out) < m.h {
			out = append(out, blank)
		}
		return out
	}
	sel, hasSel := m.Selection()
	for k := m.top; len(out) < m.h && k < len(m.V.Lines); k++ {
		out = append(out, m.renderLine(k, sel, hasSel, focused))
	}
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

// renderLine draws wrapped line k: runs of units with the same style are
// rendered together.
func (m *Model) renderLine(k int, sel annot.Span, hasSel, focused bool) string {
	v := m.V
	ln := v.Lines[k]
	end := v.LineEnd(k)
	rs := v.RangesIn(int(ln.V), max(end, int(ln.V)+1))
	var b strings.Builder
	var run strings.Builder
	runKey := uint32(0)
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runKey == 0 {
			b.WriteString(run.String())
		} else {
			b.WriteString(m.style(runKey).Render(run.String()))
		}
		run.Reset()
	}
	add := func(key uint32, s string) {
		if key != runKey {
			flush()
			runKey = key
		}
		run.WriteString(s)
	}
	col := 0
	cursorDrawn := false
	// the selected fix: the damaged word struck through, its candidate
	// beside it
	var cs annot.Span
	if i := m.selectedSugg(); i >= 0 && len(v.Suggs[i].Candidates) > 0 && v.Suggs[i].Kind != suggest.KindEntity {
		cs = v.SuggV[i]
	}
	v.WalkLine(k, func(c docview.Cell) bool {
		if col+c.W > m.w {
			return false
		}
		var key uint32
		if c.P < 0 {
			switch d := v.Decos[c.Deco]; d.Kind {
			case docview.DecoFix:
				key = uint32(docview.FlagIns)<<16 | 0xffff
			case docview.DecoSuspect:
				key = uint32(docview.FlagMark)<<16 | 0xffff
			default:
				key = uint32(docview.FlagEntity)<<16 | uint32(uint16(d.Label)) | 1<<31
			}
		} else {
			var fl uint16
			label := int16(-1)
			for _, r := range rs {
				if int(r.S) <= c.P && c.P < int(r.E) {
					fl |= r.Flags
					if r.Flags&docview.FlagEntity != 0 {
						label = r.Label
					}
				}
			}
			if hasSel && sel.Start <= c.P && c.P < sel.End {
				fl |= docview.FlagSel
			}
			if cs.End > cs.Start && cs.Start <= c.P && c.P < cs.End {
				fl |= docview.FlagDel
			}
			if m.match.End > m.match.Start && m.match.Start <= c.P && c.P < m.match.End {
				fl |= docview.FlagMatch
			}
			if c.P == m.cursor && focused {
				fl |= docview.FlagCursor
				cursorDrawn = true
			}
			if fl != 0 {
				key = uint32(fl)<<16 | uint32(uint16(label))
			}
		}
		add(key, c.Disp)
		col += c.W
		return true
	})
	if focused && !cursorDrawn && m.cursor >= int(ln.V) && m.cursor == end && (m.cursor < v.Len() && v.Text[v.ByteOf(m.cursor)] == '\n' || m.cursor == v.Len()) && col < m.w {
		add(uint32(docview.FlagCursor)<<16|0xffff, " ")
		col++
	}
	flush()
	if col < m.w {
		b.WriteString(strings.Repeat(" ", m.w-col))
	}
	return b.String()
}

// style returns the cached style of a run key: flags in the high half,
// the label index in the low half, bit 31 for a label chip.
func (m *Model) style(k uint32) lipgloss.Style {
	if s, ok := m.styleCache[k]; ok {
		return s
	}
	fl, li := uint16(k>>16&0x7fff), int16(uint16(k))
	label := ""
	if li >= 0 && m.V != nil && int(li) < len(m.V.Labels) {
		label = m.V.Labels[li]
	}
	st := m.st
	s := st.NewStyle()
	if k&(1<<31) != 0 {
		s = st.Label(label).Faint(true)
		m.styleCache[k] = s
		return s
	}
	// the first style to set a property wins: cursor over selection over
	// match over the annotations
	for _, f := range []struct {
		bit   uint16
		style lipgloss.Style
	}{
		{docview.FlagCursor, st.Cursor}, {docview.FlagSel, st.Selection}, {docview.FlagMatch, st.Match}, {docview.FlagDel, st.Del}, {docview.FlagIns, st.Ins},
		{docview.FlagEntity, st.Label(label)}, {docview.FlagMark, st.Mark}, {docview.FlagSugg, st.Sugg}, {docview.FlagCorr, st.Corrected}, {docview.FlagCut, st.Dim},
		{docview.FlagConfLow, st.ConfLow}, {docview.FlagConfMid, st.ConfMid},
	} {
		if fl&f.bit != 0 {
			s = s.Inherit(f.style)
		}
	}
	m.styleCache[k] = s
	return s
}

// Accessors and setters the root calls.

// Cursor is the cursor's view position.
func (m *Model) Cursor() int { return m.cursor }

// Top is the first line shown.
func (m *Model) Top() int { return m.top }

// SetSize gives the reader its pane's size.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Size is the pane's size.
func (m *Model) Size() (w, h int) { return m.w, m.h }

// Title is the open document's title, sanitized.
func (m *Model) Title() string { return m.title }

// SetTitle sets the sanitized title shown above the text.
func (m *Model) SetTitle(t string) { m.title = t }

// Mode is the view mode: original, corrected or diff.
func (m *Model) Mode() docview.Mode { return m.mode }

// SetMode sets the view mode (a new layout must follow).
func (m *Model) SetMode(v docview.Mode) { m.mode = v }

// NextGen starts a new layout generation and returns it: only the layout
// of the last generation asked for is installed.
func (m *Model) NextGen() int {
	m.gen++
	return m.gen
}

// Gen is the generation of the last layout asked for.
func (m *Model) Gen() int { return m.gen }

// Selecting reports whether a selection is open.
func (m *Model) Selecting() bool { return m.anchor >= 0 }

// ClearSelection ends the selection.
func (m *Model) ClearSelection() { m.anchor = -1 }

// WantFirst asks for the first suggestion of document id to be selected
// when its layout arrives.
func (m *Model) WantFirst(id string) { m.wantFirst = id }

// KeepWantOnly drops a wish for a document other than id (another one
// was opened meanwhile).
func (m *Model) KeepWantOnly(id string) {
	if m.wantFirst != id {
		m.wantFirst = ""
	}
}

// Want asks for span sp (stored) of document doc to be selected when its
// layout arrives.
func (m *Model) Want(doc string, sp annot.Span) { m.want = &wantSpan{doc: doc, span: sp} }

// EndDrag ends a mouse drag.
func (m *Model) EndDrag() { m.dragFrom = -1 }

// Shows reports whether the reader's layout is of document id (right
// after another document opens it may still be the one before, or only
// a preview of the beginning of id: the keys wait for the whole).
func (m *Model) Shows(id string) bool { return m.V != nil && m.V.ID == id && !m.V.Partial }

// NeedsLayout reports whether the reader has no layout yet or one built
// for another width than its text's.
func (m *Model) NeedsLayout() bool { return m.V == nil || m.V.Width != m.TextWidth() }

// StoredSelection is the selection in stored code points, when there is
// a non-empty one.
func (m *Model) StoredSelection() (annot.Span, bool) {
	vs, ok := m.Selection()
	if !ok {
		return annot.Span{}, false
	}
	sp := m.V.SpanToStored(vs)
	return sp, sp.End > sp.Start
}

// StoredText is the stored text of span sp of document id, whose stored
// text is text: read from the layout when it shows id's original text.
func (m *Model) StoredText(id, text string, sp annot.Span) string {
	if m.Shows(id) && m.V.Mode == docview.Original {
		return m.V.Slice(sp)
	}
	return annot.Slice(text, sp)
}

// CorrectedText is the corrected text of span sp (stored code points) of
// document id, whose stored text and annotations are text and anns: read
// from the layout when it shows id's corrected text.
func (m *Model) CorrectedText(id, text string, anns []annot.Annotation, sp annot.Span) string {
	if m.Shows(id) && m.V.Mode == docview.Corrected {
		return m.V.Slice(m.V.SpanToView(sp))
	}
	c := annot.Apply(text, anns)
	return annot.Slice(c.Text, c.Map.SpanToCorrected(sp))
}

// AnnotationAt returns, of anns (document id's) that keep accepts, the
// one the selection covers exactly, else the innermost under the cursor:
// the shortest, of equal ones the last to start. It finds none while the
// layout is still another document's: its cursor is no place in this one.
func (m *Model) AnnotationAt(id string, anns []annot.Annotation, keep func(annot.Annotation) bool) (annot.Annotation, bool) {
	if !m.Shows(id) {
		return annot.Annotation{}, false
	}
	var sel annot.Span
	if vs, ok := m.Selection(); ok {
		sel = m.V.SpanToStored(vs)
	}
	p := m.StoredCursor()
	var best *annot.Annotation
	for i := range anns {
		x := &anns[i]
		if !x.HasSpan() || !keep(*x) {
			continue
		}
		if sel.End > sel.Start && x.Span() == sel {
			return *x, true
		}
		if x.Start <= p && p < x.End && (best == nil || x.Span().Len() < best.Span().Len() || x.Span().Len() == best.Span().Len() && x.Start > best.Start) {
			best = x
		}
	}
	if best == nil {
		return annot.Annotation{}, false
	}
	return *best, true
}
