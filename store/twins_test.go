package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/internal/corpusgen"
)

// seedDocs reads the bundled seeds as import documents, by id prefix.
func seedDocs(t *testing.T) map[string]ImportDoc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	out := make(map[string]ImportDoc)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(f)[:3]
		out[id] = ImportDoc{ID: id, Text: string(b)}
	}
	return out
}

// twinsOf returns every document's twins.
func twinsOf(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	docs, err := s.DocList()
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]string)
	for _, d := range docs {
		if len(d.Twins) > 0 {
			out[d.ID] = d.Twins
		}
	}
	return out
}

func wantTwins(t *testing.T, got map[string][]string, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("twins %v, want %v", got, want)
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Fatalf("twins %v, want %v", got, want)
		}
	}
}

func TestTwinsFoundOnImport(t *testing.T) {
	seeds := seedDocs(t)
	s, _ := openTemp(t)
	// 001 first, then the rest: the later twin updates the earlier record
	importDocs(t, s, seeds["001"])
	importDocs(t, s, seeds["000"], seeds["002"], seeds["003"], seeds["004"])
	wantTwins(t, twinsOf(t, s), map[string][]string{"001": {"004"}, "004": {"001"}})
	mustCheck(t, s)

	// 001's text changes to something else: both lose their twin
	changed := seeds["001"]
	changed.Text = seeds["003"].Text[:len(seeds["003"].Text)/2] + " ganz anders"
	importDocs(t, s, changed)
	wantTwins(t, twinsOf(t, s), map[string][]string{"001": {"003"}, "003": {"001"}})

	// and back: the twins return
	importDocs(t, s, seeds["001"])
	wantTwins(t, twinsOf(t, s), map[string][]string{"001": {"004"}, "004": {"001"}})
}

func TestTwinsMigratedFromSchema1(t *testing.T) {
	seeds := seedDocs(t)
	s, path := openTemp(t)
	importDocs(t, s, seeds["000"], seeds["001"], seeds["004"])
	// make it a schema 1 store: no sketches, no twins, version 1 records
	err := s.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketSketch, bucketTwinBands, bucketTwins} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		c := tx.Bucket(bucketDocs).Cursor()
		var ids []string
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ids = append(ids, string(k))
		}
		for _, id := range ids {
			d, _, err := getDoc(tx, id)
			if err != nil {
				return err
			}
			d.Twins = nil
			rec := encodeDoc(d)
			rec[0] = 1
			if err := tx.Bucket(bucketDocs).Put([]byte(id), rec); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	wantTwins(t, twinsOf(t, s2), map[string][]string{"001": {"004"}, "004": {"001"}})
	mustCheck(t, s2)
	if backups, _ := filepath.Glob(path + ".bak-schema1-*"); len(backups) != 1 {
		t.Errorf("backups before migrating: %v", backups)
	}
}

// numberedWords returns a text of 300 words, word and a number each, in
// a scrambled order.
func numberedWords(word string) string {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "%s%d ", word, i*7919%1000)
	}
	return b.String()
}

// TestTwinListCap: a text with many near-duplicates lists at most
// twinListCap of them, and a document that lists a twin is listed by it.
func TestTwinListCap(t *testing.T) {
	s, _ := openTemp(t)
	text := numberedWords("Wort")
	var docs []ImportDoc
	for i := range 3 * twinListCap {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%03d", i), Text: fmt.Sprintf("%s Nummer %d.", text, i)})
	}
	importDocs(t, s, docs...)
	list, err := s.DocList()
	if err != nil {
		t.Fatal(err)
	}
	twins := map[string][]string{}
	for _, d := range list {
		if len(d.Twins) > 16 || len(d.Twins) == 0 { // 16: the cap; 47 without one
			t.Fatalf("%s lists %d twins (cap %d)", d.ID, len(d.Twins), twinListCap)
		}
		twins[d.ID] = d.Twins
	}
	if len(twins["d000"]) != twinListCap {
		t.Errorf("the first document lists %d twins, want %d", len(twins["d000"]), twinListCap)
	}
	for id, ts := range twins {
		for _, tw := range ts {
			if !slices.Contains(twins[tw], id) && len(twins[tw]) < twinListCap {
				t.Errorf("%s lists %s, which has room but does not list it", id, tw)
			}
		}
	}
}

