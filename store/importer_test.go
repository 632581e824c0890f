package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/internal/corpusgen"
	"folio/query"
)

// fakeBatches is a BatchImporter that records the chunks it is given,
// reports one problem per chunk, and fails the chunk numbered failAt.
type fakeBatches struct {
	chunks   [][]string
	failAt   int
	running  atomic.Int32
	overlap  bool
	prepared int // documents that came with a preparation
}

func (f *fakeBatches) ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error) {
	if f.running.Add(1) > 1 {
		f.overlap = true // two chunks at once
	}
	defer f.running.Add(-1)
	n := len(f.chunks)
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
		if d.prep != nil {
			f.prepared++
		}
	}
	f.chunks = append(f.chunks, ids)
	report(docs[0].ID, fmt.Sprintf("chunk %d", n))
	if n == f.failAt {
		return ImportStats{}, errors.New("disk full")
	}
	return ImportStats{Added: len(docs)}, nil
}

func TestImporterWritesChunksBeside(t *testing.T) {
	for _, tt := range []struct {
		name    string
		failAt  int
		wantErr bool
	}{
		{"every chunk written", -1, false},
		{"a chunk fails", 2, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeBatches{failAt: tt.failAt}
			var reports []string
			im := NewImporterTo(f, func(id, msg string) { reports = append(reports, id+" "+msg) })
			im.ChunkDocs = 10
			var addErr error
			added := 0
			for i := range 95 {
				if addErr = im.Add(ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: "x"}); addErr != nil {
					break
				}
				added++
			}
			st, err := im.Close()
			if addErr != nil {
				err = addErr
			}
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "disk full") {
					t.Fatalf("error %v, want the chunk's", err)
				}
				if added >= 95 && addErr == nil {
					t.Log("the error came at Close")
				}
				// nothing is written after the failed chunk
				if len(f.chunks) != tt.failAt+1 {
					t.Fatalf("%d chunks written, want %d (none after the failure)", len(f.chunks), tt.failAt+1)
				}
				if err := im.Flush(); err == nil {
					t.Fatal("Flush after a failed chunk returned no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Added != 95 || len(f.chunks) != 10 {
				t.Fatalf("%d added in %d chunks, want 95 in 10", st.Added, len(f.chunks))
			}
			var all []string
			for _, c := range f.chunks {
				all = append(all, c...)
			}
			for i, id := range all {
				if id != fmt.Sprintf("d%02d", i) {
					t.Fatalf("document %d written is %s: chunks out of order", i, id)
				}
			}
			if f.overlap {
				t.Fatal("two chunks were written at once")
			}
			// every report passed on, in order, from this goroutine
			if len(reports) != 10 || reports[0] != "d00 chunk 0" || reports[9] != "d90 chunk 9" {
				t.Fatalf("reports %q", reports)
			}
		})
	}
}

// gatedBatches is fakeBatches whose chunks wait for gate to be written.
type gatedBatches struct {
	fakeBatches
	gate chan struct{}
}

func (g *gatedBatches) ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error) {
	<-g.gate
	return g.fakeBatches.ImportBatch(docs, report)
}

