package annot

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

// A Sketch is a MinHash signature of a text: for each of SketchSize hash
// functions, the least hash of the text's word pairs (shingles of two
// folded words). Two texts' sketches agree at about the share of word
// pairs the texts share (their Jaccard similarity), so near-duplicates —
// an OCR scan and a clean copy of the same text, or a document imported
// twice from two sources — are found without comparing the texts. Sketches
// split into SketchBands bands of rows; texts that share one whole band are
// the candidates worth comparing (locality-sensitive hashing).
type Sketch struct {
	Min   [SketchSize]uint32
	Pairs uint32 // the distinct word pairs hashed, about
}

// The sketch's shape: 64 hashes in 32 bands of 2. A scan inside a longer
// clean copy may share only one pair in five of their union, and bands of
// two rows still meet at that similarity with a chance of 1-(1-s²)³² =
// 0.73 (0.27 at 0.1, so candidates are then verified).
const (
	SketchSize  = 64
	SketchBands = 32
	sketchRows  = SketchSize / SketchBands
	// SketchBytes is the size of an encoded sketch.
	SketchBytes = SketchSize*4 + 4
	// sketchMinPairs is the fewest word pairs a text needs for a sketch:
	// a short text is near-identical to too many others.
	sketchMinPairs = 20
)

// TwinContainment is the share of the shorter text's word pairs that the
// longer must hold for two texts to be twins: an OCR scan with one damaged
// word in ten still shares about four pairs in five with its clean copy,
// which may hold much more (a web page around a press release).
const TwinContainment = 0.45

// NewSketch returns the sketch of text, and false when text has too few
// words to be judged.
func NewSketch(text string) (Sketch, bool) {
	return SketchOfWords(AppendSketchWords(make([]uint64, 0, len(text)/6), text))
}

// AppendSketchWords appends to hs the hash of each word of text, in
// order, as NewSketch hashes them; SketchOfWords makes the sketch of a
// text from them. A word ends at any ASCII byte that is not a letter or
// a digit, so the hashes of a text are those of its parts between such
// bytes, one after the other, and a caller that scans a text for other
// words can hash its ASCII words itself (SketchWordASCII).
func AppendSketchWords(hs []uint64, text string) []uint64 {
	eachSketchWord(text, func(h uint64) { hs = append(hs, h) })
	return hs
}

// SketchWordASCII is the hash AppendSketchWords gives a word of ASCII
// letters and digits already folded to lower case.
func SketchWordASCII(w []byte) uint64 {
	h := uint64(sketchOffset)
	for _, c := range w {
		h ^= uint64(c)
		h *= sketchPrime
	}
	return h | 1
}

// FNV-1a's constants, for the words' hashes
const (
	sketchOffset = 14695981039346656037
	sketchPrime  = 1099511628211
)

// SketchOfWords returns the sketch of a text whose words hash to hs
// (AppendSketchWords), and false when it has too few words to be judged.
// It reuses hs's memory for the pairs.
func SketchOfWords(hs []uint64) (Sketch, bool) {
	var s Sketch
	for i := range s.Min {
		s.Min[i] = ^uint32(0)
	}
	// The pairs' hashes are gathered, sorted and deduplicated, not put
	// in a set: the sketch is a minimum over the distinct pairs, so their
	// order does not matter, and sorting is the cheaper half. Pair i is
	// written over word i, which no later pair reads.
	xs := hs[:0]
	for i := 1; i < len(hs); i++ {
		xs = append(xs, sketchMix(hs[i-1]*31+hs[i]))
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	var seeds [SketchSize]uint64
	for i := range seeds {
		seeds[i] = sketchSeed(i)
	}
	s.addAll(xs, &seeds)
	pairs := len(xs)
	s.Pairs = uint32(min(pairs, 1<<31))
	return s, pairs >= sketchMinPairs
}

// eachSketchWord calls fn with the hash of each word of text, folded to
// lower case (FNV-1a of each folded rune's bytes, low first, with the
// lowest bit set),
// in order: each longest run of letters and digits (as
// strings.FieldsFunc splits it; a byte that is not UTF-8 separates). It
// hashes while it scans, ASCII a byte at a time.
func eachSketchWord(text string, fn func(h uint64)) {
	const offset = uint64(sketchOffset)
	h, in := offset, false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if in {
					fn(h | 1)
					h, in = offset, false
				}
				continue
			}
			h ^= uint64(c)
			h *= sketchPrime
			in = true
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if in {
				fn(h | 1)
				h, in = offset, false
			}
			continue
		}
		for r = unicode.ToLower(r); r != 0; r >>= 8 {
			h ^= uint64(r & 0xff)
			h *= sketchPrime
		}
		in = true
	}
	if in {
		fn(h | 1)
	}
}

