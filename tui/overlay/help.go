package overlay

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/docview"
	"folio/tui/style"
)

// HelpSection is one part of the full help: a name and its groups of
// bindings, drawn side by side as far as they fit, or a text (sanitized
// already), wrapped at spaces to the width.
type HelpSection struct {
	Name   string
	Groups [][]key.Binding
	Text   string
}

// Help shows every key binding, by section, with bubbles/help.
type Help struct {
	st       *style.Styles
	keys     HelpKeys
	sections []HelpSection
	page     Pager
}

// NewHelp returns the full help over sections.
func NewHelp(st *style.Styles, keys HelpKeys, sections []HelpSection) *Help {
	return &Help{st: st, keys: keys, sections: sections}
}

// Title says how to scroll and close.
func (o *Help) Title() string {
	k := o.keys
	return "Keys (" + k.Down.Help().Key + " " + k.Up.Help().Key + " scroll, " + k.Close.Help().Key + " closes)"
}

// Bar reports false: the help is a box.
func (o *Help) Bar() bool { return false }

// Update scrolls or closes.
func (o *Help) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	return o.page.Update(o.keys, msg), nil
}

// ShortHelp is the help's one-line help.
func (o *Help) ShortHelp() []key.Binding { return o.keys.ShortHelp() }

// View draws the sections from the scroll position.
func (o *Help) View(w, h int) []string {
	hm := help.New()
	hm.Styles = o.st.Help
	hm.FullSeparator = "  "
	hm.Width = 0
	var out []string
	for _, sec := range o.sections {
		// nothing is cut: a name, a text or a description wider than
		// the box wraps, and the page scrolls
		for _, l := range docview.Wrap(sec.Name, w) {
			out = append(out, docview.Fit(o.st.Section.Render(l), w))
		}
		for _, l := range docview.Wrap(sec.Text, w) {
			out = append(out, docview.Fit(l, w))
		}
		// as many groups side by side as fit, then the next row of groups
		groups := sec.Groups
		for len(groups) > 0 {
			n := 1
			for n < len(groups) && docview.Width(widest(hm.FullHelpView(groups[:n+1]))) <= w {
				n++
			}
			view := hm.FullHelpView(groups[:n])
			if docview.Width(widest(view)) > w {
				out = append(out, wrapGroup(hm.Styles, groups[0], w)...)
			} else {
				for _, l := range strings.Split(view, "\n") {
					out = append(out, docview.Fit(l, w))
				}
			}
			groups = groups[n:]
		}
	}
	return o.page.Cut(out, h)
}

// minDescWidth is the narrowest column of descriptions beside the keys:
// below it each key stands on a line of its own, its description under
// it.
const minDescWidth = 8

// wrapGroup draws one group of bindings that does not fit w cells as
// lines of w cells: the keys in a column, each description wrapped
// beside its key, or, when the column leaves less than minDescWidth
// cells, under it, indented.
func wrapGroup(st help.Styles, group []key.Binding, w int) []string {
	kw := 0
	for _, b := range group {
		if b.Enabled() {
			kw = max(kw, docview.Width(b.Help().Key))
		}
	}
	beside := w-kw-1 >= minDescWidth
	var out []string
	for _, b := range group {
		if !b.Enabled() {
			continue
		}
		k, d := b.Help().Key, b.Help().Desc
		if beside {
			pad := strings.Repeat(" ", kw-docview.Width(k)+1)
			lines := docview.Wrap(d, w-kw-1)
			if len(lines) == 0 {
				lines = []string{""} // the key without a description
			}
			for i, l := range lines {
				if i == 0 {
					out = append(out, docview.Fit(st.FullKey.Render(k)+pad+st.FullDesc.Render(l), w))
					continue
				}
				out = append(out, docview.Fit(strings.Repeat(" ", kw+1)+st.FullDesc.Render(l), w))
			}
			continue
		}
		for _, l := range docview.Wrap(k, w) {
			out = append(out, docview.Fit(st.FullKey.Render(l), w))
		}
		indent := min(2, max(w-1, 0))
		for _, l := range docview.Wrap(d, w-indent) {
			out = append(out, docview.Fit(strings.Repeat(" ", indent)+st.FullDesc.Render(l), w))
		}
	}
	return out
}

// Pager is the scroll position of a page of lines taller than its box:
// the full help's and the dashboard's.
type Pager struct {
	top  int // the first line shown
	h    int // the box's height, as last drawn
	last int // the last first line there is, as last drawn
}

// Update scrolls by keys, and reports whether msg closes the page. The
// position stays within the page as last drawn, so keys that come
// together, with no drawing between them, add up as they would one by
// one.
func (p *Pager) Update(keys HelpKeys, msg tea.KeyMsg) (closed bool) {
	page := max(p.h-1, 1) // a line of the page before stays in sight
	switch {
	case key.Matches(msg, keys.Close):
		return true
	case key.Matches(msg, keys.Down):
		p.top++
	case key.Matches(msg, keys.Up):
		p.top--
	case key.Matches(msg, keys.PageDown):
		p.top += page
	case key.Matches(msg, keys.PageUp):
		p.top -= page
	case key.Matches(msg, keys.Top):
		p.top = 0
	case key.Matches(msg, keys.Bottom):
		p.top = p.last
	}
	p.top = docview.Clamp(p.top, 0, p.last)
	return false
}

// Cut returns the h lines of lines from the scroll position, which it
// keeps within them.
func (p *Pager) Cut(lines []string, h int) []string {
	p.h, p.last = h, max(len(lines)-h, 0)
	p.top = docview.Clamp(p.top, 0, p.last)
	if len(lines) > h {
		lines = lines[p.top : p.top+h]
	}
	return lines
}

// widest returns the widest line of s.
func widest(s string) string {
	best := ""
	for _, l := range strings.Split(s, "\n") {
		if docview.Width(l) > docview.Width(best) {
			best = l
		}
	}
	return best
}
