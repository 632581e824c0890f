package store

import (
	"bytes"
	"fmt"
	"runtime"
	"time"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/internal/workers"
	"folio/suggest"
)

// Derived data filed behind an import.
//
// A document's word counts (words.go), sketch and twins (twins.go) derive
// from its text alone, and cost an import more than its text and indexes
// do: counted and compared as each document is written, they held a bulk
// import to a quarter of the speed of SQLite loading the same texts into
// an FTS5 table. A store opened with Options.DeferDerived leaves them for
// the documents an import adds, and FileDerived files them later, in
// import order, a step of documents a transaction, so that the twins come
// out as one pass over the corpus finds them and a step cut short (a
// crash, a kill) goes on where it stopped:
//
//	meta  "derivedfrom" → 8-byte document number: documents numbered from
//	      it on have no word counts, sketch or twins filed; absent when
//	      every document has them
//
// Every write that would change the derived data of a document (a new
// text, a correction, their undo and redo) leaves a document from that
// number on alone: FileDerived counts its text as it then is. Documents
// are numbered in import order and never deleted, so the ones left are
// the last ones.

// keyDerivedFrom is the meta key of the first document number whose
// derived data is not filed.
var keyDerivedFrom = []byte("derivedfrom")

// How many documents one transaction of FileDerived files: derivedStep
// at first, twice as many after each step, up to derivedStepMax. Each
// commit rewrites the pages of the twin bands, the word counts and the
// postings that its documents touch, which are nearly all of them in a
// large store: at 100 000 documents steps of 500 took 41 s, steps of
// 5 000 (the import's chunk) 14 s; and the pages a commit frees are free
// pages in the file until later steps reuse them. A reviewer's action
// waits for the step under way, so for the interface and folio serve
// (FileOptions.Short) the steps grow only while a transaction takes less
// than derivedStepQuick, and shrink again when one takes more than
// derivedStepSlow. (Held under 500 ms, they were steps of 500 at a
// million documents: the filing took three times as long, and at
// 300 000 documents left 0.37 GB of free pages against 0.24 GB.)
//
// The steps are also kept to as many documents as changed the twin
// lists some derivedStepChanges times in the step before (and no fewer
// than derivedStepMin). Each change writes a posting of a twin term
// (twin:ID), the term of a twin found anywhere in the corpus, so most
// land on pages of their own, and bbolt holds each page a transaction
// changes in memory until it commits: at a million documents steps of
// 5 000 documents changed some 50 000 twin postings, and the filing held
// 600-900 MB of memory, growing with the documents filed. Steps so kept
// hold some 30 MB of such pages, and write as many pages a document.
const (
	derivedStepChanges = 8000
	derivedStepMin     = 100
	derivedStep        = 500
	derivedStepMax     = 5000
	derivedStepQuick   = time.Second
	derivedStepSlow    = 2 * time.Second
)

// derivedFrom returns the first document number whose derived data is
// not filed, and false when every document's is.
func derivedFrom(tx *bolt.Tx) (uint64, bool) {
	v := tx.Bucket(bucketMeta).Get(keyDerivedFrom)
	if v == nil {
		return 0, false
	}
	return keySeq(v), true
}

// filedDoc reports whether the derived data of document number seq is
// filed.
func filedDoc(tx *bolt.Tx, seq uint64) bool {
	from, ok := derivedFrom(tx)
	return !ok || seq < from
}

// deferral is what an import transaction knows of the documents whose
// derived data waits: those numbered from from on (if pending), and
// whether the documents it adds join them (deferNew).
type deferral struct {
	from     uint64
	pending  bool
	deferNew bool
	changed  bool // from was set by this transaction
}

func newDeferral(tx *bolt.Tx, deferNew bool) *deferral {
	from, ok := derivedFrom(tx)
	return &deferral{from: from, pending: ok, deferNew: deferNew}
}

