package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"folio/tui/panel"
	"folio/tui/reader"
)

// All key bindings are declared here, once. They drive both the one-line
// short help at the bottom and the full help overlay (?).

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// GlobalKeys work in every pane when no input or overlay has the keyboard.
type GlobalKeys struct {
	Quit, ForceQuit, Help                   key.Binding
	NextPane, PrevPane, Pane1, Pane2, Pane3 key.Binding
	Undo, Redo                              key.Binding
	Tag, Untag, Status, DoneNext            key.Binding
	Note, Entities, Versions                key.Binding
}

// ListKeys move through and filter the document list.
type ListKeys struct {
	Up, Down, Top, Bottom, PageDown, PageUp key.Binding
	Open, Filter, FilterMenu, Clear, Sort   key.Binding
}

// EntityKeys work in the corpus entity view (E): the canonical entities
// of the registry with their mention counts.
type EntityKeys struct {
	Up, Down, Top, Bottom, Filter, Clear key.Binding
	PageDown, PageUp                     key.Binding
	Docs, Rename, ExternalID, Delete     key.Binding
	Close                                key.Binding
}

// TagKeys work in the tag picker, which t opens when folio.toml gives
// tags with keys. Each tag's own key applies it; these are the rest (none
// is a single character, so none can clash with a tag's key).
type TagKeys struct {
	Other, Up, Down, Pick, Cancel key.Binding
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

// HelpKeys scroll and close the full help (?).
type HelpKeys struct {
	Up, Down, Close key.Binding
}

// KeyMap is every binding of the app.
type KeyMap struct {
	Global  GlobalKeys
	List    ListKeys
	Reader  reader.KeyMap
	Panel   panel.KeyMap
	Entity  EntityKeys
	Tag     TagKeys
	Dialog  DialogKeys
	Picker  PickerKeys
	Confirm ConfirmKeys
	Preview PreviewKeys
	Help    HelpKeys
}

// DefaultKeyMap returns folio's bindings (vim and lazygit habits).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Global: GlobalKeys{
			Quit:      bind("q", "quit", "q"),
			ForceQuit: bind("ctrl+c", "quit now", "ctrl+c"),
			Help:      bind("?", "help", "?"),
			NextPane:  bind("tab", "next pane", "tab"),
			PrevPane:  bind("shift+tab", "previous pane", "shift+tab"),
			Pane1:     bind("alt+1", "list", "alt+1"),
			Pane2:     bind("alt+2", "reader", "alt+2"),
			Pane3:     bind("alt+3", "panel", "alt+3"),
			Undo:      bind("u", "undo", "u"),
			Redo:      bind("ctrl+r", "redo", "ctrl+r"),
			Tag:       bind("t", "add tag", "t"),
			Untag:     bind("T", "remove tag", "T"),
			Status:    bind("s", "set status", "s"),
			DoneNext:  bind("space", "done, next todo", " "),
			Note:      bind("m", "add note", "m"),
			Entities:  bind("E", "entities", "E"),
			Versions:  bind("V", "reviewers' versions", "V"),
		},
		List: ListKeys{
			Up:         bind("k/↑", "up", "k", "up"),
			Down:       bind("j/↓", "down", "j", "down"),
			Top:        bind("g", "first", "g", "home"),
			Bottom:     bind("G", "last", "G", "end"),
			PageDown:   bind("ctrl+d", "page down", "ctrl+d", "pgdown"),
			PageUp:     bind("ctrl+u", "page up", "ctrl+u", "pgup"),
			Open:       bind("enter", "read", "enter", "l"),
			Filter:     bind("/", "filter", "/"),
			FilterMenu: bind("f", "filter menu", "f"),
			Clear:      bind("esc", "clear filter", "esc"),
			Sort:       bind("S", "sort by suggestions", "S"),
		},
		Reader: reader.DefaultKeyMap(),
		Panel:  panel.DefaultKeyMap(),
		Entity: EntityKeys{
			Up:         bind("k/↑", "up", "k", "up", "ctrl+p"),
			Down:       bind("j/↓", "down", "j", "down", "ctrl+n"),
			Top:        bind("g", "first", "g", "home"),
			Bottom:     bind("G", "last", "G", "end"),
			PageDown:   bind("ctrl+d", "page down", "ctrl+d", "pgdown"),
			PageUp:     bind("ctrl+u", "page up", "ctrl+u", "pgup"),
			Filter:     bind("/", "filter names and aliases", "/"),
			Clear:      bind("esc", "clear filter, close", "esc"),
			Docs:       bind("enter", "list its documents", "enter"),
			Rename:     bind("R", "rename or merge", "R"),
			ExternalID: bind("I", "set external id", "I"),
			Delete:     bind("D", "delete from registry", "D"),
			Close:      bind("q", "close", "q"),
		},
		Tag: TagKeys{
			Other:  bind("tab", "type another tag", "tab"),
			Up:     bind("↑", "up", "up", "ctrl+p"),
			Down:   bind("↓", "down", "down", "ctrl+n"),
			Pick:   bind("enter", "pick selected", "enter"),
			Cancel: bind("esc", "cancel", "esc", "ctrl+g"),
		},
		Dialog: DialogKeys{
			Submit:  bind("enter", "ok", "enter"),
			Cancel:  bind("esc", "cancel", "esc", "ctrl+g"),
			Newline: bind("ctrl+j", "line break (corrections)", "ctrl+j", "alt+enter"),
			Up:      bind("↑", "previous choice", "up", "ctrl+p"),
			Down:    bind("↓", "next choice", "down", "ctrl+n"),
		},
		Picker: PickerKeys{
			Up:     bind("k/↑", "up", "up", "k", "ctrl+p", "shift+tab"),
			Down:   bind("j/↓", "down", "down", "j", "ctrl+n", "tab"),
			Pick:   bind("enter", "pick selected", "enter"),
			Cancel: bind("esc", "cancel", "esc", "q", "ctrl+g"),
		},
		Confirm: ConfirmKeys{
			Yes: bind("y", "yes", "y", "Y", "enter"),
			No:  bind("n", "no", "n", "N", "esc", "q", "ctrl+g"),
		},
		Preview: PreviewKeys{
			Up:     bind("k/↑", "up", "k", "up"),
			Down:   bind("j/↓", "down", "j", "down"),
			Toggle: bind("space", "keep or drop the place", " ", "x"),
			Apply:  bind("y", "apply the kept places", "y", "enter"),
			Cancel: bind("esc", "cancel", "esc", "n", "q"),
		},
		Help: HelpKeys{
			Up:    bind("k/↑", "scroll up", "k", "up"),
			Down:  bind("j/↓", "scroll down", "j", "down"),
			Close: bind("esc", "close", "esc", "q", "?", "enter"),
		},
	}
}

