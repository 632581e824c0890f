package store

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"reflect"
	"runtime/debug"
	"strconv"
	"unicode/utf8"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/unicode/norm"
)

// Check verifies the store: bbolt's own page consistency (CheckPages),
// then folio's invariants (CheckInvariants). It returns one line per
// problem found; none means the store is sound.
func (s *Store) Check() ([]string, error) {
	probs, err := s.CheckPages()
	if err != nil || len(probs) > 0 {
		return probs, err
	}
	return s.CheckInvariants()
}

// CheckPages reads every page of the file: every key and value of every
// bucket, keys in order, then bbolt's own consistency check. Badly damaged
// pages (a cycle, a length past the end) can make bbolt loop or allocate
// without bound; `folio check` therefore runs this in a child process.
//
// A store open for writing is checked in a writable transaction that
// writes nothing: bbolt's check in a read-only one is not safe while a
// writer commits (the free list changes under it and sound pages read as
// "reachable freed"), and the owner of a served store writes while a
// client checks (or backs up) through it.
func (s *Store) CheckPages() (problems []string, err error) {
	run := s.view
	if !s.db.IsReadOnly() {
		run = s.inWriter
	}
	err = run(func(tx *bolt.Tx) error {
		// bbolt's own check runs in a goroutine of its own, where a damaged
		// page faults the whole process: first read every page here, where
		// a fault becomes a problem to report.
		if msg := walkPages(tx); msg != "" {
			problems = append(problems, msg)
			return nil
		}
		for e := range tx.Check() {
			if len(problems) < 1000 {
				problems = append(problems, fmt.Sprintf("bbolt: %v", e))
			}
		}
		return nil
	})
	return problems, err
}

// CheckInvariants checks folio's invariants on a store whose pages are
// sound: every document has its text, hash and size; every annotation is
// valid, inside its document and within the overlap rules; each record's
// summary and the mentions match the annotations; the order and the undo
// stacks are whole; the indexes equal a rebuild from the documents.
func (s *Store) CheckInvariants() (problems []string, err error) {
	add := func(format string, args ...any) {
		if len(problems) < 1000 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	err = s.view(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				add("bucket %s is missing", b)
			}
		}
		if len(problems) > 0 {
			return nil
		}
		inOrder := map[string]bool{}
		err := tx.Bucket(bucketOrder).ForEach(func(k, v []byte) error {
			if inOrder[string(v)] {
				add("order lists %q twice", v)
			}
			inOrder[string(v)] = true
			if tx.Bucket(bucketDocs).Get(v) == nil {
				add("order lists %q, which has no record", v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		mentions := map[string]int{}
		err = tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			id := string(k)
			d, err := decodeDoc(v)
			if err != nil {
				add("document %q: %v", id, err)
				return nil
			}
			if !inOrder[id] {
				add("document %q is missing from the order", id)
			}
			if len(d.Twins) > 0 {
				add("document %q: its record holds its twins (as schema 7 kept them)", id)
			}
			text := getText(tx, k)
			if text == nil {
				add("document %q has no text", id)
				return nil
			}
			if h := annot.Hash(string(text)); h != d.Hash {
				want, got := shortPair(d.Hash, h)
				add("document %q: hash %s does not match its text (%s)", id, want, got)
			}
			n := annot.Runes(string(text))
			if n != d.Size {
				add("document %q: size %d, but its text has %d code points", id, d.Size, n)
			}
			if why := badText(text); why != "" {
				add("document %q: its text %s (import normalizes every text)", id, why)
			}
			anns, err := getAnns(tx, id)
			if err != nil {
				add("%v", err)
				return nil
			}
			ix := annot.NewIndex(string(text))
			for _, a := range anns {
				if a.HasSpan() && !a.Stale && a.Text != "" && ix.Slice(a.Span()) != a.Text {
					add("document %q: %s %s covers %q, not %q", id, a.Kind, a.ID, ix.Slice(a.Span()), a.Text)
				}
			}
			if err := annot.Validate(annot.Sorted(anns), n); err != nil {
				add("document %q: %v", id, err)
			}
			want := d
			annot.Summarize(&want, anns)
			if !reflect.DeepEqual(want, d) {
				add("document %q: its record's counts, tags or status do not match its annotations", id)
			}
			for k, c := range mentionKeys(id, anns) {
				mentions[k] = c
			}
			return nil
		})
		if err != nil {
			return err
		}
		checkLayouts(tx, add)
		checkWords(tx, add)
		checkDeferred(tx, add)
		checkHeldBands(tx, add)
		checkTwinLists(tx, add)
		checkSuggStale(tx, add)
		checkLayers(tx, add)
		// texts and annotation buckets that belong to no document
		_ = tx.Bucket(bucketText).ForEach(func(k, _ []byte) error {
			if tx.Bucket(bucketDocs).Get(k) == nil {
				add("text %q belongs to no document", k)
			}
			return nil
		})
		_ = tx.Bucket(bucketAnn).ForEachBucket(func(k []byte) error {
			if tx.Bucket(bucketDocs).Get(k) == nil {
				add("annotations %q belong to no document", k)
			}
			return nil
		})
		err = tx.Bucket(bucketMentions).ForEach(func(k, v []byte) error {
			n, _ := strconv.Atoi(string(v))
			if mentions[string(k)] != n {
				add("mentions %q: %d recorded, %d found", bytes.ReplaceAll(k, []byte{0}, []byte("/")), n, mentions[string(k)])
			}
			delete(mentions, string(k))
			return nil
		})
		if err != nil {
			return err
		}
		for k := range mentions {
			add("mentions %q are not recorded", k)
		}
		if err := checkIndex(tx, add); err != nil {
			return err
		}
		for _, st := range [][]byte{bucketUndo, bucketRedo} {
			_ = tx.Bucket(st).ForEach(func(k, _ []byte) error {
				if tx.Bucket(bucketLog).Get(k) == nil {
					add("%s stack names log entry %d, which is missing", st, keySeq(k))
				}
				return nil
			})
		}
		return nil
	})
	return problems, err
}

