package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

func clock() func() time.Time {
	t := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func importDocs(t testing.TB, s *Store, docs ...ImportDoc) ImportStats {
	t.Helper()
	im := s.NewImporter(func(id, msg string) { t.Logf("import %s: %s", id, msg) })
	for _, d := range docs {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	st, err := im.Close()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func mustCheck(t *testing.T, s *Store) {
	t.Helper()
	probs, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("check: %s", strings.Join(probs, "\n"))
	}
}

const kolnText = "Kdln ist der Chinesisch-Deutschen Allianz beigetreten. Kdln freut sich."

func TestImportAndReopen(t *testing.T) {
	s, path := openTemp(t)
	st := importDocs(t, s,
		ImportDoc{ID: "a", Title: "A", Text: kolnText},
		ImportDoc{ID: "b", Title: "B", Text: "Zhuzhou und Köln."},
	)
	if st.Added != 2 || st.Bytes != int64(len(kolnText)+len("Zhuzhou und Köln.")) {
		t.Fatalf("stats %+v", st)
	}
	if st := importDocs(t, s, ImportDoc{ID: "a", Title: "A", Text: kolnText}); st.Unchanged != 1 || st.Added != 0 {
		t.Fatalf("re-import of the same text: %+v", st)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	docs, err := s2.DocList()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != "a" || docs[1].ID != "b" {
		t.Fatalf("docs after reopen: %+v", docs)
	}
	d, err := s2.Document("b")
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "Zhuzhou und Köln." || d.Doc.Size != 17 || d.Doc.Hash != annot.Hash(d.Text) {
		t.Fatalf("document b: %+v", d)
	}
	if _, err := s2.Document("nope"); !errors.Is(err, ErrNoDoc) {
		t.Fatalf("missing doc: %v", err)
	}
	mustCheck(t, s2)
}

func TestActionsUndoRedoAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	c, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln", Class: annot.ClassOCR}, "correct Kdln")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == "" || c.Text != "Kdln" || c.Author != "ute" || c.Origin != annot.OriginManual {
		t.Fatalf("stored correction %+v", c)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "ocr"}, "tag ocr"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC", Canonical: "Köln"}, "label Köln"); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Doc("a")
	if d.Counts.Corrections != 1 || d.Counts.Entities != 1 || len(d.Tags) != 1 || d.Labels["LOC"] != 1 || d.ChangedBy != "ute" {
		t.Fatalf("summary %+v", d)
	}
	ents, _ := s.Entities()
	if len(ents) != 1 || ents[0].Name != "Köln" || ents[0].Mentions != 1 || len(ents[0].Aliases) != 1 || ents[0].Aliases[0] != "Köln" {
		t.Fatalf("registry %+v", ents)
	}
	fixes, _ := s.Fixes()
	if len(fixes) != 1 || fixes[0] != (Fix{From: "Kdln", To: "Köln", Count: 1}) {
		t.Fatalf("lexicon %+v", fixes)
	}
	s.Close()

	s, err = Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u, _, _ := s.History(); u != "label Köln" {
		t.Fatalf("undo would replay %q", u)
	}
	for _, want := range []string{"label Köln", "tag ocr"} {
		act, err := s.Undo()
		if err != nil || act.What != want {
			t.Fatalf("undo: %v %q, want %q", err, act.What, want)
		}
	}
	d, _ = s.Doc("a")
	if d.Counts.Entities != 0 || len(d.Tags) != 0 || d.Counts.Corrections != 1 {
		t.Fatalf("after undo %+v", d)
	}
	if ents, _ := s.Entities(); len(ents) != 0 {
		t.Fatalf("undo left the registry entry: %+v", ents)
	}
	if act, err := s.Redo(); err != nil || act.What != "tag ocr" {
		t.Fatalf("redo: %v %q", err, act.What)
	}
	d, _ = s.Doc("a")
	if len(d.Tags) != 1 || d.Tags[0] != "ocr" {
		t.Fatalf("after redo %+v", d)
	}
	// a new action clears the redo stack
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindStatus, Label: "done"}, "done"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo after a new action: %v", err)
	}
	mustCheck(t, s)
	n := 0
	s.Log(func(a Action) error { n++; return nil })
	if n < 8 {
		t.Fatalf("log has %d entries", n)
	}
	// Recent: newest first, stops when asked
	var all, recent []Action
	s.Log(func(a Action) error { all = append(all, a); return nil })
	if err := s.Recent(func(a Action) bool { recent = append(recent, a); return len(recent) < 3 }); err != nil {
		t.Fatal(err)
	}
	if len(recent) != 3 || recent[0].Seq != all[len(all)-1].Seq || recent[2].Seq != all[len(all)-3].Seq || recent[0].What != "done" {
		t.Fatalf("recent %+v", recent)
	}
}

