package suggest

import (
	"strings"

	"folio/annot"
)

// Dates finds German date expressions in text and returns their spans in
// code points, sorted and never overlapping. It finds
//
//  24. April 2017, 24. Apr. 2017, 1. Mai    day and month name, year optional
//     05.09.2019, 5.9.19, 2019-09-05           numeric, with a two- or four-digit year
//     25.-26.08.2019, 18. bis 20. Mai 2020,    ranges (-, –, /, bis, bis zum) and
//  23. und 24. April 2020                   days joined by und
//     Montag, 24. April 2017                   with a weekday (Montag, den …; Mo., …)
//     April 2017, Apr. 2017                    month and year
//     Jahr 2016                                in "im Jahr 2016" (the preposition
//     stays out, as in "am 24. April")
//
// and leaves alone bare numbers and years, Industrie 4.0, versions
// (2.0.1), phone numbers and amounts (1.400), numbers glued to letters or
// to more dotted digits, and impossible dates (32.13.2019, 29.02.2019).
// Numeric dates need a year: 24.12. could as well be a section number.
func Dates(text string) []annot.Span {
	return dateSpans(entTokens(text, nil))
}

// dateSpans is Dates over the tokens of a text.
func dateSpans(toks []entTok) []annot.Span {
	d := dateScan{toks: toks}
	var out []annot.Span
	for i := 0; i < len(toks); i++ {
		if j := d.at(i); j > i {
			out = append(out, annot.Span{Start: toks[i].start, End: toks[j-1].end})
			i = j - 1
		}
	}
	return out
}

// dateScan parses dates over a token list. Each parsing method takes the
// index of a token and returns the index after what it read, or -1.
type dateScan struct {
	toks []entTok
}

// date is what a parse read: a year of 0 is unknown, a month of 0 means
// only a day was read.
type date struct {
	next             int
	day, month, year int
	named            bool // the month is a name
}

// complete reports whether a date can stand alone: it has a month, and a
// year or a month name.
func (dt date) complete() bool { return dt.month > 0 && (dt.year > 0 || dt.named) }

// at returns the end of a date expression that starts at token i, or -1.
func (d *dateScan) at(i int) int {
	if !d.startOK(i) {
		return -1
	}
	t := d.toks[i]
	j := -1
	switch {
	case t.digits:
		if j = d.dayLed(i); j < 0 {
			j = d.iso(i)
		}
	case t.word:
		switch {
		case dateWeekday(t.text):
			j = d.weekdayLed(i)
		case dateYearWord(t.text):
			j = d.yearOf(i)
		default:
			j = d.monthYear(i)
		}
	}
	if j < 0 || !d.endOK(j) {
		return -1
	}
	return j
}

// startOK refuses a start glued to a word or to dotted digits before it.
func (d *dateScan) startOK(i int) bool {
	if i == 0 || d.toks[i].space {
		return true
	}
	prev := d.toks[i-1]
	if prev.word {
		return false
	}
	return i < 2 || prev.space || !d.toks[i-2].digits || !strings.Contains(".,/-+:", prev.text)
}

// endOK refuses an end glued to a word or to more digits (1.2.2019.3).
func (d *dateScan) endOK(j int) bool {
	if j >= len(d.toks) || d.toks[j].space {
		return true
	}
	t := d.toks[j]
	if t.word {
		return false
	}
	if strings.Contains(".,/-+:", t.text) && d.glued(j+1) && d.toks[j+1].digits {
		return false
	}
	return true
}

func (d *dateScan) is(i int, s string) bool { return i < len(d.toks) && d.toks[i].text == s }

// glued reports that token i exists and no space comes before it.
func (d *dateScan) glued(i int) bool { return i < len(d.toks) && !d.toks[i].space }

// num returns the value of token i when it is 1 to 4 ASCII digits, and
// how many.
func (d *dateScan) num(i int) (v, n int, ok bool) {
	if i >= len(d.toks) || !d.toks[i].digits || len(d.toks[i].text) > 4 {
		return 0, 0, false
	}
	for _, c := range d.toks[i].text {
		v = v*10 + int(c-'0')
	}
	return v, len(d.toks[i].text), true
}

// year reads a year of four digits (1000 to 2999) at i.
func (d *dateScan) year(i int) (int, bool) {
	v, n, ok := d.num(i)
	return v, ok && n == 4 && v >= 1000 && v <= 2999
}

// dayDot reads "24." at i.
func (d *dateScan) dayDot(i int) (date, bool) {
	v, n, ok := d.num(i)
	if !ok || n > 2 || v < 1 || v > 31 || !d.is(i+1, ".") || !d.glued(i+1) {
		return date{}, false
	}
	return date{next: i + 2, day: v}, true
}

// numeric reads "05.09.2019", "5.9.19" or, without a year, "05.09." at i.
func (d *dateScan) numeric(i int) (date, bool) {
	dt, ok := d.dayDot(i)
	if !ok {
		return dt, false
	}
	j := dt.next
	m, n, ok := d.num(j)
	if !ok || !d.glued(j) || n > 2 || m < 1 || m > 12 || !d.is(j+1, ".") || !d.glued(j+1) {
		return dt, false
	}
	dt.month, dt.next = m, j+2
	if y, n, ok := d.num(j + 2); ok {
		switch {
		case n == 4 && y >= 1000 && y <= 2999:
			dt.year = y
		case n == 2 && d.glued(j+2):
			dt.year = 2000 + y // for leap years only
		case d.glued(j + 2):
			return dt, false
		}
		if dt.year > 0 {
			dt.next = j + 3
		}
	}
	return dt, dateValid(dt)
}

