package hunspell

import (
	"strings"
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
// twice; and unless SpellWith and SpellEitherWith, with one Memo for all
// the words, say what Spell and SpellEither say.
func checkEither(t *testing.T, d *Dict, words []string) {
	t.Helper()
	var m Memo
	for _, w := range words {
		o := otherCase(w)
		for _, p := range [][2]string{{w, o}, {o, w}, {w, w}} {
			want := d.Spell(p[0]) || d.Spell(p[1])
			if got := d.SpellEither(p[0], p[1]); got != want {
				t.Errorf("SpellEither(%q, %q) = %v, Spell says %v", p[0], p[1], got, want)
			}
			if got := d.SpellEitherWith(p[0], p[1], &m); got != want {
				t.Errorf("SpellEitherWith(%q, %q) = %v, Spell says %v", p[0], p[1], got, want)
			}
		}
		if got, want := d.SpellWith(w, &m), d.Spell(w); got != want {
			t.Errorf("SpellWith(%q) = %v, Spell says %v", w, got, want)
		}
	}
}

// TestMemoSpendsAlike checks that a check through a Memo spends the work
// units the same check spends without it, so that the budget refuses the
// same words: each word checked twice through one Memo (the second time
// from it) spends what it spends alone.
func TestMemoSpendsAlike(t *testing.T) {
	d := loadDeDE(t)
	words := ocrDevWords(t)
	var m Memo
	for i, w := range words {
		if i%7 != 0 {
			continue
		}
		alone := &work{}
		want := d.spell(w, alone).ok
		for round := range 2 {
			wk := &work{parts: &m}
			if got := d.spell(w, wk).ok; got != want || wk.spent != alone.spent {
				t.Fatalf("%q, round %d: %v after %d units through the memo, %v after %d alone", w, round, got, wk.spent, want, alone.spent)
			}
		}
	}
	if len(m.parts[0])+len(m.parts[1]) == 0 {
		t.Fatal("the memo kept no analysis")
	}
}

// TestMemoBudget checks that an analysis kept in a Memo is made again
// where spending its units would exceed the budget: a word the budget
// refuses is refused through the memo too.
func TestMemoBudget(t *testing.T) {
	d := manyAffixes(t)
	var m Memo
	for _, w := range []string{strings.Repeat("a", 40) + "b", strings.Repeat("a", 200) + "b", "aaa"} {
		alone := &work{}
		want := d.spell(w, alone).ok
		for round := range 2 {
			wk := &work{parts: &m}
			if got := d.spell(w, wk).ok; got != want || wk.exhausted() != alone.exhausted() {
				t.Errorf("%.12q…, round %d: %v (exhausted %v) through the memo, %v (exhausted %v) alone", w, round, got, wk.exhausted(), want, alone.exhausted())
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
