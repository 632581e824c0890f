package tui

import (
	"context"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/charmbracelet/lipgloss"

	"folio/annot"
	"folio/config"
	"folio/internal/termimg"
	"folio/query"
	"folio/store"
	"folio/suggest"
)

// Store is what the interface needs of folio's store. *store.Store
// satisfies it. Every call happens inside a tea.Cmd, never in Update or
// View.
type Store interface {
	// Select and Window are what the list reads (list.Source): the
	// answer to a filter, and the records of the rows on screen.
	Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error)
	Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error)
	// DocList returns every record: the dashboard (D) reads them, on
	// demand; the list never does.
	DocList() ([]annot.Doc, error)
	Doc(id string) (annot.Doc, error)
	Document(id string) (store.Document, error)
	Do(what string, ops ...store.Op) (store.Action, error)
	Undo() (store.Action, error)
	Redo() (store.Action, error)
	// Entities returns the registry of canonical entities, with mention
	// and document counts, sorted by label and name.
	Entities() ([]store.Entity, error)
	// EntityDocs returns the documents that mention (label, name).
	EntityDocs(label, name string) ([]string, error)
	// RenameEntity renames (label, from) to name and every mention with
	// it; an existing name merges the two. One undoable action.
	RenameEntity(label, from, name string) error
	// SaveEntity creates or updates a registry entry (its aliases and
	// external id). One undoable action.
	SaveEntity(e store.Entity) error
	// DeleteEntity removes (label, name) from the registry; its mentions
	// keep their label. One undoable action.
	DeleteEntity(label, name string) error
	// FindWord returns every whole-word occurrence of word in the corpus,
	// by document id, as spans in code points of the stored text.
	FindWord(word string) (map[string][]annot.Span, error)
	// Layout returns the page layout of a document read from hOCR, ALTO
	// or PAGE XML, or an error wrapping store.ErrNoLayout.
	Layout(id string) (*annot.Layout, error)
	// Recent calls fn with each entry of the change log, newest first,
	// until fn returns false.
	Recent(fn func(store.Action) bool) error
	Path() string
}

// IndexedStore is an optional interface of a Store: Indexed reports
// whether its indexes cover what the store reads. *store.Store is one
// (Indexed is false for a view of reviewers' layers, whose Select then
// matches every record); the suggestion counts are kept in the store only
// where it is. It is called inside a tea.Cmd.
type IndexedStore interface {
	Indexed() bool
}

// SuggestionJournal is an optional interface of a Store (*store.Store
// satisfies it): the records keep each document's count of open
// suggestions, and the store marks the documents whose count a write made
// out of date, so that a launch counts only those, not the corpus.
type SuggestionJournal interface {
	// StaleSuggestions returns up to limit marked documents after the id
	// after, and how many are marked when after is "".
	StaleSuggestions(after string, limit int) ([]store.StaleDoc, int, error)
	// AnyStale reports whether any document is marked, in a read that
	// costs one key.
	AnyStale() (bool, error)
	// StaleMarks returns the marks of those of ids that are marked.
	StaleMarks(ids []string) ([]store.StaleDoc, error)
	// SetSuggestionCounts writes counts and clears their marks.
	SetSuggestionCounts(counts []store.SuggestionCount) (int, error)
	// MarkSuggestionEvidence marks every document when the evidence's
	// fingerprint changed (or all is true), in steps; pause is called
	// before each step (it holds the walk back while the reviewer types)
	// and returns false to stop there.
	MarkSuggestionEvidence(fingerprint string, all bool, pause func() bool) (int, error)
}

// Suggester proposes fixes and entities for one document. It runs inside
// a tea.Cmd; it may be slow, but must not write anything.
type Suggester interface {
	Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion
}

// Learner is an optional interface of a Suggester: it is told each fix
// the reviewer saves (from the stored text to the replacement), so that
// later suggestions can use it. It is called inside a tea.Cmd.
type Learner interface {
	Learn(from, to string)
}

// EntityRefresher is an optional interface of a Suggester: after an action
// that changed labelled spans or the entity registry (a label, a canonical
// name, an alias, a merge, a rename, an undo of one), RefreshEntities
// rebuilds its entity suggestions from the store, and the app then asks
// for the suggestions of every document again. It is called inside a
// tea.Cmd.
type EntityRefresher interface {
	RefreshEntities() error
}

