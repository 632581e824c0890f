package termimg

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

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

// Ask sends the queries (Queries(kitty)) to the terminal tty and returns
// at once, with the cell size the kernel knows (0 if it knows none). The
// answers come on the terminal's input, mixed with the keys typed: the
// app reads them through a ReplyFilter, which takes them out and reports
// what they say. Waiting for them here instead would read, and lose, the
// keys typed meanwhile, and delay every launch on a slow link. The
// terminal must be in raw mode already, so the answers are not echoed.
func Ask(tty *os.File, kitty bool) (Caps, error) {
	fd := int(tty.Fd())
	if !term.IsTerminal(fd) {
		return Caps{}, fmt.Errorf("ask the terminal: not a terminal")
	}
	if _, err := tty.WriteString(Queries(kitty)); err != nil {
		return Caps{}, fmt.Errorf("ask the terminal: %w", err)
	}
	var c Caps
	c.CellW, c.CellH = cellSize(fd)
	return c, nil
}

// Choose picks the protocol for a terminal: FOLIO_GRAPHICS (getenv's
// value) if it names one, else half-blocks when there is no terminal to
// ask, else the best of what ask reports (with Ask, half-blocks until the
// answers come; tmux answers for itself: without sixel support its DA1
// has no 4, and it passes no kitty query on). color false (no colours at
// all) gives None unless asked for. ask is called at most once, also for
// a protocol FOLIO_GRAPHICS names, for the cell size.
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