// shortPair shortens two hashes that differ for a message, each to 12
// digits or as many more as show where they differ: a text that fails
// its hash may share its first 12 digits with it, and "8ca13826f1bb, not
// 8ca13826f1bb" says nothing.
func shortPair(a, b string) (string, string) {
	n := 12
	for n < min(len(a), len(b)) && a[:n] == b[:n] {
		n += 4
	}
	return a[:min(n, len(a))], b[:min(n, len(b))]
}

// walkPages reads every key and value of every bucket, checking that keys
// are in order. It returns what is wrong, or "".
func walkPages(tx *bolt.Tx) (msg string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("damaged pages: reading them failed (%v)", r)
		}
	}()
	var walk func(b *bolt.Bucket, path string) string
	walk = func(b *bolt.Bucket, path string) string {
		var prev []byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return fmt.Sprintf("damaged pages: bucket %s has its keys out of order at %q", path, k)
			}
			prev = k
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					if m := walk(sub, path+"/"+string(k)); m != "" {
						return m
					}
				}
				continue
			}
			crc32.ChecksumIEEE(v) // touch every byte of the value
		}
		return ""
	}
	err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if m := walk(b, string(name)); m != "" {
			msg = m
			return errStop
		}
		return nil
	})
	if err != nil && msg == "" {
		msg = fmt.Sprintf("damaged pages: %v", err)
	}
	return msg
}

var errStop = errors.New("stop")

// badText says what keeps text from being a normalized stored text:
// invalid UTF-8, a byte order mark, a carriage return, or not NFC.
func badText(text []byte) string {
	switch {
	case !utf8.Valid(text):
		return "is not valid UTF-8"
	case bytes.HasPrefix(text, []byte("\uFEFF")):
		return "starts with a byte order mark"
	case bytes.IndexByte(text, '\r') >= 0:
		return "holds a carriage return"
	case !norm.NFC.IsNormal(text):
		return "is not in NFC"
	}
	return ""
}
