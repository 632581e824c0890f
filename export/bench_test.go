package export

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"folio/annot"
)

// genItems makes n documents of about 3 KB of German-like text, each with
// entities, corrections (one a deletion), a mark, notes, tags and a status.
func genItems(n int) []Item {
	words := strings.Fields("Köln Stadt und die der Wirtschaftsförderung Industriestädteallianz " +
		"Oberbürgermeisterin Zusammenarbeit chinesischen Partnerschaft beigetreten Straße Grüße " +
		"Bündnis für mit von 2017 24. April Messe Hannover Unternehmen Düsseldorf „Expo“ – Kontakte, Netzwerk.")
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	items := make([]Item, n)
	for i := range items {
		var b strings.Builder
		var anns []annot.Annotation
		cp := 0
		for k := 0; b.Len() < 3000; k++ {
			w := words[rng.IntN(len(words))]
			sp := annot.Span{Start: cp, End: cp + annot.Runes(w)}
			meta := annot.Meta{Author: "ute", Time: at.Add(time.Duration(k) * time.Second), Origin: annot.OriginManual}
			switch k % 40 {
			case 5, 25:
				anns = append(anns, annot.Annotation{ID: fmt.Sprint("e", k), Kind: annot.KindEntity, Start: sp.Start, End: sp.End,
					Label: "LOC", Canonical: w, Meta: meta})
			case 15:
				anns = append(anns, annot.Annotation{ID: fmt.Sprint("c", k), Kind: annot.KindCorrection, Start: sp.Start, End: sp.End,
					Value: strings.ToUpper(w), Class: annot.ClassOCR, Meta: meta})
			case 35:
				anns = append(anns, annot.Annotation{ID: fmt.Sprint("d", k), Kind: annot.KindCorrection, Start: sp.Start, End: sp.End,
					Class: annot.ClassBoilerplate, Meta: meta})
			case 30:
				anns = append(anns, annot.Annotation{ID: fmt.Sprint("m", k), Kind: annot.KindMark, Start: sp.Start, End: sp.End, Meta: meta})
			case 10:
				anns = append(anns, annot.Annotation{ID: fmt.Sprint("n", k), Kind: annot.KindNote, Start: sp.Start, End: sp.End,
					Value: "prüfen", Meta: meta})
			}
			b.WriteString(w)
			cp = sp.End + 1
			if k%12 == 11 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		anns = append(anns,
			annot.Annotation{ID: annot.TagID("gen"), Kind: annot.KindTag, Label: "gen"},
			annot.Annotation{ID: annot.StatusID, Kind: annot.KindStatus, Label: string(annot.StatusDone)})
		text := b.String()
		items[i] = Item{Doc: annot.Doc{ID: fmt.Sprintf("gen/%05d", i), Title: "Dokument " + fmt.Sprint(i),
			Hash: fmt.Sprintf("%064x", i), Size: annot.Runes(text), Bytes: len(text), Status: annot.StatusDone},
			Text: text, Anns: anns}
	}
	return items
}

// heapWatch samples the live heap while an export runs.
type heapWatch struct {
	base, peak uint64
}

func (h *heapWatch) sample() {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if h.base == 0 {
		h.base = ms.HeapAlloc
	}
	h.peak = max(h.peak, ms.HeapAlloc)
}

// genSource yields n documents cycling through pool, each with its own id,
// and samples the live heap every 4096 documents.
func genSource(pool []Item, n int, h *heapWatch, pause, resume func()) Source {
	return func(yield func(Item) error) error {
		for i := range n {
			if i%4096 == 0 {
				pause()
				h.sample()
				resume()
			}
			it := pool[i%len(pool)]
			it.Doc.ID = fmt.Sprintf("doc/%07d", i)
			if err := yield(it); err != nil {
				return err
			}
		}
		return nil
	}
}

func benchExport(b *testing.B, format string) {
	pool := genItems(64)
	var size int
	for _, it := range pool {
		size += len(it.Text)
	}
	b.SetBytes(int64(size / len(pool)))
	opt := Options{Format: format, Stdout: io.Discard, Force: true}
	if !lineFormat(format) {
		opt.Out = filepath.Join(b.TempDir(), "out")
	}
	h := &heapWatch{}
	var cpu time.Duration // CPU time outside the heap samples
	pause := func() { b.StopTimer(); cpu += cpuTime() }
	resume := func() { cpu -= cpuTime(); b.StartTimer() }
	b.ReportAllocs()
	b.ResetTimer()
	cpu -= cpuTime()
	if _, err := Write(genSource(pool, b.N, h, pause, resume), opt); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu += cpuTime()
	h.sample()
	b.ReportMetric(float64(h.peak-min(h.base, h.peak))/1024, "heap-growth-KB")
	if cpu > 0 {
		// throughput per CPU second: what a quiet single core would do
		b.ReportMetric(float64(size/len(pool))*float64(b.N)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkJSONL exports generated 3 KB documents in the jsonl format to
// io.Discard; one op is one document. B/op is the garbage per document;
// heap-growth-KB is how much the live heap grew over the whole run, which
// stays flat as b.N grows; MB/cpu-s is the throughput per CPU second
// (documents render on all CPUs, so MB/s can be higher on an idle machine
// and lower on a busy one).
func BenchmarkJSONL(b *testing.B) { benchExport(b, FormatJSONL) }

// BenchmarkExport does the same for every format (brat and text write
// files into a temporary directory).
func BenchmarkExport(b *testing.B) {
	for _, f := range Formats() {
		b.Run(f, func(b *testing.B) { benchExport(b, f) })
	}
}

// TestStreamingMemory exports 12 000 documents (36 MB of text) and checks
// that the live heap does not grow with them.
func TestStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 36 MB")
	}
	pool := genItems(64)
	h := &heapWatch{}
	_, err := Write(genSource(pool, 12000, h, func() {}, func() {}), Options{Format: FormatJSONL, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	h.sample()
	if grew := h.peak - min(h.base, h.peak); grew > 2<<20 {
		t.Errorf("live heap grew by %d KB over 12 000 documents", grew>>10)
	}
}
