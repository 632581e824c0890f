// Package safetext holds the one rule for showing untrusted text (document
// text, file names, ids, labels, reasons) on a terminal: every control
// character and escape sequence becomes a visible symbol, so that data can
// never move the cursor, set a title or write the clipboard. The TUI and
// the CLI both use it.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Visible stand-ins for characters that must never reach the terminal.
const (
	SymC1   = '␦' // C1 controls U+0080–U+009F
	SymBidi = '⇄' // bidi embeddings, overrides, isolates and marks
	SymNL   = '␤' // a line break inside a one-line field
	TabSize = 4   // a tab in a text view is this many spaces
)

// Special reports how rune r is displayed when it is not ordinary text:
// repl is its stand-in ("" with drop set means it is not drawn at all).
// ok is false for ordinary runes. A tab becomes TabSize spaces, a C0
// control its Control Pictures symbol (ESC is ␛), DEL ␡, a C1 control ␦,
// a bidi control ⇄, a line or paragraph separator ␤; zero-width
// characters, variation selectors and tag characters are dropped.
func Special(r rune) (repl string, drop, ok bool) {
	switch {
	case r < 0x20:
		if r == '\t' {
			return strings.Repeat(" ", TabSize), false, true
		}
		return string(rune(0x2400 + r)), false, true
	case r < 0x7f:
		return "", false, false
	case r == 0x7f:
		return "␡", false, true
	case r < 0xa0:
		return string(SymC1), false, true
	case r == 0xad: // soft hyphen: shown as a hyphen
		return "-", false, true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return string(SymBidi), false, true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff,
		r == 0xfe0e, r == 0xfe0f, r == 0x180e, r >= 0x2061 && r <= 0x2064:
		return "", true, true // zero width: dropped
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return string(SymNL), false, true
	case r >= 0xe0000 && r <= 0xe007f: // tag characters
		return "", true, true
	}
	return "", false, false
}

// Line returns s as one line of safe text: the Special rule, with a line
// break shown as ␤, a tab as one space and an invalid UTF-8 byte as U+FFFD.
// Use it for every piece of data a message prints.
func Line(s string) string { return clean(s, false) }

// Text is Line that keeps line breaks: for messages of several lines
// whose parts may carry data.
func Text(s string) string { return clean(s, true) }

func clean(s string, keepNL bool) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && !(keepNL && c == '\n') || c >= 0x7f {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' && keepNL:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteRune(SymNL)
		case r == '\t':
			b.WriteByte(' ')
		default:
			if repl, drop, sp := Special(r); sp {
				if !drop {
					b.WriteString(repl)
				}
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
