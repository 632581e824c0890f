package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
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
		if v := a.reader.V; a.focus == paneReader && v != nil && v.ID == req.doc {
			if vs, ok := a.reader.Selection(); ok {
				if sp := v.SpanToStored(vs); sp.End > sp.Start {
					req.span, req.hasSpan = sp, true
					name = "Note on " + quoteShort(a.storedText(sp), 30)
				}
			}
		}
	default:
		a.status.fail("no document open")
		return nil
	}
	in := newLineInput(a.styles, "note: ")
	a.overlay = a.prompt(name, in, "enter saves · esc cancels",
		func(t string) tea.Msg {
			r := req
			r.text = t
			return r
		})
	return nil
}

// saveNote writes a note as one action.
func (a *App) saveNote(m noteMsg) tea.Cmd {
	text := strings.TrimSpace(m.text)
	if text == "" {
		a.status.fail("an empty note is not saved")
		return nil
	}
	an := a.ann(annot.Annotation{Kind: annot.KindNote, Value: text})
	if m.hasSpan {
		an.Start, an.End = m.span.Start, m.span.End
		a.reader.ClearSelection()
	}
	return a.do("note "+quoteShort(text, 30), store.Op{Doc: m.doc, Put: &an})
}
