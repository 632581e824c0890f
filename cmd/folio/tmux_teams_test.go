package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	if _, errs, code := binRun(t, bin, dir, "import", extra); code != 0 || !strings.Contains(errs, "imported 1 documents (0 updated, 0 unchanged, 0 skipped) into folio.db") {
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
