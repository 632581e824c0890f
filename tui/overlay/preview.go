package overlay

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/tui/docview"
	"folio/tui/style"
)

// Preview lists the places an apply-everywhere would change, each with
// its context line; the reviewer drops the ones that are right as they
// are and applies the rest in one step.
type Preview struct {
	st      *style.Styles
	keys    PreviewKeys
	title   string
	places  []string // sanitized context lines
	left    string   // what was left alone from the start, "" for nothing
	drop    []bool
	sel     int
	onApply func(keep []bool) tea.Msg
}

// NewPreview returns the preview of places; left says what was left
// alone from the start ("2 done or in the way"); onApply makes the
// result from which places are kept (it is not called when none is).
func NewPreview(st *style.Styles, keys PreviewKeys, title string, places []string, left string, onApply func(keep []bool) tea.Msg) *Preview {
	return &Preview{st: st, keys: keys, title: title, places: places, left: left, drop: make([]bool, len(places)), onApply: onApply}
}

// Title says what is applied.
func (o *Preview) Title() string { return "Apply everywhere: " + docview.Sanitize(o.title) }

// Bar reports false: the preview is a box.
func (o *Preview) Bar() bool { return false }

// Places are the context lines listed.
func (o *Preview) Places() []string { return o.places }

// Kept is how many places are kept.
func (o *Preview) Kept() int {
	n := 0
	for _, d := range o.drop {
		if !d {
			n++
		}
	}
	return n
}

// Update moves, keeps or drops a place, applies or cancels.
func (o *Preview) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Down):
		o.sel = min(o.sel+1, len(o.drop)-1)
	case key.Matches(msg, k.Up):
		o.sel = max(o.sel-1, 0)
	case key.Matches(msg, k.Toggle):
		if o.sel < len(o.drop) {
			o.drop[o.sel] = !o.drop[o.sel]
			o.sel = min(o.sel+1, len(o.drop)-1)
		}
	case key.Matches(msg, k.Apply):
		if o.Kept() == 0 {
			return true, nil
		}
		keep := make([]bool, len(o.drop))
		for i, d := range o.drop {
			keep[i] = !d
		}
		return true, o.onApply(keep)
	}
	return false, nil
}

// ShortHelp is the preview's one-line help.
func (o *Preview) ShortHelp() []key.Binding {
	k := o.keys
	return []key.Binding{k.Toggle, k.Apply, k.Cancel, k.Down}
}

// View draws the count, what was left alone, and the places.
func (o *Preview) View(w, h int) []string {
	head := fmt.Sprintf("%s of %s kept", docview.GroupDigits(o.Kept()), docview.Plural(len(o.drop), "place", "places"))
	if o.left != "" {
		head += "; left alone: " + o.left
	}
	out := []string{docview.Fit(docview.Truncate(head+". One step: u undoes it.", w), w)}
	var rows []string
	for i, c := range o.places {
		mark := "[x] "
		if o.drop[i] {
			mark = "[ ] "
		}
		line := docview.Fit(mark+docview.Truncate(c, max(w-4, 0)), w)
		if o.drop[i] {
			line = o.st.Dim.Render(ansi.Strip(line))
		}
		if i == o.sel {
			line = selected(o.st, line)
		}
		rows = append(rows, line)
	}
	return append(out, ScrollLines(rows, o.sel, max(h-1, 1))...)
}
