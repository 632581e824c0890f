package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"folio/annot"
	"folio/corpus"
	"folio/internal/shared"
	"folio/store"
)

// TestAssign deals the five seeds to three reviewers, two each: round
// robin in import order, as even as it goes.
func TestAssign(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	_, errs := mustFolio(t, "--db", db, "assign", "--to", "rev-a,rev-b,rev-c", "--overlap", "2")
	if !strings.Contains(errs, "assigned 5 documents (overlap 2): rev-a 4, rev-b 3, rev-c 3") {
		t.Fatalf("summary %q", errs)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := st.DocList()
	plan, err := st.Assignments()
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	// doc i gets reviewers (2i) and (2i+1) mod 3
	want := [][]string{{"rev-a", "rev-b"}, {"rev-a", "rev-c"}, {"rev-b", "rev-c"}, {"rev-a", "rev-b"}, {"rev-a", "rev-c"}}
	for i, d := range docs {
		if !reflect.DeepEqual(plan[d.ID], want[i]) {
			t.Errorf("document %d (%s): %v, want %v", i, d.ID, plan[d.ID], want[i])
		}
	}
	// a narrower deal replaces what it selects
	mustFolio(t, "--db", db, "assign", "--where", "kdln", "--to", "rev-d")
	st, _ = store.Open(db, store.Options{ReadOnly: true})
	plan, _ = st.Assignments()
	st.Close()
	if got := plan["001_879768a2f144ad87"]; !reflect.DeepEqual(got, []string{"rev-d"}) {
		t.Errorf("after assign --where kdln: %v", got)
	}
	for _, bad := range [][]string{
		{"assign", "--to", "rev-a,rev-b", "--overlap", "3"},
		{"assign", "--to", "rev-a,,rev-b"},
		{"assign", "--to", "rev-a,rev-a"},
		{"assign", "--to", ""},
		{"assign", "--to", "rev-a", "--overlap", "0"},
		{"assign", "--to", "rev-a", "--where", "((("},
	} {
		if _, errs, code := folio(t, append([]string{"--db", db}, bad...)...); code != 2 {
			t.Errorf("folio %s: exit %d (%s), want 2", strings.Join(bad, " "), code, errs)
		}
	}
	if _, errs, code := folio(t, "--db", db, "assign", "--to", "rev-a", "--where", "nosuchwordanywhere"); code != 1 || !strings.Contains(errs, "no document matches") {
		t.Errorf("assign of nothing: exit %d %q", code, errs)
	}
}

// TestAgreeTwoReviewers: two simulated reviewers annotate one document
// apart (the fixture of package agree, whose test shows the computation
// by hand): folio agree reports exact F1 1/3, overlap F1 2/3, κ 0.6 (per
// label: PER 0 / 1 / 0.6, LOC 2/3 / 2/3 / 0.6, ORG 0 / 0 / 0) and 1/3
// identical corrections. Then the curator accepts rev-a's version, and
// export writes just that; export --layer rev-b writes rev-b's.
func TestAgreeTwoReviewers(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := filepath.Join(dir, "d.jsonl")
	os.WriteFile(in, []byte(`{"id":"d","text":"Anna Berg wohnt in Kdln am Rhein ."}`+"\n"), 0o644)
	mustFolio(t, "--db", db, "import", in)
	mustFolio(t, "--db", db, "assign", "--to", "rev-a,rev-b", "--overlap", "2")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ent := func(s, e int, l string) store.Op {
		return store.Op{Doc: "d", Put: &annot.Annotation{Kind: annot.KindEntity, Start: s, End: e, Label: l}}
	}
	fix := func(s, e int, v string) store.Op {
		return store.Op{Doc: "d", Put: &annot.Annotation{Kind: annot.KindCorrection, Start: s, End: e, Value: v}}
	}
	if _, err := st.As("rev-a").Do("rev-a", ent(0, 9, "PER"), ent(19, 23, "LOC"), ent(27, 32, "LOC"), fix(19, 23, "Köln"), fix(10, 15, "wohnt.")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.As("rev-b").Do("rev-b", ent(0, 4, "PER"), ent(19, 23, "LOC"), ent(27, 32, "ORG"), fix(19, 23, "Köln"), fix(10, 15, "wohnte"), fix(33, 34, "")); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, _ := mustFolio(t, "--db", db, "agree", "--json")
	var rep struct {
		Docs    int `json:"docs"`
		Overall struct {
			F1Exact, F1Overlap, Kappa, FixesIdentical float64
		} `json:"overall"`
		Labels []struct {
			Label                     string
			F1Exact, F1Overlap, Kappa float64
		} `json:"labels"`
	}
	// the JSON names are snake case
	out = strings.NewReplacer(`"f1_exact"`, `"F1Exact"`, `"f1_overlap"`, `"F1Overlap"`, `"kappa"`, `"Kappa"`, `"fixes_identical"`, `"FixesIdentical"`, `"label"`, `"Label"`).Replace(out)
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.6f, want %.6f", what, got, want)
		}
	}
	if rep.Docs != 1 {
		t.Fatalf("docs %d", rep.Docs)
	}
	near("exact F1", rep.Overall.F1Exact, 1.0/3)
	near("overlap F1", rep.Overall.F1Overlap, 2.0/3)
	near("κ", rep.Overall.Kappa, 0.6)
	near("identical corrections", rep.Overall.FixesIdentical, 1.0/3)
	want := map[string][3]float64{"LOC": {2.0 / 3, 2.0 / 3, 0.6}, "ORG": {0, 0, 0}, "PER": {0, 1, 0.6}}
	if len(rep.Labels) != 3 {
		t.Fatalf("labels %+v", rep.Labels)
	}
	for _, l := range rep.Labels {
		near(l.Label+" exact F1", l.F1Exact, want[l.Label][0])
		near(l.Label+" overlap F1", l.F1Overlap, want[l.Label][1])
		near(l.Label+" κ", l.Kappa, want[l.Label][2])
	}
	text, _ := mustFolio(t, "--db", db, "agree")
	if !strings.Contains(text, "overall                          0.333       0.667   0.600") {
		t.Errorf("agree's table:\n%s", text)
	}

	// before curation the curated export has no entities
	if r := exportRecords(t, db)["d"]; len(r.Entities) != 0 {
		t.Fatalf("curated before curation: %+v", r.Entities)
	}
	_, errs := mustFolio(t, "--db", db, "curate", "--doc", "d", "--accept", "rev-a")
	if !strings.Contains(errs, "accept rev-a's version of d") {
		t.Errorf("curate said %q", errs)
	}
	spans := func(r annot.Record) []string {
		var out []string
		for _, e := range r.Entities {
			out = append(out, fmt.Sprintf("%d-%d %s", e.Start, e.End, e.Label))
		}
		sort.Strings(out)
		return out
	}
	r := exportRecords(t, db)["d"]
	if got := spans(r); !reflect.DeepEqual(got, []string{"0-9 PER", "19-23 LOC", "27-32 LOC"}) || len(r.Corrections) != 2 {
		t.Fatalf("curated export %v, %d corrections; want rev-a's", got, len(r.Corrections))
	}
	out, _ = mustFolio(t, "--db", db, "export", "--layer", "rev-b")
	var rb annot.Record
	json.Unmarshal([]byte(strings.TrimSpace(out)), &rb)
	if got := spans(rb); !reflect.DeepEqual(got, []string{"0-4 PER", "19-23 LOC", "27-32 ORG"}) {
		t.Fatalf("export --layer rev-b: %v", got)
	}
	// rev-b's ORG, by the id export --layer shows, joins the curated ones
	var org string
	for _, e := range rb.Entities {
		if e.Label == "ORG" {
			org = e.ID
		}
	}
	if org == "" {
		t.Fatalf("export --layer rev-b names no id of its ORG: %+v", rb.Entities)
	}
	if _, errs, code := folio(t, "--db", db, "curate", "--doc", "d", "--accept", "rev-b", "--ann", org+",a99"); code != 1 || !strings.Contains(errs, "has no a99") || strings.Contains(errs, org) {
		t.Errorf("curate --ann with an id rev-b lacks: exit %d %q", code, errs)
	}
	if _, errs := mustFolio(t, "--db", db, "curate", "--doc", "d", "--accept", "rev-b", "--ann", org); !strings.Contains(errs, "accept 1 annotation of rev-b in d") {
		t.Errorf("curate --ann said %q", errs)
	}
	if got := spans(exportRecords(t, db)["d"]); !reflect.DeepEqual(got, []string{"0-9 PER", "19-23 LOC", "27-32 LOC", "27-32 ORG"}) {
		t.Fatalf("curated export after curate --ann %s: %v", org, got)
	}
	// the indexes hold the curated annotations: a query of rev-b's
	// version is matched over their records, the curated one by the
	// indexes, and each finds its own
	if out, _ := mustFolio(t, "--db", db, "export", "--layer", "rev-b", "--where", "label:ORG"); !strings.Contains(out, `"id":"d"`) {
		t.Errorf("export --layer rev-b --where label:ORG: %q, want d", out)
	}
	if out, _ := mustFolio(t, "--db", db, "export", "--where", "label:ORG -id:d"); strings.TrimSpace(out) != "" {
		t.Errorf("export --where 'label:ORG -id:d' (curated): %q, want nothing", out)
	}
	if _, errs, code := folio(t, "--db", db, "curate", "--doc", "d", "--accept", "rev-z"); code != 1 || !strings.Contains(errs, "no layer of rev-z") {
		t.Errorf("curate from a reviewer with no layer: exit %d %q", code, errs)
	}
}

