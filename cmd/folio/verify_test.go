package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestReadsVerify: a text that does not match its hash, a document listed
// without a record and a record that does not decode fail the commands
// that read them with exit 1, naming the documents; export writes
// nothing, import refuses to re-anchor onto a damaged text.
func TestReadsVerify(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(`{"id": "a", "text": "Alpha."}`+"\n"+`{"id": "b", "text": "Beta."}`+"\n"+
		`{"id": "c", "text": "Gamma."}`+"\n"+`{"id": "d", "text": "Delta."}`+"\n"), 0o600)
	mustFolio(t, "--db", db, "import", jl)
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("text")).Put([]byte("b"), []byte("Be\x00a.")); err != nil {
			return err
		}
		if err := tx.Bucket([]byte("docs")).Put([]byte("d"), []byte{0xff, 1, 2}); err != nil {
			return err
		}
		return tx.Bucket([]byte("docs")).Delete([]byte("c"))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	for _, args := range [][]string{{"export"}, {"export", "--out", out}, {"export", "--format", "text", "--out", filepath.Join(dir, "txt")}} {
		stdout, errs, code := folio(t, append([]string{"--db", db}, args...)...)
		if code != exitFail || stdout != "" {
			t.Errorf("export %q: exit %d, %d bytes on stdout; want 1 and nothing", args, code, len(stdout))
		}
		for _, want := range []string{`"b": its text does not match its hash`, `"c" is listed but has no record`, `"d": its record does not decode`} {
			if !strings.Contains(errs, want) {
				t.Errorf("export %q does not say %q: %q", args, want, errs)
			}
		}
	}
	for _, p := range []string{out, filepath.Join(dir, "txt")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("export left %s", p)
		}
	}
	// with --where, the texts not selected are not read, but records
	// that are missing or do not decode cannot be matched: still damage
	_, errs, code := folio(t, "--db", db, "export", "--where", "id:a")
	if code != exitFail || strings.Contains(errs, `"b"`) || !strings.Contains(errs, `"c"`) {
		t.Errorf("export --where id:a: exit %d, %q", code, errs)
	}
	// stats come from the indexes, of the whole corpus and of a
	// selection alike, reading no record (check finds the damage)
	if stdout, errs, code := folio(t, "--db", db, "stats", "--where", "id:d"); code != 0 || !strings.HasPrefix(stdout, "documents    1 ") {
		t.Errorf("stats --where id:d: exit %d, %q, %q", code, stdout, errs)
	}
	if _, errs, code = folio(t, "--db", db, "check"); code != exitFail || !strings.Contains(errs+"", "found") {
		t.Errorf("check: exit %d, %q", code, errs)
	}
	os.WriteFile(jl, []byte(`{"id": "b", "text": "Beta, neu."}`+"\n"), 0o600)
	if _, errs, code = folio(t, "--db", db, "import", jl); code != exitFail || !strings.Contains(errs, `"b": its text does not match its hash`) {
		t.Errorf("import over a damaged text: exit %d, %q", code, errs)
	}
}

// seedStoreBytes imports the seeds into a new store and returns its
// folder, its file and the file's bytes, for a test to damage.
func seedStoreBytes(t *testing.T) (dir, db string, b []byte) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	return dir, db, b
}

// TestBackupRefusesDamage: backup copies a store whose pages fail the
// check only with --force.
func TestBackupRefusesDamage(t *testing.T) {
	dir, db, b := seedStoreBytes(t)
	// find a leaf page of texts and break the order of its keys
	at := bytes.Index(b, storedText(t, db, "001"))
	if at < 0 {
		t.Fatal("the text of 001 is not in the file")
	}
	page := at / 4096 * 4096
	pageKeyOrderBroken := false
	for i := page + 16; i < page+4096-16; i++ {
		if string(b[i:i+4]) == "001_" {
			copy(b[i:], "zzz_")
			pageKeyOrderBroken = true
			break
		}
	}
	if !pageKeyOrderBroken {
		t.Fatal("no key 001_ on the text's page")
	}
	os.WriteFile(db, b, 0o600)
	_, errs, code := folio(t, "--db", db, "backup", filepath.Join(dir, "copy.db"))
	if code != exitFail || !strings.Contains(errs, "damaged") || !strings.Contains(errs, "--force") {
		t.Fatalf("backup of a damaged store: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); !os.IsNotExist(err) {
		t.Fatal("a refused backup left a file")
	}
	mustFolio(t, "--db", db, "backup", "--force", filepath.Join(dir, "copy.db"))
}

// TestBackupForceTruncated copies a store too damaged to open (cut short)
// as it is with --force, and refuses it without.
func TestBackupForceTruncated(t *testing.T) {
	dir, db, b := seedStoreBytes(t)
	cut := b[:len(b)/2]
	os.WriteFile(db, cut, 0o600)
	copyDB := filepath.Join(dir, "copy.db")
	if _, errs, code := folio(t, "--db", db, "backup", copyDB); code != exitFail || !strings.Contains(errs, "truncated") {
		t.Fatalf("backup of a truncated store: exit %d, %q", code, errs)
	}
	_, errs := mustFolio(t, "--db", db, "backup", "--force", copyDB)
	if got, _ := os.ReadFile(copyDB); !bytes.Equal(got, cut) || !strings.Contains(errs, "as it is") {
		t.Errorf("--force: a copy of %d bytes (the store has %d), %q", len(got), len(cut), errs)
	}
}
