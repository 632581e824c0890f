package docview

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/suggest"
)

// checkLayout asserts that every line of v draws in at most w cells (a
// space at the edge may hang one past it, the reader keeps a column for
// it; a unit wider than the line stands alone) and that view and stored
// positions map back and forth.
func checkLayout(t *testing.T, v *View, w int) {
	t.Helper()
	for k := range v.Lines {
		col, widest := 0, 0
		v.WalkLine(k, func(c Cell) bool {
			col += c.W
			widest = max(widest, c.W)
			return true
		})
		if col > max(w, widest)+1 {
			t.Fatalf("line %d draws %d cells at width %d", k, col, w)
		}
	}
	if v.Mode == Original {
		for p := 0; p <= v.Len(); p++ {
			if got := v.ToView(v.ToStored(p, true), true); got != p {
				t.Fatalf("position %d maps back to %d", p, got)
			}
		}
	}
}

func TestBuildWidths(t *testing.T) {
	text := "👍🏽 Daumen hoch und 👨\u200d👩\u200d👧 Familie, 🇩🇪 Flagge, 漢字 CJK, Cafe\u0301.\n\x1b]0;title\x07 tab\there"
	for _, w := range []int{1, 2, 3, 5, 8, 13, 40} {
		for _, m := range []Mode{Original, Corrected, Diff} {
			v := Build(Request{ID: "d", Text: text, Mode: m, Width: w})
			checkLayout(t, v, w)
		}
	}
}

func TestBuildSuggestionDecos(t *testing.T) {
	text := "Kdln und Nirnberg"
	suggs := []suggest.Suggestion{
		{Start: 0, End: 4, Text: "Kdln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln"}}},
		{Start: 9, End: 17, Text: "Nirnberg", Kind: suggest.KindOCR},
	}
	v := Build(Request{ID: "d", Text: text, Suggs: suggs, Mode: Original, Width: 80})
	var b strings.Builder
	v.WalkLine(0, func(c Cell) bool {
		b.WriteString(c.Disp)
		return true
	})
	if got := b.String(); got != "Kdln→Köln und Nirnberg?" {
		t.Fatalf("line %q", got)
	}
	if len(v.SuggV) != 2 || v.SuggAt(10) != 1 || v.SuggAt(5) != -1 {
		t.Fatalf("suggestion spans %v", v.SuggV)
	}
}

// FuzzBuild: any text at any width lays out without panicking, within
// the width, with positions that map back.
func FuzzBuild(f *testing.F) {
	f.Add("Kdln ist auf\nInitiative 👍🏽", 7, 0)
	f.Add("\x1b[2J\u202e\u200d\ufe0f", 1, 2)
	f.Fuzz(func(t *testing.T, text string, w, mode int) {
		if !utf8.ValidString(text) || len(text) > 4096 {
			return
		}
		w = 1 + abs(w)%120
		m := Mode(abs(mode) % 3)
		n := utf8.RuneCountInString(text)
		anns := []annot.Annotation{}
		if n > 2 {
			anns = append(anns, annot.Annotation{ID: "c", Kind: annot.KindCorrection, Start: 1, End: 2, Value: "ö"})
		}
		v := Build(Request{ID: "d", Text: text, Anns: anns, Mode: m, Width: w})
		checkLayout(t, v, w)
		_ = Sanitize(text)
	})
}

func abs(x int) int {
	if x < 0 {
		if x == -x {
			return 0
		}
		return -x
	}
	return x
}

