package remote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
