package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain name.txt", "plain name.txt"},
		{"Köln – 東京 👍🏽", "Köln – 東京 👍🏽"},
		{"a\x1b]52;c;SGVsbG8=\x07.bin", "a␛]52;c;SGVsbG8=␇.bin"},
		{"\x1b]2;PWNED\x07", "␛]2;PWNED␇"},
		{"x\ry\bz\x00", "x␍y␈z␀"},
		{"two\nlines", "two␤lines"},
		{"tab\there", "tab here"},
		{"del\x7f c1\u009b", "del␡ c1␦"},
		{"bidi\u202egnp.exe", "bidi⇄gnp.exe"},
		{"zero\u200bwidth", "zerowidth"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"sep\u2028x", "sep␤x"},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Text("a\nb\x1b"); got != "a\nb␛" {
		t.Errorf("Text kept %q", got)
	}
}

// FuzzLine: the output never holds a control character (line breaks
// aside in Text), is valid UTF-8, and clean text passes unchanged.
func FuzzLine(f *testing.F) {
	f.Add("a\x1b[31mred\x1b[0m\n\u009b\u202e\xff")
	f.Add("plain")
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []bool{false, true} {
			out := clean(s, keep)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if r == '\n' && keep {
					continue
				}
				if _, _, sp := Special(r); sp {
					t.Fatalf("clean(%q, %v) = %q holds %U", s, keep, out, r)
				}
			}
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { _, _, sp := Special(r); return sp || r == '\n' }) && Line(s) != s {
			t.Fatalf("clean text %q changed", s)
		}
	})
}