func TestRulesRefusedWriteNothing(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "c1"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		a    annot.Annotation
	}{
		{"overlapping correction", annot.Annotation{Kind: annot.KindCorrection, Start: 2, End: 8, Value: "x"}},
		{"entity cutting a correction", annot.Annotation{Kind: annot.KindEntity, Start: 2, End: 8, Label: "LOC"}},
		{"out of range", annot.Annotation{Kind: annot.KindMark, Start: 60, End: 500}},
		{"empty span", annot.Annotation{Kind: annot.KindMark, Start: 5, End: 5}},
		{"bad status", annot.Annotation{Kind: annot.KindStatus, Label: "maybe"}},
		{"entity without label", annot.Annotation{Kind: annot.KindEntity, Start: 10, End: 15}},
		{"tag with space", annot.Annotation{Kind: annot.KindTag, Label: "a b"}},
	}
	for _, c := range cases {
		_, err := s.Put("a", c.a, c.name)
		var re *annot.RuleError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a rule error", c.name, err)
		}
	}
	anns, _ := s.Annotations("a")
	if len(anns) != 1 {
		t.Fatalf("refused actions wrote: %+v", anns)
	}
	if u, _, _ := s.History(); u != "c1" {
		t.Fatalf("refused actions were logged: undo is %q", u)
	}
	// one action with a bad second op writes nothing at all
	good := annot.Annotation{Kind: annot.KindTag, Label: "ok"}
	bad := annot.Annotation{Kind: annot.KindMark, Start: 1, End: 3}
	if _, err := s.Do("two", Op{Doc: "a", Put: &good}, Op{Doc: "a", Put: &bad}); err == nil {
		t.Fatal("mark over a correction was accepted")
	}
	if d, _ := s.Doc("a"); len(d.Tags) != 0 {
		t.Fatalf("half an action landed: %+v", d)
	}
}

func TestCorrectionResolvesMarks(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}, "mark"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "fix"); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Doc("a")
	if d.Counts.Marks != 0 || d.Counts.Corrections != 1 {
		t.Fatalf("%+v", d.Counts)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Doc("a")
	if d.Counts.Marks != 1 || d.Counts.Corrections != 0 {
		t.Fatalf("undo did not bring the mark back: %+v", d.Counts)
	}
}

func TestReimportReanchors(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 13, End: 33, Label: "MISC"}, "e"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindMark, Start: 42, End: 53}, "m"); err != nil {
		t.Fatal(err)
	}
	newText := "Neu: " + strings.Replace(kolnText, "beigetreten", "beigetretten", 1)
	st := importDocs(t, s, ImportDoc{ID: "a", Text: newText})
	if st.Updated != 1 || st.Moved != 1 || st.Stale != 1 {
		t.Fatalf("stats %+v", st)
	}
	anns, _ := s.Annotations("a")
	for _, a := range anns {
		switch a.Kind {
		case annot.KindEntity:
			if a.Start != 18 || annot.Slice(newText, a.Span()) != "Chinesisch-Deutschen" || a.Stale {
				t.Errorf("entity not moved: %+v", a)
			}
		case annot.KindMark:
			if !a.Stale || a.Text != "beigetreten" {
				t.Errorf("mark not flagged stale: %+v", a)
			}
		}
	}
	if d, _ := s.Doc("a"); d.Counts.Stale != 1 || d.Hash != annot.Hash(newText) {
		t.Fatalf("record %+v", d)
	}
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo across a changed text: %v", err)
	}
	mustCheck(t, s)
}

