package suggest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"folio/annot"
)

// dateTexts returns the texts of the dates found in s.
func dateTexts(s string) []string {
	var out []string
	for _, sp := range Dates(s) {
		out = append(out, annot.Slice(s, sp))
	}
	return out
}

func TestDates(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"am 24. April 2017 auf der Hannover Messe", []string{"24. April 2017"}},
		{"am 24. Apr. 2017", []string{"24. Apr. 2017"}},
		{"am 24.April 2017", []string{"24.April 2017"}},
		{"Wirtschaftsausschuss\t05.09.2019\n", []string{"05.09.2019"}},
		{"5.9.19", []string{"5.9.19"}},
		{"vom 25.-26.08.2019 in der Metropole", []string{"25.-26.08.2019"}},
		{"vom 25.–26. August 2019", []string{"25.–26. August 2019"}},
		{"25. bis 26. August 2019", []string{"25. bis 26. August 2019"}},
		{"vom 18. bis zum 20. Mai 2020 statt", []string{"18. bis zum 20. Mai 2020"}},
		{"am 23. und 24. April 2020 online", []string{"23. und 24. April 2020"}},
		{"30. April bis 2. Mai 2020", []string{"30. April bis 2. Mai 2020"}},
		{"24.12.2019 - 06.01.2020", []string{"24.12.2019 - 06.01.2020"}},
		{"am 24.12.-26.12.2019", []string{"24.12.-26.12.2019"}},
		{"am Montag, 24. April 2017, auf", []string{"Montag, 24. April 2017"}},
		{"Freitag, den 5. Mai", []string{"Freitag, den 5. Mai"}},
		{"Mo., 24.4.17", []string{"Mo., 24.4.17"}},
		{"im April 2017", []string{"April 2017"}},
		{"Ende Sept. 2019", []string{"Sept. 2019"}},
		{"MÄRZ 2020", []string{"MÄRZ 2020"}},
		{"im Jahr 2016", []string{"Jahr 2016"}},
		{"im Jahre 1989", []string{"Jahre 1989"}},
		{"am 1. Mai", []string{"1. Mai"}},
		{"2019-09-05", []string{"2019-09-05"}},
		{"29.02.2020", []string{"29.02.2020"}},
		{"(05.09.2019)", []string{"05.09.2019"}},
		{"„05.09.2019“", []string{"05.09.2019"}},
		{"am 05.09.2019.", []string{"05.09.2019"}},
		{"05.09. 2019", []string{"05.09. 2019"}},
		{"München, 18. April 2024. Der", []string{"18. April 2024"}},
		{"Girls' Day am 25.4.2024 am", []string{"25.4.2024"}},
		{"vom 05.09.2019 und 16.09.2019", []string{"05.09.2019", "16.09.2019"}},
	}
	for _, tt := range tests {
		got := dateTexts(tt.text)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Dates(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDatesNot(t *testing.T) {
	for _, text := range []string{
		"2016",                           // a bare year
		"seit 2004 Partnerstadt",         // a bare year in text
		"mit 34 Millionen Einwohnern",    // a bare number
		"Bereich Industrie 4.0 und",      // a version of industry
		"Version 2.0.1",                  // a version
		"v1.2.33",                        // a version glued to a letter
		"32.13.2019",                     // no such day or month
		"31.04.2019",                     // no 31 April
		"29.02.2019",                     // no leap year
		"30. Februar 2020",               // no 30 February
		"Tel. 0221 12.34.56",             // a phone number
		"0221.221.22",                    // a phone number
		"1.05.09.2019",                   // more dotted digits before
		"05.09.2019.1",                   // more dotted digits after
		"10.10.10.10",                    // an address
		"über 1.400 Teilnehmende",        // an amount
		"die 8., 9. oder 10. Klasse",     // ordinals
		"die „2. Smart China Expo 2019“", // an ordinal before a name
		"Made in China 2025",             // a year after a name
		"am 24.12. war",                  // a day and month without year (could be a section)
		"Kapitel 3.1. Einleitung",        // a section number
		"12.30 Uhr",                      // a time
		"2019er Jahrgang",                // a year glued to letters
		"im Februar",                     // a month alone
		"So Ute Berg",                    // So is no weekday without a dot
		"Montag",                         // a weekday alone
		"Jahr",                           // no year
		"Mai 20",                         // not a year
		"13.2019",                        // no day
	} {
		if got := dateTexts(text); len(got) > 0 {
			t.Errorf("Dates(%q) = %q, want none", text, got)
		}
	}
}

func TestDatesSeeds(t *testing.T) {
	want := map[string][]string{
		"000": {"05.09.2019", "16.09.2019", "25.-26.08.2019"},
		"001": {"09.03.2017", "24. April 2017"},
		"002": nil,
		"003": {"18. bis 20. Mai 2020", "23. und 24. April 2020"},
		"004": {"Montag, 24. April 2017", "25.4.2024", "18. April 2024"},
	}
	for id, text := range entSeedTexts(t) {
		if got := dateTexts(text); strings.Join(got, "|") != strings.Join(want[id], "|") {
			t.Errorf("seed %s: %q, want %q", id, got, want[id])
		}
	}
}

// entCheckSpans checks that spans lie inside a text of n code points,
// are not empty, are sorted and do not overlap.
func entCheckSpans(t *testing.T, text string, spans []annot.Span) {
	t.Helper()
	n := utf8.RuneCountInString(text)
	for i, sp := range spans {
		if sp.Start < 0 || sp.End > n || sp.Start >= sp.End {
			t.Fatalf("%q: span %v outside 0..%d or empty", text, sp, n)
		}
		if i > 0 && spans[i-1].End > sp.Start {
			t.Fatalf("%q: span %v overlaps or precedes %v", text, sp, spans[i-1])
		}
	}
}

func FuzzDates(f *testing.F) {
	for _, s := range []string{"am 24. April 2017", "25.-26.08.2019", "Montag, den 5.9.19", "4.0 2.0.1 32.13.2019",
		"18. bis zum 20. Mai 2020", "2019-09-05", "Mo., 1. Jan", "\xff1.1.2000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spans := Dates(text)
		entCheckSpans(t, text, spans)
		for _, sp := range spans {
			s := annot.Slice(text, sp)
			first, _ := utf8.DecodeRuneInString(s)
			if !entWordRune(first) {
				t.Fatalf("%q: date %q does not start with a word", text, s)
			}
		}
	})
}
