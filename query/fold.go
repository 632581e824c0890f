package query

import (
	"unicode"
	"unicode/utf8"
)

// Folding. Free words compare folded: each rune lower-cased, and the
// German letters ä, ö, ü and ß written out as ae, oe, ue and ss, so that
// `koeln` finds Köln and `strasse` finds Straße. A document matches a free
// word when its folded title, id, a tag or its text contains the folded
// word. The word index (see Index and EachWord) holds the maximal runs of
// letters and digits of the same folded forms, so a free word made of
// letters and digits alone is found exactly through it.
//
// A tag (tag:) and a canonical entity name (entity:) compare folded as
// free words do, whole: tag:koeln finds the tag Köln, entity:koeln* the
// entity KölnBusiness. An entity's name is indexed under its FoldKey, and
// compared as its FoldKey folds (each rune's case orbit before Fold), so
// that the index and Match agree where Fold tells case forms apart (ſ,
// ς). The other field values (twin:, label: with a *) compare by simple
// case folding, rune by rune, as strings.EqualFold does; FoldKey is the
// key under which entities and twins are indexed.

// foldPair is the fold of r: one rune, or two (b != 0) for ä, ö, ü and ß.
func foldPair(r rune) (a, b rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A', 0
		}
		return r, 0
	}
	l := unicode.ToLower(r)
	switch l {
	case 'ä':
		return 'a', 'e'
	case 'ö':
		return 'o', 'e'
	case 'ü':
		return 'u', 'e'
	case 'ß':
		return 's', 's'
	}
	return l, 0
}

// Fold returns s folded as free words are compared.
func Fold(s string) string {
	return string(appendFold(make([]byte, 0, len(s)+8), s))
}

// appendFold appends the folded form of s to b.
func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		x, y := foldPair(r)
		b = utf8.AppendRune(b, x)
		if y != 0 {
			b = utf8.AppendRune(b, y)
		}
	}
	return b
}

// isWordRune reports whether the folded rune r belongs to a word of the
// index: a letter or a digit.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// EachWord calls fn with each word of s as the index holds it: each
// maximal run of letters and digits of the folded s. The word is only
// valid during the call. buf is scratch space, returned for reuse.
func EachWord(s string, buf []byte, fn func(word []byte)) []byte {
	w := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				w = append(w, c)
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			default:
				if len(w) > 0 {
					fn(w)
					w = w[:0]
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		x, y := foldPair(r)
		for _, f := range [2]rune{x, y} {
			if f == 0 {
				continue
			}
			if isWordRune(f) {
				w = utf8.AppendRune(w, f)
			} else if len(w) > 0 {
				fn(w)
				w = w[:0]
			}
		}
	}
	if len(w) > 0 {
		fn(w)
	}
	return w
}

// A run is one run of letters and digits of a folded free word; open
// says on which sides it may continue into more letters in a document.
type run struct {
	s           string
	left, right bool // the run may be preceded / followed by letters
}

// wordRuns splits the folded word w into its runs of letters and digits.
// A run next to other characters of w meets the end of a word of the
// index there.
func wordRuns(w string) []run {
	var out []run
	start := -1
	prevSep := false // a separator came before the current position
	flush := func(end int, sepAfter bool) {
		out = append(out, run{s: w[start:end], left: !prevSep, right: !sepAfter})
		start = -1
	}
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else {
			if start >= 0 {
				flush(i, true)
			}
			prevSep = true
		}
		i += size
	}
	if start >= 0 {
		flush(len(w), false)
	}
	return out
}

// foldOrbit is the key rune of r under simple case folding: the smallest
// rune that folds to the same as r. Two runes are equal ignoring case, as
// strings.EqualFold says, exactly when their keys are equal.
func foldOrbit(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// FoldKey is the key of a field value compared ignoring case (tag:,
// entity:, twin:): each rune replaced by its foldOrbit.
func FoldKey(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < utf8.RuneSelf { // the smallest of an ASCII letter's orbit is its capital
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		b = utf8.AppendRune(b, foldOrbit(r))
	}
	return string(b)
}

// foldedEqual reports whether s, folded as Fold folds it, equals f, a
// folded value, or starts with it when prefix is set. It folds s rune by
// rune as it compares, without allocating.
func foldedEqual(s, f string, prefix bool) bool { return foldedEqualBy(s, f, prefix, false) }

// SameEntity reports whether entity:name finds a document that mentions
// the canonical entity other: whether the two names fold alike.
func SameEntity(name, other string) bool {
	return keyFoldedEqual(other, Fold(FoldKey(name)), false)
}

// keyFoldedEqual is foldedEqual of FoldKey(s): each rune of s is taken
// to its foldOrbit before it is folded.
func keyFoldedEqual(s, f string, prefix bool) bool { return foldedEqualBy(s, f, prefix, true) }

func foldedEqualBy(s, f string, prefix, orbit bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if orbit && r >= utf8.RuneSelf {
			r = foldOrbit(r)
		}
		a, b := foldPair(r)
		for k, x := range [2]rune{a, b} {
			if k == 1 && b == 0 {
				break
			}
			if f == "" {
				return prefix
			}
			y, n := utf8.DecodeRuneInString(f)
			if x != y {
				return false
			}
			f = f[n:]
		}
	}
	return f == ""
}

// foldFirsts returns every rune whose fold (foldPair, of the rune or of
// its foldOrbit) starts with the folded rune f: the runes equal to f
// ignoring case, İ for i, and ä, ö, ü and ß with their capitals for a,
// o, u and s (some more, never fewer). A value that folds to a string
// starting with f starts with one of them.
func foldFirsts(f rune) []rune {
	out := caseOrbit(nil, f)
	switch f {
	case 'i':
		out = append(out, 'İ')
	case 'a':
		out = caseOrbit(out, 'ä')
	case 'o':
		out = caseOrbit(out, 'ö')
	case 'u':
		out = caseOrbit(out, 'ü')
	case 's':
		out = caseOrbit(out, 'ß')
	}
	return out
}

// caseOrbit appends r and the runes equal to it ignoring case.
func caseOrbit(out []rune, r rune) []rune {
	out = append(out, r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f)
	}
	return out
}

// equalFoldPrefix reports whether s equals v ignoring case (simple
// folding, rune by rune), or starts with it when prefix is set.
func equalFoldPrefix(s, v string, prefix bool) bool {
	for v != "" {
		if s == "" {
			return false
		}
		r1, n1 := utf8.DecodeRuneInString(s)
		r2, n2 := utf8.DecodeRuneInString(v)
		if r1 != r2 && foldOrbit(r1) != foldOrbit(r2) {
			return false
		}
		s, v = s[n1:], v[n2:]
	}
	return prefix || s == ""
}
