package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
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
	s, path := openTemp(t)
	staleCorpus(t, s, 300, 21)
	mustCheck(t, s)
	if !current(t, s) {
		t.Fatal("the sums of a store every write of which kept them are not current")
	}
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

	// a write by something that does not keep the sums (a folio before
	// them) leaves them behind: stats read the forward entries, the same
	if err := s.db.Update(func(tx *bolt.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if current(t, s) {
		t.Fatal("the sums are current after a write that did not keep them")
	}
	for range 100 {
		check(genQuery(r, 3))
	}
	// opened for writing, the store sums its documents again
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if !current(t, s) {
		t.Fatal("the sums are not current after a writable open")
	}
	mustCheck(t, s)
	for range 100 {
		check(genQuery(r, 3))
	}
}

// current reports whether s's sums are current.
func current(t *testing.T, s *Store) bool {
	t.Helper()
	var ok bool
	if err := s.view(func(tx *bolt.Tx) error { ok = sumsCurrent(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	return ok
}

// The sums follow every kind of write (import, annotation, undo, a
// re-import that changes a text) and check compares them with the
// forward entries: damage to them is found.
func TestSumsFollowWrites(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 60, 4)
	sel := roaring.New()
	sel.AddRange(1, 61)
	statsOf := func(sel *roaring.Bitmap) Stats {
		t.Helper()
		st, err := s.StatsOf(sel)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	sameStats(t, "after the import and the annotations", statsOf(sel), recordStats(t, s, sel))
	for range 5 {
		if _, err := s.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	importDocs(t, s, ImportDoc{ID: "doc3", Text: "Ein ganz anderer Text."}, ImportDoc{ID: "new", Text: "Neu."})
	sel.Add(61)
	if !current(t, s) {
		t.Fatal("the sums are not current")
	}
	sameStats(t, "after undo and a re-import", statsOf(sel), recordStats(t, s, sel))
	mustCheck(t, s)
	// a number without sums (no such document) is damage, named
	for _, bad := range []*roaring.Bitmap{roaring.BitmapOf(1, 62), roaring.BitmapOf(5000), roaring.BitmapOf(0)} {
		if _, err := s.StatsOf(bad); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "has no sums") {
			t.Errorf("stats of %v: %v", bad.ToArray(), err)
		}
	}

	// a part's sums changed (and the change marked current, as a
	// damaged file may claim): check finds it
	if err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSums)
		v := b.Get(numKey(0))
		p := newSumsPart(0)
		if err := eachSums(0, v, func(n uint32, ds docSums) error {
			if n == 9 {
				ds.Notes += 3
			}
			p.add(n, ds)
			return nil
		}); err != nil {
			return err
		}
		if err := putSumsPart(b, p); err != nil {
			return err
		}
		return blessSums(tx)
	}); err != nil {
		t.Fatal(err)
	}
	probs, err := s.Check()
	if err != nil || !strings.Contains(strings.Join(probs, "\n"), "document number 9") {
		t.Fatalf("check of damaged sums: %q, %v", probs, err)
	}
	// a part that does not decode is damage to stats, not a panic
	if err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketSums).Put(numKey(0), []byte{1, 0x80}); err != nil {
			return err
		}
		return blessSums(tx)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StatsOf(sel); !errors.Is(err, ErrDamaged) {
		t.Fatalf("stats over damaged sums: %v", err)
	}
}

func TestEachSumsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for part := range uint32(3) {
		want := map[uint32]docSums{}
		p := newSumsPart(part)
		for n := part << partBits; n < (part+1)<<partBits; n++ {
			if n == 0 || r.IntN(3) > 0 {
				continue
			}
			ds := docSums{Bytes: r.Int64N(1 << 40), Entities: r.Int64N(9), Stale: -r.Int64N(3)}
			if r.IntN(4) == 0 {
				ds.Labels = map[string]int64{"PER": 1 + r.Int64N(5), "ÜBER": 2}
			}
			want[n] = ds
			p.add(n, ds)
		}
		got := map[uint32]docSums{}
		if err := eachSums(part, p.b, func(n uint32, ds docSums) error { got[n] = ds; return nil }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("part %d: %d documents back of %d", part, len(got), len(want))
		}
	}
	// numbers out of the part, or not growing, do not decode
	for _, v := range [][]byte{{0x80, 0x20, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}} {
		if err := eachSums(0, v, func(uint32, docSums) error { return nil }); err == nil {
			t.Errorf("%v decodes", v)
		}
	}
}

