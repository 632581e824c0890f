package hunspell

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used. On
// a machine shared with other jobs it shows the cost of an operation better
// than the wall-clock ns/op.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoadDeDE loads and indexes the system de_DE; it reports the heap
// the loaded dictionary keeps.
func BenchmarkLoadDeDE(b *testing.B) {
	loadDeDE(b) // skips without de_DE
	start := cpuTime(b)
	for b.Loop() {
		if _, err := Open(deAff, deDic); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime(b)-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d, err := Open(deAff, deDic)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-heap")
	runtime.KeepAlive(d)
}

// BenchmarkSpellDeDE checks words of each kind against de_DE.
func BenchmarkSpellDeDE(b *testing.B) {
	d := loadDeDE(b)
	for _, c := range []struct{ name, word string }{
		{"stem", "Haus"},
		{"inflected", "eröffnet"},
		{"capitalised", "Eröffnet"},
		{"compound2", "Jahrestreffen"},
		{"compound4", "Straßenbahnhaltestelle"},
		{"misspelled", "fiir"},
		{"misspelledCompound", "Wirtschaftsaussehuss"},
		{"misspelledLong", "Industriestadteallianz"},
	} {
		b.Run(c.name, func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				d.Spell(c.word)
			}
			b.ReportMetric(float64((cpuTime(b)-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkFormsDeDE generates every de_DE form.
func BenchmarkFormsDeDE(b *testing.B) {
	d := loadDeDE(b)
	start := cpuTime(b)
	for b.Loop() {
		n := 0
		d.Forms(func(string) bool { n++; return true })
	}
	b.ReportMetric(float64((cpuTime(b)-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkSpellVariantsDeDE spells the one-change variants of every 20th
// word of the OCR development set (mostly words no dictionary has), with
// the filter of stem prefixes and without it.
func BenchmarkSpellVariantsDeDE(b *testing.B) {
	d := loadDeDE(b)
	slow := *d
	slow.prefixes = nil
	var words []string
	for k, w := range ocrDevWords(b) {
		if k%20 == 0 {
			words = append(words, oneChange(w)...)
		}
	}
	for _, c := range []struct {
		name string
		d    *Dict
	}{{"prefixes", d}, {"plain", &slow}} {
		b.Run(c.name, func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				for _, w := range words {
					c.d.Spell(w)
				}
			}
			b.ReportMetric(float64((cpuTime(b)-start).Nanoseconds())/float64(b.N)/float64(len(words)), "cpu-ns/word")
		})
	}
}
