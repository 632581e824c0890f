package corpus

import (
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		warnings       []string
	}{
		{"plain", "Köln am Rhein\n", "Köln am Rhein\n", nil},
		{"empty", "", "", nil},
		{"bom", "\xEF\xBB\xBFKöln", "Köln", []string{"dropped a byte order mark"}},
		{"all leading boms", "\uFEFF\uFEFFa\uFEFF", "a\uFEFF", []string{"dropped 2 byte order marks"}},
		{"bom not at start", "a\uFEFFb", "a\uFEFFb", nil},
		{"crlf", "eins\r\nzwei\r\n", "eins\nzwei\n", nil},
		{"lone cr", "eins\rzwei\r", "eins\nzwei\n", nil},
		{"cr cr lf", "a\r\r\nb", "a\n\nb", nil},
		{"nfd to nfc", "Ko\u0308ln, Mu\u0308nchen, Stra\u00dfe", "Köln, München, Straße", nil},
		{"invalid bytes", "a\xffb\xfe", "a\uFFFDb\uFFFD", []string{"replaced 2 invalid UTF-8 bytes with U+FFFD"}},
		{"truncated sequence", "\xe2\x82x", "\uFFFD\uFFFDx", []string{"replaced 2 invalid UTF-8 bytes with U+FFFD"}},
		{"one invalid byte", "F\xfcr", "F\uFFFDr", []string{"replaced 1 invalid UTF-8 byte with U+FFFD"}},
		{"controls kept", "a\tb\x00c\x1b[31m\u0085\u200b\u202e\x7f\f", "a\tb\x00c\x1b[31m\u0085\u200b\u202e\x7f\f", nil},
		{"all at once", "\uFEFFKo\u0308ln\r\n\xff", "Köln\n\uFFFD", []string{"replaced 1 invalid UTF-8 byte with U+FFFD", "dropped a byte order mark"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []Normalized{Normalize([]byte(tt.in)), NormalizeString(tt.in)} {
				if n.Text != tt.want {
					t.Errorf("Text = %+q, want %+q", n.Text, tt.want)
				}
				if !reflect.DeepEqual(n.Warnings, tt.warnings) {
					t.Errorf("Warnings = %q, want %q", n.Warnings, tt.warnings)
				}
			}
		})
	}
}

func TestMapSpan(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		start, end int
		want       annot.Span
		ok         bool
		covers     string
	}{
		// K0 o1 ̈2 l3 n4 ,5 _6 M7 u8 ̈9 n10 c11 h12 e13 n14
		{"nfd: span after merged letters", "Ko\u0308ln, Mu\u0308nchen", 7, 15, annot.Span{Start: 6, End: 13}, true, "München"},
		{"nfd: span over merged letter", "Ko\u0308ln, Mu\u0308nchen", 0, 5, annot.Span{Start: 0, End: 4}, true, "Köln"},
		{"nfd: starting at the base letter", "Ko\u0308ln, Mu\u0308nchen", 8, 15, annot.Span{Start: 7, End: 13}, true, "ünchen"},
		{"nfd: ending between letter and accent", "Ko\u0308ln, Mu\u0308nchen", 7, 9, annot.Span{}, false, ""},
		{"nfd: starting at the accent", "Ko\u0308ln, Mu\u0308nchen", 9, 15, annot.Span{}, false, ""},
		// Z0 e1 i2 l3 e4 \r5 \n6 K7 ö8 l9 n10
		{"crlf before span", "Zeile\r\nKöln", 7, 11, annot.Span{Start: 6, End: 10}, true, "Köln"},
		{"span over crlf", "Zeile\r\nKöln", 5, 7, annot.Span{Start: 5, End: 6}, true, "\n"},
		{"span between cr and lf", "Zeile\r\nKöln", 6, 11, annot.Span{}, false, ""},
		{"lone cr keeps positions", "a\rb", 2, 3, annot.Span{Start: 2, End: 3}, true, "b"},
		{"many crlf before span", "a\r\nb\r\nc\r\nKöln", 9, 13, annot.Span{Start: 6, End: 10}, true, "Köln"},
		{"bom", "\uFEFFKöln", 1, 5, annot.Span{Start: 0, End: 4}, true, "Köln"},
		{"span with the bom", "\uFEFFKöln", 0, 2, annot.Span{Start: 0, End: 1}, true, "K"},
		{"span of only the bom", "\uFEFFKöln", 0, 1, annot.Span{}, false, ""},
		{"two boms", "\uFEFF\uFEFFKöln", 2, 6, annot.Span{Start: 0, End: 4}, true, "Köln"},
		{"between two boms", "\uFEFF\uFEFFKöln", 1, 6, annot.Span{Start: 0, End: 4}, true, "Köln"},
		// BOM0 Z1 e2 i3 l4 e5 \r6 \n7 K8 o9 ̈10 l11 n12
		{"bom, crlf and nfd", "\uFEFFZeile\r\nKo\u0308ln", 8, 13, annot.Span{Start: 6, End: 10}, true, "Köln"},
		{"empty span", "\uFEFFKöln", 3, 3, annot.Span{Start: 2, End: 2}, true, ""},
		{"whole text", "\uFEFFZeile\r\nKo\u0308ln", 0, 13, annot.Span{Start: 0, End: 10}, true, "Zeile\nKöln"},
		{"out of range", "\uFEFFZeile\r\nKo\u0308ln", 8, 14, annot.Span{}, false, ""},
		{"negative", "Köln", -1, 2, annot.Span{}, false, ""},
		{"inverted", "Köln", 3, 2, annot.Span{}, false, ""},
		{"unchanged text", "Köln", 0, 4, annot.Span{Start: 0, End: 4}, true, "Köln"},
		{"unchanged text, out of range", "Köln", 0, 5, annot.Span{}, false, ""},
		// a0 U+FFFD1 K2 ö3 l4 n5: one code point per invalid byte
		{"after an invalid byte", "a\xffKöln", 2, 6, annot.Span{Start: 2, End: 6}, true, "Köln"},
		{"after invalid bytes and crlf", "\xff\xfe\r\nKöln", 4, 8, annot.Span{Start: 3, End: 7}, true, "Köln"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []Normalized{Normalize([]byte(tt.in)), NormalizeString(tt.in)} {
				got, ok := n.MapSpan(tt.start, tt.end)
				if ok != tt.ok || got != tt.want {
					t.Fatalf("MapSpan(%d, %d) of %+q = %v, %v; want %v, %v", tt.start, tt.end, tt.in, got, ok, tt.want, tt.ok)
				}
				if ok {
					if c := annot.Slice(n.Text, got); c != tt.covers {
						t.Errorf("span covers %q, want %q", c, tt.covers)
					}
				}
			}
		})
	}
}

