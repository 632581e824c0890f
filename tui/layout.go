package tui

// layoutKind is one of the three layouts: three panes side by side, the
// list beside a reader stacked over the panel, or one pane at a time with
// a tab bar.
type layoutKind int

// The layouts.
const (
	layoutWide layoutKind = iota
	layoutStacked
	layoutTabs
)

// String names the layout.
func (k layoutKind) String() string {
	switch k {
	case layoutWide:
		return "wide"
	case layoutStacked:
		return "stacked"
	case layoutTabs:
		return "tabs"
	}
	return "layout(" + itoa(int(k)) + ")"
}

// pane is one of the three panes, in focus order.
type pane int

// The panes.
const (
	paneList pane = iota
	paneReader
	panePanel
	paneCount
)

// String is the pane's name, as the tab bar shows it.
func (p pane) String() string {
	switch p {
	case paneList:
		return "List"
	case paneReader:
		return "Reader"
	case panePanel:
		return "Panel"
	}
	return "pane(" + itoa(int(p)) + ")"
}

// rect is a pane's place on the screen; a zero-sized rect is hidden.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool {
	return r.w > 0 && r.h > 0 && x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// geometry is where everything goes at one terminal size.
type geometry struct {
	kind  layoutKind
	panes [paneCount]rect
	body  int // lines above the status line
	tabs  bool
	// status and help line rows, -1 when there is no room
	statusRow, helpRow int
}

// computeGeometry lays out a w×h terminal; focus matters only for tabs.
func computeGeometry(w, h int, focus pane) geometry {
	g := geometry{statusRow: -1, helpRow: -1}
	switch {
	case h >= 3:
		g.body, g.statusRow, g.helpRow = h-2, h-2, h-1
	case h == 2:
		g.body, g.statusRow = 1, 1
	case h == 1:
		g.statusRow = 0
	}
	switch {
	case w >= 120:
		g.kind = layoutWide
		lw := clampInt(w*27/100, 24, 44)
		pw := clampInt(w*30/100, 30, 50)
		rw := w - lw - pw - 2
		g.panes[paneList] = rect{0, 0, lw, g.body}
		g.panes[paneReader] = rect{lw + 1, 0, rw, g.body}
		g.panes[panePanel] = rect{lw + 1 + rw + 1, 0, pw, g.body}
	case w >= 80:
		g.kind = layoutStacked
		lw := clampInt(w*32/100, 24, 38)
		rw := w - lw - 1
		ph := 0
		if g.body >= 6 {
			ph = max(g.body/3, 3)
		}
		g.panes[paneList] = rect{0, 0, lw, g.body}
		g.panes[paneReader] = rect{lw + 1, 0, rw, g.body - ph}
		g.panes[panePanel] = rect{lw + 1, g.body - ph, rw, ph}
		if ph == 0 && focus == panePanel {
			// no room for both: the panel takes the reader's place
			g.panes[panePanel], g.panes[paneReader] = g.panes[paneReader], rect{}
		}
	default:
		g.kind = layoutTabs
		g.tabs = g.body >= 2
		y, bh := 0, g.body
		if g.tabs {
			y, bh = 1, g.body-1
		}
		g.panes[focus] = rect{0, y, w, bh}
	}
	return g
}
