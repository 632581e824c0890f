package annot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// AsPrinted returns anns with every correction that joins a word broken
// at a line end (`Narma-` / `lerweise` → `Normalerweise`) split back at
// the break: one correction on each printed line, the value cut where the
// print breaks the word (`Narma` → `Norma`, and the second line's part
// unchanged, so no correction there). Exports that keep
// the page's lines — ALTO, PAGE and hOCR corrected in place, and line
// training pairs — put on each line what is printed there, corrected,
// rather than the joined word on one line (and, for line pairs, on both).
// The line-end hyphen itself is left as printed, outside the parts, and
// boilerplate cuts (ClassBoilerplate) are left out: they cut the
// dataset's text, not the print, whose lines keep their words.
//
// A join is a correction whose stored text is two words with one line
// break between them (white space around it allowed), whose value is one
// word; the cut is the one that leaves each part nearest (in edits) to
// its printed part. A line-end mark the scanner made of a hyphen
// (`zukünfti«`) is corrected to `-` with the first part. Every other
// annotation is returned as it is; anns is not changed.
func AsPrinted(text string, anns []Annotation) []Annotation {
	var ix *Index
	var out []Annotation // nil until the first join
	for i, a := range anns {
		if a.Kind == KindCorrection && a.Class == ClassBoilerplate {
			// a cut for the dataset's text: the print keeps it
			if out == nil {
				out = append(make([]Annotation, 0, len(anns)+4), anns[:i]...)
			}
			continue
		}
		ok := false
		var first, second Annotation
		if a.Kind == KindCorrection && !a.Stale && a.Value != "" && !strings.ContainsFunc(a.Value, unicode.IsSpace) {
			if ix == nil {
				ix = NewIndex(text)
			}
			first, second, ok = splitJoin(ix, a)
		}
		switch {
		case !ok && out != nil:
			out = append(out, a)
		case ok:
			if out == nil {
				out = append(make([]Annotation, 0, len(anns)+4), anns[:i]...)
			}
			for _, p := range []Annotation{first, second} {
				if p.Value != ix.Slice(p.Span()) {
					out = append(out, p) // a part the join left as printed needs none
				}
			}
		}
	}
	if out == nil {
		return anns
	}
	return out
}

// splitJoin splits correction a, if it joins two printed lines' parts of
// a word, into the correction of each part.
func splitJoin(ix *Index, a Annotation) (first, second Annotation, ok bool) {
	if a.Start < 0 || a.End > ix.Len() || a.Start >= a.End {
		return a, a, false
	}
	orig := ix.Slice(a.Span())
	nl := strings.IndexByte(orig, '\n')
	if nl < 0 || strings.IndexByte(orig[nl+1:], '\n') >= 0 {
		return a, a, false
	}
	// the parts: the word before the white space around the break, and
	// the word after it
	lo := strings.TrimRightFunc(orig[:nl], unicode.IsSpace)
	hi := strings.TrimLeftFunc(orig[nl+1:], unicode.IsSpace)
	if lo == "" || hi == "" || strings.ContainsFunc(lo, unicode.IsSpace) || strings.ContainsFunc(hi, unicode.IsSpace) ||
		utf8.RuneCountInString(lo) > maxJoinedWord || utf8.RuneCountInString(hi) > maxJoinedWord || utf8.RuneCountInString(a.Value) > 2*maxJoinedWord {
		return a, a, false
	}
	// the line-end mark: a hyphen stays as printed, outside the parts
	// (ALTO prints it from a HYP of its own); a mark the scanner made of
	// one (`zukünfti«`) is corrected to a hyphen with the first part
	core, misread := lo, false
	if r, n := utf8.DecodeLastRuneInString(lo); !unicode.IsLetter(r) && !unicode.IsDigit(r) && n < len(lo) {
		core, misread = lo[:len(lo)-n], !lineEndHyphen(r)
	}
	v := []rune(a.Value)
	k := bestCut(v, []rune(core), []rune(hi))
	v1, v2 := string(v[:k]), string(v[k:])
	if core != lo {
		// a hyphen the value keeps at the cut (a compound,
		// `Chinesisch-Deutschen`) is the one printed at the line end
		if r, n := utf8.DecodeLastRuneInString(v1); n > 0 && lineEndHyphen(r) {
			v1 = v1[:len(v1)-n]
		} else if r, n := utf8.DecodeRuneInString(v2); n > 0 && lineEndHyphen(r) {
			v2 = v2[n:]
		}
	}
	if misread {
		v1 += "-"
	} else {
		lo = core
	}
	loEnd := a.Start + utf8.RuneCountInString(lo)
	hiStart := a.End - utf8.RuneCountInString(hi)
	first, second = a, a
	first.End, first.Value = loEnd, v1
	second.Start, second.Value = hiStart, v2
	second.ID = a.ID + "/2"
	return first, second, true
}

// maxJoinedWord bounds, in code points, each printed part of a word
// joined across a line end (and half its value): longer runs without a
// space are no words, and the cut's search grows with the cube of the
// length.
const maxJoinedWord = 64

// lineEndHyphen reports whether r is a hyphen a print breaks a word with.
func lineEndHyphen(r rune) bool {
	switch r {
	case '-', '\u00ac', '\u00ad', '\u2010', '\u2011', '\u2e17':
		return true
	}
	return false
}

// bestCut returns where to cut v so that its two parts are nearest (in
// edits) to a and b, the cut nearest len(a) among equals.
func bestCut(v, a, b []rune) int {
	best, bestK := -1, 0
	for k := 0; k <= len(v); k++ {
		d := EditDistance(v[:k], a) + EditDistance(v[k:], b)
		if best < 0 || d < best || d == best && abs(k-len(a)) < abs(bestK-len(a)) {
			best, bestK = d, k
		}
	}
	return bestK
}

// EditDistance is the Levenshtein distance of a and b, in code points.
func EditDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
