package hunspell

// stemPrefixes is a filter of the beginnings of the dictionary's stems:
// every byte prefix of every stem (the stem included) is in it, and most
// strings that begin no stem are not. It bounds the affix analyses: a
// suffix analysis looks up head+strip where head is a beginning of the
// word, and no stem can start with a head the filter refuses.
//
// A string's prefixes are probed in order with a hash carried from one
// byte to the next, so the longest accepted prefix of a word costs one
// step a byte. Two bits are set for each prefix.
type stemPrefixes struct {
	bits []uint64
	mask uint64 // bit index mask: len(bits)*64 - 1
}

// prefixHashStart and prefixHashStep are FNV-1a, 64 bits.
const (
	prefixHashStart = 14695981039346656037
	prefixHashPrime = 1099511628211
)

func prefixHashStep(h uint64, b byte) uint64 { return (h ^ uint64(b)) * prefixHashPrime }

// prefixBits returns the two bit indexes of the prefix whose hash is h.
func (p *stemPrefixes) prefixBits(h uint64) (uint64, uint64) {
	x := h ^ h>>29
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 32
	return x & p.mask, x >> 32 & p.mask
}

// newStemPrefixes builds the filter of the prefixes of words; bytes is
// their total length, the most prefixes there can be.
func newStemPrefixes(words map[string]int32) *stemPrefixes {
	n := 0
	for w := range words {
		n += len(w)
	}
	size := 64
	for size < n*8 { // about 8 bits a prefix: most prefixes are shared
		size *= 2
	}
	p := &stemPrefixes{bits: make([]uint64, size/64), mask: uint64(size - 1)}
	for w := range words {
		h := uint64(prefixHashStart)
		for i := 0; i < len(w); i++ {
			h = prefixHashStep(h, w[i])
			a, b := p.prefixBits(h)
			p.bits[a>>6] |= 1 << (a & 63)
			p.bits[b>>6] |= 1 << (b & 63)
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
		a, b := p.prefixBits(h)
		if p.bits[a>>6]&(1<<(a&63)) == 0 || p.bits[b>>6]&(1<<(b&63)) == 0 {
			return i
		}
	}
	return len(w)
}
