package suggest

import (
	"strconv"
	"strings"
)

// Suspects come in runs. A run of suspects of German shape without a fix
// in reach is a quotation in another language; a run of damaged words is a
// garbled passage that the reviewer re-reads from the scan as a whole, so
// it is one suggestion, not one per word.

// ocrItem is a suggestion in the making: the tokens it covers, and
// whether it is a quiet suspect, a word of German shape with no convincing
// fix.
type ocrItem struct {
	s         Suggestion
	tok, last int     // the first and last token it covers
	quiet     bool    // a suspect of German shape without a convincing fix
	weak      bool    // a suspect without a convincing fix
	unknown   bool    // a suspect: an unknown word the channel did not flag
	prefix    bool    // the part before a hyphen of a hyphenated word
	name      bool    // a suspect that looks like a name (ocrNameShape), with no fix cheaper than cleanCheap, read without doubt
	joined    bool    // a suspect with a capital after a small letter (ocrJoined), read without doubt
	doubted   bool    // a word the OCR engine doubted (confidence below confDoubt)
	costShare float64 // of a suspect, the share of its best fix by cost and prior, before the context ordered its fixes (contextRank)
}

// ocrForeignRun is the length of a run of quiet suspects, word after word,
// that marks a quotation in another language (`Longum iter est per
// praecepta`) rather than damage: OCR damage leaves shapes no language
// has, and seldom hits several neighbours without a fix in reach.
const ocrForeignRun = 3

// ocrDropForeignRuns drops the runs of quiet suspects on consecutive
// tokens.
func ocrDropForeignRuns(items []ocrItem) []ocrItem {
	out := items[:0]
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j].quiet && (j == i || items[j].tok == items[j-1].last+1) {
			j++
		}
		if j-i >= ocrForeignRun {
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, items[i:j]...)
		i = j
	}
	return out
}

// ocrMergeGarbled merges each run of two or more ocr suggestions on
// consecutive tokens, none of which has a convincing fix, into one
// suggestion for the passage.
func ocrMergeGarbled(text string, items []ocrItem) []ocrItem {
	return ocrMergeRuns(text, items,
		func(prev, next ocrItem) bool { return next.tok == prev.last+1 },
		func(run []ocrItem) bool { return ocrConvincing(run) == 0 })
}

// ocrMergeRuns replaces each run of two or more ocr suggestions that
// belong together (together, of each neighbouring pair) and that merge
// accepts with one suggestion for the passage (ocrGarbled).
func ocrMergeRuns(text string, items []ocrItem, together func(prev, next ocrItem) bool, merge func(run []ocrItem) bool) []ocrItem {
	out := items[:0]
	var cps []rune // text in code points, made for the first run
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[i].s.Kind == KindOCR && items[j].s.Kind == KindOCR && together(items[j-1], items[j]) {
			j++
		}
		if j-i < 2 || !merge(items[i:j]) {
			out = append(out, items[i])
			i++
			continue
		}
		if cps == nil {
			cps = []rune(text)
		}
		out = append(out, ocrItem{s: ocrGarbled(cps, items[i:j]), tok: items[i].tok, last: items[j-1].last})
		i = j
	}
	return out
}

// ocrGarbled makes the suggestion for a garbled passage. Its one
// candidate is the passage with every word's best fix, where it has one.
func ocrGarbled(cps []rune, run []ocrItem) Suggestion {
	first, last := run[0].s, run[len(run)-1].s
	s := Suggestion{Doc: first.Doc, Start: first.Start, End: last.End, Text: string(cps[first.Start:last.End]), Kind: KindOCR}
	var b strings.Builder
	score, fixes := 1.0, 0
	for k, it := range run {
		if k > 0 {
			b.WriteString(string(cps[run[k-1].s.End:it.s.Start]))
		}
		if len(it.s.Candidates) == 0 {
			b.WriteString(it.s.Text)
			continue
		}
		b.WriteString(it.s.Candidates[0].Text)
		score = min(score, it.s.Candidates[0].Score)
		fixes++
	}
	if fixes > 0 {
		s.Candidates = []Candidate{{Text: b.String(), Score: score}}
	}
	s.Reason = "garbled passage: " + strconv.Itoa(len(run)) + " suspect words in a row; read it from the scan"
	s.Likelihood = garbledLikelihood(run)
	return s
}

// ocrGarbledLine is the share of a line's words that are suspects for the
// line to count as garbled.
const ocrGarbledLine = 0.4

// ocrMergeGarbledLines merges the suspects without a convincing fix on
// each garbled line, one whose suspects make ocrGarbledLine of its words
// or more and most of which have no convincing fix, into one suggestion
// for each stretch of them. A suspect on that line with a convincing fix
// stays a suggestion of its own, so that its fix is one key away.
func ocrMergeGarbledLines(text string, toks []Token, items []ocrItem) []ocrItem {
	if len(items) < 2 {
		return items
	}
	line := make([]int32, len(toks)) // line of each token
	for i := 1; i < len(toks); i++ {
		line[i] = line[i-1] + int32(strings.Count(text[toks[i-1].ByteEnd:toks[i].ByteStart], "\n"))
	}
	words := make(map[int32]int) // tokens with letters per line
	for i, t := range toks {
		if t.Letters > 0 {
			words[line[i]]++
		}
	}
	suspects, convincing := make(map[int32]int), make(map[int32]int)
	for _, it := range items {
		if it.s.Kind != KindOCR || line[it.tok] != line[it.last] {
			continue
		}
		l := line[it.tok]
		suspects[l]++
		if !it.weak {
			convincing[l]++
		}
	}
	garbled := func(l int32) bool {
		n := suspects[l]
		return n >= 2 && float64(n) >= ocrGarbledLine*float64(words[l]) && convincing[l] <= n/2
	}
	return ocrMergeRuns(text, items,
		func(prev, next ocrItem) bool {
			l := line[prev.tok]
			return !ocrSure(prev) && !ocrSure(next) && line[prev.last] == l && line[next.tok] == l && line[next.last] == l && garbled(l)
		},
		func([]ocrItem) bool { return true })
}

// ocrSureShare is the share of the probability a convincing fix must hold
// to stay a suggestion of its own on a garbled line.
const ocrSureShare = 0.5

// ocrSure reports whether it has a convincing fix that holds ocrSureShare
// of the probability or more.
func ocrSure(it ocrItem) bool {
	if it.costShare > 0 {
		// the context orders a suspect's fixes; how sure the best is
		// remains the cost model's word
		return !it.weak && it.costShare >= ocrSureShare
	}
	return !it.weak && len(it.s.Candidates) > 0 && it.s.Candidates[0].Score >= ocrSureShare
}

// ocrConvincing counts the items with a convincing fix.
func ocrConvincing(items []ocrItem) int {
	n := 0
	for _, it := range items {
		if !it.weak {
			n++
		}
	}
	return n
}
