package suggest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// benchDocs makes n German-like documents of about size bytes from the
// seeds: their words shuffled within sentences of the seeds' vocabulary,
// lines wrapped at 80 columns with some words broken at the line end, and
// about one word in twenty damaged by a rewrite of the channel table,
// applied backwards.
func benchDocs(tb testing.TB, n, size int) []string {
	docs, _ := seedCorpus(tb)
	var words []string
	for _, name := range slices.Sorted(maps.Keys(docs)) { // in a fixed order, so that the documents are the same every run
		for _, tk := range Tokens(docs[name]) {
			if tk.Letters > 1 {
				words = append(words, tk.Text)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		col := 0
		for b.Len() < size {
			w := words[rng.IntN(len(words))]
			if rng.IntN(20) == 0 {
				w = benchDamage(w, rng)
			}
			if col+len(w) > 80 {
				if rs := []rune(w); len(rs) > 7 && rng.IntN(3) == 0 {
					b.WriteString(" " + string(rs[:4]) + "-\n" + string(rs[4:]))
					col = len(rs) - 4
					continue
				}
				b.WriteString("\n")
				col = 0
			} else if col > 0 {
				b.WriteString(" ")
			}
			b.WriteString(w)
			col += len(w) + 1
			if rng.IntN(12) == 0 {
				b.WriteString(".")
			}
		}
		out[i] = b.String()
	}
	return out
}

// benchDamage applies one channel rewrite backwards to w, if one fits.
func benchDamage(w string, rng *rand.Rand) string {
	for range 8 {
		r := ocrRules[rng.IntN(len(ocrRules))]
		if r.Upper {
			continue
		}
		if i := strings.Index(w, r.Want); i >= 0 {
			return w[:i] + r.Obs + w[i+len(r.Want):]
		}
	}
	return w
}

// benchOCR builds the lexicon of the seeds and docs and warms the index.
func benchOCR(tb testing.TB, docs []string) *OCR {
	all, lex := seedCorpus(tb)
	_ = all
	for _, d := range docs {
		lex.AddDocument(d)
	}
	o := NewOCR(lex)
	o.ensureIndex()
	return o
}

// BenchmarkSuggest measures Suggest over many 3 KB documents on one core,
// after the lexicon is built: the throughput of `folio suggest`.
func BenchmarkSuggest(b *testing.B) {
	docs := benchDocs(b, 300, 3000)
	o := benchOCR(b, docs)
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b, benchCPU(), total)
	sugs := 0
	for b.Loop() {
		for i, d := range docs {
			sugs += len(o.Suggest(fmt.Sprint(i), d, nil))
		}
	}
	b.ReportMetric(float64(sugs)/float64(b.N)/float64(len(docs)), "sugs/doc")
}

// benchCPU returns the CPU time this process has used, user and system:
// on a busy machine, throughput per CPU second is the fairer figure.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the throughput per CPU second since start.
func reportCPU(b *testing.B, start time.Duration, bytes int) {
	if cpu := benchCPU() - start; cpu > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkSuggestOpen measures the suggestions of one opened 3 KB
// document, as the reader asks for them.
func BenchmarkSuggestOpen(b *testing.B) {
	docs := benchDocs(b, 300, 3000)
	o := benchOCR(b, docs)
	b.SetBytes(int64(len(docs[0])))
	b.ResetTimer()
	for b.Loop() {
		o.Suggest("0", docs[0], nil)
	}
}

// benchWordList makes a word list of about 4.7 MB: German-like words built
// from the seeds' words with prefixes and endings, one a line.
func benchWordList(tb testing.TB) string {
	docs, _ := seedCorpus(tb)
	seen := map[string]bool{}
	var stems []string
	for _, text := range docs {
		for _, tk := range Tokens(text) {
			if tk.Letters > 2 && !seen[tk.Text] {
				seen[tk.Text] = true
				stems = append(stems, tk.Text)
			}
		}
	}
	pre := []string{"", "Ver", "Be", "Ge", "Aus", "Ein", "Mit", "Vor", "Nach", "Unter", "Über", "Zwischen"}
	suf := []string{"", "e", "en", "er", "es", "ung", "ungen", "lich", "liche", "lichen", "keit", "heit", "schaft", "s"}
	var b strings.Builder
	for i := 0; b.Len() < 4_700_000; i++ {
		s := stems[i%len(stems)]
		p, q := pre[(i/len(stems))%len(pre)], suf[(i/len(stems)/len(pre))%len(suf)]
		if p != "" {
			r, n := utf8.DecodeRuneInString(s)
			s = strings.ToLower(string(r)) + s[n:]
		}
		fmt.Fprintf(&b, "%s%s%s%d\n", p, s, q, i/(len(stems)*len(pre)*len(suf)))
	}
	return b.String()
}

// BenchmarkLoadWordList measures loading a 4.7 MB word list.
func BenchmarkLoadWordList(b *testing.B) {
	list := benchWordList(b)
	b.SetBytes(int64(len(list)))
	b.ResetTimer()
	for b.Loop() {
		lex := NewLexicon()
		if err := lex.LoadWordList(strings.NewReader(list)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexWordList measures building the edit-distance index and
// stems of a lexicon holding a 4.7 MB word list: the one-time cost of the
// first Suggest.
func BenchmarkIndexWordList(b *testing.B) {
	list := benchWordList(b)
	lex := NewLexicon()
	if err := lex.LoadWordList(strings.NewReader(list)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		NewOCR(lex).ensureIndex()
	}
}

// BenchmarkSuggestWordList is BenchmarkSuggest with a 4.7 MB word list in
// the lexicon.
func BenchmarkSuggestWordList(b *testing.B) {
	docs := benchDocs(b, 300, 3000)
	o := benchOCR(b, docs)
	if err := o.lex.LoadWordList(strings.NewReader(benchWordList(b))); err != nil {
		b.Fatal(err)
	}
	o.ensureIndex()
	benchSuggestAll(b, o, docs)
}

// benchSuggestAll measures suggestions for every one of docs, reporting
// bytes per second, bytes per CPU second and milliseconds a document.
func benchSuggestAll(b *testing.B, o *OCR, docs []string) {
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	defer reportCPU(b, benchCPU(), total)
	for b.Loop() {
		for i, d := range docs {
			o.Suggest(fmt.Sprint(i), d, nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(docs)), "ms/doc")
}
