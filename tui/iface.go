package tui

import (
	"time"

	"github.com/charmbracelet/lipgloss"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/suggest"
)

// Store is what the interface needs of folio's store. *store.Store
// satisfies it. Every call happens inside a tea.Cmd, never in Update or
// View.
type Store interface {
	DocList() ([]annot.Doc, error)
	Doc(id string) (annot.Doc, error)
	Document(id string) (store.Document, error)
	Do(what string, ops ...store.Op) (store.Action, error)
	Undo() (store.Action, error)
	Redo() (store.Action, error)
	Entities() ([]store.Entity, error)
	// FindWord returns every whole-word occurrence of word in the corpus,
	// by document id, as spans in code points of the stored text.
	FindWord(word string) (map[string][]annot.Span, error)
	Path() string
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
}
