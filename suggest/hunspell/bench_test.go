package hunspell

import (
	"runtime"
	"testing"
)

// BenchmarkLoadDeDE loads and indexes the system de_DE; it reports the heap
// the loaded dictionary keeps.
func BenchmarkLoadDeDE(b *testing.B) {
	loadDeDE(b) // skips without de_DE
	for b.Loop() {
		if _, err := Open(deAff, deDic); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
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
			for b.Loop() {
				d.Spell(c.word)
			}
		})
	}
}

// BenchmarkFormsDeDE generates every de_DE form.
func BenchmarkFormsDeDE(b *testing.B) {
	d := loadDeDE(b)
	for b.Loop() {
		n := 0
		d.Forms(func(string) bool { n++; return true })
	}
}
