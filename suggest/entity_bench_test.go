package suggest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// entSynthEntries makes the alias entries of n canonical entities (persons,
// places, organizations), each with its name and one or two more forms,
// and the seeds' own entities among them.
func entSynthEntries(n int) []Entry {
	rng := rand.New(rand.NewPCG(7, 11))
	syl := []string{"ba", "ker", "lin", "berg", "mann", "ho", "ste", "rin", "wal", "dorf", "gen", "tal", "ko", "zi", "ur", "ne"}
	word := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		w := b.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	entries := AliasEntries("PER", "Ute Berg", []string{"Berg"}, 2)
	entries = append(entries, AliasEntries("LOC", "Köln", []string{"Cologne"}, 4)...)
	entries = append(entries, AliasEntries("LOC", "Chongqing", nil, 1)...)
	entries = append(entries, AliasEntries("ORG", "KölnBusiness", []string{"KölnBusiness Wirtschaftsförderung"}, 1)...)
	for i := 0; len(entries) < 2*n; i++ {
		switch i % 3 {
		case 0:
			first, last := word(), word()
			entries = append(entries, AliasEntries("PER", first+" "+last, []string{last}, 1+rng.IntN(5))...)
		case 1:
			p := word()
			entries = append(entries, AliasEntries("LOC", p, []string{p + "-" + word()}, 1)...)
		default:
			o := word() + " " + word()
			entries = append(entries, AliasEntries("ORG", o+" GmbH", []string{o, fmt.Sprintf("%s AG", o)}, 1)...)
		}
	}
	return entries
}

// BenchmarkEntityBuild builds the suggester of 10 000 canonical entities
// (about 20 000 surface forms): done once per session.
func BenchmarkEntityBuild(b *testing.B) {
	entries := entSynthEntries(10_000)
	b.ReportMetric(float64(len(entries)), "forms")
	for b.Loop() {
		NewEntitySuggester(entries, true)
	}
}

// BenchmarkEntitySuggest suggests entities (gazetteer of 10 000 canonical
// entities, and dates) for one opened document of about 3 KB.
func BenchmarkEntitySuggest(b *testing.B) {
	s := NewEntitySuggester(entSynthEntries(10_000), true)
	texts := entSeedTexts(b)
	for _, id := range []string{"003", "004"} {
		text := texts[id]
		b.Run(fmt.Sprintf("seed%s_%dB", id, len(text)), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(s.Suggest(id, text, nil))
			}
			b.ReportMetric(float64(n), "suggestions")
		})
	}
}

// BenchmarkDates finds the dates of all seeds.
func BenchmarkDates(b *testing.B) {
	var all strings.Builder
	for _, t := range entSeedTexts(b) {
		all.WriteString(t)
	}
	text := all.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Dates(text)
	}
}

// BenchmarkEntitySuggestLarge measures throughput on a 1.7 MB text (the
// seeds a hundred times), for `folio suggest` over a corpus.
func BenchmarkEntitySuggestLarge(b *testing.B) {
	s := NewEntitySuggester(entSynthEntries(10_000), true)
	var all strings.Builder
	for range 100 {
		for _, id := range []string{"000", "001", "002", "003", "004"} {
			all.WriteString(entSeedTexts(b)[id])
		}
	}
	text := all.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Suggest("big", text, nil)
	}
}
