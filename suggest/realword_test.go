package suggest

import (
	"maps"
	"strconv"
	"strings"
	"testing"
)

// TestRealWordErrors checks that a known word is flagged from its context
// only when the corpus shows strong evidence: the variant one OCR rewrite
// away occurs in the same context often (realMinPairs), far more often
// than the word itself, weighted by how likely the damage is; the judged
// document's own pairs are no evidence. Every case is judged twice: with
// the pairs of the whole corpus, the judged document included, and with
// a sample's (NewSampleBigrams) that lacks it, as `folio suggest --where`
// counts them; the verdicts must be the same.
func TestRealWordErrors(t *testing.T) {
	rep := func(s string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	// mochte and Bier are common words of the corpus: only their context
	// can tell against them
	base := cat(rep("Er mochte den Film nicht.", 20), rep("Wir trinken Bier im Garten.", 30))
	for _, tc := range []struct {
		name    string
		corpus  []string // other documents, besides base
		doc     string
		word    string // the word judged
		bigrams bool
		fix     string // its first candidate, "" when it must not be flagged
		learn   int    // confirmed fixes schon → schön, which raise o→ö's weight
	}{
		{"strong context: mochte for möchte", rep("Sie möchte gern Kaffee trinken.", 20),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "möchte", 0},
		{"capital kept: Bier for Hier", rep("Hier ist der Bahnhof der Stadt.", 120),
			"Bier ist der Bahnhof der Stadt.", "Bier", true, "Hier", 0},
		{"too few pairs", rep("Sie möchte gern Kaffee trinken.", 4),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "", 0},
		{"too few pairs, however likely the damage", rep("Sie möchte gern Kaffee trinken.", 4),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "", 3},
		{"enough pairs and likely damage", rep("Sie möchte gern Kaffee trinken.", 6),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "möchte", 3},
		{"the document's own pairs are not taken out of a sample that lacks it", rep("Sie möchte gern Kaffee trinken.", 6),
			strings.Repeat("Sie möchte gern Kaffee trinken. ", 3) + "Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "möchte", 3},
		{"the word itself is common in the context", cat(rep("Sie möchte gern Kaffee trinken.", 20), rep("Sie mochte gern Kaffee trinken.", 12)),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", true, "", 0},
		{"unlikely damage needs more evidence: b for h", rep("Hier ist der Bahnhof der Stadt.", 30),
			"Bier ist der Bahnhof der Stadt.", "Bier", true, "", 0},
		{"other context: Bier trinken", rep("Hier ist der Bahnhof der Stadt.", 120),
			"Wir wollen Bier trinken.", "Bier", true, "", 0},
		{"punctuation parts neighbours", rep("Sie möchte gern Kaffee trinken.", 20),
			"Am Morgen sagt sie: Sie, mochte, gern Kaffee trinken.", "mochte", true, "", 0},
		{"the document's own pairs are no evidence", nil,
			strings.Repeat("Sie möchte gern Kaffee trinken. ", 60) + "Sie mochte gern Kaffee trinken.", "mochte", true, "", 0},
		{"no bigrams, no real-word errors", rep("Sie möchte gern Kaffee trinken.", 20),
			"Am Morgen sagt sie: Sie mochte gern Kaffee trinken.", "mochte", false, "", 0},
	} {
		for _, sample := range []bool{false, true} {
			name := tc.name
			if sample {
				name += ", sampled"
			}
			t.Run(name, func(t *testing.T) {
				lex := NewLexicon()
				list := "sie\nmöchte\nmochte\ngern\nkaffee\ntrinken\nhier\nbier\nist\nder\nbahnhof\nstadt\nam\nmorgen\nsagt\nwir\nwollen\ner\nden\nfilm\nnicht\nim\ngarten\n"
				if err := lex.LoadWordList(strings.NewReader(list)); err != nil {
					t.Fatal(err)
				}
				bg := NewBigrams()
				if sample {
					bg = NewSampleBigrams()
				}
				for i, d := range cat(base, tc.corpus, []string{tc.doc}) {
					lex.AddDocument(d)
					switch {
					case !sample:
						bg.AddDocument(d)
					case i < len(base)+len(tc.corpus): // not the judged document
						bg.AddOf(strconv.Itoa(i), bg.Count(d))
					}
				}
				o := NewOCR(lex)
				for range tc.learn {
					o.Learn("schon", "schön")
				}
				if tc.bigrams {
					o.SetBigrams(bg)
				}
				var got []Suggestion
				for _, s := range o.Suggest("d", tc.doc, nil) {
					if s.Text == tc.word {
						got = append(got, s)
					}
				}
				switch {
				case tc.fix == "" && len(got) > 0:
					t.Fatalf("flagged %q (%s)", got[0].Text, got[0].Reason)
				case tc.fix == "":
				case len(got) != 1:
					t.Fatalf("got %d suggestions on %q, want one: %+v", len(got), tc.word, got)
				case !strings.HasPrefix(got[0].Reason, "a real word the context makes unlikely"):
					t.Fatalf("reason %q: want the context's", got[0].Reason)
				case got[0].Candidates[0].Text != tc.fix:
					t.Fatalf("got %q → %q, want %q", got[0].Text, got[0].Candidates[0].Text, tc.fix)
				case got[0].Candidates[1].Text != tc.word || got[0].Candidates[0].Score <= got[0].Candidates[1].Score:
					t.Fatalf("candidates %+v: want the fix first and the word kept second", got[0].Candidates)
				}
			})
		}
	}
}

// TestBigramsAdjacent checks which tokens count as a pair: blanks and a
// line break between them, not punctuation.
func TestBigramsAdjacent(t *testing.T) {
	b := NewBigrams()
	b.AddDocument("Sie möchte\ngern, Kaffee. 3 Tassen")
	for _, tc := range []struct {
		a, w string
		n    int
	}{{"sie", "möchte", 1}, {"möchte", "gern", 1}, {"gern", "kaffee", 0}, {"kaffee", "3", 0}, {"3", "tassen", 0}} {
		if got := b.get(b.key(tc.a, tc.w)); got != tc.n {
			t.Errorf("%s %s: %d, want %d", tc.a, tc.w, got, tc.n)
		}
	}
	if b.Len() != 2 {
		t.Errorf("Len %d, want 2", b.Len())
	}
}

// TestBigramsCountScans checks that count, which scans the text as it
// counts, finds the pairs that counting over the text's tokens finds, and
// that counting into a map adds to it.
func TestBigramsCountScans(t *testing.T) {
	b := NewBigrams()
	for _, text := range []string{
		"",
		"Wort",
		"Sie möchte\ngern, Kaffee. 3 Tassen",
		"feierli-\nchem Anlass: Chinesisch-\nDeutschen Wörterbuch, 12 km weit – und dann",
		"Haus- und Hofmeister, O'Neill's \"Zitat\" (in Klammern) Ende.",
		"die die die die",
	} {
		want := b.countTokensInto(Pairs{}, text, Tokens(text))
		if got := b.count(text); !maps.Equal(got, want) {
			t.Errorf("%q: count %v, over the tokens %v", text, got, want)
		}
	}
	out := b.countTokensInto(Pairs{}, "die die", nil)
	if out = b.countTokensInto(out, "die die", nil); out[b.key("die", "die")] != 2 {
		t.Errorf("counted twice into one map: %v, want die die 2", out)
	}
}

// TestContextRank checks that the corpus's pairs choose among a
// suspect's fixes of like cost: `de` before `Tier` is `dem` where the
// corpus writes `dem Tier`, though `der` is the commoner word and wins
// without the pairs.
func TestContextRank(t *testing.T) {
	const corpus = "Er sagte es der Wahl. Der Wahl ist frei. Er sagte der Stellung, der Haus ist alt und der Jahr gut. " +
		"Wir gehen zu dem Tier. Der Bürger sagte es der Tür. Vor dem Tier ist es frei."
	const text = "Er sagte es nicht oder wie es ist. Wir gehen zu de Tier vor."
	if got := contextCandidates(corpus, text, false); len(got) == 0 || got[0].Text != "der" {
		t.Errorf("without pairs: de has candidates %v, want der first", got)
	}
	if got := contextCandidates(corpus, text, true); len(got) == 0 || got[0].Text != "dem" {
		t.Errorf("with pairs: de has candidates %v, want dem first", got)
	}
}

// TestContextRankSameNeighbours: when the same word stands before and
// after the suspect (`und de und`), each side is read as its own pair:
// the corpus's "und dem" counts for the word before, not "der und" twice.
func TestContextRankSameNeighbours(t *testing.T) {
	const corpus = "Er sagte es der Wahl. Der Wahl ist frei. Er sagte der Stellung, der Haus ist alt und der Jahr gut. " +
		"Wir gehen zu dem Tier. Der Bürger sagte es der Tür. Vor dem Tier ist es frei. Sie sah und dem half. Er kam und dem gab."
	for _, text := range []string{
		"Er sagte es nicht oder wie es ist. Wir gehen und de oder vor.",
		"Er sagte es nicht oder wie es ist. Wir gehen und de und vor.",
	} {
		if got := contextCandidates(corpus, text, true); len(got) == 0 || got[0].Text != "dem" {
			t.Errorf("%q: de has candidates %v, want dem first", text, got)
		}
	}
}

// contextCandidates returns the candidates of the suspect `de` in text,
// judged over a lexicon of corpus and text, and their pairs of words
// when pairs is set.
func contextCandidates(corpus, text string, pairs bool) []Candidate {
	o := nounOCR(nameNouns, nameWords)
	o.lex.AddDocument(corpus)
	o.lex.AddDocument(text)
	if pairs {
		bg := NewBigrams()
		bg.AddDocument(corpus)
		bg.AddDocument(text)
		o.SetBigrams(bg)
	}
	var got []Candidate
	for _, s := range o.Suggest("d", text, nil) {
		if s.Text == "de" {
			got = s.Candidates
		}
	}
	return got
}

// TestOCRSureCostShare checks that a suspect whose fixes the context
// re-ordered is sure (stays a suggestion of its own on a garbled line) by
// the share its best fix held before, not by the share left to the fix
// the context put first.
func TestOCRSureCostShare(t *testing.T) {
	cands := []Candidate{{Text: "sie", Score: 0.45}, {Text: "so", Score: 0.4}}
	for _, tc := range []struct {
		it   ocrItem
		want bool
	}{
		{ocrItem{s: Suggestion{Candidates: cands}}, false},
		{ocrItem{s: Suggestion{Candidates: cands}, costShare: 0.51}, true},
		{ocrItem{s: Suggestion{Candidates: cands}, costShare: 0.49}, false},
		{ocrItem{s: Suggestion{Candidates: []Candidate{{Text: "so", Score: 0.6}}}}, true},
		{ocrItem{s: Suggestion{Candidates: []Candidate{{Text: "so", Score: 0.6}}}, costShare: 0.3}, false},
		{ocrItem{s: Suggestion{Candidates: cands}, costShare: 0.6, weak: true}, false},
	} {
		if got := ocrSure(tc.it); got != tc.want {
			t.Errorf("ocrSure(%+v) = %v, want %v", tc.it, got, tc.want)
		}
	}
	if got := suspectShare([]suspectCand{{score: 0}, {score: 0}}); got != 0.5 {
		t.Errorf("suspectShare of two equal = %v, want 0.5", got)
	}
	if got := suspectShare(nil); got != 0 {
		t.Errorf("suspectShare(nil) = %v, want 0", got)
	}
}

// TestCountIntoReused: pairs counted into the emptied map of an earlier
// count are the pairs a fresh count finds, and add up as they do.
func TestCountIntoReused(t *testing.T) {
	texts := []string{
		"Sie möchte gern Kaffee trinken. Sie möchte gern Tee.",
		"Der Kritiker mochte den Film nicht, den Film nicht.",
		"",
		"feierli-\nchem Gruß, Köln–Bonn, ’s ist 3 Uhr.",
	}
	reused, fresh := NewBigrams(), NewBigrams()
	reused.seed = fresh.seed // the same keys
	var p Pairs
	for _, text := range texts {
		if p == nil {
			p = make(Pairs)
		}
		p = reused.CountInto(p, text)
		want := fresh.Count(text)
		if !maps.Equal(p, want) {
			t.Errorf("%q: counted into a used map %v, want %v", text, p, want)
		}
		reused.Add(p)
		fresh.Add(want)
		clear(p)
	}
	if !maps.Equal(reused.m, fresh.m) {
		t.Errorf("sums differ: %d pairs, want %d", len(reused.m), len(fresh.m))
	}
	if n := fresh.get(fresh.key("sie", "möchte")); n != 2 {
		t.Errorf("sie möchte counted %d times, want 2", n)
	}
}
