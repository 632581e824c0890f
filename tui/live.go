package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"folio/store"
)

// A store that others share (store.Watcher) tells the app of their
// changes: the list's records and counts, the open document and its
// panel are reloaded as they change, and the status line says who did
// what, or that the store's owner went away and came back.

// watchCmd opens the stream of changes of a shared store (nil for a store
// no one else shares).
func watchCmd(st Store) tea.Cmd {
	w, ok := st.(store.Watcher)
	if !ok {
		return nil
	}
	return func() tea.Msg { return watchingMsg{ch: w.Watch(context.Background())} }
}

// nextChangeCmd waits for the next change.
func nextChangeCmd(ch <-chan store.Event) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return changeMsg{ev: ev}
	}
}

// goneText is the status while the folio that held the store is gone,
// whichever read or write found it first.
func goneText() string {
	return store.ErrGone.Error() + ": nothing is saved until one holds it again (waiting…)"
}

// changed reloads what another process changed, and waits for the next.
func (a *App) changed(msg changeMsg) tea.Cmd {
	ev := msg.ev
	cmds := []tea.Cmd{nextChangeCmd(a.changes)}
	switch {
	case ev.Gone:
		a.status.fail(goneText())
		return tea.Batch(cmds...)
	case ev.Back:
		a.status.set("the store is held again: reloaded")
	case ev.What != "":
		a.status.set(ev.Author + ": " + ev.What)
	}
	if ev.All() {
		return tea.Batch(append(cmds, a.list.Load(), a.reopen())...)
	}
	cmds = append(cmds, recordsCmd(a.st, ev.Docs), a.counter.recount(ev.Docs))
	for _, id := range ev.Docs {
		if a.cur != nil && id == a.cur.Doc.ID {
			cmds = append(cmds, a.reopen())
			break
		}
	}
	return tea.Batch(cmds...)
}
