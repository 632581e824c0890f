package tui

import (
	"github.com/charmbracelet/x/ansi"

	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/style"
)

// row kinds of the panel.
const (
	prSection = iota
	prSub
	prItem
	prInfo
)

// prow is one row of the annotation panel.
type prow struct {
	kind int
	text string // sanitized
	// items only
	span    annot.Span
	hasSpan bool
	ann     *annot.Annotation
	sugg    int // index into the open suggestions, or -1
}

// panelModel lists the open document's annotations by section: tags,
// entities (by label, with canonical names), corrections, marks, notes,
// suggestions and document info.
type panelModel struct {
	keys PanelKeys
	st   *style.Styles

	rows   []prow
	cursor int // index into rows (an item), -1 for none
	top    int
	w, h   int

	correctKey string // the reader's key that corrects, for the hint on suspects

	doc    *store.Document // what the rows show, kept to wrap them again
	suggs  []suggest.Suggestion
	wrapAt int // the width the rows were wrapped at
}

func newPanel(keys PanelKeys, st *style.Styles) panelModel {
	return panelModel{keys: keys, st: st, cursor: -1}
}

// set rebuilds the rows for a document, keeping the cursor on the same
// annotation when it still exists.
func (m *panelModel) set(d *store.Document, suggs []suggest.Suggestion) {
	var keepID string
	var keepSugg *suggest.Suggestion
	keepRow := m.cursor
	if it, ok := m.current(); ok && it.ann != nil {
		keepID = it.ann.ID
	} else if ok && it.sugg >= 0 && it.sugg < len(m.suggs) {
		keepSugg = &m.suggs[it.sugg]
	}
	m.doc, m.suggs, m.wrapAt = d, suggs, m.w
	m.rows = buildPanelRows(d, suggs, m.w, m.correctKey)
	m.cursor = -1
	for i, r := range m.rows {
		switch {
		case r.kind != prItem:
		case r.ann != nil && r.ann.ID == keepID && keepID != "":
			m.cursor = i
		case keepSugg != nil && r.sugg >= 0:
			if s := suggs[r.sugg]; s.Start == keepSugg.Start && s.End == keepSugg.End && s.Kind == keepSugg.Kind {
				m.cursor = i
			}
		}
	}
	if m.cursor < 0 {
		m.cursor = m.nearestItem(max(keepRow, 0), 1)
	}
	m.clamp()
}

