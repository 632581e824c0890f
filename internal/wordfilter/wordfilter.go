// Package wordfilter answers "certainly not in the set" for strings before
// a large map is asked. A Go map of hundreds of thousands of words misses
// the processor's caches on almost every lookup, and most lookups of a
// spelling check or a candidate search are for strings the map does not
// hold. A Filter is a blocked Bloom filter: one 64-bit word of a bit array
// a string, three bits in it, 16 bits a string, so it stays small enough
// to be cached. It has no false negatives: a string added is always
// reported as possibly present.
package wordfilter

import "hash/maphash"

// bitsPer is the size of the bit array per string the filter is sized for.
const bitsPer = 16

// Filter is a set of strings that may report a string it does not hold as
// present (about 1 in 100 at its full size), never the reverse. The zero
// value holds nothing and reports every string as possibly present, so
// that a filter never built never hides a word. It is not safe for
// concurrent writes; reads may share it.
type Filter struct {
	seed  maphash.Seed
	words []uint64
	mask  uint64 // len(words) - 1
	n     int    // strings added
}

// New returns an empty filter sized for n strings; Add past that size
// still works, with more false positives (see Full).
func New(n int) *Filter {
	size := 64
	for size*64 < n*bitsPer {
		size *= 2
	}
	return &Filter{seed: maphash.MakeSeed(), words: make([]uint64, size), mask: uint64(size - 1)}
}

// bits returns the word index and the mask of the three bits of hash h.
func (f *Filter) bits(h uint64) (uint64, uint64) {
	return h & f.mask, 1<<(h>>46&63) | 1<<(h>>52&63) | 1<<(h>>58)
}

// Add adds s.
func (f *Filter) Add(s string) {
	i, m := f.bits(maphash.String(f.seed, s))
	f.words[i] |= m
	f.n++
}

// MayHave reports whether s may have been added; false means it was not.
func (f *Filter) MayHave(s string) bool {
	if f == nil || f.words == nil {
		return true
	}
	i, m := f.bits(maphash.String(f.seed, s))
	return f.words[i]&m == m
}

// MayHaveBytes is MayHave for b.
func (f *Filter) MayHaveBytes(b []byte) bool {
	if f == nil || f.words == nil {
		return true
	}
	i, m := f.bits(maphash.Bytes(f.seed, b))
	return f.words[i]&m == m
}

// Full reports whether the filter holds more strings than it was sized
// for, so that its owner should build a larger one.
func (f *Filter) Full() bool { return f.n*bitsPer > len(f.words)*64 }
