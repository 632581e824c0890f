package panel

import (
	"fmt"
	"testing"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/style"
)

// BenchmarkSet is Set of a document with n annotations (corrections,
// entities, marks) and n suggestions, the panel's part of a document's
// suggestions arriving or its annotations changing.
func BenchmarkSet(b *testing.B) {
	for _, n := range []int{2000, 30000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			d := &store.Document{Doc: annot.Doc{ID: "d"}, Text: "Köln"}
			var suggs []suggest.Suggestion
			for i := range n {
				k := []annot.Kind{annot.KindCorrection, annot.KindEntity, annot.KindMark}[i%3]
				d.Anns = append(d.Anns, annot.Annotation{ID: fmt.Sprint("a", i), Kind: k, Start: i * 10, End: i*10 + 4, Text: "Köln", Value: "Koeln", Label: "LOC"})
				suggs = append(suggs, suggest.Suggestion{Start: i*10 + 5, End: i*10 + 9, Text: "Kdln", Kind: suggest.KindOCR,
					Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.9}}, Reason: "unknown word"})
			}
			m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
			m.SetSize(60, 50)
			for b.Loop() {
				m.Set(d, suggs)
				_ = m.View(true)
			}
		})
	}
}
