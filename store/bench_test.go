package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/internal/corpusgen"
	"folio/query"
)

// Corpus sizes of the scale benchmarks (docs/PERFORMANCE.md).
var benchSizes = []int{1000, 10000, 100000}

var (
	benchMu    sync.Mutex
	benchTexts = map[int][]string{}
)

// texts returns n generated documents of about 3 KB, made once per run.
func texts(b *testing.B, n int) []string {
	benchMu.Lock()
	defer benchMu.Unlock()
	if t, ok := benchTexts[n]; ok {
		return t
	}
	g, err := corpusgen.New(1)
	if err != nil {
		b.Fatal(err)
	}
	t := make([]string, n)
	for i := range t {
		t[i] = g.Doc(3000)
	}
	benchTexts[n] = t
	return t
}

func importAll(b *testing.B, path string, docs []string) (*Store, int64) {
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	im := s.NewImporter(nil)
	var n int64
	for i, t := range docs {
		n += int64(len(t))
		if err := im.Add(ImportDoc{ID: fmt.Sprintf("doc%07d", i), Text: t}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		b.Fatal(err)
	}
	return s, n
}

// BenchmarkImport measures importing n documents into a new store, and
// reports the store's size relative to the text.
func BenchmarkImport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			docs := texts(b, n)
			var size, textBytes int64
			for i := 0; i < b.N; i++ {
				path := filepath.Join(b.TempDir(), "folio.db")
				s, tb := importAll(b, path, docs)
				s.Close()
				fi, _ := os.Stat(path)
				size, textBytes = fi.Size(), tb
				b.SetBytes(tb)
			}
			b.ReportMetric(float64(size)/float64(textBytes), "store/text")
		})
	}
}

// openBench imports n documents once and returns the open store.
func openBench(b *testing.B, n int) *Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "folio.db")
	s, _ := importAll(b, path, texts(b, n))
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkDocList measures reading every document record, what the TUI
// does once at start and `folio stats` does per run.
func BenchmarkDocList(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := openBench(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				docs, err := s.DocList()
				if err != nil || len(docs) != n {
					b.Fatal(err, len(docs))
				}
			}
		})
	}
}

// BenchmarkAction measures one user action (a tag, one transaction with
// fsync) on a large store.
func BenchmarkAction(b *testing.B) {
	s := openBench(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := annot.Annotation{Kind: annot.KindTag, Label: fmt.Sprint("t", i)}
		if _, err := s.Put(fmt.Sprintf("doc%07d", i%10000), a, "tag"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDocument measures opening one document with its annotations.
func BenchmarkDocument(b *testing.B) {
	s := openBench(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Document(fmt.Sprintf("doc%07d", i%10000)); err != nil {
			b.Fatal(err)
		}
	}
}

// benchQueries are the filters BenchmarkSelect times: a rare free word, a
// common one with a field, a phrase (decided on its candidates' texts), a
// negation and a field alone.
var benchQueries = []string{"Jangtse", "koeln status:todo", `"der Stadt"`, "-koeln", "status:done", "Bür*"}

// BenchmarkSelect measures a filter answered by the indexes (Select),
// for a store of n documents; its cost should follow the answer, not n.
func BenchmarkSelect(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := openBench(b, n)
			for _, qs := range benchQueries {
				q := query.MustParse(qs)
				b.Run(qs, func(b *testing.B) {
					var found uint64
					for b.Loop() {
						sel, err := s.Select(q, nil)
						if err != nil {
							b.Fatal(err)
						}
						found = sel.GetCardinality()
					}
					b.ReportMetric(float64(found), "docs")
				})
				b.Run("statsof/"+qs, func(b *testing.B) {
					sel, err := s.Select(q, nil)
					if err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						if _, err := s.StatsOf(sel); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("stats", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Stats(nil); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("window", func(b *testing.B) {
				all, _ := s.Select(nil, nil)
				for i := 0; b.Loop(); i++ {
					if _, err := s.Window(all, (i*997)%n, 60); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkSuggestionCounts measures one write of the background count
// (SetSuggestionCounts of 200 documents, as the TUI's chain writes them,
// half of them crossing zero): how long it holds the write lock, which a
// user's action waits for.
func BenchmarkSuggestionCounts(b *testing.B) {
	s := openBench(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ids := make([]string, 200)
		for j := range ids {
			ids[j] = fmt.Sprintf("doc%07d", (i*200+j)%10000)
		}
		err := s.update(func(tx *bolt.Tx) error {
			for _, id := range ids {
				if err := markStale(tx, id); err != nil {
					return err
				}
			}
			return nil
		})
		marks, err2 := s.StaleMarks(ids)
		if err != nil || err2 != nil || len(marks) != 200 {
			b.Fatal(err, err2, len(marks))
		}
		cs := make([]SuggestionCount, len(marks))
		for j, m := range marks {
			cs[j] = SuggestionCount{StaleDoc: m, N: (i + j) % 4}
		}
		b.StartTimer()
		if n, err := s.SetSuggestionCounts(cs); err != nil || n != 200 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkImportBatchTx measures the transaction of one import chunk
// alone (its documents prepared beforehand, off the clock): 3 000
// generated documents added to a store of 2 000, as the import's later
// chunks are. The transaction is the import's critical path: the
// preparation of the next chunk runs beside it on the other core.
func BenchmarkImportBatchTx(b *testing.B) {
	all := texts(b, 5000)
	dir := b.TempDir()
	base := filepath.Join(dir, "base.db")
	s, _ := importAll(b, base, all[:2000])
	s.Close()
	seed, err := os.ReadFile(base)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, t := range all[2000:] {
		n += int64(len(t))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("s%d.db", i))
		if err := os.WriteFile(path, seed, 0o600); err != nil {
			b.Fatal(err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		docs := make([]ImportDoc, 0, 3000)
		for j, t := range all[2000:] {
			docs = append(docs, ImportDoc{ID: fmt.Sprintf("doc%07d", 2000+j), Text: t})
		}
		preps, done := prepare(docs, nil, true)
		<-done
		for j := range docs {
			docs[j].prep = &preps[j]
		}
		b.StartTimer()
		st, err := s.ImportBatch(docs, nil)
		if err != nil || st.Added != len(docs) {
			b.Fatal(err, st)
		}
		b.StopTimer()
		s.Close()
		os.Remove(path)
		b.StartTimer()
	}
}
