package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/query"
)

// openDeferred opens a new store that leaves the derived data of the
// documents its imports add to FileDerived.
func openDeferred(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "folio.db"), Options{Author: "ute", Now: clock(), DeferDerived: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// wordCountsOf returns the store's word counts and totals.
func wordCountsOf(t *testing.T, s *Store) (map[string][2]int64, [2]int64) {
	t.Helper()
	out := map[string][2]int64{}
	tokens, docs, ok, err := s.WordCounts(func(w string, c, n int64) { out[w] = [2]int64{c, n} })
	if err != nil || !ok {
		t.Fatalf("word counts: ok %v, %v", ok, err)
	}
	return out, [2]int64{tokens, docs}
}

// sameWordCounts fails unless a and b count the same words.
func sameWordCounts(t *testing.T, what string, a, b *Store) {
	t.Helper()
	wa, ta := wordCountsOf(t, a)
	wb, tb := wordCountsOf(t, b)
	if ta != tb || !maps.Equal(wa, wb) {
		t.Fatalf("%s: %d words, totals %v; want %d words, totals %v", what, len(wb), tb, len(wa), ta)
	}
}

// importChunked imports docs in chunks of chunk documents.
func importChunked(t *testing.T, s *Store, chunk int, docs []ImportDoc) {
	t.Helper()
	im := s.NewImporter(func(id, msg string) { t.Logf("import %s: %s", id, msg) })
	im.ChunkDocs = chunk
	for _, d := range docs {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
}

// An import that leaves the derived data, then FileDerived, comes to the
// store an import that files it as it writes makes: the same twins, the
// same word counts, the same answers to has:twin; in the meantime the
// store is whole (check), the word counts read count the documents left,
// and the documents left have no twins.
func TestDeferredImportFilesAsImport(t *testing.T) {
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	docs = docs[:400]
	now, _ := openTemp(t)
	importChunked(t, now, 100, docs)
	later := openDeferred(t)
	importChunked(t, later, 100, docs)

	if n, err := later.DerivedPending(); err != nil || n != len(docs) {
		t.Fatalf("%d documents left, %v; want %d", n, err, len(docs))
	}
	if n, err := now.DerivedPending(); err != nil || n != 0 {
		t.Fatalf("an import that files: %d documents left, %v", n, err)
	}
	if tw := twinsOf(t, later); len(tw) != 0 {
		t.Fatalf("twins before FileDerived: %v", tw)
	}
	mustCheck(t, later)
	sameWordCounts(t, "before FileDerived", now, later)

	// in steps of a few documents, as a killed run leaves them
	for step := 0; ; step++ {
		preps, _, err := later.prepareDerived(0, 37, 3)
		if err != nil {
			t.Fatal(err)
		}
		st, err := later.fileDerivedStep(37, preps, func() {})
		filed, left := st.filed, st.left
		if err != nil {
			t.Fatal(err)
		}
		if want := min(37, len(docs)-37*step); filed != want || left != len(docs)-37*step-filed {
			t.Fatalf("step %d filed %d, left %d; want %d, %d", step, filed, left, want, len(docs)-37*step-want)
		}
		if step == 3 {
			mustCheck(t, later)
			sameWordCounts(t, "between steps", now, later)
		}
		if left == 0 {
			break
		}
	}
	want := twinsOf(t, now)
	if len(want) < 50 {
		t.Fatalf("only %d documents have twins: the corpus does not test them", len(want))
	}
	wantTwins(t, twinsOf(t, later), want)
	sameWordCounts(t, "after FileDerived", now, later)
	mustCheck(t, later)
	for _, q := range []string{"has:twin", "-has:twin"} {
		a, err := now.Select(query.MustParse(q), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := later.Select(query.MustParse(q), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Equals(b) {
			t.Errorf("%s: %d documents, want %d", q, b.GetCardinality(), a.GetCardinality())
		}
	}
	if n, err := later.FileDerived(FileOptions{}); err != nil || n != 0 {
		t.Fatalf("FileDerived with nothing left filed %d, %v", n, err)
	}
}

// What is written to a document whose derived data waits (a correction,
// a new text, a later import by a store that files) leaves it waiting,
// and FileDerived counts it as it then is; a document already filed is
// kept up to date by an import that leaves the new ones.
func TestDeferredWritesWait(t *testing.T) {
	s := openDeferred(t)
	base := "Die Stadt Köln liegt am Rhein und hat einen großen Dom, den man von weitem sieht, und viele Brücken über den Fluss."
	filed := ImportDoc{ID: "a", Text: base + " Erste Fassung mit einem Satz mehr, der hier steht."}
	if _, err := s.FileDerived(FileOptions{}); err != nil {
		t.Fatal(err)
	}
	// a store that files: a first document, filed at once
	s.deferDerived = false
	importDocs(t, s, filed)
	s.deferDerived = true
	if n, _ := s.DerivedPending(); n != 0 {
		t.Fatalf("%d left after an import that files", n)
	}
	importDocs(t, s, ImportDoc{ID: "b", Text: base + " Zweite Fassung mit einem Satz mehr, der hier steht."},
		ImportDoc{ID: "c", Text: "Kdln ist der Allianz beigetreten. Kdln freut sich über den Beitritt der Stadt am Rhein."})
	if n, _ := s.DerivedPending(); n != 2 {
		t.Fatalf("%d left, want 2", n)
	}
	// a correction of a document left: its words wait
	if _, err := s.Put("c", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "fix"); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	// a store that files adds a document after those left: it waits too
	s.deferDerived = false
	importDocs(t, s, ImportDoc{ID: "d", Text: base + " Vierte Fassung mit einem Satz mehr, der hier steht."})
	s.deferDerived = true
	if n, _ := s.DerivedPending(); n != 3 {
		t.Fatalf("%d left, want 3", n)
	}
	mustCheck(t, s)
	if tw := twinsOf(t, s); len(tw) != 0 {
		t.Fatalf("twins before FileDerived: %v", tw)
	}
	if n, err := s.FileDerived(FileOptions{}); err != nil || n != 3 {
		t.Fatalf("filed %d, %v; want 3", n, err)
	}
	mustCheck(t, s)
	wantTwins(t, twinsOf(t, s), map[string][]string{"a": {"b", "d"}, "b": {"a", "d"}, "d": {"a", "b"}})
	counts, _ := wordCountsOf(t, s)
	if counts["köln"] != [2]int64{4, 4} || counts["kdln"] != [2]int64{1, 1} {
		t.Fatalf("köln %v, kdln %v; want [4 4] (three texts and a correction), [1 1]", counts["köln"], counts["kdln"])
	}
	// a filed document's new text, imported by a store that leaves new
	// documents: filed at once, twins and words
	importDocs(t, s, ImportDoc{ID: "a", Text: "Ein ganz anderer Text über Hamburg, den Hafen und die Elbe, mit Schiffen, Kränen und vielen Möwen am Ufer."})
	if n, _ := s.DerivedPending(); n != 0 {
		t.Fatalf("%d left after a new text of a filed document", n)
	}
	mustCheck(t, s)
	wantTwins(t, twinsOf(t, s), map[string][]string{"b": {"d"}, "d": {"b"}})
}

// A corpus left whole for FileDerived reads as the documents it holds:
// the list, the indexes and free words work before it is filed.
func TestDeferredIndexesAtOnce(t *testing.T) {
	s := openDeferred(t)
	var docs []ImportDoc
	for i := range 30 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: strings.Repeat(fmt.Sprintf("Wort%d und Jangtse. ", i%3), 10)})
	}
	importDocs(t, s, docs...)
	b, err := s.Select(query.MustParse("jangtse wort1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.GetCardinality() != 10 {
		t.Fatalf("jangtse wort1: %d documents, want 10", b.GetCardinality())
	}
	mustCheckIndex(t, s)
}

// crashDerivedStep is how many documents a step of crashDerived files.
const crashDerivedStep = 40

// crashDerived files the derived data an import left, a few documents a
// transaction, saying "filed N" after each; it holds few band entries,
// so that it writes them (a band a transaction) after most steps.
func crashDerived(path string) int {
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s.held.max = 1000
	fmt.Println("ready")
	done := 0
	for {
		preps, _, err := s.prepareDerived(0, crashDerivedStep, 2)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		st, err := s.fileDerivedStep(crashDerivedStep, preps, func() {})
		if err == nil {
			err = s.flushDue()
		}
		n, left := st.filed, st.left
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		done += n
		fmt.Printf("filed %d\n", done)
		if left == 0 {
			break
		}
	}
	fmt.Println("done")
	return 0
}

// A SIGKILL at any moment of FileDerived, writing the band entries it
// held or not, leaves a store that check finds whole (the word counts
// equal a count of the texts filed, no document left has a sketch or
// twins, no entry held is in the file), and the run that finishes comes
// to the twins, word counts and band index of an import that files as
// it writes.
func TestCrashDuringFileDerived(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{DeferDerived: true})
	if err != nil {
		t.Fatal(err)
	}
	importChunked(t, s, 150, docs)
	s.Close()
	rng := rand.New(rand.NewSource(7))
	kills := 0
	for round := range 8 {
		cmd, lines := startChild(t, "derived", path, 0)
		// each run files a few steps (8 runs of at most 3 steps and a
		// few milliseconds leave most of the 1 200 documents)
		at := fmt.Sprintf("filed %d", crashDerivedStep*(1+rng.Intn(3)))
		killed, err := killChild(cmd, lines, time.Duration(rng.Intn(15))*time.Millisecond, func(line string) bool { return line == at })
		if killed {
			kills++
		} else if err != nil {
			t.Fatalf("round %d: FileDerived failed: %v", round, err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		mustCheck(t, s)
		s.Close()
	}
	if kills < 6 {
		t.Fatalf("only %d of 8 runs were killed: the kills came too late to test anything", kills)
	}
	cmd, lines := startChild(t, "derived", path, 0)
	done := false
	for lines.Scan() {
		done = done || lines.Text() == "done"
	}
	if err := cmd.Wait(); err != nil || !done {
		t.Fatalf("final FileDerived: %v", err)
	}
	later, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	mustCheck(t, later)
	now, _ := openTemp(t)
	importChunked(t, now, 150, docs)
	wantTwins(t, twinsOf(t, later), twinsOf(t, now))
	sameWordCounts(t, "after the killed runs", now, later)
	if got, want := bandGroups(t, later), bandGroups(t, now); !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("%d band hashes filed after the killed runs, want %d as an import files them", len(got), len(want))
	}
	if from, band, ok := bandsFrom(t, later); ok {
		t.Fatalf("filed, with band entries held from %d, band %d", from, band)
	}
}

// What FileDerived prepared from a document that changed before its
// transaction (a correction, a new text) is not used: the document is
// filed as it is then.
func TestFileDerivedStalePreparation(t *testing.T) {
	for _, change := range []string{"correction", "text", "none"} {
		t.Run(change, func(t *testing.T) {
			s := openDeferred(t)
			importDocs(t, s, ImportDoc{ID: "a", Text: "Kdln liegt am Rhein, und Kdln hat einen Dom."},
				ImportDoc{ID: "b", Text: "Bonn liegt auch am Rhein."})
			preps, _, err := s.prepareDerived(0, 10, 2)
			if err != nil || len(preps) != 2 {
				t.Fatalf("%d prepared, %v", len(preps), err)
			}
			switch change {
			case "correction":
				if _, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "fix"); err != nil {
					t.Fatal(err)
				}
			case "text":
				importDocs(t, s, ImportDoc{ID: "a", Text: "Kdln liegt am Rhein, und Kdln hat einen großen Dom."})
			}
			if st, err := s.fileDerivedStep(10, preps, func() {}); err != nil || st.filed != 2 || st.left != 0 {
				t.Fatalf("filed %d, left %d, %v", st.filed, st.left, err)
			}
			mustCheck(t, s) // the word counts are those of the texts as they are
			counts, _ := wordCountsOf(t, s)
			want := map[string][2]int64{"correction": {1, 1}, "text": {0, 0}, "none": {0, 0}}[change]
			if counts["köln"] != want {
				t.Fatalf("köln %v, want %v", counts["köln"], want)
			}
		})
	}
}

// FileDerived files a corpus in steps, each prepared while the one
// before is written, telling progress after each, and comes to what an
// import that files makes.
func TestFileDerivedInSteps(t *testing.T) {
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	later := openDeferred(t)
	importChunked(t, later, 400, docs)
	var steps [][2]int
	n, err := later.FileDerived(FileOptions{Progress: func(done, left int) { steps = append(steps, [2]int{done, left}) }})
	if err != nil || n != len(docs) {
		t.Fatalf("filed %d, %v", n, err)
	}
	want := [][2]int{{derivedStep, len(docs) - derivedStep}, {2 * derivedStep, len(docs) - 2*derivedStep}, {len(docs), 0}}
	if len(docs) != 1200 || derivedStep != 500 || !slices.Equal(steps, want) {
		t.Fatalf("progress %v, want %v", steps, want)
	}
	mustCheck(t, later)
	freelistSynced(t, later)
	now, _ := openTemp(t)
	importChunked(t, now, 400, docs)
	wantTwins(t, twinsOf(t, later), twinsOf(t, now))
	sameWordCounts(t, "after FileDerived", now, later)
	// a pause that says stop ends it before the next step
	stopped := openDeferred(t)
	importChunked(t, stopped, 400, docs)
	calls := 0
	if n, err := stopped.FileDerived(FileOptions{Pause: func() bool { calls++; return calls < 2 }, Short: true}); err != nil || n != derivedStep {
		t.Fatalf("stopped after one step: filed %d, %v", n, err)
	}
	if left, _ := stopped.DerivedPending(); left != len(docs)-derivedStep {
		t.Fatalf("%d left after one step", left)
	}
	mustCheck(t, stopped)
	freelistSynced(t, stopped)
}

// freelistSynced fails unless s's last commit wrote bbolt's freelist:
// FileDerived's steps leave it out, and it writes it at its end, however
// it ends. (Read from the meta page of the highest transaction: bbolt
// keeps two and writes them in turn.)
func freelistSynced(t *testing.T, s *Store) {
	t.Helper()
	if s.db.NoFreelistSync {
		t.Error("the freelist is still left out of commits")
	}
	f, err := os.Open(s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var txid, freelist uint64
	for _, off := range []int64{0, int64(s.db.Info().PageSize)} {
		meta := make([]byte, 72)
		if _, err := f.ReadAt(meta, off); err != nil {
			t.Fatal(err)
		}
		// page header 16 bytes; meta: magic, version, page size, flags
		// (4 each), root bucket (16), freelist page, high water, txid
		if tx := binary.LittleEndian.Uint64(meta[64:]); tx >= txid {
			txid, freelist = tx, binary.LittleEndian.Uint64(meta[48:])
		}
	}
	if freelist == ^uint64(0) {
		t.Errorf("the last commit (transaction %d) left the freelist out", txid)
	}
}

// FileDerived keeps its steps to as many documents as changed the twin
// lists derivedStepChanges times in the step before, and no fewer than
// derivedStepMin: a corpus of one text, whose every document changes 32
// lists, goes in steps of the fewest after the first.
func TestFileDerivedStepsKeepTwinChanges(t *testing.T) {
	_, docs := oneTextDocs("Absatz", 800)
	s := openDeferred(t)
	importDocs(t, s, docs...)
	s.stepChanges = 320
	var steps []int
	last := 0
	n, err := s.FileDerived(FileOptions{Progress: func(done, left int) { steps = append(steps, done-last); last = done }})
	if err != nil || n != len(docs) {
		t.Fatalf("filed %d, %v", n, err)
	}
	// the first two were read before the first's changes were counted
	want := []int{derivedStep, derivedStepMin, derivedStepMin, derivedStepMin}
	if derivedStep+3*derivedStepMin != len(docs) || !slices.Equal(steps, want) {
		t.Fatalf("steps of %v documents, want %v", steps, want)
	}
	now, _ := openTemp(t)
	importDocs(t, now, docs...)
	wantTwins(t, twinsOf(t, s), twinsOf(t, now))
	mustCheck(t, s)
}
