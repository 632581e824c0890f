package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// germanWords writes about n bytes of German-like words (made of common
// syllables, some capitalised, lines of a dozen words and paragraphs) to
// path, the same for the same seed.
func germanWords(t *testing.T, path string, n int, seed int64) {
	t.Helper()
	syl := strings.Fields("der die das und ung schaft keit ver be ge ent lich isch en er ein aus über straße müller köln haus stadt rat beschluss wirt ausschuss sitz tag ab an zu mit für ße ä ö ü")
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	for b.Len() < n {
		for i := range 12 {
			var w strings.Builder
			for range 1 + rng.Intn(4) {
				w.WriteString(syl[rng.Intn(len(syl))])
			}
			s := w.String()
			if rng.Intn(7) == 0 {
				s = strings.ToUpper(s[:1]) + s[1:]
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
		b.WriteString(".\n")
		if rng.Intn(10) == 0 {
			b.WriteByte('\n')
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTerminalHeapCapMessage: when folio stops itself at its memory cap
// with the interface on the screen, its message is on the main screen
// after the exit (it was written on the alternate screen, which the
// restore then left), says what folio was doing, and does not put the
// blame on the store first.
func TestTerminalHeapCapMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "big.db")
	txt := filepath.Join(dir, "lang.txt")
	germanWords(t, txt, 3<<20, 1)
	mustFolio(t, "--db", db, "import", txt)
	// the document's suggestions (counted a second after the launch) and
	// its layout (enter) each pass 100 MiB
	tm := startTerm(t, dir, 120, 40, fmt.Sprintf("%s=100 %s --db %s", maxHeapEnv, bin, db))
	tm.waitFor("Documents")
	tm.keys("Enter")
	s := tm.waitFor("FOLIO-EXIT=")
	flat := strings.Join(strings.Fields(s), " ") // the message wraps
	if !strings.Contains(s, "FOLIO-EXIT=1") || !strings.Contains(flat, "folio: stopped: memory use passed 100 MiB while") ||
		!strings.Contains(flat, `document "lang"`) {
		t.Fatalf("after the stop at the memory cap:\n%s", s)
	}
	// the work is named first, a damaged store only as another cause
	if i, j := strings.Index(flat, "raises the limit"), strings.Index(flat, "damaged"); i < 0 || j < i {
		t.Fatalf("the message puts the store first:\n%s", s)
	}
	checkRestored(t, tm)
	if _, err := os.Stat(db + ".sock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket outlived the stop: %v", err)
	}
}

// exited reports whether process pid has ended (a zombie has: no one may
// reap an orphan at once).
func exited(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) == 0 || f[0] == "Z" || f[0] == "X"
}

// waitExited waits up to d for process pid to end.
func waitExited(t *testing.T, pid int, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !exited(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still runs after %s", pid, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkRestored fails t unless the terminal of tm's pane is as a shell
// left it: main screen, cursor shown, no mouse reports, echo and line
// editing on.
func checkRestored(t *testing.T, tm *tmuxTerm) {
	t.Helper()
	const flags = "#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_standard_flag} #{mouse_sgr_flag}"
	if got := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", flags)); got != "0 1 0 0 0 0" {
		t.Errorf("alternate screen, cursor shown, mouse reports: %q, want \"0 1 0 0 0 0\"\n%s", got, tm.screen())
	}
	tty := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_tty}"))
	out, err := exec.Command("stty", "-a", "-F", tty).CombinedOutput()
	if err != nil {
		t.Fatalf("stty -F %s: %v\n%s", tty, err, out)
	}
	modes := strings.Fields(string(out))
	if !slices.Contains(modes, "echo") || !slices.Contains(modes, "icanon") {
		t.Errorf("the terminal was left raw: %s", out)
	}
}

// TestTerminalSupervisorKilled: kill -9 of the folio the user started
// (the supervisor of the TUI's process) leaves the terminal as it was:
// the TUI's process notices, restores the terminal and removes the
// store's socket before it ends. It used to be killed with its
// supervisor (the alternate screen, the mouse reports, a hidden cursor
// and a raw terminal left behind, and the socket).
func TestTerminalSupervisorKilled(t *testing.T) {
	bin, dir, db := realTerminal(t)
	tm := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	child := paneFolio(t, tm)
	supervisor := childrenOf(mustAtoi(t, strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_pid}"))))[0]
	if _, err := os.Stat(db + ".sock"); err != nil {
		t.Fatalf("the TUI does not serve its store: %v", err)
	}
	if err := syscall.Kill(supervisor, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// not the shell's report of the kill: it may come while the child
	// still shows the alternate screen, and leave with it
	waitExited(t, child, 10*time.Second)
	checkRestored(t, tm)
	if _, err := os.Stat(db + ".sock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the socket outlived its owner: %v", err)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTerminalInterrupted: SIGTERM to the TUI's process, or to the folio
// the user started (which passes it on), ends the TUI with exit status 1
// and a message, as it ends an import, on a restored terminal. Bubble
// Tea took SIGTERM for a quit, and folio exited 0.
func TestTerminalInterrupted(t *testing.T) {
	bin, dir, db := realTerminal(t)
	mustFolio(t, "--db", db, "import", seedDir(t))
	for _, to := range []string{"child", "supervisor"} {
		t.Run(to, func(t *testing.T) {
			tm := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
			tm.waitFor("○ Wirtschaftsausschuss")
			pid := paneFolio(t, tm)
			if to == "supervisor" {
				pid = childrenOf(mustAtoi(t, strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_pid}"))))[0]
			}
			if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			s := tm.waitFor("FOLIO-EXIT=")
			if !strings.Contains(s, "FOLIO-EXIT=1") || !strings.Contains(s, "folio: interrupted (SIGTERM)") {
				t.Fatalf("after SIGTERM:\n%s", s)
			}
			checkRestored(t, tm)
			if _, err := os.Stat(db + ".sock"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the socket outlived its owner: %v", err)
			}
		})
	}
}

// TestImportInterrupted: SIGTERM stops an import after the document it is
// reading; the documents read are written, and the message says how many
// documents the store got, as the summary of a whole import does (it
// said only "folio: interrupted").
func TestImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds folio; -short")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	jl := filepath.Join(dir, "in.jsonl")
	// 40 MB in 60 000 documents: several seconds of import
	var b strings.Builder
	rng := rand.New(rand.NewSource(3))
	for i := range 60000 {
		fmt.Fprintf(&b, `{"id": "d%06d", "text": "Dokument %d:`, i, i)
		for range 80 {
			fmt.Fprintf(&b, " wort%d", rng.Intn(5000))
		}
		b.WriteString("\"}\n")
	}
	if err := os.WriteFile(jl, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--db", db, "import", jl)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// once the first chunks are written
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(db); err == nil && fi.Size() > 2<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import wrote nothing: %s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	msg := stderr.String()
	if cmd.ProcessState.ExitCode() != exitFail {
		t.Fatalf("interrupted import: %v, want exit status 1: %s", err, msg)
	}
	m := regexp.MustCompile(`folio: interrupted \(SIGTERM\): imported (\d+) documents \(0 updated, 0 unchanged, 0 skipped\) into \S+ before it stopped`).FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("interrupted import said %q", msg)
	}
	n := mustAtoi(t, m[1])
	if n == 0 || n == 60000 {
		t.Fatalf("imported %d of 60000 documents: not interrupted midway: %s", n, msg)
	}
	out, _ := mustFolio(t, "--db", db, "stats")
	if want := fmt.Sprintf("documents    %d ", n); !strings.Contains(out, want) {
		t.Fatalf("the store holds other than the %d documents the message says:\n%s", n, out)
	}
}
