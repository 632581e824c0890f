// Package agree measures how far reviewers who annotated the same
// documents independently agree: span F1 (exact and overlapping) per pair
// and label, Cohen's κ over tokens per pair, Fleiss' κ and Krippendorff's
// α over tokens for any number of reviewers, and the share of identical
// corrections.
//
// Definitions (all over the documents given, pooled):
//
//   - Exact span F1 of a pair (A, B): TP is the number of spans both
//     made with the same start, end and label; F1 = 2·TP / (|A| + |B|).
//   - Overlap span F1: a span of one counts as found when the other made
//     an overlapping span of the same label; P = found(B)/|B|,
//     R = found(A)/|A|, F1 = 2PR / (P + R) (0 when P + R is 0).
//   - Tokens are the maximal runs of letters and digits, and each other
//     character that is not a space. A token's label is that of the first
//     entity (by start) that overlaps it, else "O".
//   - Cohen's κ of a pair: (po − pe) / (1 − pe) over the pair's token
//     labels, pe from each reviewer's own label shares. Per label, the
//     same with the labels "this label" and "anything else".
//   - Fleiss' κ: over tokens, when every document was annotated by the
//     same number of reviewers (at least two).
//   - Krippendorff's α (nominal): over tokens, any number of reviewers per
//     document; α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
//   - Corrections: of the spans either reviewer of a pair corrected, the
//     share both corrected alike (same span, same replacement).
//
// A value that is not defined (no spans at all, every token "O" for both)
// is nil.
package agree

import (
	"slices"
	"sort"
	"unicode"

	"folio/annot"
)

// Span is an entity: [Start, End) in code points, and its label.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
}

// Fix is a correction: [Start, End) replaced by Value.
type Fix struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Value string `json:"value"`
}

// Version is one reviewer's annotation of a document.
type Version struct {
	Reviewer string
	Spans    []Span
	Fixes    []Fix
	// Skipped says the reviewer passed the document over (the tag
	// annot.TagIgnored, Prodigy's "ignore"): it says nothing of its spans,
	// and is not compared.
	Skipped bool
}

// VersionOf is a reviewer's annotations as they are compared: their
// entities and corrections, stale ones left out.
func VersionOf(reviewer string, anns []annot.Annotation) Version {
	v := Version{Reviewer: reviewer}
	for _, a := range anns {
		switch {
		case a.Kind == annot.KindTag && a.Label == annot.TagIgnored:
			v.Skipped = true
		case a.Stale:
		case a.Kind == annot.KindEntity:
			v.Spans = append(v.Spans, Span{Start: a.Start, End: a.End, Label: a.Label})
		case a.Kind == annot.KindCorrection:
			v.Fixes = append(v.Fixes, Fix{Start: a.Start, End: a.End, Value: a.Value})
		}
	}
	return v
}

// Doc is a document with the versions of two or more reviewers.
type Doc struct {
	ID       string
	Text     string
	Versions []Version
}

// Scores are the agreement figures of a set of comparisons.
type Scores struct {
	F1Exact   *float64 `json:"f1_exact"`
	F1Overlap *float64 `json:"f1_overlap"`
	Kappa     *float64 `json:"kappa"`
	// FixesIdentical is the share of identical corrections, of
	// FixesCompared spans corrected by either reviewer.
	FixesIdentical *float64 `json:"fixes_identical,omitempty"`
	FixesCompared  int      `json:"fixes_compared,omitempty"`
}

// Pair is the agreement of two reviewers over the documents both did.
type Pair struct {
	A    string `json:"a"`
	B    string `json:"b"`
	Docs int    `json:"docs"`
	Scores
}

// Label is the agreement on one label, pooled over every pair.
type Label struct {
	Label string `json:"label"`
	Spans int    `json:"spans"` // spans of this label, all reviewers
	Scores
}

// DocReport is the agreement on one document, pooled over its pairs.
type DocReport struct {
	ID        string   `json:"id"`
	Reviewers []string `json:"reviewers"`
	Scores
}

// Report is what Measure finds.
type Report struct {
	Docs      int         `json:"docs"`
	Reviewers []string    `json:"reviewers"`
	Overall   Scores      `json:"overall"`
	Fleiss    *float64    `json:"fleiss_kappa"`
	Alpha     *float64    `json:"krippendorff_alpha"`
	Labels    []Label     `json:"labels"`
	Pairs     []Pair      `json:"pairs"`
	PerDoc    []DocReport `json:"per_doc"`
}

// tally accumulates what the scores are computed from.
type tally struct {
	exactTP, nA, nB      int
	foundA, foundB       int
	tokens               map[[2]string]int // (label A, label B) → tokens
	fixSame, fixCompared int
}

func newTally() *tally { return &tally{tokens: map[[2]string]int{}} }

func (t *tally) add(o *tally) {
	t.exactTP += o.exactTP
	t.nA += o.nA
	t.nB += o.nB
	t.foundA += o.foundA
	t.foundB += o.foundB
	for k, v := range o.tokens {
		t.tokens[k] += v
	}
	t.fixSame += o.fixSame
	t.fixCompared += o.fixCompared
}

