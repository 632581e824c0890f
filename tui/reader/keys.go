package reader

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds the reader's bindings: they move the cursor, select,
// search and annotate.
type KeyMap struct {
	Down, Up, HalfDown, HalfUp, Top, Bottom       key.Binding
	WordNext, WordPrev, Left, Right, Home, End    key.Binding
	ParaNext, ParaPrev                            key.Binding
	Visual, Cancel, Search, NextMatch, PrevMatch  key.Binding
	View, Label, Correct, MarkError, Delete       key.Binding
	Boilerplate, Scan, Relate, LabelAll           key.Binding
	NextSugg, PrevSugg, Accept, Pick, Reject, All key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the reader's bindings (vim habits).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Down:        bind("j", "line down", "j", "down"),
		Up:          bind("k", "line up", "k", "up"),
		HalfDown:    bind("ctrl+d", "half page down", "ctrl+d", "pgdown"),
		HalfUp:      bind("ctrl+u", "half page up", "ctrl+u", "pgup"),
		Top:         bind("g", "top", "g", "home"),
		Bottom:      bind("G", "bottom", "G", "end"),
		WordNext:    bind("w", "next word", "w"),
		WordPrev:    bind("b", "previous word", "b"),
		Left:        bind("h", "char left", "h", "left"),
		Right:       bind("l", "char right", "l", "right"),
		Home:        bind("0", "line start", "0"),
		End:         bind("$", "line end", "$"),
		ParaNext:    bind("}", "paragraph end", "}"),
		ParaPrev:    bind("{", "paragraph start", "{"),
		Visual:      bind("v", "select", "v"),
		Cancel:      bind("esc", "cancel selection", "esc"),
		Search:      bind("/", "search", "/"),
		NextMatch:   bind("n", "next match", "n"),
		PrevMatch:   bind("N", "previous match", "N"),
		View:        bind("o", "original/corrected/diff", "o"),
		Label:       bind("e", "label entity", "e"),
		LabelAll:    bind("L", "label all in document", "L"),
		Correct:     bind("c", "correct", "c"),
		MarkError:   bind("x", "mark OCR error", "x"),
		Boilerplate: bind("B", "cut as boilerplate", "B"),
		Scan:        bind("i", "page image of the line", "i"),
		Delete:      bind("d", "delete annotation", "d"),
		Relate:      bind("R", "relate two entities", "R"),
		NextSugg:    bind("]", "next suggestion", "]"),
		PrevSugg:    bind("[", "previous suggestion", "["),
		Accept:      bind("a", "accept suggestion", "a"),
		Pick:        bind("1-9", "accept candidate N", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Reject:      bind("r", "reject suggestion", "r"),
		All:         bind("A", "apply everywhere", "A"),
	}
}

// ShortHelp is the one-line help of the reader.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Visual, k.Label, k.Correct, k.MarkError, k.NextSugg, k.Accept, k.View}
}

// FullHelp is the reader's part of the full help.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Down, k.Up, k.HalfDown, k.HalfUp, k.Top, k.Bottom, k.WordNext, k.WordPrev, k.Left, k.Right, k.Home, k.End, k.ParaNext, k.ParaPrev},
		{k.Visual, k.Cancel, k.Search, k.NextMatch, k.PrevMatch, k.View, k.Scan, k.Label, k.LabelAll, k.Correct, k.MarkError, k.Boilerplate, k.Delete, k.Relate},
		{k.NextSugg, k.PrevSugg, k.Accept, k.Pick, k.Reject, k.All},
	}
}
