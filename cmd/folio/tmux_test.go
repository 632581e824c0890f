package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/internal/bench"
)

// The real-terminal tests build the folio binary, run it in a tmux pane,
// type at it with send-keys, read the screen with capture-pane, and check
// the store afterwards. Without tmux they are skipped, except under CI
// (FOLIO_CI=1), whose script installs it.

// tmuxTerm is one tmux server with one pane running folio.
type tmuxTerm struct {
	t    *testing.T
	sock string
	// socketPath is the server's socket file: tmux leaves it behind when
	// the server is killed, so the test's cleanup removes it.
	socketPath string
}

// realTerminal starts a real-terminal test: skipped with -short, it
// returns the folio binary built, a temporary folder and the path of a
// store in it (not made).
func realTerminal(t *testing.T) (bin, dir, db string) {
	t.Helper()
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin = buildFolio(t)
	dir = t.TempDir()
	return bin, dir, filepath.Join(dir, "folio.db")
}

func buildFolio(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "folio")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTerm(t *testing.T, dir string, w, h int, command string) *tmuxTerm {
	t.Helper()
	return startTermAs(t, "xterm-256color", dir, w, h, command)
}

// startTermAs is startTerm with folio seeing TERM=term.
func startTermAs(t *testing.T, term, dir string, w, h int, command string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("FOLIO_CI") != "" {
			t.Fatal("tmux is not installed")
		}
		t.Skip("tmux is not installed")
	}
	tm := &tmuxTerm{t: t, sock: fmt.Sprintf("folio-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	// where folio keeps the place to reopen at: per test, not the user's
	cache := filepath.Join(dir, ".cache")
	t.Cleanup(tm.close)
	// the pane stays open after folio exits, so its last screen can be
	// read; the exit line starts a line of its own, so it never wraps
	// where folio left the cursor near the right edge. CI=true as every CI
	// service sets it, so a run here sees what a run there sees (termenv
	// takes CI for a log without colours).
	tm.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-c", dir,
		"env CI=true TERM="+term+" XDG_CACHE_HOME="+cache+" "+command+"; printf '\\nFOLIO-EXIT=%s\\n' $?; sleep 60")
	tm.socketPath = strings.TrimSpace(tm.run("display-message", "-p", "#{socket_path}"))
	tm.run("set-option", "-t", "t", "remain-on-exit", "on")
	return tm
}

// close stops the tmux server and removes its socket file.
func (tm *tmuxTerm) close() {
	exec.Command("tmux", "-L", tm.sock, "kill-server").Run()
	if tm.socketPath != "" {
		if err := os.Remove(tm.socketPath); err != nil && !os.IsNotExist(err) {
			tm.t.Errorf("tmux socket: %v", err)
		}
	}
}

func (tm *tmuxTerm) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (tm *tmuxTerm) screen() string { return tm.run("capture-pane", "-p", "-t", "t") }

// keys sends tmux key names (Enter, C-u, Space, j) one at a time.
func (tm *tmuxTerm) keys(keys ...string) {
	for _, k := range keys {
		tm.run("send-keys", "-t", "t", k)
		time.Sleep(60 * time.Millisecond)
	}
}

// text types literal text.
func (tm *tmuxTerm) text(s string) {
	tm.run("send-keys", "-t", "t", "-l", s)
	time.Sleep(60 * time.Millisecond)
}

// waitFor polls the screen until it shows want.
func (tm *tmuxTerm) waitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitGone polls the screen until it no longer shows gone.
func (tm *tmuxTerm) waitGone(gone string) string {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := tm.screen()
		if !strings.Contains(s, gone) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen still shows %q; it shows:\n%s", gone, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func exportRecords(t *testing.T, db string) map[string]annot.Record {
	t.Helper()
	out, _ := mustFolio(t, "--db", db, "export")
	recs := map[string]annot.Record{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r annot.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		recs[r.ID] = r
	}
	return recs
}

// openScan starts folio on a new store of the seeds in a 120×40 pane and
// opens the OCR scan 001 in the reader.
func openScan(t *testing.T) (tm *tmuxTerm, bin, db string) {
	t.Helper()
	bin = buildFolio(t)
	dir := t.TempDir()
	db = filepath.Join(dir, "folio.db")
	tm = startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	tm.keys("j", "Enter")
	tm.waitFor("ist auf Initiative")
	tm.waitFor("Kdln→Köln") // the suggestions have arrived
	return tm, bin, db
}

