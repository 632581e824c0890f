package suggest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// nounDict is a Dictionary that knows nouns only capitalised, as German
// writes them, other words in lower case (and capitalised, as at a
// sentence start), and compounds of a noun and a known word, which
// Compound reports as such.
type nounDict struct {
	nouns, words map[string]bool
}

func newNounDict(nouns, words string) nounDict {
	d := nounDict{nouns: map[string]bool{}, words: map[string]bool{}}
	for _, w := range strings.Fields(nouns) {
		d.nouns[w] = true
	}
	for _, w := range strings.Fields(words) {
		d.words[w] = true
	}
	return d
}

func (d nounDict) simple(w string) bool {
	if d.nouns[w] || d.words[w] {
		return true
	}
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && d.words[string(unicode.ToLower(r))+w[n:]]
}

func (d nounDict) Spell(w string) bool { return d.simple(w) || d.Compound(w) != nil }

func (d nounDict) Compound(w string) []string {
	if d.simple(w) {
		return nil
	}
	rs := []rune(w)
	for i := 3; i <= len(rs)-3; i++ {
		head, tail := string(rs[:i]), string(rs[i:])
		r, n := utf8.DecodeRuneInString(tail)
		if d.nouns[head] && d.simple(string(unicode.ToUpper(r))+tail[n:]) {
			return []string{head, tail}
		}
	}
	return nil
}

// nounOCR is an OCR whose lexicon lists nouns and words (folded, as word
// lists are) with nounDict as its dictionary.
func nounOCR(nouns, words string) *OCR {
	lex := NewLexicon()
	for _, w := range strings.Fields(nouns + " " + words) {
		lex.AddWord(w, 1)
	}
	o := NewOCR(lex)
	o.SetDictionary(newNounDict(nouns, words))
	return o
}

const (
	testNouns = "Ader Tassen Tasse Haus Stellung Einstellung Wahl Tier Fall Jahr"
	testWords = "er sagte es oder sie nicht der die das und ist ein eine lassen wir bin in wie wieder für frei " +
		"vorhanden vor zu gehen uns gut alt schon"
)

func TestSmallNounIsJudged(t *testing.T) {
	o := nounOCR(testNouns, testWords)
	for _, tc := range []struct {
		text, word, want string // want "" for no suggestion
	}{
		{"Er sagte es ader sie nicht.", "ader", "oder"},
		{"Wir tassen es gut sein.", "tassen", "lassen"},
		{"Die Ader ist alt.", "Ader", ""},
		{"Ader ist alt. Er sagte es.", "Ader", ""},
	} {
		s := suggestedAt(o.Suggest("d", tc.text, nil), tc.word)
		switch {
		case tc.want == "" && s != nil:
			t.Errorf("%q: %s suggested: %+v", tc.text, tc.word, s)
		case tc.want != "" && s == nil:
			t.Errorf("%q: %s not suggested", tc.text, tc.word)
		case tc.want != "" && s.Candidates[0].Text != tc.want:
			t.Errorf("%q: first candidate %q, want %q", tc.text, s.Candidates[0].Text, tc.want)
		}
	}
}

func TestSplitKeepsNounsCapitalised(t *testing.T) {
	o := nounOCR(testNouns, testWords)
	o.ensureIndex()
	o.mu.RLock()
	d := &ocrDoc{o: o, lex: o.lex, local: map[uint32]int32{}, newer: map[string]int32{}, memo: map[string]*ocrVerdict{}}
	for _, tc := range []struct {
		orig, split string
		want        bool
	}{
		{"Binstellung", "bin stellung", false}, // a noun does not start in small letters
		{"BinStellung", "bin stellung", true},
		{"Bingut", "bin gut", true},
	} {
		got := false
		d.splitCands(lexFold(tc.orig), tc.orig, func(key, _ string) { got = got || key == tc.split })
		if got != tc.want {
			t.Errorf("%s: split %q considered %v, want %v", tc.orig, tc.split, got, tc.want)
		}
	}
	o.mu.RUnlock()
	s := suggestedAt(o.Suggest("d", "Die Binstellung ist gut.", nil), "Binstellung")
	if s == nil || s.Candidates[0].Text != "Einstellung" {
		t.Errorf("Binstellung: %+v, want Einstellung first", s)
	}
}

func TestCapitalsInsideAWord(t *testing.T) {
	o := nounOCR(testNouns, testWords)
	sugs := o.Suggest("d", "Die WahI ist FUr uns frei, sagte die GmbH, und die PDFs sind alt.", nil)
	for word, want := range map[string]string{"WahI": "Wahl", "FUr": "Für"} {
		s := suggestedAt(sugs, word)
		if s == nil {
			t.Errorf("%s not suggested", word)
			continue
		}
		if s.Candidates[0].Text != want {
			t.Errorf("%s: first candidate %q, want %q", word, s.Candidates[0].Text, want)
		}
	}
	for _, acronym := range []string{"GmbH", "PDFs"} {
		if s := suggestedAt(sugs, acronym); s != nil {
			t.Errorf("acronym %s suggested: %+v", acronym, s)
		}
	}
}

