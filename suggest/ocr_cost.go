package suggest

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// The cost of OCR damage, in edit units: what it takes to turn the word
// the page printed (want) into the word the scanner read (obs). A generic
// insertion, deletion or substitution costs about 1; the confusions OCR
// engines really make cost less, the likelier the less. The table is
// written from the glyph shapes of Latin and Fraktur type, not from any
// text: umlaut dots lost or read as a second letter, ß read as fs, B or @,
// the narrow letters i l t f 1 read as each other, the round ones c e o,
// the minims n u m ri in, and the long s read as f.

// costPair is one confusion: the scanner read obs where the page had want.
type costPair struct {
	obs, want string
	cost      float64
}

const (
	costSub   = 1.0 // a generic substitution
	costIns   = 0.9 // a letter the scanner dropped
	costDel   = 0.9 // a letter the scanner added
	costSwap  = 1.0 // two neighbours swapped
	costNoise = 0.4 // a punctuation mark or stray glyph read inside a word
	// costSingle is a doubled letter read once (tt, ll, ff and ss touch
	// and merge); costTwice a letter read twice.
	costSingle = 0.5
	costTwice  = 0.6
	// costLead is added to letters lost before the capital that starts
	// the scanner's word: the capital shows where the printed word began,
	// so the page had no letter before it, and the scanner would have had
	// both to lose that letter and to read the small letter after it as a
	// capital (`Mega` is not `Omega`).
	costLead = 0.6
)

