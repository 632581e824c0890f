package suggest

import (
	"math/rand/v2"
	"testing"
)

// TestConfSeekerAsRead: a cursor a confSeeker places at a token gives
// every token from it on the confidence that a cursor which read every
// token before gives, overlapping and unsorted words included.
func TestConfSeekerAsRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		var ws []WordConf
		for range rng.IntN(12) {
			start := rng.IntN(60)
			ws = append(ws, WordConf{Start: start, End: start + 1 + rng.IntN(8), Conf: rng.Float64()})
		}
		// tokens in text order, some between the words, some over several
		var toks [][2]int
		for pos := 0; pos < 70; {
			n := 1 + rng.IntN(6)
			toks = append(toks, [2]int{pos, pos + n})
			pos += n + rng.IntN(3)
		}
		read := newConfCursor(ws)
		want := make([]float64, len(toks))
		for i, tk := range toks {
			want[i] = read.at(tk[0], tk[1])
		}
		seek := newConfCursor(ws).seeker()
		for from := range toks {
			c := seek.at(toks[from][0])
			for i := from; i < len(toks); i++ {
				if got := c.at(toks[i][0], toks[i][1]); got != want[i] {
					t.Fatalf("round %d, words %v: from token %d, token %v: %v, want %v", round, ws, from, toks[i], got, want[i])
				}
			}
		}
	}
}
