package suggest

import (
	"slices"
	"unicode/utf8"
)

// symIndex finds the lexicon words within a small edit distance of a word
// without scanning the lexicon: SymSpell's symmetric deletes, on the first
// symPrefix runes of each word. Every distinct prefix stores the hashes of
// its deletions (up to symMaxDist runes removed); a query hashes the
// deletions of its own prefix, and the prefixes that share a hash are
// candidates, verified by computing the real distance. For the 400 000 words
// of wngerman that is about 3.5 million 8-byte entries, built in about a
// second, once.
type symIndex struct {
	prefIDs   map[string]uint32 // prefix → prefix id
	prefWords [][]uint32        // prefix id → lexicon word ids
	packed    []uint64          // sorted: deletion hash << 32 | prefix id
	extra     map[uint32][]uint32
	built     int // lexicon ids below this are indexed
}

const (
	symPrefix  = 7
	symMaxDist = 2
)

// newSymIndex indexes keys (the lexicon's keys, by id).
func newSymIndex(keys []string) *symIndex {
	x := &symIndex{prefIDs: make(map[string]uint32, len(keys)/3+1)}
	x.packed = make([]uint64, 0, len(keys)*4)
	var scratch symScratch
	for id, k := range keys {
		x.add(k, uint32(id), true, &scratch)
	}
	symSortByHash(x.packed)
	x.built = len(keys)
	return x
}

// symSortByHash sorts packed entries by their hash (the upper 32 bits) in
// two stable radix passes of 16 bits: entries are appended in prefix id
// order, so the result is the fully sorted slice, several times faster
// than a comparison sort of millions of entries.
func symSortByHash(p []uint64) {
	if len(p) < 1<<12 {
		slices.Sort(p)
		return
	}
	tmp := make([]uint64, len(p))
	src, dst := p, tmp
	for shift := uint(32); shift < 64; shift += 16 {
		var counts [1 << 16]int
		for _, v := range src {
			counts[uint16(v>>shift)]++
		}
		pos := 0
		for i, c := range counts {
			counts[i] = pos
			pos += c
		}
		for _, v := range src {
			b := uint16(v >> shift)
			dst[counts[b]] = v
			counts[b]++
		}
		src, dst = dst, src
	}
	// two passes: the sorted entries are back in p
}

// update indexes the keys added to the lexicon since the last build or
// update, in the overflow map.
func (x *symIndex) update(keys []string) {
	var scratch symScratch
	for id := x.built; id < len(keys); id++ {
		x.add(keys[id], uint32(id), false, &scratch)
	}
	x.built = len(keys)
}

// symScratch holds buffers reused while hashing.
type symScratch struct {
	runes  []rune
	hashes []uint32
	pids   []uint32
}

// add indexes word k with lexicon id id.
func (x *symIndex) add(k string, id uint32, bulk bool, s *symScratch) {
	p := symHead(k)
	pid, ok := x.prefIDs[p]
	if !ok {
		pid = uint32(len(x.prefWords))
		x.prefIDs[p] = pid
		x.prefWords = append(x.prefWords, nil)
		for _, h := range symDeletes(p, s) {
			if bulk {
				x.packed = append(x.packed, uint64(h)<<32|uint64(pid))
			} else {
				if x.extra == nil {
					x.extra = make(map[uint32][]uint32)
				}
				x.extra[h] = append(x.extra[h], pid)
			}
		}
	}
	x.prefWords[pid] = append(x.prefWords[pid], id)
}

// lookup calls fn with the id of each indexed word whose prefix may be
// within symMaxDist of word's prefix. The caller verifies the distance.
func (x *symIndex) lookup(word string, s *symScratch, fn func(id uint32)) {
	s.pids = s.pids[:0]
	hs := symDeletes(symHead(word), s)
	for _, h := range hs {
		lo := uint64(h) << 32
		i, _ := slices.BinarySearch(x.packed, lo)
		for ; i < len(x.packed) && x.packed[i]>>32 == uint64(h); i++ {
			s.pids = append(s.pids, uint32(x.packed[i]))
		}
		s.pids = append(s.pids, x.extra[h]...)
	}
	slices.Sort(s.pids)
	for _, pid := range slices.Compact(s.pids) {
		for _, id := range x.prefWords[pid] {
			fn(id)
		}
	}
}

// symHead is the first symPrefix runes of k.
func symHead(k string) string {
	n := 0
	for i := range k {
		if n == symPrefix {
			return k[:i]
		}
		n++
	}
	return k
}

// symDeletes returns the distinct hashes of p with zero, one or two runes
// removed, in s.hashes.
func symDeletes(p string, s *symScratch) []uint32 {
	s.runes = s.runes[:0]
	for _, r := range p {
		s.runes = append(s.runes, r)
	}
	rs := s.runes
	s.hashes = append(s.hashes[:0], symHash(rs, -1, -1))
	for i := range rs {
		s.hashes = append(s.hashes, symHash(rs, i, -1))
		for j := i + 1; j < len(rs); j++ {
			s.hashes = append(s.hashes, symHash(rs, i, j))
		}
	}
	slices.Sort(s.hashes)
	s.hashes = slices.Compact(s.hashes)
	return s.hashes
}

// symHash is the FNV-1a hash of rs without the runes at skip1 and skip2.
func symHash(rs []rune, skip1, skip2 int) uint32 {
	h := uint32(2166136261)
	for i, r := range rs {
		if i == skip1 || i == skip2 {
			continue
		}
		for r != 0 {
			h ^= uint32(r & 0xff)
			h *= 16777619
			r >>= 8
		}
		h ^= 0xff // rune separator
		h *= 16777619
	}
	return h
}

// symDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or max+1
// when it exceeds max.
func symDistance(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	if len(b) < symShort {
		// most words are short: smaller rows to clear
		var rows [3][symShort]int32
		return symDistanceIn(rows[0][:], rows[1][:], rows[2][:], a, b, max)
	}
	var rows [3][symLong]int32
	if len(b) >= len(rows[0]) {
		return max + 1 // no word is that long; a token that is, is no word
	}
	return symDistanceIn(rows[0][:], rows[1][:], rows[2][:], a, b, max)
}

// The row lengths of symDistance's table: symShort for most words,
// symLong at most.
const (
	symShort = 24
	symLong  = 48
)

// symDistanceIn is symDistance in three rows longer than b.
func symDistanceIn(r0, r1, r2 []int32, a, b []rune, max int) int {
	prev2, prev, cur := r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = int32(i)
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if int(best) > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(int(prev[len(b)]), max+1)
}

// symRunes appends the runes of s to buf.
func symRunes(buf []rune, s string) []rune {
	buf = buf[:0]
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		buf = append(buf, r)
		s = s[n:]
	}
	return buf
}
