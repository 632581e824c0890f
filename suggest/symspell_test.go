package suggest

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// osaDistance is the optimal string alignment distance without a bound,
// the reference symDistance must agree with.
func osaDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestSymDistance compares symDistance with the unbounded reference on
// random damage of words of every length up to the longest it takes,
// across the short table's boundary.
func TestSymDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("aeinrstuäöüß")
	for n := 1; n < symLong; n++ {
		for range 40 {
			a := make([]rune, n)
			for i := range a {
				a[i] = letters[rng.IntN(len(letters))]
			}
			b := append([]rune(nil), a...)
			for range rng.IntN(4) {
				switch k := rng.IntN(len(b) + 1); rng.IntN(3) {
				case 0:
					b = append(b[:k], append([]rune{letters[rng.IntN(len(letters))]}, b[k:]...)...)
				case 1:
					if k < len(b) {
						b = append(b[:k], b[k+1:]...)
					}
				default:
					if k+1 < len(b) {
						b[k], b[k+1] = b[k+1], b[k]
					}
				}
			}
			if len(b) >= symLong {
				continue
			}
			for max := 1; max <= 2; max++ {
				want := min(osaDistance(a, b), max+1)
				if got := symDistance(a, b, max); got != want {
					t.Fatalf("symDistance(%q, %q, %d) = %d, want %d", string(a), string(b), max, got, want)
				}
			}
		}
	}
	long := []rune(strings.Repeat("a", symLong))
	if got := symDistance(long, long, 2); got != 3 {
		t.Errorf("a word of %d runes: %d, want 3 (too long to be a word)", symLong, got)
	}
}

// symNearRef is near as lookup and symDistance give it: every word of the
// buckets, measured one by one.
func symNearRef(x *symIndex, word string, maxd int, keys []string) []editNb {
	var out []editNb
	var s symScratch
	a := []rune(word)
	x.lookup(word, &s, func(id uint32) {
		if d := symDistance(a, []rune(keys[id]), maxd); d <= maxd {
			out = append(out, editNb{id, int32(d)})
		}
	})
	return out
}

// TestSymNearMatchesLookup checks near against measuring every word
// lookup gives: the same words in the same order with the same
// distances, for the seeds' words and damaged copies of them (swaps,
// insertions, deletions, umlauts), with one and two edits, one scratch
// reused across queries as the detector reuses it, and words from one
// rune to beyond the longest a distance is measured for.
func TestSymNearMatchesLookup(t *testing.T) {
	docs, _ := seedCorpus(t)
	seen := map[string]bool{}
	var keys []string
	addKey := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		for _, tk := range Tokens(docs[name]) {
			addKey(lexFold(tk.Text))
		}
	}
	base := len(keys)
	rng := rand.New(rand.NewPCG(3, 4))
	letters := []rune("aeinrstuäöüßlmk")
	damage := func(w string) string {
		b := []rune(w)
		for range 1 + rng.IntN(3) {
			switch k := rng.IntN(len(b) + 1); rng.IntN(4) {
			case 0:
				b = slices.Insert(b, k, letters[rng.IntN(len(letters))])
			case 1:
				if k < len(b) && len(b) > 1 {
					b = slices.Delete(b, k, k+1)
				}
			case 2:
				if k < len(b) {
					b[k] = letters[rng.IntN(len(letters))]
				}
			default:
				if k+1 < len(b) {
					b[k], b[k+1] = b[k+1], b[k]
				}
			}
		}
		return string(b)
	}
	// the index holds damaged words too, so that buckets hold words that
	// share more than their prefix, and long words
	for i := range base {
		if i%3 == 0 {
			addKey(damage(keys[i]))
		}
	}
	long := strings.Repeat("donaudampfschiff", 4)
	for n := symLong - 3; n <= symLong+1; n++ {
		addKey(string([]rune(long)[:n]))
	}
	// one index built at once, one built on half the words and updated
	// with the rest (the words a corpus adds later, in the overflow map)
	x := newSymIndex(keys)
	xu := newSymIndex(keys[:len(keys)/2])
	xu.update(keys)
	queries := slices.Clone(keys)
	for i := range base {
		queries = append(queries, damage(keys[i]))
	}
	var s symScratch
	total := 0
	for _, q := range queries {
		for maxd := 1; maxd <= symMaxDist; maxd++ {
			want := symNearRef(x, q, maxd, keys)
			var got []editNb
			x.near(q, maxd, keys, &s, func(id uint32, d int) { got = append(got, editNb{id, int32(d)}) })
			if !slices.Equal(got, want) {
				t.Fatalf("near(%q, %d) = %v, want %v", q, maxd, got, want)
			}
			got = got[:0]
			xu.near(q, maxd, keys, &s, func(id uint32, d int) { got = append(got, editNb{id, int32(d)}) })
			if want := symNearRef(xu, q, maxd, keys); !slices.Equal(got, want) {
				t.Fatalf("updated index: near(%q, %d) = %v, want %v", q, maxd, got, want)
			}
			total += len(got)
		}
	}
	if total < len(queries) {
		t.Fatalf("only %d neighbours for %d queries: the test measures too little", total, len(queries))
	}
}
