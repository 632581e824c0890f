package agree

import (
	"math"
	"reflect"
	"testing"

	"folio/annot"
)

// The fixture: one sentence, three reviewers.
//
//	text    "Anna Berg wohnt in Köln am Rhein ."
//	tokens  Anna[0,4) Berg[5,9) wohnt[10,15) in[16,18) Köln[19,23) am[24,26) Rhein[27,32) .[33,34)
//
//	rev-a   PER "Anna Berg" [0,9), LOC "Köln" [19,23), LOC "Rhein" [27,32)
//	        fixes [19,23)→"Köln", [10,15)→"wohnt."
//	rev-b   PER "Anna" [0,4),      LOC "Köln" [19,23), ORG "Rhein" [27,32)
//	        fixes [19,23)→"Köln", [10,15)→"wohnte", [33,34)→""
//	rev-c   as rev-a (spans only)
const text = "Anna Berg wohnt in Köln am Rhein ."

var (
	revA = Version{Reviewer: "rev-a",
		Spans: []Span{{0, 9, "PER"}, {19, 23, "LOC"}, {27, 32, "LOC"}},
		Fixes: []Fix{{19, 23, "Köln"}, {10, 15, "wohnt."}}}
	revB = Version{Reviewer: "rev-b",
		Spans: []Span{{0, 4, "PER"}, {19, 23, "LOC"}, {27, 32, "ORG"}},
		Fixes: []Fix{{19, 23, "Köln"}, {10, 15, "wohnte"}, {33, 34, ""}}}
	revC = Version{Reviewer: "rev-c",
		Spans: []Span{{0, 9, "PER"}, {19, 23, "LOC"}, {27, 32, "LOC"}}}
)

func near(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: undefined, want %.6f", what, want)
		return
	}
	if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %.6f, want %.6f", what, *got, want)
	}
}

func TestTokens(t *testing.T) {
	got := Tokens(text)
	want := []Token{{0, 4}, {5, 9}, {10, 15}, {16, 18}, {19, 23}, {24, 26}, {27, 32}, {33, 34}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens %v", got)
	}
}

