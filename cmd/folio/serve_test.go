package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"folio/store"
)

// startServe runs folio serve --listen on a free port in dir and returns
// its address, its certificate fingerprint, and stop, which stops it
// (SIGTERM: it must exit 0 and remove its socket; the test's end calls it
// too).
func startServe(t *testing.T, bin, dir string) (addr, fp string, stop func()) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		done <- cmd.Wait()
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			if err := <-done; err != nil {
				t.Errorf("folio serve after SIGTERM: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "folio.db.sock")); err == nil {
				t.Error("the socket outlived folio serve")
			}
		})
	}
	t.Cleanup(stop)
	re := regexp.MustCompile(`serving on (\S+) over TLS, certificate (sha256:[0-9a-f]{64})`)
	deadline := time.After(15 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("folio serve ended before serving")
			}
			if m := re.FindStringSubmatch(l); m != nil {
				go func() {
					for range lines {
					}
				}()
				return m[1], m[2], stop
			}
		case <-deadline:
			t.Fatal("folio serve did not say it serves")
		}
	}
}

// TestServeTCP runs folio serve --listen and works on its store over TLS
// with a token: the output equals the local one, no token and a wrong one
// are refused, and the token's name is what the change log records.
func TestServeTCP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	if _, errs, code := binRun(t, bin, dir, "import", seedDir(t)); code != 0 {
		t.Fatal(errs)
	}
	wantStats, _, _ := binRun(t, bin, dir, "stats")
	wantExport, _, _ := binRun(t, bin, dir, "export")
	tok, errs, code := binRun(t, bin, dir, "token", "add", "rev-a")
	tok = strings.TrimSpace(tok)
	if code != 0 || !strings.HasPrefix(tok, "folio_") || !strings.Contains(errs, "not kept") {
		t.Fatalf("token add: exit %d %q %q", code, tok, errs)
	}
	if _, errs, code := binRun(t, bin, dir, "token", "add", "../evil"); code != 2 || !strings.Contains(errs, "not a reviewer name") {
		t.Fatalf("token add ../evil: exit %d %s", code, errs)
	}
	addr, fp, stop := startServe(t, bin, dir)
	other := t.TempDir() // the client has no store of its own
	remote := func(args ...string) (string, string, int) {
		return binRun(t, bin, other, append([]string{"--server", addr, "--fingerprint", fp, "--token", tok, "--reviewer", "mallory"}, args...)...)
	}
	if out, errs, code := remote("stats"); code != 0 || out != wantStats {
		t.Fatalf("stats over TLS: exit %d\n%s\n%s\nwant\n%s", code, out, errs, wantStats)
	}
	if out, _, code := remote("export"); code != 0 || out != wantExport {
		t.Fatalf("export over TLS: exit %d, differs from the local one", code)
	}
	// an import over TCP: the file is read by the client
	extra := filepath.Join(other, "extra.txt")
	os.WriteFile(extra, []byte("Ein Blatt\n\nvon rev-a."), 0o644)
	if _, errs, code := remote("import", extra); code != 0 {
		t.Fatalf("import over TLS: %s", errs)
	}
	// refusals
	for name, args := range map[string][]string{
		"no token":    {"--server", addr, "--fingerprint", fp, "stats"},
		"wrong token": {"--server", addr, "--fingerprint", fp, "--token", tok + "x", "stats"},
		"wrong pin":   {"--server", addr, "--fingerprint", "sha256:" + strings.Repeat("0", 64), "--token", tok, "stats"},
	} {
		out, errs, code := binRun(t, bin, other, args...)
		if code != 1 || out != "" || !strings.Contains(errs, "connect to "+addr) {
			t.Errorf("%s: exit %d %q %q, want a refusal", name, code, out, errs)
		}
		if strings.HasSuffix(name, "token") && !strings.Contains(errs, "refused by the server") {
			t.Errorf("%s: %q does not say the server refused", name, errs)
		}
	}
	if names, _, _ := binRun(t, bin, dir, "token", "list"); strings.TrimSpace(names) != "rev-a" {
		t.Fatalf("token list: %q", names)
	}
	b, err := os.ReadFile(filepath.Join(dir, "folio.db.tokens"))
	if err != nil || strings.Contains(string(b), tok) {
		t.Fatalf("the token file keeps the token itself (or is missing: %v)", err)
	}
	stop()
	// the change log records the token's reviewer, not the one claimed
	st, err := store.Open(filepath.Join(dir, "folio.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var last store.Action
	st.Log(func(a store.Action) error { last = a; return nil })
	if last.Kind != store.ActImport || last.Author != "rev-a" {
		t.Fatalf("the last action %s by %q, want rev-a's import", last.Kind, last.Author)
	}
	if _, err := st.Doc("extra"); err != nil {
		t.Fatalf("the import over TLS is not in the store: %v", err)
	}
}

// TestTerminalReviewerOverTCP runs a reviewer's TUI against folio serve
// over TLS: their queue comes first, space marks it done, and the change
// log records the token's reviewer.
func TestTerminalReviewerOverTCP(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	if _, errs, code := binRun(t, bin, dir, "import", seedDir(t)); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := binRun(t, bin, dir, "assign", "--where", "kdln", "--to", "rev-a"); code != 0 {
		t.Fatal(errs)
	}
	tok, _, _ := binRun(t, bin, dir, "token", "add", "rev-a")
	addr, fp, stop := startServe(t, bin, dir)
	tm := startTerm(t, t.TempDir(), 120, 40, bin+" --server "+addr+" --fingerprint "+fp+" --token "+strings.TrimSpace(tok)+" --reviewer mallory")
	tm.waitFor("your queue first: 1 document, 1 to do")
	// the queue's count can come before the list's rows over TCP; space
	// before them is refused with a word (TestDoneNextBeforeTheListLoaded)
	tm.waitFor("○ Wirtschaftsausschuss")
	tm.keys("Space")
	tm.waitFor("done 20 %")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	stop()
	st, err := store.Open(filepath.Join(dir, "folio.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Doc("001_879768a2f144ad87")
	if err != nil || d.Status != "done" || d.ChangedBy != "rev-a" {
		t.Fatalf("the reviewer's document: status %q changed by %q (%v)", d.Status, d.ChangedBy, err)
	}
	var last store.Action
	st.Log(func(a store.Action) error { last = a; return nil })
	if last.Author != "rev-a" || last.What != "status done" {
		t.Fatalf("the last action %q by %q, want rev-a's status done", last.What, last.Author)
	}
}