func TestImportAnnotations(t *testing.T) {
	s, _ := openTemp(t)
	var reports []string
	im := s.NewImporter(func(id, msg string) { reports = append(reports, id+": "+msg) })
	ents := []annot.Annotation{
		{Kind: annot.KindEntity, Start: 13, End: 33, Label: "MISC"},
		{Kind: annot.KindEntity, Start: 20, End: 25, Label: "ORG"},   // nested: kept
		{Kind: annot.KindCorrection, Start: 30, End: 36, Value: "x"}, // cuts through MISC
		{Kind: annot.KindEntity, Start: 0, End: 400, Label: "LOC"},   // out of range
		{Kind: annot.KindTag, Label: "ocr"},
	}
	if err := im.Add(ImportDoc{ID: "a", Text: kolnText, Anns: ents}); err != nil {
		t.Fatal(err)
	}
	st, err := im.Close()
	if err != nil {
		t.Fatal(err)
	}
	if st.AnnsAdded != 3 || st.AnnsSkipped != 2 || len(reports) != 2 {
		t.Fatalf("stats %+v reports %q", st, reports)
	}
	// the same annotations again are exact duplicates
	st = importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: ents[:1]})
	if st.AnnsAdded != 0 || st.AnnsDup != 1 {
		t.Fatalf("duplicate imported: %+v", st)
	}
	// one that only adds where it came from (a Label Studio region's id)
	// is that one too, and so is one that says less again
	src := ents[0]
	src.Attrs = map[string]string{annot.SourceAttr + "id": "beFiQ", annot.SourceAttr + "from_name": "ner"}
	if st = importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{src}}); st.AnnsAdded != 0 || st.AnnsDup != 1 {
		t.Fatalf("the same entity with its source's id imported: %+v", st)
	}
	// nor is one that adds the WebAnno layer and feature it was read from
	wa := ents[0]
	wa.Attrs = map[string]string{annot.WebAnnoAttr + "layer": "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value", annot.WebAnnoAttr + "label": "value"}
	if st = importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{wa}}); st.AnnsAdded != 0 || st.AnnsDup != 1 {
		t.Fatalf("the same entity with its WebAnno layer imported: %+v", st)
	}
	// an attribute of the entity's own is not where it came from
	src.Attrs["negated"] = "yes"
	if st = importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{src}}); st.AnnsAdded != 1 {
		t.Fatalf("an entity with an attribute of its own: %+v", st)
	}
	anns, _ := s.Annotations("a")
	if len(anns) != 4 || anns[1].Origin != annot.OriginImport {
		t.Fatalf("%+v", anns)
	}
	mustCheck(t, s)
}

