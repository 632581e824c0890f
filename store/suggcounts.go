package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Each document's record keeps how many open suggestions it has
// (Counts.Suggestions), so that the list shows them without running the
// suggester over the corpus at every launch. The suggester lives outside
// the store; the store keeps the journal of what it must count again:
//
//	suggstale  doc id → 8-byte mark (a sequence number): the document's
//	           count is out of date
//	           "\x00evidence" → the fingerprint of the evidence (word
//	           lists, dictionary, patterns) the counts were made with
//	           "\x00marking" → while a change of evidence is being marked
//	           (MarkSuggestionEvidence): "1" (every document) or "0" (those
//	           not marked), the new fingerprint, NUL, and the id of the
//	           last document gone through
//
// Every write that changes a document's text or annotations marks it in
// its transaction (an import, an edit, an undo, a redo). The counter reads
// marks (StaleSuggestions), counts those documents, and writes the counts
// (SetSuggestionCounts), which clears each mark unless a later write
// marked the document again. A crash loses no mark. A change of evidence
// marks every document (MarkSuggestionEvidence); the count resumes where
// it stopped at the next launch.

var (
	bucketSuggStale = []byte("suggstale")
	keyEvidence     = []byte("\x00evidence")
	keyMarking      = []byte("\x00marking")
)

// marking is where a walk of MarkSuggestionEvidence is: the fingerprint
// it marks for, whether it marks every document, and the id of the last
// document it went through.
type marking struct {
	fingerprint string
	all         bool
	after       []byte
}

func encodeMarking(m marking) []byte {
	flag := byte('0')
	if m.all {
		flag = '1'
	}
	v := append([]byte{flag}, m.fingerprint...)
	return append(append(v, 0), m.after...)
}

func decodeMarking(v []byte) (marking, bool) {
	if len(v) < 2 || v[0] != '0' && v[0] != '1' {
		return marking{}, false
	}
	fp, after, ok := bytes.Cut(v[1:], []byte{0})
	if !ok {
		return marking{}, false
	}
	return marking{fingerprint: string(fp), all: v[0] == '1', after: bytes.Clone(after)}, true
}

// suggStale returns the journal bucket, creating it (every document
// marked) when missing, in a writable transaction.
func suggStale(tx *bolt.Tx) (*bolt.Bucket, error) {
	if b := tx.Bucket(bucketSuggStale); b != nil || !tx.Writable() {
		return b, nil
	}
	b, err := tx.CreateBucket(bucketSuggStale)
	if err != nil {
		return nil, fmt.Errorf("create bucket %s: %w", bucketSuggStale, err)
	}
	return b, markAll(b, tx)
}

// markStale marks document id's suggestion count out of date.
func markStale(tx *bolt.Tx, id string) error {
	b, err := suggStale(tx)
	if err != nil {
		return err
	}
	return mark(b, id)
}

func mark(b *bolt.Bucket, id string) error {
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return b.Put([]byte(id), binary.BigEndian.AppendUint64(nil, seq))
}

func markAll(b *bolt.Bucket, tx *bolt.Tx) error {
	return tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error { return mark(b, string(k)) })
}

// StaleDoc is a document whose suggestion count is out of date, with the
// mark that says so.
type StaleDoc struct {
	ID   string
	Mark uint64
}

// StaleSuggestions returns up to limit documents whose count is out of
// date, in id order after the id after ("" for the first), and how many
// there are in all when after is "" (else 0).
func (s *Store) StaleSuggestions(after string, limit int) (out []StaleDoc, total int, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		if b == nil {
			// a store from before the journal: every document, in id order
			return tx.Bucket(bucketDocs).ForEach(func(id, _ []byte) error {
				if after == "" {
					total++
				}
				if string(id) > after && len(out) < limit {
					out = append(out, StaleDoc{ID: string(id)})
				}
				return nil
			})
		}
		c := b.Cursor()
		k, v := c.Seek([]byte(after))
		if after == "" {
			k, v = c.First()
		} else if k != nil && string(k) == after {
			k, v = c.Next()
		}
		for ; k != nil && len(out) < limit; k, v = c.Next() {
			if k[0] == 0 || len(v) != 8 {
				continue
			}
			out = append(out, StaleDoc{ID: string(k), Mark: binary.BigEndian.Uint64(v)})
		}
		if after == "" {
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if k[0] != 0 {
					total++
				}
			}
		}
		return nil
	})
	return out, total, err
}

// AnyStale reports whether any document's count is out of date: a read
// of one key, where StaleSuggestions counts them all.
func (s *Store) AnyStale() (bool, error) {
	stale := false
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		if b == nil {
			// a store from before the journal: every document
			k, _ := tx.Bucket(bucketDocs).Cursor().First()
			stale = k != nil
			return nil
		}
		// past the keys that begin with 0 (keyEvidence, keyMarking)
		k, _ := b.Cursor().Seek([]byte{1})
		stale = k != nil
		return nil
	})
	return stale, err
}

