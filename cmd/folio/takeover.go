package main

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/internal/safetext"
	"folio/query"
	"folio/remote"
	"folio/store"
)

// takeoverWait is how long a command taking a store over waits for the
// lock of the folio that quit: that folio's Close waits up to 2 s for the
// calls under way, then closes the file.
const takeoverWait = 5 * time.Second

// maxTakeovers bounds how often one call takes the store over (once for
// each owner that quits under it).
const maxTakeovers = 3

// takeover is, for a command, the store another folio holds and serves.
// When that folio quits, the command opens the store itself as it would
// have at its start (or connects to the folio that holds it now) and
// carries on: a read is made again, a walk over the documents goes on
// after the last one it gave, and a change is made again only when it
// reached no owner (remote.Unsent). A change sent to an owner that quit
// before it answered may be saved or not: the protocol carries no request
// ids to ask, so it is not made twice blindly, and the error says that
// its fate is unknown.
type takeover struct {
	*holder
	layer *string // the layer viewed (Layer); nil: the store as opened
}

// holder is the store a takeover's calls go to, and how to open it again.
type holder struct {
	mu     sync.Mutex
	cur    store.API
	reopen func() (store.API, error)
	stderr io.Writer
}

var _ store.API = (*takeover)(nil)

// newTakeover is client c of the folio that holds the store; reopen opens
// the store again when that folio has quit.
func newTakeover(c *remote.Client, reopen func() (store.API, error), stderr io.Writer) *takeover {
	return &takeover{holder: &holder{cur: c, reopen: reopen, stderr: stderr}}
}

// now returns the store held now, and the view of it calls go to.
func (t *takeover) now() (held, view store.API) {
	t.mu.Lock()
	held = t.cur
	t.mu.Unlock()
	if t.layer != nil {
		return held, held.Layer(*t.layer)
	}
	return held, held
}

// replace opens the store again after a call to gone found its owner
// gone (why), unless another call has done so meanwhile.
func (h *holder) replace(gone store.API, why error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cur != gone {
		return nil
	}
	s, err := h.reopen()
	if err != nil {
		return fmt.Errorf("%w; taking the store over failed: %w", why, err)
	}
	gone.Close()
	h.cur = s
	how := "opened it itself"
	if _, ok := s.(*remote.Client); ok {
		how = "works through the folio that holds it now"
	}
	fmt.Fprintf(h.stderr, "folio: the folio that held %s quit: this command %s and carries on\n", safetext.Line(s.Path()), how)
	return nil
}

// retry makes call, and again on the store taken over when its owner was
// gone. A change (change true) is made again only when it reached no
// owner.
func retry[R any](t *takeover, change bool, call func(store.API) (R, error)) (R, error) {
	for i := 0; ; i++ {
		held, s := t.now()
		r, err := call(s)
		switch {
		case i == maxTakeovers || !errors.Is(err, store.ErrGone):
			return r, err
		case change && !remote.Unsent(err):
			return r, fmt.Errorf("%w; it quit before it answered, so whether the change was saved is unknown: look before making it again", err)
		}
		if err := t.replace(held, err); err != nil {
			return r, err
		}
	}
}

// read makes a call that changes nothing (see retry).
func read[R any](t *takeover, call func(store.API) (R, error)) (R, error) {
	return retry(t, false, call)
}

// write makes a change (see retry).
func write[R any](t *takeover, call func(store.API) (R, error)) (R, error) {
	return retry(t, true, call)
}

// walk reads the store a part at a time with each, and again on the store
// taken over when its owner quit meanwhile. each passes its callback's
// errors through mark: they end the walk as they are. Once the callback
// has had a part, a walk that cannot resume (each starting again from
// the first) returns the owner's error rather than give a part twice.
func (t *takeover) walk(resume bool, each func(s store.API, mark func(error) error) error) error {
	called := false
	for i := 0; ; i++ {
		held, s := t.now()
		var fnErr error
		err := each(s, func(err error) error { called, fnErr = true, err; return err })
		if i == maxTakeovers || fnErr != nil || !errors.Is(err, store.ErrGone) || (called && !resume) {
			return err
		}
		if err := t.replace(held, err); err != nil {
			return err
		}
	}
}

