package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// folioWithin is folio that fails the test when the command does not
// return within d (a FIFO read would block it forever).
func folioWithin(t *testing.T, d time.Duration, args ...string) (string, string, int) {
	t.Helper()
	type result struct {
		out, errs string
		code      int
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(""), &out, &errb)
		done <- result{out.String(), errb.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.errs, r.code
	case <-time.After(d):
		t.Fatalf("folio %q did not return within %s", args, d)
		return "", "", 0
	}
}

// noControl fails if s holds an escape, BEL or other C0 control but a line
// break: what the CLI prints from data must not reach the terminal as
// control.
func noControl(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Fatalf("%s holds control %U: %q", what, r, s)
		}
	}
}

func TestInputsRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	toml := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	newDB := filepath.Join(dir, "new.db")
	cases := []struct {
		name string
		args []string
		msg  string
	}{
		{"import a FIFO", []string{"--db", newDB, "import", fifo}, "it is a FIFO"},
		{"open a FIFO", []string{"--db", newDB, fifo}, "it is a FIFO"},
		{"import a device", []string{"--db", newDB, "import", "/dev/zero"}, "it is a character device"},
		{"lexicon FIFO", []string{"--db", db, "suggest", "--lexicon", fifo}, "lexicon: "},
		{"lexicon /dev/zero", []string{"--db", db, "suggest", "--lexicon", "/dev/zero"}, "it is a character device"},
		{"patterns /dev/zero", []string{"--db", db, "suggest", "--patterns", "/dev/zero"}, "patterns: "},
		{"config FIFO", []string{"--db", db, "--config", fifo, "suggest"}, "it is a FIFO"},
		{"config lexicon /dev/zero", []string{"--db", db, "--config", toml("lex.toml", `lexicon = ["/dev/zero"]`), "suggest"}, "/dev/zero"},
		{"config patterns FIFO", []string{"--db", db, "--config", toml("pat.toml", fmt.Sprintf("patterns = [%q]", fifo)), "stats", "--where", "has:suggestions"}, "it is a FIFO"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, errs, code := folioWithin(t, 5*time.Second, c.args...)
			if code != exitFail || !strings.Contains(errs, c.msg) || !strings.Contains(errs, "not a regular file") {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, c.msg)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %s to refuse", d)
			}
		})
	}
	if _, err := os.Stat(newDB); !os.IsNotExist(err) {
		t.Errorf("a refused input created the store %s", newDB)
	}
}

func TestInputLimits(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("w"), size), 0o600); err != nil { // one endless line
			t.Fatal(err)
		}
		return p
	}
	words, pats, doc := write("words", 3<<20), write("pats.jsonl", 3<<20), write("doc.txt", 3<<20)
	cfg := filepath.Join(dir, "folio.toml")
	// the system's word lists are off: ngerman alone is over 1 MiB
	os.WriteFile(cfg, []byte("lexicon = [\"none\"]\nforeign = [\"none\"]\ndictionary = \"none\"\n[limits]\nword_list_mb = 1\npatterns_mb = 2\ndocument_mb = 1\n"), 0o600)
	_, errs, code := folio(t, "--db", db, "--config", cfg, "suggest", "--lexicon", words)
	if code != exitFail || !strings.Contains(errs, "larger than the limit of 1 MiB") || !strings.Contains(errs, "word_list_mb") {
		t.Errorf("word list: exit %d, %q", code, errs)
	}
	_, errs, code = folio(t, "--db", db, "--config", cfg, "suggest", "--patterns", pats)
	if code != exitFail || !strings.Contains(errs, "larger than the limit of 2 MiB") || !strings.Contains(errs, "patterns_mb") {
		t.Errorf("patterns: exit %d, %q", code, errs)
	}
	_, errs, code = folio(t, "--db", db, "--config", cfg, "import", doc)
	if code != exitFail || !strings.Contains(errs, "doc.txt: skipped: the file is larger than the limit of 1 MiB") {
		t.Errorf("document: exit %d, %q", code, errs)
	}
	// the same files pass under the default limits
	mustFolio(t, "--db", db, "suggest", "--lexicon", words, "--where", "id:none")
}