var costPairs = []costPair{
	// umlauts: dots lost, or read as another letter or accent
	{"a", "ä", 0.25}, {"o", "ö", 0.25}, {"u", "ü", 0.25},
	{"ä", "a", 0.5}, {"ö", "o", 0.45}, {"ü", "u", 0.5},
	{"ii", "ü", 0.2}, {"ui", "ü", 0.3}, {"iu", "ü", 0.3}, {"i", "ü", 0.45}, {"ti", "ü", 0.5},
	{"li", "ü", 0.5}, {"il", "ü", 0.5}, {"ll", "ü", 0.6}, {"ù", "ü", 0.2}, {"ú", "ü", 0.2}, {"û", "ü", 0.2},
	{"d", "ö", 0.45}, {"é", "ö", 0.3}, {"ó", "ö", 0.25}, {"ò", "ö", 0.3}, {"ô", "ö", 0.3}, {"6", "ö", 0.5},
	{"é", "ä", 0.4}, {"á", "ä", 0.25}, {"à", "ä", 0.3}, {"â", "ä", 0.3}, {"d", "ä", 0.6},
	{"é", "e", 0.3}, {"è", "e", 0.3}, {"ê", "e", 0.35}, {"ë", "e", 0.4},
	// ß
	{"fs", "ß", 0.3}, {"b", "ß", 0.35}, {"@", "ß", 0.35}, {"13", "ß", 0.4}, {"8", "ß", 0.5},
	{"ss", "ß", 0.5}, {"s", "ß", 0.6}, {"", "ß", 0.7}, {"", " ", 0.5}, {"ß", "b", 0.6}, {"ß", "s", 0.6},
	// the minims and their neighbours
	{"rn", "m", 0.3}, {"m", "rn", 0.4}, {"in", "m", 0.45}, {"ni", "m", 0.5}, {"m", "in", 0.5},
	{"ri", "n", 0.45}, {"n", "ri", 0.5}, {"n", "u", 0.45}, {"u", "n", 0.45}, {"n", "r", 0.7},
	{"ii", "n", 0.5}, {"m", "nn", 0.5}, {"nn", "m", 0.5}, {"rn", "nn", 0.5}, {"w", "vv", 0.4}, {"vv", "w", 0.3},
	{"in", "ni", 0.7}, {"u", "v", 0.6}, {"v", "u", 0.6}, {"y", "v", 0.6},
	// round letters
	{"c", "e", 0.35}, {"e", "c", 0.4}, {"o", "e", 0.5}, {"e", "o", 0.5}, {"a", "o", 0.5}, {"o", "a", 0.5},
	{"e", "a", 0.55}, {"a", "e", 0.55}, {"c", "o", 0.5}, {"o", "c", 0.5}, {"cl", "d", 0.3}, {"d", "cl", 0.5},
	{"a", "s", 0.7}, {"e", "s", 0.7}, {"s", "e", 0.7}, {"g", "q", 0.5}, {"q", "g", 0.5}, {"o", "0", 0.3},
	{"0", "o", 0.3}, {"c", "<", 0.5}, {"<", "c", 0.3}, {"eh", "ch", 0.35}, {"ch", "eh", 0.4}, {"oh", "ch", 0.4},
	// narrow letters
	{"l", "i", 0.4}, {"i", "l", 0.4}, {"1", "l", 0.3}, {"1", "i", 0.4}, {"l", "1", 0.5}, {"!", "l", 0.4},
	{"!", "i", 0.4}, {"|", "l", 0.3}, {"|", "i", 0.4}, {"ı", "i", 0.15}, {"ı", "l", 0.4}, {"j", "i", 0.5},
	{"i", "j", 0.5}, {"l", "t", 0.5}, {"t", "l", 0.5}, {"t", "f", 0.5}, {"f", "t", 0.5}, {"i", "t", 0.6},
	{"t", "i", 0.6}, {"f", "l", 0.6}, {"l", "f", 0.6}, {"r", "t", 0.6}, {"t", "r", 0.6},
	{"i", "r", 0.7}, {"r", "i", 0.7}, {"r", "v", 0.7},
	// shapes with ascenders
	{"li", "h", 0.4}, {"h", "li", 0.5}, {"h", "b", 0.5}, {"b", "h", 0.5}, {"k", "b", 0.6}, {"b", "k", 0.6},
	{"h", "k", 0.6}, {"k", "h", 0.6}, {"d", "a", 0.7}, {"B", "e", 0.5}, {"B", "s", 0.5},
	{"S", "b", 0.6}, {"E", "b", 0.6}, {"5", "s", 0.5}, {"s", "5", 0.6}, {"D", "o", 0.5}, {"O", "d", 0.5},
	// Fraktur: the long s read as f, k and t, x and r
	{"f", "s", 0.3}, {"s", "f", 0.5}, {"ſ", "s", 0.05}, {"k", "t", 0.6}, {"t", "k", 0.6}, {"x", "r", 0.6},
	{"r", "x", 0.6}, {"x", "s", 0.7}, {"s", "x", 0.7}, {"tz", "ß", 0.6}, {"3", "s", 0.35}, {"j", "s", 0.4}, {"J", "l", 0.6}, {"H", "ch", 0.4}, {"z", "s", 0.7}, {"y", "g", 0.6}, {"g", "y", 0.6},
	// Fraktur: k read as f (`Möglichfeit`), and the capitals B and V
	{"f", "k", 0.45}, {"B", "v", 0.4}, {"V", "b", 0.5},
}

// costTable indexes costPairs by the last rune of obs, for the dynamic
// programme that reads right to left: in an array for the runes below
// costLow (every letter of German and its accents), in a map above.
type costTable struct {
	low    [costLow][]costRunes
	byLast map[rune][]costRunes
	empty  []costRunes // obs == ""
	// span is how many columns of the table (runes of want) one step of
	// the dynamic programme reaches back at most: 2 for a swap, or the
	// longest want of a confusion (costSorted)
	span int
	// jump2 is the least a step that reaches back two columns costs: a
	// swap, or a confusion that writes two letters of want (costSorted)
	jump2 float64
}

// costLow bounds the runes whose pairs costTable keeps in its array.
const costLow = 0x180

// last returns the pairs whose obs ends with r.
func (t *costTable) last(r rune) []costRunes {
	if r >= 0 && r < costLow {
		return t.low[r]
	}
	return t.byLast[r]
}

// costRunes is a costPair in runes.
type costRunes struct {
	obs, want []rune
	cost      float64
}

