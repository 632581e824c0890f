package suggest

import (
	"strings"
	"testing"
)

// dictFunc adapts a function to Dictionary.
type dictFunc func(string) bool

func (f dictFunc) Spell(w string) bool { return f(w) }

// contextOCR is an OCR over a small lexicon with a dictionary that knows
// the lexicon's words and the given extra words.
func contextOCR(words string, extra ...string) *OCR {
	lex := NewLexicon()
	for _, w := range strings.Fields(words) {
		lex.AddWord(w, 1)
	}
	known := map[string]bool{}
	for _, w := range extra {
		known[w] = true
	}
	o := NewOCR(lex)
	o.SetDictionary(dictFunc(func(w string) bool { return known[w] || lex.Known(w) }))
	return o
}

func suggestedAt(sugs []Suggestion, text string) *Suggestion {
	for i := range sugs {
		if sugs[i].Text == text {
			return &sugs[i]
		}
	}
	return nil
}

func TestCapitalAfterFullStop(t *testing.T) {
	o := contextOCR("das haus ist schön alt jeder weiß es wohl gut neu", "B")
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Das Haus ist schön. jeder weiß es.", true},
		{"Das Haus ist schön! jeder weiß es.", true},
		{"Das Haus ist z. B. jeder weiß es.", false},    // after an abbreviation
		{"Das Haus ist schön... jeder weiß es.", false}, // an ellipsis
		{"Das Haus ist schön: jeder weiß es.", false},
		{"Das Haus ist schön, jeder weiß es.", false},
		{"Das Haus ist schön. Jeder weiß es.", false},
		{"Das Haus ist schön. gut. jeder weiß es.", false}, // gut. keeps its small letter (as gez. and vgl. do), and may be an abbreviation
	} {
		s := suggestedAt(o.Suggest("d", tc.text, nil), "jeder")
		if got := s != nil; got != tc.want {
			t.Errorf("%q: suggested %v, want %v", tc.text, got, tc.want)
			continue
		}
		if s != nil && s.Candidates[0].Text != "Jeder" {
			t.Errorf("%q: first candidate %q", tc.text, s.Candidates[0].Text)
		}
		if g := suggestedAt(o.Suggest("d", tc.text, nil), "gut"); g != nil {
			t.Errorf("%q: the short word before a full stop was suggested: %+v", tc.text, g)
		}
	}
}

func TestOddPair(t *testing.T) {
	// the dictionary knows Ar (a unit) and km; German prose does not use
	// them bare
	o := contextOCR("das ist ein in der stadt weit zu nr haus", "Ar", "km", "Nr")
	sugs := o.Suggest("d", "Das ist ein Ar in der Stadt, 3 km weit zu Nr. 5 und zu Haus.", nil)
	if suggestedAt(sugs, "Ar") == nil {
		t.Errorf("Ar not judged: %+v", sugs)
	}
	for _, w := range []string{"km", "Nr", "zu", "in"} {
		if s := suggestedAt(sugs, w); s != nil {
			t.Errorf("%s suggested: %+v", w, s)
		}
	}
}
