package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFilterCrash(t *testing.T) {
	for _, c := range []struct{ in, out, first string }{
		{"imported 3 documents\n", "imported 3 documents\n", ""},
		{"a\rprogress\x1b[K\nrest\n", "a\rprogress\x1b[K\nrest\n", ""},
		{"ok line\nruntime: goroutine stack exceeds 67108864-byte limit\nfatal error: stack overflow\n\ngoroutine 1 [running]:\n", "ok line\n", "stack overflow"},
		{"fatal error: out of memory\nmore", "", "fatal error: out of memory"},
		{"panic: boom\x1b]2;x\x07\n\ngoroutine 7\n", "", "panic: boom␛]2;x␇"},
		{"not at line start: panic: x\n", "not at line start: panic: x\n", ""},
	} {
		var w bytes.Buffer
		first := filterCrash(&w, strings.NewReader(c.in))
		if w.String() != c.out || first != c.first {
			t.Errorf("filterCrash(%q) wrote %q and returned %q; want %q and %q", c.in, w.String(), first, c.out, c.first)
		}
	}
}

// TestSuggesterPanicIsAnError: a panic while building the suggester in
// the background ends as an error, not a crash of the TUI.
func TestSuggesterPanicIsAnError(t *testing.T) {
	b := startSuggester(func(func()) (*suggester, error) { panic("damaged page") })
	if got := b.Suggest("d", "text", nil); got != nil {
		t.Errorf("Suggest = %v", got)
	}
	if b.err == nil || !strings.Contains(b.err.Error(), "damaged page") {
		t.Errorf("err = %v", b.err)
	}
}

// TestBrokenPipeIsQuiet: when the reader of a command's output goes away
// (`folio export | head`), the supervised command ends as a Unix filter
// does: no message, and the status a shell gives a process ended by
// SIGPIPE. It once said the command crashed and blamed the store.
func TestBrokenPipeIsQuiet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds folio; -short")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	storeOfRepeats(t, dir, db, 300)
	// the export is about 200 KB, more than a pipe holds
	cmd := exec.Command(bin, "--db", db, "export", "--format", "jsonl")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(out, make([]byte, 100)); err != nil {
		t.Fatalf("reading the export's first bytes: %v", err)
	}
	out.Close() // the reader goes away, as head does
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitBrokenPipe {
		t.Errorf("export into a closed pipe: %v, want exit status %d", err, exitBrokenPipe)
	}
	if stderr.Len() != 0 {
		t.Errorf("export into a closed pipe said %q, want nothing", stderr.String())
	}
}

// TestKilledIsNotDamage: a command killed from outside (kill -9 of the
// supervised child, or the system out of memory) is said to be killed;
// it once blamed a damaged store.
func TestKilledIsNotDamage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds folio; -short")
	}
	cmd, db, stderr := startServing(t)
	child := servingChild(t, cmd, db, stderr)
	if err := syscall.Kill(child, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFail {
		t.Errorf("serve whose child was killed: %v, want exit status %d", err, exitFail)
	}
	if msg := stderr.String(); !strings.Contains(msg, "was killed (SIGKILL") || strings.Contains(msg, "folio check") {
		t.Errorf("serve whose child was killed said %q", msg)
	}
}

// startServing starts the built folio serving a new store of 3 documents,
// and returns the command, the store and the command's messages.
func startServing(t *testing.T) (cmd *exec.Cmd, db string, stderr *bytes.Buffer) {
	t.Helper()
	bin := buildFolio(t)
	dir := t.TempDir()
	db = filepath.Join(dir, "s.db")
	storeOfRepeats(t, dir, db, 3)
	cmd = exec.Command(bin, "--db", db, "serve")
	stderr = new(bytes.Buffer)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, db, stderr
}

// servingChild returns the pid of the supervised child of cmd (a folio
// started by startServing), once it serves the store db.
func servingChild(t *testing.T, cmd *exec.Cmd, db string, stderr *bytes.Buffer) int {
	t.Helper()
	for range 200 {
		// a thread's children: the one that started it may be any
		files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", cmd.Process.Pid))
		var b []byte
		for _, f := range files {
			c, _ := os.ReadFile(f)
			b = append(b, c...)
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			if _, err := os.Stat(db + ".sock"); err == nil {
				child, _ := strconv.Atoi(f[0])
				return child
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("no supervised child serving the store: %q", stderr.String())
	return 0
}

// TestServeEndsWithItsSupervisor: kill -9 of the folio serve the user
// started ends the child that holds the store too, which closes the
// store and removes its socket (it was killed with its supervisor, and
// the socket left behind).
func TestServeEndsWithItsSupervisor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds folio; -short")
	}
	cmd, db, stderr := startServing(t)
	child := servingChild(t, cmd, db, stderr)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	waitExited(t, child, 10*time.Second)
	if _, err := os.Stat(db + ".sock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket outlived its owner: %v", err)
	}
}