// newCostTable builds the table. Upper-case pairs stay upper case: they
// match only a capital as written; the rest match the folded word.
func newCostTable() *costTable {
	t := &costTable{byLast: make(map[rune][]costRunes, len(costPairs)), span: 2, jump2: costSwap}
	for _, p := range costPairs {
		cr := costRunes{obs: []rune(p.obs), want: []rune(p.want), cost: p.cost}
		t.span = max(t.span, len(cr.want))
		if len(cr.want) == 2 {
			t.jump2 = min(t.jump2, cr.cost)
		}
		if len(cr.obs) == 0 {
			t.empty = append(t.empty, cr)
			continue
		}
		last := cr.obs[len(cr.obs)-1]
		if last < costLow {
			t.low[last] = append(t.low[last], cr)
		} else {
			t.byLast[last] = append(t.byLast[last], cr)
		}
	}
	return t
}

// costNoiseRune reports whether r is a mark OCR scatters into words: a
// stray dot, comma, quote or bar.
func costNoiseRune(r rune) bool {
	switch r {
	case '.', ',', '\'', '`', '´', '‚', '‘', '’', '"', '«', '»', '„', '“', '|', ':', ';', '^', '~', '*', '°', '¸':
		return true
	}
	return false
}

// cost is the cheapest way the page's want became the scanner's obs, both
// as runes (obs as written, want folded or cased alike), or limit when it
// exceeds limit.
func (t *costTable) cost(obs, want []rune, limit float64) float64 {
	var o costObs
	t.prepare(&o, obs)
	return o.cost(want, limit)
}

// costSmall is the size of the table cost clears for a short pair of
// words (up to 15 runes each).
const costSmall = 16 * 16

// costObs is the scanner's side of cost, prepared once for one word as
// written (prepare): each row's confusions (those whose obs ends at the
// row's rune) and the price of deleting its rune, so that the word is
// priced against many words of the page (candPool's) without finding
// them again for each. The zero value is ready for prepare.
type costObs struct {
	t    *costTable
	obs  []rune
	lead float64
	// row i (1…len(obs)) deletes its rune at del[i], and its confusions
	// are rows[at[i-1]:at[i]]
	del  [41]float64
	at   [41]int
	fold [41]rune // fold[i] is row i's rune folded (costFold)
	rows []*costRunes
	// wants[i] has bit r&63 set for the last rune r of each want of row
	// i's confusions: a cell whose rune of want has no bit there matches
	// none of them (costWantBit)
	wants [41]uint64
	// the tables of cost, reused: small for most pairs of words, tab for
	// long ones (made when first needed)
	small  [costSmall]float64
	tab    []float64
	rowBuf [64]*costRunes // the backing of rows for most words
}

// prepare sets o for the scanner's word obs. A word over 40 runes is
// priced at the limit, as cost does.
func (t *costTable) prepare(o *costObs, obs []rune) {
	o.t, o.obs, o.lead = t, obs, 0
	if o.rows == nil {
		o.rows = o.rowBuf[:0]
	}
	o.rows = o.rows[:0]
	n := len(obs)
	if n > 40 {
		return
	}
	if costCapitalStart(obs) {
		o.lead = costLead
	}
	for i := 1; i <= n; i++ {
		// the confusions the scan shows there (as written, or its
		// capital folded)
		for k := range t.last(obs[i-1]) {
			if p := &t.last(obs[i-1])[k]; costSuffixObs(obs[:i], p.obs) {
				o.rows = append(o.rows, p)
			}
		}
		if lo := costFold(obs[i-1]); lo != obs[i-1] {
			for k := range t.last(lo) {
				if p := &t.last(lo)[k]; len(p.obs) == 1 {
					o.rows = append(o.rows, p)
				}
			}
		}
		o.at[i-1+1] = len(o.rows)
		o.wants[i] = 0
		for _, p := range o.rows[o.at[i-1]:o.at[i]] {
			if len(p.want) > 0 {
				o.wants[i] |= costWantBit(p.want[len(p.want)-1])
			}
		}
		del := costDel
		if costNoiseRune(obs[i-1]) {
			del = costNoise
		} else if i > 1 && costFold(obs[i-1]) == costFold(obs[i-2]) {
			del = costTwice
		}
		o.del[i] = del
		o.fold[i] = costFold(obs[i-1])
	}
}

