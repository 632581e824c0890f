package action

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/store"
)

// TestEverywhereUsesTheRules: the plan of an apply-everywhere follows the
// store's one rule path (annot.Set): a correction resolves a mark it
// overlaps, may lie inside an entity, and is skipped inside a cut or where
// the same correction is; the store then takes the whole plan.
func TestEverywhereUsesTheRules(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 0         1         2         3
	// 0123456789012345678901234567890123456
	// Kdln a Kdln b Kdln c Kdln d Kdln e.
	text := "Kdln a Kdln b Kdln c Kdln d Kdln e.\n"
	im := st.NewImporter(nil)
	err = im.Add(store.ImportDoc{ID: "k", Title: "k", Text: text, Anns: []annot.Annotation{
		{Kind: annot.KindMark, Start: 0, End: 6},                                                  // resolved by the fix
		{Kind: annot.KindCorrection, Start: 7, End: 13, Value: "", Class: annot.ClassBoilerplate}, // a cut: skipped
		{Kind: annot.KindCorrection, Start: 14, End: 18, Value: "Köln", Class: annot.ClassOCR},    // done already: skipped
		{Kind: annot.KindEntity, Start: 21, End: 27, Label: "LOC"},                                // covers the fix
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	build := func(sp annot.Span) annot.Annotation {
		return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: "Köln", Class: annot.ClassOCR, Text: "Kdln"}
	}
	m := New(st, "", nil).planWord(context.Background(), nil, "fix Kdln", "Kdln", build)
	if m.Err != nil {
		t.Fatal(m.Err)
	}
	var at []int
	for _, op := range m.Ops {
		at = append(at, op.Put.Start)
	}
	if m.Places != 3 || m.Skipped != 2 || fmt.Sprint(at) != "[0 21 28]" {
		t.Fatalf("planned %v (%d places), skipped %d; want [0 21 28], 3, 2", at, m.Places, m.Skipped)
	}
	if _, err := st.Do("fix Kdln", m.Ops...); err != nil {
		t.Fatalf("the store refused the plan: %v", err)
	}
	if n := len(annsOf(t, st, "k", annot.KindMark)); n != 0 {
		t.Errorf("%d marks left, want the one resolved", n)
	}
}

// annsOf is the annotations of kind k of document id.
func annsOf(t testing.TB, st *store.Store, id string, k annot.Kind) []annot.Annotation {
	t.Helper()
	d, err := st.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Of(k)
}

// BenchmarkPlanPage plans a fix at the 5 000 places of one page of
// 50 000 words. The text is read once per document, not once per place:
// reading it per place (its index for the foreign check, its code points
// for the context line) took 30 s here, and an hour for ten times the page.
func BenchmarkPlanPage(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "folio.db"), store.Options{Author: "tester"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	words := strings.Fields("Die Strasse führt nach Norden und wir konnen sie sehen")
	var text strings.Builder
	for i := range 50000 {
		text.WriteString(words[i%len(words)])
		if i%25 == 24 {
			text.WriteByte('\n')
		} else {
			text.WriteByte(' ')
		}
	}
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "page", Title: "page", Text: text.String()}); err != nil {
		b.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		b.Fatal(err)
	}
	build := func(sp annot.Span) annot.Annotation {
		return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: "Straße", Class: annot.ClassOCR, Text: "Strasse"}
	}
	x := New(st, "", nil)
	for b.Loop() {
		if m := x.planWord(context.Background(), nil, "fix", "Strasse", build); m.Places != 5000 {
			b.Fatalf("%d places, %v", m.Places, m.Err)
		}
	}
}
