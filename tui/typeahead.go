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

// typeAhead is the keys held back until the document they were typed for
// is shown.
type typeAhead struct {
	held []typedAhead
	// prompt: a key held asks for text (a tag, a status, a note): every
	// key typed after it is held too, the text it was typed for and its
	// enter, or they would reach the panes (g of "t good" jumps the list
	// to its first document, and the tag is lost)
	prompt bool
}

// hold holds msg back when it acts on the open document (tag, status,
// note, done and next: the keys of g) and another document, opening, is
// on its way (shown is the one shown, "" for none): it is replayed once
// that one is shown (take). It reports whether it held the key.
func (t *typeAhead) hold(msg tea.KeyMsg, g GlobalKeys, opening, shown string) bool {
	if opening == "" || opening == shown {
		return false // nothing on its way, or the open document again
	}
	if !t.prompt && !key.Matches(msg, g.Tag, g.Untag, g.Status, g.Note, g.DoneNext) {
		return false
	}
	t.prompt = t.prompt || key.Matches(msg, g.Tag, g.Untag, g.Status, g.Note)
	t.held = append(t.held, typedAhead{key: msg, doc: opening})
	return true
}

// take returns the keys held for document id, now shown, in the order
// they were typed, and how many were typed for a document the reviewer
// moved on from before it came (those are dropped).
func (t *typeAhead) take(id string) (keys []tea.KeyMsg, dropped int) {
	for _, k := range t.held {
		if k.doc != id {
			dropped++
			continue
		}
		keys = append(keys, k.key)
	}
	t.held, t.prompt = nil, false
	return keys, dropped
}

// clear drops the keys held (their document could not be opened).
func (t *typeAhead) clear() { t.held, t.prompt = nil, false }