// cost is costTable.cost of the prepared word as written and want.
func (o *costObs) cost(want []rune, limit float64) float64 {
	n, m := len(o.obs), len(want)
	if n > 40 || m > 40 {
		return limit
	}
	size := (n + 1) * (m + 1)
	buf := o.small[:]
	if size > costSmall {
		if cap(o.tab) < size {
			o.tab = make([]float64, 41*41)
		}
		buf = o.tab[:size]
	}
	return o.costIn(buf, want, limit)
}

// costIn is cost with buf, at least (len(obs)+1)×(len(want)+1) long, for
// its table.
func (o *costObs) costIn(buf []float64, want []rune, limit float64) float64 {
	t, obs := o.t, o.obs
	n, m := len(obs), len(want)
	w := m + 1 // a row of the table
	// the confusions that write a letter the scan lacks (obs empty)
	// matching at each column, found once
	var empty [41]uint32
	for j := 1; j <= m; j++ {
		for k, p := range t.empty {
			if costSuffix(want[:j], p.want) {
				empty[j] |= 1 << k
			}
		}
	}
	for i := 0; i <= n; i++ {
		best := limit
		var rows []*costRunes
		del := costDel
		var ofold, oprev rune // the row's rune and the one before, folded
		if i > 0 {
			rows = o.rows[o.at[i-1]:o.at[i]]
			del = o.del[i]
			ofold = o.fold[i]
		}
		if i > 1 {
			oprev = o.fold[i-1]
		}
		row, up := buf[i*w:i*w+w], buf[max(i-1, 0)*w:]
		for j := 0; j <= m; j++ {
			if i == 0 && j == 0 {
				row[0] = 0
				best = 0
				continue
			}
			v := limit
			if i > 0 {
				v = costMin(v, up[j]+del)
			}
			if j > 0 {
				ins := costIns
				if j > 1 && want[j-1] == want[j-2] {
					ins = costSingle
				}
				v = costMin(v, row[j-1]+ins)
				if e := empty[j]; e != 0 {
					for k, p := range t.empty {
						if e&(1<<k) != 0 {
							v = costMin(v, row[j-len(p.want)]+p.cost)
						}
					}
				}
				if i == 0 && j == 1 {
					// every loss before the scan's first letter starts here
					v += o.lead
				}
			}
			if i > 0 && j > 0 {
				sub := costSub
				if ofold == want[j-1] {
					sub = 0
				}
				v = costMin(v, up[j-1]+sub)
				if i > 1 && j > 1 && ofold == want[j-2] && oprev == want[j-1] {
					v = costMin(v, buf[(i-2)*w+j-2]+costSwap)
				}
				if o.wants[i]&costWantBit(want[j-1]) != 0 {
					for _, p := range rows {
						if costSuffix(want[:j], p.want) {
							v = costMin(v, buf[(i-len(p.obs))*w+j-len(p.want)]+p.cost)
						}
					}
				}
			}
			row[j] = v
			best = costMin(best, v)
		}
		if best >= limit {
			return limit
		}
	}
	return costMin(buf[n*w+m], limit)
}

// costWantBit is the bit of costObs.wants for the rune r.
func costWantBit(r rune) uint64 { return 1 << (uint(r) & 63) }

