package hunspell

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// trueLongest returns the length of the longest prefix of w that begins
// one of words, by brute force.
func trueLongest(words map[string]int32, w string) int {
	best := 0
	for s := range words {
		n := 0
		for n < len(s) && n < len(w) && s[n] == w[n] {
			n++
		}
		best = max(best, n)
	}
	return best
}

// checkPrefixBound fails if the filter of words ever bounds a word's
// prefix below the truth: a stem it would hide.
func checkPrefixBound(t *testing.T, words map[string]int32, queries []string) {
	t.Helper()
	p := newStemPrefixes(words)
	for w := range words {
		for i := 0; i <= len(w); i++ {
			if got := p.longest(w[:i]); got != i {
				t.Fatalf("longest(%q) = %d: the filter lost a prefix of the stem %q", w[:i], got, w)
			}
		}
	}
	for _, q := range queries {
		if got, want := p.longest(q), trueLongest(words, q); got < want || got > len(q) {
			t.Fatalf("longest(%q) = %d, the longest stem prefix is %d bytes of %d", q, got, want, len(q))
		}
	}
}

func TestStemPrefixesBound(t *testing.T) {
	words := map[string]int32{"haus": 0, "hausen": 1, "Tür": 2, "ab": 3, "x": 4}
	checkPrefixBound(t, words, []string{"", "h", "hau", "hausboot", "hausener", "Tü", "Türen", "abc", "xy", "zz", "Ta"})
	p := newStemPrefixes(words)
	// a false positive makes a bound longer, never shorter: these are
	// certain only because the filter is nearly empty
	for _, c := range []struct {
		w    string
		want int
	}{{"hausboot", 4}, {"zz", 0}, {"Türen", 4}, {"abc", 2}} {
		if got := p.longest(c.w); got != c.want {
			t.Errorf("longest(%q) = %d, want %d", c.w, got, c.want)
		}
	}
	var none *stemPrefixes
	if got := none.longest("haus"); got != 4 {
		t.Errorf("a nil filter bounds %q at %d, want its length", "haus", got)
	}
}

// FuzzStemPrefixes builds the filter from words of the fuzzer's choosing
// (separated by spaces) and checks that it never bounds a prefix of a
// stem, nor any query, below the truth.
func FuzzStemPrefixes(f *testing.F) {
	f.Add("haus hausen Tür ab", "hausboot")
	f.Add("Straße straße ß", "Straßenbahn")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, list, query string) {
		if len(list) > fuzzMax || len(query) > 256 {
			t.Skip("input over the fuzz size cap")
		}
		words := map[string]int32{}
		for i, w := range strings.Fields(list) {
			words[w] = int32(i)
		}
		queries := []string{query}
		for w := range words {
			queries = append(queries, w+query, query+w)
		}
		checkPrefixBound(t, words, queries)
	})
}

// TestStemPrefixesDeDE checks the filter of de_DE's stems on every prefix
// of every stem.
func TestStemPrefixesDeDE(t *testing.T) {
	d := loadDeDE(t)
	for w := range d.words {
		for i := 0; i <= len(w); i++ {
			if got := d.prefixes.longest(w[:i]); got != i {
				t.Fatalf("longest(%q) = %d: the filter lost a prefix of the stem %q", w[:i], got, w)
			}
		}
	}
}

// variantRunes are the letters substituted and inserted in the one-change
// variants: those OCR confuses most, and some others.
var variantRunes = []rune("einrsuüöähmcol")

// oneChange returns w's variants of one change: each letter dropped,
// swapped with the next, replaced by or preceded by each of
// variantRunes, and the first letter in the other case.
func oneChange(w string) []string {
	r := []rune(w)
	out := []string{otherCase(w)}
	for i := range r {
		out = append(out, string(slices.Concat(r[:i], r[i+1:])))
		if i+1 < len(r) {
			s := slices.Clone(r)
			s[i], s[i+1] = s[i+1], s[i]
			out = append(out, string(s))
		}
		for _, c := range variantRunes {
			if c != r[i] {
				out = append(out, string(slices.Concat(r[:i], []rune{c}, r[i+1:])))
			}
			out = append(out, string(slices.Concat(r[:i], []rune{c}, r[i:])))
		}
	}
	return out
}

