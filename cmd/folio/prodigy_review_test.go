package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/corpus"
	"folio/internal/shared"
)

// TestImportProdigyReview imports the output of Prodigy's review recipe
// in ../shared/interop: the reviewed task is the curated annotations, and
// with --layers each annotator's version (versions[]) is a layer of each
// session it names, which folio agree compares and export --layer
// writes; without --layers the versions are named as dropped.
func TestImportProdigyReview(t *testing.T) {
	file := filepath.Join(shared.Dir(t, "interop", "prodigy"), "restaurant_test_review.lines861-872.jsonl")
	id := corpus.ID("a four star restaurant with a bar")
	spans := func(db string, args ...string) []string {
		t.Helper()
		out, _ := mustFolio(t, append([]string{"--db", db, "export", "--format", "jsonl"}, args...)...)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var rec struct {
				ID       string
				Entities []struct {
					Start, End int
					Label      string
				}
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			if rec.ID != id {
				continue
			}
			var got []string
			for _, e := range rec.Entities {
				got = append(got, fmt.Sprintf("%d %d %s", e.Start, e.End, e.Label))
			}
			return got
		}
		t.Fatalf("no document %s in the export", id)
		return nil
	}
	reviewed := []string{"2 11 Rating", "23 33 Amenity"}

	dir := t.TempDir()
	db := filepath.Join(dir, "lay.db")
	_, errs := mustFolio(t, "--db", db, "import", "--layers", file)
	if !strings.Contains(errs, "answers: 24 answers of 2 annotators (ner_model, original_annotations), each annotator's in a layer of their own, on 12 documents dealt to them; 12 have answers of two or more annotators") {
		t.Errorf("the layered import's summary:\n%s", errs)
	}
	for layer, want := range map[string][]string{
		"":                     reviewed,
		"original_annotations": {"2 11 Rating", "23 29 Location", "30 33 Amenity"},
		"ner_model":            reviewed,
	} {
		var args []string
		if layer != "" {
			args = []string{"--layer", layer}
		}
		if got := spans(db, args...); !slices.Equal(got, want) {
			t.Errorf("layer %q: %q, want %q", layer, got, want)
		}
	}
	out, _ := mustFolio(t, "--db", db, "agree", "--json")
	var rep struct {
		Docs      int      `json:"docs"`
		Reviewers []string `json:"reviewers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Docs != 12 || !slices.Equal(rep.Reviewers, []string{"ner_model", "original_annotations"}) {
		t.Errorf("agree: %+v", rep)
	}

	merged := filepath.Join(dir, "merged.db")
	_, errs = mustFolio(t, "--db", merged, "import", file)
	if !strings.Contains(errs, `22 "versions" annotator versions`) {
		t.Errorf("the import without --layers does not name the versions it leaves out:\n%s", errs)
	}
	if got := spans(merged); !slices.Equal(got, reviewed) {
		t.Errorf("curated without --layers: %q, want %q", got, reviewed)
	}
}
