package suggest

import (
	"strings"
	"unicode/utf8"
)

// chRule is one rewrite of the OCR channel model: the scanner read Obs
// where the page said Want. P is the prior probability of that damage,
// per occurrence. Upper rules match only an upper-case letter inside a word
// (`groBe` for `große`, `AIlianz` for `Allianz`). Obs and Want are lower case.
type chRule struct {
	Obs, Want string
	P         float64
	Upper     bool
}

// ocrRules are the confusions OCR engines really make on German print:
// umlauts read as their base letter or as look-alikes, ß read as fs, B or
// h, and the classic shape confusions. The table is never mutated; learned
// weights live in the channel of each OCR value.
var ocrRules = []chRule{
	// umlauts lost or misread
	{Obs: "a", Want: "ä", P: 0.05}, {Obs: "o", Want: "ö", P: 0.05}, {Obs: "u", Want: "ü", P: 0.05},
	{Obs: "ii", Want: "ü", P: 0.04}, {Obs: "ui", Want: "ü", P: 0.03}, {Obs: "iu", Want: "ü", P: 0.03},
	{Obs: "i", Want: "ü", P: 0.02}, {Obs: "ti", Want: "ü", P: 0.01}, {Obs: "li", Want: "ü", P: 0.005},
	{Obs: "ù", Want: "ü", P: 0.02}, {Obs: "ú", Want: "ü", P: 0.02}, {Obs: "û", Want: "ü", P: 0.02},
	{Obs: "d", Want: "ö", P: 0.02}, {Obs: "é", Want: "ö", P: 0.03}, {Obs: "6", Want: "ö", P: 0.01},
	{Obs: "ó", Want: "ö", P: 0.03}, {Obs: "ò", Want: "ö", P: 0.02}, {Obs: "ô", Want: "ö", P: 0.02},
	{Obs: "é", Want: "ä", P: 0.02}, {Obs: "éa", Want: "ä", P: 0.02}, {Obs: "d", Want: "ä", P: 0.01},
	{Obs: "á", Want: "ä", P: 0.03}, {Obs: "à", Want: "ä", P: 0.02}, {Obs: "â", Want: "ä", P: 0.02},
	// ß
	{Obs: "fs", Want: "ß", P: 0.03}, {Obs: "b", Want: "ß", P: 0.03, Upper: true}, {Obs: "h", Want: "ß", P: 0.005},
	{Obs: "13", Want: "ß", P: 0.01}, {Obs: "8", Want: "ß", P: 0.005}, {Obs: "ss", Want: "ß", P: 0.005},
	// shapes
	{Obs: "rn", Want: "m", P: 0.02}, {Obs: "m", Want: "rn", P: 0.01},
	{Obs: "cl", Want: "d", P: 0.02}, {Obs: "d", Want: "cl", P: 0.005},
	{Obs: "li", Want: "h", P: 0.01}, {Obs: "h", Want: "li", P: 0.005},
	{Obs: "c", Want: "e", P: 0.02}, {Obs: "e", Want: "c", P: 0.01},
	{Obs: "n", Want: "u", P: 0.005}, {Obs: "u", Want: "n", P: 0.005},
	{Obs: "f", Want: "s", P: 0.01}, {Obs: "ſ", Want: "s", P: 0.05}, {Obs: "s", Want: "f", P: 0.001},
	{Obs: "1", Want: "l", P: 0.05}, {Obs: "1", Want: "i", P: 0.03}, {Obs: "l", Want: "i", P: 0.01},
	{Obs: "i", Want: "l", P: 0.01}, {Obs: "i", Want: "l", P: 0.03, Upper: true}, {Obs: "l", Want: "t", P: 0.005},
	{Obs: "0", Want: "o", P: 0.03}, {Obs: "5", Want: "s", P: 0.01},
	{Obs: "vv", Want: "w", P: 0.03}, {Obs: "ri", Want: "n", P: 0.01}, {Obs: "n", Want: "ri", P: 0.005},
	{Obs: "in", Want: "m", P: 0.01}, {Obs: "ni", Want: "m", P: 0.005}, {Obs: "m", Want: "in", P: 0.005},
	{Obs: "h", Want: "b", P: 0.01}, {Obs: "b", Want: "h", P: 0.01},
	{Obs: "t", Want: "f", P: 0.01}, {Obs: "f", Want: "t", P: 0.01},
	{Obs: "é", Want: "e", P: 0.03}, {Obs: "è", Want: "e", P: 0.02}, {Obs: "ê", Want: "e", P: 0.01},
}

