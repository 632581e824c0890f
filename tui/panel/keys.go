package panel

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds the panel's bindings: they move through the rows and act
// on the item under the cursor.
type KeyMap struct {
	Up, Down, Top, Bottom, Jump, Delete, Accept key.Binding
	Fold, FoldAll                               key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the panel's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     bind("k/↑", "up", "k", "up"),
		Down:   bind("j/↓", "down", "j", "down"),
		Top:    bind("g", "first", "g", "home"),
		Bottom: bind("G", "last", "G", "end"),
		Jump:   bind("enter", "show in reader", "enter"),
		Delete: bind("d", "delete (undoable)", "d"),
		Accept: bind("a", "accept suggestion", "a"),
		Fold:   bind("z", "fold section", "z"),
		// FoldAll: every section at once
		FoldAll: bind("Z", "fold/unfold all", "Z"),
	}
}

// ShortHelp is the one-line help of the panel.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Jump, k.Delete, k.Fold} }

// FullHelp is the panel's part of the full help.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Jump, k.Delete, k.Accept, k.Fold, k.FoldAll}}
}