// defers reports whether the derived data of document number seq is left
// for FileDerived; added says the document is new to the store.
func (df *deferral) defers(seq uint64, added bool) bool {
	if df.pending && seq >= df.from {
		return true
	}
	if added && df.deferNew {
		df.from, df.pending, df.changed = seq, true, true
		return true
	}
	return false
}

// write records the first document left, if this transaction left the
// first.
func (df *deferral) write(tx *bolt.Tx) error {
	if !df.changed {
		return nil
	}
	return tx.Bucket(bucketMeta).Put(keyDerivedFrom, seqKey(df.from))
}

// DerivedPending returns how many documents' word counts, sketches and
// twins an import left for FileDerived.
func (s *Store) DerivedPending() (n int, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		n = derivedPending(tx)
		return nil
	})
	return n, err
}

// derivedPending counts the documents left: from the first to the last
// number given (documents are never deleted).
func derivedPending(tx *bolt.Tx) int {
	from, ok := derivedFrom(tx)
	if !ok {
		return 0
	}
	last := tx.Bucket(bucketOrder).Sequence()
	if last < from {
		return 0
	}
	return int(last - from + 1)
}

// FileOptions are how FileDerived goes about its work.
type FileOptions struct {
	// Pause, if not nil, is called before each step (the interface's
	// wait while the reviewer types) and returns false to stop there.
	Pause func() bool
	// Progress, if not nil, hears the count filed so far and the count
	// left after each step.
	Progress func(done, left int)
	// Short keeps each step's transaction between derivedStepQuick and
	// derivedStepSlow, for a store whose writers wait for it meanwhile
	// (the interface, folio serve); else the steps grow to
	// derivedStepMax documents whatever they take.
	Short bool
}

// FileDerived files the word counts, sketches and twins of every
// document an import left (Options.DeferDerived), a step of documents a
// transaction, and returns how many it filed. A store opened read-only
// files nothing (its WordCounts count the texts of the documents left).
func (s *Store) FileDerived(opt FileOptions) (_ int, err error) {
	if s.db.IsReadOnly() {
		return 0, nil
	}
	// The steps' commits leave bbolt's freelist out (fileDerivedStep),
	// and a last commit writes it. Each commit writes the freelist into
	// a run of pages, as long as the free pages are many; the steps free
	// a page here and there across the twin bands, so no run that long
	// is free, and the freelist went to the end of the file, a little
	// longer each commit, freeing the run before: the steps of the
	// interface (short: 2 000 at a million documents) left 3.6 GB of
	// free pages. A crash before the last commit leaves a store whose
	// next writable open rebuilds the freelist from its pages (bbolt
	// does, once: seconds at a million documents).
	defer func() {
		if !s.db.NoFreelistSync { // set by this goroutine's steps alone
			return
		}
		serr := s.update(func(*bolt.Tx) error {
			s.db.NoFreelistSync = false
			return nil
		})
		if err == nil && serr != nil {
			err = fmt.Errorf("file the word counts and twins of %s: %w", s.path, serr)
		}
	}()
	// each step's documents are prepared while the step before is
	// filed: on every core but the one its transaction takes
	goroutines := workers.Background(runtime.GOMAXPROCS(0))
	type prepared struct {
		preps map[string]*derivedPrep
		last  uint64 // the number of the last document read (0: none)
		size  int    // how many were to be read
		err   error
	}
	prepare := func(after uint64, size int) <-chan prepared {
		ch := make(chan prepared, 1)
		go func() {
			preps, last, err := s.prepareDerived(after, size, goroutines)
			ch <- prepared{preps, last, size, err}
		}()
		return ch
	}
	wrap := func(err error) error {
		return fmt.Errorf("file the word counts and twins of %s: %w", s.path, err)
	}
	done, size := 0, derivedStep
	next := prepare(0, size) // nil while none runs
	wait := func() {
		if next != nil {
			<-next // what it read is read again by the next FileDerived
		}
	}
	for {
		p := <-next
		next = nil
		if p.err != nil {
			return done, wrap(p.err)
		}
		if opt.Pause != nil && !opt.Pause() {
			return done, nil
		}
		// the next step is read once this step's transaction has begun:
		// a read transaction open as a write transaction begins keeps the
		// pages the last commit freed from it, and each step rewrites
		// most of the twin bands (a million documents filed so left
		// 1.4 GB of free pages in the file)
		// (unless this step files fewer than were read for it, now that
		// the steps are kept shorter: the next is read from where it ends)
		ahead, want := size, min(p.size, size)
		started := func() {
			if p.last != 0 && next == nil && want == p.size {
				next = prepare(p.last, ahead)
			}
		}
		start := time.Now()
		st, err := s.fileDerivedStep(want, p.preps, started)
		n, left := st.filed, st.left
		switch took := time.Since(start); {
		case took < derivedStepQuick || !opt.Short:
			size = min(2*size, derivedStepMax)
		case took > derivedStepSlow:
			size = max(size/2, derivedStep)
		}
		if st.changes > 0 { // as many as change the twin lists derivedStepChanges times
			size = min(size, max(n*s.stepChanges/st.changes, derivedStepMin))
		}
		done += n
		if err == nil {
			err = s.flushDue()
		}
		if err != nil {
			wait()
			return done, wrap(err)
		}
		if opt.Progress != nil && n > 0 {
			opt.Progress(done, left)
		}
		if left == 0 {
			wait() // nothing: it read after the last
			return done, nil
		}
		if next == nil {
			next = prepare(0, size) // none was waiting when it read: read again
		}
	}
}

