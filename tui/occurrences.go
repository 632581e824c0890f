package tui

import (
	"context"

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
	if !corpus {
		return a.act.LabelOccurrences(context.Background(), 0, a.cur.Doc.ID, e, word, false)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := a.act.LabelOccurrences(ctx, a.search.next(), a.cur.Doc.ID, e, word, true)
	a.search.start(word, cancel)
	a.status.clear() // room for the search's note
	return cmd
}