// Two reviewers, computed by hand:
//
// Exact span F1. Only LOC "Köln" is in both: TP = 1, |A| = |B| = 3,
// F1 = 2·1/(3+3) = 1/3.
//
// Overlap span F1. rev-b's spans found by rev-a's (same label, overlapping):
// Anna (in Anna Berg), Köln; not ORG Rhein → P = 2/3. rev-a's found by
// rev-b's: Anna Berg, Köln; not LOC Rhein → R = 2/3. F1 = 2/3.
//
// Cohen's κ over the 8 tokens:
//
//	rev-a  PER PER O O LOC O LOC O
//	rev-b  PER O   O O LOC O ORG O
//
// agree on 6 → po = 6/8 = 0.75. Shares: rev-a PER 2, LOC 2, O 4; rev-b
// PER 1, LOC 1, ORG 1, O 5. pe = (2·1 + 2·1 + 0·1 + 4·5)/64 = 24/64 =
// 0.375. κ = (0.75 − 0.375)/(1 − 0.375) = 0.6.
//
// Per label. PER: exact TP 0 → F1 0; overlap P = 1/1, R = 1/1 → 1; κ on
// PER-or-not: rev-a yes on 2 tokens, rev-b on 1, both on 1: po = 7/8,
// pe = (2/8)(1/8) + (6/8)(7/8) = 44/64, κ = (56/64 − 44/64)/(20/64) = 0.6.
// LOC: exact TP 1, |A| 2, |B| 1 → 2/3; overlap P = 1/1, R = 1/2 →
// 2·0.5/1.5 = 2/3; κ the same table as PER → 0.6. ORG: exact 0; overlap
// P = 0/1, R undefined (taken as 0) → 0; κ: rev-a never, rev-b on 1:
// po = 7/8, pe = 0·(1/8) + 1·(7/8) = 7/8 → κ = 0.
//
// Corrections: spans corrected by either: [19,23) [10,15) [33,34) = 3;
// alike: [19,23) → 1/3.
func TestTwoReviewersByHand(t *testing.T) {
	rep := Measure([]Doc{{ID: "d", Text: text, Versions: []Version{revB, revA}}})
	if rep.Docs != 1 || !reflect.DeepEqual(rep.Reviewers, []string{"rev-a", "rev-b"}) {
		t.Fatalf("docs %d reviewers %v", rep.Docs, rep.Reviewers)
	}
	near(t, "overall exact F1", rep.Overall.F1Exact, 1.0/3)
	near(t, "overall overlap F1", rep.Overall.F1Overlap, 2.0/3)
	near(t, "overall κ", rep.Overall.Kappa, 0.6)
	near(t, "identical fixes", rep.Overall.FixesIdentical, 1.0/3)
	if rep.Overall.FixesCompared != 3 {
		t.Errorf("fixes compared %d, want 3", rep.Overall.FixesCompared)
	}
	want := map[string][3]float64{ // exact, overlap, κ
		"LOC": {2.0 / 3, 2.0 / 3, 0.6},
		"ORG": {0, 0, 0},
		"PER": {0, 1, 0.6},
	}
	if len(rep.Labels) != 3 {
		t.Fatalf("labels %+v", rep.Labels)
	}
	for _, l := range rep.Labels {
		w := want[l.Label]
		near(t, l.Label+" exact F1", l.F1Exact, w[0])
		near(t, l.Label+" overlap F1", l.F1Overlap, w[1])
		near(t, l.Label+" κ", l.Kappa, w[2])
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].A != "rev-a" || rep.Pairs[0].B != "rev-b" {
		t.Fatalf("pairs %+v", rep.Pairs)
	}
	near(t, "pair κ", rep.Pairs[0].Kappa, 0.6)
	// two raters everywhere: Fleiss' κ and α are defined too
	if rep.Fleiss == nil || rep.Alpha == nil {
		t.Errorf("fleiss %v alpha %v", rep.Fleiss, rep.Alpha)
	}
}

// Three reviewers (rev-c as rev-a), computed by hand over the 8 tokens:
//
//	token  Anna Berg  wohnt in  Köln am  Rhein    .
//	PER    3    2     .     .   .    .   .        .
//	O      .    1     3     3   .    3   .        3
//	LOC    .    .     .     .   3    .   2        .
//	ORG    .    .     .     .   .    .   1        .
//
// Fleiss' κ (n = 3): P_i = (Σ n_ij² − 3)/6 is 1 for the six unanimous
// tokens and (4 + 1 − 3)/6 = 1/3 for Berg and Rhein: P̄ = (6 + 2/3)/8 =
// 480/576. Totals PER 5, O 13, LOC 5, ORG 1 of 24: P̄e = (25 + 169 + 25 +
// 1)/576 = 220/576. κ = (480 − 220)/(576 − 220) = 260/356 = 65/89.
//
// Krippendorff's α: the coincidences off the diagonal are PER–O and O–PER
// from Berg (2·1/2 = 1 each) and LOC–ORG, ORG–LOC from Rhein (1 each): 4.
// n_c = 5, 13, 5, 1; n = 24; Σ_{c≠k} n_c·n_k = 24² − 220 = 356.
// α = 1 − 23·4/356 = 264/356.
//
// Pairs: rev-a–rev-c agree fully (exact F1 1, κ 1); rev-b–rev-c as
// rev-a–rev-b (κ 0.6).
func TestThreeReviewersByHand(t *testing.T) {
	rep := Measure([]Doc{{ID: "d", Text: text, Versions: []Version{revA, revB, revC}}})
	near(t, "Fleiss' κ", rep.Fleiss, 65.0/89)
	near(t, "Krippendorff's α", rep.Alpha, 264.0/356)
	if len(rep.Pairs) != 3 {
		t.Fatalf("pairs %+v", rep.Pairs)
	}
	for _, p := range rep.Pairs {
		switch p.A + "/" + p.B {
		case "rev-a/rev-c":
			near(t, "a–c exact F1", p.F1Exact, 1)
			near(t, "a–c κ", p.Kappa, 1)
		case "rev-a/rev-b", "rev-b/rev-c":
			near(t, p.A+"–"+p.B+" κ", p.Kappa, 0.6)
			near(t, p.A+"–"+p.B+" exact F1", p.F1Exact, 1.0/3)
		default:
			t.Errorf("pair %s/%s", p.A, p.B)
		}
	}
}