// StaleMarks returns the marks of those of ids whose count is out of
// date.
func (s *Store) StaleMarks(ids []string) ([]StaleDoc, error) {
	var out []StaleDoc
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		for _, id := range ids {
			if b == nil {
				out = append(out, StaleDoc{ID: id})
				continue
			}
			if v := b.Get([]byte(id)); len(v) == 8 {
				out = append(out, StaleDoc{ID: id, Mark: binary.BigEndian.Uint64(v)})
			}
		}
		return nil
	})
	return out, err
}

// SuggestionCount is a document's count of open suggestions, made after
// its mark was read.
type SuggestionCount struct {
	StaleDoc
	N int
}

// countsPerTx is how many counts one transaction of SetSuggestionCounts
// writes at most: the count runs in the background, and a user's action
// waits for the transaction that holds the write lock to commit.
const countsPerTx = 50

// SetSuggestionCounts writes the counts into the documents' records and
// clears their marks, each count with its mark in the same transaction,
// in transactions of at most countsPerTx counts (between them a waiting
// action takes the write lock). A count whose document was marked again
// since its mark was read is not written (the newer mark asks for a
// recount). It returns how many it wrote.
func (s *Store) SetSuggestionCounts(counts []SuggestionCount) (int, error) {
	n := 0
	for batch := range slices.Chunk(counts, countsPerTx) {
		wrote := 0
		err := s.update(func(tx *bolt.Tx) error {
			b, err := suggStale(tx)
			if err != nil {
				return err
			}
			for _, c := range batch {
				v := b.Get([]byte(c.ID))
				if v == nil || !bytes.Equal(v, binary.BigEndian.AppendUint64(nil, c.Mark)) {
					continue
				}
				if err := putSuggestionCount(tx, c.ID, c.N); err != nil {
					return err
				}
				if err := b.Delete([]byte(c.ID)); err != nil {
					return err
				}
				wrote++
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("write suggestion counts: %w", err)
		}
		n += wrote
	}
	return n, nil
}

// putSuggestionCount writes n as the count of document id's record. The
// count reaches the indexes only through has:suggestions, so the write
// touches nothing else: a record whose count stays on the same side of
// zero is rewritten with no index entry to bring up to date, and one
// whose has:suggestions changes is reindexed from its record and stored
// words (putDocRecord), its text neither read nor tokenized.
func putSuggestionCount(tx *bolt.Tx, id string, n int) error {
	d, ok, err := getDoc(tx, id)
	if err != nil || !ok || d.Counts.Suggestions == n {
		return err
	}
	flips := (d.Counts.Suggestions > 0) != (n > 0)
	d.Counts.Suggestions = n
	if flips {
		return putDocRecord(tx, d)
	}
	return tx.Bucket(bucketDocs).Put([]byte(id), encodeDoc(d))
}

// marksPerStep is how many documents one step of MarkSuggestionEvidence
// goes through.
const marksPerStep = 1000

// marksPerProgress is how many documents a walk of MarkSuggestionEvidence
// goes through, at most, between two records of where it got. A step
// that marks nothing writes nothing until then: after an import every
// document is marked already, and a commit per step (at a million
// documents, two hundred of them, each writing the freelist of a store
// of gigabytes) was most of the walk's time.
const marksPerProgress = 50000

// MarkSuggestionEvidence records fingerprint as the evidence the counts
// are made with; when it differs from the one recorded (or all is true),
// it marks every document, and returns how many documents it went
// through.
//
// It goes through the documents marksPerStep at a time, reading which
// need a mark and writing those in a transaction of their own, so that
// neither its memory nor its hold on the write lock grows with the
// corpus, and records the fingerprint in the last transaction: one
// stopped halfway (the reviewer quit; at a million documents the walk
// takes seconds) left the evidence unknown (deleted in the first), and
// where it got to (keyMarking, written with a step's marks, and at least
// every marksPerProgress documents): the next call for the same
// fingerprint goes on from there (a crash loses at most the progress
// since the last record; the documents after it are walked again). A new
// fingerprint leaves a document already marked as it is (after an
// import, every document is: nothing is written); all marks those again
// too, so that a count made before (with the evidence all says changed)
// is not stored.
//
// pause, if not nil, is called before each step: it may hold the walk
// back (the interface sleeps in it while the reviewer types), and returns
// false to stop there, recording where the walk got.
func (s *Store) MarkSuggestionEvidence(fingerprint string, all bool, pause func() bool) (int, error) {
	return s.markEvidence(fingerprint, all, marksPerStep, pause)
}

// markEvidence is MarkSuggestionEvidence in steps of step documents.
func (s *Store) markEvidence(fingerprint string, all bool, step int, pause func() bool) (int, error) {
	fail := func(err error) (int, error) { return 0, fmt.Errorf("mark suggestion counts: %w", err) }
	same := false
	// the evidence recorded is asked in a read: a launch with nothing to
	// mark writes nothing (a commit of a large store writes its freelist)
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		same = !all && b != nil && string(b.Get(keyEvidence)) == fingerprint
		return nil
	})
	if err != nil || same {
		if err != nil {
			return fail(err)
		}
		return 0, nil
	}
	var at marking
	err = s.update(func(tx *bolt.Tx) error {
		b, err := suggStale(tx)
		if err != nil {
			return err
		}
		if !all && string(b.Get(keyEvidence)) == fingerprint {
			same = true
			return nil
		}
		if m, ok := decodeMarking(b.Get(keyMarking)); ok && m.fingerprint == fingerprint {
			at = m // a walk for this evidence stopped halfway: on from there
			at.all = at.all || all
		} else {
			at = marking{fingerprint: fingerprint, all: all}
			if err := b.Put(keyMarking, encodeMarking(at)); err != nil {
				return err
			}
		}
		return b.Delete(keyEvidence)
	})
	if err != nil {
		return fail(err)
	}
	if same {
		return 0, nil
	}
	all = at.all
	n := 0
	after := at.after
	unrecorded := 0 // documents gone through since keyMarking was written
	// record writes ids' marks and where the walk got (after; the
	// evidence when last)
	record := func(ids [][]byte, last bool) error {
		err := s.update(func(tx *bolt.Tx) error {
			b, err := suggStale(tx)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if !all && len(b.Get(id)) == 8 {
					continue // marked since
				}
				if err := mark(b, string(id)); err != nil {
					return err
				}
			}
			if !last {
				at.after = after
				return b.Put(keyMarking, encodeMarking(at))
			}
			if err := b.Delete(keyMarking); err != nil {
				return err
			}
			return b.Put(keyEvidence, []byte(fingerprint))
		})
		unrecorded = 0
		return err
	}
	for last := false; !last; {
		if pause != nil && !pause() {
			if unrecorded > 0 {
				if err := record(nil, false); err != nil {
					return fail(err)
				}
			}
			return n, nil
		}
		// read a step's documents, and which need a mark, without the
		// write lock; write only those
		var ids [][]byte
		err := s.view(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketSuggStale)
			c := docIDs(tx).Cursor()
			k, _ := c.First()
			if after != nil {
				if k, _ = c.Seek(after); bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			var prev []byte
			for i := 0; k != nil && i < step; k, _ = c.Next() {
				i++
				n++
				unrecorded++
				prev = k
				if all || b == nil || len(b.Get(k)) != 8 {
					ids = append(ids, bytes.Clone(k))
				}
			}
			if prev != nil {
				after = bytes.Clone(prev)
			}
			last = k == nil
			return nil
		})
		if err != nil {
			return fail(err)
		}
		if len(ids) == 0 && !last && unrecorded < marksPerProgress {
			continue // nothing to mark: the progress is recorded later
		}
		if err := record(ids, last); err != nil {
			return fail(err)
		}
	}
	return n, nil
}

