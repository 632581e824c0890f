package suggest

import "sync"

// docMaps are the per-document maps of an ocrDoc (local, newer, written,
// memo, facts, its own pairs of words) and the document's tokens. A corpus run judges thousands of documents one after another,
// and making these maps afresh for each, then growing them word by word,
// was a tenth of the judging's allocations; the maps of a finished
// document are cleared and reused instead (clear keeps their buckets).
type docMaps struct {
	local   map[uint32]int32
	newer   map[string]int32
	written map[string]uint32
	memo    map[string]*ocrVerdict
	facts   map[string]*wordFacts
	// the lexicon's generation and the number of rules facts were taken
	// under
	factsGen   uint64
	factsRules int
	pairs      Pairs
	toks       []Token
}

// docMapsMax is the most words a map of docMaps may hold to be reused: a
// huge document's maps are left to the collector rather than kept.
const docMapsMax = 1 << 12

// docPool hands out docMaps; its zero value is ready (a pointer in OCR
// keeps OCR copyable by value).
type docPool struct{ p sync.Pool }

// get returns empty maps, reused when some are free.
func (dp *docPool) get() *docMaps {
	if m, ok := dp.p.Get().(*docMaps); ok {
		return m
	}
	return &docMaps{local: make(map[uint32]int32, 256), newer: make(map[string]int32, 32),
		written: make(map[string]uint32, 256), memo: make(map[string]*ocrVerdict, 64),
		facts: make(map[string]*wordFacts, 256), pairs: make(Pairs, 512)}
}

// put clears m and keeps it for the next document, unless a map grew past
// docMapsMax. Nothing may hold m's maps or tokens afterwards.
func (dp *docPool) put(m *docMaps) {
	if len(m.local) > docMapsMax || len(m.newer) > docMapsMax || len(m.written) > docMapsMax ||
		len(m.memo) > docMapsMax || len(m.facts) > docMapsMax || len(m.pairs) > docMapsMax || cap(m.toks) > 4*docMapsMax {
		return
	}
	clear(m.local)
	clear(m.newer)
	clear(m.written)
	clear(m.memo)
	clear(m.facts)
	clear(m.pairs)
	clear(m.toks) // the texts they point into
	m.toks = m.toks[:0]
	dp.p.Put(m)
}
