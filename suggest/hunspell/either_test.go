package hunspell

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// otherCase is w with its first letter in the other case, as the OCR
// suggester asks SpellEither.
func otherCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		return string(unicode.ToLower(r)) + w[n:]
	}
	return string(unicode.ToUpper(r)) + w[n:]
}

// checkEither fails unless SpellEither(w, other) is Spell(w) || Spell(other)
// for every word and its other case, both ways round, and the same word
// twice.
func checkEither(t *testing.T, d *Dict, words []string) {
	t.Helper()
	for _, w := range words {
		o := otherCase(w)
		for _, p := range [][2]string{{w, o}, {o, w}, {w, w}} {
			want := d.Spell(p[0]) || d.Spell(p[1])
			if got := d.SpellEither(p[0], p[1]); got != want {
				t.Errorf("SpellEither(%q, %q) = %v, Spell says %v", p[0], p[1], got, want)
			}
		}
	}
}

func TestSpellEitherSmall(t *testing.T) {
	for _, c := range smallCases {
		t.Run(c.name, func(t *testing.T) {
			d := loadSmall(t, c)
			checkEither(t, d, append(append([]string{"", "x", "1.000", "..."}, c.good...), c.bad...))
		})
	}
}

// TestSpellEitherDeDE checks SpellEither on every word of the OCR
// development set (right and damaged, nouns and verbs, compounds).
func TestSpellEitherDeDE(t *testing.T) {
	d := loadDeDE(t)
	words := ocrDevWords(t)
	if len(words) < 1000 {
		t.Fatalf("only %d words in ocr-dev", len(words))
	}
	checkEither(t, d, words)
}
