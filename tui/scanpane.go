package tui

import (
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

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
	return scan.Options{Protocol: p, CellW: opt.CellW, CellH: opt.CellH, Profile: profile, ImageDirs: opt.Config.ImageDirs()}
}

// graphicsTimeout bounds the wait for the terminal's answers: a local
// terminal answers within milliseconds, one over SSH within a round trip.
const graphicsTimeout = 300 * time.Millisecond

// detectGraphics asks the terminal which image protocol it has, unless
// FOLIO_GRAPHICS names one. It runs before Bubble Tea takes the
// terminal, so the answers cannot mix with the keys typed.
func detectGraphics(color bool) (termimg.Protocol, int, int) {
	ask := func() (termimg.Caps, error) {
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil {
			return termimg.Caps{}, err
		}
		defer tty.Close()
		return termimg.Detect(tty, graphicsTimeout, termimg.KittyQuerySafe(os.Getenv))
	}
	p, c := termimg.Choose(os.Getenv, color, ask)
	return p, c.CellW, c.CellH
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
