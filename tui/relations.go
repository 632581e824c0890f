package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/tui/overlay"
)

// Relations: R on an entity in the reader picks it as the head of a
// relation (the status line says RELATE), R on a second entity picks the
// tail, and a picker offers the relation labels of folio.toml
// ([[relation]]). The relation is one undoable action; d on it in the
// panel deletes it, and deleting an entity takes its relations along.

// entityUnderCursor returns the entity of the open document the reader's
// selection covers exactly, else the innermost entity under the cursor
// (reader.AnnotationAt).
func (a *App) entityUnderCursor() (annot.Annotation, bool) {
	if a.cur == nil {
		return annot.Annotation{}, false
	}
	return a.reader.AnnotationAt(a.cur.Doc.ID, a.cur.Anns, func(x annot.Annotation) bool { return x.Kind == annot.KindEntity })
}

// describeEntity names an entity for the status line and the panel:
// its text and label.
func describeEntity(x annot.Annotation) string {
	return quoteShort(x.Text, 24) + " " + x.Label
}

// relate picks the entity under the cursor as the head of a relation, or,
// with a head picked, as its tail, and asks for the relation's label.
func (a *App) relate() tea.Cmd {
	rk := a.keys.Reader.Relate.Help().Key
	if len(a.opt.Config.Relations) == 0 {
		a.status.fail("no relation labels: add [[relation]] with a name to folio.toml")
		return nil
	}
	x, ok := a.entityUnderCursor()
	if !ok {
		if a.relFrom != nil {
			a.status.fail("no entity under the cursor: move to the second entity and press " + rk + " (esc cancels)")
		} else {
			a.status.fail("no entity under the cursor (" + a.keys.Reader.Label.Help().Key + " labels one)")
		}
		return nil
	}
	if x.Text == "" {
		x.Text = a.storedText(x.Span())
	}
	if a.relFrom == nil {
		a.relFrom = &x
		a.status.set("relation from " + describeEntity(x) + ": move to the other entity and press " + rk + " (esc cancels)")
		return nil
	}
	from := *a.relFrom
	if from.ID == x.ID {
		a.status.fail("a relation links two different entities: move to the other one (esc cancels)")
		return nil
	}
	a.relFrom = nil
	doc := a.cur.Doc.ID
	var items []overlay.Item
	for _, r := range a.opt.Config.Relations {
		items = append(items, overlay.Item{Key: r.Key, Label: r.Name, Desc: r.Description, Value: r.Name})
	}
	name := "Relation " + describeEntity(from) + " → " + describeEntity(x)
	a.overlay = overlay.NewPicker(a.styles, a.keys.Picker, name, items,
		func(it overlay.Item) tea.Msg {
			return relateMsg{doc: doc, from: from.ID, to: x.ID, label: it.Value,
				what: fmt.Sprintf("relate %s —%s→ %s", describeEntity(from), it.Value, describeEntity(x))}
		})
	return nil
}
