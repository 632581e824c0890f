package bench

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Screen is the little of a terminal the harness needs to know what a
// full-screen Bubble Tea program shows: the text of each row. It follows
// the line-at-a-time way the standard renderer paints (each changed line
// written whole from its first column, unchanged lines skipped with a line
// feed, the frame started with cursor home or cursor up), keeps no
// colours, and answers the queries a program asks a terminal (cursor
// position, foreground and background colour, device attributes), which
// a real terminal
// answers and a silent one would make the program wait for.
type Screen struct {
	rows  []string
	row   int
	fresh bool   // the next text on the row replaces it
	rest  []byte // an escape sequence or a code point cut by a read
	// typed goes before the answer to the first device-attributes query:
	// keys a user typed while the program asked the terminal
	typed []byte
}

// NewScreen returns an empty screen of h rows.
func NewScreen(h int) *Screen {
	return &Screen{rows: make([]string, max(h, 1)), fresh: true}
}

// Rows returns the text of each row.
func (s *Screen) Rows() []string { return s.rows }

// String returns the rows joined by newlines.
func (s *Screen) String() string { return strings.Join(s.rows, "\n") }

// Contains reports whether a row contains sub.
func (s *Screen) Contains(sub string) bool {
	for _, r := range s.rows {
		if strings.Contains(r, sub) {
			return true
		}
	}
	return false
}

// Write interprets p and returns what a terminal would answer.
func (s *Screen) Write(p []byte) (reply []byte) {
	b := append(s.rest, p...)
	s.rest = nil
	var text []byte
	flush := func() {
		if len(text) == 0 {
			return
		}
		if s.fresh {
			s.rows[s.row] = ""
			s.fresh = false
		}
		s.rows[s.row] += string(text)
		text = text[:0]
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0x1b:
			flush()
			n, r, ok := s.escape(b[i:])
			if !ok {
				s.rest = append([]byte(nil), b[i:]...)
				return reply
			}
			reply = append(reply, r...)
			i += n
		case c == '\r':
			flush()
			s.fresh = true
			i++
		case c == '\n':
			flush()
			s.move(s.row + 1)
			i++
		case c < 0x20 || c == 0x7f:
			i++ // bell, backspace, tab and such: not used by the renderer
		default:
			if !utf8.FullRune(b[i:]) {
				flush()
				s.rest = append([]byte(nil), b[i:]...)
				return reply
			}
			r, n := utf8.DecodeRune(b[i:])
			if r != utf8.RuneError || n > 1 {
				text = append(text, b[i:i+n]...)
			} // a stray byte shows nothing
			i += n
		}
	}
	flush()
	return reply
}

// move puts the cursor on row r (clamped), at the start of the row.
func (s *Screen) move(r int) {
	s.row = min(max(r, 0), len(s.rows)-1)
	s.fresh = true
}

// escape interprets the escape sequence at the start of b and returns its
// length and the answer it asks for; ok is false when b ends inside it.
func (s *Screen) escape(b []byte) (n int, reply []byte, ok bool) {
	if len(b) < 2 {
		return 0, nil, false
	}
	switch b[1] {
	case '[':
		// CSI: parameters and intermediates, then a final byte 0x40–0x7e
		for j := 2; j < len(b); j++ {
			if b[j] >= 0x40 && b[j] <= 0x7e {
				return j + 1, s.csi(string(b[2:j]), b[j]), true
			}
		}
		return 0, nil, false
	case ']', 'P', '_', '^':
		// OSC, DCS, APC, PM: up to BEL or ST (ESC \)
		for j := 2; j < len(b); j++ {
			if b[j] == 0x07 {
				return j + 1, s.osc(string(b[2:j])), true
			}
			if b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\' {
				return j + 2, s.osc(string(b[2:j])), true
			}
			if b[j] == 0x1b && j+1 == len(b) {
				return 0, nil, false
			}
		}
		return 0, nil, false
	case '(', ')', '*', '+', '#':
		if len(b) < 3 {
			return 0, nil, false
		}
		return 3, nil, true
	default:
		return 2, nil, true
	}
}

// csi carries out the CSI sequence with parameters params and final byte
// final.
func (s *Screen) csi(params string, final byte) []byte {
	private := strings.HasPrefix(params, "?")
	arg := func(i, def int) int {
		fields := strings.Split(strings.TrimLeft(params, "?<=>"), ";")
		if i >= len(fields) || fields[i] == "" {
			return def
		}
		v, err := strconv.Atoi(fields[i])
		if err != nil {
			return def
		}
		return v
	}
	switch final {
	case 'H', 'f': // cursor position (1-based row)
		s.move(arg(0, 1) - 1)
	case 'A':
		s.move(s.row - max(arg(0, 1), 1))
	case 'B', 'E':
		s.move(s.row + max(arg(0, 1), 1))
	case 'F':
		s.move(s.row - max(arg(0, 1), 1))
	case 'J':
		switch arg(0, 0) {
		case 0:
			for r := s.row + 1; r < len(s.rows); r++ {
				s.rows[r] = ""
			}
		case 2, 3:
			s.clear()
		}
	case 'h', 'l':
		if private {
			switch arg(0, 0) {
			case 1049, 47, 1047: // the alternate screen, entered or left
				s.clear()
			}
		}
	case 'n':
		if !private && arg(0, 0) == 6 {
			return []byte("\x1b[" + strconv.Itoa(s.row+1) + ";1R")
		}
	case 'c':
		// device attributes: a VT220 without graphics (programs that
		// probe for images wait for this answer)
		switch {
		case params == "" || params == "0":
			typed := s.typed
			s.typed = nil
			return append(typed, "\x1b[?62;22c"...)
		case strings.HasPrefix(params, ">"):
			return []byte("\x1b[>1;10;0c")
		}
	}
	return nil
}

func (s *Screen) clear() {
	for r := range s.rows {
		s.rows[r] = ""
	}
	s.move(0)
}

// osc answers the colour queries "10;?" and "11;?" as a dark terminal.
func (s *Screen) osc(body string) []byte {
	switch body {
	case "10;?":
		return []byte("\x1b]10;rgb:c0c0/c0c0/c0c0\x1b\\")
	case "11;?":
		return []byte("\x1b]11;rgb:0000/0000/0000\x1b\\")
	}
	return nil
}

// hasPrefixRow reports whether some row starts with one of prefixes.
func (s *Screen) hasPrefixRow(prefixes ...string) bool {
	for _, r := range s.rows {
		for _, p := range prefixes {
			if strings.HasPrefix(r, p) {
				return true
			}
		}
	}
	return false
}
