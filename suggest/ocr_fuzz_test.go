package suggest

import (
	"testing"
	"unicode/utf8"

	"folio/annot"
)

// FuzzSuggest checks that Suggest never panics and that every suggestion's
// span lies inside the text and holds the suggestion's text.
func FuzzSuggest(f *testing.F) {
	f.Add("Kdln ist fiir das Biindnis in feierli-\nchem Rahmen.")
	f.Add("Chinesisch-\nDeutschen ge-\n\ngruindet -\n- ¬\nx")
	f.Add("\x00\xff K0ln 1ch groBe ’’ -- a-b-c")
	o := newTestOCR()
	f.Fuzz(func(t *testing.T, text string) {
		n := utf8.RuneCountInString(text)
		anns := []annot.Annotation{{Kind: annot.KindCorrection, Start: 0, End: min(3, n), Value: "x"}}
		for _, a := range [][]annot.Annotation{nil, anns} {
			for _, s := range o.Suggest("f", text, a) {
				if s.Start < 0 || s.End > n || s.Start >= s.End {
					t.Fatalf("span [%d,%d) outside text of %d runes", s.Start, s.End, n)
				}
				if got := annot.Slice(text, annot.Span{Start: s.Start, End: s.End}); got != s.Text {
					t.Fatalf("span [%d,%d) holds %q, suggestion says %q", s.Start, s.End, got, s.Text)
				}
				if len(s.Candidates) == 0 {
					t.Fatalf("suggestion %q without candidates", s.Text)
				}
			}
		}
	})
}
