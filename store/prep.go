package store

import (
	"runtime"
	"sync/atomic"

	"folio/annot"
	"folio/suggest"
)

// docPrep is what an import computes from a document's text alone, on
// other cores while its transaction runs: the text's stored form, its
// sketch, its word counts and its words' index terms. The transaction, which one goroutine runs,
// then only files them.
type docPrep struct {
	ready  chan struct{} // closed when the rest is set
	stored []byte        // encodeText
	sketch annot.Sketch  // annot.NewSketch
	hasSk  bool
	words  map[string]int32 // suggest.CountWords
	tokens int
	keys   []string // wordKeys: the index terms of the text's words
}

// prepare starts computing the docPrep of each document, in document
// order, on every core but the one the transaction takes; wait for one
// with its ready channel. The workers end when every document is done.
func prepare(docs []ImportDoc) []docPrep {
	out := make([]docPrep, len(docs))
	for i := range out {
		out[i].ready = make(chan struct{})
	}
	var next atomic.Int64
	workers := min(max(runtime.GOMAXPROCS(0)-1, 1), len(docs))
	for range workers {
		go func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(docs) {
					return
				}
				t := docs[i].Text
				p := &out[i]
				p.stored = encodeText(t)
				p.sketch, p.hasSk = annot.NewSketch(t)
				p.words, p.tokens = suggest.CountWords(t)
				p.keys = wordKeys(t)
				close(p.ready)
			}
		}()
	}
	return out
}
