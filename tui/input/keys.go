package input

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the editing keys of an input (readline habits). None is a
// printable character, so every character can be typed; submitting,
// cancelling and line breaks belong to the dialog around the input
// (overlay.DialogKeys).
type KeyMap struct {
	Left, Right, Home, End                 key.Binding
	Backspace, Delete                      key.Binding
	DeleteToStart, DeleteToEnd, DeleteWord key.Binding
	Complete                               key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the inputs' editing keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:          bind("←", "cursor left", "left"),
		Right:         bind("→", "cursor right", "right"),
		Home:          bind("ctrl+a/home", "start of the line", "ctrl+a", "home"),
		End:           bind("ctrl+e/end", "end of the line", "ctrl+e", "end"),
		Backspace:     bind("backspace", "delete before the cursor", "backspace"),
		Delete:        bind("delete", "delete under the cursor", "delete"),
		DeleteToStart: bind("ctrl+u", "delete to the start", "ctrl+u"),
		DeleteToEnd:   bind("ctrl+k", "delete to the end", "ctrl+k"),
		DeleteWord:    bind("ctrl+w", "delete the word before", "ctrl+w"),
		Complete:      bind("tab", "complete", "tab"),
	}
}

// ShortHelp is the one-line help of the editing keys.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Home, k.End, k.DeleteToStart, k.DeleteWord, k.Complete}
}

// FullHelp is the full help of the editing keys.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.Home, k.End, k.Complete},
		{k.Backspace, k.Delete, k.DeleteToStart, k.DeleteToEnd, k.DeleteWord},
	}
}
