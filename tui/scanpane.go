package tui

import (
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"golang.org/x/term"

	"folio/internal/termimg"
	"folio/tui/scan"
)

// The page image above the reader (i): the root gives it the top rows of
// the reader's pane and keeps it on the reader's cursor.

// scanOptions are the scan pane's options for the app's options.
func scanOptions(opt Options) scan.Options {
	p := opt.Graphics
	if p == termimg.None && !opt.NoColor {
		p = termimg.HalfBlocks
	}
	profile := termenv.TrueColor
	if opt.Renderer != nil {
		profile = opt.Renderer.ColorProfile()
	}
	if profile == termenv.Ascii && p == termimg.HalfBlocks {
		p = termimg.None
	}
	return scan.Options{Protocol: p, CellW: opt.CellW, CellH: opt.CellH, Profile: profile, ImageDirs: opt.Config.ImageDirs(), Pending: opt.GraphicsPending}
}

// askGraphics asks the terminal which image protocol it has, unless
// FOLIO_GRAPHICS names one, and returns at once: what to draw with until
// the answers come (half-blocks, or None without colours), the cell size
// the kernel knows, and whether answers are to come. They come on the
// keys' input, where Run's filter takes them out (graphicsMsg): waiting
// for them here would read, and lose, the keys typed meanwhile. The
// terminal must be raw already (rawTerminal), so they are not echoed.
// canAsk false (no terminal to read the answers from) asks nothing.
func askGraphics(color, canAsk bool) (p termimg.Protocol, cellW, cellH int, pending bool) {
	var ask func() (termimg.Caps, error)
	if canAsk {
		ask = func() (termimg.Caps, error) {
			tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
			if err != nil {
				return termimg.Caps{}, err
			}
			defer tty.Close()
			c, err := termimg.Ask(tty, termimg.KittyQuerySafe(os.Getenv))
			pending = err == nil
			return c, err
		}
	}
	p, c := termimg.Choose(os.Getenv, color, ask)
	if _, forced := termimg.ParseProtocol(os.Getenv("FOLIO_GRAPHICS")); forced {
		pending = false
	}
	return p, c.CellW, c.CellH, pending
}

// terminalInput is the terminal the keys come from, as Bubble Tea would
// choose it: standard input, or /dev/tty when that is not a terminal;
// nil if there is none.
func terminalInput() (in *os.File, closeIt func()) {
	if term.IsTerminal(int(os.Stdin.Fd())) {
		return os.Stdin, func() {}
	}
	f, err := os.Open("/dev/tty")
	if err != nil {
		return nil, func() {}
	}
	return f, func() { f.Close() }
}

// rawTerminal puts the terminal in raw mode and returns what gives it its
// mode back (once, however often it is called).
func rawTerminal(in *os.File) (restore func()) {
	if in == nil {
		return func() {}
	}
	fd := int(in.Fd())
	old, err := term.MakeRaw(fd)
	if err != nil {
		return func() {}
	}
	done := false
	return func() {
		if !done {
			done = true
			term.Restore(fd, old)
		}
	}
}

// layoutCmd loads the page layout of document id.
func layoutCmd(st Store, id string) tea.Cmd {
	return func() tea.Msg {
		l, err := st.Layout(id)
		return scan.LayoutMsg{Doc: id, Layout: l, Err: err}
	}
}

// setReaderSize gives the reader's pane of w×h to the scan band (on top)
// and the reader.
func (a *App) setReaderSize(w, h int) {
	band := a.scan.Height(w, h)
	a.scan.SetSize(w, band)
	a.reader.SetSize(w, h-band)
}

// readerRect is where the reader's own rows are on the screen: its pane
// less the scan band.
func (a *App) readerRect() rect {
	r := a.geo.panes[paneReader]
	if a.geo.kind == layoutTabs {
		r = a.geo.panes[a.focus]
	}
	_, band := a.scan.Size()
	r.y += band
	r.h = max(r.h-band, 0)
	return r
}

// syncScan keeps the scan on the reader's cursor: the band's height
// follows what it has to show, and a new line or word is drawn.
func (a *App) syncScan() tea.Cmd {
	if !a.scan.Shown() {
		if _, h := a.scan.Size(); h != 0 {
			a.relayout()
		}
		return nil
	}
	if a.cur != nil && a.scan.Doc() == a.cur.Doc.ID && a.reader.Shows(a.cur.Doc.ID) {
		a.scan.Follow(a.reader.StoredCursor())
	}
	w, band := a.scan.Size()
	_, rh := a.reader.Size()
	if a.scan.Height(w, band+rh) != band {
		a.relayout()
	}
	return a.scan.Sync()
}
