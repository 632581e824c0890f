package suggest

import "unicode/utf8"

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
	if !d.ownCounted {
		d.ownMax, d.ownCounted = d.ownTrigramCount(), true
	}
	n := 0
	shapeTrigrams(k, func(t uint64) {
		// a trigram more words have than this document's own words hold
		// in all is seen outside it, without counting theirs
		if c := d.o.shape.tri[t]; c == 0 || int(c) <= d.ownMax && c-d.ownOf(t) <= 0 {
			n++
		}
	})
	return n
}

// ownOf is how many of the trigrams of the words only this document has
// are t (ownTrigrams, counted on first use).
func (d *ocrDoc) ownOf(t uint64) int32 {
	if d.own == nil {
		d.own = d.ownTrigrams()
	}
	return d.own[t]
}

// ownTrigramCount is how many trigrams the words only this document has
// hold in all (ownTrigrams's sum), without listing them.
func (d *ocrDoc) ownTrigramCount() int {
	n := 0
	for id := range d.local {
		if e := d.lex.ents[id]; e.df <= 1 && e.flags == 0 {
			if k := d.lex.keys[id]; k != "" {
				n += utf8.RuneCountInString(k) + 1
			}
		}
	}
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
