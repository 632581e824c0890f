package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The review loop's real-terminal tests (see tmux_test.go for the
// harness).

// TestTerminalKeyBurst: keys that arrive in one read are each handled, in
// order: send-keys 'jjj' is one write.
func TestTerminalKeyBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, _, db := openScan(t) // the list is on 2/5
	tm.keys("Tab", "Tab")    // reader → panel → list
	tm.waitFor("LIST  2/5")
	tm.run("send-keys", "-t", "t", "-l", "jj")
	tm.waitFor("LIST  4/5")
	tm.run("send-keys", "-t", "t", "-l", "kk")
	tm.waitFor("LIST  2/5")
	tm.keys("Enter")
	tm.waitFor("READ")
	tm.waitFor("Kdln→Köln") // its suggestions are back
	tm.run("send-keys", "-t", "t", "-l", "g]a")
	tm.waitFor("saved: label “09.03.2017” DATE") // the first suggestion
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	if r := exportRecords(t, db)["001_879768a2f144ad87"]; len(r.Entities) != 1 || r.Entities[0].Label != "DATE" {
		t.Fatalf("g]a in one write: entities %+v", r.Entities)
	}
}

// TestTerminalWideTitles: titles with a skin-tone emoji, a ZWJ family, a
// flag, CJK and a combining mark keep the layout at 140×20 in tmux: the
// header row stays, no stale rows pile up after j Enter Tab.
func TestTerminalWideTitles(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	titles := []string{"👍🏽 Daumen hoch", "👨‍👩‍👧 Familie", "🇩🇪 Flagge", "漢字 CJK", "Cafe\u0301 combining"}
	os.MkdirAll(filepath.Join(dir, "c"), 0o755)
	for i, title := range titles {
		os.WriteFile(filepath.Join(dir, "c", string(rune('a'+i))+".txt"), []byte(title+"\n\nText "+title+".\n"), 0o644)
	}
	db := filepath.Join(dir, "folio.db")
	mustFolio(t, "--db", db, "import", filepath.Join(dir, "c"))
	tm := startTerm(t, dir, 140, 20, bin+" --db "+db)
	tm.waitFor("LIST  1/5")
	check := func(when string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond)
		lines := strings.Split(strings.TrimRight(tm.screen(), "\n"), "\n")
		if len(lines) != 20 || !strings.HasPrefix(lines[0], "Documents") {
			t.Fatalf("%s: the header row is gone:\n%s", when, strings.Join(lines, "\n"))
		}
		if !strings.Contains(lines[18], "done 0 %") {
			t.Fatalf("%s: the status row is not second to last:\n%s", when, strings.Join(lines, "\n"))
		}
		seen := map[string]int{}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "○ ") {
				seen[strings.TrimSpace(strings.SplitN(l, "│", 2)[0])]++
			}
		}
		if len(seen) != 5 {
			t.Fatalf("%s: list rows %v, want 5 distinct:\n%s", when, seen, strings.Join(lines, "\n"))
		}
		for row, n := range seen {
			if n != 1 {
				t.Fatalf("%s: %q drawn %d times:\n%s", when, row, n, strings.Join(lines, "\n"))
			}
		}
	}
	check("start")
	tm.keys("j", "Enter", "Tab")
	tm.waitFor("PANEL  2/5")
	check("after j Enter Tab")
	tm.keys("Tab", "j", "j", "j", "Enter")
	check("after opening the CJK title")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
}

// TestTerminalVT100Cursor: with TERM=vt100 (no colours) the reader still
// draws its cursor, in reverse video.
func TestTerminalVT100Cursor(t *testing.T) {
	bin, dir, db := realTerminal(t)
	for _, term := range []string{"vt100", "dumb"} {
		tm := startTermAs(t, term, dir, 100, 30, bin+" --db "+db)
		tm.waitFor("Wirtschaftsausschuss")
		tm.keys("Enter")
		tm.waitFor("READ")
		time.Sleep(300 * time.Millisecond)
		s := tm.run("capture-pane", "-e", "-p", "-t", "t")
		if !strings.Contains(s, "\x1b[7m") {
			t.Fatalf("TERM=%s: no reverse video on the screen:\n%q", term, s)
		}
		tm.keys("q")
		tm.waitFor("FOLIO-EXIT=0")
	}
}

// settle waits until the screen differs from before and then stays the
// same for a moment.
func (tm *tmuxTerm) settle(before string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	s := tm.screen()
	for s == before && time.Now().Before(deadline) {
		time.Sleep(30 * time.Millisecond)
		s = tm.screen()
	}
	for time.Now().Before(deadline) {
		time.Sleep(150 * time.Millisecond)
		next := tm.screen()
		if next == s {
			return s
		}
		s = next
	}
	tm.t.Fatalf("the screen never settled:\n%s", s)
	return s
}