func TestMapSpanZeroValue(t *testing.T) {
	var n Normalized
	if _, ok := n.MapSpan(0, 1); ok {
		t.Error("the zero Normalized mapped [0,1)")
	}
	if sp, ok := n.MapSpan(0, 0); !ok || sp != (annot.Span{}) {
		t.Errorf("MapSpan(0, 0) = %v, %v", sp, ok)
	}
}

func TestInputLen(t *testing.T) {
	for in, want := range map[string]int{"": 0, "Köln": 4, "\uFEFFa\r\nb": 5, "\uFEFF\uFEFF": 2, "Ko\u0308ln": 5, "a\xff": 2} {
		if got := Normalize([]byte(in)).InputLen(); got != want {
			t.Errorf("InputLen of %+q = %d, want %d", in, got, want)
		}
	}
}

func TestIDAndHash(t *testing.T) {
	// the SHA-256 of "" is well known
	if got := annot.Hash(""); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("annot.Hash(\"\") = %s", got)
	}
	if got := ID(""); got != "e3b0c44298fc1c14" {
		t.Errorf("ID(\"\") = %s", got)
	}
	if ID("Köln") == ID("Koln") {
		t.Error("different texts got the same id")
	}
}

func TestTitle(t *testing.T) {
	words := ""
	for range 40 {
		words += "Wort "
	}
	want := ""
	for i := range 23 {
		if i > 0 {
			want += " "
		}
		want += "Wort"
	}
	umlauts := ""
	for range 200 {
		umlauts += "ä"
	}
	exact := umlauts[:2*MaxTitle]
	tests := []struct{ name, text, want string }{
		{"first line", "Hallo Welt\nzweite Zeile", "Hallo Welt"},
		{"leading blank lines", "\n\n   \n \u00a0\t Überschrift  \nText", "Überschrift"},
		{"long line cut at a space", words + "\nmehr", want + "…"},
		{"long line without spaces", umlauts, umlauts[:2*(MaxTitle-1)] + "…"},
		{"exactly the limit", exact + "\nx", exact},
		{"empty", "", ""},
		{"blank", " \n\t\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Title(tt.text)
			if got != tt.want {
				t.Errorf("Title = %q, want %q", got, tt.want)
			}
			if n := annot.Runes(got); n > MaxTitle {
				t.Errorf("title has %d code points", n)
			}
		})
	}
}

// TestIsNFC checks the fast path against the norm package, and the fact it
// rests on: every code point below U+0300 is a starter that never combines
// with what precedes it.
func TestIsNFC(t *testing.T) {
	for r := rune(0); r < 0x300; r++ {
		p := norm.NFC.PropertiesString(string(r))
		if !p.BoundaryBefore() || p.CCC() != 0 || !norm.NFC.IsNormalString(string(r)) {
			t.Fatalf("U+%04X is not a stable starter", r)
		}
	}
	for _, s := range []string{
		"", "Köln", "Ko\u0308ln", "o\u0308", "\u0308", "a\u0301\u0308", "a\u0323\u0301",
		"„Straße“ – fünf Grüße…", "\u1100\u1161", "\u0b47\u0b3e", "x\u2000y", "Å", "\u212b",
		"Köln\u0308", "ß\u0308", "ÿ\u0304", "e\u0301e\u0301e", "\u00e9\u0301", "\u0344", "abcdefghi\u0308jk",
	} {
		if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
			t.Errorf("isNFC(%+q) = %v, want %v", s, got, want)
		}
	}
}
