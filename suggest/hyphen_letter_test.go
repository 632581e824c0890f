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
		checkJoin(t, o, tc.text, tc.span, tc.want)
	}
}
