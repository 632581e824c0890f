package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"folio/config"
	"folio/store"
)

// derivedLeft returns how many documents of the store db wait for their
// word counts and twins.
func derivedLeft(t *testing.T, db string) int {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.DerivedPending()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportLeavesDerived: folio import leaves the word counts and twins
// of what it adds; check says so, and it and a query for twins change
// nothing, the query saying what it leaves out; suggest files them first,
// saying so, and check is then quiet about them.
func TestImportLeavesDerived(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	if n := derivedLeft(t, db); n != 5 {
		t.Fatalf("%d documents left after folio import, want 5", n)
	}
	_, errs := mustFolio(t, "--db", db, "check")
	if !strings.Contains(errs, "the word counts and twins of the last 5 documents imported are not filed yet") {
		t.Fatalf("check said %q", errs)
	}
	if n := derivedLeft(t, db); n != 5 {
		t.Fatalf("check filed: %d documents left", n)
	}
	for _, where := range []string{"has:twin", "twin:004_b1b4a13e5fce09e4", "has:suggestions"} {
		_, errs = mustFolio(t, "--db", db, "stats", "--where", where)
		if !strings.Contains(errs, "the twins of the last 5 documents imported are not filed yet") {
			t.Fatalf("stats --where %s said %q", where, errs)
		}
	}
	if _, errs = mustFolio(t, "--db", db, "stats", "--where", "tag:x"); errs != "" {
		t.Fatalf("stats --where tag:x said %q", errs)
	}
	if n := derivedLeft(t, db); n != 5 {
		t.Fatalf("stats filed: %d documents left", n)
	}
	_, errs = mustFolio(t, "--db", db, "suggest", "--doc", "002_4f2a84d43bce9837")
	if !strings.Contains(errs, "filing the word counts and twins of the 5 documents the last import added") {
		t.Fatalf("suggest said %q", errs)
	}
	if n := derivedLeft(t, db); n != 0 {
		t.Fatalf("%d documents left after suggest", n)
	}
	if _, errs = mustFolio(t, "--db", db, "check"); strings.Contains(errs, "not filed") {
		t.Fatalf("check after filing said %q", errs)
	}
	if _, errs = mustFolio(t, "--db", db, "stats", "--where", "has:twin"); errs != "" {
		t.Fatalf("stats --where has:twin after filing said %q", errs)
	}
}

// TestSuggestAfterImportAsFiled: folio suggest on a store folio import
// just wrote suggests what it suggests on a store whose import filed the
// word counts and twins as it wrote (the scan 001 takes its twin 004's
// wording: TestTwins).
func TestSuggestAfterImportAsFiled(t *testing.T) {
	dir := t.TempDir()
	later := filepath.Join(dir, "later.db")
	mustFolio(t, "--db", later, "import", seedDir(t))
	now := filepath.Join(dir, "now.db")
	s, err := store.Open(now, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// folio import's reading, into a store that files as it writes
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
	if _, err := e.importPaths(s, []string{seedDir(t)}, config.Default(), importOptions{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.DerivedPending(); n != 0 {
		t.Fatalf("an import that files left %d documents", n)
	}
	s.Close()
	want, _ := mustFolio(t, "--db", now, "suggest")
	got, errs := mustFolio(t, "--db", later, "suggest")
	if !strings.Contains(errs, "filing the word counts and twins") {
		t.Fatalf("suggest said %q", errs)
	}
	if strings.Count(want, "\n") < 20 || got != want {
		t.Fatalf("suggest after folio import:\n%s\nwant (an import that files):\n%s", got, want)
	}
}

// TestReviewSuggesterFilesFirst: the interface's suggester files what the
// last import left before it reads the lexicon, saying how far it is, and
// then takes the scan's fix from its twin.
func TestReviewSuggesterFilesFirst(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var said []string
	g, err := buildReviewSuggester(s, config.Default(), nil, func(what string) { said = append(said, what) })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(said, []string{"filing the word counts and twins of the last import, 5 of 5 documents", ""}) {
		t.Fatalf("the build said %q", said)
	}
	if n, _ := s.DerivedPending(); n != 0 {
		t.Fatalf("%d documents left after the build", n)
	}
	d, err := s.Document("001_879768a2f144ad87")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sg := range g.SuggestDocument(d) {
		if sg.Text == "Biindnis" {
			found = len(sg.Candidates) > 0 && sg.Candidates[0].Text == "Bündnis" && strings.Contains(sg.Reason, "004_b1b4a13e5fce09e4")
		}
	}
	if !found {
		t.Fatal("Biindnis is not fixed from the twin 004")
	}
}

// TestServeFilesDerived: folio serve files what the last import left
// while it serves, and says so.
func TestServeFilesDerived(t *testing.T) {
	bin := buildFolio(t)
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	cmd := exec.Command(bin, "--db", db, "serve")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(20 * time.Second)
	for filed := false; !filed; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("folio serve ended before it filed")
			}
			filed = l == "filed the word counts and twins of the 5 documents the last import added"
		case <-deadline:
			t.Fatal("folio serve did not say it filed")
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	go func() {
		for range lines {
		}
	}()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("folio serve after SIGTERM: %v", err)
	}
	if n := derivedLeft(t, db); n != 0 {
		t.Fatalf("%d documents left after folio serve", n)
	}
}

// TestTerminalFilesImport: the interface opened on a store folio import
// just wrote files its word counts and twins in the background: the
// scan's suggestions come, its twin's fix among them, and after q nothing
// is left to file: has:twin finds the scan and its twin.
func TestTerminalFilesImport(t *testing.T) {
	bin, dir, db := realTerminal(t)
	mustFolio(t, "--db", db, "import", seedDir(t))
	tm := startTerm(t, dir, 160, 45, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	tm.keys("j", "Enter")
	tm.waitFor("ist auf Initiative")
	tm.waitFor("Biindnis→Bündnis") // the fix its twin gives
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	if n := derivedLeft(t, db); n != 0 {
		t.Fatalf("%d documents left after the interface", n)
	}
	out, errs := mustFolio(t, "--db", db, "export", "--format", "jsonl", "--where", "has:twin")
	if strings.Contains(errs, "filing") || strings.Count(out, "\n") != 2 {
		t.Fatalf("has:twin after the interface: %q, said %q", out, errs)
	}
}

// damageText overwrites the stored text of document id in the store db
// with bytes that are not its text.
func damageText(t *testing.T, db, id string) {
	t.Helper()
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("text")).Put([]byte(id), []byte("nicht der Text, der hier stand"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDamagedTextLeftForFiling: a damaged text among the documents the
// import left stops the filing of its step, not what comes after: folio
// suggest and the interface's suggester say so and go on (to fail on the
// damaged text anyway, naming it, as before: their counts of the pairs
// of words read it).
func TestDamagedTextLeftForFiling(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	damageText(t, db, "003_87f0a340823c3577")
	_, errs, code := folio(t, "--db", db, "suggest", "--doc", "001_879768a2f144ad87")
	if code != 1 || !strings.Contains(errs, "folio check says more") || !strings.Contains(errs, `document "003_87f0a340823c3577": its text does not match its hash`) {
		t.Fatalf("suggest with a damaged text left: exit %d, said %q", code, errs)
	}
	if n := derivedLeft(t, db); n != 5 {
		t.Fatalf("%d documents left, want all 5: the step that holds the damaged text is not filed", n)
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// the build goes on past the filing, saying so; here its sample of
	// pairs of words, which holds every document of five, meets the
	// damaged text too
	var said []string
	_, err = buildReviewSuggester(s, config.Default(), nil, func(what string) { said = append(said, what) })
	if len(said) == 0 || !strings.Contains(said[len(said)-1], "folio check says more") {
		t.Fatalf("the build said %q", said)
	}
	if err == nil || !strings.Contains(err.Error(), "count pairs of words") {
		t.Fatalf("the build did not go on past the filing: %v", err)
	}
}