// TestImportPredictionSources: a Label Studio prediction keeps where it
// came from (its prediction's and region's ids, as annot.SourceAttr
// attributes) through the store, and reading it again adds nothing:
// neither the same prediction nor one that only adds where it came from
// to one there (a store that imported it before it kept them), nor one
// that says less (an export that did not write them).
func TestImportPredictionSources(t *testing.T) {
	s, _ := openTemp(t)
	bare := annot.Annotation{Kind: annot.KindPrediction, Start: 0, End: 4, Label: "LOC", Value: "0.8", Class: "ner-v3"}
	src := bare
	src.Attrs = map[string]string{annot.SourceAttr + "prediction": "41", annot.SourceAttr + "id": "r1"}
	if st := importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{bare}}); st.AnnsAdded != 1 {
		t.Fatalf("a prediction: %+v", st)
	}
	for _, a := range []annot.Annotation{src, bare} {
		if st := importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{a}}); st.AnnsAdded != 0 || st.AnnsDup != 1 {
			t.Fatalf("the prediction again, attributes %v: %+v", a.Attrs, st)
		}
	}
	// another model's, or another score, is another prediction
	other := src
	other.Class = "ner-v4"
	if st := importDocs(t, s, ImportDoc{ID: "b", Text: kolnText, Anns: []annot.Annotation{src, other}}); st.AnnsAdded != 2 {
		t.Fatalf("two predictions: %+v", st)
	}
	if st := importDocs(t, s, ImportDoc{ID: "b", Text: kolnText, Anns: []annot.Annotation{src, other, bare}}); st.AnnsAdded != 0 || st.AnnsDup != 3 {
		t.Fatalf("the predictions again: %+v", st)
	}
	anns, _ := s.Annotations("b")
	if len(anns) != 2 || anns[0].Attrs[annot.SourceAttr+"prediction"] != "41" || anns[0].Attrs[annot.SourceAttr+"id"] != "r1" {
		t.Fatalf("%+v", anns)
	}
	// a prediction's attributes say only where it came from
	own := src
	own.Attrs = map[string]string{"negated": "yes"}
	if st := importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{own}}); st.AnnsAdded != 0 || st.AnnsSkipped != 1 {
		t.Fatalf("a prediction with an attribute of its own: %+v", st)
	}
	mustCheck(t, s)
}

func TestRegistryRenameMergeDelete(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: "Koeln und Köln."}, ImportDoc{ID: "b", Text: "In Koeln."})
	put := func(doc string, start, end int, canon string) {
		t.Helper()
		if _, err := s.Put(doc, annot.Annotation{Kind: annot.KindEntity, Start: start, End: end, Label: "LOC", Canonical: canon}, "label"); err != nil {
			t.Fatal(err)
		}
	}
	put("a", 0, 5, "Koeln")
	put("a", 10, 14, "Köln")
	put("b", 3, 8, "Koeln")
	if err := s.RenameEntity("LOC", "Koeln", "Köln"); err != nil {
		t.Fatal(err)
	}
	ents, _ := s.Entities()
	if len(ents) != 1 || ents[0].Name != "Köln" || ents[0].Mentions != 3 || ents[0].Docs != 2 {
		t.Fatalf("after merge %+v", ents)
	}
	if d, _ := s.Doc("b"); len(d.Entities) != 1 || d.Entities[0] != "Köln" {
		t.Fatalf("mention not renamed: %+v", d)
	}
	act, err := s.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if want := "merge LOC “Koeln” into “Köln”"; act.What != want {
		t.Errorf("undo of a merge names %q, want %q", act.What, want)
	}
	ents, _ = s.Entities()
	if len(ents) != 2 {
		t.Fatalf("undo of merge: %+v", ents)
	}
	// a name not in the registry yet: a rename, and named so
	if err := s.RenameEntity("LOC", "Köln", "Cöln"); err != nil {
		t.Fatal(err)
	}
	if act, err = s.Undo(); err != nil || act.What != "rename LOC “Köln” to “Cöln”" {
		t.Errorf("undo of a rename: %q, %v", act.What, err)
	}
	if err := s.DeleteEntity("LOC", "Koeln"); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.EntityDocs("LOC", "Koeln"); len(ids) != 0 {
		t.Fatalf("mentions left: %v", ids)
	}
	if d, _ := s.Doc("b"); d.Counts.Entities != 1 || len(d.Entities) != 0 {
		t.Fatalf("delete should keep the label and drop the name: %+v", d)
	}
	if err := s.SaveEntity(Entity{Name: "Köln", Label: "LOC", ExternalID: "Q365"}); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

