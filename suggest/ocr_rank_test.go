package suggest

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestRank(t *testing.T) {
	in := []Suggestion{
		{Text: "a", Kind: KindOCR, Likelihood: 0.6},
		{Text: "e1", Kind: KindEntity},
		{Text: "b", Kind: KindHyphen, Likelihood: 0.99},
		{Text: "c", Kind: KindOCR, Likelihood: 0.3},
		{Text: "d", Kind: KindOCR, Likelihood: 0.6},
		{Text: "e2", Kind: KindEntity},
		{Text: "f", Kind: KindOCR, Likelihood: 0.96},
	}
	Rank(in)
	var got []string
	for _, s := range in {
		got = append(got, s.Text)
	}
	// likeliest first, ties in their order, entities last in theirs
	if want := []string{"b", "f", "a", "d", "c", "e1", "e2"}; !slices.Equal(got, want) {
		t.Fatalf("Rank: %v, want %v", got, want)
	}
}

func TestSuspectLikelihood(t *testing.T) {
	cands := func(cost float64) []suspectCand { return []suspectCand{{key: "x", cost: cost}} }
	d := &ocrDoc{conf: -1}
	free, fix, none := d.suspectLikelihood(cands(0.2)), d.suspectLikelihood(cands(0.6)), d.suspectLikelihood(nil)
	if !(free > fix && fix > none) {
		t.Fatalf("likelihood of a free fix %v, a fix %v, none %v: want them falling", free, fix, none)
	}
	for _, p := range []float64{free, fix, none} {
		if p <= 0 || p > 1 {
			t.Fatalf("likelihood %v out of (0, 1]", p)
		}
	}
	// the OCR engine's confidence moves it: a doubted word is likelier
	// damage, a word read with confidence less likely
	doubted, sure := &ocrDoc{conf: 0.2}, &ocrDoc{conf: 0.95}
	if a, b := doubted.suspectLikelihood(cands(0.6)), sure.suspectLikelihood(cands(0.6)); !(a > fix && fix > b) {
		t.Fatalf("doubted %v, no confidence %v, sure %v: want them falling", a, fix, b)
	}
}

func TestChannelAndGarbledLikelihood(t *testing.T) {
	v := &ocrVerdict{keep: 1, cands: []ocrCand{{score: 6}, {score: 3}}}
	if got := channelLikelihood(v); got != 0.9 {
		t.Fatalf("channelLikelihood = %v, want 0.9 (the fixes' share against keeping)", got)
	}
	if got := channelLikelihood(&ocrVerdict{}); got != rankNoCands {
		t.Fatalf("channelLikelihood of nothing = %v, want %v", got, rankNoCands)
	}
	run := []ocrItem{{s: Suggestion{Likelihood: 0.4}}, {s: Suggestion{Candidates: []Candidate{{Text: "x", Score: 0.7}}}}, {s: Suggestion{}}}
	if got := garbledLikelihood(run); got != 0.7 {
		t.Fatalf("garbledLikelihood = %v, want 0.7 (its likeliest word, a candidate's share standing in)", got)
	}
	if got := rankRound(0); got <= 0 {
		t.Fatalf("rankRound(0) = %v: a likelihood is never 0, which the JSON leaves out", got)
	}
}

// TestSuggestionsHaveLikelihood checks that every ocr and hyphen
// suggestion of a scan carries a likelihood.
func TestSuggestionsHaveLikelihood(t *testing.T) {
	doc := "Kdln ist fiir das Biindnis der Stadte. Ernst Schwanhold in Koln. Die Wissen-\nschaft und die Forschung."
	o := newTestOCR(doc)
	sugs := o.Suggest("d", doc, nil)
	if len(sugs) < 3 {
		t.Fatalf("want suggestions for the scan, got %+v", sugs)
	}
	for _, s := range sugs {
		if s.Likelihood <= 0 || s.Likelihood > 1 {
			t.Errorf("%s suggestion %q: likelihood %v out of (0, 1]", s.Kind, s.Text, s.Likelihood)
		}
	}
}

