package annot

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// Runes counts the code points of s.
func Runes(s string) int { return utf8.RuneCountInString(s) }

// ByteOffset returns the byte offset of code point i in s, or len(s) when i
// is at or past the end. A negative i gives 0.
func ByteOffset(s string, i int) int {
	if i <= 0 {
		return 0
	}
	n := 0
	for b := range s {
		if n == i {
			return b
		}
		n++
	}
	return len(s)
}

// Slice returns s[start:end] in code points, clamped to s.
func Slice(s string, sp Span) string {
	sp.Start = max(sp.Start, 0)
	if sp.End <= sp.Start {
		return ""
	}
	b := ByteOffset(s, sp.Start)
	e := b + ByteOffset(s[b:], sp.End-sp.Start)
	return s[b:e]
}

// Index maps code point offsets of one text to byte offsets in O(1) after
// an O(n) build. Use it when slicing one text many times.
type Index struct {
	text  string
	bytes []int32 // byte offset of code point i; len = runes+1
	ascii bool
}

// NewIndex builds an Index of s.
func NewIndex(s string) *Index {
	ix := &Index{text: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		ix.ascii = true
		return ix
	}
	ix.bytes = make([]int32, 0, len(s)+1)
	for b := range s {
		ix.bytes = append(ix.bytes, int32(b))
	}
	ix.bytes = append(ix.bytes, int32(len(s)))
	return ix
}

// Len is the text's length in code points.
func (ix *Index) Len() int {
	if ix.ascii {
		return len(ix.text)
	}
	return len(ix.bytes) - 1
}

// Byte returns the byte offset of code point i, clamped to the text.
func (ix *Index) Byte(i int) int {
	if i < 0 {
		i = 0
	}
	if i > ix.Len() {
		i = ix.Len()
	}
	if ix.ascii {
		return i
	}
	return int(ix.bytes[i])
}

// Slice returns the text of sp, clamped to the text.
func (ix *Index) Slice(sp Span) string {
	b, e := ix.Byte(sp.Start), ix.Byte(sp.End)
	if e < b {
		return ""
	}
	return ix.text[b:e]
}

// Rune returns the code point index that holds byte offset b.
func (ix *Index) Rune(b int) int {
	if ix.ascii {
		return min(max(b, 0), len(ix.text))
	}
	lo, hi := 0, len(ix.bytes)-1
	for lo < hi {
		m := (lo + hi + 1) / 2
		if int(ix.bytes[m]) <= b {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// Text returns the indexed text.
func (ix *Index) Text() string { return ix.text }

// Hash is a document's hash: the SHA-256 of its stored text, in hex.
func Hash(text string) string {
	return HashBytes([]byte(text))
}

// HashBytes is Hash of the text in b.
func HashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