// TestImporterReadsOn: while a chunk is written, the caller fills the
// next one and goes on reading; it waits only when a third chunk is
// full, so that at most two are held.
func TestImporterReadsOn(t *testing.T) {
	g := &gatedBatches{fakeBatches: fakeBatches{failAt: -1}, gate: make(chan struct{})}
	im := NewImporterTo(g, nil)
	im.ChunkDocs = 10
	adds := func(from, to int) <-chan error {
		done := make(chan error, 1)
		go func() {
			for i := from; i < to; i++ {
				if err := im.Add(ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: "x"}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		return done
	}
	// two chunks full, the first being written (held at the gate)
	select {
	case err := <-adds(0, 25):
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Add waited for the chunk being written")
	}
	third := adds(25, 30) // fills a third chunk
	select {
	case <-third:
		t.Fatal("a third chunk was taken while two were held")
	case <-time.After(100 * time.Millisecond):
	}
	close(g.gate)
	if err := <-third; err != nil {
		t.Fatal(err)
	}
	st, err := im.Close()
	if err != nil || st.Added != 30 || len(g.chunks) != 3 || g.overlap {
		t.Fatalf("%+v, %v: %d chunks (overlap %v), want 30 added in 3, one at a time", st, err, len(g.chunks), g.overlap)
	}
}

// TestImporterFlushWaits: Flush returns when the documents are in the
// store.
func TestImporterFlushWaits(t *testing.T) {
	s, _ := openTemp(t)
	im := s.NewImporter(nil)
	im.ChunkDocs = 3
	for i := range 7 {
		if err := im.Add(ImportDoc{ID: fmt.Sprintf("d%d", i), Text: "Ein Text."}); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Flush(); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Len(); n != 7 {
		t.Fatalf("%d documents after Flush, want 7", n)
	}
	st, err := im.Close()
	if err != nil || st.Added != 7 {
		t.Fatalf("Close: %+v, %v", st, err)
	}
}

func TestWordKeys(t *testing.T) {
	for _, text := range []string{"", "Köln köln KOELN Straße strasse 12 x-y", strings.Repeat("und Und UND oder ", 40), "b a b c a ü ue UE d"} {
		// the distinct words in the order first met: new terms get their
		// ids in this order
		var want []string
		seen := map[string]bool{}
		query.EachWord(text, nil, func(w []byte) {
			k := string(append([]byte{byte(query.TermWord)}, w...))
			if !seen[k] {
				seen[k] = true
				want = append(want, k)
			}
		})
		if got := wordKeys(text); !slices.Equal(got, want) {
			t.Fatalf("%q: keys %q, want %q", text, got, want)
		}
		// words whose hashes meet (all of one length, or all) are still
		// told apart
		for name, hash := range map[string]func([]byte) uint64{
			"length": func(w []byte) uint64 { return uint64(len(w)) },
			"one":    func([]byte) uint64 { return 7 },
		} {
			if got := wordKeysBy(text, hash); !slices.Equal(got, want) {
				t.Fatalf("%q, hashed by %s: keys %q, want %q", text, name, got, want)
			}
		}
	}
}

// BenchmarkWordKeys finds the index terms of 3 KB generated documents.
func BenchmarkWordKeys(b *testing.B) {
	docs := texts(b, 200)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			wordKeys(d)
		}
	}
}

// TestFwdEntryVersions: version 2 keeps the words apart and round-trips;
// version 1 (stores indexed before) still decodes, without them; damage
// is an error.
func TestFwdEntryVersions(t *testing.T) {
	rec, words := roaring.BitmapOf(1, 2, 70000), roaring.BitmapOf(5, 9, 1<<20)
	e := fwdEntry{sums: docSums{Bytes: 42, Labels: map[string]int64{"PER": 2}}, terms: roaring.Or(rec, words), words: words}
	v, err := encodeFwd(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeFwd(v)
	if err != nil {
		t.Fatal(err)
	}
	if !got.terms.Equals(e.terms) || got.words == nil || !got.words.Equals(words) || got.sums.Bytes != 42 || got.sums.Labels["PER"] != 2 {
		t.Fatalf("v2 round trip: terms %v words %v sums %+v", got.terms, got.words, got.sums)
	}
	// version 1: the same head, then one bitmap
	all, err := encodeBitmap(roaring.Or(rec, words))
	if err != nil {
		t.Fatal(err)
	}
	v1 := []byte{1, 84, 0, 0, 0, 0, 0, 1, 3, 'P', 'E', 'R', 4}
	v1 = append(v1, all...)
	old, err := decodeFwd(v1)
	if err != nil {
		t.Fatal(err)
	}
	if !old.terms.Equals(e.terms) || old.words != nil || old.sums.Bytes != 42 {
		t.Fatalf("v1: terms %v words %v sums %+v", old.terms, old.words, old.sums)
	}
	for _, bad := range [][]byte{{3}, v[:len(v)-3], append([]byte{2, 0, 0, 0, 0, 0, 0, 0, 200}, all...)} {
		if _, err := decodeFwd(bad); err == nil {
			t.Errorf("% x…: decoded", bad[:min(9, len(bad))])
		}
	}
}

// TestRecordOnlyReindex: a record-only mark does not hide a change of
// words in the same transaction, whichever comes first, and a store
// whose forward entries are version 1 reindexes them in full.
func TestRecordOnlyReindex(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: "Köln am Rhein."}, ImportDoc{ID: "b", Text: "Bonn am Rhein."})
	for _, order := range []string{"record first", "words first"} {
		t.Run(order, func(t *testing.T) {
			word := "Zhuzhou" + strings.ReplaceAll(order, " ", "")
			err := s.update(func(tx *bolt.Tx) error {
				d, _, err := getDoc(tx, "a")
				if err != nil {
					return err
				}
				setText := func() error {
					text := "Köln und " + word + "."
					if err := tx.Bucket(bucketText).Put([]byte("a"), encodeText(text)); err != nil {
						return err
					}
					d.Hash, d.Bytes, d.Size = annot.Hash(text), len(text), annot.Runes(text)
					return putDoc(tx, d)
				}
				setTwins := func() error {
					d.Twins = []string{"b"}
					return putDocRecord(tx, d)
				}
				steps := []func() error{setTwins, setText}
				if order == "words first" {
					steps = []func() error{setText, setTwins}
				}
				for _, f := range steps {
					if err := f(); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			mustCheckIndex(t, s)
			b, err := s.Select(query.MustParse(word), nil)
			if err != nil || b.GetCardinality() != 1 {
				t.Fatalf("%s: %v, %v", word, b, err)
			}
		})
	}
	t.Run("version 1 entries", func(t *testing.T) {
		// rewrite b's entry as version 1, then change its record alone
		err := s.update(func(tx *bolt.Tx) error {
			fwd := tx.Bucket(bucketFwd)
			{
				n, _ := keyNum(tx.Bucket(bucketDocNum).Get([]byte("b")))
				e, err := decodeFwd(fwd.Get(numKey(n)))
				if err != nil {
					return err
				}
				all, err := encodeBitmap(e.terms)
				if err != nil {
					return err
				}
				v1 := []byte{1}
				for _, x := range []int64{e.sums.Bytes, 0, 0, 0, 0, 0} {
					v1 = binary.AppendVarint(v1, x)
				}
				v1 = append(append(v1, 0), all...)
				if err := fwd.Put(numKey(n), v1); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mustCheckIndex(t, s)
		err = s.update(func(tx *bolt.Tx) error {
			d, _, err := getDoc(tx, "b")
			if err != nil {
				return err
			}
			d.Twins = []string{"a"}
			return putDocRecord(tx, d)
		})
		if err != nil {
			t.Fatal(err)
		}
		mustCheckIndex(t, s)
		b, err := s.Select(query.MustParse("bonn"), nil)
		if err != nil || b.GetCardinality() != 1 {
			t.Fatalf("bonn after a record-only change of a version 1 entry: %v, %v", b, err)
		}
	})
}

// mustCheckIndex fails unless the indexes equal a rebuild from the
// documents (the part of Check the test is about).
func mustCheckIndex(t *testing.T, s *Store) {
	t.Helper()
	var probs []string
	err := s.view(func(tx *bolt.Tx) error {
		return checkIndex(tx, func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) })
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("the indexes differ from a rebuild: %s", strings.Join(probs, "; "))
	}
}

// preparingStore is a store that notes, for each chunk written, whether
// every document came with its preparation already started.
type preparingStore struct {
	*Store
	chunks, prepped int
}

func (p *preparingStore) ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error) {
	p.chunks++
	all := true
	for _, d := range docs {
		all = all && d.prep != nil && d.prep.text == d.Text
	}
	if all {
		p.prepped++
	}
	return p.Store.ImportBatch(docs, report)
}

// TestImporterPreparesAhead: an Importer writing to a store in this
// process starts each chunk's preparation itself when the chunk is full,
// and the documents are stored as an import one by one stores them; a
// BatchImporter elsewhere (fakeBatches) gets no preparation.
func TestImporterPreparesAhead(t *testing.T) {
	g, err := corpusgen.New(3)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ImportDoc
	for i := range 60 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: g.Doc(600)})
	}
	s, _ := openTemp(t)
	p := &preparingStore{Store: s}
	im := NewImporterTo(p, nil)
	im.ChunkDocs = 7
	for _, d := range docs {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if p.chunks < 5 || p.prepped != p.chunks {
		t.Fatalf("%d of %d chunks came prepared, want all (and several chunks)", p.prepped, p.chunks)
	}
	one, _ := openTemp(t)
	for _, d := range docs {
		if _, err := one.ImportBatch([]ImportDoc{d}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		a, err := s.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := one.Document(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != d.Text || b.Text != d.Text || a.Doc.Hash != b.Doc.Hash || !slices.Equal(a.Doc.Twins, b.Doc.Twins) {
			t.Fatalf("%s: text or twins differ from an import one by one: %v / %v", d.ID, a.Doc.Twins, b.Doc.Twins)
		}
	}
	for _, st := range []*Store{s, one} {
		probs, err := st.CheckInvariants()
		if err != nil || len(probs) > 0 {
			t.Fatalf("check: %v %v", probs, err)
		}
	}

	// chunks of one, so that each is full (and would be prepared) at once
	f := &fakeBatches{failAt: -1}
	im = NewImporterTo(f, nil)
	im.ChunkDocs = 1
	for i := range 5 {
		if err := im.Add(ImportDoc{ID: fmt.Sprint("x", i), Text: "ein Text"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if len(f.chunks) != 5 || f.prepared != 0 {
		t.Fatalf("%d chunks, %d documents prepared for another BatchImporter", len(f.chunks), f.prepared)
	}
}

// TestPreparedForItsText: ImportBatch uses a document's preparation only
// when it was computed from the text the document now holds.
func TestPreparedForItsText(t *testing.T) {
	docs := []ImportDoc{{ID: "a", Text: "Der Rhein fließt bei Köln in die Nordsee."}, {ID: "b", Text: "Die Elbe fließt bei Hamburg."}}
	preps, done := prepare(docs, nil, true)
	<-done
	for i := range docs {
		docs[i].prep = &preps[i]
	}
	if got := prepared(docs, true); got[0] != &preps[0] || got[1] != &preps[1] {
		t.Fatal("the preparations started were not used")
	}
	docs[1].Text = "Die Oder fließt bei Frankfurt."
	got := prepared(docs, true)
	if got[1] == &preps[1] {
		t.Fatal("a preparation of another text was used")
	}
	<-got[1].ready
	if got[1].text != docs[1].Text || !slices.Equal(got[1].keys, wordKeys(docs[1].Text)) {
		t.Fatalf("prepared %q (%q), want the new text", got[1].text, got[1].keys)
	}
}

// TestPrepareSumsWordCounts: the word counts a chunk's preparation sums
// over its documents are those of its texts counted one by one, on one
// worker or several (each sums its documents, and the sums are merged).
func TestPrepareSumsWordCounts(t *testing.T) {
	g, err := corpusgen.New(3)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]ImportDoc, 300)
	want := newWordDelta()
	for i := range docs {
		docs[i] = ImportDoc{ID: fmt.Sprint(i), Text: g.Doc(500)}
		if i == 7 {
			docs[i].Text = "" // no words
		}
		want.add(docs[i].Text, 1)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		preps, done := prepare(docs, nil, true)
		<-done
		got := preps[0].chunk
		if got.docs != len(docs) || got.words.tokens != want.tokens || got.words.docs != want.docs || len(got.words.words) != len(want.words) {
			t.Fatalf("GOMAXPROCS %d: %d documents, %d tokens, %d counted, %d words; want %d, %d, %d, %d", procs,
				got.docs, got.words.tokens, got.words.docs, len(got.words.words), len(docs), want.tokens, want.docs, len(want.words))
		}
		for w, c := range want.words {
			if g := got.words.words[w]; g == nil || *g != *c {
				t.Fatalf("GOMAXPROCS %d: %q summed %v, want %v", procs, w, g, *c)
			}
		}
		for i := range preps {
			if preps[i].chunk != got {
				t.Fatalf("GOMAXPROCS %d: document %d prepared in another chunk", procs, i)
			}
		}
	}
}

// TestTransactionHelpsPrepare: a transaction that finds its next document
// unprepared prepares the documents no worker has taken itself, and
// counts their words, which its chunk's sum lacks. Here the workers are
// held back until the transaction has prepared every document.
func TestTransactionHelpsPrepare(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDocs(t, s, ImportDoc{ID: "old", Text: "Der Rhein fließt bei Köln in die Nordsee."})
	g, err := corpusgen.New(4)
	if err != nil {
		t.Fatal(err)
	}
	docs := []ImportDoc{{ID: "old", Text: "Der Rhein fließt bei Köln in die Nordsee."}} // unchanged
	for i := range 40 {
		docs = append(docs, ImportDoc{ID: fmt.Sprint(i), Text: g.Doc(400)})
	}
	after := make(chan struct{})
	preps, _ := prepare(docs, after, true)
	for i := range docs {
		docs[i].prep = &preps[i]
	}
	res := make(chan error, 1)
	go func() {
		_, err := s.ImportBatch(docs, nil)
		res <- err
	}()
	for i := range preps {
		<-preps[i].ready // only the transaction can have prepared them
		if preps[i].summed {
			t.Fatalf("document %d summed by a worker held back", i)
		}
	}
	close(after)
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if !slices.Equal(preps[i].keys, wordKeys(d.Text)) {
			t.Fatalf("document %d prepared with keys %q", i, preps[i].keys)
		}
	}
	sameWords(t, s, "import prepared by the transaction")
}
