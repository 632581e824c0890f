package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/tui/overlay"
)

// askTag tags the open document: with a vocabulary of keyed tags, from
// the tag picker, else from the free-text input.
func (a *App) askTag() tea.Cmd {
	if a.cur == nil {
		a.status.fail("no document open")
		return nil
	}
	tags := a.opt.Config.Tags
	if !overlay.HasKeyedTags(tags) {
		a.askTagInput(a.cur.Doc.ID)
		return nil
	}
	doc := a.cur.Doc.ID
	has := map[string]bool{}
	for _, x := range a.cur.Of(annot.KindTag) {
		has[x.Label] = true
	}
	a.overlay = overlay.NewTagPicker(a.styles, a.keys.Tag, "Tag "+quoteShort(a.reader.Title(), 30), tags, has,
		func(name string) tea.Msg { return tagMsg{doc: doc, name: name} },
		func() tea.Msg { return askTagInputMsg{doc: doc} })
	return nil
}

// askTagInput opens the free-text tag input, which completes the tags of
// the vocabulary and those in use.
func (a *App) askTagInput(doc string) {
	in := newLineInput(a.styles, "#")
	in.Suggestions = a.tags.list
	a.overlay = newPrompt(a.styles, a.keys, "Tag "+quoteShort(a.reader.Title(), 30), in,
		"tab completes a tag in use", func(t string) tea.Msg { return tagMsg{doc: doc, name: t} })
}

// tagSet is the tags in use, for completion: those of the configuration,
// then those of the documents read so far, never the corpus; in the order
// first seen.
type tagSet struct {
	list []string
	seen map[string]bool
}

// add adds the tags not in the set yet.
func (t *tagSet) add(names ...string) {
	if t.seen == nil {
		t.seen = map[string]bool{}
	}
	for _, n := range names {
		if !t.seen[n] {
			t.seen[n] = true
			t.list = append(t.list, n)
		}
	}
}

// addDocs adds the tags of docs.
func (t *tagSet) addDocs(docs []annot.Doc) {
	for _, d := range docs {
		t.add(d.Tags...)
	}
}
