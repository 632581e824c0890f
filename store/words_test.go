package store

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"folio/annot"
	"folio/suggest"

	bolt "go.etcd.io/bbolt"
)

type wordCount struct{ count, docs int64 }

// storedWords returns the store's word counts; ok is false without them.
func storedWords(t *testing.T, s *Store) (map[string]wordCount, [2]int64, bool) {
	t.Helper()
	got := map[string]wordCount{}
	tokens, docs, ok, err := s.WordCounts(func(w string, c, n int64) { got[w] = wordCount{c, n} })
	if err != nil {
		t.Fatal(err)
	}
	return got, [2]int64{tokens, docs}, ok
}

// countedWords counts the corrected texts as they are now.
func countedWords(t *testing.T, s *Store) (map[string]wordCount, [2]int64) {
	t.Helper()
	want := map[string]wordCount{}
	var totals [2]int64
	err := s.Documents(nil, func(d Document) error {
		words, n := suggest.CountWords(annot.Apply(d.Text, d.Anns).Text)
		for w, c := range words {
			e := want[w]
			want[w] = wordCount{e.count + int64(c), e.docs + 1}
		}
		totals[0] += int64(n)
		totals[1]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return want, totals
}

// sameWords fails unless the stored counts equal a count of the texts and
// check finds nothing.
func sameWords(t *testing.T, s *Store, step string) {
	t.Helper()
	got, gotT, ok := storedWords(t, s)
	if !ok {
		t.Fatalf("%s: the store has no word counts", step)
	}
	want, wantT := countedWords(t, s)
	if !maps.Equal(got, want) || gotT != wantT {
		for w, c := range want {
			if got[w] != c {
				t.Errorf("%s: %q stored %+v, counted %+v", step, w, got[w], c)
			}
		}
		for w, c := range got {
			if _, ok := want[w]; !ok {
				t.Errorf("%s: %q stored %+v, in no text", step, w, c)
			}
		}
		t.Fatalf("%s: totals stored %v, counted %v", step, gotT, wantT)
	}
	if probs, err := s.CheckInvariants(); err != nil || len(probs) > 0 {
		t.Fatalf("%s: check: %v %v", step, probs, err)
	}
}

// TestWordCounts: every write that changes a corrected text keeps the
// word counts equal to a count of the texts, in its transaction: imports
// (new, with corrections, changed, unchanged), corrections, undo and redo.
func TestWordCounts(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "w.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDocs(t, s,
		ImportDoc{ID: "a", Text: "Der Jangtse fließt durch Chongqing. Der Fluss ist lang."},
		ImportDoc{ID: "b", Text: "Kdln am Rhein und Kdln am Main.", Anns: []annot.Annotation{
			{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}}},
		ImportDoc{ID: "c", Text: "feierli-\nchem Rahmen"},
	)
	sameWords(t, s, "import")
	if got, _, _ := storedWords(t, s); got["köln"] != (wordCount{1, 1}) || got["kdln"] != (wordCount{1, 1}) {
		t.Fatalf("corrected text not counted: köln %+v, kdln %+v", got["köln"], got["kdln"])
	}

	// a correction, its undo and redo
	fix, err := s.Put("b", annot.Annotation{Kind: annot.KindCorrection, Start: 18, End: 22, Value: "Köln"}, "fix")
	if err != nil {
		t.Fatal(err)
	}
	sameWords(t, s, "correction")
	if got, _, _ := storedWords(t, s); got["kdln"] != (wordCount{}) || got["köln"] != (wordCount{2, 1}) {
		t.Fatalf("after the correction: kdln %+v, köln %+v", got["kdln"], got["köln"])
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	sameWords(t, s, "undo")
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	sameWords(t, s, "redo")
	if err := s.Delete("b", fix.ID, "unfix"); err != nil {
		t.Fatal(err)
	}
	sameWords(t, s, "delete")
	// a tag changes no text
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err)
	}
	sameWords(t, s, "tag")

	// re-import: one text changed, one the same with a new correction,
	// one the same
	importDocs(t, s,
		ImportDoc{ID: "a", Text: "Der Jangtse fließt durch Wuhan."},
		ImportDoc{ID: "b", Text: "Kdln am Rhein und Kdln am Main.", Anns: []annot.Annotation{
			{Kind: annot.KindCorrection, Start: 18, End: 22, Value: "Köln"}}},
		ImportDoc{ID: "c", Text: "feierli-\nchem Rahmen"},
	)
	sameWords(t, s, "re-import")
	if got, _, _ := storedWords(t, s); got["chongqing"] != (wordCount{}) || got["wuhan"] != (wordCount{1, 1}) {
		t.Fatalf("changed text: chongqing %+v, wuhan %+v", got["chongqing"], got["wuhan"])
	}
}

