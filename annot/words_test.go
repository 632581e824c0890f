package annot

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWordSpans(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		want       []Span
	}{
		{"Ute Berg traf Ute Bergmann und Ute Berg.", "Ute Berg", []Span{{0, 8}, {31, 39}}},
		{"Köln, Kölner, Köln", "Köln", []Span{{0, 4}, {14, 18}}},
		{"fur für fur2 (engl. fur)", "fur", []Span{{0, 3}, {20, 23}}},
		{"aaa", "aa", nil},
		{"x", "", nil},
		{"", "x", nil},
		{"e\u0301 e", "e", []Span{{3, 4}}}, // a combining mark joins the first e
	} {
		if got := WordSpans([]byte(tc.text), []byte(tc.word)); !slices.Equal(got, tc.want) {
			t.Errorf("WordSpans(%q, %q) = %v, want %v", tc.text, tc.word, got, tc.want)
		}
	}
}

// FuzzWordSpans: every span found slices the word out of the text.
func FuzzWordSpans(f *testing.F) {
	f.Add("Ute Berg und Ute Berg", "Berg")
	f.Add("ääa ä", "ä")
	f.Fuzz(func(t *testing.T, text, word string) {
		if !utf8.ValidString(text) || !utf8.ValidString(word) {
			return
		}
		last := -1
		for _, sp := range WordSpans([]byte(text), []byte(word)) {
			if sp.Start <= last || Slice(text, sp) != word {
				t.Fatalf("span %v of %q in %q: %q", sp, word, text, Slice(text, sp))
			}
			last = sp.Start
		}
		if word != "" && strings.TrimSpace(word) == word && text == word && len(WordSpans([]byte(text), []byte(word))) != 1 {
			t.Fatalf("%q does not find itself", word)
		}
	})
}
