package main

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestDamagedStores: every kind of damage gives a clear error and exit 1,
// never a panic, leaves the file as it was, and check says what is wrong.
func TestDamagedStores(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	mustFolio(t, "--db", good, "import", seedDir(t))
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	text001 := storedText(t, good, "001")
	rng := rand.New(rand.NewSource(1))
	damage := map[string]func() []byte{
		"truncated": func() []byte { return orig[:len(orig)/3] },
		"random bytes in a text": func() []byte {
			b := bytes.Clone(orig)
			at := bytes.Index(b, text001)
			if at < 0 || len(text001) < 300 {
				t.Fatal("the text of 001 is not in the file")
			}
			at += 50 // past the mark of a compressed text and its first block's header
			for i := at; i < at+200; i++ {
				b[i] = byte(rng.Intn(256))
			}
			return b
		},
		"random pages everywhere": func() []byte {
			b := bytes.Clone(orig)
			for p := 2; p*4096 < len(b); p += 2 {
				for i := p * 4096; i < p*4096+512; i++ {
					b[i] = byte(rng.Intn(256))
				}
			}
			return b
		},
		"random bytes at random places": func() []byte {
			b := bytes.Clone(orig)
			for range 64 {
				at := rng.Intn(len(b) - 16)
				for i := at; i < at+16; i++ {
					b[i] = byte(rng.Intn(256))
				}
			}
			return b
		},
		"zeros":       func() []byte { return make([]byte, len(orig)) },
		"meta zeroed": func() []byte { b := bytes.Clone(orig); clear(b[:2*4096]); return b },
	}
	names := slices.Sorted(maps.Keys(damage)) // the same random bytes every run
	for round := range 8 {
		for _, name := range names {
			if round > 0 && !strings.HasPrefix(name, "random") {
				continue // only random damage differs between rounds
			}
			// Bytes at random places may land in free space, where no one
			// can tell, or make a loop of pages, which bbolt follows without
			// end: only check, which reads pages in a child process, is
			// held to explain them.
			if name == "random bytes at random places" {
				testCheckExplains(t, dir, fmt.Sprintf("%s %d", name, round), damage[name]())
				continue
			}
			testDamage(t, dir, fmt.Sprintf("%s %d", name, round), damage[name]())
		}
	}
	t.Run("other bbolt file", func(t *testing.T) {
		path := filepath.Join(dir, "other.db")
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("settings")); return err })
		db.Close()
		_, errs, code := folio(t, "--db", path, "check")
		if code != 1 || !strings.Contains(errs, "not a folio store") {
			t.Fatalf("exit %d, %q", code, errs)
		}
	})
}

// testDamage runs the read commands and then an import on a damaged store:
// exit 1 with a message or success, never a panic; reads leave the file
// as it was; check finds the damage.
func testDamage(t *testing.T, dir, name string, content []byte) {
	t.Run(name, func(t *testing.T) {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"stats"}, {"export"}, {"check"}} {
			_, errs, code := folio(t, append([]string{"--db", path}, args...)...)
			if code == 0 {
				if args[0] == "check" {
					t.Errorf("check passed a %s store", name)
				}
				continue
			}
			if code != 1 || !strings.Contains(errs, "folio:") {
				t.Errorf("%s: exit %d, %q", args[0], code, errs)
			}
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
			t.Error("the damaged file was changed")
		}
		// a writer either refuses or repairs what it rewrites; it never panics
		if _, errs, code := folio(t, "--db", path, "import", seedDir(t)); code == 2 || code == 1 && !strings.Contains(errs, "folio:") {
			t.Errorf("import: exit %d, %q", code, errs)
		}
	})
}

// testCheckExplains runs check on a damaged store: exit 0, or exit 1 with
// what is wrong; never a crash.
func testCheckExplains(t *testing.T, dir, name string, content []byte) {
	t.Run(name, func(t *testing.T) {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		out, errs, code := folio(t, "--db", path, "check")
		if code == 1 && !strings.Contains(errs, "folio:") || code != 0 && code != 1 {
			t.Errorf("check: exit %d, %q %q", code, out, errs)
		}
	})
}

// storedText returns the value the text bucket of the store at path holds
// for the document whose id begins with prefix: its text as stored
// (compressed), to find in the file's bytes.
func storedText(t *testing.T, path, prefix string) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v []byte
	err = db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte("text")).Cursor()
		k, val := c.Seek([]byte(prefix))
		if k == nil || !bytes.HasPrefix(k, []byte(prefix)) {
			return fmt.Errorf("no text of a document %s…", prefix)
		}
		v = bytes.Clone(val)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A store too damaged to open (cut short, here) is explained by check in
// its own words: what is wrong, on stdout as check's problems are, and how
// to get the store back; never "run folio check". The file stays as it
// was, and backup --force copies it.
func TestCheckTruncatedStore(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	mustFolio(t, "--db", good, "import", seedDir(t))
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		size int
		what string
	}{
		{len(orig) * 3 / 5, "its pages need"},
		{4 * 4096, "its pages need"},
		{8192, "its pages need"},
		{5000, "fewer than the 8192 of the two header pages"},
		{4096, "fewer than the 8192 of the two header pages"},
	} {
		t.Run(fmt.Sprint(c.size), func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("t%d.db", c.size))
			content := orig[:c.size]
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			upgrade := path + ".bak-schema5-20260101T120000"
			if c.size == 5000 {
				os.WriteFile(upgrade, orig, 0o600)
			}
			for _, args := range [][]string{{"check"}, {"check", "--rebuild-index"}} {
				out, errs, code := folio(t, append([]string{"--db", path}, args...)...)
				want := fmt.Sprintf("the file is truncated: it has %d bytes, ", c.size)
				if code != exitFail || !strings.HasPrefix(out, want) || !strings.Contains(out, c.what) {
					t.Errorf("%s: exit %d, stdout %q; want 1 and %q…%q", args, code, out, want, c.what)
				}
				for _, w := range []string{path + " is damaged so that folio cannot open it", "restore it from a copy", "folio backup --force"} {
					if !strings.Contains(errs, w) {
						t.Errorf("%s: %q does not say %q", args, errs, w)
					}
				}
				if strings.Contains(errs, "run folio check") || strings.Contains(errs, "file size too small") {
					t.Errorf("%s: %q", args, errs)
				}
				if c.size == 5000 && !strings.Contains(errs, upgrade) {
					t.Errorf("%s: %q does not name the upgrade's backup", args, errs)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
				t.Error("check changed the damaged file")
			}
			copied := filepath.Join(dir, fmt.Sprintf("copy%d.db", c.size))
			mustFolio(t, "--db", path, "backup", "--force", copied)
			if b, _ := os.ReadFile(copied); !bytes.Equal(b, content) {
				t.Error("backup --force did not copy the damaged file as it is")
			}
		})
	}
}
