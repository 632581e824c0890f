package suggest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestSymSortByHash checks the radix sort of the edit-distance index
// against a full sort, for entries appended in prefix id order as
// newSymIndex appends them, with many hashes shared.
func TestSymSortByHash(t *testing.T) {
	for _, n := range []int{0, 1, 100, 5000, 200_000} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		p := make([]uint64, 0, n)
		for pid := 0; len(p) < n; pid++ {
			for range 1 + rng.IntN(30) {
				if len(p) == n {
					break
				}
				h := rng.Uint32()
				if rng.IntN(3) == 0 {
					h %= 1000 // shared hashes
				}
				p = append(p, uint64(h)<<32|uint64(pid))
			}
		}
		want := slices.Clone(p)
		slices.Sort(want)
		symSortByHash(p)
		if !slices.Equal(p, want) {
			t.Fatalf("n=%d: radix order differs from the sorted order", n)
		}
	}
}

// TestSpellCacheKinds checks that the verdicts of each kind on one word
// are kept apart.
func TestSpellCacheKinds(t *testing.T) {
	c := newSpellCache()
	c.put("arm", verdictSpell, true)
	c.put("arm", verdictNounOnly, false)
	for _, tc := range []struct {
		k         verdictKind
		ok, found bool
	}{{verdictSpell, true, true}, {verdictNounOnly, false, true}, {verdictInflect, false, false}} {
		if ok, found := c.get("arm", tc.k); ok != tc.ok || found != tc.found {
			t.Errorf("kind %d: got %v, %v; want %v, %v", tc.k, ok, found, tc.ok, tc.found)
		}
	}
	c.put("arm", verdictInflect, true)
	if ok, found := c.get("arm", verdictInflect); !ok || !found {
		t.Error("inflect verdict lost")
	}
	if ok, _ := c.get("arm", verdictSpell); !ok {
		t.Error("a later kind overwrote the spell verdict")
	}
}

// TestWarmCachesSameVerdicts checks that what the OCR value remembers
// across documents (clean words, spell verdicts, candidate pools, channel
// hits) never changes a document's suggestions: each document gets the
// same from an OCR value that has judged every other document first as
// from a fresh one, with the system's dictionaries (which turn suspects
// on). Also after a confirmed fix, which changes the channel's weights.
func TestWarmCachesSameVerdicts(t *testing.T) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			skipUnlessCI(t, fmt.Sprintf("%s: %v (apt-get install wngerman hunspell-de-de wamerican)", p, err))
		}
	}
	if testing.Short() {
		t.Skip("slow: loads the system dictionaries twice")
	}
	seeds, _ := seedCorpus(t)
	docs := benchDocs(t, 12, 3000)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range seeds {
			if !yield(k) {
				return
			}
		}
	}) {
		docs = append(docs, seeds[name])
	}
	build := func() *OCR { return benchSystemOCR(t, docs) }
	run := func(o *OCR, order []int) map[int][]Suggestion {
		out := map[int][]Suggestion{}
		for _, i := range order {
			out[i] = o.Suggest(fmt.Sprint(i), docs[i], nil)
		}
		return out
	}
	fwd := make([]int, len(docs))
	for i := range fwd {
		fwd[i] = i
	}
	rev := slices.Clone(fwd)
	slices.Reverse(rev)
	check := func(learn bool) {
		cold, warm := build(), build()
		if learn {
			cold.Learn("Gcfchichte", "Geschichte")
			warm.Learn("Gcfchichte", "Geschichte")
		}
		run(warm, rev)
		want, got := run(cold, fwd), run(warm, fwd)
		n := 0
		for _, i := range fwd {
			n += len(want[i])
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("learn=%v, document %d: warm caches give\n%v\nfresh\n%v", learn, i, got[i], want[i])
			}
		}
		if n < 50 {
			t.Errorf("learn=%v: only %d suggestions; the test needs suspects to compare", learn, n)
		}
	}
	check(false)
	check(true)
}

// TestSuspectInsert checks the top-susMaxCands selection of suspectCands
// against a full sort, with ties in score broken by key.
func TestSuspectInsert(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		pool := make([]suspectCand, n)
		for i := range pool {
			pool[i] = suspectCand{key: fmt.Sprintf("w%03d", rng.IntN(1000)*1000+i), score: float64(rng.IntN(6))}
		}
		var got []suspectCand
		for _, c := range pool {
			got = suspectInsert(got, c)
		}
		want := slices.Clone(pool)
		slices.SortFunc(want, func(a, b suspectCand) int {
			if suspectBefore(&a, &b) {
				return -1
			}
			return 1
		})
		want = want[:min(n, susMaxCands)]
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: got %v, want %v", n, got, want)
		}
	}
}

// TestHotTable checks the table of frequent words: it holds the most
// frequent words of the documents and only those, leaves out keys too long
// for a slot and list-only words, and OCR.lookup finds every word either
// way with the lexicon's id.
func TestHotTable(t *testing.T) {
	lex := NewLexicon()
	if err := lex.LoadWordList(strings.NewReader("Wort\nListenwort\n")); err != nil {
		t.Fatal(err)
	}
	long := "donaudampfschifffahrtsgesellschaft" // 34 bytes
	for i := range hotMax + 100 {
		lex.AddCounts(fmt.Sprintf("w%d", i), int32(1+i%7), 1)
	}
	lex.AddCounts("wort", 50, 3)
	lex.AddCounts(long, 50, 3)
	lex.mu.RLock()
	hot := buildHot(lex)
	lex.mu.RUnlock()
	n := 0
	for _, s := range hot.slots {
		if s.n > 0 {
			n++
		}
	}
	if n > hotMax || n < hotMax/2 {
		t.Errorf("hot holds %d words; want at most %d and most of them", n, hotMax)
	}
	if id, ok := hot.get("wort"); !ok || id != lex.ids["wort"] {
		t.Errorf("wort: got %d, %v; want %d", id, ok, lex.ids["wort"])
	}
	for _, k := range []string{long, "listenwort", "w7", "nie", ""} { // too long, listed only, least frequent, absent
		if _, ok := hot.get(k); ok {
			t.Errorf("hot holds %q", k)
		}
	}
	o := NewOCR(lex)
	o.ensureIndex()
	for _, k := range []string{"wort", long, "listenwort", "w7", "w13"} {
		if id, ok := o.lookup(k); !ok || id != lex.ids[k] {
			t.Errorf("lookup(%q) = %d, %v; want %d", k, id, ok, lex.ids[k])
		}
	}
	if _, ok := o.lookup("nie"); ok {
		t.Error("lookup finds a word the lexicon lacks")
	}
	var nilTable *hotTable
	if _, ok := nilTable.get("wort"); ok {
		t.Error("an empty table finds a word")
	}
}
