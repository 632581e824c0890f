package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"folio/annot"
)

// binRun runs the built folio binary in dir and returns stdout, stderr
// and the exit status.
func binRun(t *testing.T, bin, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestTerminalSharedStore opens the TUI on a store in tmux and runs
// export, stats, backup, check and suggest in other processes: they work
// through the TUI's socket, and print what they print with the TUI closed,
// with the same exit status.
func TestTerminalSharedStore(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	if _, errs, code := binRun(t, bin, dir, "import", seedDir(t)); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	// the import's twins filed, as the TUI files them, so that check
	// says the same before it and while it runs
	if _, errs, code := binRun(t, bin, dir, "suggest", "--doc", "002_4f2a84d43bce9837"); code != 0 {
		t.Fatalf("suggest: %s", errs)
	}
	type result struct {
		out, errs string
		code      int
	}
	commands := [][]string{
		{"stats"},
		{"stats", "--json", "--where", "status:todo"},
		{"export"},
		{"export", "--format", "conll", "--where", "kdln"},
		{"export", "--where", "((("}, // bad usage: exit 2
		{"check"},
		{"backup", "BACKUP"},
		{"--db", "BACKUP", "export"}, // what the backup holds (the copy is not held)
		{"suggest", "--doc", "001_879768a2f144ad87"},
		{"suggest", "--doc", "nope"},
	}
	runAll := func(tag string) []result {
		var rs []result
		for _, args := range commands {
			bak := filepath.Join(dir, "backup-"+tag+".db")
			a := make([]string, len(args))
			for i, s := range args {
				a[i] = strings.ReplaceAll(s, "BACKUP", bak)
			}
			out, errs, code := binRun(t, bin, dir, a...)
			errs = strings.ReplaceAll(errs, bak, "BACKUP")
			rs = append(rs, result{out, errs, code})
		}
		return rs
	}
	closed := runAll("closed")

	tm := startTerm(t, dir, 120, 40, bin+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	if _, err := os.Stat(filepath.Join(dir, "folio.db.sock")); err != nil {
		t.Fatalf("the TUI does not serve its store: %v", err)
	}
	open := runAll("open")
	for i, args := range commands {
		c, o := closed[i], open[i]
		if c != o {
			t.Errorf("folio %s with the TUI open differs:\nclosed: exit %d\n%s\n%s\nopen: exit %d\n%s\n%s",
				strings.Join(args, " "), c.code, c.out, c.errs, o.code, o.out, o.errs)
		}
	}
	// the closed run's outcomes are what they should be, so that equality
	// means something
	if closed[0].code != 0 || !strings.Contains(closed[0].out, "documents    5") ||
		closed[4].code != 2 || closed[5].code != 0 || closed[6].code != 0 || closed[9].code != 1 ||
		strings.Count(closed[2].out, "\n") != 5 || !strings.Contains(closed[8].out, "Köln") {
		t.Fatalf("the closed run itself is wrong: %+v", closed)
	}

	// an import through the TUI's socket lands in its store
	extra := filepath.Join(dir, "extra.txt")
	os.WriteFile(extra, []byte("Ein neues Blatt\n\nMit etwas Text."), 0o644)
	if _, errs, code := binRun(t, bin, dir, "import", extra); code != 0 || !strings.Contains(errs, "imported 1 document (0 updated, 0 unchanged, 0 skipped) into folio.db") {
		t.Fatalf("import with the TUI open: exit %d: %s", code, errs)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	if _, err := os.Stat(filepath.Join(dir, "folio.db.sock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket outlived its owner: %v", err)
	}
	if out, _, _ := binRun(t, bin, dir, "stats"); !strings.Contains(out, "documents    6") {
		t.Fatalf("after the import through the socket: %s", out)
	}
}

// paneFolio is the pid of the folio that holds the store in tm's pane:
// the supervised child of the folio the pane's shell started.
func paneFolio(t *testing.T, tm *tmuxTerm) int {
	t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_pid}")))
	if err != nil {
		t.Fatal(err)
	}
	// shell → folio (supervisor) → folio (the command)
	for range 2 {
		kids := childrenOf(pid)
		if len(kids) == 0 {
			t.Fatalf("process %d has no child", pid)
		}
		pid = kids[0]
	}
	return pid
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so cut after ')'
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// TestTerminalTwoReviewers runs two TUIs on one store: a correction and a
// status made in the second appear in the first within a second; SIGKILL
// of the first (the owner) loses nothing the second saved, the second
// says so, and reconnects when a new owner starts.
func TestTerminalTwoReviewers(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm1, bin, db := openScan(t) // the owner, reviewer "tester", on 001
	dir := filepath.Dir(db)
	tm2 := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer rev-b")
	tm2.waitFor("○ Wirtschaftsausschuss")
	tm2.keys("j", "Enter")
	tm2.waitFor("ist auf Initiative")
	tm2.keys("/")
	tm2.text("Kdln")
	tm2.keys("Enter", "c")
	tm2.waitFor("Correct")
	tm2.keys("C-u")
	tm2.text("Köln")
	tm2.keys("Enter")
	tm2.waitFor("“Kdln” → “Köln”")
	saved := time.Now()
	tm1.waitFor("“Kdln” → “Köln”") // the owner's open document and panel
	if d := time.Since(saved); d > time.Second {
		t.Errorf("the correction took %v to reach the other TUI", d)
	} else {
		t.Logf("the correction reached the other TUI within %v", d)
	}
	tm1.waitFor("rev-b: correct")
	tm2.keys("Space")
	tm2.waitFor("done 20 %")
	saved = time.Now()
	tm1.waitFor("done 20 %") // the owner's list and counts
	if d := time.Since(saved); d > time.Second {
		t.Errorf("the status took %v to reach the other TUI", d)
	}

	// the owner dies without a word
	if err := syscall.Kill(paneFolio(t, tm1), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	tm2.waitFor("the folio that holds the store is gone")
	// a new owner: the second TUI is back
	tm3 := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm3.waitFor("Wirtschaftsaussch")
	tm2.waitFor("the store is held again")
	// what rev-b saved survived, recorded as rev-b's
	out, _, code := binRun(t, bin, dir, "--db", db, "export")
	if code != 0 {
		t.Fatalf("export through the new owner: exit %d", code)
	}
	var r annot.Record
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(line, `"001_879768a2f144ad87"`) {
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r.Status != annot.StatusDone || len(r.Corrections) != 1 || r.Corrections[0].Replacement != "Köln" || r.Corrections[0].Author != "rev-b" {
		t.Fatalf("after SIGKILL of the owner: status %q corrections %+v", r.Status, r.Corrections)
	}
	// rev-b works on through the new owner, and undoes their own action
	tm2.keys("u")
	tm2.waitFor("undone: status done")
	tm3.waitFor("rev-b: undo status done")
	// the owner's reviewer cannot undo rev-b's correction
	tm3.keys("u")
	tm3.waitFor("nothing to undo")
	tm2.keys("q")
	tm2.waitFor("FOLIO-EXIT=0")
	tm3.keys("q")
	tm3.waitFor("FOLIO-EXIT=0")
}

// correctKdln corrects Kdln in the open document to fix.
func correctKdln(tm *tmuxTerm, fix string) {
	tm.keys("/")
	tm.text("Kdln")
	tm.keys("Enter", "c")
	tm.waitFor("Correct")
	tm.keys("C-u")
	tm.text(fix)
	tm.keys("Enter")
	tm.waitFor("“Kdln” → “" + fix + "”")
}

// TestTerminalDoubleAnnotation: a document dealt to rev-a and rev-b is
// annotated apart in two TUIs, neither seeing the other's correction; the
// editor's curator view (V) shows both and accepts rev-a's version, which
// is what export then writes.
func TestTerminalDoubleAnnotation(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	if _, errs, code := binRun(t, bin, dir, "import", seedDir(t)); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := binRun(t, bin, dir, "assign", "--where", "kdln", "--to", "rev-a,rev-b", "--overlap", "2"); code != 0 {
		t.Fatal(errs)
	}
	editor := startTerm(t, dir, 120, 40, bin+" --reviewer editor")
	editor.waitFor("○ Wirtschaftsausschuss")
	a := startTerm(t, dir, 120, 40, bin+" --reviewer rev-a")
	a.waitFor("your queue first: 1 document, 1 to do")
	a.keys("Enter")
	a.waitFor("ist auf Initiative")
	b := startTerm(t, dir, 120, 40, bin+" --reviewer rev-b")
	b.waitFor("your queue first: 1 document, 1 to do")
	b.keys("Enter")
	b.waitFor("ist auf Initiative")
	correctKdln(a, "Köln")
	time.Sleep(time.Second) // time enough for rev-b's TUI to reload
	if s := b.screen(); strings.Contains(s, "→ “Köln”") || strings.Contains(s, "rev-a") {
		t.Fatalf("rev-b sees rev-a's work:\n%s", s)
	}
	correctKdln(b, "Koeln")
	time.Sleep(time.Second)
	if s := a.screen(); strings.Contains(s, "Koeln") {
		t.Fatalf("rev-a sees rev-b's correction:\n%s", s)
	}
	// the curated annotations have neither yet
	if r := exportRecords(t, filepath.Join(dir, "folio.db"))["001_879768a2f144ad87"]; len(r.Corrections) != 0 {
		t.Fatalf("curated before curation: %+v", r.Corrections)
	}
	editor.keys("j", "Enter")
	editor.waitFor("ist auf Initiative")
	editor.keys("V")
	editor.waitFor("accept rev-a's version")
	s := editor.waitFor("“Kdln” → “Koeln”")
	if !strings.Contains(s, "≠ correction “Kdln” → “Köln”") || !strings.Contains(s, "accept rev-b's version") {
		t.Fatalf("the curator's view:\n%s", s)
	}
	editor.keys("1")
	editor.waitFor("saved: accept rev-a's version")
	for _, tm := range []*tmuxTerm{a, b, editor} {
		tm.keys("q")
		tm.waitFor("FOLIO-EXIT=0")
	}
	r := exportRecords(t, filepath.Join(dir, "folio.db"))["001_879768a2f144ad87"]
	if len(r.Corrections) != 1 || r.Corrections[0].Replacement != "Köln" || r.Corrections[0].Author != "rev-a" {
		t.Fatalf("the curated export: %+v, want rev-a's Köln", r.Corrections)
	}
}

// TestTerminalImportedAnnotators: a Prodigy dataset two annotators
// answered, imported with --layers. In the built binary in tmux, one
// annotator opens the store and sees their own answer; the editor sees
// none until they accept a version with V and its number; the export
// then holds it.
func TestTerminalImportedAnnotators(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	data := strings.Join([]string{
		`{"text":"Anna Berg wohnt in Köln.","spans":[{"start":0,"end":9,"label":"PER"},{"start":19,"end":23,"label":"LOC"}],"answer":"accept","_annotator_id":"ner-alice"}`,
		`{"text":"Anna Berg wohnt in Köln.","spans":[{"start":19,"end":23,"label":"ORG"}],"answer":"accept","_annotator_id":"ner-bob"}`,
	}, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "ner.jsonl"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := binRun(t, bin, dir, "import", "--layers", "ner.jsonl"); code != 0 || !strings.Contains(errs, "in a layer of their own") {
		t.Fatalf("import --layers: exit %d\n%s", code, errs)
	}
	bob := startTerm(t, dir, 120, 30, bin+" --reviewer ner-bob")
	bob.waitFor("✓ Anna Berg wohnt") // bob's answer is done
	bob.keys("Enter")
	bob.waitFor("Entities (1)")
	bob.keys("q")
	bob.close()

	ed := startTerm(t, dir, 120, 30, bin+" --reviewer editor")
	ed.waitFor("○ Anna Berg wohnt") // nothing curated yet
	ed.keys("Enter")
	ed.waitFor("Entities (0)")
	ed.keys("V")
	ed.waitFor("accept ner-bob's version")
	ed.keys("2")
	ed.waitFor("Entities (1)")
	ed.keys("q")
	ed.close()
	out, _, code := binRun(t, bin, dir, "export", "--format", "conll")
	if code != 0 || !strings.Contains(out, "Köln B-ORG") || strings.Contains(out, "B-PER") {
		t.Fatalf("the export after accepting bob's version (exit %d):\n%s", code, out)
	}
}
