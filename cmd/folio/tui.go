package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"folio/annot"
	"folio/config"
	"folio/corpus"
	"folio/internal/safetext"
	"folio/internal/workers"
	"folio/remote"
	"folio/store"
	"folio/suggest"
	"folio/suggest/external"
	"folio/tui"
)

// runTUI imports paths (or, into an empty store, the seeds) and opens the
// terminal UI, with a CPU profile written to cpuprofile if it is not "".
// A panic in the launcher restores the terminal and becomes
// an error; Bubble Tea recovers those in Update, View and commands, and
// the supervisor (supervise.go) restores the terminal after a crash no
// recover catches.
func (e *env) runTUI(paths []string, cpuprofile string) (err error) {
	saved := saveTerminal()
	defer saved.close()
	defer func() {
		if r := recover(); r != nil {
			restoreTerminal(saved)
			err = fmt.Errorf("the terminal UI failed: %v", r)
		}
	}()
	cfg, err := e.config()
	if err != nil {
		return err
	}
	if err := corpus.CheckPaths(paths); err != nil {
		return err
	}
	if err := checkWordLists(cfg, nil, nil); err != nil {
		return err
	}
	e.quiet = true        // the server's messages would land on the screen
	e.waitForOwner = true // a client reloads from the next owner (tui/live.go)
	s, err := e.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if cpuprofile != "" {
		// here, where the store is open: the process that supervises
		// the session has handed it over and returned above
		stop, err := startCPUProfile(cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if len(paths) > 0 {
		if _, err := e.importPaths(s, paths, cfg, importOptions{}); err != nil {
			return err
		}
	} else if n, err := s.Len(); err != nil {
		return err
	} else if n == 0 {
		if _, err := e.importSeeds(s); err != nil {
			return fmt.Errorf("import the bundled seeds: %w", err)
		}
	}
	var busy func(string) func()
	if e.busy != nil {
		busy = e.busy.begin
	}
	sg := startSuggester(nil)
	sg.build = func(pause func()) (*suggester, error) { return buildReviewSuggester(s, cfg, pause, sg.setPreparing) }
	sg.ext = newExternal(cfg)
	sg.busy = busy
	defer sg.ext.Close()
	// the store's author: over TCP the server names the reviewer
	stop := e.stopContext()
	err = tui.Run(s, tui.Options{Config: cfg, Author: s.Author(), Suggester: sg, Resume: true,
		Evidence: evidenceFingerprint(cfg, nil, nil), Busy: busy, Context: stop})
	return stopped(stop, err)
}

// buildReviewSuggester builds the interface's suggester: the one
// `folio suggest --doc` uses, with the pairs of words of a sample of the
// corpus for the real-word errors (a document's cost follows the
// document, not the corpus). It first files the word counts and twins
// the last import left, telling preparing how far it is ("" when done).
func buildReviewSuggester(s store.API, cfg config.Config, pause func(), preparing func(string)) (*suggester, error) {
	if preparing == nil {
		preparing = func(string) {}
	}
	err := fileDerived(s, pause, func(done, left int) {
		preparing(fmt.Sprintf("filing the word counts and twins of the last import, %d of %d documents", done, done+left))
	})
	preparing("")
	if err != nil {
		// a damaged text stops the filing (folio check names it); the
		// suggestions come without the twins left, the word counts
		// counting the texts left (store.Store.WordCounts)
		preparing(fmt.Sprintf("the last import's twins are not filed (%s); folio check says more", safetext.Line(err.Error())))
	}
	// the interface needs a processor for the keys while it builds, and
	// the build waits while the reviewer types (pause)
	g, err := buildSuggester(s, cfg, nil, nil, workers.Background(runtime.GOMAXPROCS(0)), pause)
	if err != nil {
		return nil, err
	}
	if err := g.sampleBigrams(s, bigramSample); err != nil {
		return nil, err
	}
	return g, nil
}

// backgroundSuggester builds the suggester in the background when it is
// first asked for (building reads the corpus lexicon and the word lists:
// about a second of processor time and 200 MB allocated at 10 000
// documents): not while the UI starts, nor while the reviewer browses or
// filters the list (it is a tui.LazySuggester: the app asks for
// suggestions once a document is opened in the reader, and the background
// count asks only for documents a write marked). Until it is ready,
// Suggest waits for it (the UI calls it from a command, never from
// Update).
type backgroundSuggester struct {
	ready   chan struct{}
	once    sync.Once
	started atomic.Bool
	build   func(pause func()) (*suggester, error)
	g       *suggester
	err     error
	ext     *external.Set // the external suggesters: they need no build
	// pause is called between two steps of the build (tui.Paced: it
	// waits while the reviewer types); set before the first Suggest
	pause func()
	hurry atomic.Bool // the reviewer waits for the build: no pause
	// busy, if set, hears of the build and of each document's
	// suggestions while they are under way (tui.Options.Busy)
	busy func(what string) (done func())
	// preparing is what the build does now, if it says (Preparing)
	preparing atomic.Pointer[string]
}

var (
	_ tui.LazySuggester      = (*backgroundSuggester)(nil)
	_ tui.Paced              = (*backgroundSuggester)(nil)
	_ tui.PreparingSuggester = (*backgroundSuggester)(nil)
)

// startSuggester returns the suggester build makes, built when first
// asked for; build is given the pause of SetPause (nil if none).
func startSuggester(build func(pause func()) (*suggester, error)) *backgroundSuggester {
	return &backgroundSuggester{ready: make(chan struct{}), build: build}
}

// SetPause sets what the build calls between two of its steps (the
// interface's wait while the reviewer types), until Hurry. It is called
// before the first Suggest.
func (b *backgroundSuggester) SetPause(pause func() bool) {
	b.pause = func() {
		if !b.hurry.Load() {
			pause()
		}
	}
}

// Preparing says what the build does now, "" for the usual.
func (b *backgroundSuggester) Preparing() string {
	if p := b.preparing.Load(); p != nil {
		return *p
	}
	return ""
}

// setPreparing sets what Preparing says.
func (b *backgroundSuggester) setPreparing(what string) { b.preparing.Store(&what) }

// Hurry ends the build's pauses: the reviewer waits for it.
func (b *backgroundSuggester) Hurry() { b.hurry.Store(true) }

// Started reports whether the build has started (it may have ended).
func (b *backgroundSuggester) Started() bool { return b.started.Load() }

// Ready reports whether the build has ended: Suggest answers at once.
func (b *backgroundSuggester) Ready() bool {
	select {
	case <-b.ready:
		return true
	default:
		return false
	}
}

// wait starts the build, if it has not started, and waits for it.
func (b *backgroundSuggester) wait() {
	b.once.Do(b.start)
	<-b.ready
}

func (b *backgroundSuggester) start() {
	b.started.Store(true)
	build, pause := b.build, b.pause
	go func() {
		defer close(b.ready)
		defer b.doing("preparing the suggestions (the dictionaries and the corpus lexicon)")()
		// a panic here would end the process with the terminal still in
		// the interface's mode: it becomes an error, and no suggestions
		defer func() {
			if r := recover(); r != nil {
				b.g, b.err = nil, fmt.Errorf("building suggestions failed: %v", r)
			}
		}()
		b.g, b.err = build(pause)
	}()
}

// Suggest returns the document's suggestions, or none if building failed.
func (b *backgroundSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	defer b.doing(fmt.Sprintf("finding the suggestions of document %q", doc))()
	b.wait()
	if b.err != nil {
		return nil
	}
	return b.g.Suggest(doc, text, anns)
}

// doing tells busy that what begins, and returns what tells it that it
// ended.
func (b *backgroundSuggester) doing(what string) (done func()) {
	if b.busy == nil {
		return func() {}
	}
	return b.busy(what)
}

// SuggestExternal returns the external suggesters' suggestions for the
// document and a status line about those that failed (see
// tui.ExternalSuggester). It does not wait for the build.
func (b *backgroundSuggester) SuggestExternal(doc, text string, anns []annot.Annotation) ([]suggest.Suggestion, string) {
	list, rep := b.ext.Suggest(context.Background(), doc, text, anns)
	return list, rep.String()
}

// built returns the suggester once its build has ended, nil if the build
// failed or has not started (then nothing need be told: the build reads
// the store as it is when it starts). It starts nothing.
func (b *backgroundSuggester) built() *suggester {
	if !b.Started() {
		return nil
	}
	b.wait()
	if b.err != nil {
		return nil
	}
	return b.g
}

// RefreshEntities rebuilds the entity suggestions once the suggester is
// built (see suggester.RefreshEntities). Before the build has started it
// does nothing: the build reads the registry and the labelled spans as
// they are then.
func (b *backgroundSuggester) RefreshEntities() error {
	if g := b.built(); g != nil {
		return g.RefreshEntities()
	}
	return nil
}

// Learn records a confirmed fix. Before the build has started it does
// nothing: the fix is saved in the store before Learn is called, and the
// build reads the saved fixes.
func (b *backgroundSuggester) Learn(from, to string) {
	if g := b.built(); g != nil {
		g.Learn(from, to)
	}
}

// Relearn reads the confirmed fixes from the store again (see
// suggester.Relearn). Before the build has started it does nothing: the
// build reads the saved fixes.
func (b *backgroundSuggester) Relearn() error {
	if g := b.built(); g != nil {
		return g.Relearn()
	}
	return nil
}

// The store this process holds answers the list's filter from its
// indexes, and keeps the word counts and the suggestion journal, so that a
// launch reads neither every text nor counts every document (a client of
// another folio's store does both instead).
//
// Every store the interface opens, the owner's own or a client of
// another folio's, reads the list a window at a time (tui.Store holds
// Select and Window, through store.API).
var (
	_ tui.Store             = (*remote.Local)(nil)
	_ tui.Store             = (*remote.Client)(nil)
	_ tui.IndexedStore      = (*remote.Local)(nil)
	_ tui.SuggestionJournal = (*remote.Local)(nil)
	_ wordCounter           = (*remote.Local)(nil)
)
