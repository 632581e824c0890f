package suggest

import (
	"cmp"
	"math"
	"slices"
)

// A reviewer with a hundred suspects and ten minutes wants the likeliest
// damage first. Each ocr and hyphen suggestion carries its Likelihood,
// what the engine knows of it on one scale: for a word the channel flags,
// its posterior against keeping the word; for a suspect the dictionary
// and the corpus do not explain, the log-odds of damage built from the
// cost of its best fix (a cheap fix is convincing evidence), the shape of
// the word (letter trigrams no known word has are OCR's mark) and the OCR
// engine's confidence in it; for a garbled passage, the chance that any
// of its words is damage.

// Log-odds of damage for a suspect, by what the engine found. Among the
// suspects that nothing explains, the cost of the best fix is what tells
// damage apart best: a fix that costs almost nothing in the OCR cost model
// (an umlaut read as ii or without its dots, ſ, a noise glyph) is damage
// nearly always, while a word with no fix in reach is as often a rare
// word or a name.
const (
	rankSuspect   = 0.8  // a suspect with a fix in reach
	rankNoFix     = -0.4 // a suspect without any
	rankFreeCost  = 0.3  // a fix at most this costly is OCR's everyday damage
	rankFree      = 2.5  // added for such a fix
	rankConf      = 3.0  // per unit of the OCR engine's confidence below confDoubt
	rankCapital   = 0.3  // a sentence's lost capital: the word as written is known
	rankSmallCaps = 0.9  // capitals inside a word where a known word has small letters
	rankBlindScan = 0.4  // an umlaut a scan that drops them dropped: a guess from the page
	rankNoCands   = 0.5  // a suggestion without candidates or a likelihood of its own
	rankPrefix    = 1.0  // taken from a suspect that is the part before a hyphen
	rankAlone     = 1.0  // taken from a suspect without a convincing fix in a clean text
)

// ocrCleanRate is the share of a document's words with convincing damage
// below which the scan counts as clean: one in 500.
const ocrCleanRate = 0.002

// ocrLowerAlone lowers the likelihood of suspects, unknown words that the
// channel did not flag, where the text gives no other sign of damage.
//   - The part before a hyphen (`Mega-` in a compound with a hyphen):
//     writers join names, abbreviations and coined or foreign prefixes
//     with a hyphen precisely because they are not ordinary German words.
//   - A suspect without a convincing fix in a clean text: one where fewer
//     than ocrCleanRate of the words (tokens, of which the document has
//     words tokens) have convincing damage, that is an ocr suggestion that
//     is not such a suspect. OCR damage comes wherever the page is bad,
//     while an unknown word in a clean scan or a born-digital text is as
//     often a rare word or a name (a river, a coinage). A document of
//     cleanWords or more drops them before (ocrDropClean), unless the OCR
//     engine doubted them; this weighs the shorter ones.
//
// Only the likelihood changes: the suspects are still suggested.
func ocrLowerAlone(items []ocrItem, words int) []ocrItem {
	clean := float64(ocrDamaged(items)) < ocrCleanRate*float64(words)
	for i := range items {
		it := &items[i]
		if !it.unknown || it.s.Likelihood <= 0 {
			continue
		}
		by := 0.0
		if it.prefix && it.weak {
			by += rankPrefix
		}
		if clean && it.weak {
			by += rankAlone
		}
		if by > 0 {
			p := it.s.Likelihood
			it.s.Likelihood = rankRound(1 / (1 + math.Exp(by-math.Log(p/(1-p)))))
		}
	}
	return items
}

// ocrDamaged counts the items that show convincing damage: the ocr
// suggestions that are not suspects without a convincing fix.
func ocrDamaged(items []ocrItem) int {
	n := 0
	for _, it := range items {
		if it.s.Kind == KindOCR && !(it.unknown && it.weak) {
			n++
		}
	}
	return n
}

// suspectLikelihood is the likelihood that the suspect the engine judges
// now is damage, given its candidates (best first).
func (d *ocrDoc) suspectLikelihood(cands []suspectCand) float64 {
	logit := rankNoFix
	if len(cands) > 0 {
		logit = rankSuspect
		if cands[0].cost <= rankFreeCost {
			logit += rankFree
		}
	}
	if d.conf >= 0 {
		logit += rankConf * (confDoubt - d.conf)
	}
	return rankRound(1 / (1 + math.Exp(-logit)))
}

// channelLikelihood is the share of v's probability that its candidates
// hold against keeping the word: the posterior that it is damage.
func channelLikelihood(v *ocrVerdict) float64 {
	total, fixes := v.keep, 0.0
	for _, c := range v.cands {
		total += c.score
		fixes += c.score
	}
	if total <= 0 {
		return rankNoCands
	}
	return rankRound(fixes / total)
}

// garbledLikelihood is the chance that some word of a garbled run is
// damage, the words taken as independent.
func garbledLikelihood(run []ocrItem) float64 {
	p := 0.0
	for _, it := range run {
		p = max(p, likelihoodOf(it.s))
	}
	return p
}

// likelihoodOf is s's likelihood, or for a suggestion made without one,
// the share of its best candidate.
func likelihoodOf(s Suggestion) float64 {
	switch {
	case s.Likelihood > 0:
		return s.Likelihood
	case len(s.Candidates) > 0 && s.Candidates[0].Score > 0:
		return rankRound(s.Candidates[0].Score)
	}
	return rankNoCands
}

// rankRound rounds a likelihood to three decimals, never to 0 (which the
// JSON leaves out) nor above 1.
func rankRound(p float64) float64 {
	return min(1, max(0.001, math.Round(p*1000)/1000))
}

// Rank sorts suggestions likeliest first: ocr and hyphen suggestions by
// Likelihood, then the entity suggestions; ties keep their order (the
// text's, for one document's suggestions).
func Rank(s []Suggestion) {
	slices.SortStableFunc(s, func(a, b Suggestion) int {
		if ea, eb := a.Kind == KindEntity, b.Kind == KindEntity; ea != eb {
			if ea {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.Likelihood, a.Likelihood)
	})
}
