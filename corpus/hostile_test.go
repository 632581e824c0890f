package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"folio/internal/safefile"
)

// readDone runs ReadWith in the background and fails the test if it does
// not return within 5 s (a FIFO would block it forever).
func readDone(t *testing.T, paths []string, opt Options) (*got, error) {
	t.Helper()
	g := &got{}
	done := make(chan error, 1)
	go func() { done <- ReadWith(paths, opt, g.doc, g.problem) }()
	select {
	case err := <-done:
		return g, err
	case <-time.After(5 * time.Second):
		t.Fatalf("Read(%q) blocked", paths)
		return nil, nil
	}
}

func TestReadRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Ein Text.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// given by name: refused before anything is read
	for _, p := range []string{fifo, "/dev/zero"} {
		err := CheckPaths([]string{p})
		if !errors.Is(err, safefile.ErrNotRegular) || !strings.Contains(err.Error(), p) {
			t.Errorf("CheckPaths(%s) = %v, want a not-regular error naming it", p, err)
		}
		g, err := readDone(t, []string{filepath.Join(dir, "a.txt"), p}, Options{})
		if !errors.Is(err, safefile.ErrNotRegular) || len(g.docs) != 0 {
			t.Errorf("Read(a.txt, %s) = %v with %d documents, want an error and nothing read", p, err, len(g.docs))
		}
	}
	// found in a folder: skipped by name, the rest is read
	g, err := readDone(t, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.docs) != 1 || g.docs[0].ID != "a" {
		t.Errorf("read %q, want [a]", g.ids())
	}
	g.expectProblem(t, fifo, "not a regular file", true)
}

func TestReadLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.txt", strings.Repeat("Wort ", 100))
	small := write("small.txt", "Kurz.")
	lines := write("l.jsonl", `{"id":"a","text":"kurz"}`+"\n"+
		`{"id":"b","text":"`+strings.Repeat("x", 300)+`"}`+"\n"+
		`{"id":"c","text":"auch kurz"}`+"\n"+
		`{"id":"d","text":"`+strings.Repeat("y", 300)+`"}`) // no line end
	g, err := readDone(t, []string{big, small, lines}, Options{MaxDocument: 100})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(g.ids(), ","); got != "small,a,c" {
		t.Errorf("read %s, want small,a,c", got)
	}
	g.expectProblem(t, big, "larger than the limit of 100 bytes", true)
	g.expectProblem(t, lines+":2", "larger than the limit of 100 bytes", true)
	g.expectProblem(t, lines+":4", "[limits] document_mb", true)
}

// TestLongLineBounded reads a 64 MiB line under a 1 MiB limit: the line is
// skipped without being held.
func TestLongLineBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB; -short")
	}
	p := filepath.Join(t.TempDir(), "huge.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	chunk := []byte(strings.Repeat("z", 1<<20))
	for range 64 {
		f.Write(chunk)
	}
	f.WriteString("\n" + `{"id":"after","text":"danach"}` + "\n")
	f.Close()
	g, err := readDone(t, []string{p}, Options{MaxDocument: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(g.ids(), ","); got != "after" {
		t.Errorf("read %s, want after", got)
	}
	g.expectProblem(t, p+":1", "larger than the limit of 1 MiB", true)
}

func TestLongIDSkippedAlone(t *testing.T) {
	long := strings.Repeat("i", 40000)
	g := readJSONLines(t,
		`{"id":"ok1","text":"eins"}`,
		`{"id":"`+long+`","text":"zwei"}`,
		`{"id":"ok3","text":"drei"}`)
	if got := strings.Join(g.ids(), ","); got != "ok1,ok3" {
		t.Errorf("read %s, want ok1,ok3", got)
	}
	found := false
	for _, p := range g.probs {
		if strings.HasSuffix(p.Where, ":2") && strings.Contains(p.Msg, "40000 bytes") && p.Skipped {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem for line 2; got:\n%s", g.problemList())
	}
}

// FuzzLineReader: under a limit, no line longer than the limit is
// returned, over-long lines come back as *safefile.TooLargeError, and
// every line is counted once.
func FuzzLineReader(f *testing.F) {
	f.Add("a\nbb\n"+strings.Repeat("c", 40)+"\nd", 8)
	f.Add("\r\n\n\n", 1)
	f.Add(strings.Repeat("x", 70000)+"\nok", 100)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 1 || max > 1<<20 {
			return
		}
		lr := newLineReader(strings.NewReader(s))
		lr.max = int64(max)
		lines := 0
		for {
			l, err := lr.next()
			var tl *safefile.TooLargeError
			if errors.As(err, &tl) {
				lines++
				continue
			}
			if err != nil {
				break
			}
			lines++
			if len(l) > max+2 {
				t.Fatalf("a line of %d bytes under a limit of %d", len(l), max)
			}
		}
		want := strings.Count(s, "\n")
		if s != "" && !strings.HasSuffix(s, "\n") {
			want++
		}
		if lines != want || lr.n != want {
			t.Fatalf("%d lines (n=%d), want %d", lines, lr.n, want)
		}
	})
}
