package store

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// TestRecountFromSchema5: a schema 5 store counted a cut of boilerplate
// among a document's corrections; opened, it is recounted batch by batch
// (a batch of one, so that the recount resumes from record to record):
// a document with cuts alone no longer has corrections, in its record,
// has:corrections and the stats, one with a correction keeps it, and the
// store checks sound, backed up first.
func TestRecountFromSchema5(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: kolnText}, ImportDoc{ID: "c", Text: kolnText})
	cut := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 5, Class: annot.ClassBoilerplate}
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln", Class: annot.ClassOCR}
	if _, err := s.Do("annotate", Op{Doc: "a", Put: &cut}, Op{Doc: "b", Put: &fix}); err != nil {
		t.Fatal(err)
	}
	// what schema 5 wrote: the cut counted
	old := map[string]int{"a": 1, "b": 1}
	if err := s.update(func(tx *bolt.Tx) error {
		for id, n := range old {
			d, _, err := getDoc(tx, id)
			if err != nil {
				return err
			}
			d.Counts.Corrections = n
			if err := putDocRecord(tx, d); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	corrected := func(s *Store) []string {
		t.Helper()
		sel, err := s.Select(query.MustParse("has:corrections"), nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		if err := s.DocsOf(sel, func(d annot.Doc) error {
			ids = append(ids, d.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		return ids
	}
	if got := corrected(s); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("has:corrections before: %v: the test does not make a schema 5 store", got)
	}
	s.Close()

	s, err = Open(path, Options{Author: "ute", Now: clock(), MigrateBatch: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	if got := corrected(s); !slices.Equal(got, []string{"b"}) {
		t.Errorf("has:corrections after: %v, want [b]", got)
	}
	st, err := s.Stats(query.MustParse(""))
	if err != nil {
		t.Fatal(err)
	}
	if st.Corrections != 1 {
		t.Errorf("stats: %d corrections, want 1", st.Corrections)
	}
	if d, err := s.Document("a"); err != nil || d.Doc.Counts.Corrections != 0 || len(d.Anns) == 0 {
		t.Errorf("document a: %+v, %v: want its cut kept and no correction counted", d.Doc.Counts, err)
	}
	if err := s.view(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if v := m.Get(keySchema); string(v) != strconv.Itoa(schemaVersion) {
			t.Errorf("schema %s after migrating, want %d", v, schemaVersion)
		}
		if m.Get(keyRecountNext) != nil {
			t.Error("the recount's progress is left behind")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if baks, _ := filepath.Glob(path + ".bak-schema5-*"); len(baks) != 1 {
		t.Errorf("backups %v, want one", baks)
	}
}
