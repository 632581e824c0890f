package docview

import (
	"fmt"
	"strings"

	"folio/internal/english"
)

// How text and numbers are written on screen.

// Quote quotes s for a message, sanitized and cut to n cells.
func Quote(s string, n int) string {
	return "“" + Truncate(Sanitize(s), n) + "”"
}

// Plural formats n with a noun.
func Plural(n int, one, many string) string {
	return GroupDigits(n) + " " + english.Noun(n, one, many)
}

// GroupDigits writes n with a space between groups of three: 100 000.
func GroupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Clamp returns v within [lo, hi] (lo when hi < lo).
func Clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}

// Wrap breaks sanitized text s into lines of at most w cells at spaces; a word
// wider than w is cut into pieces of w cells.
func Wrap(s string, w int) []string {
	if s == "" || w <= 0 {
		return nil
	}
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		for Width(word) > w {
			if line != "" {
				out, line = append(out, line), ""
			}
			head := Cut(word, w)
			if head == "" {
				break // a character wider than the line: drawn cut by Fit
			}
			out, word = append(out, head), word[len(head):]
		}
		switch {
		case line == "":
			line = word
		case Width(line)+1+Width(word) <= w:
			line += " " + word
		default:
			out, line = append(out, line), word
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}
