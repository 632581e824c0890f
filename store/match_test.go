package store

import (
	"fmt"
	"testing"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// TestNumberedMatchesStored: a document the input gave no id
// (ImportDoc.Numbered, as a CoNLL export reads back) is the stored
// document whose text or corrected text it is, regardless of white
// space: it keeps that document's id, title and source and its
// annotations go onto it, once. Of two stored documents with one text,
// two such documents go one onto each. One that matches nothing is added
// under its number, and a document with an id of its own is never
// matched by its text.
func TestNumberedMatchesStored(t *testing.T) {
	s, _ := openTemp(t)
	scan := "Ute Berg wohnt in Kdln am Rhein und arbeitet im Rathaus."
	twin := "Der Rat der Stadt tagt am Montag im großen Saal."
	importDocs(t, s,
		ImportDoc{ID: "scan", Title: "Der Scan", Source: "scan.txt", Text: scan},
		ImportDoc{ID: "twin1", Text: twin},
		ImportDoc{ID: "twin2", Text: twin},
		ImportDoc{ID: "other", Text: "Ein ganz anderer Text über Bonn und den Rhein."},
	)
	if _, err := s.Put("scan", annot.Annotation{Kind: annot.KindCorrection, Start: 18, End: 22, Value: "Köln", Class: annot.ClassOCR}, "test"); err != nil {
		t.Fatal(err)
	}
	per := func(start, end int) []annot.Annotation {
		return []annot.Annotation{{Kind: annot.KindEntity, Start: start, End: end, Label: "PER"}}
	}
	org := func(start, end int) []annot.Annotation {
		return []annot.Annotation{{Kind: annot.KindEntity, Start: start, End: end, Label: "ORG"}}
	}
	// the corrected text rebuilt from tokens: "Rathaus ." for "Rathaus."
	rebuilt := "Ute Berg wohnt in Köln am Rhein und arbeitet im Rathaus ."
	twinRebuilt := "Der Rat der Stadt tagt am Montag im großen Saal ."
	docs := []ImportDoc{
		{ID: "x/1", Source: "x.conll:3", Title: "Ute Berg", Text: rebuilt, Spaced: true, Numbered: true, Anns: per(0, 8)},
		{ID: "x/2", Source: "x.conll:9", Text: twinRebuilt, Spaced: true, Numbered: true, Anns: org(4, 7)},
		{ID: "x/3", Source: "x.conll:20", Text: twinRebuilt, Spaced: true, Numbered: true, Anns: org(4, 7)},
		{ID: "x/4", Source: "x.conll:31", Text: "Nichts davon steht im Speicher .", Spaced: true, Numbered: true},
		{ID: "y", Source: "y.conll:1", Text: rebuilt, Spaced: true},
	}
	st := importDocs(t, s, docs...)
	if st.Added != 2 || st.Unchanged != 3 || st.AsCorrected != 3 || st.AnnsAdded != 3 {
		t.Errorf("stats %+v, want 2 added (x/4, y), 3 unchanged read as corrected, 3 annotations", st)
	}
	if n, err := s.Len(); err != nil || n != 6 {
		t.Errorf("%d documents (%v), want 6", n, err)
	}
	for _, id := range []string{"x/1", "x/2", "x/3"} {
		if d, err := s.Document(id); err == nil {
			t.Errorf("%s was added (%q), not matched", id, d.Text)
		}
	}
	d, err := s.Document("scan")
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != scan || d.Doc.Title != "Der Scan" || d.Doc.Source != "scan.txt" {
		t.Errorf("scan is now %q, title %q, source %q", d.Text, d.Doc.Title, d.Doc.Source)
	}
	if es := d.Of(annot.KindEntity); len(es) != 1 || es[0].Span() != (annot.Span{Start: 0, End: 8}) {
		t.Errorf("scan's entities %+v, want PER on Ute Berg", es)
	}
	for _, id := range []string{"twin1", "twin2"} {
		d, err := s.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		if es := d.Of(annot.KindEntity); len(es) != 1 || es[0].Label != "ORG" {
			t.Errorf("%s's entities %+v, want the one ORG each", id, es)
		}
	}
	// read back again: nothing changes
	st = importDocs(t, s, docs...)
	if st.Added != 0 || st.AnnsAdded != 0 {
		t.Errorf("read again: %+v, want nothing added", st)
	}
	if n, _ := s.Len(); n != 6 {
		t.Errorf("read again: %d documents, want 6", n)
	}
	mustCheck(t, s)
}

// TestMatchCandidatesRarest: the candidates come from the rarest word,
// narrowed by the others (among, which reads their postings only at the
// candidates); a text whose rarest word more than matchCommon documents
// have is not looked up.
func TestMatchCandidatesRarest(t *testing.T) {
	s, _ := openTemp(t)
	var docs []ImportDoc
	var rare, rarer uint64 // how many have selten, and einzig
	for i := range matchCommon + 10 {
		text := "gemein allerlei"
		switch {
		case i%100 == 0:
			text += " selten"
			rare++
		case i%100 == 1:
			text += " selten einzig"
			rare++
			rarer++
		}
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%05d", i), Text: text})
	}
	importDocs(t, s, docs...)
	err := s.view(func(tx *bolt.Tx) error {
		got, err := matchCandidates(tx, wordKeys("gemein allerlei"))
		if err != nil {
			return err
		}
		if got != nil {
			t.Errorf("common words alone: %d candidates, want no lookup", got.GetCardinality())
		}
		for _, c := range []struct {
			text string
			want uint64
		}{
			{"gemein selten allerlei", rare},
			{"gemein selten einzig", rarer},
			{"gemein selten unbekannt", rare},
		} {
			got, err := matchCandidates(tx, wordKeys(c.text))
			if err != nil {
				return err
			}
			if got == nil || got.GetCardinality() != c.want {
				t.Errorf("%q: %v candidates, want %d", c.text, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
