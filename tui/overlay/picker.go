package overlay

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/docview"
	"folio/tui/style"
)

// Item is one choice of a picker: the key that picks it, what it shows,
// and the value it gives.
type Item struct {
	Key, Label, Desc, Value string
}

// Picker picks one item: by its key, or by moving and enter.
type Picker struct {
	st     *style.Styles
	keys   PickerKeys
	name   string
	items  []Item
	sel    int
	onPick func(Item) tea.Msg
}

// NewPicker returns a picker titled name; onPick makes the result of a
// pick.
func NewPicker(st *style.Styles, keys PickerKeys, name string, items []Item, onPick func(Item) tea.Msg) *Picker {
	return &Picker{st: st, keys: keys, name: name, items: items, onPick: onPick}
}

// Title is the picker's name.
func (p *Picker) Title() string { return p.name }

// Bar reports false: a picker is a box.
func (p *Picker) Bar() bool { return false }

// Items are the choices.
func (p *Picker) Items() []Item { return p.items }

// Update picks by an item's key, moves, picks the selected item or
// cancels.
func (p *Picker) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	// an item's own key first
	if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace {
		s := msg.String()
		for _, it := range p.items {
			if it.Key != "" && s == it.Key {
				return true, p.onPick(it)
			}
		}
	}
	k := p.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Down):
		p.sel = min(p.sel+1, len(p.items)-1)
	case key.Matches(msg, k.Up):
		p.sel = max(p.sel-1, 0)
	case key.Matches(msg, k.Pick):
		if p.sel < len(p.items) {
			return true, p.onPick(p.items[p.sel])
		}
		return true, nil
	}
	return false, nil
}

// ShortHelp is the picker's one-line help.
func (p *Picker) ShortHelp() []key.Binding { return p.keys.ShortHelp() }

// View draws the items, each with its key.
func (p *Picker) View(w, h int) []string {
	var out []string
	for i, it := range p.items {
		k := ""
		if it.Key != "" {
			k = p.st.KeyHint.Render(docview.Sanitize(it.Key)) + " "
		}
		line := k + docview.Sanitize(it.Label)
		if it.Desc != "" {
			line += " " + p.st.Dim.Render(docview.Sanitize(it.Desc))
		}
		line = docview.Fit(line, w)
		if i == p.sel {
			line = selected(p.st, line)
		}
		out = append(out, line)
	}
	return ScrollLines(out, p.sel, h)
}
