package suggest

// The lexicon's map holds every word of the word lists (400 000 with
// wngerman) beside the corpus's, so a lookup in it misses the processor's
// caches almost every time. The words a corpus uses most are few: hot
// maps them to their lexicon ids in a compact table that mostly stays cached,
// and is asked first. A word's id never changes once the lexicon has it,
// so hot, built once, stays right as the lexicon grows; words added later
// are found in the lexicon's map.

// hotMax is the most words hot holds.
const hotMax = 1 << 15

// hotKeyLen is the longest key, in bytes, that hot holds: a slot is 32
// bytes, half a cache line, key inline, so a lookup touches one line.
const hotKeyLen = 27

// hotTable maps folded words to lexicon ids by open addressing with
// linear probing, keys stored inline. It is built once and then only
// read.
type hotTable struct {
	slots []hotSlot
	mask  uint32
}

type hotSlot struct {
	key [hotKeyLen]byte
	n   uint8 // key length; 0 for an empty slot
	id  uint32
}

// hotHash is FNV-1a of k.
func hotHash(k string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return h
}

// get returns the id of k, if the table holds it.
func (t *hotTable) get(k string) (uint32, bool) {
	if t == nil || len(k) == 0 || len(k) > hotKeyLen {
		return 0, false
	}
	for i := hotHash(k) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.n == 0 {
			return 0, false
		}
		if int(s.n) == len(k) && string(s.key[:s.n]) == k {
			return s.id, true
		}
	}
}

// put adds k with id; the table must have a free slot.
func (t *hotTable) put(k string, id uint32) {
	i := hotHash(k) & t.mask
	for t.slots[i].n != 0 {
		i = (i + 1) & t.mask
	}
	s := &t.slots[i]
	s.n, s.id = uint8(copy(s.key[:], k)), id
}

// buildHot returns a table of the hotMax words of lex counted most often
// in its documents (all of them with a count, if fewer), by folded key,
// leaving out keys longer than hotKeyLen. The caller holds the lexicon
// for reading.
func buildHot(lex *Lexicon) *hotTable {
	// the count above which hotMax words at most lie, from a histogram of
	// the counts (capped: counts above the cap are all taken)
	const capCount = 1 << 12
	var hist [capCount + 1]int
	for id, e := range lex.ents {
		if e.count > 0 && len(lex.keys[id]) <= hotKeyLen {
			hist[min(int(e.count), capCount)]++
		}
	}
	floor, taken := int32(1), 0
	for c := capCount; c >= 1; c-- {
		if taken+hist[c] > hotMax {
			floor = int32(c + 1)
			break
		}
		taken += hist[c]
	}
	size := uint32(1024)
	for size < uint32(2*taken) {
		size *= 2
	}
	t := &hotTable{slots: make([]hotSlot, size), mask: size - 1}
	for id, e := range lex.ents {
		if e.count >= floor && len(lex.keys[id]) <= hotKeyLen {
			t.put(lex.keys[id], uint32(id))
		}
	}
	return t
}

// lookup returns the lexicon id of the folded word k, asking hot first.
// The caller holds o.mu and the lexicon for reading.
func (o *OCR) lookup(k string) (uint32, bool) {
	if id, ok := o.hot.get(k); ok {
		return id, true
	}
	id, ok := o.lex.id(k)
	return id, ok
}
