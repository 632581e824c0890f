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
// candidates, verified by computing the real distance (near). For the
// 400 000 words of wngerman that is about 3.5 million 8-byte entries and a
// directory of 4 MB over their hashes, built in about a second, once.
type symIndex struct {
	prefIDs   map[string]uint32 // prefix → prefix id
	prefWords [][]symWord       // prefix id → lexicon words
	prefs     []string          // prefix id → prefix
	packed    []uint64          // sorted by hash: deletion hash << 32 | runes removed << 30 | prefix id
	dir       []uint32          // dir[h>>dirShift]: the first entry of packed with a hash from h>>dirShift on
	dirShift  uint
	extra     map[uint32][]uint32 // hash → runes removed << 30 | prefix id
	built     int                 // lexicon ids below this are indexed
}

const (
	symPrefix  = 7
	symMaxDist = 2

	// an entry's prefix id and how many runes its deletion removed
	symPidMask  = 1<<30 - 1
	symDelShift = 30
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
	x.buildDir()
	x.built = len(keys)
	return x
}

// buildDir indexes packed by the top bits of its hashes, about four
// entries a slot, so that finding a hash reads one slot and a few
// entries instead of searching millions.
func (x *symIndex) buildDir() {
	bits := uint(4)
	for bits < 24 && 1<<(bits+2) < len(x.packed) {
		bits++
	}
	x.dirShift = 32 - bits
	x.dir = make([]uint32, 1<<bits+1)
	i := 0
	for slot := range x.dir {
		for i < len(x.packed) && x.packed[i]>>(32+x.dirShift) < uint64(slot) {
			i++
		}
		x.dir[slot] = uint32(i)
	}
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

// symWord is a word of a prefix's bucket: its lexicon id, and its length
// in runes (at most 255), so that near passes over a word too long or too
// short without reading the word itself, which lies anywhere in memory.
type symWord struct {
	id    uint32
	runes uint8
}

// symScratch holds buffers reused while hashing and measuring.
type symScratch struct {
	runes  []rune
	hashes []uint64
	pids   []uint32
	near   symNear
}

// add indexes word k with lexicon id id.
func (x *symIndex) add(k string, id uint32, bulk bool, s *symScratch) {
	p := symHead(k)
	pid, ok := x.prefIDs[p]
	if !ok {
		pid = uint32(len(x.prefWords))
		x.prefIDs[p] = pid
		x.prefWords = append(x.prefWords, nil)
		x.prefs = append(x.prefs, p)
		for _, hd := range symDeletes(p, s) {
			h, e := uint32(hd>>32), uint32(hd)<<symDelShift|pid
			if bulk {
				x.packed = append(x.packed, uint64(h)<<32|uint64(e))
			} else {
				if x.extra == nil {
					x.extra = make(map[uint32][]uint32)
				}
				x.extra[h] = append(x.extra[h], e)
			}
		}
	}
	x.prefWords[pid] = append(x.prefWords[pid], symWord{id, uint8(min(utf8.RuneCountInString(k), 255))})
}

// lookup calls fn with the id of each indexed word whose prefix may be
// within symMaxDist of word's prefix. The caller verifies the distance.
func (x *symIndex) lookup(word string, s *symScratch, fn func(id uint32)) {
	for _, pid := range x.prefixes(word, symMaxDist, s) {
		for _, w := range x.prefWords[pid] {
			fn(w.id)
		}
	}
}

// prefixes returns, sorted, the ids of the indexed prefixes that share a
// deletion hash with word's prefix, each side with at most maxd runes
// removed, in s.pids. Each edit of a word removes at most one rune from
// each side's prefix (a substitution or a swap that rune, an insertion
// the inserted rune on one side and the prefix's last on the other), so
// a word within maxd edits has its prefix among them.
func (x *symIndex) prefixes(word string, maxd int, s *symScratch) []uint32 {
	s.pids = s.pids[:0]
	hs := symDeletes(symHead(word), s)
	for _, hd := range hs {
		if int(uint32(hd)) > maxd {
			continue
		}
		h := uint32(hd >> 32)
		i, j := 0, len(x.packed)
		if x.dir != nil {
			i, j = int(x.dir[h>>x.dirShift]), int(x.dir[h>>x.dirShift+1])
		}
		// the first entry of hash h in packed[i:j]
		for i < j {
			m := int(uint(i+j) >> 1)
			if uint32(x.packed[m]>>32) < h {
				i = m + 1
			} else {
				j = m
			}
		}
		for ; i < len(x.packed) && uint32(x.packed[i]>>32) == h; i++ {
			if e := uint32(x.packed[i]); int(e>>symDelShift) <= maxd {
				s.pids = append(s.pids, e&symPidMask)
			}
		}
		for _, e := range x.extra[h] {
			if int(e>>symDelShift) <= maxd {
				s.pids = append(s.pids, e&symPidMask)
			}
		}
	}
	slices.Sort(s.pids)
	s.pids = slices.Compact(s.pids)
	return s.pids
}

// near calls fn, in lookup's order, with the id of each indexed word whose
// key (keys[id]) is within optimal string alignment distance maxd
// (at most symMaxDist) of word, and that distance: the words lookup
// gives for which symDistance(word, key, maxd) <= maxd, found without
// measuring most of them. A word's distance is at least that of its first
// runes to any prefix of word, and the distance table's rows only grow
// (their least cell never falls), so a prefix (a bucket: its words all
// begin with it) too far from word is passed over whole, and the rows a
// word shares with the word before it in its bucket are not computed
// again; a word whose length is more than maxd from word's is passed over
// by the length its bucket keeps, unread. Only the cells within maxd of the diagonal are computed: the
// others exceed maxd. Words of symLong runes or more are never near, as
// symDistance has it.
func (x *symIndex) near(word string, maxd int, keys []string, s *symScratch, fn func(id uint32, dist int)) {
	pids := x.prefixes(word, maxd, s)
	t := &s.near
	t.start(word, maxd)
	la := len(t.a)
	for _, pid := range pids {
		if !t.setPrefix(x.prefs[pid]) {
			continue
		}
		for _, w := range x.prefWords[pid] {
			if n := int(w.runes); n-la > maxd || la-n > maxd {
				continue // as dist would find (a length of 255 or more is over symLong)
			}
			key := keys[w.id]
			if d := t.dist(key[len(x.prefs[pid]):]); d <= maxd {
				fn(w.id, d)
			}
		}
	}
}

// symNear is near's distance table: a row for each rune of the key
// (rows over the key, a column for each rune of the query word), kept
// from one key to the next.
type symNear struct {
	a     []rune  // the query word
	maxd  int32   // the greatest distance wanted
	w     int     // row width: len(a)+1
	cells []int32 // row r (the key's first r runes) at cells[r*w:]
	b     []rune  // the runes of the key whose rows are in cells
	np    int     // of which the prefix's
	valid int     // rows 0..valid are computed for b
	dead  int     // the first row whose least cell exceeds maxd, or 0
}

// start begins a query for word.
func (t *symNear) start(word string, maxd int) {
	t.a = symRunes(t.a, word)
	t.maxd = int32(maxd)
	t.w = len(t.a) + 1
	if n := symLong * t.w; cap(t.cells) < n {
		t.cells = make([]int32, n)
	} else {
		t.cells = t.cells[:n]
	}
	for c := range t.w {
		t.cells[c] = int32(min(c, maxd+1))
	}
}

// setPrefix computes the rows of prefix p, every word of a bucket
// beginning with it, and reports whether any word beginning with p may
// be within maxd of the query.
func (t *symNear) setPrefix(p string) bool {
	t.b = symRunes(t.b, p)
	t.np = len(t.b)
	t.valid, t.dead = 0, 0
	if t.np >= symLong {
		return false
	}
	for r := 1; r <= t.np; r++ {
		if !t.row(r) {
			t.dead = r
			return false
		}
		t.valid = r
	}
	return true
}

// dist returns the distance of the query to the key made of the prefix
// and tail, or maxd+1 if it exceeds maxd.
func (t *symNear) dist(tail string) int {
	maxd := int(t.maxd)
	// the tail's runes after the prefix's, sharing the rows of the runes
	// the last key had in common with it
	known := t.valid // runes of t.b whose rows are computed, or dead
	if t.dead != 0 {
		known = t.dead
	}
	same, i := t.np, 0
	for i < len(tail) && same < known {
		r, n := utf8.DecodeRuneInString(tail[i:])
		if t.b[same] != r {
			break
		}
		same++
		i += n
	}
	if t.dead != 0 && same >= t.dead {
		return maxd + 1 // the key begins with runes already too far
	}
	t.b = t.b[:same]
	for i < len(tail) {
		r, n := utf8.DecodeRuneInString(tail[i:])
		t.b = append(t.b, r)
		i += n
	}
	nb := len(t.b)
	t.valid, t.dead = same, 0 // the rows kept are the shared ones
	if nb >= symLong || nb-len(t.a) > maxd || len(t.a)-nb > maxd {
		return maxd + 1
	}
	for r := t.valid + 1; r <= nb; r++ {
		if !t.row(r) {
			t.dead = r
			return maxd + 1
		}
		t.valid = r
	}
	return int(min(t.cells[nb*t.w+len(t.a)], t.maxd+1))
}

// row computes row r of the table from the rows before it, within maxd
// of the diagonal (the cells just outside the band hold maxd+1, which a
// real distance there is not below), and reports whether any cell of it
// is within maxd.
func (t *symNear) row(r int) bool {
	a, b, w, maxd := t.a, t.b, t.w, t.maxd
	cur := t.cells[r*w : r*w+w]
	prev := t.cells[(r-1)*w : (r-1)*w+w]
	lo, hi := max(1, r-int(maxd)), min(len(a), r+int(maxd))
	cur[0] = int32(r)
	best := cur[0]
	if lo > 1 {
		cur[lo-1] = maxd + 1
	}
	if hi+1 < w {
		cur[hi+1] = maxd + 1
	}
	br := b[r-1]
	for c := lo; c <= hi; c++ {
		cost := int32(1)
		if a[c-1] == br {
			cost = 0
		}
		v := min(prev[c]+1, cur[c-1]+1, prev[c-1]+cost)
		if r > 1 && c > 1 && a[c-1] == b[r-2] && a[c-2] == br {
			v = min(v, t.cells[(r-2)*w+c-2]+1)
		}
		cur[c] = v
		best = min(best, v)
	}
	return best <= maxd
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
// removed, each with the fewest runes removed that give it (hash << 32 |
// runes removed), sorted, in s.hashes.
func symDeletes(p string, s *symScratch) []uint64 {
	s.runes = s.runes[:0]
	for _, r := range p {
		s.runes = append(s.runes, r)
	}
	rs := s.runes
	s.hashes = append(s.hashes[:0], uint64(symHash(rs, -1, -1))<<32)
	for i := range rs {
		s.hashes = append(s.hashes, uint64(symHash(rs, i, -1))<<32|1)
		for j := i + 1; j < len(rs); j++ {
			s.hashes = append(s.hashes, uint64(symHash(rs, i, j))<<32|2)
		}
	}
	slices.Sort(s.hashes)
	s.hashes = slices.CompactFunc(s.hashes, func(a, b uint64) bool { return a>>32 == b>>32 })
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
