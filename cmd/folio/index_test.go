package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/store"
)

// --where searches the corrected text (the boilerplate cut from it), with
// the folding of free words, through the indexes.
func TestWhereSearchesCorrectedText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	jl := filepath.Join(dir, "in.jsonl")
	os.WriteFile(jl, []byte(`{"id": "a", "title": "Ein Text", "text": "Kdln ist schön. Impressum Werbung"}`+"\n"+
		`{"id": "b", "title": "Noch einer", "text": "Bottrop am Rhein."}`+"\n"), 0o600)
	mustFolio(t, "--db", db, "import", jl)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}
	cut := annot.Annotation{Kind: annot.KindCorrection, Start: 16, End: 33, Class: annot.ClassBoilerplate}
	if _, err := s.Do("fix", store.Op{Doc: "a", Put: &fix}, store.Op{Doc: "a", Put: &cut}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for where, want := range map[string]string{
		"koeln":      "a",
		"KÖLN":       "a",
		"kdln":       "",
		"impressum":  "",
		"rhein":      "b",
		`"am rhein"`: "b",
		"-koeln":     "b",
	} {
		out, _ := mustFolio(t, "--db", db, "export", "--where", where)
		var ids []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var d struct{ ID string }
			if line != "" && json.Unmarshal([]byte(line), &d) == nil {
				ids = append(ids, d.ID)
			}
		}
		if got := strings.Join(ids, " "); got != want {
			t.Errorf("export --where %s: %q, want %q", where, got, want)
		}
	}
	// the fix is a correction, the cut of boilerplate none
	out, _ := mustFolio(t, "--db", db, "stats", "--json", "--where", "koeln")
	var st store.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Documents != 1 || st.Corrections != 1 {
		t.Errorf("stats --where koeln: %s (%v)", out, err)
	}
	out, _ = mustFolio(t, "--db", db, "stats", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Documents != 2 || st.Corrections != 1 || st.ByStatus["todo"] != 2 {
		t.Errorf("stats: %s (%v)", out, err)
	}
}

// check finds indexes that differ from the documents, and
// --rebuild-index builds them again.
func TestCheckRebuildsIndex(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	mustFolio(t, "--db", db, "check")
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("post")); err != nil {
			return err
		}
		_, err := tx.CreateBucket([]byte("post"))
		return err
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := folio(t, "--db", db, "check")
	if code != exitFail || !strings.Contains(out, "posting list") {
		t.Fatalf("check of emptied postings: exit %d\n%s", code, out)
	}
	_, errs := mustFolio(t, "--db", db, "check", "--rebuild-index")
	if !strings.Contains(errs, "indexes rebuilt") || !strings.Contains(errs, "is sound") {
		t.Errorf("check --rebuild-index: %q", errs)
	}
	mustFolio(t, "--db", db, "check")
	// a store that is not there is not made by its check
	gone := filepath.Join(dir, "gone.db")
	for _, args := range [][]string{{"check"}, {"check", "--rebuild-index"}} {
		_, errs, code := folio(t, append([]string{"--db", gone}, args...)...)
		if code == 0 || !strings.Contains(errs, "no such file") {
			t.Errorf("%v on no store: exit %d, %q", args, code, errs)
		}
		if _, err := os.Stat(gone); err == nil {
			t.Fatalf("%v made a store", args)
		}
	}
}

// A store of schema 2 (no indexes) is refused by a read-only command with
// the way out, and check --rebuild-index migrates and indexes it.
func TestCheckMigratesSchema2(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{"docnum", "terms", "post", "fwd", "counters", "ixdirty"} {
			if err := tx.DeleteBucket([]byte(b)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("2"))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, code := folio(t, "--db", db, "stats"); code != exitFail || !strings.Contains(errs, "needs migrating") {
		t.Fatalf("stats of a schema 2 store: exit %d, %q", code, errs)
	}
	mustFolio(t, "--db", db, "check", "--rebuild-index")
	out, _ := mustFolio(t, "--db", db, "stats", "--json", "--where", "koeln")
	var st store.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Documents == 0 {
		t.Errorf("stats --where koeln after the migration: %s (%v)", out, err)
	}
	if backups, _ := filepath.Glob(db + ".bak-schema2-*"); len(backups) != 1 {
		t.Errorf("backups: %v", backups)
	}
}