func TestLostHyphen(t *testing.T) {
	o := nounOCR(testNouns, testWords)
	for _, tc := range []struct {
		text, span string // span "" for no suggestion across the line end
	}{
		{"Das Haus ist vor\nhanden und gut.", "vor\nhanden"},
		{"Das Haus ist schon zu\ngehen und gut.", ""}, // both parts are words
		{"Das Haus ist vor\n\nhanden und gut.", ""},   // a paragraph between
		{"Das Haus ist vor\nHanden und gut.", ""},     // a capital starts a word
		{"Das Haus ist vorhande\nn und gut.", ""},     // one letter is debris, not a part
		{"Das Haus ist Wahl\ntier und gut.", ""},      // only a compound
		{"Das Haus ist vor-\nhanden und gut.", "vor-\nhanden"},
	} {
		checkJoin(t, o, tc.text, tc.span, "vorhanden")
	}
}

// checkJoin checks that o joins text's words across a line end at span
// (nothing when span is "") with want as its first candidate.
func checkJoin(t *testing.T, o *OCR, text, span, want string) {
	t.Helper()
	var got *Suggestion
	for _, s := range o.Suggest("d", text, nil) {
		if s.Kind == KindHyphen {
			got = &s
		}
	}
	switch {
	case span == "" && got != nil:
		t.Errorf("%q: joined %+v", text, got)
	case span != "" && got == nil:
		t.Errorf("%q: not joined", text)
	case span != "" && (got.Text != span || len(got.Candidates) == 0 || got.Candidates[0].Text != want):
		t.Errorf("%q: got %q → %+v, want %q → %s", text, got.Text, got.Candidates, span, want)
	}
}

func TestCostOfDoubledLetters(t *testing.T) {
	c := newCostTable()
	cost := func(obs, want string) float64 { return c.cost([]rune(obs), []rune(want), 10) }
	for _, tc := range []struct {
		obs, want string
		cost      float64
	}{
		{"schrit", "schritt", costSingle}, // tt read once
		{"schriqt", "schritt", costSub},   // a generic substitution
		{"schriitt", "schritt", costTwice},
		{"schrift", "schritt", 0.5}, // f for t
		{"schri", "schrit", costIns},
	} {
		if got := cost(tc.obs, tc.want); got != tc.cost {
			t.Errorf("cost(%q, %q) = %v, want %v", tc.obs, tc.want, got, tc.cost)
		}
	}
	if a, b := cost("iH", "ich"), cost("ih", "ich"); a >= b {
		t.Errorf("Fraktur's ch read as H (%v) is not cheaper than a lost c (%v)", a, b)
	}
}

func TestInflectedBeatsCompound(t *testing.T) {
	o := nounOCR(testNouns, testWords)
	o.mu.RLock()
	defer o.mu.RUnlock()
	d := &ocrDoc{o: o, lex: o.lex, local: map[uint32]int32{}, newer: map[string]int32{}, memo: map[string]*ocrVerdict{}}
	if !d.inflected("wahl") || d.inflected("wahltier") {
		t.Errorf("inflected(wahl) = %v, inflected(wahltier) = %v", d.inflected("wahl"), d.inflected("wahltier"))
	}
	if a, b := d.prior("wahltier"), d.prior("jahrtier"); a != b {
		t.Errorf("two compounds differ in prior: %v, %v", a, b)
	}
	// a form only the dictionary's affix rules build, which no list has
	o.dict = newNounDict(testNouns, testWords+" einzuschreiben")
	if a, b := d.prior("einzuschreiben"), d.prior("wahltier"); a <= b {
		t.Errorf("an inflected form's prior %v is not above a compound's %v", a, b)
	}
	if !d.nounOnly("tier") || d.nounOnly("oder") {
		t.Errorf("nounOnly(tier) = %v, nounOnly(oder) = %v", d.nounOnly("tier"), d.nounOnly("oder"))
	}
}

func TestGarbledLineKeepsSureFixes(t *testing.T) {
	text := "aa bb cc dd ee ff\ngg hh"
	toks := Tokens(text)
	item := func(tok int, weak bool, score float64) ocrItem {
		tk := toks[tok]
		s := Suggestion{Start: tk.Start, End: tk.End, Text: tk.Text, Kind: KindOCR}
		if score > 0 {
			s.Candidates = []Candidate{{Text: "x" + tk.Text, Score: score}}
		}
		return ocrItem{s: s, tok: tok, last: tok, weak: weak}
	}
	// five suspects of six words: garbled; bb has a sure fix and stays
	items := []ocrItem{item(0, true, 0), item(1, false, 0.9), item(2, true, 0.2), item(3, true, 0), item(5, true, 0), item(6, true, 0)}
	got := ocrMergeGarbledLines(text, toks, items)
	var spans []string
	for _, it := range got {
		spans = append(spans, it.s.Text)
	}
	want := []string{"aa", "bb", "cc dd ee ff", "gg"}
	if strings.Join(spans, "|") != strings.Join(want, "|") {
		t.Errorf("spans %q, want %q", spans, want)
	}
	// two suspects of six words: not garbled, nothing merged
	got = ocrMergeGarbledLines(text, toks, []ocrItem{item(2, true, 0), item(3, true, 0)})
	if len(got) != 2 {
		t.Errorf("a line with few suspects merged: %+v", got)
	}
}