func TestFindWord(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: "Grüße aus Kdln, nicht Kdlner."})
	got, err := s.FindWord("Kdln")
	if err != nil {
		t.Fatal(err)
	}
	if len(got["a"]) != 2 || got["a"][1] != (annot.Span{Start: 55, End: 59}) || len(got["b"]) != 1 || got["b"][0] != (annot.Span{Start: 10, End: 14}) {
		t.Fatalf("%+v", got)
	}
}

// TestFindWordContext: the search says how many documents it searched of
// how many, and stops at the next document once its context is done,
// with the context's error.
func TestFindWordContext(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: "Kdln"}, ImportDoc{ID: "c", Text: "Kdln"})
	var seen []string
	got, err := s.FindWordContext(context.Background(), "Kdln", func(done, total int) { seen = append(seen, fmt.Sprint(done, "/", total)) })
	if err != nil || len(got) != 3 || strings.Join(seen, " ") != "1/3 2/3 3/3" {
		t.Fatalf("found %v (%v), progress %q", got, err, seen)
	}
	ctx, cancel := context.WithCancel(context.Background())
	searched := 0
	_, err = s.FindWordContext(ctx, "Kdln", func(done, total int) {
		searched = done
		cancel() // the reviewer pressed esc while the first was searched
	})
	if !errors.Is(err, context.Canceled) || searched != 1 {
		t.Fatalf("cancelled after the first document: %v, searched %d", err, searched)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing folder", func(t *testing.T) {
		_, err := Open(filepath.Join(dir, "no", "such", "folio.db"), Options{})
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("%v", err)
		}
	})
	for name, content := range map[string][]byte{
		"text file":  []byte("hello, this is not a database\n"),
		"zeros":      make([]byte, 64<<10),
		"empty file": {},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
			os.WriteFile(path, content, 0o644)
			_, err := Open(path, Options{})
			if !errors.Is(err, ErrNotStore) && !errors.Is(err, ErrDamaged) {
				t.Fatalf("got %v", err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, content) {
				t.Fatal("the file was changed")
			}
		})
	}
	t.Run("other bbolt file", func(t *testing.T) {
		path := filepath.Join(dir, "other.db")
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
		db.Close()
		before, _ := os.ReadFile(path)
		if _, err := Open(path, Options{}); !errors.Is(err, ErrNotStore) {
			t.Fatalf("got %v", err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatal("the file was changed")
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		s, path := openTemp(t)
		s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("99")) })
		s.Close()
		_, err := Open(path, Options{})
		if err == nil || !strings.Contains(err.Error(), "newer folio") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("held by another", func(t *testing.T) {
		_, path := openTemp(t)
		start := time.Now()
		_, err := Open(path, Options{Timeout: 200 * time.Millisecond})
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
			t.Fatalf("got %v", err)
		}
		if time.Since(start) > 2*time.Second {
			t.Fatal("waited too long")
		}
	})
}

func TestBackupAndCheck(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "ocr"}, "tag")
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.BackupFile(out); err != nil {
		t.Fatal(err)
	}
	if err := s.BackupFile(out); err == nil {
		t.Fatal("backup overwrote a file")
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	b, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if d, err := b.Doc("a"); err != nil || d.Tags[0] != "ocr" {
		t.Fatalf("backup: %v %+v", err, d)
	}
	mustCheck(t, b)
	// break an invariant behind the store's back: check must say so
	s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketText).Put([]byte("a"), []byte("changed")) })
	probs, err := s.Check()
	if err != nil || len(probs) == 0 {
		t.Fatalf("check missed a changed text: %v %v", probs, err)
	}
}

func TestStats(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: "x y"})
	s.Put("a", annot.Annotation{Kind: annot.KindStatus, Label: "done"}, "done")
	s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}, "e")
	s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "ocr"}, "t")
	st := NewStats()
	if err := s.Docs(func(d annot.Doc) error { st.Add(d); return nil }); err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.ByStatus["done"] != 1 || st.ByStatus["todo"] != 1 || st.ByStatus["rejected"] != 0 ||
		st.Labels["LOC"] != 1 || st.Entities != 1 || st.Tags["ocr"] != 1 || st.Bytes != int64(len(kolnText)+3) {
		t.Fatalf("%+v", st)
	}
}