// TestImportAnnotatorsIntoLayers: a Prodigy dataset and a Label Studio
// export answered by two annotators. Without --layers their answers are
// merged into the curated annotations, and the import says so; with it,
// each annotator's answer is a layer of theirs, folio agree measures
// them (leaving out an answer that skipped the task), folio curate
// accepts one version, and export writes it.
func TestImportAnnotatorsIntoLayers(t *testing.T) {
	dir := t.TempDir()
	prodigy := filepath.Join(dir, "ner.jsonl")
	os.WriteFile(prodigy, []byte(strings.Join([]string{
		`{"text":"Anna Berg wohnt in Köln.","spans":[{"start":0,"end":9,"label":"PER"},{"start":19,"end":23,"label":"LOC"}],"answer":"accept","_input_hash":1,"_annotator_id":"ner-alice"}`,
		`{"text":"Der Rhein fließt.","spans":[{"start":4,"end":9,"label":"LOC"}],"answer":"accept","_input_hash":2,"_annotator_id":"ner-alice"}`,
		`{"text":"Anna Berg wohnt in Köln.","spans":[{"start":0,"end":9,"label":"PER"},{"start":19,"end":23,"label":"ORG"}],"answer":"accept","_input_hash":1,"_annotator_id":"ner-bob"}`,
		`{"text":"Der Rhein fließt.","answer":"ignore","_input_hash":2,"_annotator_id":"ner-bob"}`,
	}, "\n")+"\n"), 0o644)
	ls := filepath.Join(dir, "tasks.json")
	os.WriteFile(ls, []byte(`[{"id": 7, "data": {"text": "Bonn am Rhein."}, "annotations": [
  {"completed_by": {"id": 1, "email": "ute@example.org"}, "result": [{"id": "r1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["LOC"]}}]},
  {"completed_by": 2, "result": [{"id": "r1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["LOC"]}}, {"id": "r2", "type": "labels", "value": {"start": 8, "end": 13, "labels": ["LOC"]}}]}]}]`), 0o644)

	merged := filepath.Join(dir, "merged.db")
	_, errs := mustFolio(t, "--db", merged, "import", prodigy, ls)
	if !strings.Contains(errs, "imported 3 documents (0 updated, 0 unchanged, 0 skipped)") {
		t.Errorf("the merged import counts records, not documents:\n%s", errs)
	}
	if !strings.Contains(errs, "answers: 3 documents were answered by two or more annotators (labelstudio:2, ner-alice, ner-bob, ute@example.org); their answers are merged into the curated annotations (folio import --layers") {
		t.Errorf("the merged import does not say so:\n%s", errs)
	}
	if _, _, code := folio(t, "--db", merged, "agree"); code == 0 {
		t.Error("agree found versions in a merged import")
	}

	db := filepath.Join(dir, "f.db")
	_, errs = mustFolio(t, "--db", db, "import", "--layers", prodigy, ls)
	if !strings.Contains(errs, "answers: 6 answers of 4 annotators (labelstudio:2, ner-alice, ner-bob, ute@example.org), each annotator's in a layer of their own, on 3 documents dealt to them; 3 have answers of two or more annotators: folio agree compares them") {
		t.Errorf("the layered import's summary:\n%s", errs)
	}
	out, _ := mustFolio(t, "--db", db, "agree", "--json")
	var rep struct {
		Docs      int      `json:"docs"`
		Reviewers []string `json:"reviewers"`
		Pairs     []struct {
			A, B string
			Docs int
		} `json:"pairs"`
	}
	out = strings.NewReplacer(`"a"`, `"A"`, `"b"`, `"B"`, `"docs"`, `"Docs"`).Replace(out)
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// the Rhein task bob skipped is not compared
	if rep.Docs != 2 || len(rep.Pairs) != 2 || rep.Pairs[0].Docs != 1 || rep.Pairs[1].Docs != 1 {
		t.Errorf("agree: %+v", rep)
	}
	exported, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl", "--where", "koeln")
	if !strings.Contains(exported, `"entities":[]`) || !strings.Contains(exported, `"status":"todo"`) {
		t.Errorf("the curated annotations got answers before curation:\n%s", exported)
	}
	id := corpus.ID("Anna Berg wohnt in Köln.")
	mustFolio(t, "--db", db, "curate", "--doc", id, "--accept", "ner-bob")
	conll, _ := mustFolio(t, "--db", db, "export", "--format", "conll", "--where", "koeln")
	if !strings.Contains(conll, "Anna B-PER\nBerg I-PER\nwohnt O\nin O\nKöln B-ORG\n") {
		t.Errorf("the export after accepting bob's version:\n%s", conll)
	}
	// a second import of the same files adds nothing
	_, errs = mustFolio(t, "--db", db, "import", "--layers", prodigy, ls)
	if !strings.Contains(errs, "annotations: 0 imported") {
		t.Errorf("re-import:\n%s", errs)
	}
}

