package annot

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestSketchFindsTheSeedTwins checks the bundled seeds: 001 is an OCR scan
// of the press release that 004 copies from the web; no other pair of
// seeds is a twin.
func TestSketchFindsTheSeedTwins(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	sk := make([]Sketch, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ok bool
		if sk[i], ok = NewSketch(string(b)); !ok {
			t.Fatalf("%s: no sketch", f)
		}
	}
	for i := range files {
		for j := i + 1; j < len(files); j++ {
			sim := sk[i].Containment(&sk[j])
			a, b := filepath.Base(files[i])[:3], filepath.Base(files[j])[:3]
			twin := a == "001" && b == "004"
			t.Logf("%s~%s %.2f", a, b, sim)
			if got := sk[i].Twin(&sk[j]); got != twin {
				t.Errorf("%s~%s: similarity %.2f, twin %v, want %v", a, b, sim, got, twin)
			}
			if twin && !sharesBand(sk[i], sk[j]) {
				t.Errorf("%s~%s share no band", a, b)
			}
		}
	}
}

func sharesBand(a, b Sketch) bool {
	for k := range SketchBands {
		if a.Band(k) == b.Band(k) {
			return true
		}
	}
	return false
}

func TestSketchShortTextAndRoundTrip(t *testing.T) {
	if _, ok := NewSketch("zu kurz für einen Vergleich"); ok {
		t.Error("a five-word text got a sketch")
	}
	var words []string
	for i := range 40 {
		words = append(words, "wort"+strings.Repeat("x", i))
	}
	s, ok := NewSketch(strings.Join(words, " "))
	if !ok {
		t.Fatal("no sketch")
	}
	got, ok := DecodeSketch(s.Encode())
	if !ok || got != s || s.Similarity(&got) != 1 {
		t.Errorf("round trip: %v %v", ok, got == s)
	}
	if _, ok := DecodeSketch([]byte{1, 2, 3}); ok {
		t.Error("decoded three bytes")
	}
}

func FuzzSketch(f *testing.F) {
	f.Add("Köln tritt Chinesisch-Deutscher Industriestädteallianz bei", "Koln tritt Chinesisch-Deutscher Industriestadteallianz bei")
	f.Fuzz(func(t *testing.T, a, b string) {
		sa, _ := NewSketch(a)
		sb, _ := NewSketch(b)
		if s := sa.Containment(&sb); s < 0 || s > 1 {
			t.Fatalf("similarity %v", s)
		}
		if sa.Similarity(&sa) != 1 || sa.Pairs > 0 && sa.Containment(&sa) != 1 {
			t.Fatal("a sketch differs from itself")
		}
		if a == b && sa != sb {
			t.Fatal("one text, two sketches")
		}
		for _, x := range []string{a, b} {
			got, gotOK := NewSketch(x)
			want, wantOK := referenceSketch(x)
			if got != want || gotOK != wantOK {
				t.Fatalf("NewSketch(%q) differs from the reference", x)
			}
		}
	})
}

// TestSketchUnchanged pins the sketch function: stores keep the sketches
// of the texts they hold, and a new text's sketch must meet them.
func TestSketchUnchanged(t *testing.T) {
	var words []string
	for i := range 400 {
		words = append(words, fmt.Sprintf("Wört%d", i*7919%1000), "Straße", "köln")
	}
	s, ok := NewSketch(strings.Join(words, " "))
	if !ok {
		t.Fatal("no sketch")
	}
	const want = "ee90c815c3cdff0b5002abcb1bfe1eedf6e38d793191e19dd0026c819998bcca"
	if got := fmt.Sprintf("%x", sha256.Sum256(s.Encode())); got != want {
		t.Fatalf("the sketch changed: sha256 %s, want %s", got, want)
	}
}