// TestImportNothingRead fails an import whose every input was skipped,
// so that a script does not go on as if it had imported them; an import
// that read some of its inputs succeeds and names the rest.
func TestImportNothingRead(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	cut := filepath.Join(dir, "cut.alto.xml")
	os.WriteFile(cut, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page ID="p1"><PrintSpace>
<TextBlock ID="b1"><TextLine ID="l1"><String CONTENT="Ein"/><SP/><String CONTE`), 0o600)
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o600)
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Ein Text über Köln."), 0o600)
	_, errs, code := folio(t, "--db", db, "import", cut, empty)
	if code != exitFail || !strings.Contains(errs, "cut.alto.xml: skipped") ||
		!strings.Contains(errs, "nothing imported: 2 inputs skipped") {
		t.Errorf("every input skipped: exit %d, %q", code, errs)
	}
	_, errs, code = folio(t, "--db", db, "import", cut, good)
	if code != 0 || !strings.Contains(errs, "imported 1 document (0 updated, 0 unchanged, 1 skipped)") {
		t.Errorf("one input read: exit %d, %q", code, errs)
	}
	// read again, it is unchanged: still read, not a failure
	if _, errs, code = folio(t, "--db", db, "import", good); code != 0 {
		t.Errorf("an unchanged input: exit %d, %q", code, errs)
	}
}

func TestLongIDSkipsOneLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	var b strings.Builder
	for i := range 21 {
		id := fmt.Sprintf("d%02d", i)
		if i == 10 {
			id = strings.Repeat("x", 40000) // over bbolt's 32768-byte key limit
		}
		fmt.Fprintf(&b, `{"id": %q, "text": "Text %d."}`+"\n", id, i)
	}
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(b.String()), 0o600)
	_, errs := mustFolio(t, "--db", db, "import", jl)
	if !strings.Contains(errs, "in.jsonl:11: skipped: the id is 40000 bytes long; the longest folio stores is 1024 bytes") {
		t.Errorf("the long id is not reported with its line: %q", errs)
	}
	if !strings.Contains(errs, "imported 20 documents") {
		t.Errorf("summary: %q", errs)
	}
}

func TestCLIOutputSanitized(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o700)
	evil := "a\x1b]52;c;SGVsbG8=\a.bin"
	os.WriteFile(filepath.Join(in, evil), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(in, "t\x1b]2;PWNED\a.txt"), []byte("Ein Text über Köln."), 0o600)
	os.WriteFile(filepath.Join(in, "l.jsonl"), []byte(
		`{"id": "e1", "text": "Köln am Rhein", "label": [[0, 4, "LOC\u001b]2;PWNED\u0007"]]}`+"\n"+
			`{"id": "e2", "text": "Köln am Rhein", "spans": [{"start": 0, "end": 4, "label": "LOC\nX"}]}`+"\n"+
			`{"id": "e3", "text": "Bonn am Rhein", "label": [[0, 4, "LOC"]]}`+"\n"), 0o600)
	_, errs := mustFolio(t, "--db", db, "import", in)
	noControl(t, "import's messages", errs)
	if !strings.Contains(errs, "a␛]52;c;SGVsbG8=␇.bin: skipped") {
		t.Errorf("the file name is not shown sanitized: %q", errs)
	}
	if strings.Count(errs, "may not contain control characters") != 2 {
		t.Errorf("labels with control characters not refused: %q", errs)
	}
	out, errs := mustFolio(t, "--db", db, "stats")
	noControl(t, "stats", out+errs)
	if !strings.Contains(out, "(LOC 1)") {
		t.Errorf("stats: %q", out)
	}
	_, errs, code := folio(t, "--db", db, "import", filepath.Join(dir, "gone\x1b[2J.txt"))
	noControl(t, "an error naming a path", errs)
	if code != exitFail || !strings.Contains(errs, "gone␛[2J.txt") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

func TestMisspeltCommandIsUsage(t *testing.T) {
	dir := t.TempDir()
	newDB := filepath.Join(dir, "new.db")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--db", newDB, "imprt", "x"}, `did you mean "import"`},
		{[]string{"--db", newDB, "exprot"}, `did you mean "export"`},
		{[]string{"--db", newDB, "frobnicate"}, "unknown command"},
		{[]string{"--db", newDB, "export", "--format", "brat"}, "--out DIR"},
		{[]string{"--db", newDB, "export", "--format", "text", "--out", "-"}, "--out DIR"},
	} {
		_, errs, code := folio(t, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.msg) {
			t.Errorf("folio %q: exit %d, %q; want 2 and %q", c.args, code, errs, c.msg)
		}
	}
	if _, err := os.Stat(newDB); !os.IsNotExist(err) {
		t.Errorf("bad usage created %s", newDB)
	}
}

func TestNothingWritesOverTheStore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.txt") // a store name an export file could take
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(`{"id": "s", "text": "Der Text."}`+"\n"), 0o600)
	mustFolio(t, "--db", db, "import", jl)
	orig, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(mustGetwd(t), db)
	for _, args := range [][]string{
		{"export", "--out", db, "--force"},
		{"export", "--out", rel, "--force"},
		{"export", "--out", link, "--force"},
		{"export", "--out", db},
		{"export", "--format", "text", "--out", dir, "--force"},
		{"backup", db},
		{"backup", link},
	} {
		_, errs, code := folio(t, append([]string{"--db", db}, args...)...)
		if code != exitFail {
			t.Errorf("folio %q: exit %d, %q; want 1", args, code, errs)
		}
		if b, err := os.ReadFile(db); err != nil || !bytes.Equal(b, orig) {
			t.Fatalf("folio %q changed the store (%v)", args, err)
		}
		if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("folio %q: store mode %v (%v)", args, fi.Mode(), err)
		}
	}
	mustFolio(t, "--db", db, "check")
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestEveryCommandChecksConfig: a command that reads no setting still
// refuses a --config that is missing, a FIFO or broken.
func TestEveryCommandChecksConfig(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	fifo := filepath.Join(dir, "pipe.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[limits\n"), 0o600)
	for _, cfg := range []string{filepath.Join(dir, "none.toml"), fifo, bad} {
		for _, cmd := range [][]string{{"stats"}, {"export", "--where", "id:none"}, {"check"}} {
			args := append([]string{"--db", db, "--config", cfg}, cmd...)
			if _, errs, code := folio(t, args...); code != exitFail || !strings.Contains(errs, "config "+cfg) {
				t.Errorf("%s with --config %s: exit %d, %q", cmd[0], filepath.Base(cfg), code, errs)
			}
		}
	}
	// a broken folio.toml where folio runs stops only the commands that
	// read settings: not check (whose page check runs in a child of the
	// built binary) nor help
	if testing.Short() {
		t.Skip("builds folio; -short")
	}
	bin := buildFolio(t)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("[limits\n"), 0o600)
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, nil, 0o600)
	for _, c := range []struct {
		args []string
		fail bool
	}{
		{[]string{"--db", db, "--config", bad, "check"}, true},
		{[]string{"--db", db, "check"}, false},
		{[]string{"--db", db, "--config", good, "check"}, false},
		{[]string{"help", "import"}, false},
	} {
		cmd := exec.Command(bin, c.args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); c.fail != (err != nil) {
			t.Errorf("folio %s beside a broken folio.toml: %v\n%s", strings.Join(c.args, " "), err, out)
		}
	}
}

// A FIFO or a device given as the store is called what it is, by every
// command, and never read (it would block or never end).
func TestStoreNotRegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "p.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	for db, kind := range map[string]string{
		"/dev/zero": "a character device",
		"/dev/null": "a character device",
		fifo:        "a FIFO",
	} {
		for _, cmd := range [][]string{{"stats"}, {"check"}, {"export"}, {"import", seedDir(t)}, {"token", "list"}} {
			t.Run(filepath.Base(db)+" "+cmd[0], func(t *testing.T) {
				out, errs, code := folioWithin(t, 5*time.Second, append([]string{"--db", db}, cmd...)...)
				want := "not a regular file (it is " + kind + ")"
				if code != exitFail || out != "" || !strings.Contains(errs, db) || !strings.Contains(errs, want) {
					t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, out, errs, want)
				}
				if strings.Contains(errs, "empty") {
					t.Errorf("%s is called empty: %q", db, errs)
				}
			})
		}
	}
}

// Every path given that cannot be read gets a message of its own, the
// import's as the TUI's, and nothing is imported.
func TestEveryPathRefusedNamed(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	good := filepath.Join(dir, "a.txt")
	os.WriteFile(good, []byte("Ein Text.\n"), 0o600)
	missing := filepath.Join(dir, "none.txt")
	db := filepath.Join(dir, "s.db")
	want := []string{
		"folio: read " + fifo + ": not a regular file (it is a FIFO)",
		"folio: read /dev/zero: not a regular file (it is a character device)",
		"folio: read " + missing + ": no such file or directory",
	}
	for _, args := range [][]string{
		{"--db", db, "import", fifo, good, "/dev/zero", missing},
		{"--db", db, fifo, good, "/dev/zero", missing},
	} {
		_, errs, code := folioWithin(t, 5*time.Second, args...)
		if got := strings.Split(strings.TrimSpace(errs), "\n"); code != exitFail || !slices.Equal(got, want) {
			t.Errorf("folio %q: exit %d\n%s\nwant 1 and\n%s", args[2:], code, errs, strings.Join(want, "\n"))
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("refused inputs created the store")
	}
}
