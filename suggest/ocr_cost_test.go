package suggest

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/internal/shared"
)

// TestCostPreparedMatchesReference: a word as written prepared once
// (costObs, as candPool prices it against German's common words and its
// other candidates) costs, against every word, what the dynamic programme
// of costReference (the one before the preparation, kept here) gives,
// bit for bit, at the limits candPool uses; the same costObs is prepared
// again for each word, so a row left from the word before would show.
// Words: the seeds' words as written, damaged copies of them (the
// channel's confusions written back), the common words, and long words
// past the small table and past 40 runes.
func TestCostPreparedMatchesReference(t *testing.T) {
	c := newCostTable()
	if len(c.empty) > 32 {
		t.Fatalf("%d confusions with an empty obs: costIn's column mask holds 32", len(c.empty))
	}
	var obsWords []string
	seen := map[string]bool{}
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			obsWords = append(obsWords, w)
		}
	}
	docs, _ := seedCorpus(t)
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		for _, tok := range Tokens(docs[name]) {
			if tok.Letters > 0 {
				add(tok.Text)
			}
		}
	}
	damage := strings.NewReplacer("ü", "ii", "m", "rn", "h", "li", "e", "c", "ö", "d", "s", "f", "ß", "fs", "i", "l")
	for _, w := range obsWords[:len(obsWords):len(obsWords)] {
		add(damage.Replace(w))
	}
	add("Stadtverorduetenverfammlungsbefchlußvorlagenentwurfsbearbeitung") // over 40 runes
	add("")
	var wants []string
	for k := range newDECommon() {
		wants = append(wants, k)
	}
	wants = append(wants, "stadtverordnetenversammlung", "weihnachtskampf", "", "x")
	if len(obsWords) < 1500 {
		t.Fatalf("only %d words to price", len(obsWords))
	}
	big := make([]float64, 41*41)
	var o costObs
	var want []rune
	checked := 0
	for i, w := range obsWords {
		if i%31 != 0 && (len([]rune(w)) < 14 || i%5 != 0) {
			continue // every 31st word and every fifth long one: the test stays quick
		}
		obs := []rune(w)
		c.prepare(&o, obs)
		for _, k := range append(wants, lexFold(w), lexFold(obsWords[(i+1)%len(obsWords)])) {
			want = symRunes(want, k)
			for _, limit := range []float64{1, 2, 3.2} {
				got := o.cost(want, limit)
				ref := limit
				if len(obs) <= 40 && len(want) <= 40 {
					ref = c.costReference(big, obs, want, limit)
				}
				if got != ref {
					t.Fatalf("cost(%q, %q, %v) = %v prepared, %v by the reference", w, k, limit, got, ref)
				}
				checked++
			}
		}
	}
	t.Logf("%d prices checked", checked)
}

// costReference is the cost of the page's want read as obs, as
// costTable.cost computed it before the word as written was prepared
// once (costObs): the reference that TestCostPreparedMatchesReference
// holds the prepared one to.
func (t *costTable) costReference(buf []float64, obs, want []rune, limit float64) float64 {
	n, m := len(obs), len(want)
	at := func(i, j int) *float64 { return &buf[i*(m+1)+j] }
	lead := 0.0
	if costCapitalStart(obs) {
		lead = costLead
	}
	// the confusions whose obs ends row i's rune, found once a row: those
	// the scan shows there (as written, or its capital folded)
	var rowBuf [32]*costRunes
	for i := 0; i <= n; i++ {
		best := limit
		rows := rowBuf[:0]
		if i > 0 {
			for k := range t.last(obs[i-1]) {
				if p := &t.last(obs[i-1])[k]; costSuffixObs(obs[:i], p.obs) {
					rows = append(rows, p)
				}
			}
			if lo := costFold(obs[i-1]); lo != obs[i-1] {
				for k := range t.last(lo) {
					if p := &t.last(lo)[k]; len(p.obs) == 1 {
						rows = append(rows, p)
					}
				}
			}
		}
		del := costDel
		if i > 0 {
			if costNoiseRune(obs[i-1]) {
				del = costNoise
			} else if i > 1 && costFold(obs[i-1]) == costFold(obs[i-2]) {
				del = costTwice
			}
		}
		for j := 0; j <= m; j++ {
			if i == 0 && j == 0 {
				*at(0, 0) = 0
				best = 0
				continue
			}
			v := limit
			if i > 0 {
				v = min(v, *at(i-1, j)+del)
			}
			if j > 0 {
				ins := costIns
				if j > 1 && want[j-1] == want[j-2] {
					ins = costSingle
				}
				v = min(v, *at(i, j-1)+ins)
				for _, p := range t.empty {
					if costSuffix(want[:j], p.want) {
						v = min(v, *at(i, j-len(p.want))+p.cost)
					}
				}
				if i == 0 && j == 1 {
					// every loss before the scan's first letter starts here
					v += lead
				}
			}
			if i > 0 && j > 0 {
				sub := costSub
				if costFold(obs[i-1]) == want[j-1] {
					sub = 0
				}
				v = min(v, *at(i-1, j-1)+sub)
				if i > 1 && j > 1 && costFold(obs[i-1]) == want[j-2] && costFold(obs[i-2]) == want[j-1] {
					v = min(v, *at(i-2, j-2)+costSwap)
				}
				for _, p := range rows {
					if costSuffix(want[:j], p.want) {
						v = min(v, *at(i-len(p.obs), j-len(p.want))+p.cost)
					}
				}
			}
			*at(i, j) = v
			best = min(best, v)
		}
		if best >= limit {
			return limit
		}
	}
	return min(*at(n, m), limit)
}