// TestStemPrefixesSameVerdicts holds Spell and Compound with the filter of
// stem prefixes to the same dictionary without it, on every word of the
// OCR development set and its one-change variants (with -short, the
// variants of every seventh word).
func TestStemPrefixesSameVerdicts(t *testing.T) {
	d := loadDeDE(t)
	slow := *d
	slow.prefixes = nil
	words := ocrDevWords(t)
	if len(words) < 1000 {
		t.Fatalf("only %d words in ocr-dev", len(words))
	}
	n, accepted, compounds := 0, 0, 0
	for k, w := range words {
		cands := []string{w}
		if !testing.Short() || k%7 == 0 {
			cands = append(cands, oneChange(w)...)
		}
		for _, v := range cands {
			if !utf8.ValidString(v) {
				continue
			}
			n++
			got, want := d.Spell(v), slow.Spell(v)
			if got != want {
				t.Fatalf("Spell(%q) = %v with the stem prefixes, %v without", v, got, want)
			}
			gc, wc := d.Compound(v), slow.Compound(v)
			if !slices.Equal(gc, wc) {
				t.Fatalf("Compound(%q) = %q with the stem prefixes, %q without", v, gc, wc)
			}
			if got {
				accepted++
			}
			if wc != nil {
				compounds++
			}
			if r, _ := utf8.DecodeRuneInString(v); k%5 == 0 && unicode.IsLetter(r) {
				u := strings.ToUpper(v)
				if d.Spell(u) != slow.Spell(u) {
					t.Fatalf("Spell(%q) differs with the stem prefixes", u)
				}
			}
		}
	}
	t.Logf("%d words and variants: %d accepted, %d as compounds", n, accepted, compounds)
	if accepted == 0 || compounds == 0 || accepted == n {
		t.Fatalf("the words exercise too little: %d accepted, %d compounds of %d", accepted, compounds, n)
	}
}

// stripEatenAff is a dictionary where a compound's first part is a prefix
// with a strip and a suffix that takes some of that strip: "cz" is "abz"
// with the prefix (ab -> c), and "abz" is the stem "a" with the suffix
// bz. No stem begins with anything of "cza".
const stripEatenAff = `SET UTF-8
COMPOUNDFLAG X
COMPOUNDMIN 1
COMPOUNDPERMITFLAG Y
PFX P Y 1
PFX P ab c .
SFX S Y 1
SFX S 0 bz/Y .
`

// TestStemPrefixesSameVerdictsSmall holds the small dictionaries of the
// tests with the filter of stem prefixes to themselves without it, on
// their words and the one-change variants of those.
func TestStemPrefixesSameVerdictsSmall(t *testing.T) {
	cases := append(slices.Clone(smallCases), smallCase{
		name: "suffix into a prefix's strip",
		aff:  stripEatenAff,
		dic:  "1\na/PSX\n",
		good: []string{"cza", "czaa", "abz", "cz"},
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := loadSmall(t, c)
			slow := *d
			slow.prefixes = nil
			for _, w := range append(slices.Clone(c.good), c.bad...) {
				for _, v := range append(oneChange(w), w, strings.ToUpper(w)) {
					if got, want := d.Spell(v), slow.Spell(v); got != want {
						t.Fatalf("Spell(%q) = %v with the stem prefixes, %v without", v, got, want)
					}
					if got, want := d.Compound(v), slow.Compound(v); !slices.Equal(got, want) {
						t.Fatalf("Compound(%q) = %q with the stem prefixes, %q without", v, got, want)
					}
				}
			}
		})
	}
	d := loadSmall(t, cases[len(cases)-1])
	for _, w := range []string{"cza", "czaa"} {
		if d.Compound(w) == nil {
			t.Errorf("Compound(%q) = nil, want a compound of a first part with a prefix and a suffix", w)
		}
	}
}