// ExternalSuggester is an optional interface of a Suggester: the
// suggestions of the external suggesters (folio.toml [[suggester]]),
// asked apart from Suggest so that a slow model never holds up folio's
// own, and a status line about those that failed ("" when none). The app
// asks it for the open document only (the list's counts use Suggest) and
// merges its answer with external.Merge. It is called inside a tea.Cmd.
type ExternalSuggester interface {
	SuggestExternal(doc, text string, anns []annot.Annotation) (list []suggest.Suggestion, status string)
}

// LazySuggester is an optional interface of a Suggester that prepares
// itself on its first Suggest, which then waits for it (cmd/folio builds
// its dictionaries, the corpus lexicon's indexes and its pairs of words:
// seconds of processor time and a hundred megabytes). The app then asks
// for no suggestion while the reviewer only browses or filters the list
// before it has started: the open document's suggestions are asked for
// once the reader or the panel has the keyboard, or once it has started
// anyway (the background count of the documents a write marked, an
// action's recount); until then, and while it prepares, the panel says
// so. Both methods answer at once (the app calls them in Update).
type LazySuggester interface {
	// Started reports whether it is preparing or has prepared.
	Started() bool
	// Ready reports whether it has prepared: Suggest answers at once.
	Ready() bool
}

// PreparingSuggester is an optional interface of a LazySuggester:
// Preparing says what its preparation does now, for the panel's note
// while it prepares ("" for the usual note): cmd/folio's first files the
// word counts and twins of the documents the last import added. It
// answers at once (the app calls it in View).
type PreparingSuggester interface {
	Preparing() string
}

// Paced is an optional interface of a LazySuggester whose preparation
// goes in steps (cmd/folio's: the word lists, the corpus lexicon, each
// document of its sample of pairs of words): New gives it the pause to
// call before each step, which waits while the reviewer types (quiet.go),
// so that the keys do not wait for seconds of preparation. It is called
// before any Suggest. Hurry says that the reviewer waits for the
// preparation (the reader asked for a document's suggestions): its steps
// no longer pause.
type Paced interface {
	SetPause(pause func() bool)
	Hurry()
}

// SuggestFunc adapts a function to Suggester.
type SuggestFunc func(doc, text string, anns []annot.Annotation) []suggest.Suggestion

// Suggest calls f.
func (f SuggestFunc) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	return f(doc, text, anns)
}

// Options configure the interface.
type Options struct {
	// Config gives the entity labels (one picker key each) and tags.
	Config config.Config
	// Suggester proposes fixes; nil shows no suggestions.
	Suggester Suggester
	// Evidence is the fingerprint of what the Suggester reads besides
	// the corpus (word lists, dictionary, patterns): when it differs from
	// the one the store's counts were made with, every document is
	// counted again (with a SuggestionJournal store).
	Evidence string
	// Author is recorded on the annotations made here ("" lets the store
	// use its own).
	Author string
	// Renderer renders the styles; nil uses one without colour (tests).
	// Run makes one for the terminal.
	Renderer *lipgloss.Renderer
	// NoColor drops colours but keeps bold, underline and reverse.
	NoColor bool
	// Now is the clock for relative times; default time.Now.
	Now func() time.Time
	// Keys overrides the key map; nil uses DefaultKeyMap.
	Keys *KeyMap
	// Resume reopens the document and position last left in this store,
	// and Run records them on quitting (in StateDir/resume.json).
	Resume bool
	// StateDir holds resume.json; "" is folio's folder in the user's
	// cache folder.
	StateDir string
	// Graphics draws the page image (i): None (the zero value) means
	// half-blocks, or nothing when colours are off. Run asks the
	// terminal (see termimg.Choose).
	Graphics termimg.Protocol
	// GraphicsPending says the terminal was asked (termimg.Ask) and its
	// answers are to come: when they do, they set Graphics.
	GraphicsPending bool
	// CellW and CellH are a cell's size in pixels for the graphics
	// protocols; 0 takes 10×20.
	CellW, CellH int
	// Busy, if set, hears of the heavy work on a document (reading it,
	// laying it out) as it starts, named for a
	// message ("laying out document \"a\""); the func it returns is
	// called when that work ends. A process that must stop (its memory
	// cap) can then say what it was doing.
	Busy func(what string) (done func())
	// Context, if set, ends the interface when it is done: Run restores
	// the terminal and returns (an error). Signals are then the
	// caller's: Bubble Tea's own handler, which quits on SIGTERM as if
	// the reviewer had, is off.
	Context context.Context
}
