package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"folio/query"
	"folio/store"
	"folio/tui/overlay"
)

// entityFilter is the list filter of the documents that mention an
// entity: entity:"NAME", with its label when a name of another label
// folds alike (entity: would find its documents too).
func entityFilter(label, name string, all []store.Entity) string {
	expr := "entity:" + quoteQuery(name)
	for _, x := range all {
		if x.Label != label && query.SameEntity(name, x.Name) {
			return "label:" + quoteQuery(label) + " " + expr
		}
	}
	return expr
}

// quoteQuery quotes a value for the filter language.
func quoteQuery(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// openEntities opens the corpus entity view (E) and loads the registry.
func (a *App) openEntities() tea.Cmd {
	k := a.keys
	ev := overlay.NewEntities(a.styles, overlay.EntitiesConfig{Keys: k.Entity, Dialog: k.Dialog, Confirm: k.Confirm,
		Undo: k.Global.Undo, Redo: k.Global.Redo, Help: k.Global.Help, Fold: fold, Subsequence: subsequence})
	if a.entities != nil {
		ev.SetEntities(a.entities) // shown at once, refreshed below
	}
	a.overlay = ev
	return entitiesCmd(a.st, labelReq{})
}

// entityIntent handles the entity view's intents.
func (a *App) entityIntent(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case overlay.EntityDocsMsg:
		expr := entityFilter(m.Label, m.Name, a.entities)
		a.setFocus(paneList)
		docs := 0
		for _, e := range a.entities {
			if e.Label == m.Label && e.Name == m.Name {
				docs = e.Docs
			}
		}
		a.status.set(fmt.Sprintf("%s mentioned in %s", overlay.EntityName(m.Label, m.Name), plural(docs, "document", "documents")))
		return a.list.SetFilter(expr)
	case overlay.RenameEntityMsg:
		what := "rename " + overlay.EntityName(m.Label, m.From) + " to " + quoteShort(m.To, 40)
		if m.Merge {
			what = "merge " + overlay.EntityName(m.Label, m.From) + " into " + quoteShort(m.To, 40)
		}
		return a.act.RenameEntity(what, m.Label, m.From, m.To)
	case overlay.SaveEntityMsg:
		e := m.Entity
		what := "external id of " + overlay.EntityName(e.Label, e.Name)
		if e.ExternalID == "" {
			what += " cleared"
		} else {
			what += ": " + quoteShort(e.ExternalID, 40)
		}
		return a.act.SaveEntity(what, e)
	case overlay.DeleteEntityMsg:
		what := "delete " + overlay.EntityName(m.Label, m.Name) + " from the registry"
		return a.act.DeleteEntity(what, m.Label, m.Name)
	case overlay.UndoMsg:
		return a.act.Undo(m.Redo)
	}
	return nil
}