func TestDurableAndSharedReaders(t *testing.T) {
	s, path := openTemp(t)
	if s.db.NoSync {
		t.Fatal("NoSync is on: user data would not survive a crash")
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	s.Close()
	// readers share the file while nothing writes
	r1, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := Open(path, Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("a second reader: %v", err)
	}
	defer r2.Close()
	if err := r2.BackupFile(filepath.Join(t.TempDir(), "b.db")); err != nil {
		t.Fatalf("backup beside another reader: %v", err)
	}
	if n, err := r1.Len(); err != nil || n != 1 {
		t.Fatalf("reader: %d %v", n, err)
	}
	// a writer waits for readers and gives up with a clear error
	if _, err := Open(path, Options{Timeout: 200 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a writer beside readers: %v", err)
	}
}

// TestImportAnnotationsClearHistory: an import that writes annotations
// outside the log clears undo and redo, whose before-images may no longer
// fit; the stacks never jam.
func TestImportAnnotationsClearHistory(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindStatus, Label: "done"}, "done"); err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{{Kind: annot.KindStatus, Label: "rejected"}}})
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo after an import that set the status: %v", err)
	}
	// an import that adds nothing keeps the history
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if act, err := s.Undo(); err != nil || act.What != "tag" {
		t.Fatalf("undo after a no-op import: %v %q", err, act.What)
	}
}

// TestReplayThatNoLongerFits: an undo whose key changed outside the log is
// refused, taken off the stack, and the one beneath it still works.
func TestReplayThatNoLongerFits(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "first"}, "first"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindStatus, Label: "done"}, "second"); err != nil {
		t.Fatal(err)
	}
	// change the status behind the log's back
	s.update(func(tx *bolt.Tx) error {
		b, _ := annBucket(tx, "a", false)
		return putAnn(b, annot.Annotation{ID: annot.StatusID, Kind: annot.KindStatus, Label: "rejected"})
	})
	_, err := s.Undo()
	if err == nil || !strings.Contains(err.Error(), "taken off the undo stack") {
		t.Fatalf("undo over a changed key: %v", err)
	}
	if act, err := s.Undo(); err != nil || act.What != "first" {
		t.Fatalf("the undo beneath: %v %q", err, act.What)
	}
}

// TestCheckFindsOrphansAndBadText: damage that bbolt cannot see.
func TestCheckFindsOrphansAndBadText(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText}, ImportDoc{ID: "b", Text: "Bonn"})
	mustCheck(t, s)
	s.update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketText).Put([]byte("ghost"), []byte("x"))
		tx.Bucket(bucketAnn).CreateBucket([]byte("ghost2"))
		return tx.Bucket(bucketText).Put([]byte("b"), []byte("Bo\r\n"))
	})
	probs, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(probs, "\n")
	for _, want := range []string{`text "ghost" belongs to no document`, `annotations "ghost2" belong to no document`, `"b": its text holds a carriage return`} {
		if !strings.Contains(all, want) {
			t.Errorf("check missed %q; it said:\n%s", want, all)
		}
	}
}

