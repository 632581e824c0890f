package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/list"
)

// askNote opens the input of a new note. In the reader with a selection
// the note is anchored to the selection; otherwise, and in the list and
// the panel, to the document (in the list: the one under the cursor).
func (a *App) askNote() tea.Cmd {
	var req noteMsg
	name := "Note on the document"
	switch {
	case a.focus == paneList:
		d, ok := a.list.Current()
		if !ok {
			a.status.fail("no document")
			return nil
		}
		req.doc = d.ID
		name = "Note on " + quoteShort(list.Title(&d), 30)
	case a.cur != nil:
		req.doc = a.cur.Doc.ID
		name = "Note on " + quoteShort(a.reader.Title(), 30)
		if a.focus == paneReader && a.reader.Shows(req.doc) {
			if sp, ok := a.reader.StoredSelection(); ok {
				req.span, req.hasSpan = sp, true
				name = "Note on " + quoteShort(a.storedText(sp), 30)
			}
		}
	default:
		a.status.fail("no document open")
		return nil
	}
	in := newLineInput(a.styles, "note: ")
	a.overlay = newPrompt(a.styles, a.keys, name, in, "enter saves · esc cancels",
		func(t string) tea.Msg {
			r := req
			r.text = t
			return r
		})
	return nil
}
