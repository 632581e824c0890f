package annot

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func corr(start, end int, repl string) Annotation {
	return Annotation{Kind: KindCorrection, Start: start, End: end, Value: repl}
}

func TestApply(t *testing.T) {
	text := "Kdln ist feierli-\nchem Biindnis." // code points: Kdln 0-4, feierli-\nchem 9-22, Biindnis 23-31
	cases := []struct {
		name string
		anns []Annotation
		want string
	}{
		{"none", nil, text},
		{"one", []Annotation{corr(0, 4, "Köln")}, "Köln ist feierli-\nchem Biindnis."},
		{"several, unsorted", []Annotation{corr(23, 31, "Bündnis"), corr(9, 22, "feierlichem"), corr(0, 4, "Köln")}, "Köln ist feierlichem Bündnis."},
		{"deletion", []Annotation{corr(4, 8, "")}, "Kdln feierli-\nchem Biindnis."},
		{"others ignored", []Annotation{{Kind: KindEntity, Start: 0, End: 4, Label: "LOC"}}, text},
		{"overlap skipped", []Annotation{corr(0, 4, "Köln"), corr(2, 6, "x")}, "Köln ist feierli-\nchem Biindnis."},
		{"out of range skipped", []Annotation{corr(31, 99, "x")}, text},
	}
	for _, c := range cases {
		got := Apply(text, c.anns)
		if got.Text != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got.Text, c.want)
		}
		if n := got.Map.CorrectedLen(); n != utf8.RuneCountInString(got.Text) {
			t.Errorf("%s: CorrectedLen %d, text has %d", c.name, n, utf8.RuneCountInString(got.Text))
		}
	}
}

func TestOffsetMap(t *testing.T) {
	text := "Kdln ist feierli-\nchem Biindnis."
	c := Apply(text, []Annotation{corr(0, 4, "Köln"), corr(4, 8, ""), corr(9, 22, "feierlichem")})
	if c.Text != "Köln feierlichem Biindnis." {
		t.Fatalf("corrected %q", c.Text)
	}
	cases := []struct {
		orig, corr Span
	}{
		{Span{0, 4}, Span{0, 4}},     // the corrected word
		{Span{23, 31}, Span{17, 25}}, // a word after the edits
		{Span{9, 22}, Span{5, 16}},   // the joined word
		{Span{0, 22}, Span{0, 16}},   // across all of them
	}
	for _, tc := range cases {
		if got := c.Map.SpanToCorrected(tc.orig); got != tc.corr {
			t.Errorf("SpanToCorrected(%v) = %v, want %v", tc.orig, got, tc.corr)
		}
		if got := c.Map.SpanToOriginal(tc.corr); got != tc.orig {
			t.Errorf("SpanToOriginal(%v) = %v, want %v", tc.corr, got, tc.orig)
		}
	}
	// a span inside a replacement widens to the whole correction
	if got := c.Map.SpanToOriginal(Span{6, 8}); got != (Span{9, 22}) {
		t.Errorf("inside a replacement: %v", got)
	}
	// a span cutting into a correction widens to its whole replacement
	if got := c.Map.SpanToCorrected(Span{10, 12}); got != (Span{5, 16}) {
		t.Errorf("inside a correction: %v", got)
	}
	// the deleted " ist" never joins a span of the corrected text
	if got := c.Map.SpanToOriginal(Span{4, 5}); got != (Span{8, 9}) {
		t.Errorf("around a deletion: %v", got)
	}
	segs := c.Map.Segments()
	var b strings.Builder
	for _, s := range segs {
		if s.Kept {
			b.WriteString(Slice(text, s.Orig))
		} else {
			b.WriteString(Slice(c.Text, s.Corr))
		}
	}
	if b.String() != c.Text {
		t.Errorf("segments rebuild %q", b.String())
	}
}

func TestNilMapIsIdentity(t *testing.T) {
	var m *OffsetMap
	if m.ToCorrected(7, true) != 7 || m.ToOriginal(7, false) != 7 || m.SpanToCorrected(Span{1, 3}) != (Span{1, 3}) {
		t.Fatal("nil map is not the identity")
	}
}

