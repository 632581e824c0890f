package suggest

import (
	"strings"
	"unicode/utf8"
)

// German builds words the lexicon cannot list: compounds (`Jahrestreffen`,
// `projektbezogen`), inflected forms (`Netzwerkes`) and verbs with another
// prefix (`geöffnet` beside `eröffnet`). These helpers tell whether a word
// the corpus lacks is built of words it has. trusted is the caller's test
// of a lexicon key.

// morphLinks are the linking elements between the parts of a compound
// (Fugenelemente): Jahr-es-treffen, Wirtschaft-s-ausschuss, Straße-n-bahn.
var morphLinks = []string{"s", "es", "n", "en"}

// morphMinPart is the shortest part of a compound, in runes, when a
// compound vouches for a word as written; morphMinBuilt when it vouches for
// a rewrite of it, where short function words (`bin` + `aus`) would
// vouch for too much.
const (
	morphMinPart  = 3
	morphMinBuilt = 4
)

// morphCompound splits w into two or more trusted words, optionally
// joined by a linking element, longest first part first. It returns the
// parts, or nil when w does not split.
func morphCompound(w string, minPart int, trusted func(string) bool) []string {
	if utf8.RuneCountInString(w) < 2*minPart {
		return nil
	}
	failed := make([]bool, len(w)+1)
	var split func(i int) []string
	split = func(i int) []string {
		if failed[i] {
			return nil
		}
		for j := len(w); j > i; {
			end := j
			_, sz := utf8.DecodeLastRuneInString(w[:j])
			j -= sz
			if utf8.RuneCountInString(w[i:end]) < minPart || (i == 0 && end == len(w)) || !trusted(w[i:end]) {
				continue
			}
			if end == len(w) {
				return []string{w[i:]}
			}
			if rest := split(end); rest != nil {
				return append([]string{w[i:end]}, rest...)
			}
			for _, l := range morphLinks {
				if strings.HasPrefix(w[end:], l) && end+len(l) < len(w) {
					if rest := split(end + len(l)); rest != nil {
						return append([]string{w[i:end]}, rest...)
					}
				}
			}
		}
		failed[i] = true
		return nil
	}
	return split(0)
}

// morphEndings are German inflection endings, longest first.
var morphEndings = []string{"ern", "ens", "en", "em", "er", "es", "st", "te", "et", "e", "n", "s", "t", ""}

// morphInflected returns a trusted word that differs from w only in its
// inflection ending (`Netzwerkes` and `Netzwerk`), or "".
func morphInflected(w string, trusted func(string) bool) string {
	var buf []byte
	for _, e := range morphEndings {
		if !strings.HasSuffix(w, e) {
			continue
		}
		stem := w[:len(w)-len(e)]
		if utf8.RuneCountInString(stem) < 3 {
			continue
		}
		for _, e2 := range morphEndings {
			if e2 == e {
				continue
			}
			buf = append(append(buf[:0], stem...), e2...)
			if trusted(string(buf)) {
				return string(buf)
			}
		}
	}
	return ""
}

// morphInflectionOnly reports whether a and b differ only in an
// inflection ending, so that one is no OCR error of the other.
func morphInflectionOnly(a, b string) bool {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	ea, eb := a[i:], b[i:]
	return morphIsEnding(ea) && morphIsEnding(eb)
}

func morphIsEnding(s string) bool {
	for _, e := range morphEndings {
		if s == e {
			return true
		}
	}
	return false
}

// morphPrefixes are German verb and noun prefixes: a word that differs from
// a trusted word only in one of them is of the same family.
var morphPrefixes = []string{
	"ge", "be", "er", "ver", "zer", "ent", "emp", "miss", "un",
	"ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu",
	"über", "unter", "um", "durch", "wieder", "zurück", "her", "hin",
}

// morphStemMin is the shortest stem, in runes, that a prefix family shares.
const morphStemMin = 4

// morphStems calls fn with each stem of w: w without one of morphPrefixes,
// if at least morphStemMin runes remain.
func morphStems(w string, fn func(stem string)) {
	for _, p := range morphPrefixes {
		if strings.HasPrefix(w, p) && utf8.RuneCountInString(w[len(p):]) >= morphStemMin {
			fn(w[len(p):])
		}
	}
}
