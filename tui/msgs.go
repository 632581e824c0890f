package tui

import (
	"errors"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/internal/termimg"
	"folio/store"
	"folio/suggest"
	"folio/tui/action"
	"folio/tui/dashboard"
	"folio/tui/docview"
	"folio/tui/overlay"
)

// Messages carry the results of store calls back to Update. Each names
// the document and generation it belongs to, so that a late answer for a
// document no longer shown is dropped.

// docMsg is one opened document.
type docMsg struct {
	gen int
	id  string
	doc store.Document
	err error
}

// suggMsg is the suggestions for one version (hash) of a document.
type suggMsg struct {
	key      string // annsKey of the document version asked about
	id, hash string
	list     []suggest.Suggestion
}

// extSuggMsg is the external suggesters' suggestions for one version
// (hash) of a document, and what went wrong with them.
type extSuggMsg struct {
	id, hash string
	list     []suggest.Suggestion
	status   string
}

// viewMsg is a reader layout built off the main loop.
type viewMsg struct {
	gen int
	v   *docview.View
}

// recordsMsg refreshes the list records of changed documents.
type recordsMsg struct {
	docs []annot.Doc
}

// entitiesMsg is the canonical entity registry, for the entity picker.
type entitiesMsg struct {
	req  labelReq
	list []store.Entity
	err  error
}

// dashboardMsg is the corpus at a glance, gathered.
type dashboardMsg struct {
	d   dashboard.Data
	err error
}

func openDocCmd(st Store, id string, gen int) tea.Cmd {
	return func() tea.Msg {
		d, err := st.Document(id)
		return docMsg{gen: gen, id: id, doc: d, err: err}
	}
}

// suggestCmd asks sg for the suggestions of the document the reader
// shows: the reviewer waits for them, so a Paced preparation hurries.
func suggestCmd(sg Suggester, d store.Document, key string) tea.Cmd {
	if sg == nil {
		return nil
	}
	return func() tea.Msg {
		if p, ok := sg.(Paced); ok {
			p.Hurry()
		}
		list := sg.Suggest(d.Doc.ID, d.Text, d.Anns)
		sort.SliceStable(list, func(i, j int) bool { return list[i].Start < list[j].Start })
		return suggMsg{key: key, id: d.Doc.ID, hash: d.Doc.Hash, list: list}
	}
}

func extSuggestCmd(sg Suggester, d store.Document) tea.Cmd {
	x, ok := sg.(ExternalSuggester)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		list, status := x.SuggestExternal(d.Doc.ID, d.Text, d.Anns)
		return extSuggMsg{id: d.Doc.ID, hash: d.Doc.Hash, list: list, status: status}
	}
}

func recordsCmd(st Store, ids []string) tea.Cmd {
	return func() tea.Msg {
		var out []annot.Doc
		for _, id := range ids {
			if d, err := st.Doc(id); err == nil {
				out = append(out, d)
			}
		}
		return recordsMsg{docs: out}
	}
}

func entitiesCmd(st Store, req labelReq) tea.Cmd {
	return func() tea.Msg {
		list, err := st.Entities()
		return entitiesMsg{req: req, list: list, err: err}
	}
}

// entitiesRefreshedMsg says the suggester has rebuilt its entity
// suggestions.
type entitiesRefreshedMsg struct{ err error }

func refreshEntitiesCmd(r EntityRefresher) tea.Cmd {
	return func() tea.Msg { return entitiesRefreshedMsg{err: r.RefreshEntities()} }
}

// errText is the message of err for the status line.
func errText(err error) string {
	var re *annot.RuleError
	if errors.As(err, &re) {
		return re.Msg
	}
	if errors.Is(err, store.ErrNoChange) {
		return "nothing changed"
	}
	if errors.Is(err, store.ErrConflict) {
		return err.Error() + ": reloaded, look again and redo it"
	}
	if errors.Is(err, store.ErrGone) {
		return goneText()
	}
	return err.Error()
}