// costCapitalStart reports whether obs starts with a capital and has a
// small letter after it: a word as German prints it, not an acronym or a
// line in capitals.
func costCapitalStart(obs []rune) bool {
	if len(obs) < 2 || !unicode.IsUpper(obs[0]) {
		return false
	}
	for _, r := range obs[1:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// costSuffix reports whether s ends with suf, comparing from the end,
// where most pairs differ.
func costSuffix(s, suf []rune) bool {
	if len(suf) > len(s) {
		return false
	}
	for k := 1; k <= len(suf); k++ {
		if s[len(s)-k] != suf[len(suf)-k] {
			return false
		}
	}
	return true
}

// costSuffixObs is costSuffix for the scanner's side: an upper-case pair
// matches the capital exactly, a lower-case pair the folded rune.
func costSuffixObs(s, suf []rune) bool {
	if len(suf) > len(s) {
		return false
	}
	for k := range suf {
		r := s[len(s)-len(suf)+k]
		if r != suf[k] && costFold(r) != suf[k] {
			return false
		}
	}
	return true
}

// costFold folds a rune to lower case for comparison (ASCII and the
// German letters fast, the rest through utf8-safe lower-casing).
func costFold(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r < utf8.RuneSelf:
		return r
	case r == 'Ä':
		return 'ä'
	case r == 'Ö':
		return 'ö'
	case r == 'Ü':
		return 'ü'
	}
	return r
}

// costWords is a list of words to price many at once against one word
// of the scan (costObs.costSorted): German's common words, which
// candPool prices against every short damaged word. The words are kept
// sorted as runes, so that a word shares the columns of the dynamic
// programme that its prefix shares with the word before it.
type costWords struct {
	byLen [][]string // the words by their length in runes, each sorted
	base  []int      // word i of byLen[l] is number base[l]+i
	// sorted holds every word as runes, in rune order, with its number
	sorted []costWord
}

// costWord is a word of costWords and its number.
type costWord struct {
	runes []rune
	at    int
}

// newCostWords indexes the words of byLen, by their length in runes.
func newCostWords(byLen [][]string) *costWords {
	ws := &costWords{byLen: byLen, base: make([]int, len(byLen)+1)}
	for l, words := range byLen {
		ws.base[l+1] = ws.base[l] + len(words)
		for i, w := range words {
			ws.sorted = append(ws.sorted, costWord{runes: []rune(w), at: ws.base[l] + i})
		}
	}
	slices.SortFunc(ws.sorted, func(a, b costWord) int { return slices.Compare(a.runes, b.runes) })
	return ws
}

// costSorted prices the prepared word against every word of ws of lo to
// hi runes, as cost does, and sets out[k] (len(out) is the number of ws's
// words) to the price of word number k, or to limit for the words out of
// that range. Instead of a table per word it computes a column of the
// table per rune of want, and a word reuses the columns of the prefix it
// shares with the word before it in rune order. When the last span
// columns are all at the limit, every word with that prefix costs the
// limit (no step reaches further back, and no step costs less than
// nothing), and those words are passed over; with steps of two columns
// at most, already when the last column is at the limit and the one
// before it is that close to it (deadAfter). A word whose table has a
// row at the limit everywhere costs the limit, as cost returns it when
// it meets such a row. TestCostSortedMatchesCost holds it to cost.
func (o *costObs) costSorted(ws *costWords, lo, hi int, limit float64, out []float64) {
	for k := range out {
		out[k] = limit
	}
	n := len(o.obs)
	if n > 40 {
		return
	}
	hi = min(hi, 40, len(ws.byLen)-1)
	h := n + 1 // a column
	// cells holds the table's columns 0…hi, low its rows' least cells
	// up to each column (costIn's best)
	buf := make([]float64, 2*(hi+1)*h)
	cells, low := buf[:(hi+1)*h], buf[(hi+1)*h:]
	cells[0], low[0] = 0, 0
	for i := 1; i <= n; i++ {
		cells[i] = min(limit, cells[i-1]+o.del[i])
		low[i] = cells[i]
	}
	// least holds the least cell of each column
	least := make([]float64, hi+1)
	least[0] = 0
	var cur []rune // the word whose columns cells holds
	have := 0      // cells holds cur's columns 0…have
	dead := math.MaxInt
	span := o.t.span
	for _, e := range ws.sorted {
		w := e.runes
		if len(w) < lo || len(w) > hi {
			continue
		}
		shared := 0
		for shared < have && shared < len(w) && cur[shared] == w[shared] {
			shared++
		}
		if shared >= dead {
			continue // its prefix's columns are at the limit
		}
		cur, dead = w, math.MaxInt
		for j := shared + 1; j <= len(w); j++ {
			least[j] = o.column(cells, low, w, j, h, limit)
			have = j
			if j >= span && o.deadAfter(cells, least, j, h, limit) {
				dead = j
				break
			}
		}
		if dead != math.MaxInt {
			continue
		}
		m := len(w)
		v := min(cells[m*h+n], limit)
		for _, b := range low[m*h : m*h+h] {
			if b >= limit {
				v = limit
				break
			}
		}
		out[e.at] = v
	}
}

// deadAfter reports whether every word that begins with the first j
// runes of the word whose columns cells holds costs the limit: column j
// is at the limit, and so are the columns after it. Those reach back to
// column j at no discount, and to column j-1 by a step of two columns at
// t.jump2 or more: where column j-1's least cell and that step reach the
// limit too, column j+1 is at the limit, and so (column j and j+1 both
// at it) is every column after. least holds each column's least cell.
// With a confusion of more than two letters of want (span over 2), the
// last span columns must be at the limit.
func (o *costObs) deadAfter(cells, least []float64, j, h int, limit float64) bool {
	if o.t.span != 2 {
		return costColumnsDead(cells[(j-o.t.span+1)*h:(j+1)*h], limit)
	}
	return least[j] >= limit && least[j-1]+o.t.jump2 >= limit
}

// costColumnsDead reports whether every cell of cols is at limit or
// above.
func costColumnsDead(cols []float64, limit float64) bool {
	for _, v := range cols {
		if v < limit {
			return false
		}
	}
	return true
}

// column computes column j of the table of the prepared word against
// want (columns 0…j-1 computed), h cells long, as costIn computes its
// cells, and the rows' least cells up to it in low. It returns the
// column's least cell.
func (o *costObs) column(cells, low []float64, want []rune, j, h int, limit float64) float64 {
	t := o.t
	var empty uint32
	for k, p := range t.empty {
		if costSuffix(want[:j], p.want) {
			empty |= 1 << k
		}
	}
	ins := costIns
	if j > 1 && want[j-1] == want[j-2] {
		ins = costSingle
	}
	col, left := cells[j*h:j*h+h], cells[(j-1)*h:j*h]
	lowCol, lowLeft := low[j*h:j*h+h], low[(j-1)*h:j*h]
	wj := want[j-1]
	var wprev rune // the rune of want before wj, for a swap
	if j > 1 {
		wprev = want[j-2]
	}
	bit := costWantBit(wj)
	best := limit
	for i := range col {
		v := costMin(limit, left[i]+ins)
		if i > 0 {
			v = costMin(v, col[i-1]+o.del[i])
			v = costMin(v, left[i-1]+costSub) // sub, or 0 just below
		}
		if empty != 0 {
			for k, p := range t.empty {
				if empty&(1<<k) != 0 {
					v = costMin(v, cells[(j-len(p.want))*h+i]+p.cost)
				}
			}
		}
		if i == 0 && j == 1 {
			// every loss before the scan's first letter starts here
			v += o.lead
		}
		if i > 0 {
			ofold := o.fold[i]
			if ofold == wj {
				v = costMin(v, left[i-1])
			}
			if i > 1 && j > 1 && ofold == wprev && o.fold[i-1] == wj {
				v = costMin(v, cells[(j-2)*h+i-2]+costSwap)
			}
			if o.wants[i]&bit != 0 {
				for _, p := range o.rows[o.at[i-1]:o.at[i]] {
					if costSuffix(want[:j], p.want) {
						v = costMin(v, cells[(j-len(p.want))*h+i-len(p.obs)]+p.cost)
					}
				}
			}
		}
		col[i] = v
		lowCol[i] = costMin(lowLeft[i], v)
		best = costMin(best, v)
	}
	return best
}

// costMin is min for prices, which are never NaN nor negative zero: one
// comparison instead of min's tests for them, in the innermost loop.
func costMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}
