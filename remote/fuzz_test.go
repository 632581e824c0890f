package remote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// FuzzReadEvents feeds the event stream parser anything a server (or
// something posing as one) might send: it returns an error or events,
// never panics.
func FuzzReadEvents(f *testing.F) {
	f.Add("data: {\"seq\":1,\"owner\":\"o\",\"docs\":[\"d\"]}\n\n: ping\n\ndata: {\"seq\":2}\n\n")
	f.Add("data: {\n")
	f.Add("data: null\n")
	f.Add(strings.Repeat("x", 70000))
	f.Fuzz(func(t *testing.T, s string) {
		n := 0
		readEvents(strings.NewReader(s), func(ev Event) bool { n++; return n < 1000 }, func() {})
	})
}

// FuzzTokenFile reads a damaged or hostile token file: a check fails or
// names a reviewer whose token it is, never panics.
func FuzzTokenFile(f *testing.F) {
	f.Add(`{"name":"rev-a","sha256":"00","created":"2026-01-01T00:00:00Z"}` + "\n")
	f.Add("{\n\n}")
	f.Add(`{"name":"x","sha256":"` + hashToken("tok") + `"}`)
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "t")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		tk := NewTokens(p)
		who, err := tk.Check("tok")
		if err == nil && !strings.Contains(s, hashToken("tok")) {
			t.Fatalf("token accepted as %q by a file without its hash", who)
		}
		tk.Names()
	})
}

// FuzzDecodeSel reads a selection (a roaring bitmap) as a peer might send
// it, damaged or hostile: an error or a bitmap that answers, never a
// panic.
func FuzzDecodeSel(f *testing.F) {
	good := roaring.BitmapOf(1, 2, 3, 70000, 1<<20)
	good.AddRange(100, 5000)
	b, err := good.ToBytes()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	good.RunOptimize()
	if b, err = good.ToBytes(); err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte{})
	f.Add([]byte("not a bitmap"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sel, err := decodeSel(b)
		if err != nil {
			return
		}
		n := sel.GetCardinality()
		if n > 0 {
			if _, err := sel.Select(uint32(min(n-1, 3))); err != nil {
				t.Fatalf("a bitmap of %d does not select: %v", n, err)
			}
		}
		it := sel.Iterator()
		for i := 0; i < 10 && it.HasNext(); i++ {
			it.Next()
		}
	})
}
