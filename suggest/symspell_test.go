package suggest

import (
	"math/rand/v2"
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
