package suggest

import (
	"strings"
	"unicode"
)

// Some scans lose every umlaut: an OCR model for English reads `für` as
// `fur` and `können` as `konnen`. Where that happens, a real word such as
// `Fallen` or `hatten` may stand for `Fällen` or `hätten`, and only the
// document as a whole tells: German prose writes an umlaut or ß in about
// one letter of sixty, and a scan that shows fewer than one in three
// hundred has lost them.

const (
	blindMinLetters = 800 // a shorter text says too little
	blindRate       = 300 // fewer than one umlaut in this many letters is blind
)

// ocrUmlautBlind reports whether text is long enough and shows almost no
// umlauts or ß.
func ocrUmlautBlind(text string) bool {
	letters, marked := 0, 0
	for _, r := range text {
		switch r {
		case 'ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß':
			marked++
			letters++
		default:
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	return letters >= blindMinLetters && marked*blindRate < letters
}

// blindFix returns, in an umlaut-blind scan, the known word that the known
// word low stands for with one umlaut or ß restored, when low is not one of
// German's common words itself and other documents do not use it more
// than the restored word; else "".
func (d *ocrDoc) blindFix(low string) string {
	if !d.blind || d.o.common.has(low) {
		return ""
	}
	own := d.evidence(low).count
	better := func(v string) bool { return d.knownWord(v) && d.evidence(v).count >= own }
	for i, r := range low {
		var want string
		switch r {
		case 'a':
			want = "ä"
		case 'o':
			want = "ö"
		case 'u':
			want = "ü"
		case 's':
			if !strings.HasPrefix(low[i:], "ss") {
				continue
			}
			v := low[:i] + "ß" + low[i+2:]
			if better(v) {
				return v
			}
			continue
		default:
			continue
		}
		v := low[:i] + want + low[i+1:]
		if better(v) {
			return v
		}
	}
	return ""
}

// longSWords is how many words with the long s make a text one that
// writes with it: a Fraktur transcription keeps ſ in every word that has
// it, where a model for Antiqua reads a stray one at most.
const longSWords = 3

// ocrLongSText reports whether the text of toks writes with the long s
// (longSWords of its words or more have ſ): its ſ, and its umlauts
// written with a small e above (uͤ), are then its spelling, not damage.
func ocrLongSText(toks []Token) bool {
	n := 0
	for _, t := range toks {
		if strings.ContainsRune(t.Text, 'ſ') {
			if n++; n >= longSWords {
				return true
			}
		}
	}
	return false
}

// ocrModernLetters returns w with the long s as s and a vowel with a
// small e above (U+0364) as its umlaut, and whether w had either.
func ocrModernLetters(w string) (string, bool) {
	if !strings.ContainsRune(w, 'ſ') && !strings.ContainsRune(w, '\u0364') {
		return w, false
	}
	return modernLetters.Replace(w), true
}

// modernLetters is the replacer of ocrModernLetters.
var modernLetters = strings.NewReplacer("ſ", "s",
	"a\u0364", "ä", "o\u0364", "ö", "u\u0364", "ü", "A\u0364", "Ä", "O\u0364", "Ö", "U\u0364", "Ü")
