package suggest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// traceCorpus is a corpus in which two words are trusted in one document
// and not in another: Zulbrak is written in document A alone, so A does
// not trust it and every other document does; Weigrnann (rn for m) is
// damage of Weigmann, as often as each other, except in A, which writes
// three of Weigmann's five: outside A, Weigmann is too rare to explain
// Weigrnann, which A therefore trusts and B does not.
func traceCorpus() (docs map[string]string, order []string) {
	docs = map[string]string{
		"a": "Zulbrak kam nach Wendorf. Weigmann, Weigmann und Weigmann wohnen dort.",
		"b": "In Wendorf wohnt niemand.",
	}
	order = []string{"a", "b"}
	for i := range 5 {
		id := fmt.Sprintf("w%d", i)
		docs[id] = "Wendorf liegt am Fluss, Weigrnann wohnt dort."
		if i < 2 {
			docs[id] += " Weigmann auch."
		}
		order = append(order, id)
	}
	return docs, order
}

// traceOCR is an OCR with a small dictionary whose lexicon counted docs.
func traceOCR(docs map[string]string, order []string) *OCR {
	lex := NewLexicon()
	for _, id := range order {
		lex.AddDocument(docs[id])
	}
	o := NewOCR(lex)
	o.SetDictionary(newNounDict("Fluss", "in wohnt wohnen niemand liegt am kam nach und dort auch"))
	o.ensureIndex()
	return o
}

// traceDoc is the state of judging text, its words counted.
func traceDoc(o *OCR, text string) *ocrDoc {
	d := &ocrDoc{o: o, lex: o.lex, local: map[uint32]int32{}, newer: map[string]int32{},
		written: map[string]uint32{}, memo: map[string]*ocrVerdict{}}
	lexWords(text, d.count)
	return d
}

// traceDamaged is w with each l read as i, for the rewrites builtCands
// finds (i→l).
func traceDamaged(w string) string { return strings.ReplaceAll(w, "l", "i") }

// TestTracedAsPerDocument: the verdicts kept across documents (novelty's
// part by trusted words, builtNovelty, what an unknown word is built of,
// builtOf, and the rewrites of one built of trusted words, builtCands) are in every document what that document alone makes of
// them, whichever document made them first, though the words they are
// built of are trusted in one document and not in another.
func TestTracedAsPerDocument(t *testing.T) {
	docs, order := traceCorpus()
	verdicts := map[string]func(d *ocrDoc, w string) any{
		"builtNovelty": func(d *ocrDoc, w string) any { return d.builtNovelty(w) },
		"builtOf":      func(d *ocrDoc, w string) any { return d.builtOf(w) },
		// the rewrites of a damaged form of w (l read as i) built of
		// trusted words
		"builtCands": func(d *ocrDoc, w string) any {
			var got []ocrCand
			w = traceDamaged(w)
			d.builtCands(w, w, func(c ocrCand) { got = append(got, c) })
			return got
		},
	}
	words := []string{"zulbrakwendorf", "weigrnannwendorf", "wendorfwendorf", "zulbrakfluss"}
	// each document's own verdicts, made without a kept one
	cold := map[string]any{}
	for name, verdict := range verdicts {
		for _, doc := range []string{"a", "b"} {
			for _, w := range words {
				cold[name+doc+w] = verdict(traceDoc(traceOCR(docs, order), docs[doc]), w)
			}
		}
	}
	// the test needs documents that differ: A and B trust Zulbrak and
	// Weigrnann the other way round, and so judge the compounds
	// differently
	for name := range verdicts {
		for _, w := range []string{"zulbrakwendorf", "weigrnannwendorf"} {
			if reflect.DeepEqual(cold[name+"a"+w], cold[name+"b"+w]) {
				t.Fatalf("%s(%s) is %v in A and B: the corpus does not test what it should", name, w, cold[name+"a"+w])
			}
		}
	}
	o := traceOCR(docs, order)
	a, b := traceDoc(o, docs["a"]), traceDoc(o, docs["b"])
	if ta, tb := a.trusted("zulbrak"), b.trusted("zulbrak"); ta || !tb {
		t.Fatalf("zulbrak trusted in A %v, in B %v; want only in B", ta, tb)
	}
	if ta, tb := a.trusted("weigrnann"), b.trusted("weigrnann"); !ta || tb {
		t.Fatalf("weigrnann trusted in A %v, in B %v; want only in A", ta, tb)
	}
	for _, first := range []string{"a", "b"} {
		for name, verdict := range verdicts {
			o := traceOCR(docs, order)
			kept := 0
			for _, doc := range []string{first, map[string]string{"a": "b", "b": "a"}[first], first} {
				d := traceDoc(o, docs[doc])
				for _, w := range words {
					if got, want := verdict(d, w), cold[name+doc+w]; !reflect.DeepEqual(got, want) {
						t.Errorf("%s(%s) in %s after %s: %v, want %v as %s alone makes it", name, w, doc, first, got, want, doc)
					}
				}
			}
			// the verdicts that no document changes are kept
			for _, w := range []string{"wendorfwendorf", "zulbrakwendorf"} {
				d := traceDoc(o, docs["b"])
				var ok bool
				switch name {
				case "builtNovelty":
					_, ok = traced(d, o.novel, w, func() float64 { return -1 })
				case "builtOf":
					_, ok = traced(d, o.built, w, func() string { return "?" })
				case "builtCands":
					w = traceDamaged(w)
					_, ok = traced(d, o.builtRw, w+"\x00"+w, func() []builtCand { return nil })
				}
				if ok {
					kept++
				}
			}
			if kept != 2 {
				t.Errorf("%s, %s first: %d of 2 verdicts kept for B, want 2", name, first, kept)
			}
		}
	}
}

