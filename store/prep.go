package store

import (
	"runtime"
	"sync"

	"folio/annot"
	"folio/suggest"
)

// docPrep is what an import computes from a document's text alone, before
// its transaction, on every core: the text's stored form, its sketch and
// its word counts. The transaction, which one goroutine runs, then only
// files them.
type docPrep struct {
	stored []byte       // encodeText
	sketch annot.Sketch // annot.NewSketch
	hasSk  bool
	words  map[string]int32 // suggest.CountWords
	tokens int
}

// prepare computes the docPrep of each document, in parallel.
func prepare(docs []ImportDoc) []docPrep {
	out := make([]docPrep, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				t := docs[i].Text
				p := &out[i]
				p.stored = encodeText(t)
				p.sketch, p.hasSk = annot.NewSketch(t)
				p.words, p.tokens = suggest.CountWords(t)
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