// TestTerminalLeavesNoSocket checks that a terminal test's cleanup
// removes its tmux socket: killing the server leaves the file behind,
// and every run of the suite left dozens in /tmp/tmux-UID.
func TestTerminalLeavesNoSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	var path string
	t.Run("term", func(t *testing.T) {
		tm := startTerm(t, t.TempDir(), 40, 10, "echo ready")
		tm.waitFor("ready")
		path = tm.socketPath
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("the running server's socket: %v", err)
		}
	})
	if path == "" {
		if os.Getenv("FOLIO_CI") == "" {
			t.Skip("no terminal was started (tmux is not installed)")
		}
		t.Fatal("no socket path was read")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s is left after the test (stat: %v)", path, err)
	}
}

// TestTerminalReview does a reviewer's pass in a real terminal: open the
// OCR scan, search Kdln, correct it to Köln, tag the document, mark it
// done, quit; survive a resize to 20×6; then find it all in the store and
// undo it after a restart.
func TestTerminalReview(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, bin, db := openScan(t)
	tm.keys("/")
	tm.text("Kdln")
	tm.keys("Enter", "c")
	tm.waitFor("Correct")
	tm.keys("C-u")
	tm.text("Köln")
	tm.keys("Enter")
	tm.waitFor("“Kdln” → “Köln”")
	tm.keys("t")
	tm.text("ocr")
	tm.keys("Enter")
	tm.waitFor("#ocr")

	// a tiny terminal and back: still alive, still drawing
	tm.run("resize-window", "-t", "t", "-x", "20", "-y", "6")
	time.Sleep(300 * time.Millisecond)
	if s := tm.screen(); strings.Contains(s, "FOLIO-EXIT") || strings.Contains(s, "panic") {
		t.Fatalf("folio died at 20×6:\n%s", s)
	}
	tm.run("resize-window", "-t", "t", "-x", "120", "-y", "40")
	tm.waitFor("Annotations")

	tm.keys("Space")
	tm.waitFor("done 20 %")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")

	r := exportRecords(t, db)["001_879768a2f144ad87"]
	if r.Status != annot.StatusDone || len(r.Tags) != 1 || r.Tags[0] != "ocr" {
		t.Fatalf("status %q tags %v", r.Status, r.Tags)
	}
	if len(r.Corrections) != 1 || r.Corrections[0].Original != "Kdln" || r.Corrections[0].Replacement != "Köln" ||
		r.Corrections[0].Author != "tester" || !strings.HasPrefix(r.CorrectedText, " Wirtschaftsausschuss 09.03.2017\n\nKoln tritt") ||
		!strings.Contains(r.CorrectedText, "\nKöln ist auf Initiative") {
		t.Fatalf("corrections %+v", r.Corrections)
	}

	// undo survives a restart: the store's change log is the source
	tm2 := startTerm(t, filepath.Dir(db), 120, 40, bin+" --db "+db+" --reviewer tester")
	tm2.waitFor("Wirtschaftsaussch") // the row may be cut before its tags and counts
	tm2.keys("u")
	tm2.waitFor("undone: status done")
	tm2.keys("q")
	tm2.waitFor("FOLIO-EXIT=0")
	if r := exportRecords(t, db)["001_879768a2f144ad87"]; r.Status != annot.StatusTodo {
		t.Fatalf("undo after restart: status %q", r.Status)
	}
}