// chLearnedMax is the weight a rewrite tends to as the reviewer confirms it
// again and again; chLearnedHalf is the number of confirmations that take
// it half way there.
const (
	chLearnedMax  = 0.5
	chLearnedHalf = 4
)

// channel holds the rewrites of one OCR value and what was learned of them.
type channel struct {
	rules   []chRule
	hits    []int        // confirmations per rule
	byFirst [256][]int32 // rule indexes by the first byte of Obs
}

func newChannel() *channel {
	c := &channel{}
	for _, r := range ocrRules {
		c.add(r)
	}
	return c
}

// add appends a rule and returns its index.
func (c *channel) add(r chRule) int {
	i := len(c.rules)
	c.rules = append(c.rules, r)
	c.hits = append(c.hits, 0)
	c.byFirst[r.Obs[0]] = append(c.byFirst[r.Obs[0]], int32(i))
	return i
}

// prob is the weight of rule i: its prior, raised by each confirmation
// towards chLearnedMax.
func (c *channel) prob(i int) float64 {
	p := c.rules[i].P
	if k := float64(c.hits[i]); k > 0 && p < chLearnedMax {
		p += (chLearnedMax - p) * k / (k + chLearnedHalf)
	}
	return p
}

// find returns the index of the rule obs→want, or -1.
func (c *channel) find(obs, want string) int {
	for _, i := range c.byFirst[obs[0]] {
		if r := c.rules[i]; r.Obs == obs && r.Want == want && !r.Upper {
			return int(i)
		}
	}
	return -1
}

// chRewrite is one variant of a word: the rules applied (one or two) and
// the probability of that damage.
type chRewrite struct {
	rules [2]int32
	n     int
	p     float64
}

// expand calls fn with each variant of low (a folded word; orig is the word
// as written, for the upper-case rules) reached by one rewrite, and by two
// when depth is 2, left to right and not overlapping. The variant is in a
// reused buffer: fn must copy it to keep it. Returning false stops.
func (c *channel) expand(low, orig string, depth int, fn func(v []byte, rw chRewrite) bool) {
	buf := make([]byte, 0, len(low)+8)
	sameLen := len(orig) == len(low)
	var walk func(prefix []byte, rest string, restOff int, rw chRewrite) bool
	walk = func(prefix []byte, rest string, restOff int, rw chRewrite) bool {
		for i := 0; i < len(rest); {
			for _, ri := range c.byFirst[rest[i]] {
				r := &c.rules[ri]
				if !strings.HasPrefix(rest[i:], r.Obs) {
					continue
				}
				if r.Upper && (!sameLen || restOff+i == 0 || orig[restOff+i] != r.Obs[0]-'a'+'A') {
					continue
				}
				next := rw
				next.rules[next.n] = ri
				next.n++
				next.p *= c.prob(int(ri))
				// Appending to prefix may overwrite what a longer variant
				// left in the buffer; the callers rebuild from prefix each time.
				b := append(append(append(prefix, rest[:i]...), r.Want...), rest[i+len(r.Obs):]...)
				if !fn(b, next) {
					return false
				}
				if next.n < depth {
					cut := len(prefix) + i + len(r.Want)
					if !walk(b[:cut], rest[i+len(r.Obs):], restOff+i+len(r.Obs), next) {
						return false
					}
				}
			}
			_, n := utf8.DecodeRuneInString(rest[i:])
			i += n
		}
		return true
	}
	walk(buf[:0], low, 0, chRewrite{p: 1})
}

// describe names the rewrites of rw, as `ii→ü` or `d→ö, a→ä`.
func (c *channel) describe(rw chRewrite) string {
	var b strings.Builder
	for k := 0; k < rw.n; k++ {
		if k > 0 {
			b.WriteString(", ")
		}
		r := c.rules[rw.rules[k]]
		obs := r.Obs
		if r.Upper {
			obs = strings.ToUpper(obs)
		}
		b.WriteString(obs + "→" + r.Want)
	}
	return b.String()
}