// TestBuildNestedEntities: an entity that nests in or overlaps another is
// opened by OpenMark and closed by its chip, inner chips first; entities
// apart get no mark; the inner entity's colour wins on shared text.
func TestBuildNestedEntities(t *testing.T) {
	ent := func(s, e int, label string) annot.Annotation {
		return annot.Annotation{ID: label + itoa(s), Kind: annot.KindEntity, Start: s, End: e, Label: label}
	}
	tests := []struct {
		name string
		text string
		anns []annot.Annotation
		want string
	}{
		{"apart", "Anna in Köln", []annot.Annotation{ent(8, 12, "LOC"), ent(0, 4, "PER")}, "Anna[PER] in Köln[LOC]"},
		{"adjacent", "AnnaKöln", []annot.Annotation{ent(0, 4, "PER"), ent(4, 8, "LOC")}, "Anna[PER]Köln[LOC]"},
		{"nested", "Universität Köln", []annot.Annotation{ent(12, 16, "LOC"), ent(0, 16, "ORG")}, "‹Universität ‹Köln[LOC][ORG]"},
		{"same start", "Stadt Köln", []annot.Annotation{ent(0, 5, "MISC"), ent(0, 10, "ORG")}, "‹‹Stadt[MISC] Köln[ORG]"},
		{"same span", "Köln", []annot.Annotation{ent(0, 4, "LOC"), ent(0, 4, "ORG")}, "‹‹Köln[ORG][LOC]"},
		{"crossing", "a b c", []annot.Annotation{ent(0, 3, "X"), ent(2, 5, "Y")}, "‹a ‹b[X] c[Y]"},
		{"three deep", "abc", []annot.Annotation{ent(0, 3, "A"), ent(1, 3, "B"), ent(2, 3, "C")}, "‹a‹b‹c[C][B][A]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Build(Request{ID: "d", Text: tt.text, Anns: tt.anns, Mode: Original, Width: 80})
			var b strings.Builder
			v.WalkLine(0, func(c Cell) bool {
				b.WriteString(c.Disp)
				return true
			})
			if got := b.String(); got != tt.want {
				t.Fatalf("line %q, want %q", got, tt.want)
			}
		})
	}
	// the inner entity is drawn last over the text it shares
	v := Build(Request{ID: "d", Text: "Universität Köln", Anns: tests[2].anns, Mode: Original, Width: 80})
	var last Range
	for _, r := range v.RangesIn(12, 13) {
		if r.Flags&FlagEntity != 0 {
			last = r
		}
	}
	if v.Labels[last.Label] != "LOC" {
		t.Fatalf("on Köln the last entity range is %s, want LOC", v.Labels[last.Label])
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestNextUnitLatinAsClusters: the short cut for two-byte Latin letters
// and three-byte dashes and quotation marks gives the unit the grapheme
// measure gives, for every such rune at a text's end and before ASCII.
func TestNextUnitLatinAsClusters(t *testing.T) {
	var short []rune
	for r := rune(latinFirst); r <= latinLast; r++ {
		short = append(short, r)
	}
	for r := rune(punctFirst); r <= punctLast; r++ {
		short = append(short, r)
	}
	for _, r := range short {
		for _, after := range []string{"", "a", " ", "."} {
			s := string(r) + after
			got := nextUnit(s, 0)
			want := clusterUnit(s, 0, r, utf8.RuneLen(r))
			if got != want {
				t.Errorf("%U before %q: %+v, measured %+v", r, after, got, want)
			}
		}
	}
	// before a combining mark the letter is measured with it
	if u := nextUnit("e\u0301x", 0); u.n != 3 || u.runes != 2 {
		t.Errorf("e + U+0301: %+v, want one unit of two runes", u)
	}
	if u := nextUnit("é\u0308x", 0); u.n != 4 || u.runes != 2 {
		t.Errorf("é + U+0308: %+v, want one unit of two runes", u)
	}
}

// TestSimpleWidthAsMeasured: the short cut of Width and Cut for text of
// one-cell runes gives what the grapheme measure gives, for every such
// rune and for mixed text, and stands aside for anything else.
func TestSimpleWidthAsMeasured(t *testing.T) {
	var simple []rune
	for r := rune(0x20); r < 0x7f; r++ {
		simple = append(simple, r)
	}
	for r := rune(latinFirst); r <= latinLast; r++ {
		simple = append(simple, r)
	}
	for r := rune(punctFirst); r <= punctLast; r++ {
		simple = append(simple, r)
	}
	simple = append(simple, '←', '↑', '→', '↓')
	for _, r := range simple {
		s := string(r) + "x" + string(r)
		if n, ok := simpleWidth(s); !ok || n != ansi.StringWidth(s) {
			t.Errorf("%U: simpleWidth %d %v, measured %d", r, n, ok, ansi.StringWidth(s))
		}
		if got := sanitizeUnits(s); got != s {
			t.Errorf("%U: sanitized unit by unit to %q: it does not show as itself", r, got)
		}
	}
	for _, s := range []string{"1 → Köln  0.90", "unknown word; looks like OCR damage: d→ö gives Köln", "„Zitat“ – Straße…", ""} {
		if n, ok := simpleWidth(s); !ok || n != ansi.StringWidth(s) {
			t.Errorf("%q: simpleWidth %d %v, measured %d", s, n, ok, ansi.StringWidth(s))
		}
		for w := 1; w <= len(s)+1; w++ {
			if got, want := Cut(s, w), ansi.Truncate(s, w, ""); got != want {
				t.Errorf("Cut(%q, %d) = %q, measured %q", s, w, got, want)
			}
		}
	}
	for _, s := range []string{"e\u0301", "漢字", "\x1b[1mbold\x1b[0m", "tab\there", "👍", "a\u200db"} {
		if _, ok := simpleWidth(s); ok {
			t.Errorf("%q taken as simple", s)
		}
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, measured %d", s, got, want)
		}
	}
}

