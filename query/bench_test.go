package query

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"folio/annot"
)

// synthDocs makes n document records without text, shaped like an
// imported corpus: titles of German words, a few tags, labels and entities.
func synthDocs(n int) []annot.Doc {
	words := []string{"Köln", "China", "Wirtschaft", "Partnerschaft", "Stadt", "Allianz", "Messe",
		"Bündnis", "Industrie", "Hannover", "Delegation", "Oberbürgermeisterin", "Kooperation", "Bericht"}
	tags := []string{"x", "ocr", "press", "web", "todo-later"}
	labels := []string{"PER", "LOC", "ORG", "DATE"}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]annot.Doc, n)
	for i := range docs {
		title := ""
		for j := 0; j < 4+rng.IntN(5); j++ {
			if j > 0 {
				title += " "
			}
			title += words[rng.IntN(len(words))]
		}
		d := annot.Doc{ID: fmt.Sprintf("doc/%06d_%08x", i, rng.Uint32()), Title: title,
			Status: annot.Statuses[rng.IntN(3)]}
		for _, t := range tags {
			if rng.IntN(3) == 0 {
				d.Tags = append(d.Tags, t)
			}
		}
		for _, l := range labels {
			if rng.IntN(2) == 0 {
				if d.Labels == nil {
					d.Labels = map[string]int{}
				}
				d.Labels[l] = 1 + rng.IntN(5)
				d.Counts.Entities += d.Labels[l]
			}
		}
		if rng.IntN(4) == 0 {
			d.Entities = []string{"Ute Berg", "Köln"}
		}
		d.Counts.Corrections = rng.IntN(3)
		docs[i] = d
	}
	return docs
}

// BenchmarkFilter100k filters 100 000 records per iteration, as the TUI
// does on every keystroke.
func BenchmarkFilter100k(b *testing.B) {
	docs := synthDocs(100_000)
	for _, qs := range []string{
		"label:PER -label:DATE status:done tag:x",
		"bündnis",
		"oberbürger hannover",
		"wirtschaft OR entity:\"Ute Berg\" -has:corrections",
		"zzz",
	} {
		q := MustParse(qs)
		b.Run(qs, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = 0
				for i := range docs {
					if q.Match(Subject{Doc: docs[i]}) {
						n++
					}
				}
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		MustParse(`label:PER -label:DATE status:done (tag:x OR entity:"Ute Berg") köln`)
	}
}