// BenchmarkCostCommon prices damaged short words against German's common
// words within two runes of their length: prepared once a word (costObs)
// and priced one by one, all at once as candPool prices them (sorted,
// costSorted), and, for comparison, by costReference.
func BenchmarkCostCommon(b *testing.B) {
	c := newCostTable()
	var common [][]rune
	for k := range newDECommon() {
		common = append(common, []rune(k))
	}
	words := [][]rune{[]rune("Dcr"), []rune("uud"), []rune("fich"), []rune("bcim"), []rune("Hauf"), []rune("wicder"), []rune("rnit"), []rune("iiber")}
	near := func(obs, want []rune) bool { return len(want) >= len(obs)-2 && len(want) <= len(obs)+2 }
	b.Run("prepared", func(b *testing.B) {
		var o costObs
		for b.Loop() {
			for _, obs := range words {
				c.prepare(&o, obs)
				for _, w := range common {
					if near(obs, w) {
						o.cost(w, 1.5)
					}
				}
			}
		}
	})
	b.Run("sorted", func(b *testing.B) {
		// all at once, as candPool prices them (costSorted)
		ws := newCostWords(newDECommon().byLength())
		out := make([]float64, ws.base[len(ws.byLen)])
		var o costObs
		for b.Loop() {
			for _, obs := range words {
				c.prepare(&o, obs)
				o.costSorted(ws, len(obs)-2, len(obs)+2, 1.5, out)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		var buf [costSmall]float64
		for b.Loop() {
			for _, obs := range words {
				for _, w := range common {
					if near(obs, w) {
						c.costReference(buf[:], obs, w, 1.5)
					}
				}
			}
		}
	})
}

// TestCommonByLength: candPool's common words by length (deCommon.byLength)
// hold every common word once, at its length in runes, so that the
// lengths within two of a word's give the words the map filtered by
// length gave.
func TestCommonByLength(t *testing.T) {
	c := newDECommon()
	by := c.byLength()
	n := 0
	for l, ws := range by {
		for _, w := range ws {
			if _, ok := c[w]; !ok || len([]rune(w)) != l {
				t.Errorf("%q at length %d", w, l)
			}
			n++
		}
	}
	if n != len(c) {
		t.Errorf("%d words by length, %d common words", n, len(c))
	}
}

// costSortedCheck prices obs against every word of ws at once
// (costSorted) for each limit and each range of lengths within two runes
// of obs's (candPool's) and, when all is set, over all lengths, and
// fails unless each word in the range gets what cost gives it alone, bit
// for bit, and each word out of it the limit. It returns how many prices
// it checked.
func costSortedCheck(t testing.TB, c *costTable, ws *costWords, obs string, limits []float64, all bool) int {
	t.Helper()
	var o costObs
	r := []rune(obs)
	c.prepare(&o, r)
	out := make([]float64, ws.base[len(ws.byLen)])
	spans := [][2]int{{max(len(r)-2, 0), len(r) + 2}}
	if all {
		spans = append(spans, [2]int{0, 60})
	}
	checked := 0
	for _, limit := range limits {
		for _, span := range spans {
			o.costSorted(ws, span[0], span[1], limit, out)
			for l, words := range ws.byLen {
				for i, w := range words {
					want := limit
					if l >= span[0] && l <= span[1] {
						want = o.cost([]rune(w), limit)
					}
					if got := out[ws.base[l]+i]; got != want {
						t.Fatalf("costSorted(%q) prices %q at %v (lengths %d…%d, limit %v), cost at %v", obs, w, got, span[0], span[1], limit, want)
					}
					checked++
				}
			}
		}
	}
	return checked
}

// costSortedLimits are the limits candPool prices at (1.6 for words of
// up to four runes, then 1 + n/4 up to 3.2) and a few more.
var costSortedLimits = []float64{0.5, 1, 1.6, 2.25, 2.5, 3.2}

// TestCostSortedMatchesCost: pricing many words at once, sharing the
// columns of their common prefixes and passing over the prefixes already
// at the limit (costSorted, as candPool prices German's common words),
// gives each word what cost gives it alone, bit for bit. The words
// priced: German's common words and the seeds' words (many sharing long
// prefixes); the scanner's words: the seeds' words as written, damaged
// copies of them and words past 40 runes.
func TestCostSortedMatchesCost(t *testing.T) {
	c := newCostTable()
	docs, _ := seedCorpus(t)
	byWord := map[string]bool{}
	for k := range newDECommon() {
		byWord[k] = true
	}
	var obsWords []string
	damage := strings.NewReplacer("ü", "ii", "m", "rn", "h", "li", "e", "c", "ö", "d", "s", "f", "ß", "fs", "i", "l")
	for _, name := range slices.Sorted(maps.Keys(docs)) {
		for _, tok := range Tokens(docs[name]) {
			if tok.Letters > 0 {
				byWord[lexFold(tok.Text)] = true
				obsWords = append(obsWords, tok.Text, damage.Replace(tok.Text))
			}
		}
	}
	byWord["stadtverordnetenversammlungsbeschlussvorlagenentwurfsbearbeitung"] = true // over 40 runes
	var all deCommon = make(deCommon, len(byWord))
	for k := range byWord {
		all[k] = 0
	}
	ws := newCostWords(all.byLength())
	obsWords = append(obsWords, "Stadtverorduetenverfammlungsbefchlußvorlagenentwurfsbearbeitung", "", "a", "Ü")
	checked := 0
	for i, w := range obsWords {
		if i%31 != 0 && i < len(obsWords)-4 {
			continue // every 31st word and the last four: the test stays quick
		}
		checked += costSortedCheck(t, c, ws, w, costSortedLimits, true)
	}
	if checked < 1_000_000 {
		t.Fatalf("only %d prices checked", checked)
	}
	t.Logf("%d prices checked", checked)
}

// TestCostSortedOCRDev holds costSorted to cost for every word of the
// scans of ../shared/ocr-dev against German's common words within two
// runes of its length, at the limit candPool prices it at and the
// highest.
func TestCostSortedOCRDev(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Dir(t, "ocr-dev"), "*.ocr.txt"))
	if len(files) == 0 {
		t.Fatal("../shared/ocr-dev has no scans")
	}
	c := newCostTable()
	ws := newCostWords(newDECommon().byLength())
	seen := map[string]bool{}
	checked := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range Tokens(string(text)) {
			if tok.Letters == 0 || seen[tok.Text] {
				continue
			}
			seen[tok.Text] = true
			n := len([]rune(tok.Text))
			limit := min(1+0.25*float64(n), 3.2)
			if n <= 4 {
				limit = susShortLimit
			}
			checked += costSortedCheck(t, c, ws, tok.Text, []float64{limit, 3.2}, false)
		}
	}
	t.Logf("%d words, %d prices checked", len(seen), checked)
}

// FuzzCostSorted holds costSorted to cost for any scanner's word against
// German's common words and the words of the input.
func FuzzCostSorted(f *testing.F) {
	f.Add("wicder", "wieder wider weder werden")
	f.Add("Gber", "über aber ober")
	f.Add("rnit", "mit mitte mittel")
	f.Add("fs", "ß ss")
	c := newCostTable()
	f.Fuzz(func(t *testing.T, obs, words string) {
		if !utf8.ValidString(obs) || !utf8.ValidString(words) {
			return
		}
		all := newDECommon()
		for _, w := range strings.Fields(words) {
			all[w] = 0
		}
		costSortedCheck(t, c, newCostWords(all.byLength()), obs, []float64{1, 1.6, 3.2}, true)
	})
}
