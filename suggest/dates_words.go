package suggest

import "strings"

// dateMonth returns the number of a German month name or abbreviation
// (Januar, Jänner, Jan, Febr, Mrz, Sept, ...; capitalized or all upper
// case), and whether it is an abbreviation, which may take a dot. 0: none.
func dateMonth(s string) (int, bool) {
	if len(s) < 3 || len(s) > 9 || s[0] < 'A' || s[0] > 'Z' {
		return 0, false
	}
	switch s {
	case "Januar", "Jänner":
		return 1, false
	case "Februar", "Feber":
		return 2, false
	case "März":
		return 3, false
	case "April":
		return 4, false
	case "Mai":
		return 5, false
	case "Juni":
		return 6, false
	case "Juli":
		return 7, false
	case "August":
		return 8, false
	case "September":
		return 9, false
	case "Oktober":
		return 10, false
	case "November":
		return 11, false
	case "Dezember":
		return 12, false
	case "Jan", "Jän":
		return 1, true
	case "Feb", "Febr":
		return 2, true
	case "Mär", "Mrz":
		return 3, true
	case "Apr":
		return 4, true
	case "Jun":
		return 6, true
	case "Jul":
		return 7, true
	case "Aug":
		return 8, true
	case "Sep", "Sept":
		return 9, true
	case "Okt":
		return 10, true
	case "Nov":
		return 11, true
	case "Dez":
		return 12, true
	}
	// all upper case: APRIL, MÄRZ
	if rest := s[1:]; rest != strings.ToLower(rest) && rest == strings.ToUpper(rest) {
		return dateMonth(s[:1] + strings.ToLower(rest))
	}
	return 0, false
}

// dateWeekday reports whether s names a day of the week, in full or as the
// two-letter abbreviation (which then needs its dot).
func dateWeekday(s string) bool {
	switch s {
	case "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag",
		"Mo", "Di", "Mi", "Do", "Fr", "Sa", "So":
		return true
	}
	return false
}

// dateYearWord reports whether s is Jahr in "im Jahr 2016".
func dateYearWord(s string) bool {
	return s == "Jahr" || s == "Jahre" || s == "Jahres"
}