// TestSuggestWarmAsCold: a corpus judged one document after another, with
// everything kept across documents, gets the suggestions each document
// gets on its own from a fresh OCR over the same lexicon.
func TestSuggestWarmAsCold(t *testing.T) {
	docs, order := traceCorpus()
	for i, text := range damageCorpus(40, func(i int) bool { return i%2 == 0 }) {
		id := fmt.Sprintf("d%d", i)
		docs[id] = text + " Weigrnannwendorf und Zulbrakwendorf."
		order = append(order, id)
	}
	docs["a"] += " Zulbrakwendorf und Weigrnannwendorf."
	warm := traceOCR(docs, order)
	for _, id := range order {
		got := warm.Suggest(id, docs[id], nil)
		want := traceOCR(docs, order).Suggest(id, docs[id], nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: judged after the others\n%+v\nwant as alone\n%+v", id, got, want)
		}
	}
	// the test judges something: damage is suggested
	if s := warm.Suggest("d0", docs["d0"], nil); !strings.Contains(fmt.Sprint(s), "Kdln") {
		t.Errorf("d0: no suggestion for Kdln: %+v", s)
	}
}

// TestUnseenAsCounted: unseen, which counts the document's own trigrams
// only when a trigram is rare enough to need them, counts as the full
// count of them does, in documents with words of their own and without.
func TestUnseenAsCounted(t *testing.T) {
	docs, order := traceCorpus()
	for i, text := range damageCorpus(12, func(i int) bool { return i%2 == 0 }) {
		id := fmt.Sprintf("d%d", i)
		docs[id], order = text, append(order, id)
	}
	o := traceOCR(docs, order)
	reference := func(d *ocrDoc, k string) int {
		own, n := d.ownTrigrams(), 0
		shapeTrigrams(k, func(t uint64) {
			if o.shape.tri[t]-own[t] <= 0 {
				n++
			}
		})
		return n
	}
	words := []string{"zulbrak", "zulbrakwendorf", "kdln", "qxzv", "wendorf", "chongqing", "stadt", "weigrnann"}
	for _, id := range order {
		for _, k := range append(words, strings.Fields(strings.ToLower(docs[id]))...) {
			k = strings.Trim(k, ".,")
			d := traceDoc(o, docs[id])
			want := reference(d, k)
			if got := d.unseen(k); got != want {
				t.Errorf("%s: unseen(%s) = %d, want %d", id, k, got, want)
			}
		}
	}
	// Zulbrak is A's own: its trigrams are unseen there, not in B
	if a, b := reference(traceDoc(o, docs["a"]), "zulbrak"), reference(traceDoc(o, docs["b"]), "zulbrak"); a <= b {
		t.Errorf("unseen(zulbrak): %d in A, %d in B; want more in A, whose own word it is", a, b)
	}
}

// TestWordVerdictsAsAsked: what a document keeps of a word it judges
// (the lexicon id its count found, the dictionary's answers in the
// word's verdict) is what asking again gives, for every word of the
// document as written, whichever word's verdict is at hand.
func TestWordVerdictsAsAsked(t *testing.T) {
	text := "Ader und ader, ODER oder Oder. GROẞE Straße geht’s İstanbul Kdln kdln Zulbrak Ufer ufer Wendorf. ader"
	docs, order := traceCorpus()
	docs["x"], order = text, append(order, "x")
	o := traceOCR(docs, order)
	o.SetDictionary(newNounDict("Ader Oder Ufer Straße", "und oder geht"))
	d := traceDoc(o, text)
	words := Tokens(text)
	for _, tok := range words {
		w := tok.Text
		low := lexFold(w)
		if got, want := d.writtenEvidence(low, w), d.evidence(low); got != want {
			t.Errorf("writtenEvidence(%s) = %+v, want %+v", w, got, want)
		}
		for _, other := range words {
			d.word = d.judgeWord(other.Text)
			if got, want := d.spellWord(w), d.spell(w); got != want {
				t.Errorf("spellWord(%s) with %s at hand = %v, want %v", w, other.Text, got, want)
			}
			d.first, d.part = false, false
			small := d.smallNoun(low, w)
			d.word = nil
			if want := d.smallNoun(low, w); small != want {
				t.Errorf("smallNoun(%s) with %s at hand = %v, want %v", w, other.Text, small, want)
			}
		}
	}
	// the test asks what it should: ader is a noun in small letters, the
	// dictionary knows it (capitalised), and not Kdln
	if d.word = d.judgeWord("ader"); !d.smallNoun("ader", "ader") || !d.spellWord("ader") || d.spellWord("Kdln") {
		t.Errorf("ader: smallNoun %v, spell %v, Kdln spell %v; want true, true, false",
			d.smallNoun("ader", "ader"), d.spellWord("ader"), d.spellWord("Kdln"))
	}
}

// BenchmarkSuggestRepeatedDamage is a corpus run, warm, over damage that
// one scanner repeats in every other document (damageCorpus: Kdln,
// Biindnis, Hdfen, diefe in 200 of 400 documents), with the system's
// dictionaries: the damaged words are judged in every document they
// occur in, as untrusted words, and take the verdicts kept for the
// corpus (novelty's and explained's, traced) instead of making them
// again.
func BenchmarkSuggestRepeatedDamage(b *testing.B) {
	docs := damageCorpus(400, func(i int) bool { return i%2 == 0 })
	benchSuggestAll(b, benchSystemOCR(b, docs), docs)
}