func buildPanelRows(d *store.Document, suggs []suggest.Suggestion, w int, correctKey string) []prow {
	var rows []prow
	section := func(title string, n int) {
		rows = append(rows, prow{kind: prSection, text: fmt.Sprintf("%s (%d)", title, n), sugg: -1})
	}
	anns := annot.Sorted(d.Anns)
	by := map[annot.Kind][]*annot.Annotation{}
	for i := range anns {
		a := &anns[i]
		by[a.Kind] = append(by[a.Kind], a)
	}
	item := func(a *annot.Annotation, text string) {
		rows = append(rows, prow{kind: prItem, text: text, span: a.Span(), hasSpan: a.HasSpan(), ann: a, sugg: -1})
	}
	// the covered text is recorded on each annotation; slice the
	// document only for those that lack it
	var ix *annot.Index
	surface := func(a *annot.Annotation) string {
		t := a.Text
		if t == "" && a.HasSpan() {
			if ix == nil {
				ix = annot.NewIndex(d.Text)
			}
			t = ix.Slice(a.Span())
		}
		return quoteShort(t, 40)
	}
	stale := func(a *annot.Annotation) string {
		if a.Stale {
			return " (stale)"
		}
		return ""
	}

	section("Tags", len(by[annot.KindTag]))
	for _, a := range by[annot.KindTag] {
		item(a, "#"+Sanitize(a.Label))
	}

	ents := by[annot.KindEntity]
	section("Entities", len(ents))
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Label < ents[j].Label })
	last := ""
	for _, a := range ents {
		if a.Label != last {
			last = a.Label
			rows = append(rows, prow{kind: prSub, text: Sanitize(a.Label), sugg: -1})
		}
		t := surface(a)
		if a.Canonical != "" {
			t += " → " + Sanitize(a.Canonical)
		}
		item(a, t+stale(a))
	}

	section("Corrections", len(by[annot.KindCorrection]))
	for _, a := range by[annot.KindCorrection] {
		repl := quoteShort(a.Value, 40)
		if a.Value == "" {
			repl = "(deleted)"
		}
		item(a, surface(a)+" → "+repl+stale(a))
	}
	section("Marks", len(by[annot.KindMark]))
	for _, a := range by[annot.KindMark] {
		t := surface(a)
		if a.Value != "" {
			t += " " + Sanitize(a.Value)
		}
		item(a, t+stale(a))
	}
	section("Notes", len(by[annot.KindNote]))
	for _, a := range by[annot.KindNote] {
		t := Sanitize(a.Value)
		if a.HasSpan() {
			t = surface(a) + ": " + t
		}
		item(a, t+stale(a))
	}
	section("Suggestions", len(suggs))
	for i, s := range suggs {
		head := string(s.Kind) + " " + quoteShort(s.Text, 30)
		suspect := len(s.Candidates) == 0 && s.Kind != suggest.KindEntity
		if suspect {
			head = "suspect " + quoteShort(s.Text, 30)
		}
		rows = append(rows, prow{kind: prItem, text: head, span: annot.Span{Start: s.Start, End: s.End}, hasSpan: true, sugg: i})
		if suspect {
			rows = append(rows, prow{kind: prInfo, text: "    no fix proposed: " + correctKey + " corrects", sugg: -1})
		}
		// every candidate whole, on its own rows
		for j, c := range s.Candidates {
			if j == 9 {
				break
			}
			t := Sanitize(c.Text)
			if c.Canonical != "" {
				t += " " + Sanitize(c.Canonical)
			}
			for _, l := range wrapCells(fmt.Sprintf("%d → %s  %.2f", j+1, t, c.Score), w-4) {
				rows = append(rows, prow{kind: prInfo, text: "    " + l, sugg: -1})
			}
		}
		if s.Reason != "" {
			for _, l := range wrapCells(Sanitize(s.Reason), w-4) {
				rows = append(rows, prow{kind: prInfo, text: "    " + l, sugg: -1})
			}
		}
	}

	rows = append(rows, prow{kind: prSection, text: "Document", sugg: -1})
	doc := d.Doc
	info := func(k, v string) {
		rows = append(rows, prow{kind: prInfo, text: k + " " + Sanitize(v), sugg: -1})
	}
	info("id     ", doc.ID)
	if doc.Source != "" {
		info("source ", doc.Source)
	}
	h := doc.Hash
	if len(h) > 16 {
		h = h[:16] + "…"
	}
	info("hash   ", h)
	info("size   ", fmt.Sprintf("%s chars, %s bytes", groupDigits(doc.Size), groupDigits(doc.Bytes)))
	status := string(doc.Status)
	if status == "" {
		status = string(annot.StatusTodo)
	}
	info("status ", status)
	if doc.ChangedBy != "" || !doc.ChangedAt.IsZero() {
		when := ""
		if !doc.ChangedAt.IsZero() {
			when = doc.ChangedAt.Format("2006-01-02 15:04")
		}
		info("changed", strings.TrimSpace(doc.ChangedBy+" "+when))
	}
	return rows
}

// rewrap builds the rows again when the width changed.
func (m *panelModel) rewrap() {
	if m.doc != nil && m.wrapAt != m.w {
		m.set(m.doc, m.suggs)
	}
}