// TestTerminalHostileDocument opens a document full of escape sequences:
// the pane's title must not change and the status line must still show.
func TestTerminalHostileDocument(t *testing.T) {
	bin, dir, db := realTerminal(t)
	evil := "Evil document\n" +
		"\x1b]0;PWNED-TITLE\x07 title via OSC 0\n" +
		"\x1b]52;c;cHduZWQ=\x07 clipboard via OSC 52\n" +
		"\x1b[2J\x1b[H cleared the screen?\n" +
		"\x1bP+q544e\x1b\\ a DCS request\n" +
		"\x1b_APC\x1b\\ \x9b31m C1 CSI \u202eevil bidi\u202c back\r overwrite \b\b\a bell\n"
	os.WriteFile(filepath.Join(dir, "evil.txt"), []byte(evil), 0o644)
	mustFolio(t, "--db", db, "import", filepath.Join(dir, "evil.txt"))
	tm := startTerm(t, dir, 100, 30, bin+" --db "+db)
	tm.run("select-pane", "-t", "t", "-T", "folio-test-title")
	tm.waitFor("Evil document")
	tm.keys("Enter")
	tm.waitFor("title via OSC 0")
	time.Sleep(300 * time.Millisecond)
	if title := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_title}")); title != "folio-test-title" {
		t.Fatalf("the document changed the pane title to %q", title)
	}
	s := tm.screen()
	// the line after the clear-screen sequence is drawn (its words may
	// carry a suggestion by now: "cleared the screen→…")
	if !strings.Contains(s, "␛") || !strings.Contains(s, "done 0 %") || !strings.Contains(s, "␛[2J␛[H cleared the screen") {
		t.Fatalf("escape sequences were not drawn as symbols, or the status line is gone:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
}

// TestTerminalSuggestions accepts, rejects and applies suggestions
// everywhere, undoes and redoes, and labels an entity that then propagates.
func TestTerminalSuggestions(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, _, db := openScan(t)
	search := func(word string) {
		tm.keys("/")
		tm.text(word)
		tm.keys("Enter")
	}
	search("Biindnis")
	tm.keys("a")
	tm.waitFor("saved: correct “Biindnis” → “Bündnis”")
	search("mochte")
	tm.keys("r")
	tm.waitFor("saved: reject “mochte”")
	search("Industriestadteallianz")
	tm.keys("A")
	tm.waitFor("5 places in 1 document")
	tm.keys("y")
	tm.waitFor("saved: correct “Industriestadteallianz” → “Industriestädteallianz” everywhere")
	tm.keys("u")
	tm.waitFor("undone: correct “Industriestadteallianz”")
	tm.keys("C-r")
	tm.waitFor("redone: correct “Industriestadteallianz”")
	search("Ute Berg")
	tm.keys("e")
	tm.waitFor("PER")
	tm.keys("p")
	tm.waitFor("canonical name")
	tm.keys("Enter")
	tm.waitFor("saved: label “Ute Berg” PER")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")

	r := exportRecords(t, db)["001_879768a2f144ad87"]
	fixes := map[string]int{}
	for _, c := range r.Corrections {
		fixes[c.Original+"→"+c.Replacement]++
		if c.Origin != annot.OriginSuggestion {
			t.Errorf("correction %+v: origin %q, want suggestion", c, c.Origin)
		}
	}
	if fixes["Biindnis→Bündnis"] != 1 || fixes["Industriestadteallianz→Industriestädteallianz"] != 5 {
		t.Fatalf("corrections %v", fixes)
	}
	if len(r.Rejected) != 1 || r.Rejected[0].Text != "mochte" {
		t.Fatalf("rejected %+v", r.Rejected)
	}
	if len(r.Entities) != 1 || r.Entities[0].Label != "PER" || r.Entities[0].Canonical != "Ute Berg" {
		t.Fatalf("entities %+v", r.Entities)
	}
	// the entity propagates: folio suggests it where 004 mentions it
	n := 0
	for _, s := range suggestions(t, "--db", db, "--doc", "004_b1b4a13e5fce09e4") {
		if s.Text == "Ute Berg" && s.Candidates[0].Text == "PER" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("Ute Berg suggested %d times in 004, want 2", n)
	}
}

// TestTerminalOpenPaths: `folio PATH...` imports the paths, then opens
// them (DESIGN's main entry point); the seeds are not imported then.
func TestTerminalOpenPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "corpus", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "corpus", "brief.txt"), []byte("Ein Brief aus Köln\n\nText."), 0o644)
	os.WriteFile(filepath.Join(dir, "corpus", "sub", "notiz.txt"), []byte("Eine Notiz\n"), 0o644)
	db := filepath.Join(dir, "folio.db")
	tm := startTerm(t, dir, 100, 30, bin+" --db "+db+" corpus")
	s := tm.waitFor("Eine Notiz")
	if !strings.Contains(s, "Ein Brief aus Köln") || strings.Contains(s, "Wirtschaftsausschuss") {
		t.Fatalf("the list should hold the two imported documents only:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	if recs := exportRecords(t, db); len(recs) != 2 || recs["sub/notiz"].Title != "Eine Notiz" {
		t.Fatalf("store holds %d documents: %v", len(recs), recs)
	}
}