// TestWordCountsOlderStore: a store without word counts (made before
// them) reports none, and its first write counts every text.
func TestWordCountsOlderStore(t *testing.T) {
	for _, write := range []struct {
		name string
		do   func(*Store) error
	}{
		{"import", func(s *Store) error {
			im := s.NewImporter(nil)
			if err := im.Add(ImportDoc{ID: "n", Text: "Neues Dokument über Köln."}); err != nil {
				return err
			}
			_, err := im.Close()
			return err
		}},
		{"correction", func(s *Store) error {
			_, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 3, Value: "Das"}, "fix")
			return err
		}},
	} {
		t.Run(write.name, func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "w.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			importDocs(t, s, ImportDoc{ID: "a", Text: "Der Jangtse fließt."}, ImportDoc{ID: "b", Text: "Kdln am Rhein."})
			if err := s.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketWords) }); err != nil {
				t.Fatal(err)
			}
			if _, _, ok := storedWords(t, s); ok {
				t.Fatal("word counts reported without the bucket")
			}
			if probs, err := s.CheckInvariants(); err != nil || len(probs) > 0 {
				t.Fatalf("check of an older store: %v %v", probs, err)
			}
			if err := write.do(s); err != nil {
				t.Fatal(err)
			}
			sameWords(t, s, write.name)
		})
	}
}

// TestCheckWords: check finds word counts that differ from the texts.
func TestCheckWords(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "w.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDocs(t, s, ImportDoc{ID: "a", Text: "Der Jangtse fließt."})
	for _, c := range []struct {
		name string
		key  string
		val  []byte
		want string
	}{
		{"wrong count", "jangtse", encodeWordCount(5, 1), `"jangtse" counted 5 times`},
		{"missing", "jangtse", nil, `"jangtse" is missing`},
		{"extra", "wuhan", encodeWordCount(1, 1), `"wuhan" counted 1 times in 1 documents, the texts have it 0 times`},
		{"damaged", "jangtse", []byte{0xff}, `"jangtse" counted 0 times`},
		{"totals", "\x00", encodeWordCount(1, 1), "totals 1 tokens"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var saved []byte
			err := s.update(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucketWords)
				saved = append([]byte(nil), b.Get([]byte(c.key))...)
				if c.val == nil {
					return b.Delete([]byte(c.key))
				}
				return b.Put([]byte(c.key), c.val)
			})
			if err != nil {
				t.Fatal(err)
			}
			probs, err := s.CheckInvariants()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Errorf("check says %q, want %q", probs, c.want)
			}
			err = s.update(func(tx *bolt.Tx) error {
				if len(saved) == 0 {
					return tx.Bucket(bucketWords).Delete([]byte(c.key))
				}
				return tx.Bucket(bucketWords).Put([]byte(c.key), saved)
			})
			if err != nil {
				t.Fatal(err)
			}
			sameWords(t, s, "restored")
		})
	}
}

func FuzzDecodeWordCount(f *testing.F) {
	f.Add(encodeWordCount(3, 2))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, v []byte) {
		a, b, err := decodeWordCount(v)
		if err != nil {
			return
		}
		if a < 0 || b < 0 {
			t.Fatalf("negative counts %d %d", a, b)
		}
		if string(encodeWordCount(a, b)) != string(v) {
			t.Fatalf("%x decodes to %d %d, which encodes to %x", v, a, b, encodeWordCount(a, b))
		}
	})
}
