package suggest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// damageCorpus returns n documents of one template, damaged as one
// scanner damages a whole corpus: in the documents i with damaged(i), the
// test's own confusions (not the channel's table) read ö and ä as d, ü as
// ii and the long s as f; in every third document, d reads as cl.
// Chongqing and Jangtse, names with no word one confusion away, recur in
// every document; so do schon beside schön, both right, and Bose, which a
// word list has, beside böse.
func damageCorpus(n int, damaged func(i int) bool) []string {
	confusions := strings.NewReplacer("ö", "d", "ä", "d", "ü", "ii", "sieht", "fieht", "diese", "diefe")
	docs := make([]string, n)
	for i := range docs {
		text := fmt.Sprintf("Die Stadt Köln sieht das Bündnis der Häfen als Vorbild, diese Stadt auch. "+
			"Das Ufer von Chongqing am Jangtse ist schon schön, sagt Herr Bose, er ist nicht böse. "+
			"Die Lockdowns des Jahres %d sind vorbei.", 1900+i)
		if damaged(i) {
			text = confusions.Replace(text)
		}
		if i%3 == 0 {
			text = strings.ReplaceAll(text, "Lockdowns", "Lockclowns")
		}
		docs[i] = text
	}
	return docs
}

// damageOCR is an OCR with a small dictionary and a word list, whose
// lexicon counted docs.
func damageOCR(t *testing.T, docs []string) *OCR {
	t.Helper()
	lex := NewLexicon()
	if err := lex.LoadWordList(strings.NewReader("bose\n")); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		lex.AddDocument(d)
	}
	o := NewOCR(lex)
	o.SetDictionary(newNounDict("Stadt Köln Bündnis Hafen Häfen Vorbild Ufer Herr Jahr Jahres",
		"die der das diese auch sieht als von am ist schon schön sagt er nicht böse des sind vorbei"))
	return o
}

// TestRepeatedDamageAcrossDocuments: damage that one scanner repeats in
// most documents of a corpus is still suggested, with its original first,
// however many documents repeat it and even where the damaged form is
// the more frequent (`Biindnis`) or the right one never appears
// (`sieht`, a word of the dictionary's general vocabulary). The corpus
// count does not vouch for a word only when a known word one confusion
// away explains it: recurring names with no such neighbour, words the
// dictionary accepts (`schon` beside `schön`), a listed word (`Bose`
// beside `böse`) and the likelier original of two forms only the corpus
// knows (`Lockdowns`, whose damage `Lockclowns` is rarer) are kept.
func TestRepeatedDamageAcrossDocuments(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		damaged func(i int) bool
		clean   int  // a document the scanner spared
		hdfen   bool // Häfen is written often enough to explain Hdfen
	}{
		{"every other document", 40, func(i int) bool { return i%2 == 0 }, 1, true},
		{"three documents in four", 80, func(i int) bool { return i%4 != 3 }, 7, true},
		// Häfen once against Hdfen 28 times: d for ä is too rare a
		// confusion (0.01) to explain them; d for ö (0.02) still explains
		// Kdln, and ii for ü Biindnis
		{"all but one", 30, func(i int) bool { return i != 29 }, 29, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := damageCorpus(tc.n, tc.damaged)
			o := damageOCR(t, docs)
			sugs := o.Suggest("d0", docs[0], nil)
			want := map[string]string{"Kdln": "Köln", "Biindnis": "Bündnis", "diefe": "diese", "Lockclowns": "Lockdowns"}
			if tc.hdfen {
				want["Hdfen"] = "Häfen"
			}
			for word, want := range want {
				s := suggestedAt(sugs, word)
				switch {
				case s == nil:
					t.Errorf("%s (damaged in most of %d documents) not suggested", word, tc.n)
				case len(s.Candidates) == 0 || s.Candidates[0].Text != want:
					t.Errorf("%s → %+v, want %s first", word, s.Candidates, want)
				}
			}
			// sieht, which the corpus may never write, is a candidate
			if s := suggestedAt(sugs, "fieht"); s == nil || !slices.ContainsFunc(s.Candidates, func(c Candidate) bool { return c.Text == "sieht" }) {
				t.Errorf("fieht: %+v, want sieht among the candidates", s)
			}
			for _, word := range []string{"Chongqing", "Jangtse", "schon", "schön", "Bose", "böse", "Stadt", "Ufer"} {
				if s := suggestedAt(sugs, word); s != nil {
					t.Errorf("%s suggested: %+v (%s)", word, s.Candidates, s.Reason)
				}
			}
			// the right forms, in a document the scanner spared
			clean := o.Suggest("d", docs[tc.clean], nil)
			for _, word := range []string{"Köln", "Bündnis", "Häfen", "sieht", "diese", "Lockdowns", "Chongqing"} {
				if s := suggestedAt(clean, word); s != nil {
					t.Errorf("clean %s suggested: %+v (%s)", word, s.Candidates, s.Reason)
				}
			}
		})
	}
}