// derivedPrep is what FileDerived computes from the text of a waiting
// document before the transaction that files it, on every core: the
// sketch of its text and the word counts of its corrected text, from the
// text and annotations read in a transaction of their own, whose hash
// and corrections the filing compares with those it reads.
type derivedPrep struct {
	hash  string             // the record's, when read
	anns  []annot.Annotation // the corrections read
	sk    annot.Sketch
	hasSk bool
	words suggest.WordCounts
	err   error // the text read is damaged
}

// derive computes the derivedPrep of document d (its id and hash) from
// its text as stored, decompressed, and its corrections: the sketch of
// the text and the word counts of the corrected text, or the damage that
// verifyText finds in the text.
func derive(d annot.Doc, text []byte, corrections []annot.Annotation, wc *suggest.WordCounter) *derivedPrep {
	p := &derivedPrep{hash: d.Hash, anns: corrections}
	if p.err = verifyText(d, text); p.err != nil {
		return p
	}
	p.sk, p.hasSk = annot.NewSketch(string(text))
	p.words = wc.Count(corrected(string(text), corrections))
	return p
}

// prepareDerived reads the next n waiting documents, those after
// document number after (0: from the first waiting), and computes their
// derivedPrep on goroutines goroutines, by document id; last is the
// number of the last read (0: none).
func (s *Store) prepareDerived(after uint64, n, goroutines int) (preps map[string]*derivedPrep, last uint64, err error) {
	type item struct {
		d      annot.Doc // its id and hash
		stored []byte    // the text as stored (compressed)
		anns   []annot.Annotation
		p      *derivedPrep
	}
	var items []item
	err = s.view(func(tx *bolt.Tx) error {
		from, ok := derivedFrom(tx)
		if !ok {
			return nil
		}
		from = max(from, after+1)
		texts := tx.Bucket(bucketText)
		c := tx.Bucket(bucketOrder).Cursor()
		for k, id := c.Seek(seqKey(from)); k != nil && len(items) < n; k, id = c.Next() {
			last = keySeq(k)
			d, ok, err := getDoc(tx, string(id))
			if err != nil || !ok {
				continue // the filing reports it
			}
			anns, err := getAnns(tx, string(id))
			if err != nil {
				continue
			}
			items = append(items, item{d: annot.Doc{ID: d.ID, Hash: d.Hash},
				stored: bytes.Clone(texts.Get(id)), anns: annot.Corrections(anns)})
		}
		return nil
	})
	if err != nil || len(items) == 0 {
		return nil, last, err
	}
	goroutines = max(min(goroutines, len(items)), 1)
	fns := make([]func(), goroutines)
	for g := range fns {
		fns[g] = func() {
			var wc suggest.WordCounter
			for i := g; i < len(items); i += goroutines {
				it := &items[i]
				text := it.stored
				if text != nil {
					text = readText(text)
				}
				it.p = derive(it.d, text, it.anns, &wc)
			}
		}
	}
	workers.Run(goroutines, fns...)
	preps = make(map[string]*derivedPrep, len(items))
	for _, it := range items {
		preps[it.d.ID] = it.p
	}
	return preps, last, nil
}

