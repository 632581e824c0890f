package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"folio/export"
	"folio/seeds"
	"folio/store"
)

// folio runs the command line in-process and returns stdout, stderr and
// the exit status.
func folio(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func mustFolio(t *testing.T, args ...string) (string, string) {
	t.Helper()
	out, errs, code := folio(t, args...)
	if code != 0 {
		t.Fatalf("folio %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

// seedDir writes the bundled seeds into a fresh folder, as a user's
// corpus folder would hold them.
func seedDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "seeds")
	if err := os.CopyFS(dir, seeds.FS); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestImportStatsBackupCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	seedDir := seedDir(t)
	_, errs := mustFolio(t, "--db", db, "import", seedDir)
	if want := fmt.Sprintf("imported 5 documents (0 updated, 0 unchanged, 0 skipped) into %s\n", db); !strings.HasSuffix(errs, want) {
		t.Fatalf("summary %q, want %q", errs, want)
	}
	_, errs = mustFolio(t, "--db", db, "import", seedDir)
	if !strings.Contains(errs, "imported 0 documents (0 updated, 5 unchanged, 0 skipped)") {
		t.Fatalf("re-import summary %q", errs)
	}
	out, _ := mustFolio(t, "--db", db, "stats", "--json")
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json: %v: %q", err, out)
	}
	for _, k := range []string{"documents", "by_status", "tags", "labels", "corrections", "marks", "notes"} {
		if _, ok := st[k]; !ok {
			t.Errorf("stats --json lacks %q", k)
		}
	}
	if st["documents"] != 5.0 || st["by_status"].(map[string]any)["todo"] != 5.0 {
		t.Fatalf("stats %v", st)
	}
	out, _ = mustFolio(t, "--db", db, "stats")
	if !strings.Contains(out, "documents    5") || !strings.Contains(out, "tags         none\n") {
		t.Fatalf("stats text %q", out)
	}
	bak := filepath.Join(t.TempDir(), "copy.db")
	mustFolio(t, "--db", db, "backup", bak)
	if _, errs, code := folio(t, "--db", db, "backup", bak); code != 1 || !strings.Contains(errs, "exists") {
		t.Fatalf("backup over a file: %d %q", code, errs)
	}
	_, errs = mustFolio(t, "--db", bak, "check")
	if !strings.Contains(errs, "is sound: 5 documents") {
		t.Fatalf("check %q", errs)
	}
}

func TestEnvDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("FOLIO_DB", db)
	mustFolio(t, "import", filepath.Join(seedDir(t), "001_879768a2f144ad87.txt"))
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("FOLIO_DB not used: %v", err)
	}
	if fi, _ := os.Stat(db); fi.Mode().Perm() != 0o600 {
		t.Fatalf("store mode %v", fi.Mode())
	}
}

func TestUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	seedDir := seedDir(t)
	mustFolio(t, "--db", db, "import", seedDir)
	notStore := filepath.Join(dir, "notes.txt")
	os.WriteFile(notStore, []byte("just some notes\n"), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown flag", []string{"--db", db, "stats", "--frobnicate"}, 2, "unknown flag"},
		{"extra argument", []string{"--db", db, "stats", "extra"}, 2, "unknown command"},
		{"import without paths", []string{"--db", db, "import"}, 2, "requires at least 1 arg"},
		{"bad format", []string{"--db", db, "export", "--format", "xml"}, 2, "unknown format"},
		{"bad query", []string{"--db", db, "stats", "--where", "status:maybe"}, 2, "--where"},
		{"missing path", []string{"--db", db, "import", filepath.Join(dir, "nope")}, 1, "nope"},
		{"missing folder for db", []string{"--db", filepath.Join(dir, "no", "f.db"), "import", seedDir}, 1, "does not exist"},
		{"not a store", []string{"--db", notStore, "stats"}, 1, "not a folio store"},
		{"check a non-store", []string{"--db", notStore, "check"}, 1, "not a folio store"},
		{"no store yet", []string{"--db", filepath.Join(dir, "new.db"), "stats"}, 1, "no such file"},
		{"a subcommand misspelt", []string{"--db", db, "stat"}, 2, `did you mean "stats"`},
		{"a path that does not exist", []string{"--db", db, filepath.Join(dir, "nope.txt")}, 1, "nope.txt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := folio(t, c.args...)
			if code != c.code || !strings.Contains(errs, c.msg) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errs, c.code, c.msg)
			}
		})
	}
	if b, _ := os.ReadFile(notStore); string(b) != "just some notes\n" {
		t.Fatal("folio changed a file that is not a store")
	}
}

func TestLockedStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, errs, code := folio(t, "--db", db, "stats")
	if code != 1 || !strings.Contains(errs, db) || !strings.Contains(errs, "another folio holds it") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %s", d)
	}
}

func TestImportJSONLAndWhere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, `{"id": "d%03d", "text": "Dokument %d über Köln.", "label": [[15, 19, "LOC"]]}`+"\n", i, i)
	}
	b.WriteString("not json\n")
	b.WriteString(`{"id": "x"}` + "\n")
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(b.String()), 0o644)
	_, errs := mustFolio(t, "--db", db, "import", jl)
	if !strings.Contains(errs, "in.jsonl:101") || !strings.Contains(errs, "in.jsonl:102") {
		t.Fatalf("bad lines not reported with their numbers: %q", errs)
	}
	if !strings.Contains(errs, "imported 100 documents (0 updated, 0 unchanged, 2 skipped)") {
		t.Fatalf("summary: %q", errs)
	}
	out, _ := mustFolio(t, "--db", db, "stats", "--json", "--where", "label:LOC")
	var st store.Stats
	json.Unmarshal([]byte(out), &st)
	if st.Documents != 100 || st.Labels["LOC"] != 100 {
		t.Fatalf("stats %+v", st)
	}
	out, _ = mustFolio(t, "--db", db, "stats", "--json", "--where", "-label:LOC OR id:d007")
	json.Unmarshal([]byte(out), &st)
	if st.Documents != 1 {
		t.Fatalf("where with OR: %+v", st)
	}
}

// TestExportHelpNamesEveryFormat keeps export's help in step with the
// formats it writes.
func TestExportHelpNamesEveryFormat(t *testing.T) {
	out, _ := mustFolio(t, "export", "--help")
	long, _, _ := strings.Cut(out, "Usage:")
	for _, f := range export.Formats() {
		// named in a list: "page," or "hocr (…", not "each page imported"
		if !regexp.MustCompile(`\b` + f + `(,| \()`).MatchString(long) {
			t.Errorf("export's help does not describe format %s:\n%s", f, long)
		}
	}
}

// TestExportShortOut: `-o` names export's output as `--out` does, as in
// most command-line tools.
func TestExportShortOut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	long := filepath.Join(dir, "long.jsonl")
	short := filepath.Join(dir, "short.jsonl")
	mustFolio(t, "--db", db, "export", "--out", long)
	mustFolio(t, "--db", db, "export", "-o", short)
	a, err := os.ReadFile(long)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(short)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("export -o wrote %d bytes, --out %d; want the same, not empty", len(b), len(a))
	}
}