// TestSketchAsReference checks NewSketch, which hashes while it scans and
// deduplicates by sorting, against the plain form it replaced, on texts
// that take every path: ASCII and not, upper case folded to ASCII (the
// Kelvin sign) or to a longer rune, digits of other scripts, marks and
// bytes that are not UTF-8, repeated pairs.
func TestSketchAsReference(t *testing.T) {
	var long []string
	for i := range 300 {
		long = append(long, fmt.Sprintf("Wört%d", i*7919%500), "STRASSE", "Straße", "köln", "KÖLN")
	}
	texts := []string{
		"",
		"a",
		"ein zwei",
		"Köln tritt Chinesisch-Deutscher Industriestädteallianz bei",
		strings.Join(long, " "),
		strings.Join(long, "\n\t,;"),
		strings.Repeat("Der Rhein fließt bei Köln. ", 40),
		strings.Repeat("\u212a\u212A ẞ ΣΊΣΥΦΟΣ straße ß ١٢٣ ४५ x\u0301y ", 30),
		strings.Repeat("ab\xffcd \xc3 e\xe2\x82 f\x00g Z9z ", 30),
		strings.Repeat("Ǆemal ǅemal ǆemal İstanbul ıi ", 30),
	}
	for _, x := range texts {
		got, gotOK := NewSketch(x)
		want, wantOK := referenceSketch(x)
		if got != want || gotOK != wantOK {
			t.Errorf("NewSketch(%.40q): pairs %d %v, the reference %d %v, rows equal %v",
				x, got.Pairs, gotOK, want.Pairs, wantOK, got.Min == want.Min)
		}
	}
}

// referenceSketch is NewSketch as it was first written: the words as
// strings.FieldsFuncSeq splits them, each hashed by referenceWord, the
// pairs deduplicated in a map.
func referenceSketch(text string) (Sketch, bool) {
	var s Sketch
	for i := range s.Min {
		s.Min[i] = ^uint32(0)
	}
	pairs := 0
	seen := make(map[uint64]struct{})
	prev := uint64(0)
	var seeds [SketchSize]uint64
	for i := range seeds {
		seeds[i] = sketchSeed(i)
	}
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		h := referenceWord(w)
		if x := sketchMix(prev*31 + h); prev != 0 {
			if _, dup := seen[x]; !dup {
				seen[x] = struct{}{}
				s.add(x, &seeds)
				pairs++
			}
		}
		prev = h
	}
	s.Pairs = uint32(min(pairs, 1<<31))
	return s, pairs >= sketchMinPairs
}

// referenceWord hashes a word folded to lower case (FNV-1a).
func referenceWord(w string) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range w {
		r = unicode.ToLower(r)
		for r != 0 {
			h ^= uint64(r & 0xff)
			h *= 1099511628211
			r >>= 8
		}
	}
	return h | 1
}

// BenchmarkNewSketch sketches a 3 KB German text; the reference form is
// beside it for comparison.
func BenchmarkNewSketch(b *testing.B) {
	text := strings.Repeat("Die Chinesisch-Deutsche Industriestädteallianz ist ein innovatives Bündnis leistungsstarker Wirtschaftsstandorte mit Industrie. ", 24)
	b.Run("new", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			NewSketch(text)
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			referenceSketch(text)
		}
	})
}

// BenchmarkSketchAdd adds the 500 distinct pairs of about a 3 KB text,
// four at a time (addAll) and one by one (add).
func BenchmarkSketchAdd(b *testing.B) {
	xs := make([]uint64, 501)
	for i := range xs {
		xs[i] = sketchMix(uint64(i + 1))
	}
	var seeds [SketchSize]uint64
	for i := range seeds {
		seeds[i] = sketchSeed(i)
	}
	b.Run("addAll", func(b *testing.B) {
		for b.Loop() {
			var s Sketch
			s.addAll(xs, &seeds)
		}
	})
	b.Run("add", func(b *testing.B) {
		for b.Loop() {
			var s Sketch
			for _, x := range xs {
				s.add(x, &seeds)
			}
		}
	})
}

// TestSketchAddAll holds addAll to add of each pair, for every count of
// pairs left over by its fours.
func TestSketchAddAll(t *testing.T) {
	var seeds [SketchSize]uint64
	for i := range seeds {
		seeds[i] = sketchSeed(i)
	}
	for n := range 13 {
		xs := make([]uint64, n)
		for i := range xs {
			xs[i] = sketchMix(uint64(i*n + 7))
		}
		var got, want Sketch
		for i := range got.Min {
			got.Min[i], want.Min[i] = ^uint32(0), ^uint32(0)
		}
		got.addAll(xs, &seeds)
		for _, x := range xs {
			want.add(x, &seeds)
		}
		if got != want {
			t.Errorf("%d pairs: addAll differs from add", n)
		}
	}
}
