package suggest

import (
	"strings"
	"testing"
)

// TestDocPoolClears checks that maps put back come out empty, tokens
// included, and that a document's verdicts do not reach the next one
// judged by the same detector: a word flagged in one document, then
// attested by many in the lexicon, is judged afresh.
func TestDocPoolClears(t *testing.T) {
	var dp docPool
	m := dp.get()
	m.local[1], m.newer["x"], m.written["X"], m.memo["X"], m.facts["X"] = 1, 1, 2, &ocrVerdict{}, &wordFacts{}
	m.pairs[7] = 1
	m.toks = append(m.toks, Token{Text: "X"})
	dp.put(m)
	for range 3 { // the pool may hand out the same maps or new ones
		m := dp.get()
		if len(m.local)+len(m.newer)+len(m.written)+len(m.memo)+len(m.facts)+len(m.pairs)+len(m.toks) != 0 {
			t.Fatalf("reused maps not empty: %+v", m)
		}
		dp.put(m)
	}
	big := dp.get()
	for i := range docMapsMax + 1 {
		big.local[uint32(i)] = 1
	}
	dp.put(big) // too large to keep: dropped, not cleared
	if len(big.local) != docMapsMax+1 {
		t.Errorf("a map past docMapsMax was cleared and kept (%d words)", len(big.local))
	}
}

// TestSuggestReusesMapsSameOutput checks that one detector judging
// documents one after another (reusing their maps) says of each what a
// detector fresh for it says.
func TestSuggestReusesMapsSameOutput(t *testing.T) {
	docs := []string{
		"Die Stadt Kòln liegt am Rhein. Der Dom von Köln ist alt. Köln hat viele Brücken.",
		"Im Sommer fahren wir nach Köln und sehen den Dom. Die Brücken in Köln sind lang.",
		"Die Kirche ist alt und schön, und die Stadt hat viele Brücken über den Rhein.",
	}
	shared := newCorpusOCR(docs)
	if len(newCorpusOCR(docs).Suggest("d", docs[0], nil)) == 0 {
		t.Fatal("no suggestion for Kòln: the test would show nothing")
	}
	sameAsFresh(t, shared, docs, nil)
}

// newCorpusOCR returns a detector over a lexicon of docs.
func newCorpusOCR(docs []string) *OCR {
	lex := NewLexicon()
	for _, d := range docs {
		lex.AddDocument(d)
	}
	return NewOCR(lex)
}

// sameAsFresh has shared judge docs twice over, one after another, and
// checks that it says of each what a detector fresh for it says; each,
// if not nil, is given what shared said of document i.
func sameAsFresh(t *testing.T, shared *OCR, docs []string, each func(i int, got string)) {
	t.Helper()
	for round := range 2 {
		for i, d := range docs {
			got := suggestionsText(shared.Suggest("d", d, nil))
			if want := suggestionsText(newCorpusOCR(docs).Suggest("d", d, nil)); got != want {
				t.Errorf("round %d, document %d: shared detector\n%s\nfresh\n%s", round, i, got, want)
			}
			if each != nil {
				each(i, got)
			}
		}
	}
}

func suggestionsText(ss []Suggestion) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Text + " → ")
		for _, c := range s.Candidates {
			b.WriteString(c.Text + " ")
		}
		b.WriteString("| " + s.Reason + "\n")
	}
	return b.String()
}
