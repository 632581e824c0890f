package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"folio/internal/corpusgen"
)

// writeJSONL writes n generated documents of about 3 KB as JSONL and
// returns the file and its size.
func writeJSONL(b *testing.B, dir string, n int) (string, int64) {
	b.Helper()
	g, err := corpusgen.New(1)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i := range n {
		enc.Encode(map[string]string{"id": fmt.Sprintf("doc%07d", i), "text": g.Doc(3000)})
	}
	w.Flush()
	f.Close()
	fi, _ := os.Stat(path)
	return path, fi.Size()
}

func quiet(b *testing.B, args ...string) {
	b.Helper()
	if code := run(args, nil, io.Discard, io.Discard); code != 0 {
		b.Fatalf("folio %v: exit %d", args, code)
	}
}

// BenchmarkImportJSONL is `folio import corpus.jsonl` end to end: reading,
// decoding, normalizing and writing the store.
func BenchmarkImportJSONL(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			path, size := writeJSONL(b, dir, n)
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				db := filepath.Join(dir, fmt.Sprintf("f%d.db", i))
				quiet(b, "--db", db, "import", path)
				b.StopTimer()
				os.Remove(db)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkStats is `folio stats --json` on an imported store.
func BenchmarkStats(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			path, _ := writeJSONL(b, dir, n)
			db := filepath.Join(dir, "f.db")
			quiet(b, "--db", db, "import", path)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				quiet(b, "--db", db, "stats", "--json")
			}
		})
	}
}
