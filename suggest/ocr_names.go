package suggest

import (
	"unicode"
	"unicode/utf8"
)

// A text that shows almost no damage is not a scan that damages some
// words and spares the rest: its unknown words are names and rare words.
// OCR damage comes in numbers — a scan with a character error rate of 2 %
// has a convincing fix for one word in twenty or more — while a clean web
// text or a careful transcription has none. So the document's own
// convincing damage is evidence about each suspect without a convincing
// fix: where there is (almost) none, a capitalised word of plain letters
// is far likelier a name or a rare noun than the only damaged word of the
// page, unless a nearly free confusion explains it.

// cleanCheap is the dearest fix that still outweighs the look of a name
// in a clean document: only the nearly free confusions (umlaut dots lost,
// `ii` read for `ü`) are likelier there than a name the lists lack.
const cleanCheap = 0.25

// cleanWords is how many words a document must have for its lack of
// damage to count: a few lines prove nothing.
const cleanWords = 40

// cleanDamage is the most convincing damage (ocrDamaged), as a share of
// the words, that a clean document shows: one word in a hundred. Clean
// web texts show fewer; scans with a few per cent of their letters wrong, one in
// thirty and more. ocrLowerAlone, which lowers every suspect without a
// convincing fix, asks for a cleaner text (ocrCleanRate); dropping asks
// for the look of a name as well.
const cleanDamage = 0.01

// ocrCleanText reports whether a document of words words in which items
// were found shows so little convincing OCR damage that its suspects
// without a fix are not damage.
func ocrCleanText(items []ocrItem, words int) bool {
	if words < cleanWords {
		return false
	}
	// the suspects judged by the look of their word (a name, a join of
	// web text) are what is judged: their fixes are no evidence of damage
	// around them
	damage := ocrDamaged(items)
	for _, it := range items {
		if (it.name || it.joined) && !it.weak {
			damage--
		}
	}
	return float64(damage) <= cleanDamage*float64(words)
}

// ocrDropClean drops, from the items of a clean document (ocrCleanText),
// the suspects that are not OCR damage there; words is how many tokens of
// the document hold letters. In a text that shows no damage elsewhere, an
// unknown word is a name, a rare or foreign word (`and`, `Ma`) or debris
// of the web page (`Rawf8`), not the one word the scan damaged:
//   - a suspect that looks like a name (ocrNameShape) with no fix
//     cheaper than cleanCheap;
//   - a suspect or a lone letter without a convincing fix (weak), unless
//     the OCR engine doubted it;
//   - a word run together with a capital inside (`planungenDas`,
//     `toTop`): pages of the web join their menus and headings so, while
//     a scan that loses spaces loses them everywhere.
func ocrDropClean(items []ocrItem, words int) []ocrItem {
	if !ocrCleanText(items, words) {
		return items
	}
	out := items[:0]
	for _, it := range items {
		if it.name || it.joined || it.weak && !it.doubted {
			continue
		}
		out = append(out, it)
	}
	return out
}

// ocrJoined reports whether w has a capital right after a small letter,
// the mark of two words run together (`planungenDas`, `lebeART`) or of a
// name in camel case.
func ocrJoined(w string) bool {
	prev := false
	for _, r := range w {
		if prev && unicode.IsUpper(r) {
			return true
		}
		prev = unicode.IsLower(r)
	}
	return false
}

// ocrNameShape reports whether w looks like a name or a noun German
// spells with plain letters: a capital, then two or more small letters
// and nothing else (no digit, mark or capital inside, no accent German
// does not use).
func ocrNameShape(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || !ocrPlainLetter(unicode.ToLower(r)) || utf8.RuneCountInString(w) < 3 {
		return false
	}
	for _, r := range w[n:] {
		if !ocrPlainLetter(r) {
			return false
		}
	}
	return true
}

// ocrPlainLetter reports whether r is a small letter of German's
// alphabet: a–z, ä, ö, ü or ß.
func ocrPlainLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r == 'ä' || r == 'ö' || r == 'ü' || r == 'ß'
}

// ocrWordCount counts the tokens that hold letters.
func ocrWordCount(toks []Token) int {
	n := 0
	for _, t := range toks {
		if t.Letters > 0 {
			n++
		}
	}
	return n
}

// politeText reports whether the text judged addresses its reader as
// `Sie`: inside its sentences it writes the pronouns of the polite form
// (ocrPolite) capitalised more often than small, as manuals and letters
// do, while a novel or a report writes `sie` and `ihre` of third persons.
// A candidate that is such a pronoun takes the text's case.
func (d *ocrDoc) politeText() bool {
	if d.polite == 0 {
		d.polite = -1
		if ocrPoliteText(d.text, d.words) {
			d.polite = 1
		}
	}
	return d.polite > 0
}

// politeCase is cased, the candidate k cased like orig, or k capitalised
// when k is a pronoun of the polite form (ocrPolite) that the scan shows
// with a small letter in a text that writes them capitalised
// (politeText): `thres` is `Ihres` there.
func (d *ocrDoc) politeCase(k, orig, cased string) string {
	o, _ := utf8.DecodeRuneInString(orig)
	if unicode.IsUpper(o) || !ocrPolite(k) || !d.politeText() {
		return cased
	}
	r, n := utf8.DecodeRuneInString(k)
	return string(unicode.ToUpper(r)) + k[n:]
}

// ocrPoliteText is politeText for text and its tokens.
func ocrPoliteText(text string, toks []Token) bool {
	capital, small := 0, 0
	var buf []byte
	for i, t := range toks {
		if t.Letters < 2 || t.Letters > 5 || ocrSentenceStart(text, toks, i) {
			continue
		}
		buf = lexFoldBuf(buf[:0], t.Text)
		if !ocrPolite(string(buf)) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) {
			capital++
		} else {
			small++
		}
	}
	return capital > small
}
