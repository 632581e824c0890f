package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTitle is the longest title, in code points, that Title derives.
const MaxTitle = 120

// Title derives a document's title from its text, for input that gives
// none: the first line that is not blank, trimmed of white space. A line
// longer than MaxTitle code points is cut, at a space near the end when
// there is one, and ends in "…".
func Title(text string) string {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		if t := strings.TrimSpace(line); t != "" {
			return clip(t, MaxTitle)
		}
		text = rest
	}
	return ""
}

// clip shortens s to at most limit code points, ending it in "…" when cut.
func clip(s string, limit int) string {
	if len(s) <= limit || utf8.RuneCountInString(s) <= limit {
		return s
	}
	// the first limit-1 code points, leaving room for the ellipsis
	cut, n := 0, 0
	for i := range s {
		if n == limit-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	// prefer a word boundary within the last quarter
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > 0 &&
		utf8.RuneCountInString(head[sp:]) <= limit/4 {
		head = head[:sp]
	}
	return strings.TrimRightFunc(head, unicode.IsSpace) + "…"
}
