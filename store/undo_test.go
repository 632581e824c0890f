package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// bigDoc makes a store with one document of n one-character entity spans
// (written directly: the benchmark measures undo, not import).
func bigDoc(tb testing.TB, n int) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "big.db"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	text := strings.Repeat("x ", n) + "Ende des Texts."
	im := s.NewImporter(nil)
	if err := im.Add(ImportDoc{ID: "big", Text: text}); err != nil {
		tb.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		tb.Fatal(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		b, err := annBucket(tx, "big", true)
		if err != nil {
			return err
		}
		for i := range n {
			a := annot.Annotation{ID: "a" + strconv.Itoa(i+1), Kind: annot.KindEntity, Start: 2 * i, End: 2*i + 1,
				Label: "PER", Text: "x", Canonical: "X" + strconv.Itoa(i%50)}
			a.Time = time.Unix(1e9, 0)
			if err := putAnn(b, a); err != nil {
				return err
			}
		}
		if err := b.SetSequence(uint64(n)); err != nil {
			return err
		}
		return refresh(tx, "big", nil)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkUndoBigDoc measures undo and redo of one action (a mark) on a
// document of 300 and of 30 000 entity spans: they cost what the action
// touched, not what the document holds (the two sizes take about the same
// time).
func BenchmarkUndoBigDoc(b *testing.B) {
	for _, n := range []int{300, 30000} {
		b.Run(fmt.Sprintf("spans=%d", n), func(b *testing.B) {
			s := bigDoc(b, n)
			if _, err := s.Put("big", annot.Annotation{Kind: annot.KindMark, Start: 2 * n, End: 2*n + 4}, "mark"); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Undo(); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Redo(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkActionBigDoc measures one action on the same document.
func BenchmarkActionBigDoc(b *testing.B) {
	s := bigDoc(b, 30000)
	tag := annot.Annotation{Kind: annot.KindTag, Label: "t"}
	for b.Loop() {
		if _, err := s.Put("big", tag, "tag"); err != nil {
			b.Fatal(err)
		}
		if err := s.Delete("big", annot.TagID("t"), "untag"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUndoKeepsDerivedData: undo and redo, which now derive a document's
// annotations from the changes instead of reading them again, leave the
// record's summary and the mentions exactly as a full recount does.
func TestUndoKeepsDerivedData(t *testing.T) {
	s := bigDoc(t, 200)
	steps := []func() error{
		func() error {
			_, err := s.Put("big", annot.Annotation{Kind: annot.KindMark, Start: 400, End: 404}, "mark")
			return err
		},
		func() error {
			_, err := s.Do("two", Op{Doc: "big", Put: &annot.Annotation{Kind: annot.KindTag, Label: "t"}},
				Op{Doc: "big", Delete: "a7"})
			return err
		},
		func() error {
			_, err := s.Put("big", annot.Annotation{ID: "a9", Kind: annot.KindEntity, Start: 16, End: 17, Label: "LOC", Canonical: "Neu"}, "relabel")
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	check := func(when string) {
		t.Helper()
		probs, err := s.Check()
		if err != nil || len(probs) > 0 {
			t.Fatalf("%s: %v %q", when, err, probs)
		}
	}
	check("after the actions")
	for range steps {
		if _, err := s.Undo(); err != nil {
			t.Fatal(err)
		}
		check("after an undo")
	}
	d, _ := s.Doc("big")
	if d.Counts.Entities != 200 || len(d.Tags) != 0 || d.Counts.Marks != 0 {
		t.Errorf("after undoing all: %+v", d.Counts)
	}
	for range steps {
		if _, err := s.Redo(); err != nil {
			t.Fatal(err)
		}
		check("after a redo")
	}
	d, _ = s.Doc("big")
	if d.Counts.Entities != 199 || len(d.Tags) != 1 || d.Counts.Marks != 1 || d.Labels["LOC"] != 1 {
		t.Errorf("after redoing all: %+v %v", d.Counts, d.Labels)
	}
}

// TestUndoLegacyEntry: a log entry written before actions logged their
// derived data (no summary change) is undone by recounting the document.
func TestUndoLegacyEntry(t *testing.T) {
	s := bigDoc(t, 50)
	act, err := s.Do("entity", Op{Doc: "big", Put: &annot.Annotation{Kind: annot.KindEntity, Start: 100, End: 103, Label: "LOC", Canonical: "Ende"}})
	if err != nil {
		t.Fatal(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		var plain []Change
		for _, c := range act.Changes {
			if c.Bucket != bucketSummary && c.Bucket != "mentions" {
				plain = append(plain, c)
			}
		}
		if len(plain) == len(act.Changes) {
			t.Fatal("the action logged no derived data")
		}
		act.Changes = plain
		v, err := json.Marshal(act)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketLog).Put(seqKey(act.Seq), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if probs, err := s.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("after undoing a legacy entry: %v %q", err, probs)
	}
	if d, _ := s.Doc("big"); d.Labels["LOC"] != 0 || d.Counts.Entities != 50 {
		t.Errorf("record after undo: %+v %v", d.Counts, d.Labels)
	}
}
