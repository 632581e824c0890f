package store

import (
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/query"
)

// referenceWordKeys is wordKeys as the index defines it: the distinct
// words of query.EachWord over the whole text, in the order first met.
func referenceWordKeys(text string) []string {
	var keys []string
	seen := map[string]bool{}
	query.EachWord(text, nil, func(w []byte) {
		k := string(append([]byte{byte(query.TermWord)}, w...))
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	})
	return keys
}

var textWordsTexts = []string{
	"",
	"Der Hund, der HUND; und die Katze.",
	"Köln köln KOELN Straße strasse STRASSE 12 x-y l’homme",
	"ab\xffcd \xc3 e\xe2\x82 f\x00g Z9z \u212a\u212A ẞ ΣΊΣΥΦΟΣ ١٢٣ ४५ x\u0301y",
	"Ǆemal ǅemal ǆemal İstanbul ıi ﬁnden Maße² 3½",
	"end\xc3",
	"\xe2\x82end",
	strings.Repeat("Der Rhein fließt bei Köln, der Main bei Frankfurt. ", 60),
}

// checkTextWords holds textWords, one pass over the text, to the index's
// words (query.EachWord) and the sketch's (annot.AppendSketchWords and
// NewSketch), each scanned over the whole text.
func checkTextWords(t *testing.T, text string) {
	t.Helper()
	keys, hs := textWords(text, []uint64{42})
	if want := referenceWordKeys(text); !slices.Equal(keys, want) {
		t.Fatalf("%q: keys %q, want %q", text, keys, want)
	}
	if want := annot.AppendSketchWords([]uint64{42}, text); !slices.Equal(hs, want) {
		t.Fatalf("%q: sketch words %x, want %x", text, hs, want)
	}
	got, gotOK := annot.SketchOfWords(hs[1:])
	want, wantOK := annot.NewSketch(text)
	if got != want || gotOK != wantOK {
		t.Fatalf("%q: the sketch differs from NewSketch's", text)
	}
}

func TestTextWordsAsReference(t *testing.T) {
	for _, text := range textWordsTexts {
		checkTextWords(t, text)
	}
}

func FuzzTextWords(f *testing.F) {
	for _, s := range textWordsTexts {
		f.Add(s)
	}
	f.Fuzz(checkTextWords)
}