func (t *takeover) Path() string   { _, s := t.now(); return s.Path() }
func (t *takeover) Author() string { _, s := t.now(); return s.Author() }

// Close closes the store held now.
func (t *takeover) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur.Close()
}

// Layer views reviewer name's layer ("" the curated annotations) of the
// store held at each call.
func (t *takeover) Layer(name string) store.API { return &takeover{holder: t.holder, layer: &name} }

func (t *takeover) Len() (int, error) { return read(t, store.API.Len) }
func (t *takeover) Doc(id string) (annot.Doc, error) {
	return read(t, func(s store.API) (annot.Doc, error) { return s.Doc(id) })
}
func (t *takeover) Resolve(idOrPrefix string) (string, error) {
	return read(t, func(s store.API) (string, error) { return s.Resolve(idOrPrefix) })
}
func (t *takeover) Document(id string) (store.Document, error) {
	return read(t, func(s store.API) (store.Document, error) { return s.Document(id) })
}
func (t *takeover) Annotations(id string) ([]annot.Annotation, error) {
	return read(t, func(s store.API) ([]annot.Annotation, error) { return s.Annotations(id) })
}
func (t *takeover) DocList() ([]annot.Doc, error) { return read(t, store.API.DocList) }
func (t *takeover) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	return read(t, func(s store.API) (*roaring.Bitmap, error) { return s.Select(q, fill) })
}
func (t *takeover) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	return read(t, func(s store.API) ([]annot.Doc, error) { return s.Window(sel, from, n) })
}
func (t *takeover) Stats(q *query.Query) (store.Stats, error) {
	return read(t, func(s store.API) (store.Stats, error) { return s.Stats(q) })
}
func (t *takeover) Layout(id string) (*annot.Layout, error) {
	return read(t, func(s store.API) (*annot.Layout, error) { return s.Layout(id) })
}
func (t *takeover) FindWord(word string) (map[string][]annot.Span, error) {
	return read(t, func(s store.API) (map[string][]annot.Span, error) { return s.FindWord(word) })
}
func (t *takeover) Fixes() ([]store.Fix, error) { return read(t, store.API.Fixes) }
func (t *takeover) History() (undo, redo string, err error) {
	h, err := read(t, func(s store.API) ([2]string, error) {
		u, r, err := s.History()
		return [2]string{u, r}, err
	})
	return h[0], h[1], err
}
func (t *takeover) Entities() ([]store.Entity, error) { return read(t, store.API.Entities) }
func (t *takeover) EntityDocs(label, name string) ([]string, error) {
	return read(t, func(s store.API) ([]string, error) { return s.EntityDocs(label, name) })
}
func (t *takeover) Assignments() (map[string][]string, error) {
	return read(t, store.API.Assignments)
}
func (t *takeover) Layers() (map[string][]string, error) { return read(t, store.API.Layers) }
func (t *takeover) Damage(keep func(annot.Doc) bool) ([]string, error) {
	return read(t, func(s store.API) ([]string, error) { return s.Damage(keep) })
}
func (t *takeover) CheckPages() ([]string, error)      { return read(t, store.API.CheckPages) }
func (t *takeover) CheckInvariants() ([]string, error) { return read(t, store.API.CheckInvariants) }

// BackupFile writes the copy again when the owner quit: a failed one
// leaves no file.
func (t *takeover) BackupFile(path string) error {
	_, err := read(t, func(s store.API) (struct{}, error) { return struct{}{}, s.BackupFile(path) })
	return err
}

// Backup writes the copy again only when the owner quit before a byte of
// it reached w.
func (t *takeover) Backup(w io.Writer) (int64, error) {
	var n int64
	err := t.walk(false, func(s store.API, mark func(error) error) error {
		m, err := s.Backup(writerFunc(func(p []byte) (int, error) {
			mark(nil)
			return w.Write(p)
		}))
		n = m
		return err
	})
	return n, err
}

