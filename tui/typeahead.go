package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/store"
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
	// seeking says space (done, next) is saving and looking for the next
	// document: keys typed meanwhile are for that one (nextDoc until it
	// is known), not for the one space left
	seeking bool
}

// nextDoc stands for the document space looks for, until it is found.
const nextDoc = "\x00next"

// seek says space is looking for the next document.
func (t *typeAhead) seek() { t.seeking = true }

// found says the document space looked for is id (the one shown when
// there is none, or the save failed): the keys typed meanwhile are for
// it.
func (t *typeAhead) found(id string) {
	t.seeking = false
	for i := range t.held {
		if t.held[i].doc == nextDoc {
			t.held[i].doc = id
		}
	}
}

// hold holds msg back while another document, opening, is on its way
// (shown is the one shown, "" for none), if msg acts on the open
// document: a key for the reader or the panel (toPane: x, c, a, ] typed
// right after space or j would act on the document being left), or tag,
// status, note, done and next (g's keys). Once a key is held, every key
// typed after it is held too, so that keys keep their order: the text of
// t and its enter follow t into its prompt (g of "t good" would jump the
// list and lose the tag), ? after space opens help once space was done,
// and q after space quits once space was done (quitting at once left
// the document unmarked). q with nothing held quits at once; ctrl+c is
// never held. Held keys are replayed once their document is shown
// (take). It reports whether it held msg.
func (t *typeAhead) hold(msg tea.KeyMsg, g GlobalKeys, toPane bool, opening, shown string) bool {
	if opening == "" || opening == shown || key.Matches(msg, g.ForceQuit) {
		return false // nothing on its way, or the open document again
	}
	if len(t.held) == 0 && !toPane && !key.Matches(msg, g.Tag, g.Untag, g.Status, g.Note, g.DoneNext) {
		return false // q among them: it quits at once
	}
	t.held = append(t.held, typedAhead{key: msg, doc: opening})
	return true
}

// isGlobal reports whether msg is one of g's keys, which act the same in
// every pane.
func isGlobal(msg tea.KeyMsg, g GlobalKeys) bool {
	for _, keys := range g.FullHelp() {
		if key.Matches(msg, keys...) {
			return true
		}
	}
	return false
}

// take returns the keys held for document id, now shown, in the order
// they were typed, and how many were typed for a document the reviewer
// moved on from before it came (those are dropped). The keys typed for
// opening, the document on its way now ("" for none), stay held for it:
// the view of the one before it may come after they were typed; so do
// those for the document space still looks for.
func (t *typeAhead) take(id, opening string) (keys []tea.KeyMsg, dropped int) {
	var keep []typedAhead
	for _, k := range t.held {
		switch {
		case k.doc == id:
			keys = append(keys, k.key)
		case k.doc == opening, k.doc == nextDoc && t.seeking:
			keep = append(keep, k)
		default:
			dropped++
		}
	}
	t.held = keep
	return keys, dropped
}

// holds reports whether any key is held.
func (t *typeAhead) holds() bool { return len(t.held) > 0 }

// clear drops the keys held (their document could not be opened).
func (t *typeAhead) clear() { t.held = nil }

// shownID is the id of the open document d, "" for none.
func shownID(d *store.Document) string {
	if d == nil {
		return ""
	}
	return d.Doc.ID
}