// FuzzWidth: whenever the short cut takes a text, it measures it as the
// grapheme measure does, and Cut cuts it as ansi.Truncate does.
func FuzzWidth(f *testing.F) {
	for _, s := range []string{"Köln → Kdln", "„a“ – b", "e\u0301", "x\x1b[31my"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		if n, ok := simpleWidth(s); ok && n != ansi.StringWidth(s) {
			t.Fatalf("%q: simpleWidth %d, measured %d", s, n, ansi.StringWidth(s))
		}
		if got, want := Cut(s, int(w)), ansi.Truncate(s, int(w), ""); int(w) > 0 && got != want {
			t.Fatalf("Cut(%q, %d) = %q, measured %q", s, w, got, want)
		}
	})
}

// lineText is line k of v as drawn.
func lineText(v *View, k int) string {
	var b strings.Builder
	v.WalkLine(k, func(c Cell) bool {
		b.WriteString(c.Disp)
		return true
	})
	return b.String()
}

// TestPreview: a request with a Limit lays out the text's beginning, to
// the end of the line the limit falls in (or, in a line longer than
// another limit, at a code point boundary), keeps the annotations and
// suggestions that lie wholly in it, and draws its lines as the whole
// layout draws them, in every mode; a text no longer than the limit is
// laid out whole.
func TestPreview(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 40000; i++ {
		b.WriteString("Köln „Kdln“ und Bonn am Rhein, Zeile " + strconv.Itoa(i) + " des Dokuments.\n")
		if i%7 == 6 {
			b.WriteString("\n")
		}
	}
	text := b.String()
	long := strings.Repeat("Wörter ohne Zeilenende ", 2000)
	n := utf8.RuneCountInString(text)
	anns := []annot.Annotation{
		{ID: "e", Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"},
		{ID: "c", Kind: annot.KindCorrection, Start: 6, End: 10, Value: "Köln"},
		{ID: "x", Kind: annot.KindEntity, Start: n - 10, End: n - 5, Label: "LOC"},
		{ID: "t", Kind: annot.KindTag, Label: "x"},
	}
	suggs := []suggest.Suggestion{
		{Start: 6, End: 10, Text: "Kdln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln"}}},
		{Start: n - 4, End: n - 1, Text: "ent", Kind: suggest.KindOCR},
	}
	for _, mode := range []Mode{Original, Corrected, Diff} {
		req := Request{ID: "d", Text: text, Anns: anns, Suggs: suggs, Mode: mode, Width: 50}
		whole := Build(req)
		req.Limit = 10000
		v := Build(req)
		if !v.Partial || whole.Partial {
			t.Fatalf("%v: Partial %v, the whole %v", mode, v.Partial, whole.Partial)
		}
		if v.StoredLen() >= n || !strings.HasPrefix(text, text[:v.StoredLen()]) ||
			!strings.HasSuffix(text[:len(string([]rune(text)[:v.StoredLen()]))], "\n") {
			t.Fatalf("%v: the preview holds %d of %d code points, not to a line's end", mode, v.StoredLen(), n)
		}
		if len(v.Suggs) != 1 || len(whole.Suggs) != 2 {
			t.Fatalf("%v: the preview has %d suggestions, the whole %d", mode, len(v.Suggs), len(whole.Suggs))
		}
		if len(v.Lines) < 100 || len(v.Lines) >= len(whole.Lines) {
			t.Fatalf("%v: %d lines of %d", mode, len(v.Lines), len(whole.Lines))
		}
		for k := range len(v.Lines) - 1 {
			if got, want := lineText(v, k), lineText(whole, k); got != want || v.Lines[k] != whole.Lines[k] {
				t.Fatalf("%v: line %d is %q, the whole layout's %q", mode, k, got, want)
			}
		}
		checkLayout(t, v, 50)
	}
	// a line longer than twice the limit is cut at a code point
	v := Build(Request{ID: "d", Text: long, Mode: Original, Width: 40, Limit: 1001})
	if !v.Partial || !utf8.ValidString(v.Text) || len(v.Text) != 1001 && len(v.Text) != 1000 {
		t.Fatalf("a long line's preview holds %d bytes, valid %v", len(v.Text), utf8.ValidString(v.Text))
	}
	if v := Build(Request{ID: "d", Text: text, Mode: Original, Width: 40, Limit: len(text)}); v.Partial || v.StoredLen() != n {
		t.Fatalf("a text within the limit: Partial %v, %d of %d", v.Partial, v.StoredLen(), n)
	}
}

// TestUnits: a letter and its combining mark are one unit of one cell,
// a wide character one of two, a line break one drawn as ␤.
func TestUnits(t *testing.T) {
	got := Units("Stu\u0364k\n北")
	want := []Unit{{1, 1, "S"}, {1, 1, "t"}, {2, 1, "u\u0364"}, {1, 1, "k"}, {1, 1, "␤"}, {1, 2, "北"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Units: %+v, want %+v", got, want)
	}
}
