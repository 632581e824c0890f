package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestFilterCrash(t *testing.T) {
	for _, c := range []struct{ in, out, first string }{
		{"imported 3 documents\n", "imported 3 documents\n", ""},
		{"a\rprogress\x1b[K\nrest\n", "a\rprogress\x1b[K\nrest\n", ""},
		{"ok line\nruntime: goroutine stack exceeds 67108864-byte limit\nfatal error: stack overflow\n\ngoroutine 1 [running]:\n", "ok line\n", "stack overflow"},
		{"fatal error: out of memory\nmore", "", "fatal error: out of memory"},
		{"panic: boom\x1b]2;x\x07\n\ngoroutine 7\n", "", "panic: boom␛]2;x␇"},
		{"not at line start: panic: x\n", "not at line start: panic: x\n", ""},
	} {
		var w bytes.Buffer
		first := filterCrash(&w, strings.NewReader(c.in))
		if w.String() != c.out || first != c.first {
			t.Errorf("filterCrash(%q) wrote %q and returned %q; want %q and %q", c.in, w.String(), first, c.out, c.first)
		}
	}
}

// TestSuggesterPanicIsAnError: a panic while building the suggester in
// the background ends as an error, not a crash of the TUI.
func TestSuggesterPanicIsAnError(t *testing.T) {
	b := startSuggester(func(func()) (*suggester, error) { panic("damaged page") })
	if got := b.Suggest("d", "text", nil); got != nil {
		t.Errorf("Suggest = %v", got)
	}
	if b.err == nil || !strings.Contains(b.err.Error(), "damaged page") {
		t.Errorf("err = %v", b.err)
	}
}