// named reads "24. April 2017", "24. Apr. 2017" or "24. April" at i.
func (d *dateScan) named(i int) (date, bool) {
	dt, ok := d.dayDot(i)
	if !ok {
		return dt, false
	}
	m, j := d.month(dt.next)
	if m == 0 {
		return dt, false
	}
	dt.month, dt.next, dt.named = m, j, true
	if y, ok := d.year(j); ok && d.toks[j].space {
		dt.year, dt.next = y, j+1
	}
	return dt, dateValid(dt)
}

// month reads a month name at i, with the dot of an abbreviation, and
// returns its number (0: none) and the index after it.
func (d *dateScan) month(i int) (int, int) {
	if i >= len(d.toks) || !d.toks[i].word {
		return 0, -1
	}
	m, abbrev := dateMonth(d.toks[i].text)
	if m == 0 {
		return 0, -1
	}
	if abbrev && d.is(i+1, ".") && d.glued(i+1) {
		return m, i + 2
	}
	return m, i + 1
}

// single reads one date that starts with a day: numeric or named, full
// or (for the start of a range) partial.
func (d *dateScan) single(i int) (date, bool) {
	if dt, ok := d.numeric(i); ok {
		return dt, true
	}
	if dt, ok := d.named(i); ok {
		return dt, true
	}
	return d.dayDot(i)
}

// dayLed reads a date or a range of dates that starts with a day at i.
func (d *dateScan) dayLed(i int) int {
	head, ok := d.single(i)
	if !ok {
		return -1
	}
	// a day alone, or a numeric date without a year, needs a range to
	// complete it
	if c := d.connector(head.next, !head.complete()); c > 0 {
		if tail, ok := d.single(c); ok && tail.complete() {
			return tail.next
		}
	}
	if head.complete() {
		return head.next
	}
	return -1
}

// connector reads what joins the two dates of a range at i: -, –, —, /,
// bis, bis zum; und only after a partial date (23. und 24. April).
func (d *dateScan) connector(i int, partial bool) int {
	switch {
	case d.is(i, "-"), d.is(i, "–"), d.is(i, "—"), d.is(i, "/"):
		return i + 1
	case d.is(i, "bis"):
		if d.is(i+1, "zum") {
			return i + 2
		}
		return i + 1
	case partial && d.is(i, "und"):
		return i + 1
	}
	return -1
}

// weekdayLed reads "Montag, 24. April 2017", "Montag, den 24.04.2017" or
// "Mo., 24.4.17" at i.
func (d *dateScan) weekdayLed(i int) int {
	j := i + 1
	if len(d.toks[i].text) == 2 {
		if !d.is(j, ".") || !d.glued(j) {
			return -1
		}
		j++
	}
	if d.is(j, ",") {
		j++
	}
	if d.is(j, "den") {
		j++
	}
	if j >= len(d.toks) || !d.toks[j].digits {
		return -1
	}
	return d.dayLed(j)
}

// monthYear reads "April 2017" or "Apr. 2017" at i, unless a day comes
// before it (then the whole was no valid date: 30. Februar 2020).
func (d *dateScan) monthYear(i int) int {
	m, j := d.month(i)
	if m == 0 || i >= 2 && d.toks[i-1].text == "." && !d.toks[i-1].space && d.toks[i-2].digits {
		return -1
	}
	if _, ok := d.year(j); ok && d.toks[j].space {
		return j + 1
	}
	return -1
}

// yearOf reads "Jahr 2016" at i.
func (d *dateScan) yearOf(i int) int {
	if _, ok := d.year(i + 1); ok && d.toks[i+1].space {
		return i + 2
	}
	return -1
}

// iso reads "2019-09-05" at i.
func (d *dateScan) iso(i int) int {
	y, ok := d.year(i)
	if !ok || !d.is(i+1, "-") || !d.glued(i+1) {
		return -1
	}
	m, mn, ok1 := d.num(i + 2)
	if !ok1 || mn != 2 || !d.glued(i+2) || !d.is(i+3, "-") || !d.glued(i+3) {
		return -1
	}
	day, dn, ok2 := d.num(i + 4)
	if !ok2 || dn != 2 || !d.glued(i+4) || !dateValid(date{day: day, month: m, year: y}) {
		return -1
	}
	return i + 5
}

// dateValid checks the day against the month (and the year, for 29
// February); a month of 0 accepts any day 1 to 31.
func dateValid(dt date) bool {
	if dt.day < 1 || dt.month < 0 || dt.month > 12 {
		return false
	}
	if dt.month == 0 {
		return dt.day <= 31
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[dt.month-1]
	if dt.month == 2 && dt.year > 0 && !(dt.year%4 == 0 && (dt.year%100 != 0 || dt.year%400 == 0)) {
		days = 28
	}
	return dt.day <= days
}