// stepResult is what a step of FileDerived did: how many documents it
// filed, how many are left, and how often it changed a twin list.
type stepResult struct {
	filed, left, changes int
}

// fileDerivedStep files the derived data of up to n documents, in one
// transaction, with what preps computed for them where it still holds,
// and returns what it did. It calls started once the transaction has
// begun.
func (s *Store) fileDerivedStep(n int, preps map[string]*derivedPrep, started func()) (stepResult, error) {
	var filed, left, changes int
	err := s.update(func(tx *bolt.Tx) error {
		started()
		filed, left = 0, 0
		held, err := s.heldBands(tx)
		if err != nil {
			return err
		}
		from, ok := derivedFrom(tx)
		if !ok {
			held.due(held.active) // a filing that ended before it wrote them
			return nil
		}
		s.db.NoFreelistSync = true // FileDerived's last commit writes it
		// the sketches come in key order: full pages, as the import
		// writes them (half full, bbolt's default, they took twice the
		// room at a million documents)
		tx.Bucket(bucketSketch).FillPercent = 0.95
		words, _, err := wordsBucket(tx)
		if err != nil {
			return err
		}
		// the band entries of the documents it files are held
		if err := held.hold(tx, from); err != nil {
			return err
		}
		tb, err := newTwinBatch(tx, held)
		if err != nil {
			return err
		}
		wd := newWordDelta()
		c := tx.Bucket(bucketOrder).Cursor()
		k, id := c.Seek(seqKey(from))
		for ; k != nil && filed < n; k, id = c.Next() {
			if err := fileDerivedDoc(tx, string(id), preps[string(id)], tb, wd); err != nil {
				return err
			}
			from = keySeq(k) + 1
			filed++
		}
		if err := tb.write(); err != nil {
			return err
		}
		if err := wd.write(words); err != nil {
			return err
		}
		changes = tb.changes
		// (and a write of them cut short, which left the bands below
		// flushed to take the entries of this step)
		held.due(k == nil || held.n >= held.max || held.flushed > 0)
		m := tx.Bucket(bucketMeta)
		if k == nil {
			return m.Delete(keyDerivedFrom)
		}
		if err := m.Put(keyDerivedFrom, seqKey(from)); err != nil {
			return err
		}
		left = derivedPending(tx)
		return nil
	})
	return stepResult{filed, left, changes}, err
}

// fileDerivedDoc files the sketch and twins of document id's text and
// counts the words of its corrected text: from p (nil: none) if the
// document is as p read it, else from what it reads.
func fileDerivedDoc(tx *bolt.Tx, id string, p *derivedPrep, tb *twinBatch, wd *wordDelta) error {
	d, ok, err := getDoc(tx, id)
	if err != nil {
		return err
	}
	if !ok {
		return damaged(fmt.Errorf("document %q is listed but has no record", id))
	}
	anns, err := getAnns(tx, id)
	if err != nil {
		return err
	}
	if p == nil || p.hash != d.Hash || !sameCorrections(p.anns, anns) {
		var wc suggest.WordCounter
		p = derive(d, getText(tx, []byte(id)), annot.Corrections(anns), &wc)
	}
	if p.err != nil {
		return damaged(p.err)
	}
	wd.addCounts(p.words, 1)
	// its record stays as it is: the twin lists are kept apart
	if err := tb.updateSketch(&d, p.sk, p.hasSk); err != nil {
		return fmt.Errorf("document %s: %w", id, err)
	}
	return nil
}

