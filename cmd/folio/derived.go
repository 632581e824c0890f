package main

import (
	"errors"
	"fmt"
	"math"
	"runtime/debug"

	"folio/internal/english"
	"folio/internal/safetext"
	"folio/query"
	"folio/store"
)

// The word counts, sketches and twins of the documents `folio import`
// adds are filed after it (store.Options.DeferDerived): the import costs
// what its texts and indexes cost, and they are filed after it — by the
// interface in the background, before its suggestions; by folio serve
// once it serves; by folio suggest before it suggests. A command that
// only reads changes nothing: the word counts it reads count the texts
// left (store.Store.WordCounts), and a query that asks for twins is told
// which documents have none yet (twinsLeft).

// fileDerived files what an import left in s, if this process holds it
// for writing, in short steps (the interface's actions wait for each);
// pause, if not nil, is called before each step, and progress, if not
// nil, after each (store.Store.FileDerived).
func fileDerived(s store.API, pause func(), progress func(done, left int)) error {
	f, ok := localStore(s)
	if !ok {
		return nil // a client: the folio that holds the store files it
	}
	opt := store.FileOptions{Progress: progress, Short: true}
	if pause != nil {
		opt.Pause = func() bool { pause(); return true }
	}
	return withFilingMemory(func() error {
		_, err := f.FileDerived(opt)
		return err
	})
}

// filingMemory is the soft limit of the runtime's memory while the
// interface or folio serve files what an import left (withFilingMemory).
// The filing frees as much as it allocates, step after step, so the
// collector's default pacing let the heap grow to twice what a step
// holds: 143-229 MB of anonymous memory while the interface filed a
// generated million documents, against 78-128 MB under this limit.
const filingMemory = 128 << 20

// withFilingMemory runs fn, which files what an import left while the
// reviewer works, with the runtime's soft memory limit at filingMemory,
// unless the limit is set already (GOMEMLIMIT); the limit before is
// restored after.
func withFilingMemory(fn func() error) error {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return fn()
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(filingMemory))
	return fn()
}

// twinsLeft says on stderr, when q asks for twins (has:twin, twin:) or
// for suggestions (which take fixes from twins), that the documents the
// last import added have none yet, if they wait.
func (e *env) twinsLeft(s store.API, q *query.Query) {
	ls, ok := localStore(s)
	if !ok || !q.NeedsTwins() && !q.NeedsSuggestions() {
		return
	}
	if n, err := ls.DerivedPending(); err == nil && n > 0 {
		fmt.Fprintf(e.stderr, "folio: the twins of the last %s imported are not filed yet (folio suggest, the interface or folio serve files them): has:twin, twin: and has:suggestions answer without them\n", english.Count(n, "document", "documents"))
	}
}

// fileLeft files what an import left in the store s, which this process
// opened read-only, before a command reads it to suggest: s is closed,
// the file opened for writing to file them and opened for reading again,
// which is returned. When another folio holds the store, it is left as it
// is: its WordCounts count the texts of the documents left, and their
// twins wait for the folio that holds it.
func (e *env) fileLeft(s store.API) (store.API, error) {
	ls, ok := s.(*store.Store)
	if !ok {
		return s, nil
	}
	n, err := ls.DerivedPending()
	if err != nil {
		ls.Close()
		return nil, err
	}
	if n == 0 {
		return s, nil
	}
	if err := ls.Close(); err != nil {
		return nil, err
	}
	docs := english.Count(n, "document", "documents")
	w, err := store.Open(e.db, store.Options{Author: e.reviewer})
	switch {
	case errors.Is(err, store.ErrLocked):
		fmt.Fprintf(e.stderr, "folio: another folio reads the store: the twins of the %s the last import added are not filed yet\n", docs)
	case err != nil:
		// a file or a mount this user may not write: read as it is
		fmt.Fprintf(e.stderr, "folio: the twins of the %s the last import added are not filed yet: %s\n", docs, safetext.Line(err.Error()))
	default:
		fmt.Fprintf(e.stderr, "folio: filing the word counts and twins of the %s the last import added\n", docs)
		_, err = w.FileDerived(store.FileOptions{}) // nothing else writes
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			// a damaged text stops the filing; what was filed stays, and
			// the rest is read as it is
			fmt.Fprintf(e.stderr, "folio: %s (folio check says more); the suggestions read the rest as it is\n", safetext.Line(err.Error()))
		}
	}
	r, c, err := e.openLocal(store.Options{Author: e.reviewer, ReadOnly: true})
	if c != nil {
		return c, nil
	}
	return r, err
}
