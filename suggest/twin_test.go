package suggest

import (
	"os"

	"folio/annot"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTwinAlign(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want []twinEdit
	}{
		{"a b c", "a b c", nil},
		{"a x c", "a b c", []twinEdit{{1, 2, 1, 2}}},
		{"a c", "a b c", []twinEdit{{1, 1, 1, 2}}},
		{"a b c d", "a c", []twinEdit{{1, 2, 1, 1}, {3, 4, 2, 2}}},
		{"x y a b", "a b", []twinEdit{{0, 2, 0, 0}}},
		{"feierli chem Rahmen", "feierlichem Rahmen", []twinEdit{{0, 2, 0, 1}}},
		{"", "a", []twinEdit{{0, 0, 0, 1}}},
	} {
		got := twinAlign(strings.Fields(tc.a), strings.Fields(tc.b))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q ~ %q: %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// readSeed returns the text of the bundled seed whose id begins with
// prefix.
func readSeed(t *testing.T, prefix string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "seeds", prefix+"_*.txt"))
	if len(files) != 1 {
		t.Fatalf("seed %s: %v", prefix, files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTwinSeed001 checks the bundled pair: every error of the scan 001
// (by the gold standard) inside the text it shares with its web copy 004
// gets 004's word as its first candidate.
func TestTwinSeed001(t *testing.T) {
	scan, web := readSeed(t, "001"), readSeed(t, "004")
	docs, _ := seedCorpus(t)
	lex := NewLexicon()
	for _, d := range docs {
		lex.AddDocument(d)
	}
	sugs := NewOCR(lex).SuggestTwin("001", scan, nil, slices.Values([]Twin{{ID: "004", Text: web}}), nil)
	top := map[annot.Span]string{}
	for _, s := range sugs {
		if len(s.Candidates) > 0 {
			top[annot.Span{Start: s.Start, End: s.End}] = s.Candidates[0].Text
		}
		sum := 0.0
		for _, c := range s.Candidates {
			sum += c.Score
		}
		if strings.HasPrefix(s.Reason, "the copy in") && sum > 1.0001 {
			t.Errorf("%q: candidate scores add up to %.3f: %+v", s.Text, sum, s.Candidates)
		}
	}
	// the shared text: the aligned differences whose twin side is the
	// gold word
	a, b := Tokens(scan), Tokens(web)
	shared := map[annot.Span]string{}
	ka, kb := twinKeys(a), twinKeys(b)
	for _, e := range twinWordByWord(twinAlign(ka, kb), ka, kb) {
		if e.a0 < e.a1 && e.b0 < e.b1 {
			shared[annot.Span{Start: a[e.a0].Start, End: a[e.a1-1].End}] = web[b[e.b0].ByteStart:b[e.b1-1].ByteEnd]
		}
	}
	n := 0
	for _, g := range loadGold(t, scan) {
		if w, ok := shared[g.span]; !ok || strings.Join(strings.Fields(ocrDehyphenate(w)), " ") != g.correct {
			continue
		}
		n++
		if top[g.span] != g.correct {
			t.Errorf("%q at %v: first candidate %q, want 004's %q", g.text, g.span, top[g.span], g.correct)
		}
	}
	t.Logf("%d gold errors in the shared text", n)
	if n < 20 {
		t.Errorf("only %d gold errors in the shared text, want 20 or more", n)
	}
	for _, s := range NewOCR(lex).SuggestTwin("004", web, nil, slices.Values([]Twin{{ID: "001", Text: scan}}), nil) {
		if strings.HasPrefix(s.Reason, "the copy in") {
			t.Errorf("the clean copy took %q → %v from the scan", s.Text, s.Candidates)
		}
	}
	for _, s := range sugs {
		if strings.Contains(s.Text, "Wirtschaftsausschuss") {
			t.Errorf("offered %q → %v: a different wording, not damage", s.Text, s.Candidates)
		}
	}
}

func FuzzTwinAlign(f *testing.F) {
	f.Add("a b c d", "a x c")
	f.Fuzz(func(t *testing.T, a, b string) {
		fa, fb := strings.Fields(a), strings.Fields(b)
		edits := twinAlign(fa, fb)
		// applying the edits to a gives b
		var out []string
		i := 0
		for _, e := range edits {
			if e.a0 < i || e.a1 < e.a0 || e.b1 < e.b0 || e.a1 > len(fa) || e.b1 > len(fb) {
				t.Fatalf("bad edit %v", e)
			}
			out = append(out, fa[i:e.a0]...)
			out = append(out, fb[e.b0:e.b1]...)
			i = e.a1
		}
		out = append(out, fa[i:]...)
		if len(fa)+len(fb) <= twinMaxD && !slices.Equal(out, fb) {
			t.Fatalf("%q ~ %q: edits %v give %q", a, b, edits, out)
		}
	})
}

// TestDamageShareCached checks that damageShare's verdicts kept across
// texts change no share: a warm OCR value and a fresh one agree, with the
// tokens given or scanned, and a new generation of the lexicon (the
// damaged word now attested in two documents) is not answered from the
// old verdicts.
func TestDamageShareCached(t *testing.T) {
	build := func() (*OCR, *Lexicon) {
		lex := NewLexicon()
		for range 3 {
			lex.AddDocument("Die Geschichte der Stadt und die Kirche am Markt.")
		}
		return NewOCR(lex), lex
	}
	text := "Die Gefchichte der Stadt und die Kirche am Markt."
	other := "Die Kirche der Gefchichte am Markt und die Stadt."
	cold, _ := build()
	want := cold.damageShare(text, nil, nil)
	if want <= 0 {
		t.Fatalf("share of %q = %v, want a damaged word found", text, want)
	}
	warm, lex := build()
	warm.damageShare(other, nil, nil)
	if got := warm.damageShare(text, Tokens(text), nil); got != want {
		t.Errorf("warm, tokens given: share %v, fresh %v", got, want)
	}
	if got := warm.damageShare(text, nil, nil); got != want {
		t.Errorf("warm, scanned: share %v, fresh %v", got, want)
	}
	lex.AddDocument("Gefchichte und Gefchichte")
	lex.AddDocument("Gefchichte")
	if got := warm.damageShare(text, nil, nil); got != 0 {
		t.Errorf("after the lexicon attests Gefchichte twice: share %v, want 0", got)
	}
}

// TestDamageShareFactsOfAnOlderLexicon: the word facts a document's
// suggestions took (docMaps.facts) serve the twin check only under the
// lexicon and rules they were taken under: a change between the two (a
// Learn, a word attested) is not answered from the old verdicts.
func TestDamageShareFactsOfAnOlderLexicon(t *testing.T) {
	lex := NewLexicon()
	for range 3 {
		lex.AddDocument("Die Geschichte der Stadt und die Kirche am Markt.")
	}
	o := NewOCR(lex)
	text := "Die Gefchichte der Stadt und die Kirche am Markt."
	maps := o.docs.get()
	_, toks := o.suggestConf(maps, "d", text, nil, nil)
	if share := o.damageShare(text, toks, maps); share <= 0 {
		t.Fatalf("share of %q = %v, want a damaged word found", text, share)
	}
	lex.AddDocument("Gefchichte und Gefchichte")
	lex.AddDocument("Gefchichte")
	o.ensureIndex()
	if got := o.damageShare(text, toks, maps); got != 0 {
		t.Errorf("after the lexicon attests Gefchichte twice, with the facts of before: share %v, want 0", got)
	}
}

// TestTwinCopiesDamagedAlike: a page imported as several OCR files has
// those copies, damaged alike, among its twins beside its clean
// transcription. The scan takes its fixes from the transcription, not
// from a copy that reads as it does; the transcription takes none from
// the copies, though they make its damaged words common in the corpus.
// (Found in a user pass: ALTO, PAGE and hOCR of one page and its
// transcription gave the ALTO page no fix from the transcription, and
// the transcription 21 "fixes" from the hOCR copy.)
func TestTwinCopiesDamagedAlike(t *testing.T) {
	scan, web := readSeed(t, "001"), readSeed(t, "004")
	docs, _ := seedCorpus(t)
	// the corpus with the scan once or three times, and a word list
	newOCR := func(scans int, words []string) *OCR {
		lex := NewLexicon()
		for _, d := range docs {
			lex.AddDocument(d)
		}
		for range scans - 1 {
			lex.AddDocument(scan)
		}
		if err := lex.LoadWordList(strings.NewReader(strings.Join(words, "\n"))); err != nil {
			t.Fatal(err)
		}
		return NewOCR(lex)
	}
	fromTwin := func(sugs []Suggestion) map[string]int {
		n := map[string]int{}
		for _, s := range sugs {
			if tw, ok := FromTwin(s); ok {
				n[tw]++
			}
		}
		return n
	}
	sugs := newOCR(1, nil).SuggestTwin("001", scan, nil, slices.Values([]Twin{{ID: "004", Text: web}}), nil)
	alone := fromTwin(sugs)
	if alone["004"] < 10 {
		t.Fatalf("the scan with its transcription alone: %v fixes from twins, want 10 or more from 004", alone)
	}
	// a word list that knows the transcription's wording where the two
	// differ, as a dictionary would, and none of the scan's damage; the
	// corpus holds the scan three times, which makes its damage common
	var words []string
	for _, s := range sugs {
		if _, ok := FromTwin(s); ok {
			for _, tok := range Tokens(s.Candidates[0].Text) {
				words = append(words, tok.Text)
			}
		}
	}
	o := newOCR(3, words)
	copies := []Twin{{ID: "001.hocr", Text: scan}, {ID: "001.page", Text: scan}}
	got := fromTwin(o.SuggestTwin("001", scan, nil, slices.Values(append(copies, Twin{ID: "004", Text: web})), nil))
	if len(got) != 1 || got["004"] != alone["004"] {
		t.Errorf("the scan among its copies: fixes from twins %v, want %d from 004 alone", got, alone["004"])
	}
	if got := fromTwin(o.SuggestTwin("004", web, nil, slices.Values(copies), nil)); len(got) != 0 {
		t.Errorf("the transcription takes fixes from the damaged copies: %v", got)
	}
	// a copy a reviewer corrected is still a copy, not the clean text:
	// its one fix does not hide the transcription's
	var fix Suggestion
	for _, s := range sugs {
		if _, ok := FromTwin(s); ok {
			fix = s
			break
		}
	}
	r := []rune(scan)
	corrected := string(r[:fix.Start]) + fix.Candidates[0].Text + string(r[fix.End:])
	copies[0] = Twin{ID: "001.hocr", Text: corrected, Stored: scan}
	got = fromTwin(o.SuggestTwin("001", scan, nil, slices.Values(append(copies, Twin{ID: "004", Text: web})), nil))
	if len(got) != 1 || got["004"] != alone["004"] {
		t.Errorf("the scan beside a corrected copy: fixes from twins %v, want %d from 004 alone", got, alone["004"])
	}
}
