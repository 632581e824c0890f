package termimg

import (
	"bytes"
	"io"
	"os"
)

// The answers to the queries (Queries, sent by Ask, and the background
// colour query that lipgloss sends at start) come on the terminal's
// input, mixed with the keys typed; read as keys, XTVERSION's
// "ESC P >|tmux 3.3a ESC \" would be alt+P, then ">", "|", "t", "m",
// "u", "x"… ReplyFilter takes them out of the input first.

// maxReply bounds an answer held back while its end is awaited: the
// answers folio asks for are short (a name, a colour, a few numbers).
const maxReply = 128

// replyMatch says how b, which starts with ESC, relates to the answers
// folio asks for: it is one whole (n its length), the start of one that
// may go on (partial), or neither.
func replyMatch(b []byte) (n int, partial bool) {
	// strings terminated by ST (ESC \): kitty's graphics answer (an APC
	// with the query's id), XTVERSION (a DCS), and OSC 11, the background
	// colour (or BEL-terminated)
	for _, lead := range []string{"\x1b_Gi=31;", "\x1bP>|", "\x1b]11;"} {
		if len(b) < len(lead) {
			if bytes.HasPrefix([]byte(lead), b) {
				return 0, true
			}
			continue
		}
		if !bytes.HasPrefix(b, []byte(lead)) {
			continue
		}
		for i := len(lead); i < len(b); i++ {
			switch c := b[i]; {
			case c == 0x07 && lead == "\x1b]11;":
				return i + 1, false
			case c == 0x1b:
				if i+1 == len(b) {
					return 0, true
				}
				if b[i+1] == '\\' {
					return i + 2, false
				}
				return 0, false
			case c < 0x20 || c == 0x7f:
				return 0, false
			}
		}
		return 0, true
	}
	// CSI answers: DA1 (CSI ? digits;… c) and the cell size
	// (CSI 6 ; height ; width t)
	if len(b) < 3 {
		return 0, len(b) < 2 || b[1] == '['
	}
	if b[1] != '[' {
		return 0, false
	}
	switch b[2] {
	case '?':
		for i := 3; i < len(b); i++ {
			switch c := b[i]; {
			case c == 'c' && i > 3:
				return i + 1, false
			case c >= '0' && c <= '9' || c == ';':
			default:
				return 0, false
			}
		}
		return 0, true
	case '6':
		// 6 ; digits ; digits t
		fields := 0
		for i := 3; i < len(b); i++ {
			switch c := b[i]; {
			case c == ';' && (i == 3 || b[i-1] != ';'):
				fields++
				if fields > 2 {
					return 0, false
				}
			case c >= '0' && c <= '9' && i > 3:
			case c == 't' && fields == 2 && b[i-1] != ';':
				return i + 1, false
			default:
				return 0, false
			}
		}
		return 0, true
	}
	return 0, false
}

// ReplyFilter reads a terminal's input without the answers to the
// queries folio sends: it is the input the app reads its keys from.
// The keys pass in order and unchanged; an answer is dropped, and once a
// DA1 answer (the last of Queries) arrives, what the answers said goes to
// onCaps. It is a term.File, so Bubble Tea still puts the
// terminal in raw mode and can cancel a read.
type ReplyFilter struct {
	f      *os.File
	in     io.Reader // f, but for tests
	onCaps func(Caps)
	held   []byte // the start of an answer whose end has not come yet
	gone   int    // how many of held's first bytes went on as keys
	seen   []byte // the answers since the last DA1
}

// NewReplyFilter returns a filter of the terminal f's input. onCaps,
// if not nil, is called (on the reading goroutine) with what the
// answers said whenever a DA1 answer arrives.
func NewReplyFilter(f *os.File, onCaps func(Caps)) *ReplyFilter {
	return &ReplyFilter{f: f, in: f, onCaps: onCaps}
}

// Read reads the terminal's input into p, less any answers. It returns
// no more than one read of the terminal gave, and (0, nil) when all it
// read was answers, so the caller waits for input again.
func (r *ReplyFilter) Read(p []byte) (int, error) {
	if len(r.held) >= len(p) {
		// no room to read behind what is held: give it up as keys
		n := copy(p, r.held[r.gone:])
		r.held, r.gone = r.held[r.gone+n:], 0
		return n, nil
	}
	in := append([]byte(nil), r.held...)
	gone := r.gone
	room := len(p) - len(r.held)
	n, err := r.in.Read(p[:room])
	in = append(in, p[:n]...)
	r.held, r.gone = nil, 0
	out := r.strip(in, gone)
	if len(r.held) > 0 && len(r.held) < 3 && n < room {
		// ESC, or ESC and one byte, at the end of a read the terminal
		// did not cut short: the key it also is (Escape, alt+[) goes on
		// now; should the rest of an answer follow in the next read, it is
		// taken out then
		out = append(out, r.held[r.gone:]...)
		r.gone = len(r.held)
	}
	return copy(p, out), err
}

// strip returns b without the answers in it, and without its first gone
// bytes, which went on as keys before (they are taken out with the rest
// of an answer they start only if it ends in b). The start of an answer
// at b's end is held for the next read.
func (r *ReplyFilter) strip(b []byte, gone int) []byte {
	i := 0
	if gone > 0 {
		// only an answer that ends in this read is taken out: what
		// follows a key (Escape, alt+]) is not held back for a later
		// read, which may be a key press away (Esc ] 1 would hold the 1,
		// as the start of OSC 11's answer, until the next key)
		i = gone
		if n, _ := replyMatch(b); n > 0 {
			r.answer(b[:n])
			i = n
		}
	}
	out := b[:0:0]
	for i < len(b) {
		j := bytes.IndexByte(b[i:], 0x1b)
		if j < 0 {
			out = append(out, b[i:]...)
			break
		}
		out = append(out, b[i:i+j]...)
		i += j
		n, partial := replyMatch(b[i:])
		switch {
		case n > 0:
			r.answer(b[i : i+n])
			i += n
		case partial && len(b)-i <= maxReply:
			r.held = append(r.held[:0], b[i:]...)
			return out
		default:
			out = append(out, b[i])
			i++
		}
	}
	return out
}

// answer takes one answer: a DA1 ends a round of them.
func (r *ReplyFilter) answer(a []byte) {
	r.seen = append(r.seen, a...)
	if c, done := ParseReplies(r.seen); done {
		r.seen = r.seen[:0]
		if r.onCaps != nil {
			r.onCaps(c)
		}
	}
}

// Write writes to the terminal.
func (r *ReplyFilter) Write(p []byte) (int, error) { return r.f.Write(p) }

// Close closes the terminal's file.
func (r *ReplyFilter) Close() error { return r.f.Close() }

// Fd is the terminal's file descriptor.
func (r *ReplyFilter) Fd() uintptr { return r.f.Fd() }

// Name is the terminal's file name.
func (r *ReplyFilter) Name() string { return r.f.Name() }