// TestCheckPagesWhileWriting: the owner of a served store writes while a
// client checks it (or backs it up, which checks first). bbolt's check in
// a read-only transaction reads the free list as a committing writer
// changes it, and sound pages came out "reachable freed" (a CI run of
// TestTerminalSharedStore); the check holds the writer's lock instead.
func TestCheckPagesWhileWriting(t *testing.T) {
	s, _ := openTemp(t)
	var docs []ImportDoc
	for i := range 200 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%03d", i), Text: kolnText + strings.Repeat(" Bonn und Köln.", i%40)})
	}
	importDocs(t, s, docs...)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			tag := Op{Doc: fmt.Sprintf("d%03d", i%200), Put: &annot.Annotation{Kind: annot.KindTag, Label: fmt.Sprintf("t%d", i%7)}}
			if _, err := s.Do("tag", tag); err != nil {
				done <- err
				return
			}
		}
	}()
	defer func() {
		close(stop)
		if err := <-done; err != nil {
			t.Fatalf("writing: %v", err)
		}
	}()
	for range 40 {
		probs, err := s.CheckPages()
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) > 0 {
			t.Fatalf("a sound store checked while written: %s", strings.Join(probs, "\n"))
		}
	}
}

// TestDocumentOf: Of keeps the annotations of one kind, in their order.
func TestDocumentOf(t *testing.T) {
	d := Document{Anns: []annot.Annotation{
		{Kind: annot.KindTag, Label: "a"}, {Kind: annot.KindEntity, Label: "PER"},
		{Kind: annot.KindTag, Label: "b"},
	}}
	tags := d.Of(annot.KindTag)
	if len(tags) != 2 || tags[0].Label != "a" || tags[1].Label != "b" {
		t.Errorf("tags %+v", tags)
	}
	if n := d.Of(annot.KindNote); n != nil {
		t.Errorf("notes %+v", n)
	}
}

// Resolve takes a whole id or the beginning of one id, and names the
// documents a beginning shared by several could mean.
func TestResolve(t *testing.T) {
	s, _ := openTemp(t)
	var docs []ImportDoc
	for _, id := range []string{"001_abc", "002_abc", "002_abd", "01", "010", "011", "012", "013", "014", "015"} {
		docs = append(docs, ImportDoc{ID: id, Text: "Text of " + id + "."})
	}
	importDocs(t, s, docs...)
	for _, c := range []struct {
		in, want, err string
		noDoc         bool
	}{
		{in: "001_abc", want: "001_abc"},
		{in: "001", want: "001_abc"},
		{in: "002_abd", want: "002_abd"},
		{in: "01", want: "01"}, // a whole id, though others begin with it
		{in: "002", err: `"002" begins the ids of several documents ("002_abc", "002_abd"): give more of the id`},
		{in: "0", err: `"0" begins the ids of several documents ("001_abc", "002_abc", "002_abd", "01", "010", …): give more of the id`},
		{in: "003", err: `document "003": no such document (nor any whose id begins so)`, noDoc: true},
		{in: "", noDoc: true, err: "an empty document id: no such document"},
		{in: "\x1b[2J", noDoc: true, err: `document "\x1b[2J": no such document (nor any whose id begins so)`},
	} {
		got, err := s.Resolve(c.in)
		if c.err == "" {
			if err != nil || got != c.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		if err == nil || err.Error() != c.err || errors.Is(err, ErrNoDoc) != c.noDoc {
			t.Errorf("Resolve(%q) = %q, %v; want the error %q (ErrNoDoc %v)", c.in, got, err, c.err, c.noDoc)
		}
	}
}

func TestSameDocument(t *testing.T) {
	long := strings.Repeat("Wort ", 10) + strings.Join(strings.Fields("eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf"), " ")
	for _, tc := range []struct {
		name, prev, next string
		want             bool
	}{
		{"extended", "Ute Berg wohnt in Köln.", "Ute Berg wohnt in Köln am Rhein.", true},
		{"a correction", "Ute Berg wohnt in Koln.", "Ute Berg wohnt in Köln.", true},
		{"another document", "Erstes Projekt: Ute Berg.", "Zweites Projekt: ganz anders.", false},
		{"nothing to lose", "", "Ein Text.", true},
		{"half the words kept", "a b c d", "a b x y", true},
		{"most words gone", "a b c d", "a x y z", false},
		{"cut to one word", long, "Wort", false},
		{"punctuation is no word", "Ute, Berg! (Köln)", "Ute Berg Köln", true},
		{"one character of Japanese changed", "東京は日本の首都です。大阪は大きい都市です。", "東京は日本の首都です。京都は大きい都市です。", true},
		{"another Japanese text", "東京は日本の首都です。", "今日は雨が降っている。", false},
	} {
		if got := sameDocument(tc.prev, tc.next); got != tc.want {
			t.Errorf("%s: sameDocument(%q, %q) = %v, want %v", tc.name, tc.prev, tc.next, got, tc.want)
		}
	}
}

// TestImportAnotherDocumentSameID: an import that replaces a text with
// one that shares few words (another collection's document under the
// same id) says so, naming both sources; an edited text does not.
func TestImportAnotherDocumentSameID(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "1", Source: "p1.json: task 1", Text: "Erstes Projekt: Ute Berg wohnt in Köln."})
	run := func(d ImportDoc) []string {
		var msgs []string
		im := s.NewImporter(func(id, msg string) { msgs = append(msgs, id+": "+msg) })
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Close(); err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	if msgs := run(ImportDoc{ID: "1", Source: "p1.json: task 1", Text: "Erstes Projekt: Ute Berg wohnt in Bonn."}); len(msgs) != 0 {
		t.Errorf("an edit reported: %q", msgs)
	}
	msgs := run(ImportDoc{ID: "1", Source: "p2.json: task 1", Text: "Zweites Projekt, ganz anders, nichts gleich."})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "1: the text read from p2.json: task 1 has few of the words of the one it replaces (from p1.json: task 1)") ||
		!strings.Contains(msgs[0], "--id-prefix") {
		t.Errorf("another document under the same id: %q", msgs)
	}
	// the same file rewritten: said, without the advice for two collections
	msgs = run(ImportDoc{ID: "1", Source: "p2.json: task 1", Text: "Ganz neu geschrieben, kein Wort bleibt."})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "has few of the words it had") || strings.Contains(msgs[0], "--id-prefix") {
		t.Errorf("a file rewritten: %q", msgs)
	}
}