// FuzzOffsetMap applies arbitrary non-overlapping corrections to arbitrary
// text and checks the map: no panics, every position maps inside the other
// text, corrected spans of kept text show the same characters, and spans
// between corrections round-trip.
func FuzzOffsetMap(f *testing.F) {
	f.Add("Kdln ist feierli-\nchem Biindnis.", uint8(0), uint8(4), "Köln", uint8(9), uint8(21), "")
	f.Add("日本語 ümlaut 🎉 x", uint8(1), uint8(2), "字", uint8(5), uint8(5), "ü")
	f.Add("", uint8(0), uint8(0), "", uint8(0), uint8(0), "")
	f.Fuzz(func(t *testing.T, text string, s1, e1 uint8, r1 string, s2, e2 uint8, r2 string) {
		if !utf8.ValidString(text) || !utf8.ValidString(r1) || !utf8.ValidString(r2) {
			return
		}
		n := Runes(text)
		var anns []Annotation
		for _, c := range []Annotation{corr(int(s1), int(e1), r1), corr(int(s2), int(e2), r2)} {
			if Check(c, n) == nil && Conflict(c, anns) == nil {
				anns = append(anns, c)
			}
		}
		c := Apply(text, anns)
		cn := Runes(c.Text)
		if c.Map.CorrectedLen() != cn {
			t.Fatalf("CorrectedLen %d, text has %d", c.Map.CorrectedLen(), cn)
		}
		for p := 0; p <= n; p++ {
			for _, start := range []bool{true, false} {
				q := c.Map.ToCorrected(p, start)
				if q < 0 || q > cn {
					t.Fatalf("ToCorrected(%d) = %d outside [0,%d]", p, q, cn)
				}
			}
		}
		for p := 0; p <= cn; p++ {
			for _, start := range []bool{true, false} {
				q := c.Map.ToOriginal(p, start)
				if q < 0 || q > n {
					t.Fatalf("ToOriginal(%d) = %d outside [0,%d]", p, q, n)
				}
			}
		}
		for _, seg := range c.Map.Segments() {
			if seg.Kept {
				if Slice(text, seg.Orig) != Slice(c.Text, seg.Corr) {
					t.Fatalf("kept segment %v/%v differs", seg.Orig, seg.Corr)
				}
				if got := c.Map.SpanToCorrected(seg.Orig); got != seg.Corr {
					t.Fatalf("SpanToCorrected(%v) = %v, want %v", seg.Orig, got, seg.Corr)
				}
				if got := c.Map.SpanToOriginal(seg.Corr); seg.Orig.Len() > 0 && got != seg.Orig {
					t.Fatalf("SpanToOriginal(%v) = %v, want %v", seg.Corr, got, seg.Orig)
				}
			}
		}
	})
}

// TestMapSpaces: a text rebuilt from tokens maps onto its source where
// only white space differs, and not where anything else does.
func TestMapSpaces(t *testing.T) {
	a := "Die Stadt Köln. Sie ist alt."
	b := "Die Stadt Köln.\n\nSie  ist alt.\n"
	m, ok := MapSpaces(a, b)
	if !ok {
		t.Fatal("only white space differs, and MapSpaces says otherwise")
	}
	for _, c := range []struct {
		in   Span
		want string
	}{
		{Span{10, 14}, "Köln"},
		{Span{16, 23}, "Sie  ist"},
		{Span{0, 28}, "Die Stadt Köln.\n\nSie  ist alt."},
	} {
		if got := Slice(b, m.Span(c.in)); got != c.want {
			t.Errorf("%v maps onto %q, want %q", c.in, got, c.want)
		}
	}
	for _, other := range []string{"Die Stadt Koln. Sie ist alt.", "Die Stadt Köln. Sie ist alt", "Die Stadt Köln. Sie ist alt. x"} {
		if _, ok := MapSpaces(a, other); ok {
			t.Errorf("MapSpaces(%q, %q) says only white space differs", a, other)
		}
	}
}

// FuzzMapSpaces: where MapSpaces says two texts differ only in white
// space, each rune of the first that is not white space maps onto the
// same rune of the second, in order, and every span onto a span of it.
func FuzzMapSpaces(f *testing.F) {
	f.Add("Die Stadt Köln. Sie", "Die Stadt Köln.\n\nSie")
	f.Add(" a b ", "ab")
	f.Add("x", "y")
	f.Fuzz(func(t *testing.T, a, b string) {
		m, ok := MapSpaces(a, b)
		if !ok {
			return
		}
		ra, rb := []rune(a), []rune(b)
		prev := -1
		for i, r := range ra {
			if unicode.IsSpace(r) {
				continue
			}
			j := m.to[i]
			if j <= prev || j >= len(rb) || rb[j] != r {
				t.Fatalf("rune %d %q of %q maps to %d of %q", i, r, a, j, b)
			}
			prev = j
		}
		for s := 0; s <= len(ra); s++ {
			for e := s; e <= len(ra) && e <= s+3; e++ {
				sp := m.Span(Span{s, e})
				if sp.Start < 0 || sp.End < sp.Start || sp.End > len(rb) {
					t.Fatalf("span [%d,%d) of %q maps to %v, outside %q", s, e, a, sp, b)
				}
			}
		}
	})
}
