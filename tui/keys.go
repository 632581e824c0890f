package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"folio/tui/input"
	"folio/tui/list"
	"folio/tui/overlay"
	"folio/tui/panel"
	"folio/tui/reader"
)

// Every binding is declared once: the root's here, each pane's and
// overlay's in its package (tui/reader, tui/panel, tui/overlay), and
// KeyMap gathers them all. They drive both the one-line short help at the
// bottom and the full help overlay (?).

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// GlobalKeys work in every pane when no input or overlay has the keyboard.
type GlobalKeys struct {
	Quit, ForceQuit, Help                   key.Binding
	NextPane, PrevPane, Pane1, Pane2, Pane3 key.Binding
	Undo, Redo                              key.Binding
	Tag, Untag, Status, DoneNext            key.Binding
	Note, Entities, Dashboard, Versions     key.Binding
}

// ListKeys move through and filter the document list (package list).
type ListKeys = list.KeyMap

// The keys of the overlays are declared in package overlay, beside the
// overlays; these names keep the KeyMap's groups where they were.
type (
	EntityKeys  = overlay.EntityKeys
	TagKeys     = overlay.TagKeys
	DialogKeys  = overlay.DialogKeys
	PickerKeys  = overlay.PickerKeys
	ConfirmKeys = overlay.ConfirmKeys
	PreviewKeys = overlay.PreviewKeys
	HelpKeys    = overlay.HelpKeys
)

// KeyMap is every binding of the app.
type KeyMap struct {
	Global  GlobalKeys
	List    ListKeys
	Reader  reader.KeyMap
	Panel   panel.KeyMap
	Entity  EntityKeys
	Tag     TagKeys
	Dialog  DialogKeys
	Input   input.KeyMap // editing the text of every input
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
			Dashboard: bind("D", "corpus at a glance", "D"),
			Versions:  bind("V", "reviewers' versions", "V"),
		},
		List:    list.DefaultKeyMap(),
		Reader:  reader.DefaultKeyMap(),
		Panel:   panel.DefaultKeyMap(),
		Entity:  overlay.DefaultEntityKeys(),
		Tag:     overlay.DefaultTagKeys(),
		Dialog:  overlay.DefaultDialogKeys(),
		Input:   input.DefaultKeyMap(),
		Picker:  overlay.DefaultPickerKeys(),
		Confirm: overlay.DefaultConfirmKeys(),
		Preview: overlay.DefaultPreviewKeys(),
		Help:    overlay.DefaultHelpKeys(),
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
	if len(k.Input.Home.Keys()) == 0 {
		k.Input = d.Input
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

// ShortHelp is the global part of the one-line help.
func (k GlobalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.NextPane, k.Undo, k.Help, k.Quit}
}

// FullHelp is the global part of the full help.
func (k GlobalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextPane, k.PrevPane, k.Pane1, k.Pane2, k.Pane3, k.Help, k.Quit, k.ForceQuit},
		{k.Undo, k.Redo, k.Tag, k.Untag, k.Status, k.DoneNext, k.Note, k.Entities, k.Dashboard, k.Versions},
	}
}