// TestTerminalFixScan fixes every suggested error of the OCR scan 001
// with one key each — a to accept, r for a suggestion that is wrong
// (rightAsIs) — counting keys from opening the
// document (at most 45), and checks the exported corrected text against
// testdata/001_….fixed.txt: the scan with every error that has a right
// suggestion fixed, each change checked by hand against the web copy 004.
func TestTerminalFixScan(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	// suggestions for 001 that are wrong (hand-checked): "Kosten fallen
	// nur" is right
	rightAsIs := map[string]bool{"fallen": true}
	const scan = "001_879768a2f144ad87"
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "folio.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	var plan []string // one key per suggestion, in text order
	for _, s := range suggestions(t, "--db", db, "--doc", scan) {
		if rightAsIs[s.Text] {
			plan = append(plan, "r")
		} else {
			plan = append(plan, "a")
		}
	}
	tm := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	tm.keys("j", "Enter")
	tm.waitFor("Kdln→Köln") // opened, with its suggestions
	keys := 0
	press := func(k string) string {
		t.Helper()
		before := tm.screen()
		tm.keys(k)
		keys++
		return tm.settle(before)
	}
	s := press("]")
	for _, k := range plan {
		if keys >= 45 {
			t.Fatalf("45 keys and 001 still has suggestions:\n%s", s)
		}
		s = press(k)
	}
	if !strings.Contains(s, "next document with suggestions") && !strings.Contains(s, "no open suggestion left") {
		t.Fatalf("after %d decisions the reader did not move on:\n%s", len(plan), s)
	}
	t.Logf("%d keys from opening 001 to the last decision", keys)
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	out := filepath.Join(t.TempDir(), "text")
	mustFolio(t, "--db", db, "export", "--format", "text", "--where", "id:"+scan, "--out", out)
	got, err := os.ReadFile(filepath.Join(out, scan+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", scan+".fixed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		g, w := "", ""
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("the corrected 001 differs from testdata/%s.fixed.txt at line %d:\ngot  %q\nwant %q", scan, i+1, g, w)
		}
	}
}

// TestTerminalResume: folio reopens the document and position last left
// in a store.
func TestTerminalResume(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, bin, db := openScan(t)
	tm.keys("G") // the reader's last line
	tm.waitFor("gez. Berg")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	// the same folder, so the same cache
	tm2 := startTerm(t, filepath.Dir(db), 120, 40, bin+" --db "+db+" --reviewer tester")
	tm2.waitFor("LIST  2/5")
	// the reader lays the text out in the background: wait for its end
	tm2.waitFor("gez. Berg")
	tm2.keys("q")
	tm2.waitFor("FOLIO-EXIT=0")
}

// TestTerminalRestoredAfterPanic: when the interface panics (here: a
// store whose list rows (Window) panic, as a damaged one might), the
// terminal is given back in cooked mode with echo, on the main screen.
func TestTerminalRestoredAfterPanic(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "panicky")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/panicky").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "folio.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	tm := startTerm(t, dir, 100, 30, bin+" "+db+"; stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' '; echo STTY-DONE")
	s := tm.waitFor("STTY-DONE")
	if !strings.Contains(s, "panic") {
		t.Fatalf("the panic was not reported:\n%s", s)
	}
	// stty's words are those on STTY-DONE's line (the panic's stack
	// above names files whose path may hold -echo, as a checkout named
	// wt-echo7 does)
	var stty []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "STTY-DONE") {
			stty = strings.Fields(l)
		}
	}
	if !slices.Contains(stty, "echo") || !slices.Contains(stty, "icanon") || slices.Contains(stty, "-echo") || slices.Contains(stty, "-icanon") {
		t.Fatalf("the terminal was left raw (stty: %q):\n%s", stty, s)
	}
	if alt := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{alternate_on}")); alt != "0" {
		t.Fatalf("the terminal was left on the alternate screen (alternate_on=%s)", alt)
	}
	if cur := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{cursor_flag}")); cur != "1" {
		t.Fatalf("the cursor was left hidden (cursor_flag=%s)", cur)
	}
}

// TestTerminalUndoUnderFilter: u opens the document it changes even where
// the list's filter hides it, and the list's reload after the undo does
// not open the list's document over it (it did once the list became a
// window over the store).
func TestTerminalUndoUnderFilter(t *testing.T) {
	bin, dir, db := realTerminal(t)
	tm := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	// #b on the first document (Mitteilung), #a on the OCR scan
	tm.keys("t")
	tm.text("b")
	tm.keys("Enter")
	tm.waitFor("Mitteilung #b")
	// t tags the open document: wait for j's to open (under load the
	// suggester's build, started by the first document, slows it)
	tm.keys("j")
	for deadline := time.Now().Add(15 * time.Second); strings.Contains(strings.SplitN(tm.screen(), "\n", 2)[0], "Reader original Mitteilung"); {
		if time.Now().After(deadline) {
			t.Fatalf("j never opened the next document:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.keys("t")
	tm.text("a")
	tm.keys("Enter")
	tm.waitFor("#a")
	// the filter shows Mitteilung alone; u takes #a off the scan
	tm.keys("/")
	tm.text("tag:b")
	tm.keys("Enter")
	// the filter's rows have come: Mitteilung alone (while typing, "tag"
	// showed more and opened Mitteilung already; a row that comes after
	// u opens the list's document, as a move of the list does)
	deadline := time.Now().Add(15 * time.Second)
	for {
		lines := strings.Split(tm.screen(), "\n")
		if len(lines) > 3 && strings.Contains(lines[0], "Documents /tag:b") && strings.Contains(lines[1], "○ Mitteilung #b") &&
			strings.TrimSpace(strings.Split(lines[2], "│")[0]) == "" && strings.Contains(lines[0], "Reader original Mitteilung") &&
			strings.Contains(strings.Join(lines, "\n"), "LIST  1/1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the filter tag:b never showed Mitteilung alone:\n%s", tm.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.keys("u")
	tm.waitFor("undone: tag #a")
	time.Sleep(time.Second) // the list's reload after the undo
	s := tm.waitFor("Reader original Wirtschaftsausschuss")
	if !strings.Contains(s, "Documents /tag:b") || !strings.Contains(s, "LIST  1/1") {
		t.Fatalf("the filter went:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	found := false
	for id, r := range exportRecords(t, db) {
		if strings.HasPrefix(id, "001") {
			found = true
			if len(r.Tags) != 0 {
				t.Fatalf("001 still tagged %v", r.Tags)
			}
		}
	}
	if !found {
		t.Fatal("no document 001 in the export")
	}
}
