package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/tui/overlay"
	"folio/tui/style"
)

// The tag picker: with a tag vocabulary in folio.toml whose tags have
// keys, t opens it, and a frequent tag is one keystroke. It lists the
// vocabulary (its key, its name, ✓ on the tags the document has); a tag's
// key applies it at once, and its last line (tab) opens the free-text
// input with completion. Without keyed tags t opens that input directly.

// tagLine is one line of the tag picker: a vocabulary tag, or (other)
// the way to the free-text input.
type tagLine struct {
	key, name string
	has       bool
	other     bool
}

// tagPicker is the overlay of the tag vocabulary.
type tagPicker struct {
	st    *style.Styles
	keys  TagKeys
	name  string
	doc   string
	lines []tagLine
	sel   int
}

// hasKeyedTags reports whether the vocabulary gives any tag a key.
func hasKeyedTags(tags []config.Tag) bool {
	for _, t := range tags {
		if t.Key != "" {
			return true
		}
	}
	return false
}

func newTagPicker(st *style.Styles, keys TagKeys, name, doc string, vocab []config.Tag, anns []annot.Annotation) *tagPicker {
	has := map[string]bool{}
	for _, x := range anns {
		if x.Kind == annot.KindTag {
			has[x.Label] = true
		}
	}
	p := &tagPicker{st: st, keys: keys, name: name, doc: doc}
	for _, t := range vocab {
		p.lines = append(p.lines, tagLine{key: t.Key, name: t.Name, has: has[t.Name]})
	}
	p.lines = append(p.lines, tagLine{other: true})
	// enter alone opens the input, as t did before: a tag is never
	// applied by accident
	p.sel = len(p.lines) - 1
	return p
}

func (p *tagPicker) Title() string { return p.name }
func (p *tagPicker) Bar() bool     { return false }

func (p *tagPicker) pick(l tagLine) tea.Msg {
	if l.other {
		return askTagInputMsg{doc: p.doc}
	}
	return tagMsg{doc: p.doc, name: l.name}
}

func (p *tagPicker) Update(msg tea.KeyMsg) (bool, tea.Msg) {
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
		return true, askTagInputMsg{doc: p.doc}
	case key.Matches(msg, p.keys.Pick):
		return true, p.pick(p.lines[p.sel])
	case key.Matches(msg, p.keys.Down):
		p.sel = min(p.sel+1, len(p.lines)-1)
	case key.Matches(msg, p.keys.Up):
		p.sel = max(p.sel-1, 0)
	}
	return false, nil
}

func (p *tagPicker) View(w, h int) []string {
	kw := 1 // the key column: as wide as the widest key
	for _, l := range p.lines {
		if !l.other {
			kw = max(kw, width(Sanitize(l.key)))
		}
	}
	var out []string
	for i, l := range p.lines {
		var line string
		if l.other {
			line = p.st.KeyHint.Render(p.keys.Other.Help().Key) + " other tag… " +
				p.st.Dim.Render("type it, tab completes")
		} else {
			k := Sanitize(l.key)
			mark := " "
			if l.has {
				mark = "✓"
			}
			line = p.st.KeyHint.Render(k) + strings.Repeat(" ", kw-width(k)+1) + mark + " " + Sanitize(l.name)
		}
		line = fit(line, w)
		if i == p.sel {
			line = p.st.ItemSelected.Render(ansiStrip(line))
		}
		out = append(out, line)
	}
	return overlay.ScrollLines(out, p.sel, h)
}

// shortHelp is the one-line help while the picker is open.
func (p *tagPicker) ShortHelp() []key.Binding {
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
		shown = append(shown, Sanitize(k))
	}
	return bind(strings.Join(shown, "/"), "apply that tag", ks...)
}

// tagHelp is the tag picker's part of the full help: one binding per
// keyed tag of the vocabulary, then the picker's keys. It is empty
// without keyed tags (t opens the input then).
func tagHelp(keys TagKeys, vocab []config.Tag) [][]key.Binding {
	if !hasKeyedTags(vocab) {
		return nil
	}
	var tags []key.Binding
	for _, t := range vocab {
		if t.Key != "" {
			tags = append(tags, bind(Sanitize(t.Key), "#"+Sanitize(t.Name), t.Key))
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

// askTag tags the open document: with a vocabulary of keyed tags, from
// the tag picker, else from the free-text input.
func (a *App) askTag() tea.Cmd {
	if a.cur == nil {
		a.status.fail("no document open")
		return nil
	}
	tags := a.opt.Config.Tags
	if !hasKeyedTags(tags) {
		a.askTagInput(a.cur.Doc.ID)
		return nil
	}
	a.overlay = newTagPicker(a.styles, a.keys.Tag, "Tag "+quoteShort(a.reader.Title(), 30), a.cur.Doc.ID, tags, a.cur.Anns)
	return nil
}

// askTagInput opens the free-text tag input, which completes the tags of
// the vocabulary and those in use.
func (a *App) askTagInput(doc string) {
	in := newLineInput(a.styles, "#")
	in.Suggestions = a.tagsUsed
	a.overlay = a.prompt("Tag "+quoteShort(a.reader.Title(), 30), in,
		"tab completes a tag in use", func(t string) tea.Msg { return tagMsg{doc: doc, name: t} })
}

// hasTag reports whether the open document is doc and has tag name.
func (a *App) hasTag(doc, name string) bool {
	if a.cur == nil || a.cur.Doc.ID != doc {
		return false
	}
	for _, x := range a.cur.Anns {
		if x.Kind == annot.KindTag && x.Label == name {
			return true
		}
	}
	return false
}
