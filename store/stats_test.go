package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// recordStats sums the records of the documents of sel: what the stats of
// a selection were before the indexes answered them, kept as the
// reference the index path is held to.
func recordStats(t *testing.T, s *Store, sel *roaring.Bitmap) Stats {
	t.Helper()
	st := NewStats()
	if err := s.DocsOf(sel, func(d annot.Doc) error { st.Add(d); return nil }); err != nil {
		t.Fatal(err)
	}
	return st
}

// sameStats fails unless got and want are equal, and encode to the same
// JSON byte for byte (what folio stats --json prints).
func sameStats(t *testing.T, what string, got, want Stats) {
	t.Helper()
	gj, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	wj, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || string(gj) != string(wj) {
		t.Fatalf("%s:\nfrom the indexes %s\nfrom the records %s", what, gj, wj)
	}
}

// staleCorpus is genCorpus with stale spans: some documents re-imported
// with a text whose words changed under their annotations.
func staleCorpus(t *testing.T, s *Store, n int, seed uint64) {
	t.Helper()
	genCorpus(t, s, n, seed)
	r := rand.New(rand.NewPCG(seed, 2))
	var docs []ImportDoc
	for range n / 10 {
		d, err := s.Document(fmt.Sprintf("doc%d", r.IntN(n)))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ImportDoc{ID: d.Doc.ID, Title: d.Doc.Title, Text: strings.ReplaceAll(d.Text, "e", "ee")})
	}
	importDocs(t, s, docs...)
}

// The stats of a selection, from the posting lists and the forward
// entries, are those of its records, for every kind of query; the
// corpus is varied (statuses, tags, labels, entities, corrections,
// marks, notes, stale spans, suggestion counts).
func TestStatsEqualRecords(t *testing.T) {
	s, _ := openTemp(t)
	staleCorpus(t, s, 300, 21)
	mustCheck(t, s)
	all, err := s.Stats(nil)
	if err != nil {
		t.Fatal(err)
	}
	every := roaring.New()
	every.AddRange(1, 301)
	sameStats(t, "every document", all, recordStats(t, s, every))
	// the corpus has what the comparison is to decide
	if all.Stale == 0 || all.Notes == 0 || all.Marks == 0 || all.Corrections == 0 || len(all.Labels) < 3 || len(all.Tags) < 4 ||
		all.ByStatus["done"] == 0 || all.ByStatus["rejected"] == 0 {
		t.Fatalf("the generated corpus lacks some kind of annotation: %+v", all)
	}
	check := func(qs string) *roaring.Bitmap {
		t.Helper()
		q, err := query.Parse(qs)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		sel, err := s.Select(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := recordStats(t, s, sel)
		got, err := s.Stats(q)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		sameStats(t, fmt.Sprintf("%q (%d documents)", qs, sel.GetCardinality()), got, want)
		got, err = s.StatsOf(sel)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		sameStats(t, fmt.Sprintf("StatsOf %q", qs), got, want)
		return sel
	}
	for _, qs := range []string{
		"", "koeln", "-koeln", "nosuchword", "status:done", "status:todo", "status:rejected",
		"tag:ocr", "tag:Press", "-tag:x", "tag:p*", "label:PER", "label:org -label:LOC",
		`entity:"ute berg"`, "has:corrections", "has:marks", "has:notes", "has:entities",
		"has:stale", "-has:stale", "has:suggestions", "id:doc1*", "id:doc7",
		`"köln koeln"`, "koeln OR tag:x", "-(status:done OR has:notes) strasse",
	} {
		check(qs)
	}
	r := rand.New(rand.NewPCG(22, 23))
	some := 0
	for range 300 {
		if n := check(genQuery(r, 3)).GetCardinality(); n > 0 && n < 300 {
			some++
		}
	}
	if some < 100 {
		t.Errorf("only %d of 300 queries select some but not all documents: the test decides little", some)
	}
}

// Where the indexes do not cover the view (a reviewer's layers), Stats
// sums the records as that view sees them.
func TestStatsOfALayer(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Anna Berg wohnt in Köln."}, ImportDoc{ID: "e", Text: "Bonn am Rhein."})
	if _, err := s.Assign(map[string][]string{"d": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	per := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 9, Label: "PER"}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	if _, err := s.As("rev-a").Do("label", Op{Doc: "d", Put: &per}, Op{Doc: "d", Put: &done}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		view          string
		q             string
		docs, dn, per int
	}{
		{"rev-a", "", 2, 1, 1},
		{"rev-a", "koeln", 1, 1, 1},
		{"rev-a", "status:done", 1, 1, 1},
		{"rev-a", "bonn", 1, 0, 0},
		{"", "", 2, 0, 0},
		{"", "status:done", 0, 0, 0},
	} {
		st, err := s.Layer(tc.view).Stats(query.MustParse(tc.q))
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != tc.docs || st.ByStatus["done"] != tc.dn || st.Labels["PER"] != tc.per || st.Entities != tc.per {
			t.Errorf("%s's view, %q: %+v; want %d documents, %d done, %d PER", tc.view, tc.q, st, tc.docs, tc.dn, tc.per)
		}
	}
}

// A selection naming a document without a forward entry is damage,
// reported, not a panic or a wrong count.
func TestStatsOfMissingEntry(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 20, 3)
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketFwd).Delete(numKey(7)) }); err != nil {
		t.Fatal(err)
	}
	sel := roaring.BitmapOf(5, 6, 7, 8)
	if _, err := s.StatsOf(sel); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "number 7") {
		t.Fatalf("stats of a selection with an entry gone: %v", err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketFwd).Put(numKey(7), []byte{2, 0x80}) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StatsOf(sel); !errors.Is(err, ErrDamaged) {
		t.Fatalf("stats of a selection with a damaged entry: %v", err)
	}
}
