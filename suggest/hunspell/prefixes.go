package hunspell

// stemPrefixes is a filter of the beginnings of the dictionary's stems:
// every byte prefix of every stem (the stem included) is in it, and most
// strings that begin no stem are not. It bounds the affix analyses: a
// suffix analysis looks up head+strip where head is a beginning of the
// word, and no stem can start with a head the filter refuses.
//
// A string's prefixes are probed in order with a hash carried from one
// byte to the next, so the longest accepted prefix of a word costs one
// step a byte. Two bits of one word are set for each prefix, so a probe
// reads one word.
type stemPrefixes struct {
	bits []uint64
	mask uint64 // len(bits) - 1
}

// prefixHashStart and prefixHashStep are FNV-1a, 64 bits.
const (
	prefixHashStart = 14695981039346656037
	prefixHashPrime = 1099511628211
)

func prefixHashStep(h uint64, b byte) uint64 { return (h ^ uint64(b)) * prefixHashPrime }

// prefixBits returns the word of the filter that holds the prefix whose
// hash is h and the mask of its two bits there: one memory access a probe.
func (p *stemPrefixes) prefixBits(h uint64) (uint64, uint64) {
	x := h ^ h>>29
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 32
	return x & p.mask, 1<<(x>>52&63) | 1<<(x>>58)
}

// newStemPrefixes builds the filter of the prefixes of words, of
// about 8 bits for each byte of the stems, most of whose prefixes are
// shared.
func newStemPrefixes(words map[string]int32) *stemPrefixes {
	n := 0
	for w := range words {
		n += len(w)
	}
	size := 1 << 12
	for size < n*8 {
		size *= 2
	}
	p := &stemPrefixes{bits: make([]uint64, size/64), mask: uint64(size/64 - 1)}
	for w := range words {
		h := uint64(prefixHashStart)
		for i := 0; i < len(w); i++ {
			h = prefixHashStep(h, w[i])
			j, m := p.prefixBits(h)
			p.bits[j] |= m
		}
	}
	return p
}

// longest returns a bound on the length of the longest prefix of w that
// begins some stem: no stem begins with a longer prefix of w. A nil filter
// bounds nothing (len(w)).
func (p *stemPrefixes) longest(w string) int {
	if p == nil {
		return len(w)
	}
	h := uint64(prefixHashStart)
	for i := 0; i < len(w); i++ {
		h = prefixHashStep(h, w[i])
		if j, m := p.prefixBits(h); p.bits[j]&m != m {
			return i
		}
	}
	return len(w)
}
