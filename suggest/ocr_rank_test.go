package suggest

import (
	"slices"
	"testing"
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