// TestTwinsBatchedAsOneByOne: the twins an import batch finds, its band
// keys kept in memory until it ends, are those of importing the same
// documents one transaction each, also when the batch changes the text of
// a document it added.
func TestTwinsBatchedAsOneByOne(t *testing.T) {
	g, err := corpusgen.New(4)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ImportDoc
	for i := range 150 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%03d", (i*37)%150), Text: g.Doc(1500)})
	}
	docs = append(docs, ImportDoc{ID: docs[3].ID, Text: docs[90].Text + " Nachtrag."}, ImportDoc{ID: docs[7].ID, Text: "zu kurz"})
	batched, _ := openTemp(t)
	if _, err := batched.ImportBatch(docs, nil); err != nil {
		t.Fatal(err)
	}
	single, _ := openTemp(t)
	for _, d := range docs {
		if _, err := single.ImportBatch([]ImportDoc{d}, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := twinsOf(t, single)
	if len(want) < 50 {
		t.Fatalf("only %d documents have twins: the test decides little", len(want))
	}
	wantTwins(t, twinsOf(t, batched), want)
	mustCheck(t, batched)
}

// FuzzDecodeTwinList: a damaged twin list is an error, never a panic;
// what decodes ascends, holds no 0, and encodes back to the same bytes.
func FuzzDecodeTwinList(f *testing.F) {
	f.Add(encodeTwinList([]uint32{1, 7, 300}))
	f.Add([]byte{0, 0, 0, 2, 0, 0, 0, 1})
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		ns, err := decodeTwinList(b)
		if err != nil {
			return
		}
		for i, n := range ns {
			if n == 0 || i > 0 && n <= ns[i-1] {
				t.Fatalf("decoded %v", ns)
			}
		}
		if len(ns) > twinListCap || !slices.Equal(encodeTwinList(ns), b) && len(b) > 0 {
			t.Fatalf("%x decoded to %v", b, ns)
		}
	})
}

// bandGroups returns, for every band hash filed in s, the numbers of the
// documents filed under it.
func bandGroups(t *testing.T, s *Store) map[uint64][]uint32 {
	t.Helper()
	out := map[uint64][]uint32{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTwinBands).ForEach(func(k, v []byte) error {
			es, err := decodeSlot(v)
			if err != nil {
				return err
			}
			slot := uint64(k[0])<<16 | uint64(k[1])<<8 | uint64(k[2])
			for _, e := range es {
				g := slot<<32 | e>>32
				out[g] = append(out[g], uint32(e))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBandHashCap: a band hash shared by more than twinBandCap documents
// keeps the first of them, which it lends as candidates; a document
// taken off it makes room for the next one filed.
func TestBandHashCap(t *testing.T) {
	s, _ := openTemp(t)
	text, docs := oneTextDocs("Zeile", twinBandCap+40)
	n := len(docs)
	importDocs(t, s, docs...)
	first := firstNumbers(twinBandCap)
	groups := bandGroups(t, s)
	if len(groups) == 0 {
		t.Fatal("no band filed")
	}
	for g, ns := range groups {
		if !slices.Equal(ns, first) { // all 296 without the cap
			t.Fatalf("band hash %x holds %d documents %v…, want the first %d", g, len(ns), ns[:min(len(ns), 3)], twinBandCap)
		}
	}
	last := docs[n-1].ID
	if tw := twinsOf(t, s)[last]; len(tw) != twinListCap {
		t.Errorf("%s, past the cap of every band, lists %d twins, want %d from the first documents", last, len(tw), twinListCap)
	}
	wantRoomTaken(t, s, text, n, func() {})
}

// oneTextDocs returns n documents, d000 on, of one text:
// numberedWords(word).
func oneTextDocs(word string, n int) (string, []ImportDoc) {
	text := numberedWords(word)
	docs := make([]ImportDoc, n)
	for i := range docs {
		docs[i] = ImportDoc{ID: fmt.Sprintf("d%03d", i), Text: text}
	}
	return text, docs
}

// firstNumbers returns the document numbers 1 to n.
func firstNumbers(n int) []uint32 {
	ns := make([]uint32, n)
	for i := range ns {
		ns[i] = uint32(i + 1)
	}
	return ns
}

// wantRoomTaken changes the text of d000 (number 1), one of the n
// documents of text in s, which takes it off every band hash they share,
// imports one more of text, "neu", files it (file), and fails unless
// each shared hash then holds documents 2 to twinBandCap and the new
// one: the room d000 left went to the next document filed.
func wantRoomTaken(t *testing.T, s *Store, text string, n int, file func()) {
	t.Helper()
	importDocs(t, s, ImportDoc{ID: "d000", Text: "ein ganz anderer Text, " + strings.Repeat("Wort ", 60)},
		ImportDoc{ID: "neu", Text: text})
	file()
	want := append(firstNumbers(twinBandCap)[1:], uint32(n+1))
	for g, ns := range bandGroups(t, s) {
		if len(ns) > 1 && !slices.Equal(ns, want) {
			t.Fatalf("band hash %x holds %v…%v (%d), want 2…%d and %d", g, ns[:min(len(ns), 3)], ns[max(len(ns)-2, 0):], len(ns), twinBandCap, n+1)
		}
	}
	mustCheck(t, s)
}

// TestCheckFindsDamagedTwinLists: check names a twin list that does not
// decode, belongs to no document, is stored empty or lists its own
// document or one past the last.
func TestCheckFindsDamagedTwinLists(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
		val  []byte
		want string
	}{
		{"no such document", numKey(99), encodeTwinList([]uint32{1}), "twin list 00000063 belongs to no document"},
		{"a key not a number", []byte{1, 2}, encodeTwinList([]uint32{1}), "twin list 0102 belongs to no document"},
		{"number 0", numKey(0), encodeTwinList([]uint32{1}), "twin list 00000000 belongs to no document"},
		{"torn", numKey(1), []byte{0, 0, 2}, "document number 1: a twin list of 3 bytes"},
		{"out of order", numKey(1), []byte{0, 0, 0, 3, 0, 0, 0, 2}, "document number 1: a twin list out of order"},
		{"empty", numKey(2), nil, "document number 2: an empty twin list is stored"},
		{"itself", numKey(2), encodeTwinList([]uint32{2}), "document number 2 lists twin 2, not another document"},
		{"past the last", numKey(2), encodeTwinList([]uint32{1, 9}), "document number 2 lists twin 9, not another document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: "Zhuzhou und Köln."},
				ImportDoc{ID: "c", Text: "Ein dritter Text."})
			mustCheck(t, s)
			err := s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketTwins).Put(tc.key, tc.val)
			})
			if err != nil {
				t.Fatal(err)
			}
			probs, err := s.CheckInvariants()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Fatalf("check found %q, want %q", probs, tc.want)
			}
		})
	}
}

