package overlay

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/config"
	"folio/tui/docview"
	"folio/tui/style"
)

// The tag picker: with a tag vocabulary in folio.toml whose tags have
// keys, t opens it, and a frequent tag is one keystroke. It lists the
// vocabulary (its key, its name, ✓ on the tags the document has); a tag's
// key applies it at once, and its last line (tab) opens the free-text
// input with completion. Without keyed tags t opens that input directly.

// TagKeys work in the tag picker, which t opens when folio.toml gives
// tags with keys. Each tag's own key applies it; these are the rest (none
// is a single character, so none can clash with a tag's key).
type TagKeys struct {
	Other, Up, Down, Pick, Cancel key.Binding
}

// DefaultTagKeys returns the tag picker's bindings.
func DefaultTagKeys() TagKeys {
	return TagKeys{
		Other:  bind("tab", "type another tag", "tab"),
		Up:     bind("↑", "up", "up", "ctrl+p"),
		Down:   bind("↓", "down", "down", "ctrl+n"),
		Pick:   bind("enter", "pick selected", "enter"),
		Cancel: bind("esc", "cancel", "esc", "ctrl+g"),
	}
}

// FullHelp is the tag picker's part of the full help (after the keys of
// the vocabulary).
func (k TagKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Other, k.Up, k.Down, k.Pick, k.Cancel}}
}

// tagLine is one line of the tag picker: a vocabulary tag, or (other)
// the way to the free-text input.
type tagLine struct {
	key, name string
	has       bool
	other     bool
}

// TagPicker is the overlay of the tag vocabulary.
type TagPicker struct {
	st      *style.Styles
	keys    TagKeys
	name    string
	lines   []tagLine
	sel     int
	onTag   func(name string) tea.Msg
	onOther func() tea.Msg
}

// HasKeyedTags reports whether the vocabulary gives any tag a key.
func HasKeyedTags(tags []config.Tag) bool {
	for _, t := range tags {
		if t.Key != "" {
			return true
		}
	}
	return false
}

// NewTagPicker returns the picker of vocab, titled name; has are the tags
// the document has (shown ✓), onTag makes the result of picking a tag
// and onOther that of asking for the free-text input.
func NewTagPicker(st *style.Styles, keys TagKeys, name string, vocab []config.Tag, has map[string]bool, onTag func(string) tea.Msg, onOther func() tea.Msg) *TagPicker {
	p := &TagPicker{st: st, keys: keys, name: name, onTag: onTag, onOther: onOther}
	for _, t := range vocab {
		p.lines = append(p.lines, tagLine{key: t.Key, name: t.Name, has: has[t.Name]})
	}
	p.lines = append(p.lines, tagLine{other: true})
	// enter alone opens the input, as t did before: a tag is never
	// applied by accident
	p.sel = len(p.lines) - 1
	return p
}

// Title is the picker's name.
func (p *TagPicker) Title() string { return p.name }

// Bar reports false: the picker is a box.
func (p *TagPicker) Bar() bool { return false }

func (p *TagPicker) pick(l tagLine) tea.Msg {
	if l.other {
		return p.onOther()
	}
	return p.onTag(l.name)
}

// Update applies a tag by its key, moves, picks or cancels.
func (p *TagPicker) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	// a tag's key first: keys are single characters, the picker's own
	// keys are not
	if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace {
		s := msg.String()
		for _, l := range p.lines {
			if l.key != "" && l.key == s {
				return true, p.pick(l)
			}
		}
	}
	switch {
	case key.Matches(msg, p.keys.Cancel):
		return true, nil
	case key.Matches(msg, p.keys.Other):
		return true, p.onOther()
	case key.Matches(msg, p.keys.Pick):
		return true, p.pick(p.lines[p.sel])
	case key.Matches(msg, p.keys.Down):
		p.sel = min(p.sel+1, len(p.lines)-1)
	case key.Matches(msg, p.keys.Up):
		p.sel = max(p.sel-1, 0)
	}
	return false, nil
}

// View draws the vocabulary and the way to the input.
func (p *TagPicker) View(w, h int) []string {
	kw := 1 // the key column: as wide as the widest key
	for _, l := range p.lines {
		if !l.other {
			kw = max(kw, docview.Width(docview.Sanitize(l.key)))
		}
	}
	var out []string
	for i, l := range p.lines {
		var line string
		if l.other {
			line = p.st.KeyHint.Render(p.keys.Other.Help().Key) + " other tag… " +
				p.st.Dim.Render("type it, tab completes")
		} else {
			k := docview.Sanitize(l.key)
			mark := " "
			if l.has {
				mark = "✓"
			}
			line = p.st.KeyHint.Render(k) + strings.Repeat(" ", kw-docview.Width(k)+1) + mark + " " + docview.Sanitize(l.name)
		}
		line = docview.Fit(line, w)
		if i == p.sel {
			line = selected(p.st, line)
		}
		out = append(out, line)
	}
	return ScrollLines(out, p.sel, h)
}

// ShortHelp is the one-line help while the picker is open.
func (p *TagPicker) ShortHelp() []key.Binding {
	var ks []string
	for _, l := range p.lines {
		if l.key != "" {
			ks = append(ks, l.key)
		}
	}
	return []key.Binding{tagKeysBinding(ks), p.keys.Other, p.keys.Pick, p.keys.Cancel}
}

// tagKeysBinding is the binding of the vocabulary's keys, for the help:
// "o/w apply tag" (the first few keys only).
func tagKeysBinding(ks []string) key.Binding {
	shown := make([]string, 0, 4)
	for i, k := range ks {
		if i == 3 && len(ks) > 4 {
			shown = append(shown, "…")
			break
		}
		shown = append(shown, docview.Sanitize(k))
	}
	return bind(strings.Join(shown, "/"), "apply that tag", ks...)
}

// TagHelp is the tag picker's part of the full help: one binding per
// keyed tag of the vocabulary, then the picker's keys. It is empty
// without keyed tags (t opens the input then).
func TagHelp(keys TagKeys, vocab []config.Tag) [][]key.Binding {
	if !HasKeyedTags(vocab) {
		return nil
	}
	var tags []key.Binding
	for _, t := range vocab {
		if t.Key != "" {
			tags = append(tags, bind(docview.Sanitize(t.Key), "#"+docview.Sanitize(t.Name), t.Key))
		}
	}
	// columns of at most 8 tags, side by side as they fit
	var groups [][]key.Binding
	for len(tags) > 0 {
		n := min(len(tags), 8)
		groups = append(groups, tags[:n])
		tags = tags[n:]
	}
	return append(groups, keys.FullHelp()...)
}