// add lowers each row to the pair's hash under that row's function, if
// smaller. The functions are x ⊕ seed mixed, with fixed seeds (seeds[i]
// is sketchSeed(i), computed once per text: it was half the cost).
func (s *Sketch) add(x uint64, seeds *[SketchSize]uint64) {
	for i, seed := range seeds {
		h := uint32(sketchMix(x^seed) >> 32)
		if h < s.Min[i] {
			s.Min[i] = h
		}
	}
}

// addAll is add of each of xs. It takes four at a time, each row's least
// of the four compared with the row once: a row's load and store were
// made for each hash, and the four hashes are computed side by side.
func (s *Sketch) addAll(xs []uint64, seeds *[SketchSize]uint64) {
	for ; len(xs) >= 4; xs = xs[4:] {
		a, b, c, d := xs[0], xs[1], xs[2], xs[3]
		for i, seed := range seeds {
			m := min(uint32(sketchMix(a^seed)>>32), uint32(sketchMix(b^seed)>>32),
				uint32(sketchMix(c^seed)>>32), uint32(sketchMix(d^seed)>>32))
			if m < s.Min[i] {
				s.Min[i] = m
			}
		}
	}
	for _, x := range xs {
		s.add(x, seeds)
	}
}

// sketchSeed is the seed of hash function i.
func sketchSeed(i int) uint64 { return sketchMix(uint64(i+1) * 0x9e3779b97f4a7c15) }

// sketchMix is the splitmix64 finalizer.
func sketchMix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity estimates the Jaccard similarity of the two texts' word
// pairs: the share of rows where the sketches agree. (Pointers: a sketch
// is 260 bytes, and an import compares each text with thousands of
// candidates; copying both sketches in took more than the comparison.)
func (s *Sketch) Similarity(o *Sketch) float64 {
	same := 0
	for i := range s.Min {
		if s.Min[i] == o.Min[i] {
			same++
		}
	}
	return float64(same) / SketchSize
}

// Containment estimates the share of the shorter text's word pairs that
// the other text holds too, from the similarity J and the two sizes:
// |A∩B| = J·(|A|+|B|)/(1+J).
func (s *Sketch) Containment(o *Sketch) float64 {
	if s.Pairs == 0 || o.Pairs == 0 {
		return 0
	}
	j := s.Similarity(o)
	both := j * float64(s.Pairs+o.Pairs) / (1 + j)
	return min(1, both/float64(min(s.Pairs, o.Pairs)))
}

// Twin reports whether the two texts are near-duplicates.
func (s *Sketch) Twin(o *Sketch) bool { return s.Containment(o) >= TwinContainment }

// Band returns the hash of band b, the key under which texts that agree on
// all its rows meet.
func (s Sketch) Band(b int) uint64 {
	h := uint64(b + 1)
	for _, v := range s.Min[b*sketchRows : (b+1)*sketchRows] {
		h = sketchMix(h*1099511628211 + uint64(v))
	}
	return h
}

// Encode writes the sketch as SketchBytes bytes.
func (s Sketch) Encode() []byte {
	b := make([]byte, SketchBytes)
	for i, v := range s.Min {
		binary.BigEndian.PutUint32(b[i*4:], v)
	}
	binary.BigEndian.PutUint32(b[SketchSize*4:], s.Pairs)
	return b
}

// DecodeSketch reads an encoded sketch; false when b is not one.
func DecodeSketch(b []byte) (Sketch, bool) {
	var s Sketch
	if len(b) != SketchBytes {
		return s, false
	}
	for i := range s.Min {
		s.Min[i] = binary.BigEndian.Uint32(b[i*4:])
	}
	s.Pairs = binary.BigEndian.Uint32(b[SketchSize*4:])
	return s, true
}
