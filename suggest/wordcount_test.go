package suggest

import (
	"maps"
	"strings"
	"testing"
)

// countWordsReference is CountWords as it was before WordCounter: the
// text's tokens collected, each lexicon word folded into a map.
func countWordsReference(text string) (map[string]int32, int) {
	words := map[string]int32{}
	tokens := 0
	lexWords(text, func(w string) {
		words[lexFold(w)]++
		tokens++
	})
	return words, tokens
}

var wordCountTexts = []string{
	"",
	"Der Hund, der Hund und die Katze.",
	"feierli-\nchem Anlass, feierli-\n  Chem nicht; Ost-West-Verbindung und Nord‐Süd‑Achse",
	"Straße STRASSE Köln KÖLN ΣΊΣΥΦΟΣ İstanbul \u212a",
	"l’homme l'homme L’HOMME rock’n’roll 1990er 1990 -- - ' ’",
	"a-\n\nb a-\n\n\nb x-\n‚y 3-\nd über-\nall",
	"co-\u0301op e\u0301te\u0301 \xff\xfe bad\xffbytes",
	"1-2-3 a-1 1-a ---a a--- 12'34",
	strings.Repeat("wort ", 2000) + strings.Repeat("anderes-wort\n", 500),
}

// TestWordCounterAsReference holds WordCounter (and CountWords, made of
// it) to the reference: the same words, counts and tokens, for one
// counter reused across all the texts.
func TestWordCounterAsReference(t *testing.T) {
	var c WordCounter
	var big strings.Builder
	for i := range 3000 { // many distinct words: the table grows
		big.WriteString(strings.Repeat("x", i%7+1))
		big.WriteString(string(rune('a' + i%26)))
		big.WriteString(string(rune('a' + i/26%26)))
		big.WriteString(string(rune('a' + i/676)))
		big.WriteString("-y\n")
	}
	for _, text := range append(wordCountTexts, big.String()) {
		checkWordCounter(t, &c, text)
	}
}

func checkWordCounter(t *testing.T, c *WordCounter, text string) {
	t.Helper()
	want, wantN := countWordsReference(text)
	wc := c.Count(text)
	got := map[string]int32{}
	for i, w := range wc.Words {
		if _, ok := got[w]; ok {
			t.Fatalf("%q: word %q listed twice", text, w)
		}
		got[w] = wc.Counts[i]
	}
	if !maps.Equal(got, want) || wc.Tokens != wantN {
		t.Fatalf("%q: WordCounter %v, %d tokens; want %v, %d", text, got, wc.Tokens, want, wantN)
	}
	if m, n := CountWords(text); !maps.Equal(m, want) || n != wantN {
		t.Fatalf("%q: CountWords %v, %d tokens; want %v, %d", text, m, n, want, wantN)
	}
}

// TestWordCounterFirstOccurrence: the words are listed in the order they
// first occur, a broken word joined where its first half stands.
func TestWordCounterFirstOccurrence(t *testing.T) {
	var c WordCounter
	wc := c.Count("Zug fährt, der ZUG hält; Ost-West feierli-\nchem zug")
	want := []string{"zug", "fährt", "der", "hält", "ost-west", "ost", "west", "feierlichem"}
	if strings.Join(wc.Words, " ") != strings.Join(want, " ") || wc.Counts[0] != 3 || wc.Tokens != 10 {
		t.Fatalf("got %q %v %d, want %q with zug 3 times, 10 tokens", wc.Words, wc.Counts, wc.Tokens, want)
	}
}

func FuzzWordCounter(f *testing.F) {
	for _, s := range wordCountTexts {
		f.Add(s)
	}
	var c WordCounter
	f.Fuzz(func(t *testing.T, text string) {
		checkWordCounter(t, &c, text)
	})
}

// TestWordCounterIDs: one counter numbers each word once, the same in
// every text it counts, and Word gives the word of a number.
func TestWordCounterIDs(t *testing.T) {
	var c WordCounter
	ids := map[string]int32{}
	for _, text := range wordCountTexts {
		wc := c.Count(text)
		if len(wc.IDs) != len(wc.Words) {
			t.Fatalf("%q: %d ids for %d words", text, len(wc.IDs), len(wc.Words))
		}
		for i, id := range wc.IDs {
			w := wc.Words[i]
			if c.Word(id) != w {
				t.Fatalf("%q: Word(%d) = %q, want %q", text, id, c.Word(id), w)
			}
			if old, ok := ids[w]; ok && old != id {
				t.Fatalf("%q: %q numbered %d, before %d", text, w, id, old)
			}
			ids[w] = id
		}
	}
	seen := map[int32]string{}
	for w, id := range ids {
		if o, ok := seen[id]; ok {
			t.Fatalf("%q and %q both numbered %d", w, o, id)
		}
		seen[id] = w
	}
}
