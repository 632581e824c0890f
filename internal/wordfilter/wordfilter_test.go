package wordfilter

import (
	"fmt"
	"testing"
)

// TestNoFalseNegatives adds words and checks every one is reported, and
// that strings never added are mostly refused at the sized load.
func TestNoFalseNegatives(t *testing.T) {
	for _, n := range []int{0, 1, 100, 50_000} {
		f := New(n)
		for i := range n {
			f.Add(fmt.Sprintf("wort%d", i))
		}
		for i := range n {
			w := fmt.Sprintf("wort%d", i)
			if !f.MayHave(w) || !f.MayHaveBytes([]byte(w)) {
				t.Fatalf("n=%d: %q added but not reported", n, w)
			}
		}
		fp := 0
		const probes = 20_000
		for i := range probes {
			if f.MayHave(fmt.Sprintf("fehlt%d", i)) {
				fp++
			}
		}
		if rate := float64(fp) / probes; rate > 0.02 {
			t.Errorf("n=%d: false positive rate %.3f, want at most 0.02", n, rate)
		}
		if f.Full() {
			t.Errorf("n=%d: full at the size it was made for", n)
		}
	}
}

// TestZeroAndFull: the zero filter hides nothing, and a filter past its
// size says so.
func TestZeroAndFull(t *testing.T) {
	var zero Filter
	var none *Filter
	if !zero.MayHave("x") || !none.MayHave("x") || !none.MayHaveBytes([]byte("x")) {
		t.Fatal("an unbuilt filter must report every string as possibly present")
	}
	f := New(10)
	for i := 0; !f.Full(); i++ {
		if i > 10_000 {
			t.Fatal("a filter made for 10 strings is not full after 10 000")
		}
		f.Add(fmt.Sprint(i))
	}
}

func BenchmarkMayHave(b *testing.B) {
	f := New(400_000)
	for i := range 400_000 {
		f.Add(fmt.Sprintf("wort%d", i))
	}
	words := make([]string, 1024)
	for i := range words {
		words[i] = fmt.Sprintf("fehlt%d", i*7919)
	}
	i := 0
	for b.Loop() {
		f.MayHave(words[i&1023])
		i++
	}
}
