package store

import (
	"encoding/binary"
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
	seeds := seedDocs(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: kolnText}, ImportDoc{ID: "c", Text: kolnText},
		seeds["001"], seeds["004"])
	cut := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 5, Class: annot.ClassBoilerplate}
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln", Class: annot.ClassOCR}
	if _, err := s.Do("annotate", Op{Doc: "a", Put: &cut}, Op{Doc: "b", Put: &fix}, Op{Doc: "001", Put: &cut}); err != nil {
		t.Fatal(err)
	}
	// what schema 5 wrote: the cut counted, and (as schema 7 still did)
	// the twins in the records: the recount rewrites 001's record
	old := map[string]int{"a": 1, "b": 1, "001": 1}
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
		if _, err := flushIndex(tx, nil); err != nil {
			return err
		}
		legacyTwins(t, tx)
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	corrected := func(s *Store) []string { return selectedIDs(t, s, "has:corrections") }
	if got := corrected(s); !slices.Equal(got, []string{"001", "a", "b"}) {
		t.Fatalf("has:corrections before: %v: the test does not make a schema 5 store", got)
	}
	s.Close()

	s, err = Open(path, Options{Author: "ute", Now: clock(), MigrateBatch: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	wantTwins(t, twinsOf(t, s), map[string][]string{"001": {"004"}, "004": {"001"}})
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

// legacyTwins turns the twin lists of the store tx writes into the form
// of schema 7: each list in its document's record (doc codec tag 2) and
// its terms in its forward entry; no twins bucket.
func legacyTwins(t *testing.T, tx *bolt.Tx) {
	t.Helper()
	ix := newIndexer(tx)
	fwd := tx.Bucket(bucketFwd)
	c := tx.Bucket(bucketOrder).Cursor()
	for k, id := c.First(); k != nil; k, id = c.Next() {
		d, ok, err := getDoc(tx, string(id))
		if err != nil || !ok {
			t.Fatalf("document %s: %v", id, err)
		}
		if len(d.Twins) == 0 {
			continue
		}
		rec := binary.AppendUvarint(encodeDoc(d), docTagTwins)
		rec = binary.AppendUvarint(rec, uint64(len(d.Twins)))
		for _, tw := range d.Twins {
			rec = binary.AppendUvarint(rec, uint64(len(tw)))
			rec = append(rec, tw...)
		}
		if err := tx.Bucket(bucketDocs).Put([]byte(d.ID), rec); err != nil {
			t.Fatal(err)
		}
		num := numKey(uint32(d.Seq))
		e, err := decodeFwd(fwd.Get(num))
		if err != nil {
			t.Fatal(err)
		}
		query.TwinTerms(d.Twins, func(tm query.Term) {
			id, err := ix.termID(termKey(tm), false)
			if err != nil || id == 0 {
				t.Fatalf("term %v: %d %v", tm, id, err)
			}
			e.terms.Add(id)
		})
		v, err := encodeFwd(e)
		if err != nil {
			t.Fatal(err)
		}
		if err := fwd.Put(num, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.DeleteBucket(bucketTwins); err != nil {
		t.Fatal(err)
	}
}

// TestTwinsApartFromSchema7: a schema 7 store kept each twin list in its
// record and its terms in the forward entry; opened, the lists move to
// their bucket a document a step, the records and forward entries lose
// them, has:twin and twin: find what they found, and the store checks
// sound (its indexes equal to a rebuild), backed up first.
func TestTwinsApartFromSchema7(t *testing.T) {
	seeds := seedDocs(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	base := seeds["002"].Text
	importDocs(t, s, seeds["000"], seeds["001"], seeds["002"], seeds["003"], seeds["004"],
		ImportDoc{ID: "a", Text: base + " Erste Abschrift."}, ImportDoc{ID: "b", Text: base + " Zweite Abschrift."},
		ImportDoc{ID: "c", Text: base + " Dritte Abschrift."})
	want := twinsOf(t, s)
	wantTwins(t, want, map[string][]string{"001": {"004"}, "004": {"001"}, "002": {"a", "b", "c"},
		"a": {"002", "b", "c"}, "b": {"002", "a", "c"}, "c": {"002", "a", "b"}})
	if err := s.update(func(tx *bolt.Tx) error {
		legacyTwins(t, tx)
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("7"))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path, Options{Author: "ute", Now: clock(), MigrateBatch: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	wantTwins(t, twinsOf(t, s), want)
	for q, ids := range map[string][]string{
		"has:twin":         {"001", "002", "004", "a", "b", "c"},
		"twin:004":         {"001"},
		"twin:a":           {"002", "b", "c"},
		"has:twin -twin:a": {"001", "004", "a"},
		"-has:twin":        {"000", "003"},
	} {
		if got := selectedIDs(t, s, q); !slices.Equal(got, ids) {
			t.Errorf("%s: %v, want %v", q, got, ids)
		}
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get(keyTwinsApartNext) != nil {
			t.Error("the migration's progress is left behind")
		}
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			if d, err := decodeDoc(v); err != nil || len(d.Twins) > 0 {
				t.Errorf("record %s: twins %v, %v: want none in the record", k, d.Twins, err)
			}
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if baks, _ := filepath.Glob(path + ".bak-schema7-*"); len(baks) != 1 {
		t.Errorf("backups %v, want one", baks)
	}
	// what a text written now changes is kept in the lists alone
	importDocs(t, s, ImportDoc{ID: "c", Text: seeds["003"].Text})
	wantTwins(t, twinsOf(t, s), map[string][]string{"001": {"004"}, "004": {"001"}, "002": {"a", "b"},
		"a": {"002", "b"}, "b": {"002", "a"}, "c": {"003"}, "003": {"c"}})
	mustCheck(t, s)
}

// selectedIDs returns the ids of the documents query q selects in s,
// sorted.
func selectedIDs(t *testing.T, s *Store, q string) []string {
	t.Helper()
	sel, err := s.Select(query.MustParse(q), nil)
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