// TestReimportExport: the editor exports a corrected document with a
// boilerplate cut and a canonical entity, to each tool, and imports the
// file back into the same store (the round trip through doccano or
// INCEpTION). The exports hold the corrected text: the stored text and
// its corrections stay as they were, and the bare spans read back are
// the entities already there, not copies.
func TestReimportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := filepath.Join(dir, "d.txt")
	// two sentences: WebAnno TSV writes them apart, and its reader
	// rebuilds the text with a space between them (corpus.Doc.Spaced)
	const text = "Die Stadt Koeln liegt am Rhein.\nSie ist alt.\nImpressum: Muster GmbH"
	at := func(s string) (int, int) {
		i := annot.Runes(text[:strings.Index(text, s)])
		return i, i + annot.Runes(s)
	}
	ks, ke := at("Koeln")
	rs, re := at("Rhein")
	bs, be := at("\nImpressum: Muster GmbH")
	os.WriteFile(in, []byte(text), 0o644)
	mustFolio(t, "--db", db, "import", in)
	st, err := store.Open(db, store.Options{Author: "ed"})
	if err != nil {
		t.Fatal(err)
	}
	ops := []store.Op{
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindCorrection, Start: ks, End: ke, Value: "Köln"}},
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindCorrection, Class: annot.ClassBoilerplate, Start: bs, End: be}},
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindEntity, Start: ks, End: ke, Label: "LOC", Canonical: "Köln"}},
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindEntity, Start: rs, End: re, Label: "LOC", Attrs: map[string]string{"typ": "Fluss"}}},
		// the metadata its source gave, which the prodigy and labelstudio
		// exports write with keys of their own beside
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindMeta, Value: `{"batch":3,"ort":"Köln"}`}},
	}
	if _, err := st.Do("edit", ops...); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl")
	for format, name := range map[string]string{"doccano": "out.jsonl", "prodigy": "out.jsonl", "labelstudio": "out.json", "brat": "out", "webanno": "out"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name)
			mustFolio(t, "--db", db, "export", "--format", format, "--out", out)
			work := filepath.Join(t.TempDir(), "w.db")
			raw, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(work, raw, 0o600)
			_, errs := mustFolio(t, "--db", work, "import", out)
			if !strings.Contains(errs, "1 document was read as their corrected text") || !strings.Contains(errs, "0 updated") {
				t.Errorf("import of the %s export:\n%s", format, errs)
			}
			after, _ := mustFolio(t, "--db", work, "export", "--format", "jsonl")
			if after != before {
				t.Errorf("the store changed on importing its %s export:\nbefore %s\nafter  %s", format, before, after)
			}
		})
	}
}

