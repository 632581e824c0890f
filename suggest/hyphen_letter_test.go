package suggest

import "testing"

// TestHyphenReadAsLetter: a Fraktur double hyphen at a line's end that the
// scanner read as a letter (`Unmüns` / `digkeit`) is joined without that
// letter, mended by the channel when the join is damaged too (`Mens` /
// `fchen`), and nothing else is joined.
func TestHyphenReadAsLetter(t *testing.T) {
	o := nounOCR(testNouns+" Unmündigkeit Menschen Ausgang Mangel", testWords+" des am")
	for _, tc := range []struct {
		text, span, want string // span "" for no join across the line end
	}{
		{"Der Ausgang der Unmüns\ndigkeit ist alt.", "Unmüns\ndigkeit", "Unmündigkeit"},
		{"Der Ausgang der Unmüne\ndigkeit ist alt.", "Unmüne\ndigkeit", "Unmündigkeit"},
		{"Der Ausgang des Mens\nfchen ist alt.", "Mens\nfchen", "Menschen"},
		{"Er sagte es nicht am Mans\ngel der Wahl.", "Mans\ngel", "Mangel"},
		{"Der Ausgang der Unmünx\ndigkeit ist alt.", "", ""},   // not a letter a hyphen is read as
		{"Der Ausgang der Unmüns\n\ndigkeit ist alt.", "", ""}, // a paragraph between
		{"Der Ausgang der Unmüns\nDigkeit ist alt.", "", ""},   // a capital starts a word
		{"Das ist das Haus\nund gut.", "", ""},                 // a word ends the line
		{"Der Ausgang des Mens\nist alt.", "", ""},             // the next line starts with a word
	} {
		var got *Suggestion
		for _, s := range o.Suggest("d", tc.text, nil) {
			if s.Kind == KindHyphen {
				got = &s
			}
		}
		switch {
		case tc.span == "" && got != nil:
			t.Errorf("%q: joined %+v", tc.text, got)
		case tc.span != "" && got == nil:
			t.Errorf("%q: not joined", tc.text)
		case tc.span != "" && (got.Text != tc.span || got.Candidates[0].Text != tc.want):
			t.Errorf("%q: got %q → %+v, want %q → %s", tc.text, got.Text, got.Candidates, tc.span, tc.want)
		}
	}
}