// Intents and results from the other files: what keys, overlays and
// commands ask the app to do.

// labelPickedMsg is a label picked for a span: the canonical name is asked next.
type labelPickedMsg struct{ req labelReq }

// canonicalMsg labels a span with a canonical name ("" for none).
type canonicalMsg struct {
	req       labelReq
	canonical string
}

// correctMsg saves a correction (replacing the corrections in del).
type correctMsg struct {
	doc, id, class, value string
	span                  annot.Span
	del                   []string // corrections the new one replaces
}

// noChangeMsg is an input submitted as it was: nothing is saved.
type noChangeMsg struct{ what string }

// tagMsg tags a document.
type tagMsg struct{ doc, name string }

// untagMsg removes a tag from a document.
type untagMsg struct{ doc, name string }

// setStatusMsg sets a document's review status.
type setStatusMsg struct{ doc, status string }

// searchMsg searches the reader for q.
type searchMsg struct{ q string }

// filterMsg sets the list's filter.
type filterMsg struct{ expr string }

// askTagFilterMsg asks for a tag to filter the list by.
type askTagFilterMsg struct{}

// nextTodoMsg opens the next todo document after the document after.
type nextTodoMsg struct {
	after string
	seq   uint64 // its number
}

// nextSuggDocMsg asks to open the next document with open suggestions
// after the document after.
type nextSuggDocMsg struct {
	after string
	seq   uint64 // its number
}

// countsMsg is the open suggestion counts of some documents, read by a
// command started when the app's edit sequence was seq.
type countsMsg struct {
	seq    int
	n      int // documents asked for
	counts map[string]int
	chain  bool // part of the start-up chain: start the next chunk
	chainN int  // the chain's number (counter.chain)
	// with a SuggestionJournal: the last id read (the next chunk reads
	// after it), and how many were marked when the chain started (-1 in
	// a later chunk)
	after string
	total int
	// without a journal: every document, selected by the first chunk
	all *roaring.Bitmap
	err error
}

// noteMsg saves a note: on a span of a document, or on the whole of it.
type noteMsg struct {
	doc     string
	span    annot.Span
	hasSpan bool
	text    string
}

// askTagInputMsg asks for the free-text tag input of a document.
type askTagInputMsg struct{ doc string }

// queueMsg is the reviewer's queue: the documents dealt to them, by id
// and by number, and how many of them are todo.
type queueMsg struct {
	ids  map[string]bool
	nums *roaring.Bitmap
	left int
	err  error
}

// quoteShort quotes s, sanitized and cut to n cells (see docview.Quote).
func quoteShort(s string, n int) string { return docview.Quote(s, n) }

// plural formats n with a noun (see docview.Plural).
func plural(n int, one, many string) string { return docview.Plural(n, one, many) }

// groupDigits writes n in groups of three (see docview.GroupDigits).
func groupDigits(n int) string { return docview.GroupDigits(n) }

// versionsMsg is the curator's view of one document, loaded.
type versionsMsg struct {
	doc   string
	title string
	items []overlay.Item
	err   error
}

// curateMsg accepts reviewer from's version of doc (ids nil), or some of
// its annotations, into the curated ones.
type curateMsg struct {
	doc, from string
	ids       []string
}

// watchingMsg carries the stream of changes, once opened.
type watchingMsg struct{ ch <-chan store.Event }

// changeMsg is one change another process made.
type changeMsg struct{ ev store.Event }

// relateMsg saves a relation between two entities of a document.
type relateMsg struct {
	doc, from, to, label string
	what                 string
}

// keptMsg applies the places of an apply-everywhere plan that the
// preview kept.
type keptMsg struct {
	plan action.PlanMsg
	keep []bool
}

// graphicsMsg brings the terminal's answers to the graphics query
// (askGraphics), which come on the keys' input after the app started.
type graphicsMsg struct{ caps termimg.Caps }

// preparingMsg asks the panel to say again what the suggester's
// preparation does (PreparingSuggester), every preparingEvery while it
// says something.
type preparingMsg struct{}
