package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/shared"
)

// TestImportSummaryCounts: the summary counts every skip, whether the
// reader or the store skipped it (issue 16 #11: "annotations: 4 imported,
// 0 skipped" after 11 skipped lines), and names every dropped field (issue
// 14).
func TestImportSummaryCounts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	lines := []string{
		// good spans and bad ones the reader skips (a Prodigy span's stale
		// "text" is only a warning: the offsets win; a bare span listed
		// twice is two entities, copies)
		`{"id":"a","text":"Ute Berg wohnt in Köln.","label":[[0,8,"PER"],[18,22,"LOC"],[30,40,"X"],[5,2,"X"],[9,14,""],[0,8,"PER"]],"score":1}`,
		`{"id":"b","text":"Köln","spans":[{"start":0,"end":4,"label":"LOC"},{"start":0,"end":9,"label":"LOC"},{"start":1,"end":2,"label":"LOC","text":"x"}],"_input_hash":5,"score":2}`,
		`{"id":"c","text":"Bonn","spans":[{"start":0,"end":4,"label":"LOC"},{"start":0,"end":5,"label":"LOC"}]}`,
		// 3 corrections: the second is refused by the rules in the reader
		`{"id":"d","text":"Kdln und Kdln","corrections":[{"start":0,"end":4,"replacement":"Köln","kind":"ocr"},{"start":2,"end":6,"replacement":"x","kind":"ocr"}]}`,
		// a misspelt correction: the line is an error, not a deletion
		`{"id":"e","text":"Kdln","corrections":[{"start":0,"end":4,"text":"Köln","kind":"ocr"}]}`,
	}
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := mustFolio(t, "--db", db, "import", in)
	for _, want := range []string{
		"imported 4 documents (0 updated, 0 unchanged, 1 skipped)",
		"annotations: 7 imported, 6 skipped\n",
		`dropped: 2 "score" fields, 1 "_input_hash" field` + "\n",
		`in.jsonl:5: skipped: "corrections" item 1 has no "replacement" field`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Count(errs, "skipped:") != 7 {
		t.Errorf("%d skip messages, want 7 (6 spans and a line):\n%s", strings.Count(errs, "skipped:"), errs)
	}
	// again: everything is already there, nothing is skipped twice over
	_, errs = mustFolio(t, "--db", db, "import", in)
	if !strings.Contains(errs, "annotations: 0 imported, 6 skipped, 7 already there\n") {
		t.Errorf("re-import summary:\n%s", errs)
	}
}

// TestMetaRoundTrip: a document's "meta" comes out of the jsonl export as
// it went in, every key (issue 14: {"author": "Stadt Köln", "year": 2017}
// came out with no meta).
func TestMetaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := filepath.Join(dir, "in.jsonl")
	line := `{"id":"k","text":"Köln baut.","meta":{"author":"Stadt Köln","year":2017,"ratio":0.10,"nested":{"a":[1,"x",null]}}}`
	if err := os.WriteFile(in, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", in)
	out, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl")
	want := `"meta":{"author":"Stadt Köln","nested":{"a":[1,"x",null]},"ratio":0.10,"year":2017}`
	if !strings.Contains(out, want) {
		t.Fatalf("export lacks %s:\n%s", want, out)
	}
	// and back: importing the export changes nothing
	exp := filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(exp, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := mustFolio(t, "--db", db, "import", exp)
	if !strings.Contains(errs, "0 imported, 0 skipped") {
		t.Errorf("re-import of the export: %s", errs)
	}
	out2, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl")
	if out2 != out {
		t.Errorf("export changed after re-import:\n%s\n%s", out, out2)
	}
}

// TestBratThroughStore imports brat's richest example through the store,
// exports folio's JSONL, imports that into a new store and exports again:
// the two exports are identical, relations, attributes, normalizations and
// note types included.
func TestBratThroughStore(t *testing.T) {
	src := shared.Dir(t, "interop", "brat", "example-data", "tutorials", "news")
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "1.db"), filepath.Join(dir, "2.db")
	_, errs := mustFolio(t, "--db", db1, "import", filepath.Join(src, "000-introduction.txt"))
	// events are kept (their triggers and roles), and so is the attribute
	// on one
	if !strings.Contains(errs, "annotations: 14 imported, 0 skipped") || strings.Contains(errs, "dropped") {
		t.Errorf("want all 14 imported, nothing dropped:\n%s", errs)
	}
	out1, _ := mustFolio(t, "--db", db1, "export", "--format", "jsonl")
	for _, want := range []string{`"relations":[`, `"attrs":{`, `"external_id":"Wikipedia:64488"`, `"brat:event":"E1"`, `"class":"event","value":"E1"`,
		`"brat:event E1 Confidence":`} {
		if !strings.Contains(out1, want) {
			t.Errorf("export lacks %s:\n%s", want, out1)
		}
	}
	in := filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(in, []byte(out1), 0o644); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db2, "import", in)
	out2, _ := mustFolio(t, "--db", db2, "export", "--format", "jsonl")
	if out1, out2 := sansAnnIDs(t, out1), sansAnnIDs(t, out2); out1 != out2 {
		a, b := strings.Split(out1, ","), strings.Split(out2, ",")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Errorf("the second export differs at field %d: %q, then %q", i, a[i], b[i])
				break
			}
		}
	}
	mustFolio(t, "--db", db2, "check")
}
