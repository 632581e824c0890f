package suggest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Held-out damage: the ten scans of ../shared/ocr-dev judge the engine,
// and tuning on them alone would fit their words. These tests damage
// clean German text, the seeds that are not scans, with a confusion
// model of their own, independent of the engine's channel rules, and
// measure what the engine finds and how often its first candidate is the
// word that was printed.

// heldOutConfusions are common misreadings of OCR engines, printed →
// read, from the literature on OCR errors rather than from any one scan.
var heldOutConfusions = [][2]string{
	{"ü", "ii"}, {"ü", "u"}, {"ö", "o"}, {"ä", "a"}, {"ß", "B"},
	{"m", "rn"}, {"rn", "m"}, {"h", "b"}, {"b", "h"}, {"l", "i"}, {"i", "l"}, {"l", "1"},
	{"e", "c"}, {"c", "e"}, {"n", "u"}, {"u", "n"}, {"t", "f"}, {"f", "t"},
	{"a", "o"}, {"o", "a"}, {"d", "cl"}, {"g", "q"}, {"ie", "ic"}, {"ch", "eh"},
	{"r", "t"}, {"s", "8"}, {"S", "5"}, {"I", "l"}, {"D", "O"}, {"w", "vv"},
}

// heldOutDamage misreads w with one confusion it contains, or drops one
// of its letters, as rng decides; "" when none applies.
func heldOutDamage(w string, rng *rand.Rand) string {
	if rng.IntN(6) == 0 {
		rs := []rune(w)
		i := rng.IntN(len(rs))
		return string(rs[:i]) + string(rs[i+1:])
	}
	for range 12 {
		c := heldOutConfusions[rng.IntN(len(heldOutConfusions))]
		var at []int
		for i := 0; i+len(c[0]) <= len(w); i++ {
			if strings.HasPrefix(w[i:], c[0]) {
				at = append(at, i)
			}
		}
		if len(at) > 0 {
			i := at[rng.IntN(len(at))]
			return w[:i] + c[1] + w[i+len(c[0]):]
		}
	}
	return ""
}

// heldOutError is one word damaged on purpose: its span in the damaged
// text (code points) and the word printed.
type heldOutError struct {
	start, end int
	want       string
}

// heldOutText damages every nth word of text (of three letters or more,
// nothing but letters) and returns the damaged text and its errors.
func heldOutText(text string, n int, rng *rand.Rand) (string, []heldOutError) {
	var b strings.Builder
	var errs []heldOutError
	at, cp, k := 0, 0, 0
	for _, t := range Tokens(text) {
		if t.Letters < 3 || t.Letters != utf8.RuneCountInString(t.Text) {
			continue
		}
		if k++; k%n != 0 {
			continue
		}
		bad := heldOutDamage(t.Text, rng)
		if bad == "" || bad == t.Text {
			continue
		}
		b.WriteString(text[at:t.ByteStart])
		cp += utf8.RuneCountInString(text[at:t.ByteStart])
		errs = append(errs, heldOutError{start: cp, end: cp + utf8.RuneCountInString(bad), want: t.Text})
		b.WriteString(bad)
		cp += utf8.RuneCountInString(bad)
		at = t.ByteEnd
	}
	b.WriteString(text[at:])
	return b.String(), errs
}

// heldOutScores measures the suggestions of o on the damaged documents.
func heldOutScores(t *testing.T, o *OCR, names, docs []string, errs [][]heldOutError) ocrScores {
	var s ocrScores
	for i, d := range docs {
		var sugs []Suggestion
		for _, sg := range o.Suggest(names[i], d, nil) {
			if sg.Kind == KindOCR {
				sugs = append(sugs, sg)
			}
		}
		s.errors += len(errs[i])
		s.flags += len(sugs)
		for _, e := range errs[i] {
			j := slices.IndexFunc(sugs, func(sg Suggestion) bool { return sg.Start < e.end && e.start < sg.End })
			if j < 0 {
				continue
			}
			s.detected++
			if c := sugs[j].Candidates; len(c) > 0 && c[0].Text == e.want {
				s.top1++
			} else {
				t.Logf("%s: %q for %q: %v", names[i][:3], sugs[j].Text, e.want, c)
			}
		}
		for _, sg := range sugs {
			if slices.ContainsFunc(errs[i], func(e heldOutError) bool { return sg.Start < e.end && e.start < sg.End }) {
				s.truePos++
			}
		}
	}
	return s
}

// TestHeldOutDamage damages the four clean seeds (one word in six, three
// draws each) and holds the engine with the system's dictionaries to the
// figures it reached when the test was written, so that a change tuned to
// the ten scans that costs on other damage shows. The corpus is the
// damaged documents themselves: the clean seeds would vouch for every
// word printed.
func TestHeldOutDamage(t *testing.T) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			skipUnlessCI(t, fmt.Sprintf("%s: %v (apt-get install wngerman hunspell-de-de wamerican)", p, err))
		}
	}
	seeds, _ := seedCorpus(t)
	var s ocrScores
	for draw := range 3 {
		// each draw is a corpus of its own: another draw's damage would
		// be attested as a word
		var names, docs []string
		var errs [][]heldOutError
		rng := rand.New(rand.NewPCG(10, uint64(draw)))
		for _, name := range slices.Sorted(maps.Keys(seeds)) {
			if strings.HasPrefix(name, "001_") {
				continue // the scan
			}
			d, e := heldOutText(seeds[name], 6, rng)
			names, docs, errs = append(names, name), append(docs, d), append(errs, e)
		}
		// with the corpus's pairs of words, as `folio suggest` judges
		o := benchSystemOCR(t, docs)
		bg := NewBigrams()
		for _, d := range docs {
			bg.AddDocument(d)
		}
		o.SetBigrams(bg)
		ds := heldOutScores(t, o, names, docs, errs)
		s.errors, s.flags, s.detected, s.truePos, s.top1 = s.errors+ds.errors, s.flags+ds.flags, s.detected+ds.detected, s.truePos+ds.truePos, s.top1+ds.top1
	}
	t.Log("held-out damage: ", s)
	// measured: recall 0.879, precision 0.867, top-1 0.782 (0.776 before
	// contextRank)
	const minRecall, minPrecision, minTop1 = 0.87, 0.85, 0.77
	if s.recall() < minRecall || s.precision() < minPrecision || s.top1Rate() < minTop1 {
		t.Errorf("held-out damage: %v, want recall ≥ %v, precision ≥ %v, top-1 ≥ %v", s, minRecall, minPrecision, minTop1)
	}
}