func (t *tally) scores() Scores {
	var s Scores
	if t.nA+t.nB > 0 {
		s.F1Exact = num(2 * float64(t.exactTP) / float64(t.nA+t.nB))
		var p, r float64
		if t.nB > 0 {
			p = float64(t.foundB) / float64(t.nB)
		}
		if t.nA > 0 {
			r = float64(t.foundA) / float64(t.nA)
		}
		f := 0.0
		if p+r > 0 {
			f = 2 * p * r / (p + r)
		}
		s.F1Overlap = num(f)
	}
	s.Kappa = cohen(t.tokens)
	if t.fixCompared > 0 {
		s.FixesIdentical = num(float64(t.fixSame) / float64(t.fixCompared))
		s.FixesCompared = t.fixCompared
	}
	return s
}

func num(f float64) *float64 { return &f }

// cohen is Cohen's κ of a table of label pairs.
func cohen(tab map[[2]string]int) *float64 {
	total := 0
	agree := 0
	ma, mb := map[string]int{}, map[string]int{}
	for k, n := range tab {
		total += n
		if k[0] == k[1] {
			agree += n
		}
		ma[k[0]] += n
		mb[k[1]] += n
	}
	if total == 0 {
		return nil
	}
	po := float64(agree) / float64(total)
	pe := 0.0
	for c, n := range ma {
		pe += float64(n) / float64(total) * float64(mb[c]) / float64(total)
	}
	if pe == 1 {
		return nil // both used one label throughout: κ is not defined
	}
	return num((po - pe) / (1 - pe))
}

// Token is a token's span in code points.
type Token struct{ Start, End int }

// Tokens splits text into tokens: runs of letters and digits, and each
// other character that is not a space.
func Tokens(text string) []Token {
	var out []Token
	i := 0
	start := -1
	for _, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if start >= 0 && !word {
			out = append(out, Token{start, i})
			start = -1
		}
		switch {
		case word && start < 0:
			start = i
		case !word && !unicode.IsSpace(r):
			out = append(out, Token{i, i + 1})
		}
		i++
	}
	if start >= 0 {
		out = append(out, Token{start, i})
	}
	return out
}

// labels gives each token the label of the first entity (by start) that
// overlaps it, else "O"; only labels keep selects count (nil: all), the
// rest are "O".
func labels(toks []Token, spans []Span, keep func(string) string) []string {
	sorted := slices.Clone(spans)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = "O"
		for _, s := range sorted {
			if s.Start >= t.End {
				break
			}
			if s.End > t.Start {
				out[i] = keep(s.Label)
				break
			}
		}
	}
	return out
}

// comparePair tallies reviewer a against b on one document, counting only
// spans whose label keep maps to itself (for one label: that label and
// "O"; nil keep: every label).
func comparePair(toks []Token, a, b Version, label string) *tally {
	t := newTally()
	keep := func(l string) string { return l }
	sel := func(ss []Span) []Span { return ss }
	if label != "" {
		keep = func(l string) string {
			if l == label {
				return l
			}
			return "O"
		}
		sel = func(ss []Span) []Span {
			var out []Span
			for _, s := range ss {
				if s.Label == label {
					out = append(out, s)
				}
			}
			return out
		}
	}
	sa, sb := sel(a.Spans), sel(b.Spans)
	t.nA, t.nB = len(sa), len(sb)
	exact := map[Span]int{}
	for _, s := range sa {
		exact[s]++
	}
	for _, s := range sb {
		if exact[s] > 0 {
			exact[s]--
			t.exactTP++
		}
	}
	t.foundA = found(sa, sb)
	t.foundB = found(sb, sa)
	la, lb := labels(toks, a.Spans, keep), labels(toks, b.Spans, keep)
	for i := range toks {
		t.tokens[[2]string{la[i], lb[i]}]++
	}
	if label == "" {
		t.fixSame, t.fixCompared = compareFixes(a.Fixes, b.Fixes)
	}
	return t
}

// found counts the spans of xs that some span of ys of the same label
// overlaps.
func found(xs, ys []Span) int {
	n := 0
	for _, x := range xs {
		for _, y := range ys {
			if x.Label == y.Label && x.Start < y.End && y.Start < x.End {
				n++
				break
			}
		}
	}
	return n
}

// compareFixes counts the spans either corrected, and those both
// corrected with the same replacement.
func compareFixes(a, b []Fix) (same, compared int) {
	type span struct{ s, e int }
	va := map[span]string{}
	for _, f := range a {
		va[span{f.Start, f.End}] = f.Value
	}
	seen := map[span]bool{}
	for _, f := range b {
		k := span{f.Start, f.End}
		if v, ok := va[k]; ok && v == f.Value {
			same++
		}
		seen[k] = true
	}
	compared = len(seen)
	for k := range va {
		if !seen[k] {
			compared++
		}
	}
	return same, compared
}