// TestReimportLayerExport: a reviewer's version exported (export
// --layer) and imported back is that document unchanged too: its
// corrections are in the reviewer's layer, not the curated annotations.
func TestReimportLayerExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	in := filepath.Join(dir, "d.txt")
	const text = "Die Stadt Koeln liegt am Rhein."
	os.WriteFile(in, []byte(text), 0o644)
	mustFolio(t, "--db", db, "import", in)
	mustFolio(t, "--db", db, "assign", "--to", "rev-a,rev-b", "--overlap", "2")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ops := []store.Op{
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindCorrection, Start: 10, End: 15, Value: "Köln"}},
		{Doc: "d", Put: &annot.Annotation{Kind: annot.KindEntity, Start: 10, End: 15, Label: "LOC"}},
	}
	if _, err := st.As("rev-a").Do("rev-a", ops...); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "rev-a.jsonl")
	mustFolio(t, "--db", db, "export", "--layer", "rev-a", "--format", "doccano", "--out", out)
	before, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl", "--layer", "rev-a")
	_, errs := mustFolio(t, "--db", db, "import", out)
	if !strings.Contains(errs, "1 document was read as their corrected text") {
		t.Errorf("import of rev-a's export:\n%s", errs)
	}
	after, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl", "--layer", "rev-a")
	if after != before {
		t.Errorf("rev-a's version changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestImportDisputedAnswers: a Prodigy dataset where one annotator
// accepted a task and another rejected it, merged on import: the import
// names who said what, and the document is todo, tagged disputed, as
// export --where tag:disputed shows.
func TestImportDisputedAnswers(t *testing.T) {
	dir := t.TempDir()
	prodigy := filepath.Join(dir, "ner.jsonl")
	os.WriteFile(prodigy, []byte(strings.Join([]string{
		`{"text":"Der Rat der Stadt Köln tagte.","spans":[{"start":18,"end":22,"label":"LOC"}],"answer":"accept","_input_hash":1,"_annotator_id":"ner-alice"}`,
		`{"text":"Der Rhein fließt.","answer":"accept","_input_hash":2,"_annotator_id":"ner-alice"}`,
		`{"text":"Der Rat der Stadt Köln tagte.","answer":"reject","_input_hash":1,"_annotator_id":"ner-bob"}`,
		`{"text":"Der Rhein fließt.","answer":"accept","_input_hash":2,"_annotator_id":"ner-bob"}`,
	}, "\n")+"\n"), 0o644)
	db := filepath.Join(dir, "f.db")
	_, errs := mustFolio(t, "--db", db, "import", prodigy)
	if !strings.Contains(errs, "the answers disagree on the status (ner-alice: done, ner-bob: rejected)") || strings.Count(errs, "disagree") != 1 {
		t.Errorf("the import does not name the one disagreement:\n%s", errs)
	}
	out, _ := mustFolio(t, "--db", db, "export", "--where", "tag:disputed")
	var recs []annot.Record
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r annot.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		recs = append(recs, r)
	}
	if len(recs) != 1 || !strings.HasPrefix(recs[0].Text, "Der Rat") || recs[0].Status != annot.StatusTodo || len(recs[0].Entities) != 1 {
		t.Fatalf("export --where tag:disputed: %+v", recs)
	}
	for id, r := range exportRecords(t, db) {
		if strings.HasPrefix(r.Text, "Der Rhein") && r.Status != annot.StatusDone {
			t.Errorf("%s, accepted by both, is %s", id, r.Status)
		}
	}
}

// TestImportAnswersCountDocuments: a Prodigy file in which each text was
// answered by two annotators, one line each, counts documents, not lines,
// in a new store and on a second import, with --layers and without; the
// answers line counts the answers. The generated file puts the second
// annotator's lines after the first's whole set, in later chunks of the
// import than the documents they answer.
func TestImportAnswersCountDocuments(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for _, who := range []string{"ann-a", "ann-b"} {
		for i := range 150 {
			lines = append(lines, fmt.Sprintf(`{"text":"Text %d aus Köln.","spans":[{"start":%d,"end":%d,"label":"LOC"}],"answer":"accept","_input_hash":%d,"_annotator_id":%q}`,
				i, len(fmt.Sprint(i))+9, len(fmt.Sprint(i))+13, i, who))
		}
	}
	generated := filepath.Join(dir, "multi_ner.jsonl")
	os.WriteFile(generated, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	for _, c := range []struct {
		file          string
		docs, answers int
	}{
		{filepath.Join(shared.Dir(t, "interop", "prodigy"), "pydata-ams-2023.first20.jsonl"), 10, 20},
		{generated, 150, 300},
	} {
		for _, layers := range []bool{true, false} {
			db := filepath.Join(t.TempDir(), "f.db")
			args := []string{"--db", db, "import", c.file}
			if layers {
				args = []string{"--db", db, "import", "--layers", c.file}
			}
			_, errs := mustFolio(t, args...)
			if want := fmt.Sprintf("imported %d documents (0 updated, 0 unchanged, 0 skipped)", c.docs); !strings.Contains(errs, want) {
				t.Errorf("%s, layers %v: want %q in\n%s", filepath.Base(c.file), layers, want, errs)
			}
			if want := fmt.Sprintf("answers: %d answers of 2 annotators", c.answers); layers && !strings.Contains(errs, want) {
				t.Errorf("%s: want %q in\n%s", filepath.Base(c.file), want, errs)
			}
			_, errs = mustFolio(t, args...)
			if want := fmt.Sprintf("imported 0 documents (0 updated, %d unchanged, 0 skipped)", c.docs); !strings.Contains(errs, want) {
				t.Errorf("%s, layers %v, again: want %q in\n%s", filepath.Base(c.file), layers, want, errs)
			}
		}
	}
}
