// Package overlay holds folio's modal layers: the pickers, the prompts,
// the canonical-name chooser, the full help and the preview of an
// apply-everywhere. Each is a model that owns its state and has the
// keyboard while it is open; it closes itself by returning done and gives
// its result as a message (made by a function the root passes in), which
// the root handles at once, so that keys typed after it see its effect.
// The root only opens them, routes keys to them and draws them with Show.
package overlay

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/tui/docview"
	"folio/tui/style"
)

// Overlay is a modal layer.
type Overlay interface {
	// Update handles a key; done closes the overlay, and result (if not
	// nil) is handled by the root at once.
	Update(msg tea.KeyMsg) (done bool, result tea.Msg)
	// View returns the body lines for a box at most w cells wide and h
	// lines high (the frame is drawn around them).
	View(w, h int) []string
	// Title is the box's title.
	Title() string
	// Bar reports whether it is drawn as a one-line bar at the bottom
	// (search) instead of a centred box.
	Bar() bool
}

// Helper is an overlay with its own one-line help.
type Helper interface {
	ShortHelp() []key.Binding
}

// frame draws body inside a rounded box of exactly w cells.
func frame(st *style.Styles, title string, body []string, w int) []string {
	if w < 4 {
		out := make([]string, len(body))
		for i, b := range body {
			out[i] = docview.Fit(b, w)
		}
		return out
	}
	inner := w - 4
	t := docview.Truncate(title, max(inner-1, 0))
	top := st.Box.Render("╭─") + st.BoxTitle.Render(t) + st.Box.Render(strings.Repeat("─", max(w-3-docview.Width(t), 0))+"╮")
	out := []string{docview.Fit(top, w)}
	for _, b := range body {
		out = append(out, st.Box.Render("│")+" "+docview.Fit(b, inner)+" "+st.Box.Render("│"))
	}
	out = append(out, st.Box.Render("╰"+strings.Repeat("─", w-2)+"╯"))
	return out
}

// place draws box over base (lines of exactly W cells) at column x, row y.
func place(base []string, box []string, x, y, W int) {
	for i, b := range box {
		r := y + i
		if r < 0 || r >= len(base) {
			continue
		}
		bw := docview.Width(b)
		line := base[r]
		left := docview.Fit(ansi.Truncate(line, x, ""), x)
		right := ansi.TruncateLeft(line, x+bw, "")
		if strings.Contains(line, "\x1b") {
			left += "\x1b[0m"
		}
		base[r] = docview.Fit(left+b+right, W)
	}
}

// Show draws overlay o over the screen lines (W cells wide, H high).
func Show(st *style.Styles, o Overlay, screen []string, W, H int) {
	if W <= 0 || H <= 0 {
		return
	}
	if o.Bar() {
		body := o.View(W, 1)
		if len(body) > 0 && len(screen) > 0 {
			screen[len(screen)-1] = docview.Fit(body[0], W)
		}
		return
	}
	bw := min(W, max(W*2/3, min(W, 60)))
	bh := max(H-2, 1)
	body := o.View(max(bw-4, 1), max(bh-2, 1))
	if len(body) > bh-2 && bh >= 3 {
		body = body[:bh-2]
	}
	var box []string
	if bh >= 3 {
		box = frame(st, o.Title(), body, bw)
	} else {
		box = body
		for i := range box {
			box[i] = docview.Fit(box[i], bw)
		}
		if len(box) > H {
			box = box[:H]
		}
	}
	x := (W - bw) / 2
	y := max((H-len(box))/2, 0)
	place(screen, box, x, y, W)
}

// ScrollLines cuts lines to h, keeping line sel visible.
func ScrollLines(lines []string, sel, h int) []string {
	if h <= 0 || len(lines) <= h {
		return lines
	}
	top := docview.Clamp(sel-h+1, 0, len(lines)-h)
	if sel < top {
		top = sel
	}
	return lines[top : top+h]
}

// selected draws a chosen line reversed (styles stripped first).
func selected(st *style.Styles, line string) string { return st.ItemSelected.Render(ansi.Strip(line)) }
