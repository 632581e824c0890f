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
	keys   []string      // wordKeys: the index terms of the text's words
	// derived says that sketch, hasSk and words are set: an import that
	// leaves the derived data to FileDerived (Options.DeferDerived)
	// computes them only for the few documents that need them
	// (sketchOf, countInto)
	derived bool
	sketch  annot.Sketch // annot.NewSketch
	hasSk   bool
	words   suggest.WordCounts
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

// sketchOf returns the sketch of p's text (annot.NewSketch).
func (p *docPrep) sketchOf() (annot.Sketch, bool) {
	if p.derived {
		return p.sketch, p.hasSk
	}
	return annot.NewSketch(p.text)
}

// countInto adds sign times the word counts of p's text to wd.
func (p *docPrep) countInto(wd *wordDelta, sign int64) {
	if p.derived {
		wd.addCounts(p.words, sign)
	} else {
		wd.add(p.text, sign)
	}
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
// of word counts set. derived asks for the sketches and word counts too
// (docPrep.derived).
func prepare(docs []ImportDoc, after <-chan struct{}, derived bool) (preps []docPrep, done <-chan struct{}) {
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
		if !derived {
			p.keys, _ = textWords(t, nil)
			return p
		}
		if sc.sketch == nil {
			sc.sketch = make([]uint64, 0, 1024) // not nil: the hashes are wanted
		}
		p.keys, sc.sketch = textWords(t, sc.sketch[:0])
		p.sketch, p.hasSk = annot.SketchOfWords(sc.sketch)
		p.words = sc.words.Count(t)
		p.derived = true
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
				p.summed = derived
				close(p.ready)
				if derived {
					sc.add(p.words)
				}
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
// (ImportDoc.prep), or starts them, with derived data if derived asks
// for it, if any is missing or was computed from another text.
func prepared(docs []ImportDoc, derived bool) []*docPrep {
	out := make([]*docPrep, len(docs))
	for i, d := range docs {
		if d.prep == nil || d.prep.text != d.Text {
			preps, _ := prepare(docs, nil, derived)
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
	// preparesInProcess reports whether the store files the derived
	// data of the documents an import adds as it writes them (not
	// Options.DeferDerived): their preparation computes it then.
	preparesInProcess() (derived bool)
}

func (s *Store) preparesInProcess() bool { return !s.deferDerived }
