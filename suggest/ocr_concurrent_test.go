package suggest

import (
	"sync"
	"testing"
)

// TestConcurrentSuggestLearn runs Suggest, Learn, SetFixes and
// AddDocument at once; run with -race.
func TestConcurrentSuggestLearn(t *testing.T) {
	doc := "Kdln ist fiir das Biindnis der Stadte in feierli-\nchem Rahmen."
	o := newTestOCR(doc)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 20 {
				o.Suggest("d", doc, nil)
				if i == 0 {
					o.Learn("Kdln", "Köln")
					o.Lexicon().AddDocument("Noch ein Dokument über Köln.")
				}
				if i == 1 {
					o.SetFixes([]Fix{{From: "fiir", To: "für", Count: 2}})
				}
			}
		})
	}
	wg.Wait()
}
