package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/config"
	"folio/internal/corpusgen"
	"folio/store"
	"folio/tui"

	tea "github.com/charmbracelet/bubbletea"
)

// writeJSONL writes n generated documents of about 3 KB as JSONL and
// returns the file and its size.
func writeJSONL(b *testing.B, dir string, n int) (string, int64) {
	return writeJSONLSize(b, dir, n, 3000)
}

func writeJSONLSize(b *testing.B, dir string, n, size int) (string, int64) {
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
		enc.Encode(map[string]string{"id": fmt.Sprintf("doc%07d", i), "text": g.Doc(size)})
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
	for _, c := range []struct {
		name    string
		n, size int
	}{{"1000", 1000, 3000}, {"10000", 10000, 3000}, {"100000", 100000, 3000}, {"long1000x1MB", 1000, 1 << 20}} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			path, size := writeJSONLSize(b, dir, c.n, c.size)
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

// openStore imports n generated documents of about size bytes into a new
// store and returns its path.
func openStore(b *testing.B, n, size int) string {
	b.Helper()
	dir := b.TempDir()
	g, err := corpusgen.New(1)
	if err != nil {
		b.Fatal(err)
	}
	db := filepath.Join(dir, "f.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	im := s.NewImporter(nil)
	for i := range n {
		if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("doc%07d", i), Title: fmt.Sprintf("Dokument %d", i), Text: g.Doc(size)}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		b.Fatal(err)
	}
	s.Close()
	return db
}

// BenchmarkExportJSONL is `folio export` (jsonl) end to end, in MB of text
// per second.
func BenchmarkExportJSONL(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := openStore(b, n, 3000)
			s, _ := store.Open(db, store.Options{ReadOnly: true})
			st := store.NewStats()
			s.Docs(func(d annot.Doc) error { st.Add(d); return nil })
			s.Close()
			b.SetBytes(st.Bytes)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				quiet(b, "--db", db, "export")
			}
		})
	}
}

// BenchmarkTUIOpen is opening the TUI on a real store until the first
// frame shows the document list: New, Init, the list's load command and
// the frame, at 200×60. It reports the Go heap in use with the app open
// and the memory the process took from the system.
func BenchmarkTUIOpen(b *testing.B) {
	for _, c := range []struct {
		name    string
		n, size int
	}{{"1000", 1000, 3000}, {"10000", 10000, 3000}, {"100000", 100000, 3000}, {"1000000-small", 1000000, 200}} {
		b.Run(c.name, func(b *testing.B) {
			db := openStore(b, c.n, c.size)
			s, err := store.Open(db, store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var heap, sys uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				app := tui.New(s, tui.Options{Config: config.Default()})
				app.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
				drain(app, app.Init(), 3)
				if v := app.View(); !strings.Contains(v, "Dokument 0") {
					b.Fatalf("the list is not drawn:\n%s", v)
				}
				b.StopTimer()
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				heap, sys = ms.HeapInuse, ms.Sys
				runtime.KeepAlive(app)
				b.StartTimer()
			}
			b.ReportMetric(float64(heap)/1e6, "heap-MB")
			b.ReportMetric(float64(sys)/1e6, "sys-MB")
		})
	}
}

// drain runs cmd and feeds its messages back into the model, depth levels
// deep; a command that takes more than two seconds (a timer, a background
// job) is left behind.
func drain(m tea.Model, cmd tea.Cmd, depth int) {
	if cmd == nil || depth == 0 {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(2 * time.Second):
		return
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			drain(m, c, depth)
		}
		return
	}
	if msg == nil {
		return
	}
	_, next := m.Update(msg)
	drain(m, next, depth-1)
}