// TestCapBand: capBand keeps the first entries of one band hash, the
// lowest numbers, and leaves the other hashes of the slot as they are,
// the highest hash included.
func TestCapBand(t *testing.T) {
	entries := func(tag uint32, from, n int) []uint64 {
		var es []uint64
		for i := range n {
			es = append(es, uint64(tag)<<32|uint64(from+i))
		}
		return es
	}
	for _, tc := range []struct {
		name string
		es   []uint64
		tag  uint32
		keep int
		want []uint64
	}{
		{"under the cap", entries(7, 1, 10), 7, twinBandCap, entries(7, 1, 10)},
		{"at the cap", entries(7, 1, twinBandCap), 7, twinBandCap, entries(7, 1, twinBandCap)},
		{"past it, neighbours kept",
			slices.Concat(entries(6, 1, 300), entries(7, 1, 300), entries(8, 1, 300), entries(0xFFFFFFFF, 1, 300)), 7, twinBandCap,
			slices.Concat(entries(6, 1, 300), entries(7, 1, twinBandCap), entries(8, 1, 300), entries(0xFFFFFFFF, 1, 300))},
		{"the highest hash", slices.Concat(entries(6, 1, 3), entries(0xFFFFFFFF, 5, 300)), 0xFFFFFFFF, twinBandCap,
			slices.Concat(entries(6, 1, 3), entries(0xFFFFFFFF, 5, twinBandCap))},
		{"hash 0", slices.Concat(entries(0, 1, 257), entries(1, 1, 2)), 0, twinBandCap,
			slices.Concat(entries(0, 1, twinBandCap), entries(1, 1, 2))},
		{"room left for held entries", slices.Concat(entries(3, 1, 20), entries(4, 1, 2)), 3, 5,
			slices.Concat(entries(3, 1, 5), entries(4, 1, 2))},
		{"none kept", slices.Concat(entries(2, 1, 2), entries(3, 1, 20)), 3, 0, entries(2, 1, 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := capBand(slices.Clone(tc.es), tc.tag, tc.keep); !slices.Equal(got, tc.want) {
				t.Fatalf("%d entries capped to %d, want %d", len(tc.es), len(got), len(tc.want))
			}
		})
	}
}

// TestDamagedTwinListStopsWrite: a write that changes a twin list naming
// a number past the order fails as damage, naming it, and writes nothing.
func TestDamagedTwinListStopsWrite(t *testing.T) {
	s, _ := openTemp(t)
	text := numberedWords("Satz")
	importDocs(t, s, ImportDoc{ID: "a", Text: text}, ImportDoc{ID: "b", Text: text})
	wantTwins(t, twinsOf(t, s), map[string][]string{"a": {"b"}, "b": {"a"}})
	before, err := s.Doc("a")
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTwins).Put(numKey(2), encodeTwinList([]uint32{1, 9}))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DocList(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), `document "b" lists twin 9, which is not in the order`) {
		t.Fatalf("the list returned %v, want the damage named", err)
	}
	// a's new text leaves b's list: b's list changes, and 9 is no document
	_, err = s.ImportBatch([]ImportDoc{{ID: "a", Text: "ein ganz anderer Text, " + strings.Repeat("Wort ", 60)}}, nil)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "document number 2 lists twin 9, which is not in the order") {
		t.Fatalf("the write returned %v, want the damage named", err)
	}
	if d, err := s.Doc("a"); err != nil || d.Hash != before.Hash {
		t.Fatalf("a's record %+v (%v) after the failed write, want its hash %s: the failed write wrote", d, err, before.Hash)
	}

}