// TestDamageOrigin holds the bounds on the word that repeated damage is
// taken for (ocr_damage.go), on corpora where each damaged form recurs.
func TestDamageOrigin(t *testing.T) {
	// Alstor is a name a word list has and the corpus never writes: it
	// does not make the recurring name Alftor (f for s) its damage. Hülfe
	// is the historical spelling of Hilfe, not damage of Hülse (f for s).
	// Görlachweg, a name only the corpus knows, reads as Gdrlachweg where
	// the scanner damaged the rest, and Weigmann as Weigrnann (rn for m).
	extra := func(docs []string, damaged func(i int) bool) []string {
		for i := range docs {
			street, name := "Görlachweg", "Weigmann"
			if damaged(i) {
				street, name = "Gdrlachweg", "Weigrnann"
			}
			docs[i] += " Im Dorf Alftor am " + street + " wohnt " + name + ". Die Hülfe kam, die Hülse nicht."
		}
		return docs
	}
	everyOther := func(i int) bool { return i%2 == 0 }
	allButOne := func(i int) bool { return i != 29 }
	half, most := extra(damageCorpus(40, everyOther), everyOther), extra(damageCorpus(30, allButOne), allButOne)
	for _, tc := range []struct {
		name string
		docs []string
		want map[string]string // folded word → its source, "" for none
	}{
		{"every other document", half, map[string]string{
			"kdln":       "köln",      // a noun the corpus writes elsewhere
			"biindnis":   "bündnis",   // though rarer than its damage
			"hdfen":      "häfen",     //
			"fieht":      "sieht",     // general vocabulary, never written right
			"lockclowns": "lockdowns", // the likelier direction of two corpus forms
			"lockdowns":  "",
			"alftor":     "", // a name the corpus never writes
			"chongqing":  "", // no neighbour
			"schon":      "", // the dictionary accepts it
			"hülfe":      "", // archaic
			"gdrlachweg": "görlachweg",
			// as often as each other: rn read as m (0.02) is likelier than
			// m read as rn (0.01)
			"weigrnann": "weigmann",
			"weigmann":  "",
		}},
		{"all but one", most, map[string]string{
			"kdln":  "köln", // Köln once explains Kdln 28 times (d for ö: 0.02)
			"hdfen": "",     // Häfen once does not explain Hdfen 28 times (d for ä: 0.01)
			// only the corpus knows Görlachweg: once is too rare to be the
			// original of Gdrlachweg 28 times, though d for ö would explain it
			"gdrlachweg": "",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lex := NewLexicon()
			if err := lex.LoadWordList(strings.NewReader("bose\nalstor\n")); err != nil {
				t.Fatal(err)
			}
			for _, d := range tc.docs {
				lex.AddDocument(d)
			}
			o := NewOCR(lex)
			o.SetDictionary(newNounDict("Stadt Köln Bündnis Häfen Vorbild Ufer Herr Jahr Jahres Alstor Dorf Hilfe Hülse",
				"die der das diese auch sieht als von am ist schon schön sagt er nicht böse des sind vorbei im am kam wohnt"))
			o.ensureIndex()
			d := &ocrDoc{o: o, lex: o.lex, local: map[uint32]int32{}, newer: map[string]int32{}, memo: map[string]*ocrVerdict{}}
			for word, want := range tc.want {
				id, ok := o.lookup(word)
				if !ok {
					t.Fatalf("%s not in the lexicon", word)
				}
				ev := d.countedEvidence(id)
				if got := d.damageSource(id, ev); got != want {
					t.Errorf("damageSource(%s) = %q, want %q", word, got, want)
				}
				if full := d.evidenceOf(id); full.trusted == (want != "") || full.damage != (want != "") {
					t.Errorf("evidenceOf(%s): trusted %v, damage %v; want trusted only without a source", word, full.trusted, full.damage)
				}
			}
			// a listed word is vouched for: its count is never explained
			if id, ok := o.lookup("bose"); !ok || !d.evidenceOf(id).trusted {
				t.Errorf("bose (listed) not trusted")
			}
		})
	}
}
