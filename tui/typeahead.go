package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// typedAhead is a key that acts on a document, typed while that document
// was on its way: j t in the list tags the document j moved to, not the
// one still shown while it loads.
type typedAhead struct {
	key tea.KeyMsg
	doc string // the document being opened when it was typed
}

// typeAhead holds msg back when it acts on the open document (tag,
// status, note, done and next) and another document is being opened: it
// is replayed once that one is shown (replayTyped). It reports whether it
// held the key.
func (a *App) typeAhead(msg tea.KeyMsg) bool {
	if a.opening == "" || a.cur != nil && a.cur.Doc.ID == a.opening {
		return false // nothing on its way, or the open document again
	}
	g := a.keys.Global
	if !key.Matches(msg, g.Tag, g.Untag, g.Status, g.Note, g.DoneNext) {
		return false
	}
	a.waiting = append(a.waiting, typedAhead{key: msg, doc: a.opening})
	return true
}

// replayTyped runs the keys held back for document id, now shown, in the
// order they were typed. Keys typed for a document the reviewer moved on
// from before it came are dropped, with a word.
func (a *App) replayTyped(id string) tea.Cmd {
	held := a.waiting
	a.waiting = nil
	var cmds []tea.Cmd
	dropped := 0
	for _, k := range held {
		if k.doc != id {
			dropped++
			continue
		}
		cmds = append(cmds, a.key(k.key))
	}
	if dropped > 0 {
		a.status.fail(plural(dropped, "key", "keys") + " typed for a document left before it opened: not applied")
	}
	return tea.Batch(cmds...)
}
