// Command gencorpus writes a large, realistic corpus for benchmarks: N
// German-like documents of about 3 KB, made by recombining the sentences of
// the bundled seeds, some with OCR-like damage, as folio JSONL on stdout or
// as .txt files in a folder.
//
//	go run ./internal/gencorpus -n 100000 > corpus.jsonl
//	go run ./internal/gencorpus -n 1000 -size 1000000 -dir long/
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"folio/internal/corpusgen"
)

func main() {
	n := flag.Int("n", 1000, "number of documents")
	size := flag.Int("size", 3000, "approximate size of a document in bytes")
	seed := flag.Int64("seed", 1, "random seed (the same seed gives the same corpus)")
	dir := flag.String("dir", "", "write .txt files into this folder instead of JSONL on stdout")
	flag.Parse()
	if err := run(*n, *size, *seed, *dir, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(n, size int, seed int64, dir string, stdout io.Writer) error {
	g, err := corpusgen.New(seed)
	if err != nil {
		return err
	}
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for i := range n {
			name := filepath.Join(dir, fmt.Sprintf("doc%07d.txt", i))
			if err := os.WriteFile(name, []byte(g.Doc(size)), 0o644); err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
		}
		return nil
	}
	return g.WriteJSONL(stdout, n, size)
}