// writerFunc is a function that is an io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// Docs goes on after the last record fn had when the owner quit.
func (t *takeover) Docs(fn func(annot.Doc) error) error {
	var after seqAfter
	return t.walk(true, func(s store.API, mark func(error) error) error {
		after.again()
		return s.Docs(func(d annot.Doc) error {
			if !after.take(d.Seq) {
				return nil
			}
			return mark(fn(d))
		})
	})
}

// Documents goes on after the last document fn had when the owner quit.
func (t *takeover) Documents(keep func(annot.Doc) bool, fn func(store.Document) error) error {
	var after seqAfter
	return t.walk(true, func(s store.API, mark func(error) error) error {
		rest := keep
		if after.again() {
			rest = func(d annot.Doc) bool { return d.Seq > after.last && (keep == nil || keep(d)) }
		}
		return s.Documents(rest, func(d store.Document) error {
			after.take(d.Doc.Seq)
			return mark(fn(d))
		})
	})
}

// seqAfter is where a walk over the documents, which come in import
// order (Seq), goes on after the owner quit: after the last one given.
type seqAfter struct {
	last   uint64
	walks  int
	resume bool // this walk goes on after an earlier one
}

// again starts a walk and reports whether it goes on after another.
func (a *seqAfter) again() bool {
	a.walks++
	a.resume = a.walks > 1
	return a.resume
}

// take reports whether the document of import number seq is new to the
// walk, and records it as the last given.
func (a *seqAfter) take(seq uint64) bool {
	if a.resume && seq <= a.last {
		return false
	}
	a.last = max(a.last, seq)
	return true
}

func (t *takeover) Log(fn func(store.Action) error) error {
	return t.walk(false, func(s store.API, mark func(error) error) error {
		return s.Log(func(a store.Action) error { return mark(fn(a)) })
	})
}

func (t *takeover) Recent(fn func(store.Action) bool) error {
	return t.walk(false, func(s store.API, mark func(error) error) error {
		return s.Recent(func(a store.Action) bool { mark(nil); return fn(a) })
	})
}

func (t *takeover) Do(what string, ops ...store.Op) (store.Action, error) {
	return write(t, func(s store.API) (store.Action, error) { return s.Do(what, ops...) })
}
func (t *takeover) Undo() (store.Action, error) { return write(t, store.API.Undo) }
func (t *takeover) Redo() (store.Action, error) { return write(t, store.API.Redo) }
func (t *takeover) Assign(plan map[string][]string, what string) (store.Action, error) {
	return write(t, func(s store.API) (store.Action, error) { return s.Assign(plan, what) })
}
func (t *takeover) Curate(doc, from string, ids []string) (store.Action, error) {
	return write(t, func(s store.API) (store.Action, error) { return s.Curate(doc, from, ids) })
}
func (t *takeover) SaveEntity(e store.Entity) error {
	_, err := write(t, func(s store.API) (struct{}, error) { return struct{}{}, s.SaveEntity(e) })
	return err
}
func (t *takeover) RenameEntity(label, from, name string) error {
	_, err := write(t, func(s store.API) (struct{}, error) { return struct{}{}, s.RenameEntity(label, from, name) })
	return err
}
func (t *takeover) DeleteEntity(label, name string) error {
	_, err := write(t, func(s store.API) (struct{}, error) { return struct{}{}, s.DeleteEntity(label, name) })
	return err
}

// NewImporter starts an import whose chunks go through ImportBatch.
func (t *takeover) NewImporter(report func(id, msg string)) *store.Importer {
	return store.NewImporterTo(t, report)
}

func (t *takeover) ImportBatch(docs []store.ImportDoc, report func(id, msg string)) (store.ImportStats, error) {
	return write(t, func(s store.API) (store.ImportStats, error) { return s.ImportBatch(docs, report) })
}
