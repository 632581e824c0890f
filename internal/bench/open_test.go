package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"folio/internal/corpusgen"
)

// bigMark is a word of the large document's second line: the list shows
// only its first, so the reader has drawn the document when the screen
// shows it.
const bigMark = "Zweite Zeile des großen Dokuments"

// bigDocSize is the large document's size in bytes: DESIGN.md's "opening
// a 5 MB document ≤ 100 ms".
const bigDocSize = 5 << 20

// suggestionsCounted matches the panel's heading once the open
// document's suggestions are prepared (before, it reads "(…)").
var suggestionsCounted = regexp.MustCompile(`Suggestions \(\d`)

// BenchmarkOpenLargeDocument measures the built folio as a user opening a
// 5 MB document meets it: in a 200×60 pseudo-terminal, the list drawn
// (its first document a small one, shown in the reader), and timed
//   - open → text: `j` in the list, onto the large document, to the reader
//     showing the document's second line;
//   - enter → suggestions: enter (which opens the document in the reader
//     and prepares its suggestions) to the panel showing how many
//     suggestions the document has (the suggester judges all 5 MB);
//   - key in the reader: ctrl+d (half a page down) to the screen
//     changing, eight keys 120 ms apart, once the suggestions are shown
//     (`j` moves the terminal's cursor, which the screen model does not
//     follow);
//   - reopen → text: back in the list, k to the small document and `j`
//     onto the large one again, to its text, three times (the suggester
//     works on the documents meanwhile).
//
// The document is `corpusgen`'s (seed 2) 3 KB documents joined into one,
// one in eight with OCR damage. Three launches, medians; the store is
// made once in FOLIO_BENCH_DIR (default: folio-bench in the temporary
// folder) while the binary is the same (any binary's with
// FOLIO_BENCH_REUSE=1), and FOLIO_BENCH_BIN times a given binary, as for
// BenchmarkUserWaits:
//
//	go test ./internal/bench -run '^$' -bench OpenLargeDocument -benchtime 1x -timeout 0 -v
func BenchmarkOpenLargeDocument(b *testing.B) {
	dir := benchDir(b, "large")
	bin, binHash := benchBinary(b, dir)
	corpus := filepath.Join(dir, "large.jsonl")
	db := filepath.Join(dir, "folio.db")
	key := fmt.Sprintf("corpusgen seed 2, a small document, then one of %d bytes", bigDocSize)
	cached(b, dir, "corpus", key, func() error { return writeLargeCorpus(corpus) })
	folioKey := key + "; folio " + binHash
	if os.Getenv("FOLIO_BENCH_REUSE") != "" {
		folioKey = "" // any store made before: the format did not change
	}
	cached(b, dir, "folio", folioKey, func() error {
		os.Remove(db)
		if out, err := folio(bin, "--db", db, "import", corpus); err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return settle(bin, db, filepath.Join(dir, "cache-settle"), 2)
	})
	for range b.N {
		var open, sugs, keys, again []time.Duration
		for i := range launches {
			o, s, k, r := openLarge(b, bin, db, filepath.Join(dir, fmt.Sprintf("cache%d", i)))
			open, sugs, keys, again = append(open, o), append(sugs, s), append(keys, k...), append(again, r...)
		}
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(ms(Median(open)), "open-ms")
		b.ReportMetric(ms(Median(sugs)), "suggestions-ms")
		b.ReportMetric(ms(Median(keys)), "key-med-ms")
		b.ReportMetric(ms(maxOf(keys)), "key-max-ms")
		b.ReportMetric(ms(Median(again)), "reopen-ms")
		load, _ := os.ReadFile("/proc/loadavg")
		b.Logf("a %d MB document, load %s\n  open → text %v (median %.1f ms)\n  enter → suggestions shown %v (median %.0f ms)\n  key in the reader: median %.1f ms, max %.1f ms over %d keys\n  reopen → text %v (median %.1f ms)",
			bigDocSize>>20, strings.Join(strings.Fields(string(load))[:3], " "), open, ms(Median(open)), sugs, ms(Median(sugs)), ms(Median(keys)), ms(maxOf(keys)), len(keys), again, ms(Median(again)))
	}
}

// writeLargeCorpus writes a JSONL file of one document of bigDocSize
// bytes, corpusgen's documents joined, after a small one.
func writeLargeCorpus(path string) error {
	g, err := corpusgen.New(2)
	if err != nil {
		return err
	}
	var t strings.Builder
	t.WriteString("Ein großes Dokument\n" + bigMark + ".\n\n")
	for t.Len() < bigDocSize {
		t.WriteString(g.Doc(3000))
		t.WriteString("\n\n")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, d := range []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	}{{"small", g.Doc(3000)}, {"big", t.String()}} {
		if err := enc.Encode(d); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// openLarge launches the TUI, opens the large document (the list's
// second) and returns the times of open → text, enter → suggestions,
// each key in the reader and each reopen → text.
func openLarge(b *testing.B, bin, db, cache string) (open, sugs time.Duration, keys, again []time.Duration) {
	b.Helper()
	s, err := startTUI(bin, db, cache)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := listDrawn(s); err != nil {
		b.Fatalf("launch: %v", err)
	}
	time.Sleep(1500 * time.Millisecond) // past the launch's hold of the background
	if s.ScreenText() == "" || strings.Contains(s.ScreenText(), bigMark) {
		b.Fatalf("the large document is shown before it is chosen:\n%s", s.ScreenText())
	}
	sent, err := s.Send("j")
	if err != nil {
		b.Fatal(err)
	}
	at, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.Contains(bigMark) })
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	open = at.Sub(sent)
	time.Sleep(300 * time.Millisecond)
	if sent, err = s.Send("\r"); err != nil {
		b.Fatal(err)
	}
	at, err = s.Wait(5*time.Minute, func(sc *Screen) bool { return suggestionsCounted.MatchString(sc.String()) })
	if err != nil {
		b.Fatalf("suggestions: %v", err)
	}
	sugs = at.Sub(sent)
	for range 8 {
		time.Sleep(120 * time.Millisecond)
		before := s.ScreenText()
		sent, err := s.Send("\x04") // ctrl+d
		if err != nil {
			b.Fatal(err)
		}
		at, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.String() != before })
		if err != nil {
			b.Fatalf("ctrl+d in the reader: %v", err)
		}
		keys = append(keys, at.Sub(sent))
	}
	// to the document's top (the reader opens it again where it was
	// left), back to the list and the small document, then j onto the
	// large one again, while its suggestions are found again
	if _, err := s.Send("g"); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.Contains(bigMark) }); err != nil {
		b.Fatalf("g in the reader: %v", err)
	}
	if _, err := s.Send("\x1b1"); err != nil { // alt+1
		b.Fatal(err)
	}
	for range reopens {
		time.Sleep(300 * time.Millisecond)
		if _, err := s.Send("k"); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Wait(time.Minute, func(sc *Screen) bool { return !sc.Contains(bigMark) }); err != nil {
			b.Fatalf("back to the small document: %v", err)
		}
		time.Sleep(300 * time.Millisecond)
		sent, err := s.Send("j")
		if err != nil {
			b.Fatal(err)
		}
		at, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.Contains(bigMark) })
		if err != nil {
			b.Fatalf("reopen: %v", err)
		}
		again = append(again, at.Sub(sent))
	}
	return open, sugs, keys, again
}

// reopens is how many times a launch opens the large document again
// once its suggestions are known.
const reopens = 3
