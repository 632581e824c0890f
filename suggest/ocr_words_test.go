package suggest

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"folio/annot"
)

// TestWordCacheEntries checks that the cache gives one entry per word
// while the generation of the lexicon and the channel's rules stay, a
// fresh empty one when either changes, and the same entry to goroutines
// asking at once.
func TestWordCacheEntries(t *testing.T) {
	var c wordCache
	a := c.get("Wort", 1, 5)
	a.clean.Store(true)
	a.damaged.Store(factYes)
	if c.get("Wort", 1, 5) != a {
		t.Fatal("the same word, generation and rules: another entry")
	}
	if c.get("Worte", 1, 5) == a {
		t.Fatal("another word: the same entry")
	}
	for _, k := range []struct {
		gen   uint64
		rules int
	}{{2, 5}, {2, 6}} {
		f := c.get("Wort", k.gen, k.rules)
		if f == a || f.clean.Load() || f.damaged.Load() != factUnknown || f.hits.Load() != nil {
			t.Errorf("generation %d, rules %d: the old entry or its verdicts kept", k.gen, k.rules)
		}
	}
	var wg sync.WaitGroup
	got := make([]*wordFacts, 8)
	for i := range got {
		wg.Go(func() { got[i] = c.get("neu", 3, 1) })
	}
	wg.Wait()
	for i, f := range got {
		if f != got[0] {
			t.Fatalf("goroutine %d got another entry for the same word", i)
		}
	}
}

// TestWordFactsOfDocument checks that a document's words are looked up in
// the cache once and found in its own map after, and that a document
// without a map (the twin check's) still gets the cache's entries.
func TestWordFactsOfDocument(t *testing.T) {
	o := NewOCR(NewLexicon())
	d := &ocrDoc{o: o, lex: o.lex, docFacts: map[string]*wordFacts{}}
	a := d.wordFacts("Haus")
	d.wordFacts("Baum")
	if d.docFacts["Haus"] != a || len(d.docFacts) != 2 {
		t.Fatalf("the document's map holds %v", d.docFacts)
	}
	if d.wordFacts("Haus") != a || o.words.get("Haus", o.gen, len(o.ch.rules)) != a {
		t.Fatal("the word's entry differs between the document and the cache")
	}
	bare := &ocrDoc{o: o, lex: o.lex}
	if bare.wordFacts("Haus") != a {
		t.Fatal("a document without a map: another entry")
	}
}

// TestOCRLinkishNecessary checks that the quick test ocrInLink starts with
// never turns away a link: every chunk ocrInLink finds a link passes it.
func TestOCRLinkishNecessary(t *testing.T) {
	for _, tc := range []struct {
		text string
		link bool
	}{
		{"siehe https://example.org/a heute", true},
		{"auf www.example.de lesen", true},
		{"(www.example.de)", true},
		{"an info@example.de schreiben", true},
		{"die Datei docs/index.html lesen", true},
		{"der Pfad /usr/share/dict lag", false},
		{"a/b.c", true},
		{"und/oder", false},
		{"Uhrzeit 10:30 Uhr", false},
		{"@home", false},
		{"Ein ganz gewöhnlicher Satz ohne Verweis.", false},
		{"wwwahl", false},
	} {
		var any bool
		for _, tok := range Tokens(tc.text) {
			a, b := tok.ByteStart, tok.ByteEnd
			for a > 0 && !ocrBlank(tc.text[a-1]) {
				a--
			}
			for b < len(tc.text) && !ocrBlank(tc.text[b]) {
				b++
			}
			in := ocrInLink(tc.text, tok)
			if in && !ocrLinkish(tc.text[a:b]) {
				t.Errorf("%q: %q is a link that ocrLinkish turns away", tc.text, tok.Text)
			}
			any = any || in
		}
		if any != tc.link {
			t.Errorf("%q: a link found %v, want %v", tc.text, any, tc.link)
		}
	}
}