// wrapCells breaks sanitized text into lines of at most w cells, at
// spaces where it can.
func wrapCells(s string, w int) []string {
	if w < 8 || width(s) <= w {
		return []string{s}
	}
	var out []string
	for width(s) > w {
		cut := ansi.Truncate(s, w, "")
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/3 {
			cut = cut[:i]
		}
		if cut == "" {
			break
		}
		out = append(out, cut)
		s = strings.TrimLeft(s[len(cut):], " ")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// current returns the row under the cursor.
func (m *panelModel) current() (prow, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || m.rows[m.cursor].kind != prItem {
		return prow{}, false
	}
	return m.rows[m.cursor], true
}

// nearestItem returns the first item at or after i (dir 1) or before
// (dir -1), or -1.
func (m *panelModel) nearestItem(i, dir int) int {
	for j := i; j >= 0 && j < len(m.rows); j += dir {
		if m.rows[j].kind == prItem {
			return j
		}
	}
	if dir > 0 {
		return m.nearestItem(min(i, len(m.rows)-1), -1)
	}
	return -1
}

func (m *panelModel) clamp() {
	vis := max(m.h-1, 0)
	if m.cursor >= 0 {
		if m.cursor < m.top {
			m.top = m.cursor
			// show the section header above the first item
			for m.top > 0 && m.rows[m.top-1].kind != prItem && m.cursor-m.top+1 < vis {
				m.top--
				if m.rows[m.top].kind == prSection {
					break
				}
			}
		}
		// the item's own rows (a suggestion's candidates and reason)
		// show with it, as far as they fit
		end := m.cursor
		for end+1 < len(m.rows) && m.rows[end+1].kind == prInfo && m.rows[end+1].sugg < 0 && m.rows[m.cursor].sugg >= 0 {
			end++
		}
		if vis > 0 && end >= m.top+vis {
			m.top = min(m.cursor, end-vis+1)
		}
	}
	m.top = clampInt(m.top, 0, max(len(m.rows)-vis, 0))
}

// step moves the cursor to the next or previous item.
func (m *panelModel) step(dir int) {
	for j := m.cursor + dir; j >= 0 && j < len(m.rows); j += dir {
		if m.rows[j].kind == prItem {
			m.cursor = j
			break
		}
	}
	m.clamp()
}

// Update moves through the panel; enter and d are handled by the app.
func (m *panelModel) Update(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, m.keys.Down):
		m.step(1)
	case key.Matches(msg, m.keys.Up):
		m.step(-1)
	case key.Matches(msg, m.keys.Top):
		m.cursor = m.nearestItem(0, 1)
		m.top = 0
		m.clamp()
	case key.Matches(msg, m.keys.Bottom):
		m.cursor = m.nearestItem(len(m.rows)-1, -1)
		m.top = len(m.rows)
		m.clamp()
	default:
		return false
	}
	return true
}

// selectSugg puts the cursor on open suggestion i.
func (m *panelModel) selectSugg(i int) {
	for j, r := range m.rows {
		if r.kind == prItem && r.sugg == i {
			m.cursor = j
			m.clamp()
			return
		}
	}
}

// scroll moves the view by n rows.
func (m *panelModel) scroll(n int) {
	m.top = clampInt(m.top+n, 0, max(len(m.rows)-max(m.h-1, 0), 0))
}

// View draws the panel: exactly h lines of w cells.
func (m *panelModel) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	title := m.st.PaneTitle
	if focused {
		title = m.st.PaneTitleFocused
	}
	out = append(out, fit(title.Render("Annotations"), m.w))
	if len(m.rows) == 0 && m.h > 1 {
		out = append(out, fit(m.st.Dim.Render("no document open"), m.w))
	}
	for i := m.top; i < len(m.rows) && len(out) < m.h; i++ {
		r := m.rows[i]
		var s string
		switch r.kind {
		case prSection:
			s = fit(m.st.Section.Render(truncate(r.text, m.w)), m.w)
		case prSub:
			s = fit(" "+m.st.Label(r.text).Render(truncate(r.text, m.w-1)), m.w)
		case prInfo:
			s = fit(m.st.Info.Render(truncate(r.text, m.w)), m.w)
		default:
			s = fit("  "+truncate(r.text, m.w-2), m.w)
			if i == m.cursor {
				if focused {
					s = m.st.ItemSelected.Render(ansiStrip(s))
				} else {
					s = m.st.RowSelectedBlur.Render(ansiStrip(s))
				}
			}
		}
		out = append(out, s)
	}
	blank := strings.Repeat(" ", m.w)
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}
