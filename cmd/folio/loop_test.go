package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// loopPages makes every branch page of the bbolt file at path point to
// itself as its first child: a loop that bbolt follows without end
// (recursing in a search, or appending to a cursor's stack). With only
// set, it changes only the branch pages whose first child holds those
// bytes. It returns how many pages it changed.
func loopPages(t *testing.T, path string, only []byte) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	n := 0
	for p := 2; (p+1)*pageSize <= len(b); p++ {
		pg := b[p*pageSize:]
		if binary.LittleEndian.Uint64(pg) != uint64(p) || binary.LittleEndian.Uint16(pg[8:]) != 0x01 || binary.LittleEndian.Uint16(pg[10:]) == 0 {
			continue // not a branch page (or a free one)
		}
		child := int(binary.LittleEndian.Uint64(pg[16+8:]))
		if only != nil && ((child+1)*pageSize > len(b) || !bytes.Contains(b[child*pageSize:(child+1)*pageSize], only)) {
			continue
		}
		binary.LittleEndian.PutUint64(pg[16+8:], uint64(p)) // element 0's child
		n++
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return n
}

// storeOfRepeats imports n documents of about 650 bytes each, the same
// sentence repeated, from dir/in.jsonl into the store db, and returns the
// JSONL's path.
func storeOfRepeats(t *testing.T, dir, db string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id": "doc%04d", "text": "Dokument %d: %s"}`+"\n", i, i, strings.Repeat("Text über Köln. ", 40))
	}
	jl := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(jl, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", jl)
	return jl
}

// TestPageLoopNeverCrashes: on a store whose page tree loops, every
// command ends within seconds with exit 1 and a message, never with the
// runtime's exit 2 or a hang.
func TestPageLoopNeverCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds folio and drives it on a damaged store; -short")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "loop.db")
	jl := storeOfRepeats(t, dir, db, 400)
	if n := loopPages(t, db, nil); n == 0 {
		t.Fatal("the store has no branch pages to loop")
	}
	for _, args := range [][]string{{"stats"}, {"export"}, {"backup", filepath.Join(dir, "b.db")}, {"import", jl}, {"check"}} {
		start := time.Now()
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env = append(os.Environ(), maxHeapEnv+"=256")
		out, err := cmd.CombinedOutput()
		code := cmd.ProcessState.ExitCode()
		t.Logf("%s: exit %d in %s: %s", args[0], code, time.Since(start).Round(time.Millisecond), firstLine(string(out)))
		if code != exitFail || err == nil {
			t.Errorf("%s: exit %d, want 1: %s", args[0], code, out)
		}
		if !strings.Contains(string(out), "folio") || strings.Contains(string(out), "goroutine ") {
			t.Errorf("%s: no message, or a stack dump: %s", args[0], out)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s took %s", args[0], d)
		}
	}
}

// TestTerminalRestoredAfterCrash runs the TUI on a store whose text pages
// loop: reading a text crashes folio (a fatal stack overflow, which no
// recover catches), and the supervisor still leaves the terminal as it
// was: main screen, cursor shown, echo on, exit status 1 with a message.
func TestTerminalRestoredAfterCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "loop.db")
	var b strings.Builder
	rng := rand.New(rand.NewSource(7))
	for i := range 400 {
		// words of random letters: texts that stay large compressed, so
		// that the texts take more than one page
		var w strings.Builder
		for range 300 {
			for range 3 + rng.Intn(8) {
				w.WriteByte(byte('a' + rng.Intn(26)))
			}
			w.WriteByte(' ')
		}
		fmt.Fprintf(&b, `{"id": "doc%04d", "text": "Dokument %d\n%sENDE"}`+"\n", i, i, w.String())
	}
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(b.String()), 0o600)
	mustFolio(t, "--db", db, "import", jl)
	// the texts are stored compressed: their pages are found by the
	// stored bytes of the first
	if n := loopPages(t, db, storedText(t, db, "doc0000")[:64]); n == 0 {
		t.Fatal("no branch page of texts to loop")
	}
	// the keys come from standard input, or from /dev/tty when that is
	// not a terminal (folio < /dev/null): the terminal is restored either
	// way (it stayed raw when standard input was not one)
	for _, stdin := range []string{"", " < /dev/null"} {
		tm := startTerm(t, dir, 100, 30, fmt.Sprintf("%s --db %s%s; s=$?; stty -a | grep -q -- ' -echo ' && echo ECHO-OFF; (exit $s)", bin, db, stdin))
		s := tm.waitFor("FOLIO-EXIT=")
		if !strings.Contains(s, "FOLIO-EXIT=1") || !strings.Contains(s, "folio: stopped") || strings.Contains(s, "ECHO-OFF") {
			t.Fatalf("after the crash (folio%s):\n%s", stdin, s)
		}
		if got := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{alternate_on} #{cursor_flag}")); got != "0 1" {
			t.Fatalf("alternate screen, cursor shown (folio%s): %q, want \"0 1\"\n%s", stdin, got, s)
		}
	}
}
