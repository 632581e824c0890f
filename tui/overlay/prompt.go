package overlay

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/docview"
	"folio/tui/input"
	"folio/tui/style"
)

// Prompt asks for one line of text (several, when its input allows line
// breaks: a correction).
type Prompt struct {
	st       *style.Styles
	keys     DialogKeys
	name     string
	input    input.Model
	onSubmit func(string) tea.Msg
	// Hint is a dim line under the input ("" for none).
	Hint string
	// AsBar draws it as a one-line bar at the bottom (search).
	AsBar bool
}

// NewPrompt returns a prompt titled name around in; onSubmit makes the
// result of enter.
func NewPrompt(st *style.Styles, keys DialogKeys, name string, in input.Model, onSubmit func(string) tea.Msg) *Prompt {
	return &Prompt{st: st, keys: keys, name: name, input: in, onSubmit: onSubmit}
}

// Title is the prompt's name.
func (o *Prompt) Title() string { return o.name }

// Bar reports whether the prompt is a bar at the bottom.
func (o *Prompt) Bar() bool { return o.AsBar }

// Value is the text typed so far.
func (o *Prompt) Value() string { return o.input.Value() }

// Update edits the text, submits or cancels.
func (o *Prompt) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case o.input.Breaks && key.Matches(msg, k.Newline):
		o.input.Insert("\n")
	case key.Matches(msg, k.Submit):
		return true, o.onSubmit(o.input.Value())
	default:
		o.input.Update(msg)
	}
	return false, nil
}

// ShortHelp is the prompt's one-line help.
func (o *Prompt) ShortHelp() []key.Binding {
	if o.input.Breaks {
		return []key.Binding{o.keys.Submit, o.keys.Newline, o.keys.Cancel}
	}
	return o.keys.ShortHelp()
}

// View draws the input and the hint.
func (o *Prompt) View(w, h int) []string {
	if o.AsBar {
		return []string{o.input.View(w)}
	}
	out := []string{o.input.View(w)}
	if o.Hint != "" && h > 1 {
		out = append(out, docview.Fit(o.st.Dim.Render(docview.Truncate(o.Hint, w)), w))
	}
	return out
}
