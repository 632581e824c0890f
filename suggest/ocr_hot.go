package suggest

// The lexicon's map holds every word of the word lists (400 000 with
// wngerman) beside the corpus's, so a lookup in it misses the processor's
// caches almost every time. The words a corpus uses most are few: hot
// maps them to their lexicon ids in a map small enough to stay cached,
// and is asked first. A word's id never changes once the lexicon has it,
// so hot, built once, stays right as the lexicon grows; words added later
// are found in the lexicon's map.

// hotMax is the most words hot holds: about 3 MB.
const hotMax = 1 << 16

// buildHot returns the hotMax words of lex counted most often in its
// documents (all of them with a count, if fewer), by folded key. The
// caller holds the lexicon for reading.
func buildHot(lex *Lexicon) map[string]uint32 {
	// the count above which hotMax words at most lie, from a histogram of
	// the counts (capped: counts above the cap are all taken)
	const capCount = 1 << 12
	var hist [capCount + 1]int
	n := 0
	for _, e := range lex.ents {
		if e.count > 0 {
			hist[min(int(e.count), capCount)]++
			n++
		}
	}
	floor := int32(1)
	for c, taken := capCount, 0; c >= 1; c-- {
		if taken+hist[c] > hotMax {
			floor = int32(c + 1)
			break
		}
		taken += hist[c]
	}
	hot := make(map[string]uint32, min(n, hotMax))
	for id, e := range lex.ents {
		if e.count >= floor {
			hot[lex.keys[id]] = uint32(id)
		}
	}
	return hot
}

// lookup returns the lexicon id of the folded word k, asking hot first.
// The caller holds o.mu and the lexicon for reading.
func (o *OCR) lookup(k string) (uint32, bool) {
	if id, ok := o.hot[k]; ok {
		return id, true
	}
	id, ok := o.lex.ids[k]
	return id, ok
}