// docIDs returns a bucket whose keys are the ids of every document: the
// index's docnum (id → number, 4 bytes a value) once the indexes cover
// every document, else the records themselves. At a million documents
// the records fill 460 MB of pages and docnum about 30: a walk over the
// ids (MarkSuggestionEvidence) reads a fifteenth of the pages.
func docIDs(tx *bolt.Tx) *bolt.Bucket {
	if nums := tx.Bucket(bucketDocNum); nums != nil && indexReady(tx) == nil {
		return nums
	}
	return tx.Bucket(bucketDocs)
}

// checkSuggStale checks that every mark names a document.
func checkSuggStale(tx *bolt.Tx, add func(format string, args ...any)) {
	b := tx.Bucket(bucketSuggStale)
	if b == nil {
		return
	}
	docs := tx.Bucket(bucketDocs)
	_ = b.ForEach(func(k, v []byte) error {
		if len(k) > 0 && k[0] == 0 {
			return nil
		}
		if len(v) != 8 || docs.Get(k) == nil {
			add("suggestion journal: mark %q names no document or is damaged", k)
		}
		return nil
	})
}

// markChanged marks the documents that changes cs touch.
func markChanged(tx *bolt.Tx, cs []Change) error {
	seen := map[string]bool{}
	for _, c := range cs {
		if c.Doc == "" || seen[c.Doc] {
			continue
		}
		seen[c.Doc] = true
		_, ok, err := getDoc(tx, c.Doc)
		if err != nil {
			return fmt.Errorf("mark %s for a recount: %w", c.Doc, err)
		}
		if !ok {
			continue
		}
		if err := markStale(tx, c.Doc); err != nil {
			return err
		}
	}
	return nil
}