// TestEntSurfaceMatchesIndex checks that a span on tokens' bounds is cut
// at the tokens' byte offsets exactly as the code point index cuts it, and
// that a span off their bounds is left to the index.
func TestEntSurfaceMatchesIndex(t *testing.T) {
	text := "Am 3. März 1890 fuhr Frau Müller-Lüdenscheidt nach Köln — über Düsseldorf."
	toks := entTokens(text, nil)
	ix := annot.NewIndex(text)
	n := 0
	for i := range toks {
		for j := i; j < len(toks) && j < i+4; j++ {
			sp := annot.Span{Start: toks[i].start, End: toks[j].end}
			got, ok := entSurface(text, toks, sp)
			if !ok || got != ix.Slice(sp) {
				t.Fatalf("span %v: got %q, %v; want %q", sp, got, ok, ix.Slice(sp))
			}
			n++
		}
	}
	for _, sp := range []annot.Span{{Start: toks[0].start + 1, End: toks[2].end}, {Start: toks[0].start, End: toks[0].end - 1}} {
		if got, ok := entSurface(text, toks, sp); ok {
			t.Errorf("span %v off the tokens' bounds: got %q", sp, got)
		}
	}
	if n < 20 {
		t.Fatalf("only %d spans checked", n)
	}
}

// scanTokensRunes is scanTokens decoding every rune, as it did before
// its ASCII shortcuts: the reference they must agree with.
func scanTokensRunes(text string, fn func(Token)) {
	cp, i := 0, 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !tokWordRune(r) {
			i += n
			cp++
			continue
		}
		t := Token{Start: cp, ByteStart: i}
		for i < len(text) {
			r, n = utf8.DecodeRuneInString(text[i:])
			if tokWordRune(r) {
				tokCount(&t, r)
				i += n
				cp++
				continue
			}
			if !tokJoiner(r) || i+n >= len(text) {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if !tokWordRune(next) {
				break
			}
			if r == '\'' || r == '’' {
				t.HasApost = true
			} else {
				t.HasHyphen = true
			}
			i += n
			cp++
		}
		t.End, t.ByteEnd = cp, i
		t.Text = text[t.ByteStart:t.ByteEnd]
		fn(t)
	}
}

// FuzzScanTokensASCII checks that scanTokens, with its ASCII shortcuts,
// gives the tokens of decoding rune by rune, on any input (invalid UTF-8
// included).
func FuzzScanTokensASCII(f *testing.F) {
	for _, s := range []string{
		"", "Die Stadt Köln, 3. März 1890: Müller-Lüdenscheidt's Haus.",
		"a-b c'd e’f 12ab x- -y \xff\xfeabc", "Straße\u0308n ab\u2010cd 10-20",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got, want []Token
		scanTokens(s, func(tk Token) { got = append(got, tk) })
		scanTokensRunes(s, func(tk Token) { want = append(want, tk) })
		if !slices.Equal(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", s, got, want)
		}
	})
}

// TestEditCandsCachedPerDocument checks that the edit neighbours kept
// across documents give each document, judged again with the cache warm,
// the candidates a fresh detector gives it, and that the cache holds
// nothing for another generation of the lexicon or set of rules.
func TestEditCandsCachedPerDocument(t *testing.T) {
	docs := []string{
		"Die Brücke über den Rhein ist lang. Am Rhein stehen Bäume. Der Rhein fließt.",
		"Die Brücke über den Rhxin ist lang, sagt man am Rhein.",
		"Am Rhein stehen Bäume, und die Brücke ist alt.",
		"Die Brücke über den Rhein ist alt. Der Rhein ist breit.",
	}
	shared := newCorpusOCR(docs)
	sameAsFresh(t, shared, docs, func(i int, got string) {
		if i == 1 && (!strings.Contains(got, "Rhxin → Rhein") || !strings.Contains(got, "1 edit")) {
			t.Fatalf("no edit candidate for Rhxin: the test would show nothing\n%q", got)
		}
	})
	nbs, ok := shared.edits.get("rhxin", shared.gen, len(shared.ch.rules))
	if !ok || len(nbs) == 0 || shared.lex.keys[nbs[0].id] != "rhein" {
		t.Fatalf("the cache holds %v, %v for rhxin", nbs, ok)
	}
	if _, ok := shared.edits.get("rhxin", shared.gen+1, len(shared.ch.rules)); ok {
		t.Error("an entry of another generation of the lexicon")
	}
	if _, ok := shared.edits.get("rhxin", shared.gen, len(shared.ch.rules)+1); ok {
		t.Error("an entry of another set of rules")
	}
}