// skipDeferred reports whether the derived data of document id is left
// for FileDerived: a write that changes its corrected text leaves its
// word counts alone then.
func skipDeferred(tx *bolt.Tx, id string) (bool, error) {
	if _, ok := derivedFrom(tx); !ok {
		return false, nil
	}
	d, ok, err := getDoc(tx, id)
	if err != nil || !ok {
		return false, err
	}
	return !filedDoc(tx, d.Seq), nil
}

// docsFiled calls fn for each document whose derived data is filed: all
// of them, or those before the first left.
func docsFiled(tx *bolt.Tx, fn func(id string) error) error {
	from, ok := derivedFrom(tx)
	if !ok {
		return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error { return fn(string(k)) })
	}
	c := tx.Bucket(bucketOrder).Cursor()
	for k, id := c.First(); k != nil && keySeq(k) < from; k, id = c.Next() {
		if err := fn(string(id)); err != nil {
			return err
		}
	}
	return nil
}

// filing is what an import transaction changes in the derived data: the
// word counts, the twins, and which documents wait for FileDerived.
type filing struct {
	wd *wordDelta
	tb *twinBatch
	df *deferral
}

// newFiling starts the filing of an import transaction; deferNew leaves
// the documents it adds to FileDerived.
func (s *Store) newFiling(tx *bolt.Tx, deferNew bool) (*filing, error) {
	held, err := s.heldBands(tx)
	if err != nil {
		return nil, err
	}
	tb, err := newTwinBatch(tx, held)
	if err != nil {
		return nil, err
	}
	return &filing{wd: newWordDelta(), tb: tb, df: newDeferral(tx, deferNew)}, nil
}

// write writes what the transaction changed, the word counts into words.
func (f *filing) write(words *bolt.Bucket) error {
	if err := f.tb.write(); err != nil {
		return err
	}
	if err := f.wd.write(words); err != nil {
		return err
	}
	return f.df.write(f.tb.tx)
}

// checkDeferred finds the documents left for FileDerived without derived
// data: no sketch, no twins (and a first one left that was numbered).
func checkDeferred(tx *bolt.Tx, add func(format string, args ...any)) {
	from, ok := derivedFrom(tx)
	if !ok {
		return
	}
	if last := tx.Bucket(bucketOrder).Sequence(); from == 0 || from > last+1 {
		add("derived data: the first document left is number %d, the last number given %d", from, last)
		return
	}
	sk := tx.Bucket(bucketSketch)
	c := tx.Bucket(bucketOrder).Cursor()
	bad := 0
	for k, id := c.Seek(seqKey(from)); k != nil; k, id = c.Next() {
		d, ok, err := getDoc(tx, string(id))
		if err != nil || !ok {
			continue // the record checks report it
		}
		if sk.Get(id) != nil || len(d.Twins) > 0 {
			if bad++; bad <= 5 {
				add("derived data: document %q waits for its word counts and twins but has a sketch or twins", id)
			}
		}
	}
	if bad > 5 {
		add("derived data: %d documents waiting have a sketch or twins", bad)
	}
}

// countLeftWords counts the corrected texts of the documents left for
// FileDerived.
func countLeftWords(tx *bolt.Tx) (*wordDelta, error) {
	wd := newWordDelta()
	from, ok := derivedFrom(tx)
	if !ok {
		return wd, nil
	}
	c := tx.Bucket(bucketOrder).Cursor()
	for k, id := c.Seek(seqKey(from)); k != nil; k, id = c.Next() {
		anns, err := getAnns(tx, string(id))
		if err != nil {
			return nil, err
		}
		wd.add(corrected(string(getText(tx, id)), anns), 1)
	}
	return wd, nil
}
