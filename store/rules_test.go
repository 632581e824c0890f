package store

import (
	"os"
	"strings"
	"testing"
	"time"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// TestImportMarkThenCorrection is issue 14's case: a mark at [0,12) and
// then a correction at [2,5) were both stored, and check said nothing. The
// importer now goes through annot.Set: the correction resolves the mark,
// as it does in the editor, and says so.
func TestImportMarkThenCorrection(t *testing.T) {
	s, _ := openTemp(t)
	var reports []string
	im := s.NewImporter(func(id, msg string) { reports = append(reports, id+": "+msg) })
	for _, anns := range [][]annot.Annotation{
		{{Kind: annot.KindMark, Start: 0, End: 12}},
		{{Kind: annot.KindCorrection, Start: 2, End: 5, Value: "x"}},
	} {
		if err := im.Add(ImportDoc{ID: "a", Text: kolnText, Anns: anns}); err != nil {
			t.Fatal(err)
		}
		if err := im.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	st, err := im.Close()
	if err != nil {
		t.Fatal(err)
	}
	if st.AnnsAdded != 2 || st.Resolved != 1 || len(reports) != 1 || !strings.Contains(reports[0], "resolves the mark at [0,12)") {
		t.Fatalf("stats %+v, reports %q", st, reports)
	}
	anns, _ := s.Annotations("a")
	if len(anns) != 1 || anns[0].Kind != annot.KindCorrection {
		t.Fatalf("stored %+v, want only the correction", anns)
	}
	mustCheck(t, s)

	// the other order: the mark is refused, whichever came first
	reports = nil
	im = s.NewImporter(func(id, msg string) { reports = append(reports, id+": "+msg) })
	if err := im.Add(ImportDoc{ID: "a", Text: kolnText, Anns: []annot.Annotation{{Kind: annot.KindMark, Start: 0, End: 12}}}); err != nil {
		t.Fatal(err)
	}
	if st, err = im.Close(); err != nil || st.AnnsSkipped != 1 || len(reports) != 1 || !strings.Contains(reports[0], "overlaps the correction") {
		t.Fatalf("stats %+v, %v, reports %q", st, err, reports)
	}
	mustCheck(t, s)
}

// TestEditorNestedEntities: entities nest and overlap in the editor too,
// and a correction may not cut through one.
func TestEditorNestedEntities(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	for _, a := range []annot.Annotation{
		{Kind: annot.KindEntity, Start: 13, End: 41, Label: "ORG"},
		{Kind: annot.KindEntity, Start: 13, End: 33, Label: "MISC"},
		{Kind: annot.KindEntity, Start: 13, End: 41, Label: "MISC"},
	} {
		if _, err := s.Put("a", a, "label"); err != nil {
			t.Fatalf("%+v refused: %v", a, err)
		}
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 13, End: 41, Label: "ORG"}, "label"); err == nil {
		// an exact duplicate changes nothing
	} else if err != ErrNoChange {
		t.Fatalf("duplicate: %v, want ErrNoChange", err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindCorrection, Start: 30, End: 36, Value: "x"}, "fix"); err == nil || !strings.Contains(err.Error(), "cuts through") {
		t.Fatalf("a correction across an entity's end: %v", err)
	}
	if d, _ := s.Doc("a"); d.Counts.Entities != 3 {
		t.Fatalf("%d entities, want 3", d.Counts.Entities)
	}
	mustCheck(t, s)
}

// manySpans is a document of n words "ab " with a one-character entity on
// each word's first letter, in an order that is not the text's.
func manySpans(n int) (string, []annot.Annotation) {
	text := strings.Repeat("ab ", n)
	anns := make([]annot.Annotation, n)
	for i := range anns {
		k := (i * 7919) % n
		if n%7919 == 0 {
			k = i
		}
		anns[i] = annot.Annotation{Kind: annot.KindEntity, Start: 3 * k, End: 3*k + 1, Label: "X"}
	}
	return text, anns
}

// TestImportManySpans: one document with 20 000 spans imports every one
// of them (issue 16 #3 was quadratic), and re-importing adds none.
func TestImportManySpans(t *testing.T) {
	s, _ := openTemp(t)
	text, anns := manySpans(20000)
	start := time.Now()
	st := importDocs(t, s, ImportDoc{ID: "big", Text: text, Anns: anns})
	t.Logf("imported %d spans in %v", st.AnnsAdded, time.Since(start))
	if st.AnnsAdded != 20000 || st.AnnsSkipped != 0 {
		t.Fatalf("%+v", st)
	}
	st = importDocs(t, s, ImportDoc{ID: "big", Text: text, Anns: anns})
	if st.AnnsAdded != 0 || st.AnnsDup != 20000 {
		t.Fatalf("re-import: %+v", st)
	}
	got, _ := s.Annotations("big")
	if len(got) != 20000 {
		t.Fatalf("%d stored", len(got))
	}
	for _, a := range got {
		if a.Text != "a" || a.Start%3 != 0 {
			t.Fatalf("stored %+v", a)
		}
	}
	mustCheck(t, s)
}

// BenchmarkImport100kSpans imports one document carrying 100 000
// one-character entities into a new store (issue 16 #3: <= 2 s).
func BenchmarkImport100kSpans(b *testing.B) {
	text, anns := manySpans(100000)
	for b.Loop() {
		s, err := Open(b.TempDir()+"/folio.db", Options{})
		if err != nil {
			b.Fatal(err)
		}
		im := s.NewImporter(nil)
		if err := im.Add(ImportDoc{ID: "big", Text: text, Anns: anns}); err != nil {
			b.Fatal(err)
		}
		st, err := im.Close()
		if err != nil || st.AnnsAdded != 100000 {
			b.Fatalf("%+v %v", st, err)
		}
		path := s.Path()
		s.Close()
		if fi, err := os.Stat(path); err == nil {
			b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
		}
	}
}

// TestRelations: relations import with their entities (the input's ids
// mapped to the store's), a duplicate entity still anchors its relation,
// deleting an entity deletes its relations, and undo brings both back.
func TestRelations(t *testing.T) {
	s, _ := openTemp(t)
	anns := []annot.Annotation{
		{ID: "T1", Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"},
		{ID: "T2", Kind: annot.KindEntity, Start: 13, End: 41, Label: "ORG"},
		{ID: "R1", Kind: annot.KindRelation, Label: "member_of", From: "T1", To: "T2"},
		{ID: "R2", Kind: annot.KindRelation, Label: "x", From: "T1", To: "T9"},
	}
	var reports []string
	im := s.NewImporter(func(id, msg string) { reports = append(reports, msg) })
	if err := im.Add(ImportDoc{ID: "a", Text: kolnText, Anns: anns}); err != nil {
		t.Fatal(err)
	}
	st, err := im.Close()
	if err != nil || st.AnnsAdded != 3 || st.AnnsSkipped != 1 || len(reports) != 1 {
		t.Fatalf("%+v %v %q", st, err, reports)
	}
	// again, with a new relation between the same (duplicate) entities
	anns = append(anns[:2], annot.Annotation{ID: "R3", Kind: annot.KindRelation, Label: "near", From: "T2", To: "T1"})
	if st := importDocs(t, s, ImportDoc{ID: "a", Text: kolnText, Anns: anns}); st.AnnsAdded != 1 || st.AnnsDup != 2 {
		t.Fatalf("re-import %+v", st)
	}
	mustCheck(t, s)
	got, _ := s.Annotations("a")
	byID := map[string]annot.Annotation{}
	var loc string
	for _, a := range got {
		byID[a.ID] = a
		if a.Label == "LOC" {
			loc = a.ID
		}
	}
	rels := 0
	for _, a := range got {
		if a.Kind == annot.KindRelation {
			rels++
			if byID[a.From].Kind != annot.KindEntity || byID[a.To].Kind != annot.KindEntity {
				t.Fatalf("relation %+v does not link stored entities", a)
			}
		}
	}
	if rels != 2 {
		t.Fatalf("%d relations stored, want 2: %+v", rels, got)
	}
	if err := s.Delete("a", loc, "delete"); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.Annotations("a"); len(left) != 1 {
		t.Fatalf("after deleting the entity: %+v", left)
	}
	mustCheck(t, s)
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if back, _ := s.Annotations("a"); len(back) != 4 {
		t.Fatalf("undo brought back %d annotations, want 4", len(back))
	}
	mustCheck(t, s)
}

// TestEditorRelation: the editor puts a relation between two entities as
// one undoable action and refuses one to a missing entity.
func TestEditorRelation(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	e1, err := s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}, "label")
	if err != nil {
		t.Fatal(err)
	}
	e2, err := s.Put("a", annot.Annotation{Kind: annot.KindEntity, Start: 13, End: 41, Label: "ORG"}, "label")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindRelation, Label: "member_of", From: e1.ID, To: "a99"}, "relate"); err == nil {
		t.Fatal("a relation to a missing entity was stored")
	}
	r, err := s.Put("a", annot.Annotation{Kind: annot.KindRelation, Label: "member_of", From: e1.ID, To: e2.ID}, "relate")
	if err != nil || r.ID == "" || r.Author != "ute" {
		t.Fatalf("relation %+v, %v", r, err)
	}
	mustCheck(t, s)
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.Annotations("a"); len(anns) != 2 {
		t.Fatalf("after undo: %+v", anns)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.Annotations("a"); len(anns) != 3 {
		t.Fatalf("after redo: %+v", anns)
	}
	mustCheck(t, s)
}

// TestReserve: reserving room leaves free pages and no trace, and the
// large write that follows reuses them.
func TestReserve(t *testing.T) {
	s, path := openTemp(t)
	if err := s.reserve(8 << 20); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() < 8<<20 {
		t.Fatalf("file %v after reserving 8 MB: %v", fi.Size(), err)
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get(keyReserve) != nil {
			t.Error("the reserve value stayed")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	before := fi.Size()
	text, anns := manySpans(20000) // about 5 MB of annotations
	importDocs(t, s, ImportDoc{ID: "big", Text: text, Anns: anns})
	if fi, _ := os.Stat(path); fi.Size() > before+(4<<20) {
		t.Errorf("the import grew the file from %d to %d: the reserved pages were not reused", before, fi.Size())
	}
	mustCheck(t, s)
}