// TestPartSums: the sums of a part for a selection, the others passed
// over undecoded, are the selected documents' sums, whatever the
// selection (none, every other, all, one at each end); a selected number
// the part has no sums of is an error.
func TestPartSums(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const part = 2
	p := newSumsPart(part)
	var nums []uint32
	sums := map[uint32]docSums{}
	for n := uint32(part << partBits); n < (part+1)<<partBits; n++ {
		if r.IntN(5) > 0 {
			continue
		}
		ds := docSums{Bytes: r.Int64N(1 << 40), Entities: r.Int64N(300), Corrections: r.Int64N(3), Stale: -r.Int64N(3)}
		if r.IntN(3) == 0 {
			ds.Labels = map[string]int64{"PER": 1 + r.Int64N(500), "ÜBER": 2, strings.Repeat("L", 200): -1}
		}
		sums[n] = ds
		nums = append(nums, n)
		p.add(n, ds)
	}
	for _, pick := range []func(i int) bool{
		func(int) bool { return false },
		func(i int) bool { return i%2 == 1 },
		func(int) bool { return true },
		func(i int) bool { return i == 0 || i == len(nums)-1 },
		func(i int) bool { return r.IntN(50) == 0 },
	} {
		sel := roaring.New()
		want := NewStats()
		for i, n := range nums {
			if pick(i) {
				sel.Add(n)
				ds := sums[n]
				want.addSums(&ds)
				want.Documents++
			}
		}
		sel.Add((part + 1) << partBits) // the next part's: left for it
		got := NewStats()
		it := sel.Iterator()
		if err := partSums(part, p.b, it, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d of %d selected: got %+v, want %+v", sel.GetCardinality()-1, len(nums), got, want)
		}
		if !it.HasNext() || it.PeekNext() != (part+1)<<partBits {
			t.Errorf("the iterator was not left at the next part")
		}
	}
	// a selected document without sums
	missing := nums[0] + 1
	for slices.Contains(nums, missing) {
		missing++
	}
	sel := roaring.BitmapOf(missing)
	st := NewStats()
	if err := partSums(part, p.b, sel.Iterator(), &st); err == nil {
		t.Errorf("document number %d has no sums, and no error", missing)
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

// Read from the forward entries (sums not current), a selection naming
// a document without one is damage, reported, not a panic or a wrong
// count.
func TestStatsOfMissingEntry(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 20, 3)
	// a write that does not keep the sums: they are not read
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

// FuzzEachSums: any bytes as a part's sums decode or fail, never panic,
// and what decodes encodes back to what decodes the same.
func FuzzEachSums(f *testing.F) {
	p := newSumsPart(1)
	p.add(4096, docSums{Bytes: 3000, Notes: 2})
	p.add(4100, docSums{Entities: 2, Labels: map[string]int64{"PER": 1, "LOC": 1}})
	f.Add(uint32(1), p.b)
	f.Add(uint32(0), []byte{1, 0x80})
	f.Add(uint32(0), []byte{})
	f.Fuzz(func(t *testing.T, part uint32, v []byte) {
		part %= 1 << (32 - partBits)
		var nums []uint32
		var sums []docSums
		if err := eachSums(part, v, func(n uint32, s docSums) error {
			nums, sums = append(nums, n), append(sums, s)
			return nil
		}); err != nil {
			return
		}
		again := newSumsPart(part)
		for i, n := range nums {
			if partOf(n) != part || i > 0 && n <= nums[i-1] {
				t.Fatalf("decoded number %d out of order or out of part %d", n, part)
			}
			again.add(n, sums[i])
		}
		i := 0
		if err := eachSums(part, again.b, func(n uint32, s docSums) error {
			if n != nums[i] || !s.equal(sums[i]) {
				t.Fatalf("entry %d: %d %+v, then %d %+v", i, nums[i], sums[i], n, s)
			}
			i++
			return nil
		}); err != nil || i != len(nums) {
			t.Fatalf("re-encoded: %v, %d of %d entries", err, i, len(nums))
		}
	})
}