func TestConfCursor(t *testing.T) {
	c := newConfCursor([]WordConf{{Start: 10, End: 14, Conf: 0.4}, {Start: 0, End: 3, Conf: 0.9}, {Start: 4, End: 9, Conf: 0.2}})
	for _, tc := range []struct {
		start, end int
		want       float64
	}{
		{0, 3, 0.9},
		{4, 14, 0.2}, // two words: the lower
		{10, 12, 0.4},
		{15, 18, -1}, // none
	} {
		if got := c.at(tc.start, tc.end); got != tc.want {
			t.Errorf("at(%d, %d) = %v, want %v", tc.start, tc.end, got, tc.want)
		}
	}
}

func TestConfidenceRules(t *testing.T) {
	o := nounOCR(testNouns, testWords+" jeder weiß fassen")
	at := func(text, word string) WordConf {
		i := strings.Index(text, word)
		start := utf8.RuneCountInString(text[:i])
		return WordConf{Start: start, End: start + utf8.RuneCountInString(word)}
	}
	conf := func(text, word string, c float64) []WordConf {
		w := at(text, word)
		w.Conf = c
		return []WordConf{w}
	}
	// a small letter after a full stop, read with confidence, is printed so
	text := "Das Haus ist wieder frei. jeder weiß es."
	if s := suggestedAt(o.SuggestConf("d", text, nil, nil), "jeder"); s == nil {
		t.Error("without confidences, jeder after a full stop is not suggested")
	}
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "jeder", 0.95)), "jeder"); s != nil {
		t.Errorf("jeder read with 0.95 suggested: %+v", s)
	}
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "jeder", 0.6)), "jeder"); s == nil {
		t.Error("jeder read with 0.6 not suggested")
	}
	// a known word the engine doubted is a suspect when a likelier fix is
	// one cheap edit away
	text = "Wir sagte es gut."
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "sagte", 0.1)), "sagte"); s != nil {
		t.Errorf("sagte, with no likelier fix, suggested: %+v", s)
	}
	text = "Wir fassen es gut."
	if s := suggestedAt(o.SuggestConf("d", text, nil, nil), "fassen"); s != nil {
		t.Errorf("fassen suggested without confidences: %+v", s)
	}
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "fassen", 0.9)), "fassen"); s != nil {
		t.Errorf("fassen read with 0.9 suggested: %+v", s)
	}
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "fassen", 0.1)), "fassen"); s == nil || s.Candidates[0].Text != "lassen" {
		t.Errorf("fassen read with 0.1: %+v, want lassen first", s)
	}
	// a word repeated in the document, which the repetition would explain,
	// is still a suspect where the engine doubted it
	text = "Der Krawuzel ist alt. Der Krawuzel ist gut."
	if s := suggestedAt(o.SuggestConf("d", text, nil, nil), "Krawuzel"); s != nil {
		t.Errorf("a repeated word without a fix suggested: %+v", s)
	}
	if s := suggestedAt(o.SuggestConf("d", text, nil, conf(text, "Krawuzel", 0.2)), "Krawuzel"); s == nil {
		t.Error("a repeated word the engine doubted is not suggested")
	}
}

// TestNoOneLetterFix: a lone letter is debris, and a word list's letter
// (`e`) is no fix for it.
func TestNoOneLetterFix(t *testing.T) {
	o := nounOCR(testNouns, testWords+" e es")
	s := suggestedAt(o.Suggest("d", "Das Haus c ist gut.", nil), "c")
	if s == nil {
		t.Fatal("the lone c is not suggested")
	}
	for _, c := range s.Candidates {
		if utf8.RuneCountInString(c.Text) < 2 {
			t.Errorf("a one-letter fix: %+v", s.Candidates)
		}
	}
}

// TestCostTableLookups checks that cost finds every confusion of the
// table, whatever rune ends it (array or map), and that the small table
// for short words gives what the full one gives.
func TestCostTableLookups(t *testing.T) {
	c := newCostTable()
	for _, p := range costPairs {
		obs, want := "x"+p.obs+"x", "x"+p.want+"x"
		if got := c.cost([]rune(obs), []rune(want), 10); got > p.cost {
			t.Errorf("cost(%q, %q) = %v, want at most the pair's %v", obs, want, got, p.cost)
		}
	}
	words := []string{"", "a", "uud", "Gemeinde", "Gcmeiude", "Weihnachtskampf", "Weihuachtstampf", "Stadtverordnetenversammlung", "Stadtverorduetenverfammlung", "ſchön", "fchon"}
	big := make([]float64, 41*41)
	for _, a := range words {
		for _, b := range words {
			obs, want := []rune(a), []rune(lexFold(b))
			var o costObs
			c.prepare(&o, obs)
			if got, full := c.cost(obs, want, 4), o.costIn(big, want, 4); got != full {
				t.Errorf("cost(%q, %q) = %v, the full table %v", a, b, got, full)
			}
		}
	}
}
