package suggest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// poolOCR is an OCR whose lexicon counted docs, with a dictionary of the
// nouns and words given, and listed words as a word list of that size
// would make it (see asksDictionary).
func poolOCR(listed int, nouns, words string, docs ...string) *OCR {
	lex := NewLexicon()
	for _, d := range docs {
		lex.AddDocument(d)
	}
	lex.listed = listed
	o := NewOCR(lex)
	o.SetDictionary(newNounDict(nouns, words))
	o.ensureIndex()
	return o
}

// TestSpellBuilt: beside a large word list, the dictionary is asked only
// of a variant, or a compound's part, long enough to be a compound the
// list lacks; beside a small one, of every one.
func TestSpellBuilt(t *testing.T) {
	for _, tt := range []struct {
		listed int
		w      string
		want   bool
	}{
		{0, "halstuch", true},
		{0, "hals", true},
		{susMinListed - 1, "hals", true},
		{susMinListed, "hals", false},
		{susMinListed, "halstuch", true},
		{susMinListed, "halstüch", false}, // asked: the dictionary says no
		{susMinListed, "hälse", false},    // five runes, six bytes
	} {
		o := poolOCR(tt.listed, "Hals Tuch Hälse", "")
		d := traceDoc(o, "")
		if got := d.spellBuilt([]byte(tt.w)); got != tt.want {
			t.Errorf("listed %d: spellBuilt(%q) = %v, want %v", tt.listed, tt.w, got, tt.want)
		}
		// a compound's part is asked as a variant is
		if got := d.knownPart(tt.w); got != tt.want {
			t.Errorf("listed %d: knownPart(%q) = %v, want %v", tt.listed, tt.w, got, tt.want)
		}
	}
}

// TestCandPoolChannel: a damaged word's pool holds the lexicon's words
// one or two of the channel's rewrites away when more than one document
// has them, and a word only the dictionary knows when one rewrite makes
// it, each with the rewrite that made it.
func TestCandPoolChannel(t *testing.T) {
	docs := []string{"Weigmann kam.", "Weigmann ging.", "Wendorf blieb."}
	for _, tt := range []struct {
		orig string
		key  string
		how  string // "" when key must not be in the pool
	}{
		{"Weigrnann", "weigmann", "rn→m"},
		{"Weigrnanu", "weigmann", "rn→m, u→n"},
		{"Haistuch", "halstuch", "i→l"},
		{"Haistiich", "halstuch", ""}, // two rewrites to a word only the dictionary has
		{"Wendorf", "wendorf", ""},    // the word itself
		{"Weudorf", "wendorf", ""},    // in one document only
	} {
		o := poolOCR(0, "Hals Tuch", "kam ging blieb", docs...)
		d := traceDoc(o, "")
		pool := d.candPool(lexFold(tt.orig), tt.orig)
		i := slices.IndexFunc(pool, func(c suspectCand) bool { return c.key == tt.key })
		switch {
		case tt.how == "" && i >= 0 && pool[i].how != "":
			t.Errorf("pool of %s has %s by %q, want not by the channel", tt.orig, tt.key, pool[i].how)
		case tt.how != "" && i < 0:
			t.Errorf("pool of %s lacks %s: %v", tt.orig, tt.key, pool)
		case tt.how != "" && pool[i].how != tt.how:
			t.Errorf("pool of %s has %s by %q, want %q", tt.orig, tt.key, pool[i].how, tt.how)
		}
	}
}

// TestSuspectCandsNounFloor: the best candidates of a pool of a word in
// small letters inside a sentence, the nouns among them penalised, are
// those that scoring every candidate would give, though the dictionary
// is asked only of the candidates that may be among them.
func TestSuspectCandsNounFloor(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var nouns []string
		var pool []poolCand
		for i := range 3 + rng.IntN(12) {
			k := fmt.Sprintf("wort%c", 'a'+i)
			if rng.IntN(2) == 0 {
				nouns = append(nouns, "W"+k[1:])
			}
			c := poolCand{suspectCand: suspectCand{key: k, cost: rng.Float64() * 3}}
			c.parts[0] = candPrior{key: k, boost: rng.Float64() * 3}
			if rng.IntN(8) == 0 {
				c.split = true
				c.parts[1] = candPrior{key: k + "x", boost: rng.Float64()}
				c.key = k + " " + k + "x"
			}
			pool = append(pool, c)
		}
		o := poolOCR(0, strings.Join(nouns, " "), "")
		o.pools.put("wortz", o.gen, pool)
		d := traceDoc(o, "")
		got := d.suspectCands("wortz", "wortz")
		// every candidate scored, the nouns penalised, best first
		var want []suspectCand
		for i := range pool {
			c := pool[i].suspectCand
			c.score = d.poolPrior(&pool[i]) - susLambda*c.cost
			if !pool[i].split && d.nounOnly(c.key) {
				c.score -= susCase
			}
			want = append(want, c)
		}
		slices.SortFunc(want, func(a, b suspectCand) int {
			if suspectBefore(&a, &b) {
				return -1
			}
			return 1
		})
		want = want[:min(len(want), susMaxCands)]
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: suspectCands = %v, want %v", round, got, want)
		}
	}
}

func TestSuspectFloor(t *testing.T) {
	split := poolCand{split: true}
	for _, tt := range []struct {
		pool   []poolCand
		scores []float64
		want   float64
	}{
		{make([]poolCand, 4), []float64{5, 4, 3, 2}, math.Inf(-1)},
		{make([]poolCand, 5), []float64{5, 4, 3, 2, 1}, 1 - susCase},
		{make([]poolCand, 6), []float64{1, 5, 2, 4, 3, 6}, 2 - susCase},
		{[]poolCand{{}, {}, {}, {}, split}, []float64{5, 4, 3, 2, 1.5}, 1},
		{[]poolCand{{}, {}, {}, {}, {}, split}, []float64{5, 4, 3, 2, 1, 2.5}, 2 - susCase},
	} {
		if got := suspectFloor(tt.pool, tt.scores); got != tt.want {
			t.Errorf("suspectFloor(%v) = %v, want %v", tt.scores, got, tt.want)
		}
	}
}
