package store

import (
	"context"
	"io"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
)

// API is what folio's commands and interface use of a store. *Store is
// one; a client of a store that another folio serves (package remote) is
// another, so that a command does not know whether its store is local.
// Every method is safe for concurrent use.
type API interface {
	// Path is the store's file name.
	Path() string
	// Author is who the store records as making changes.
	Author() string
	Close() error

	Len() (int, error)
	Doc(id string) (annot.Doc, error)
	// Resolve returns the id of the one document whose id is idOrPrefix
	// or begins with it.
	Resolve(idOrPrefix string) (string, error)
	Document(id string) (Document, error)
	Annotations(id string) ([]annot.Annotation, error)
	Docs(fn func(annot.Doc) error) error
	DocList() ([]annot.Doc, error)
	Documents(keep func(annot.Doc) bool, fn func(Document) error) error
	// Select returns the numbers (Doc.Seq) of the documents q selects,
	// from the indexes where they cover the view; fill, if not nil,
	// completes a record before it is matched. Window returns the
	// records at places [from, from+n) of sel. Together they are what a
	// list reads: an answer and the rows on screen, never the corpus.
	Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error)
	Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error)
	// Stats returns the stats of the documents q selects (all when q is
	// empty), from the indexes where they cover the view.
	Stats(q *query.Query) (Stats, error)
	Layout(id string) (*annot.Layout, error)
	FindWord(word string) (map[string][]annot.Span, error)
	Fixes() ([]Fix, error)

	Do(what string, ops ...Op) (Action, error)
	Undo() (Action, error)
	Redo() (Action, error)
	History() (undo, redo string, err error)
	Log(fn func(Action) error) error
	// Recent calls fn with each log entry, newest first, until fn
	// returns false.
	Recent(fn func(Action) bool) error

	Entities() ([]Entity, error)
	EntityDocs(label, name string) ([]string, error)
	SaveEntity(e Entity) error
	RenameEntity(label, from, name string) error
	DeleteEntity(label, name string) error

	// Assign sets the reviewers of documents; Assignments reads them.
	Assign(plan map[string][]string, what string) (Action, error)
	Assignments() (map[string][]string, error)
	// Layer views reviewer name's layer ("" the curated annotations);
	// Layers lists who has a layer of which document; Curate accepts a
	// reviewer's version, or some of its annotations, into the curated
	// annotations (layers.go).
	Layer(name string) API
	Layers() (map[string][]string, error)
	Curate(doc, from string, ids []string) (Action, error)

	NewImporter(report func(id, msg string)) *Importer
	ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error)

	Backup(w io.Writer) (int64, error)
	BackupFile(path string) error
	Damage(keep func(annot.Doc) bool) ([]string, error)
	CheckPages() ([]string, error)
	CheckInvariants() ([]string, error)
}

var _ API = (*Store)(nil)

// As returns the store recording author on the changes made through it.
// It shares the open file with s: close s, not it.
func (s *Store) As(author string) *Store {
	c := *s
	c.author = author
	return &c
}

// Event says that a shared store changed: who did what, to which
// documents. A Watcher's events never include the watcher's own changes.
type Event struct {
	// Seq numbers the events of one owner, from 1.
	Seq uint64 `json:"seq"`
	// Owner identifies the serving process; Origin the process whose
	// change it was.
	Owner  string `json:"owner"`
	Origin string `json:"origin"`
	Author string `json:"author"`
	What   string `json:"what"`
	// Docs are the documents changed; nil means any (an import, the
	// registry, events missed): reload everything.
	Docs []string `json:"docs"`
	// Gone says the owner went away (a watcher goes on trying); Back
	// says it is there again, and everything is to be reloaded.
	Gone bool `json:"gone,omitempty"`
	Back bool `json:"back,omitempty"`
}

// All reports whether the event asks to reload everything.
func (e Event) All() bool { return e.Docs == nil }

// Watcher is an optional interface of a store that other processes share:
// Watch returns the changes the others make, until ctx ends.
type Watcher interface {
	Watch(ctx context.Context) <-chan Event
}
