package docview

import (
	"strings"
	"unicode/utf8"

	"folio/internal/safetext"

	"github.com/charmbracelet/x/ansi"
)

// Visible stand-ins and sizes; the rule itself is safetext.Special.
const (
	symNL           = safetext.SymNL   // a line break inside a one-line field
	tabSize         = safetext.TabSize // a tab in the reader is this many spaces
	maxClusterRunes = 8                // longer grapheme clusters (zalgo) are cut for display
)

// Special reports how rune r is displayed when it is not ordinary text:
// the one sanitizing rule, shared with the CLI (safetext.Special), and on
// the screen's grid one more: skin tone modifiers are not drawn, as
// terminals disagree on their width (tmux 3.3 draws 👍🏽 in four cells,
// newer ones in two); the emoji shows without its tone, two cells
// everywhere.
func Special(r rune) (repl string, drop, ok bool) {
	if r >= 0x1f3fb && r <= 0x1f3ff {
		return "", true, true
	}
	return safetext.Special(r)
}

// unit is one piece of display: a grapheme cluster, a stand-in symbol, or
// nothing (a dropped character). n is the bytes it consumes, runes the code
// points, w its width in cells.
type unit struct {
	n, runes, w int
	disp        string
}

// nextUnit returns the display unit that starts at byte i of s. s[i] must
// not be '\n' (callers break lines there).
func nextUnit(s string, i int) unit {
	b := s[i]
	if b >= 0x20 && b < 0x7f && (i+1 == len(s) || s[i+1] < 0x80) {
		return unit{1, 1, 1, s[i : i+1]}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if (size == 2 && r >= latinFirst && r <= latinLast || size == 3 && r >= punctFirst && r <= punctLast) &&
		(i+size == len(s) || s[i+size] < 0x80) {
		// German's umlauts and ß, the accented letters, and the dashes
		// and quotation marks before ASCII: a unit of their own, one
		// cell wide
		return unit{size, 1, 1, s[i : i+size]}
	}
	return clusterUnit(s, i, r, size)
}

// The Latin letters of two bytes that nextUnit takes without measuring
// (U+00C0–U+024F: Latin-1's letters, Latin Extended-A and -B); each is
// one cell wide, and none is a control, a combining mark or a stand-in's.
const (
	latinFirst = 0xc0
	latinLast  = 0x24f
)

// The punctuation of three bytes that nextUnit takes without measuring
// (U+2010–U+2027: the dashes, the quotation marks „“”‚‘’, the bullet
// and the ellipsis); each is one cell wide and none needs a stand-in.
const (
	punctFirst = 0x2010
	punctLast  = 0x2027
)

// clusterUnit is nextUnit's general case: the grapheme cluster that
// starts with rune r of size bytes at byte i of s, or its stand-in.
func clusterUnit(s string, i int, r rune, size int) unit {
	if r == utf8.RuneError && size == 1 {
		return unit{1, 1, 1, "\ufffd"}
	}
	if repl, drop, ok := Special(r); ok {
		if drop {
			return unit{size, 1, 0, ""}
		}
		return unit{size, 1, ansi.StringWidth(repl), repl}
	}
	cl, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	// cut the cluster before any rune that needs a stand-in (a ZWJ, a
	// variation selector, a control), which is then its own unit
	cut, runes := len(cl), 0
	for j, c := range cl {
		if j > 0 {
			if _, _, ok := Special(c); ok || c == '\n' || c == '\r' {
				cut = j
				break
			}
		}
		runes++
	}
	disp := cl[:cut]
	if cut != len(cl) {
		w = ansi.StringWidth(disp)
	}
	u := unit{n: cut, runes: runes, w: w, disp: disp}
	if runes > maxClusterRunes {
		k := 0
		for j := range disp {
			if k == maxClusterRunes {
				u.disp = disp[:j]
				break
			}
			k++
		}
		u.w = ansi.StringWidth(u.disp)
	}
	if u.w == 0 {
		// a lone combining mark: give it a base so that it cannot join
		// whatever is drawn before it
		u.disp = " " + u.disp
		u.w = ansi.StringWidth(u.disp)
	}
	return u
}

// Sanitize returns s as one line of safe display text: every control
// character and escape sequence becomes a visible symbol, line breaks
// become ␤, zero-width characters are dropped, over-long clusters are cut.
// Apply it before measuring or styling untrusted text.
func Sanitize(s string) string {
	if _, ok := simpleWidth(s); ok {
		return s // every rune shows as itself
	}
	return sanitizeUnits(s)
}

// sanitizeUnits is Sanitize unit by unit.
func sanitizeUnits(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		if s[i] == '\n' {
			b.WriteRune(symNL)
			i++
			continue
		}
		u := nextUnit(s, i)
		if s[i] == '\t' {
			b.WriteByte(' ')
		} else {
			b.WriteString(u.disp)
		}
		i += u.n
	}
	return b.String()
}

// Width is the display width of already sanitized (possibly styled) text.
func Width(s string) int {
	if n, ok := simpleWidth(s); ok {
		return n
	}
	return ansi.StringWidth(s)
}

// simpleWidth returns the width of s when every rune of it is one cell
// wide and joins no other: printable ASCII, the two-byte Latin letters,
// the dashes and quotation marks (U+2010–U+2027) and the arrows
// U+2190–U+2193 — most of what the panel and the list show. ok is false
// for anything else (an escape sequence, a combining mark, a wide
// character), which the grapheme measure takes.
func simpleWidth(s string) (n int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return 0, false
			}
			i++
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !simpleRune(r, size) {
			return 0, false
		}
		i += size
		n++
	}
	return n, true
}

// simpleRune reports whether r, of size bytes, is one of simpleWidth's
// runes beyond ASCII.
func simpleRune(r rune, size int) bool {
	return size == 2 && r >= latinFirst && r <= latinLast ||
		size == 3 && (r >= punctFirst && r <= punctLast || r >= 0x2190 && r <= 0x2193)
}

// Cut cuts sanitized (possibly styled) text to at most w cells, with no
// mark where it is cut.
func Cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if n, ok := simpleWidth(s); ok {
		if n <= w {
			return s
		}
		i := 0
		for k := 0; k < w; k++ {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		return s[:i]
	}
	return ansi.Truncate(s, w, "")
}

// truncate cuts sanitized (possibly styled) text to at most w cells,
// ending it with … when it is cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// fit pads or cuts sanitized (possibly styled) text to exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := Width(s)
	if n > w {
		s = Cut(s, w)
		n = Width(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// Unit is one display unit of a text, as the reader draws it: a grapheme
// cluster (or the stand-in of a control), one cell or two however many
// code points it holds. A line break is one, drawn as ␤.
type Unit struct {
	Runes int    // the code points it takes
	W     int    // its width in cells
	Disp  string // what is drawn, sanitized
}

// Units splits s into its display units: what a one-line input's cursor
// steps over and deletes whole (a letter and its combining marks are one
// cell, as in the reader). A dropped character (a skin tone modifier)
// joins the unit before it.
func Units(s string) []Unit {
	var out []Unit
	for i := 0; i < len(s); {
		if s[i] == '\n' {
			out = append(out, Unit{Runes: 1, W: 1, Disp: string(symNL)})
			i++
			continue
		}
		u := nextUnit(s, i)
		if s[i] == '\t' {
			u.disp, u.w = " ", 1 // as Sanitize draws it
		}
		if u.w == 0 && len(out) > 0 {
			out[len(out)-1].Runes += u.runes
		} else {
			out = append(out, Unit{Runes: u.runes, W: u.w, Disp: u.disp})
		}
		i += u.n
	}
	return out
}
