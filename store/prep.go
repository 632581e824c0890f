package store

import (
	"runtime"
	"sync"
	"sync/atomic"

	"folio/annot"
	"folio/suggest"
)

// docPrep is what an import computes from a document's text alone, on
// other cores while its transaction runs: the text's hash and length, its
// stored form, its sketch, its word counts and its words' index terms.
// The transaction, which one goroutine runs, then only files them.
type docPrep struct {
	ready  chan struct{} // closed when the rest is set
	text   string        // the text it was computed from
	hash   string        // annot.Hash
	runes  int           // annot.Runes
	stored []byte        // encodeText
	sketch annot.Sketch  // annot.NewSketch
	hasSk  bool
	words  suggest.WordCounts
	keys   []string // wordKeys: the index terms of the text's words
	// chunk is what was computed for all the documents prepared with
	// this one
	chunk *prepChunk
	// summed says that words are in chunk.words (set before ready is
	// closed): false for a document the transaction prepared itself
	// (wait)
	summed bool
}

// prepChunk is what the preparation of one chunk computes from all its
// texts: the sum of their word counts, added to the store's by its
// transaction for the documents it adds, instead of each document's
// counts there (merging a map of a few hundred words into the chunk's,
// for each document, was a tenth of the transaction, the import's
// critical path; on the preparing cores it runs beside it).
type prepChunk struct {
	done  <-chan struct{} // closed when words is set
	words *wordDelta      // the sum of the counts of the documents summed
	docs  int             // how many documents
	// help prepares, on the caller's goroutine, the next document no
	// worker has taken, and reports false if there is none
	help func() bool
}

// wait waits until p is prepared. Meanwhile it prepares documents of its
// chunk that no worker has taken yet: a transaction that has caught up
// with the preparation would otherwise leave its core idle.
func (p *docPrep) wait() {
	for {
		select {
		case <-p.ready:
			return
		default:
		}
		if p.chunk == nil || !p.chunk.help() {
			<-p.ready
			return
		}
	}
}

// prepare starts computing the docPrep of each document, in document
// order, on every core but the one the transaction takes; wait for one
// with its wait method (or its ready channel, without helping). The
// workers start once after is closed (nil: at once), and end when no
// document is left to start; done is then closed, and the chunk's sum
// of word counts set.
func prepare(docs []ImportDoc, after <-chan struct{}) (preps []docPrep, done <-chan struct{}) {
	out := make([]docPrep, len(docs))
	all := make(chan struct{})
	chunk := &prepChunk{done: all, words: newWordDelta(), docs: len(docs)}
	for i := range out {
		out[i].ready = make(chan struct{})
		out[i].text = docs[i].Text
		out[i].chunk = chunk
	}
	if len(docs) == 0 {
		close(all)
		return out, all
	}
	var next atomic.Int64
	prepOne := func(i int, sc *prepScratch) *docPrep {
		t := docs[i].Text
		p := &out[i]
		sc.text = append(sc.text[:0], t...) // one copy hashed and compressed
		p.hash, p.runes = annot.HashBytes(sc.text), annot.Runes(t)
		p.stored = sc.enc.encode(sc.text)
		p.keys, sc.sketch = textWords(t, sc.sketch[:0])
		p.sketch, p.hasSk = annot.SketchOfWords(sc.sketch)
		p.words = sc.words.Count(t)
		return p
	}
	var helper prepScratch // only the transaction helps
	chunk.help = func() bool {
		i := int(next.Add(1) - 1)
		if i >= len(docs) {
			helper.enc.release()
			return false
		}
		close(prepOne(i, &helper).ready) // not summed
		return true
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	workers := min(max(runtime.GOMAXPROCS(0)-1, 1), len(docs))
	wg.Add(workers)
	for range workers {
		go func() {
			defer wg.Done()
			if after != nil {
				<-after
			}
			var sc prepScratch
			defer sc.enc.release()
			defer func() {
				sum := sc.sum()
				mu.Lock()
				defer mu.Unlock()
				if len(chunk.words.words) == 0 {
					sum.tokens += chunk.words.tokens
					sum.docs += chunk.words.docs
					chunk.words = sum
				} else {
					chunk.words.merge(sum)
				}
			}()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(docs) {
					return
				}
				p := prepOne(i, &sc)
				p.summed = true
				close(p.ready)
				sc.add(p.words)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(all)
	}()
	return out, all
}

// prepScratch is the working memory of one goroutine preparing
// documents, kept from one document to the next.
type prepScratch struct {
	words  suggest.WordCounter
	enc    textEncoder
	text   []byte   // the text's bytes, hashed and compressed
	sketch []uint64 // the hashes of its words for its sketch
	// the sum of the word counts of the documents prepared, by the
	// words' numbers in words (occurrences, documents): a number is
	// summed by adding, where a sum by word was a map lookup of each
	// word of each document
	sums         [][2]int64
	tokens, docs int64
}

// add adds the word counts of one document, counted by sc.words, to
// sc's sum.
func (sc *prepScratch) add(wc suggest.WordCounts) {
	for i, id := range wc.IDs {
		if int(id) >= len(sc.sums) {
			sc.sums = append(sc.sums, make([][2]int64, int(id)+1-len(sc.sums))...)
		}
		sc.sums[id][0] += int64(wc.Counts[i])
		sc.sums[id][1]++
	}
	sc.tokens += int64(wc.Tokens)
	sc.docs++
}

// sum returns sc's sum of word counts.
func (sc *prepScratch) sum() *wordDelta {
	wd := newWordDelta()
	for id, c := range sc.sums {
		if c[1] != 0 {
			wd.words[sc.words.Word(int32(id))] = &[2]int64{c[0], c[1]}
		}
	}
	wd.tokens, wd.docs = sc.tokens, sc.docs
	return wd
}

// prepared returns the docPreps the Importer started for docs
// (ImportDoc.prep), or starts them if any is missing or was computed
// from another text.
func prepared(docs []ImportDoc) []*docPrep {
	out := make([]*docPrep, len(docs))
	for i, d := range docs {
		if d.prep == nil || d.prep.text != d.Text {
			preps, _ := prepare(docs, nil)
			for i := range preps {
				out[i] = &preps[i]
			}
			return out
		}
		out[i] = d.prep
	}
	return out
}

// preparer is a BatchImporter that prepares documents in this process
// (a *Store, or a type that embeds one): the Importer then starts a
// chunk's preparation as soon as the chunk is full, while the chunk
// before is still being written, and ImportBatch finds it done.
type preparer interface {
	preparesInProcess()
}

func (s *Store) preparesInProcess() {}