// TestLowerAlone checks the rule of ocrLowerAlone: a suspect without a
// convincing fix weighs less in a clean text (fewer than one word in 500
// with convincing damage) and as the part before a hyphen; a suspect with
// a convincing fix, a word the channel flagged and a suspect in a damaged
// text keep their likelihood.
func TestLowerAlone(t *testing.T) {
	const p = 0.69
	sus := func(weak, prefix bool) ocrItem {
		return ocrItem{s: Suggestion{Kind: KindOCR, Likelihood: p}, unknown: true, weak: weak, prefix: prefix}
	}
	damage := ocrItem{s: Suggestion{Kind: KindOCR, Likelihood: 0.9}} // flagged by the channel
	lowered := func(by float64) float64 { return rankRound(1 / (1 + math.Exp(by-math.Log(p/(1-p))))) }
	for _, tc := range []struct {
		name   string
		items  []ocrItem
		words  int
		target int // index of the item judged
		want   float64
	}{
		{"weak suspect, clean text", []ocrItem{sus(true, false)}, 1000, 0, lowered(rankAlone)},
		{"weak suspect, one damage in 1000 words", []ocrItem{damage, sus(true, false)}, 1000, 1, lowered(rankAlone)},
		{"weak suspect, damaged text", []ocrItem{damage, damage, sus(true, false)}, 1000, 2, p},
		{"other weak suspects are no damage", []ocrItem{sus(true, false), sus(true, false), sus(true, false)}, 1000, 1, lowered(rankAlone)},
		{"weak prefix, damaged text", []ocrItem{damage, damage, sus(true, true)}, 1000, 2, lowered(rankPrefix)},
		{"weak prefix, clean text", []ocrItem{sus(true, true)}, 1000, 0, lowered(rankPrefix + rankAlone)},
		{"convincing fix, clean text", []ocrItem{sus(false, true)}, 1000, 0, p},
		{"flagged by the channel, clean text", []ocrItem{damage}, 1000, 0, 0.9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ocrLowerAlone(tc.items, tc.words)[tc.target].s.Likelihood
			if got != tc.want {
				t.Fatalf("likelihood %v, want %v", got, tc.want)
			}
		})
	}
}

// TestLowerAloneText checks the rule on generated text with the system's
// dictionaries: an unknown word of no language (no fix in reach) is not
// suggested at all in clean text (ocrDropClean) and is in the same text
// with OCR damage, where it weighs less before a hyphen.
func TestLowerAloneText(t *testing.T) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			skipUnlessCI(t, fmt.Sprintf("%s: %v (apt-get install wngerman hunspell-de-de wamerican)", p, err))
		}
	}
	// the clean text is made of the small words of the seeds that the
	// engine does not flag on their own
	seeds, _ := seedCorpus(t)
	var words []string
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		for _, tk := range Tokens(seeds[name]) {
			if r, _ := utf8.DecodeRuneInString(tk.Text); tk.Letters > 3 && tk.Letters == utf8.RuneCountInString(tk.Text) && unicode.IsLower(r) {
				words = append(words, tk.Text)
			}
		}
	}
	probe := strings.Join(words, " ")
	flagged := map[string]bool{}
	for _, s := range benchSystemOCR(t, []string{probe}).Suggest("probe", probe, nil) {
		flagged[s.Text] = true
	}
	words = slices.DeleteFunc(words, func(w string) bool { return flagged[w] })
	rng := rand.New(rand.NewPCG(5, 6))
	text := func(damaged bool, odd string) string {
		var b strings.Builder
		for i := range 600 {
			w := words[rng.IntN(len(words))]
			if damaged && i%8 == 0 {
				w = benchDamage(w, rng)
			}
			if i == 300 {
				w = odd
			}
			b.WriteString(w + " ")
		}
		return b.String()
	}
	// one unknown word a document, of one shape, none with a fix in
	// reach: a word in two documents would be attested by the other
	odd := []string{"qxorvath", "qxarvith", "qxirvoth", "qxurvath"}
	docs := []string{text(false, odd[0]), text(true, odd[1]), text(false, odd[2]+"-Wert"), text(true, odd[3]+"-Wert")}
	o := benchSystemOCR(t, docs)
	like := make([]float64, len(docs))
	for i, d := range docs {
		for _, s := range o.Suggest(fmt.Sprint(i), d, nil) {
			if s.Text == odd[i] {
				like[i] = s.Likelihood
				if len(s.Candidates) > 0 {
					t.Fatalf("document %d: %s has a fix in reach (%v); the test needs a word without", i, odd[i], s.Candidates)
				}
			}
		}
		if damaged := i%2 == 1; damaged != (like[i] > 0) {
			t.Fatalf("document %d (damaged %v): %s suggested with likelihood %v", i, damaged, odd[i], like[i])
		}
	}
	if !(like[3] < like[1]) {
		t.Errorf("damaged text: %v before a hyphen, %v alone; want it lower before a hyphen", like[3], like[1])
	}

	// the same words capitalised, as names are,
	// are not suggested in the clean texts, and are in the damaged ones
	for i := range odd {
		name := strings.ToUpper(odd[i][:1]) + odd[i][1:]
		docs[i] = strings.Replace(docs[i], odd[i], name, 1)
	}
	o = benchSystemOCR(t, docs)
	for i, d := range docs {
		name := strings.ToUpper(odd[i][:1]) + odd[i][1:]
		got := slices.ContainsFunc(o.Suggest(fmt.Sprint(i), d, nil), func(s Suggestion) bool { return s.Text == name })
		if want := i%2 == 1; got != want {
			t.Errorf("document %d (damaged %v): %s suggested = %v, want %v", i, i%2 == 1, name, got, want)
		}
	}
}
