package suggest

// shapeIndex counts the letter trigrams of the lexicon's words (each word
// once), word boundaries included. A word whose trigrams all occur in
// other words has a German shape; OCR damage such as `Kdln` or `gedffnet`
// leaves trigrams no German word has.
type shapeIndex struct {
	tri  map[uint64]int32
	upTo int // lexicon ids below this are counted
}

func newShapeIndex() *shapeIndex { return &shapeIndex{tri: make(map[uint64]int32)} }

// shapeEdge marks the start and end of a word in a trigram.
const shapeEdge = rune(2)

// add counts the trigrams of the folded word k.
func (s *shapeIndex) add(k string) {
	shapeTrigrams(k, func(t uint64) { s.tri[t]++ })
}

// addAll counts the trigrams of the folded words ks.
func (s *shapeIndex) addAll(ks []string) {
	for _, k := range ks {
		s.add(k)
	}
}

// unseen counts the trigrams of the folded word k that no word outside
// this document has.
func (d *ocrDoc) unseen(k string) int {
	if d.own == nil {
		d.own = d.ownTrigrams()
	}
	n := 0
	shapeTrigrams(k, func(t uint64) {
		if d.o.shape.tri[t]-d.own[t] <= 0 {
			n++
		}
	})
	return n
}

// ownTrigrams counts the trigrams of the words only this document has, so
// that a damaged word does not vouch for its own shape.
func (d *ocrDoc) ownTrigrams() map[uint64]int32 {
	own := make(map[uint64]int32)
	for id := range d.local {
		if e := d.lex.ents[id]; e.df <= 1 && e.flags == 0 {
			shapeTrigrams(d.lex.keys[id], func(t uint64) { own[t]++ })
		}
	}
	return own
}

// shapeTrigrams calls fn with each trigram of k, with shapeEdge before and
// after it, packed 21 bits a rune.
func shapeTrigrams(k string, fn func(uint64)) {
	a, b := shapeEdge, shapeEdge
	first := true
	for _, r := range k {
		if !first {
			fn(uint64(a)<<42 | uint64(b)<<21 | uint64(r))
		}
		first = false
		a, b = b, r
	}
	if !first {
		fn(uint64(a)<<42 | uint64(b)<<21 | uint64(shapeEdge))
	}
}