// Undefined values are nil, not a division by zero; a document with one
// version is not compared; the least agreed document is listed first.
func TestEdgeCases(t *testing.T) {
	empty := Measure([]Doc{{ID: "x", Text: "a b", Versions: []Version{{Reviewer: "a"}, {Reviewer: "b"}}}})
	if empty.Overall.F1Exact != nil || empty.Overall.Kappa != nil || empty.Alpha != nil {
		t.Errorf("no spans at all: %+v alpha %v", empty.Overall, empty.Alpha)
	}
	one := Measure([]Doc{{ID: "x", Text: text, Versions: []Version{revA}}})
	if one.Docs != 0 || len(one.Pairs) != 0 {
		t.Errorf("one version: %+v", one)
	}
	both := Measure([]Doc{
		{ID: "same", Text: text, Versions: []Version{revA, revC}},
		{ID: "differ", Text: text, Versions: []Version{revA, revB}},
	})
	if both.PerDoc[0].ID != "differ" || both.PerDoc[1].ID != "same" {
		t.Errorf("per document order %v, %v", both.PerDoc[0].ID, both.PerDoc[1].ID)
	}
	// different numbers of reviewers: no Fleiss' κ, α still
	mixed := Measure([]Doc{
		{ID: "2", Text: text, Versions: []Version{revA, revB}},
		{ID: "3", Text: text, Versions: []Version{revA, revB, revC}},
	})
	if mixed.Fleiss != nil || mixed.Alpha == nil {
		t.Errorf("mixed: fleiss %v alpha %v", mixed.Fleiss, mixed.Alpha)
	}
	// a reviewer who skipped a document (Prodigy's ignore) is not
	// compared on it: the document of two versions, one skipped, is left
	// out with its spans; of three, the other two are compared
	skipped := revB
	skipped.Skipped = true
	skips := Measure([]Doc{
		{ID: "2", Text: text, Versions: []Version{revA, skipped}},
		{ID: "3", Text: text, Versions: []Version{revA, skipped, revC}},
	})
	if skips.Docs != 1 || len(skips.Pairs) != 1 || skips.Pairs[0].A != revA.Reviewer || skips.Pairs[0].B != revC.Reviewer {
		t.Errorf("with skips: %d docs, pairs %+v", skips.Docs, skips.Pairs)
	}
	same := Measure([]Doc{{ID: "3", Text: text, Versions: []Version{revA, revC}}})
	if !reflect.DeepEqual(skips.Labels, same.Labels) || !reflect.DeepEqual(skips.Overall, same.Overall) {
		t.Errorf("with skips: labels %+v overall %+v; without the skipped: %+v %+v", skips.Labels, skips.Overall, same.Labels, same.Overall)
	}
	ign := VersionOf("r", []annot.Annotation{{Kind: annot.KindTag, Label: annot.TagIgnored}, {Kind: annot.KindEntity, Start: 0, End: 1, Label: "X"}})
	if !ign.Skipped || len(ign.Spans) != 1 {
		t.Errorf("VersionOf with the tag ignored: %+v", ign)
	}
}

func FuzzTokens(f *testing.F) {
	f.Add(text)
	f.Add("  Köln,  am\tRhein…\u0301x ")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		n := len([]rune(s))
		for _, tk := range Tokens(s) {
			if tk.Start < prev || tk.End <= tk.Start || tk.End > n {
				t.Fatalf("token %v after %d in %q (%d runes)", tk, prev, s, n)
			}
			prev = tk.End
		}
	})
}
