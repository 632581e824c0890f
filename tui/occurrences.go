package tui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// Label all occurrences: after a span is labelled, L labels every other
// whole-word occurrence of its text in the document at once, and A (on an
// entity) plans the same for the corpus with apply-everywhere's preview.
// Places already labelled, or where the new entity would cross an
// entity it can neither nest in nor hold, are left alone and counted.
// Either way it is one action, undone by one u (see action.LabelOccurrences).

// labelOccurrences labels every other occurrence of the text of the
// entity under the cursor like it: in this document at once, or (corpus)
// in every document after a preview.
func (a *App) labelOccurrences(corpus bool) tea.Cmd {
	e, ok := a.entityUnderCursor()
	if !ok {
		a.status.fail("no entity under the cursor (" + a.keys.Reader.Label.Help().Key + " labels the selection)")
		return nil
	}
	word := a.storedText(e.Span())
	if corpus {
		a.status.set("looking for " + quoteShort(word, 30) + " in the corpus…")
	}
	return a.act.LabelOccurrences(a.cur.Doc.ID, e, word, corpus)
}
