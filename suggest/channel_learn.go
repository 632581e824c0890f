package suggest

import (
	"slices"
	"unicode/utf8"
)

// chLearnedPrior is the prior weight of a rewrite first seen in a confirmed
// fix rather than taken from the table.
const chLearnedPrior = 0.005

// forget takes back every confirmation: the rules learned from fixes are
// dropped and the table's are back at their priors.
func (c *channel) forget() {
	c.rules = c.rules[:len(ocrRules)]
	c.hits = c.hits[:len(ocrRules)]
	clear(c.hits)
	for b := range c.byFirst {
		c.byFirst[b] = slices.DeleteFunc(c.byFirst[b], func(i int32) bool { return int(i) >= len(ocrRules) })
	}
}

// learn raises the weight of the rewrites that turn from (folded; orig as
// written) into to. It prefers the likeliest explanation by at most two
// known rewrites; failing that it takes the one differing piece of the two
// words (after their common beginning and end) as a new rewrite, if it is
// short.
func (c *channel) learn(from, orig, to string) {
	best := chRewrite{}
	c.expand(from, orig, 2, func(v []byte, rw chRewrite) bool {
		if string(v) == to && rw.p > best.p {
			best = rw
		}
		return true
	})
	if best.n > 0 {
		for k := 0; k < best.n; k++ {
			c.hits[best.rules[k]]++
		}
		return
	}
	obs, want := chDiff(from, to)
	if obs == "" || utf8.RuneCountInString(obs) > 3 || utf8.RuneCountInString(want) > 3 {
		return
	}
	i := c.find(obs, want)
	if i < 0 {
		i = c.add(chRule{Obs: obs, Want: want, P: chLearnedPrior})
	}
	c.hits[i]++
}

// chDiff returns the pieces of a and b between their common beginning and
// their common end.
func chDiff(a, b string) (string, string) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	j := 0
	for j < len(a)-i && j < len(b)-i && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	for j > 0 && !utf8.RuneStart(a[len(a)-j]) {
		j--
	}
	return a[i : len(a)-j], b[i : len(b)-j]
}
