package annot

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			sim := sk[i].Containment(sk[j])
			a, b := filepath.Base(files[i])[:3], filepath.Base(files[j])[:3]
			twin := a == "001" && b == "004"
			t.Logf("%s~%s %.2f", a, b, sim)
			if got := sk[i].Twin(sk[j]); got != twin {
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
	if !ok || got != s || s.Similarity(got) != 1 {
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
		if s := sa.Containment(sb); s < 0 || s > 1 {
			t.Fatalf("similarity %v", s)
		}
		if sa.Similarity(sa) != 1 || sa.Pairs > 0 && sa.Containment(sa) != 1 {
			t.Fatal("a sketch differs from itself")
		}
		if a == b && sa != sb {
			t.Fatal("one text, two sketches")
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