// TestTerminalTypeAheadAtLaunch: keys typed while folio asks the terminal
// what it can draw, which reach folio in the same read as the terminal's
// answers, are not lost. A reviewer who types "/" and a word right after
// the command gets that filter. The terminal is a pseudo-terminal the test
// plays (internal/bench): it sends the keys just before its answer to the
// graphics query.
func TestTerminalTypeAheadAtLaunch(t *testing.T) {
	bin, dir, db := realTerminal(t)
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := bench.StartSessionTyping("/Chongq", 120, 30,
		[]string{"CI=true", "TERM=xterm-256color", "XDG_CACHE_HOME=" + filepath.Join(dir, ".cache")}, bin, "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Wait(30*time.Second, func(sc *bench.Screen) bool { return sc.Contains("/Chongq") }); err != nil {
		t.Fatalf("the keys typed at launch were lost: %v", err)
	}
	if _, err := s.Send("\r"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Wait(10*time.Second, func(sc *bench.Screen) bool { return sc.Contains("LIST  1/1") }); err != nil {
		t.Fatal(err)
	}
}

// TestTerminalSuggestionsPreparedWhenRead: once the first launch has
// counted the imported documents' suggestions, a launch, browsing and
// filtering the list prepare no suggester (the panel says they are not
// prepared, not "(0)"); enter on a document prepares them and they show.
func TestTerminalSuggestionsPreparedWhenRead(t *testing.T) {
	bin, dir, db := realTerminal(t)
	first := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	first.waitFor("○ Wirtschaftsausschuss")
	first.waitGone("counting suggestions")
	first.keys("q")
	first.waitFor("FOLIO-EXIT=0")

	tm := startTerm(t, dir, 120, 40, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("○ Wirtschaftsausschuss")
	tm.waitFor("not prepared yet")
	tm.keys("j", "k", "j")
	tm.keys("/")
	tm.text("Kdln")
	tm.keys("Enter")
	tm.waitFor("1/1")
	s := tm.waitFor("not prepared yet")
	if strings.Contains(s, "Suggestions (0)") || strings.Contains(s, "counting suggestions") {
		t.Fatalf("after browsing and filtering:\n%s", s)
	}
	tm.keys("Enter")
	tm.waitFor("ist auf Initiative")
	tm.waitFor("Kdln→Köln") // the suggestions have arrived
	if s := tm.screen(); strings.Contains(s, "not prepared yet") || strings.Contains(s, "preparing suggestions") {
		t.Fatalf("the suggestions came, the panel says otherwise:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
}

// TestTerminalHelpPages: the full help is taller than the screen, and a
// reader pages through it as through any pager: G shows its last
// section, g its first, ctrl+d and ctrl+u a page at a time, and esc
// returns to the list it covered.
func TestTerminalHelpPages(t *testing.T) {
	bin, dir, db := realTerminal(t)
	os.WriteFile(filepath.Join(dir, "brief.txt"), []byte("Ein Brief aus Köln\n\nText."), 0o644)
	tm := startTerm(t, dir, 100, 30, bin+" --db "+db+" brief.txt")
	tm.waitFor("Ein Brief aus Köln")
	tm.keys("?")
	tm.waitFor("Everywhere")
	tm.keys("G")
	s := tm.waitFor("This help")
	if strings.Contains(s, "Everywhere") {
		t.Fatalf("G left the first section in sight:\n%s", s)
	}
	tm.keys("g")
	tm.waitGone("This help")
	tm.keys("C-d")
	tm.waitGone("Everywhere")
	tm.keys("C-u")
	tm.waitFor("Everywhere")
	tm.keys("End")
	tm.waitFor("This help")
	tm.keys("Escape")
	s = tm.waitGone("This help")
	if !strings.Contains(s, "Ein Brief aus Köln") || strings.Contains(s, "Keys (") {
		t.Fatalf("esc did not return to the list:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
}

// TestTerminalEntityAlias labels a mention reading Cologne with the
// canonical entity Köln, and one reading Köln, as a user types it; then
// the list's filter entity:cologne finds both documents by the alias,
// and so does the CLI's --where on the store.
func TestTerminalEntityAlias(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	for name, text := range map[string]string{"a.txt": "Cologne is a city on the Rhine.\n", "b.txt": "Köln liegt am Rhein.\n", "c.txt": "Bonn liegt auch am Rhein.\n"} {
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("[[label]]\nname = \"LOC\"\nkey = \"l\"\n"), 0o600)
	if out, err := exec.Command(bin, "--db", db, "import", filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt")).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	tm := startTerm(t, dir, 120, 30, bin+" --db "+db+" --reviewer tester")
	tm.waitFor("Cologne is a city")
	tm.keys("Enter", "e")
	tm.waitFor("Label “Cologne”")
	tm.keys("l")
	tm.waitFor("canonical name")
	tm.keys("C-u")
	tm.text("Köln")
	tm.keys("Enter")
	tm.waitFor("saved: label “Cologne” LOC")
	tm.keys("Escape", "M-1", "j", "Enter")
	tm.waitFor("Reader original Köln liegt")
	tm.keys("e", "l") // Köln is registered: labelled so at once
	tm.waitFor("saved: label “Köln” LOC")
	tm.keys("M-1", "/")
	tm.text("entity:cologne")
	tm.keys("Enter")
	tm.waitFor("LIST  2/2")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	out, err := exec.Command(bin, "--db", db, "stats", "--where", "entity:cologne").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "documents    2 ") {
		t.Errorf("stats --where entity:cologne: %v\n%s", err, out)
	}
}
