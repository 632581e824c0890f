package suggest

import (
	"strings"
	"unicode/utf8"
)

// Historical German spelling is not OCR damage. Texts printed before the
// reforms of 1901 and 1996 write `Theil`, `seyn`, `daß`, `Hülfe`, `giebt`,
// `todt`, `Bündniß`, `Cultur` and `Centrum`; a modern dictionary lacks them,
// but each is a modern word under a known variant rule. archaicRules are
// those rules, old spelling first; a word that one or two of them turn into
// a known word is archaic, not a suspect.
var archaicRules = [...]struct {
	old, modern string
	short       bool // safe on a short word too (`daß`, `thun`, `bey`)
}{
	{"th", "t", true}, {"ey", "ei", true}, {"ay", "ai", false}, {"ß", "ss", true}, {"niß", "nis", true},
	{"c", "k", false}, {"c", "z", false}, {"ü", "i", false}, {"ie", "i", false}, {"dt", "t", true},
	{"iren", "ieren", true}, {"irt", "iert", true}, {"ck", "k", false}, {"tz", "z", false},
	{"y", "i", false}, {"ae", "ä", false}, {"oe", "ö", false}, {"ue", "ü", false}, {"ph", "f", false},
	{"ee", "e", false}, {"aa", "a", false}, {"ss", "ß", false},
}

// archaicMin is the shortest word that every variant rule may judge: a
// short word has too many neighbours for most rules to vouch for it.
const archaicMin = 5

// archaic returns the modern form of the folded word low when one or two
// variant rules turn it into a word known(…) accepts, else "".
func archaic(low string, known func(string) bool) string {
	short := utf8.RuneCountInString(low) < archaicMin
	found := ""
	var walk func(w string, from, depth int)
	walk = func(w string, from, depth int) {
		for _, r := range archaicRules {
			if short && !r.short {
				continue
			}
			for i := from; i < len(w) && found == ""; {
				j := strings.Index(w[i:], r.old)
				if j < 0 {
					break
				}
				j += i
				v := w[:j] + r.modern + w[j+len(r.old):]
				if known(v) {
					found = v
					return
				}
				if depth > 1 {
					walk(v, j+len(r.modern), depth-1)
				}
				i = j + 1
			}
			if found != "" {
				return
			}
		}
	}
	walk(low, 0, 2)
	return found
}
