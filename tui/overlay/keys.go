package overlay

import "github.com/charmbracelet/bubbles/key"

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DialogKeys work in the one-line inputs (search, filter, correction,
// tag, note, canonical name, the entity view's prompts): none is a
// printable character, so all of them can be typed.
type DialogKeys struct {
	Submit, Cancel, Newline, Up, Down key.Binding
}

// PickerKeys move through a picker (label, status, filter menu); each
// item's own key picks it.
type PickerKeys struct {
	Up, Down, Pick, Cancel key.Binding
}

// ConfirmKeys answer a yes-or-no question.
type ConfirmKeys struct {
	Yes, No key.Binding
}

// PreviewKeys work in the preview of an apply-everywhere (A): each place
// is kept or dropped before the rest is applied.
type PreviewKeys struct {
	Up, Down, Toggle, Apply, Cancel key.Binding
}

// HelpKeys scroll and close a scrolling page: the full help (?) and the
// corpus dashboard.
type HelpKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding
}

// DefaultDialogKeys returns the inputs' bindings.
func DefaultDialogKeys() DialogKeys {
	return DialogKeys{
		Submit:  bind("enter", "ok", "enter"),
		Cancel:  bind("esc", "cancel", "esc", "ctrl+g"),
		Newline: bind("ctrl+j", "line break (corrections)", "ctrl+j", "alt+enter"),
		Up:      bind("↑", "previous choice", "up", "ctrl+p"),
		Down:    bind("↓", "next choice", "down", "ctrl+n"),
	}
}

// DefaultPickerKeys returns the pickers' bindings.
func DefaultPickerKeys() PickerKeys {
	return PickerKeys{
		Up:     bind("k/↑", "up", "up", "k", "ctrl+p", "shift+tab"),
		Down:   bind("j/↓", "down", "down", "j", "ctrl+n", "tab"),
		Pick:   bind("enter", "pick selected", "enter"),
		Cancel: bind("esc", "cancel", "esc", "q", "ctrl+g"),
	}
}

// DefaultConfirmKeys returns the questions' bindings.
func DefaultConfirmKeys() ConfirmKeys {
	return ConfirmKeys{
		Yes: bind("y", "yes", "y", "Y", "enter"),
		No:  bind("n", "no", "n", "N", "esc", "q", "ctrl+g"),
	}
}

// DefaultPreviewKeys returns the preview's bindings.
func DefaultPreviewKeys() PreviewKeys {
	return PreviewKeys{
		Up:     bind("k/↑", "up", "k", "up"),
		Down:   bind("j/↓", "down", "j", "down"),
		Toggle: bind("space", "keep or drop the place", " ", "x"),
		Apply:  bind("y", "apply the kept places", "y", "enter"),
		Cancel: bind("esc", "cancel", "esc", "n", "q"),
	}
}

// DefaultHelpKeys returns the bindings of the help and the dashboard.
func DefaultHelpKeys() HelpKeys {
	return HelpKeys{
		Up:       bind("k/↑", "scroll up", "k", "up"),
		Down:     bind("j/↓", "scroll down", "j", "down"),
		PageUp:   bind("ctrl+u", "page up", "ctrl+u", "pgup", "b"),
		PageDown: bind("ctrl+d", "page down", "ctrl+d", "pgdown", " ", "f"),
		Top:      bind("g", "top", "g", "home"),
		Bottom:   bind("G", "bottom", "G", "end"),
		Close:    bind("esc", "close", "esc", "q", "?", "enter"),
	}
}

// ShortHelp is the one-line help of an input.
func (k DialogKeys) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Cancel} }

// FullHelp is the inputs' part of the full help.
func (k DialogKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Cancel, k.Newline, k.Up, k.Down}}
}

// ShortHelp is the one-line help of a picker.
func (k PickerKeys) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Pick, k.Cancel} }

// FullHelp is the pickers' part of the full help.
func (k PickerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Pick, k.Cancel}}
}

// ShortHelp is the one-line help of a confirmation.
func (k ConfirmKeys) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// ShortHelp is the one-line help of the full help.
func (k HelpKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.PageDown, k.Bottom, k.Close}
}

// FullHelp is the preview's part of the full help.
func (k PreviewKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Toggle, k.Apply, k.Cancel}}
}