// withDefaults fills the groups a key map from an older version lacks
// with the default bindings: never an overlay without a way out.
func (k KeyMap) withDefaults() KeyMap {
	d := DefaultKeyMap()
	if len(k.Tag.Cancel.Keys()) == 0 {
		k.Tag = d.Tag
	}
	if len(k.Dialog.Cancel.Keys()) == 0 {
		k.Dialog = d.Dialog
	}
	if len(k.Picker.Cancel.Keys()) == 0 {
		k.Picker = d.Picker
	}
	if len(k.Confirm.No.Keys()) == 0 {
		k.Confirm = d.Confirm
	}
	if len(k.Preview.Cancel.Keys()) == 0 {
		k.Preview = d.Preview
	}
	if len(k.Help.Close.Keys()) == 0 {
		k.Help = d.Help
	}
	return k
}

// ShortHelp is the one-line help of the list.
func (k ListKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.Filter, k.FilterMenu, k.Sort}
}

// FullHelp is the list's part of the full help.
func (k ListKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Open, k.Filter, k.FilterMenu, k.Clear, k.Sort}}
}

// ShortHelp is the global part of the one-line help.
func (k GlobalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.NextPane, k.Undo, k.Help, k.Quit}
}

// FullHelp is the global part of the full help.
func (k GlobalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextPane, k.PrevPane, k.Pane1, k.Pane2, k.Pane3, k.Help, k.Quit, k.ForceQuit},
		{k.Undo, k.Redo, k.Tag, k.Untag, k.Status, k.DoneNext, k.Note, k.Entities, k.Versions},
	}
}

// ShortHelp is the one-line help of the entity view.
func (k EntityKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Filter, k.Docs, k.Rename, k.ExternalID, k.Delete, k.Close}
}

// FullHelp is the entity view's part of the full help.
func (k EntityKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Filter, k.Clear, k.Docs, k.Rename, k.ExternalID, k.Delete, k.Close}}
}

// FullHelp is the tag picker's part of the full help (after the keys of
// the vocabulary).
func (k TagKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Other, k.Up, k.Down, k.Pick, k.Cancel}}
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
func (k HelpKeys) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Up, k.Close} }

// FullHelp is the preview's part of the full help.
func (k PreviewKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Toggle, k.Apply, k.Cancel}}
}