// TestImportTokensOfAnotherText: the record of a document's source
// tokens (annot.KindTokens) stays when an export of its corrected text is
// read back onto it: the tokens read are those of the corrected text,
// not of the stored one.
func TestImportTokensOfAnotherText(t *testing.T) {
	s, _ := openTemp(t)
	text := "I wasn’t there ."
	src := annot.NewTokens(text, []annot.Span{{Start: 0, End: 1}, {Start: 2, End: 5}, {Start: 5, End: 8}, {Start: 9, End: 14}, {Start: 15, End: 16}}, []int{0}, nil)
	importDocs(t, s, ImportDoc{ID: "g", Text: text, Spaced: true, Anns: []annot.Annotation{
		{Kind: annot.KindTokens, Value: src.Value()},
		{Kind: annot.KindCorrection, Start: 9, End: 14, Value: "here"},
	}})
	back := "I wasn’t here."
	other := annot.NewTokens(back, []annot.Span{{Start: 0, End: 1}, {Start: 2, End: 8}, {Start: 9, End: 13}, {Start: 13, End: 14}}, []int{0}, nil)
	st := importDocs(t, s, ImportDoc{ID: "g", Text: back, Spaced: true, Anns: []annot.Annotation{{Kind: annot.KindTokens, Value: other.Value()}}})
	if st.AsCorrected != 1 || st.AnnsAdded != 0 || st.AnnsDup != 1 {
		t.Errorf("stats %+v, want the corrected text read back, its tokens not added", st)
	}
	anns, _ := s.Annotations("g")
	i := slices.IndexFunc(anns, func(a annot.Annotation) bool { return a.Kind == annot.KindTokens })
	if i < 0 || anns[i].Value != src.Value() {
		t.Errorf("annotations %+v, want the source's tokens %s", anns, src.Value())
	}
	mustCheck(t, s)
}
