package store

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/internal/corpusgen"
	"folio/query"
)

// The crash tests run this test binary as a writer process (selected by
// FOLIO_CRASH_MODE), kill it with SIGKILL at random moments, and check the
// store after each kill.

func TestMain(m *testing.M) {
	switch os.Getenv("FOLIO_CRASH_MODE") {
	case "actions":
		os.Exit(crashWriter(os.Getenv("FOLIO_CRASH_DB")))
	case "import":
		os.Exit(crashImporter(os.Getenv("FOLIO_CRASH_DB")))
	case "mixed":
		os.Exit(crashMixed(os.Getenv("FOLIO_CRASH_DB")))
	case "migrate":
		os.Exit(crashMigrate(os.Getenv("FOLIO_CRASH_DB")))
	case "corpus":
		os.Exit(crashCorpus(os.Getenv("FOLIO_CRASH_DB")))
	case "counts":
		os.Exit(crashCounts(os.Getenv("FOLIO_CRASH_DB")))
	case "derived":
		os.Exit(crashDerived(os.Getenv("FOLIO_CRASH_DB")))
	}
	os.Exit(m.Run())
}

// crashWriter performs user actions the way the TUI does, one transaction
// each, and prints "ack N" only after action N's commit has returned.
// Each action writes two annotations, so a half-applied one shows.
func crashWriter(path string) int {
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	next, _ := strconv.Atoi(os.Getenv("FOLIO_CRASH_START"))
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "ready") // the kill is timed from here, not from exec
	w.Flush()
	for n := next; ; n++ {
		tag := annot.Annotation{Kind: annot.KindTag, Label: "t" + strconv.Itoa(n)}
		note := annot.Annotation{Kind: annot.KindNote, Value: "note " + strconv.Itoa(n)}
		if _, err := s.Do("action "+strconv.Itoa(n), Op{Doc: "d", Put: &tag}, Op{Doc: "d", Put: &note}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if n%7 == 3 {
			if _, err := s.Undo(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Fprintf(w, "undo %d\n", n)
		} else {
			fmt.Fprintf(w, "ack %d\n", n)
		}
		w.Flush()
	}
}

func crashImporter(path string) int {
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	im := s.NewImporter(nil)
	im.ChunkDocs = 50
	for i := range 3000 {
		if err := im.Add(ImportDoc{ID: fmt.Sprintf("doc%05d", i), Text: strings.Repeat("Köln und Zhuzhou. ", 50+i%50)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	if _, err := im.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("done")
	return 0
}

// crashCorpusDocs is the import of crashCorpus: generated texts of about
// 1 KB, every fifth a near copy of an earlier one (so twin lists of
// documents of earlier chunks grow), and in version v > 0 every
// seventh text changed (so an import rewrites texts and their words).
func crashCorpusDocs(v int) ([]ImportDoc, error) {
	g, err := corpusgen.New(5)
	if err != nil {
		return nil, err
	}
	docs := make([]ImportDoc, crashCorpusLen)
	for i := range docs {
		text := g.Doc(1000)
		if i%5 == 4 {
			text = docs[i/2].Text + " Nachtrag."
		}
		if v > 0 && i%7 == 0 {
			text += fmt.Sprintf(" Fassung %d, Wort%d.", v, v)
		}
		docs[i] = ImportDoc{ID: fmt.Sprintf("doc%05d", i), Title: fmt.Sprintf("Titel %d", i), Text: text}
	}
	return docs, nil
}

// crashCorpus imports crashCorpusDocs(FOLIO_CRASH_START) with the
// Importer as folio import does, in chunks written beside the reading.
// crashCorpusStep is how often crashCorpus says how far it has read: the
// kills of TestCrashDuringBatchedImport are timed from those lines, so
// that they fall inside the import however fast it runs.
const crashCorpusStep = 50

// crashCorpusLen is how many documents crashCorpusDocs makes.
const crashCorpusLen = 1200

func crashCorpus(path string) int {
	v, _ := strconv.Atoi(os.Getenv("FOLIO_CRASH_START"))
	docs, err := crashCorpusDocs(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	im := s.NewImporter(nil)
	im.ChunkDocs = 150
	for i, d := range docs {
		if err := im.Add(d); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if (i+1)%crashCorpusStep == 0 {
			fmt.Printf("added %d\n", i+1) // the kill is timed from here
		}
	}
	if _, err := im.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("done")
	return 0
}

func startChild(t *testing.T, mode, path string, start int) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FOLIO_CRASH_MODE="+mode, "FOLIO_CRASH_DB="+path, "FOLIO_CRASH_START="+strconv.Itoa(start))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// killChild reads the lines of a child of startChild and kills the child
// delay after the first line for which arm (which sees every line)
// returns true. It returns whether the kill ended the child, and how it
// ended.
func killChild(cmd *exec.Cmd, lines *bufio.Scanner, delay time.Duration, arm func(line string) bool) (killed bool, err error) {
	timer := time.AfterFunc(time.Hour, func() { cmd.Process.Signal(syscall.SIGKILL) })
	armed := false
	for lines.Scan() {
		if arm(lines.Text()) && !armed {
			armed = true
			timer.Reset(delay)
		}
	}
	err = cmd.Wait()
	timer.Stop()
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL, err
}

// isReady arms killChild when the child says it is ready.
func isReady(line string) bool { return line == "ready" }

func TestCrashDuringActions(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs 50 writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "d", Text: "Ein Dokument."})
	s.Close()

	rng := rand.New(rand.NewSource(1))
	acked := map[int]bool{} // action n acknowledged (true) or acknowledged and undone (false)
	next := 0
	for round := range 50 {
		cmd, lines := startChild(t, "actions", path, next)
		// the kill comes a random moment after the round's first
		// acknowledged action, not after the writer said it was ready:
		// on a loaded machine a writer may do nothing for 45 ms, and a
		// round without an action tests nothing
		killChild(cmd, lines, time.Duration(rng.Intn(40)+5)*time.Millisecond, func(line string) bool {
			if line == "ready" {
				return false
			}
			var n int
			if _, err := fmt.Sscanf(line, "ack %d", &n); err == nil {
				acked[n] = true
			} else if _, err := fmt.Sscanf(line, "undo %d", &n); err == nil {
				acked[n] = false
			}
			next = max(next, n+1)
			return true
		})

		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		mustCheck(t, s)
		anns, err := s.Annotations("d")
		if err != nil {
			t.Fatal(err)
		}
		tags, notes := map[int]bool{}, map[int]bool{}
		for _, a := range anns {
			switch a.Kind {
			case annot.KindTag:
				n, _ := strconv.Atoi(strings.TrimPrefix(a.Label, "t"))
				tags[n] = true
			case annot.KindNote:
				n, _ := strconv.Atoi(strings.TrimPrefix(a.Value, "note "))
				notes[n] = true
			}
		}
		for n, present := range acked {
			if tags[n] != present || notes[n] != present {
				t.Fatalf("round %d: action %d acknowledged (kept=%v) but tag=%v note=%v", round, n, present, tags[n], notes[n])
			}
		}
		for n := range tags {
			if !notes[n] {
				t.Fatalf("round %d: action %d half applied", round, n)
			}
			next = max(next, n+1) // committed, unacknowledged: fine, but don't reuse n
		}
		// undo and redo still work on what the killed process left
		if _, err := s.Undo(); err == nil {
			if _, err := s.Redo(); err != nil {
				t.Fatalf("round %d: redo: %v", round, err)
			}
		} else if !errors.Is(err, ErrNothingToUndo) {
			t.Fatalf("round %d: undo: %v", round, err)
		}
		s.Close()
	}
	if len(acked) < 50 {
		t.Fatalf("only %d actions were acknowledged in 50 rounds: the writer hardly ran", len(acked))
	}
}

func TestCrashDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	rng := rand.New(rand.NewSource(2))
	for round := range 5 {
		cmd, lines := startChild(t, "import", path, 0)
		timer := time.AfterFunc(time.Duration(rng.Intn(150)+20)*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		for lines.Scan() {
		}
		cmd.Wait()
		timer.Stop()
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		mustCheck(t, s)
		s.Close()
	}
	// a second import completes the job
	cmd, lines := startChild(t, "import", path, 0)
	done := false
	for lines.Scan() {
		done = done || lines.Text() == "done"
	}
	if err := cmd.Wait(); err != nil || !done {
		t.Fatalf("final import: %v", err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Len(); n != 3000 {
		t.Fatalf("%d documents after the final import", n)
	}
	mustCheck(t, s)
}

// TestCrashDuringBatchedImport kills imports of a corpus with twins at
// random moments after they start: chunks written beside the reading,
// twin lists of earlier documents edited once per chunk and reindexed
// from their stored words, texts rewritten by a later version. After
// every kill the store checks sound, the indexes equal to a rebuild
// from the documents (Check compares each forward entry, its words, each
// posting and counter), and the twin lists are sound; a last import of
// each version completes.
func TestCrashDuringBatchedImport(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	rng := rand.New(rand.NewSource(4))
	kills := 0
	for v := range 2 {
		for round := range 6 {
			// killed a little after a random step of the reading (chunks
			// are written beside it): timed from the import's own
			// progress, not from its start, which a fast import outran
			cmd, lines := startChild(t, "corpus", path, v)
			at := fmt.Sprintf("added %d", crashCorpusStep*(1+rng.Intn(crashCorpusLen/crashCorpusStep)))
			killed, err := killChild(cmd, lines, time.Duration(rng.Intn(30))*time.Millisecond, func(line string) bool { return line == at })
			if killed {
				kills++
			} else if err != nil {
				t.Fatalf("version %d, round %d: the import failed: %v", v, round, err)
			}
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("version %d, round %d: reopen after kill: %v", v, round, err)
			}
			mustCheck(t, s)
			checkTwins(t, s)
			s.Close()
		}
		cmd, lines := startChild(t, "corpus", path, v)
		done := false
		for lines.Scan() {
			done = done || lines.Text() == "done"
		}
		if err := cmd.Wait(); err != nil || !done {
			t.Fatalf("version %d: final import: %v", v, err)
		}
	}
	if kills < 6 {
		t.Fatalf("only %d of 12 imports were killed: the kills came too late to test anything", kills)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.Len(); n != 1200 {
		t.Fatalf("%d documents after the final imports, want 1200", n)
	}
	mustCheck(t, s)
	checkTwins(t, s)
	// the changed texts' words are found
	docs, err := crashCorpusDocs(1)
	if err != nil {
		t.Fatal(err)
	}
	want := uint64(0)
	for _, d := range docs {
		if strings.Contains(d.Text, "Wort1.") {
			want++
		}
	}
	b, err := s.Select(query.MustParse("Wort1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want < 172 || b.GetCardinality() != want {
		t.Errorf("Wort1: %d documents, want %d (at least 172)", b.GetCardinality(), want)
	}
}

// checkTwins fails unless every twin list is sorted, within the cap, and
// names other documents that exist. (Lists need not be symmetric: a full
// list takes no new twin, and may later lose one.)
func checkTwins(t *testing.T, s *Store) {
	t.Helper()
	docs, err := s.DocList()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	pairs := 0
	for _, d := range docs {
		if !slices.IsSorted(d.Twins) || len(d.Twins) > twinListCap {
			t.Fatalf("%s: twin list %v is unsorted or too long", d.ID, d.Twins)
		}
		for _, tw := range d.Twins {
			if !ids[tw] || tw == d.ID {
				t.Fatalf("%s lists twin %s, which is not another document", d.ID, tw)
			}
			pairs++
		}
	}
	if len(docs) > 100 && pairs == 0 {
		t.Fatalf("no twins among %d documents: the corpus does not test twin lists", len(docs))
	}
}

// crashMixed writes what the indexes follow, one transaction each, until
// it is killed: corrections and boilerplate cuts (the word index),
// statuses, tags and entities (the field indexes), entity renames, undo
// and redo, and imports that change a text.
func crashMixed(path string) int {
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	seed, _ := strconv.Atoi(os.Getenv("FOLIO_CRASH_START"))
	rng := rand.New(rand.NewSource(int64(seed)))
	fmt.Println("ready")
	n, _ := s.Len()
	for i := 0; ; i++ {
		id := fmt.Sprintf("doc%d", rng.Intn(n))
		d, err := s.Document(id)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		words := strings.Fields(d.Text)
		w := rng.Intn(len(words))
		start := annot.Runes(strings.Join(words[:w], " "))
		if w > 0 {
			start++
		}
		sp := annot.Span{Start: start, End: start + annot.Runes(words[w])}
		var a annot.Annotation
		switch rng.Intn(9) {
		case 0:
			a = annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: genWords[rng.Intn(len(genWords))]}
		case 1:
			a = annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Class: annot.ClassBoilerplate}
		case 2:
			a = annot.Annotation{Kind: annot.KindStatus, Label: []string{"todo", "done", "rejected"}[rng.Intn(3)]}
		case 3:
			a = annot.Annotation{Kind: annot.KindTag, Label: genTags[rng.Intn(len(genTags))]}
		case 4:
			a = annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: "PER", Canonical: genEntities[rng.Intn(len(genEntities))]}
		case 5:
			_, err = s.Undo()
		case 6:
			_, err = s.Redo()
		case 7:
			err = s.RenameEntity("PER", genEntities[rng.Intn(len(genEntities))], genEntities[rng.Intn(len(genEntities))])
		case 8:
			words[w] = genWords[rng.Intn(len(genWords))]
			im := s.NewImporter(nil)
			if err = im.Add(ImportDoc{ID: id, Text: strings.Join(words, " ")}); err == nil {
				_, err = im.Close()
			}
		}
		if a.Kind != "" {
			_, err = s.Do("crash "+strconv.Itoa(i), Op{Doc: id, Put: &a})
		}
		if err != nil && !errors.Is(err, ErrNoChange) && !errors.Is(err, ErrNothingToUndo) && !errors.Is(err, ErrNothingToRedo) {
			var re *annot.RuleError
			if !errors.As(err, &re) && !strings.Contains(err.Error(), "cannot") && !strings.Contains(err.Error(), "no entity") {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
	}
}

// crashMigrate opens (and so migrates) a store, a few documents a step.
func crashMigrate(path string) int {
	fmt.Println("ready")
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second, MigrateBatch: 5})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s.Close()
	fmt.Println("done")
	return 0
}

// TestCrashIndexes kills writers of everything the indexes follow at
// random moments; after each kill, check finds the indexes equal to a
// rebuild from the documents.
func TestCrashIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	genCorpus(t, s, 60, 1)
	s.Close()
	rng := rand.New(rand.NewSource(3))
	for round := range 25 {
		cmd, lines := startChild(t, "mixed", path, round)
		if killed, err := killChild(cmd, lines, time.Duration(rng.Intn(120)+10)*time.Millisecond, isReady); !killed {
			t.Fatalf("round %d: the writer ended by itself: %v", round, err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		mustCheck(t, s)
		s.Close()
	}
}

// TestCrashDuringIndexMigration kills the migration of a schema 2 store
// to the indexes at random moments: each open goes on where the last
// stopped, and the store checks sound at every point.
func TestCrashDuringIndexMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	genCorpus(t, s, 400, 2)
	toSchema2(t, s)
	s.Close()
	// cut short at 5–65 ms, later rounds later: on a loaded machine
	// cuts that all come before the first commit would never let the
	// migration finish
	killMigration(t, path, 4, func(rng *rand.Rand, round int) time.Duration {
		return time.Duration(rng.Intn(60)+5+5*round) * time.Millisecond
	})
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
}

// TestCrashDuringPackMigration kills the migration of a schema 3 store to
// schema 4 (texts compressed, twin band slots, has:suggestions indexed)
// at random moments: each open goes on where the last stopped, and the
// store checks sound once it is done, with every text compressed.
func TestCrashDuringPackMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	genCorpus(t, s, 400, 2)
	var long []ImportDoc
	for i := range 400 {
		d := fmt.Sprintf("doc%d", i)
		long = append(long, ImportDoc{ID: d + "-long", Text: strings.Repeat(d+" am Rhein und an der Ruhr. ", 12)})
	}
	importDocs(t, s, long...)
	want, err := s.Select(query.MustParse("has:suggestions"), nil)
	if err != nil || want.IsEmpty() {
		t.Fatalf("no document has suggestions (%v): the test decides little", err)
	}
	toSchema3(t, s, nil)
	s.Close()
	// cut short at 5–65 ms, later rounds later: on a loaded machine
	// cuts that all come before the first commit would never let the
	// migration finish
	killMigration(t, path, 5, func(rng *rand.Rand, round int) time.Duration {
		return time.Duration(rng.Intn(60)+5+5*round) * time.Millisecond
	})
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	got, err := s.Select(query.MustParse("has:suggestions"), nil)
	if err != nil || !got.Equals(want) {
		t.Fatalf("has:suggestions selects %d documents after migrating, %d before (%v)", got.GetCardinality(), want.GetCardinality(), err)
	}
	err = s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketText).ForEach(func(k, v []byte) error {
			if strings.HasSuffix(string(k), "-long") && (len(v) == 0 || v[0] != textMark) {
				t.Errorf("%s: not compressed", k)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// crashCount is the count crashCounts writes for document id under
// evidence "round R": 0 for about a third of the documents, so that
// has:suggestions changes both ways from round to round.
func crashCount(id string, round int) int {
	n, _ := strconv.Atoi(strings.TrimLeft(id, "doc"))
	return (n*7 + round) % 3
}

// crashCounts counts as the TUI's background count does, until it is
// killed: from round FOLIO_CRASH_START on, it records evidence "round R"
// (which marks every document) and writes crashCount of every marked
// document, 200 at a time.
func crashCounts(path string) int {
	s, err := Open(path, Options{Author: "crash", Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	start, _ := strconv.Atoi(os.Getenv("FOLIO_CRASH_START"))
	fmt.Println("ready")
	for round := start; ; round++ {
		if _, err := s.MarkSuggestionEvidence(fmt.Sprint("round ", round), false, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for after := ""; ; {
			marked, _, err := s.StaleSuggestions(after, 200)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			if len(marked) == 0 {
				break
			}
			cs := make([]SuggestionCount, len(marked))
			for i, m := range marked {
				cs[i] = SuggestionCount{StaleDoc: m, N: crashCount(m.ID, round)}
			}
			if _, err := s.SetSuggestionCounts(cs); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			after = marked[len(marked)-1].ID
		}
	}
}

// TestCrashDuringSuggestionCounts kills the background count at random
// moments: after each kill, check finds the indexes equal to a rebuild,
// has:suggestions selects what the records' counts say, and every
// document is either marked for a recount or holds the count of the
// evidence recorded (a count and its mark's clearing are one).
func TestCrashDuringSuggestionCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, docs...)
	s.Close()
	rng := rand.New(rand.NewSource(8))
	midRound := 0
	for round := range 12 {
		cmd, lines := startChild(t, "counts", path, round*10)
		if killed, err := killChild(cmd, lines, time.Duration(rng.Intn(300)+20)*time.Millisecond, isReady); !killed {
			t.Fatalf("round %d: the count ended by itself: %v", round, err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		mustCheck(t, s)
		var evidence string
		if err := s.view(func(tx *bolt.Tx) error {
			evidence = string(tx.Bucket(bucketSuggStale).Get(keyEvidence))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		r := -1 // no evidence: a marking stopped halfway, to be done again
		if _, err := fmt.Sscanf(evidence, "round %d", &r); evidence != "" && err != nil {
			t.Fatalf("round %d: evidence %q: %v", round, evidence, err)
		}
		stale, _, err := s.StaleSuggestions("", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		marked := map[string]bool{}
		for _, m := range stale {
			marked[m.ID] = true
		}
		if len(marked) > 0 && len(marked) < len(docs) {
			midRound++
		}
		scan := scanAll(t, s)
		for _, d := range scan {
			if want := crashCount(d.doc.ID, r); r >= 0 && !marked[d.doc.ID] && d.doc.Counts.Suggestions != want {
				t.Fatalf("round %d: %s is counted (no mark) with %d, want %d under %q", round, d.doc.ID, d.doc.Counts.Suggestions, want, evidence)
			}
		}
		for _, qs := range []string{"has:suggestions", "-has:suggestions"} {
			q := query.MustParse(qs)
			got, err := s.Select(q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := scanSelect(scan, q); !slices.Equal(got.ToArray(), want) {
				t.Fatalf("round %d: %q selects %d documents, the records say %d", round, qs, got.GetCardinality(), len(want))
			}
		}
		s.Close()
	}
	t.Logf("%d of 12 kills came in the middle of a count", midRound)
	if midRound < 4 {
		t.Fatalf("only %d of 12 kills came in the middle of a count: the test decides little", midRound)
	}
}

// TestCrashDuringTwinsApartMigration kills the migration of a schema 7
// store to schema 8 (the twin lists out of the records and their terms
// out of the forward entries) at random moments: each open goes on where
// the last stopped, and once done the store checks sound (its indexes
// equal to a rebuild) with every twin list as it was.
func TestCrashDuringTwinsApartMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs writer processes")
	}
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := corpusgen.New(6)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ImportDoc
	for i := range 1000 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%04d", i), Text: g.Doc(1500)})
	}
	importDocs(t, s, docs...)
	want := twinsOf(t, s)
	if len(want) < 50 {
		t.Fatalf("%d documents have twins: the test decides little", len(want))
	}
	if err := s.update(func(tx *bolt.Tx) error {
		legacyTwins(t, tx)
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("7"))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// 200 steps of 5 documents, each a commit: cut short at 2–32 ms,
	// later rounds later
	killMigration(t, path, 6, func(rng *rand.Rand, round int) time.Duration {
		return time.Duration(rng.Intn(30)+2+3*round) * time.Millisecond
	})
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	wantTwins(t, twinsOf(t, s), want)
}

// killMigration opens the store at path in a child process, which
// migrates it, and kills the child after delay(round) from its start,
// again and again until a child finishes the migration. It fails if the
// first child finishes (no cut decided anything) or none does in 200
// rounds.
func killMigration(t *testing.T, path string, seed int64, delay func(rng *rand.Rand, round int) time.Duration) {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	for round := 0; ; round++ {
		cmd, lines := startChild(t, "migrate", path, 0)
		done := false
		killChild(cmd, lines, delay(rng, round), func(line string) bool {
			done = done || line == "done"
			return line == "ready"
		})
		if done {
			if round == 0 {
				t.Fatal("the migration was never cut short: the test decides nothing")
			}
			t.Logf("cut short %d times", round)
			return
		}
		if round > 200 {
			t.Fatal("the migration never completes")
		}
	}
}
