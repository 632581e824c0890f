package termimg

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"
)

// ErrNoAnswer is Detect's error when the terminal's last answer has not
// come in time; it may still come (see ReplyFilter).
var ErrNoAnswer = errors.New("the terminal did not answer")

// Caps is what a terminal said it can draw.
type Caps struct {
	Sixel, Kitty, ITerm2 bool
	// CellW and CellH are a cell's size in pixels, 0 if the terminal did
	// not say.
	CellW, CellH int
	// Name is the terminal's name and version from XTVERSION, if any.
	Name string
}

// Best is the protocol to draw with: kitty, then iTerm2, then sixel,
// then half-blocks.
func (c Caps) Best() Protocol {
	switch {
	case c.Kitty:
		return Kitty
	case c.ITerm2:
		return ITerm2
	case c.Sixel:
		return Sixel
	}
	return HalfBlocks
}

// kittyQuery asks for kitty graphics: a 1×1 image, not stored.
const kittyQuery = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"

// Queries are what Detect sends, in this order: a kitty graphics query
// (if kitty is set), XTVERSION, the cell size in pixels (XTWINOPS 16)
// and last the primary device attributes (DA1), which every terminal
// answers, so that its answer ends the wait.
func Queries(kitty bool) string {
	q := "\x1b[>0q" + "\x1b[16t" + "\x1b[c"
	if kitty {
		q = kittyQuery + q
	}
	return q
}

// KittyQuerySafe reports whether the kitty query (an APC string) may be
// sent to the terminal getenv describes: not inside tmux or screen, which
// take an APC string for a window title, nor to the Linux console, which
// prints it.
func KittyQuerySafe(getenv func(string) string) bool {
	term := getenv("TERM")
	return getenv("TMUX") == "" && getenv("STY") == "" && !strings.HasPrefix(term, "screen") &&
		!strings.HasPrefix(term, "tmux") && term != "linux" && term != "dumb"
}

// ParseReplies reads the terminal's answers to Queries. done reports
// whether the DA1 answer, the last, has arrived.
func ParseReplies(b []byte) (c Caps, done bool) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0x1b)
		if i < 0 || i+1 >= len(b) {
			break
		}
		b = b[i:]
		switch b[1] {
		case '_': // APC: kitty's answer
			end := bytes.Index(b, []byte("\x1b\\"))
			if end < 0 {
				return c, false
			}
			body := string(b[2:end])
			if strings.HasPrefix(body, "Gi=31;") && strings.HasPrefix(body[len("Gi=31;"):], "OK") {
				c.Kitty = true
			}
			b = b[end+2:]
		case 'P': // DCS: XTVERSION's answer, DCS >| name ST
			end := bytes.Index(b, []byte("\x1b\\"))
			if end < 0 {
				return c, false
			}
			if body := string(b[2:end]); strings.HasPrefix(body, ">|") {
				c.Name = body[2:]
				n := strings.ToLower(c.Name)
				c.ITerm2 = c.ITerm2 || strings.Contains(n, "iterm2") || strings.Contains(n, "wezterm")
			}
			b = b[end+2:]
		case '[': // CSI
			j := 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			if j >= len(b) {
				return c, false
			}
			params, final := string(b[2:j]), b[j]
			b = b[j+1:]
			switch {
			case final == 'c' && strings.HasPrefix(params, "?"):
				for _, p := range strings.Split(params[1:], ";") {
					if p == "4" {
						c.Sixel = true
					}
				}
				return c, true
			case final == 't' && strings.HasPrefix(params, "6;"):
				f := strings.Split(params, ";")
				if len(f) == 3 {
					h, err1 := strconv.Atoi(f[1])
					w, err2 := strconv.Atoi(f[2])
					if err1 == nil && err2 == nil && w > 0 && h > 0 && w < 1000 && h < 1000 {
						c.CellW, c.CellH = w, h
					}
				}
			}
		default:
			b = b[2:]
		}
	}
	return c, false
}

// Detect asks the terminal on tty what it can draw (Queries(kitty)) and
// waits at most timeout for the answers. The terminal is put in raw mode
// meanwhile (so the answers are not echoed) and restored before Detect
// returns.
func Detect(tty *os.File, timeout time.Duration, kitty bool) (Caps, error) {
	fd := int(tty.Fd())
	if !term.IsTerminal(fd) {
		return Caps{}, fmt.Errorf("detect graphics: not a terminal")
	}
	old, err := term.MakeRaw(fd)
	if err != nil {
		return Caps{}, fmt.Errorf("detect graphics: %w", err)
	}
	defer term.Restore(fd, old)
	if _, err := tty.WriteString(Queries(kitty)); err != nil {
		return Caps{}, fmt.Errorf("detect graphics: %w", err)
	}
	deadline := time.Now().Add(timeout)
	if err := tty.SetReadDeadline(deadline); err != nil {
		return Caps{}, fmt.Errorf("detect graphics: %w", err)
	}
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 4096 {
		n, err := tty.Read(buf)
		got = append(got, buf[:n]...)
		if c, done := ParseReplies(got); done {
			if c.CellW == 0 || c.CellH == 0 {
				c.CellW, c.CellH = cellSize(fd)
			}
			return c, nil
		}
		if err != nil {
			break
		}
	}
	c, _ := ParseReplies(got)
	if c.CellW == 0 || c.CellH == 0 {
		c.CellW, c.CellH = cellSize(fd)
	}
	return c, fmt.Errorf("detect graphics: %w within %v", ErrNoAnswer, timeout)
}

// Choose picks the protocol for a terminal: FOLIO_GRAPHICS (getenv's
// value) if it names one, else half-blocks when there is no terminal to
// ask, else the best the terminal said it has (tmux answers for itself:
// without sixel support its DA1 has no 4, and it passes no kitty
// query on). color false (no colours at all) gives
// None unless asked for.
func Choose(getenv func(string) string, color bool, ask func() (Caps, error)) (Protocol, Caps) {
	if p, ok := ParseProtocol(getenv("FOLIO_GRAPHICS")); ok {
		var c Caps
		if p.Graphics() && ask != nil {
			c, _ = ask() // for the cell size
		}
		return p, c
	}
	if !color {
		return None, Caps{}
	}
	if ask == nil {
		return HalfBlocks, Caps{}
	}
	c, _ := ask()
	return c.Best(), c
}
