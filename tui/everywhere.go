package tui

import (
	"strings"
	"unicode"

	"folio/annot"
	"folio/store"
)

// Apply everywhere (A) plans one fix or label for every whole-word
// occurrence in the corpus, then previews the places, each with its
// context line: the reviewer drops the ones that are right as they are
// and applies the rest in one undoable step. Places whose context marks
// the word as foreign ("(engl. fur)") are left out of a fix from the
// start, and counted.

// contextWidth is how many code points of context a place shows on each
// side of the word.
const contextWidth = 32

// foreignMarkers announce a word in another language just before it.
var foreignMarkers = []string{"engl", "englisch", "frz", "franz", "lat.", "latein", "ital", "span.", "niederl"}

// foreignAt reports whether the words just before sp (on its line) mark
// it as foreign, so that a spelling fix would be wrong there.
func foreignAt(text string, sp annot.Span) bool {
	ix := annot.NewIndex(text)
	b := ix.Byte(sp.Start)
	from := max(b-24, 0)
	for from < b && !isRuneStart(text[from]) {
		from++
	}
	before := text[from:b]
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	before = strings.ToLower(before)
	// only the last two words count: "(engl. fur)", "engl.: fur"
	words := strings.FieldsFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '[' })
	if len(words) > 2 {
		words = words[len(words)-2:]
	}
	for _, w := range words {
		for _, m := range foreignMarkers {
			if strings.HasPrefix(w, m) {
				return true
			}
		}
	}
	return false
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }

// contextLine is the document's id and the line around sp, sanitized,
// with the word in ⟦ ⟧.
func contextLine(d store.Document, sp annot.Span) string {
	rs := []rune(d.Text)
	lo, hi := max(sp.Start-contextWidth, 0), min(sp.End+contextWidth, len(rs))
	for i := sp.Start - 1; i >= lo; i-- {
		if rs[i] == '\n' {
			lo = i + 1
			break
		}
	}
	for i := sp.End; i < hi; i++ {
		if rs[i] == '\n' {
			hi = i
			break
		}
	}
	pre, word, post := string(rs[lo:sp.Start]), string(rs[sp.Start:sp.End]), string(rs[sp.End:hi])
	if lo > 0 && rs[lo-1] != '\n' {
		pre = "…" + pre
	}
	if hi < len(rs) && rs[hi] != '\n' {
		post += "…"
	}
	return Sanitize(d.Doc.ID) + ": " + Sanitize(pre) + "⟦" + Sanitize(word) + "⟧" + Sanitize(post)
}
