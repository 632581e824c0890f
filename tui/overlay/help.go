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
	top      int
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
	k := o.keys
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Down):
		o.top++
	case key.Matches(msg, k.Up):
		o.top = max(o.top-1, 0)
	}
	return false, nil
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
		out = append(out, docview.Fit(o.st.Section.Render(sec.Name), w))
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
			for _, l := range strings.Split(hm.FullHelpView(groups[:n]), "\n") {
				out = append(out, docview.Fit(l, w))
			}
			groups = groups[n:]
		}
	}
	o.top = docview.Clamp(o.top, 0, max(len(out)-h, 0))
	if len(out) > h {
		out = out[o.top : o.top+h]
	}
	return out
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
