package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/tui/style"
)

// overlay is a modal layer that has the keyboard while it is open: help,
// pickers, inputs and confirmations. It closes itself by returning done,
// and reports its result as a message the app handles at once (so that
// keys typed after it see its effect).
type overlay interface {
	update(msg tea.KeyMsg) (done bool, result tea.Msg)
	// view returns the body lines for a box at most w cells wide and h
	// lines high (the frame is drawn around them).
	view(w, h int) []string
	title() string
	// bar reports whether it is drawn as a one-line bar at the bottom
	// (search) instead of a centred box.
	bar() bool
}

// frame draws body inside a rounded box of exactly w cells.
func frame(st *style.Styles, title string, body []string, w int) []string {
	if w < 4 {
		out := make([]string, len(body))
		for i, b := range body {
			out[i] = fit(b, w)
		}
		return out
	}
	inner := w - 4
	t := truncate(title, max(inner-1, 0))
	top := st.Box.Render("╭─") + st.BoxTitle.Render(t) + st.Box.Render(strings.Repeat("─", max(w-3-width(t), 0))+"╮")
	out := []string{fit(top, w)}
	for _, b := range body {
		out = append(out, st.Box.Render("│")+" "+fit(b, inner)+" "+st.Box.Render("│"))
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
		bw := width(b)
		line := base[r]
		left := fit(ansi.Truncate(line, x, ""), x)
		right := ansi.TruncateLeft(line, x+bw, "")
		if strings.Contains(line, "\x1b") {
			left += "\x1b[0m"
		}
		base[r] = fit(left+b+right, W)
	}
}

// showOverlay draws overlay o over the screen lines.
func showOverlay(st *style.Styles, o overlay, screen []string, W, H int) {
	if W <= 0 || H <= 0 {
		return
	}
	if o.bar() {
		body := o.view(W, 1)
		if len(body) > 0 && len(screen) > 0 {
			screen[len(screen)-1] = fit(body[0], W)
		}
		return
	}
	bw := min(W, max(W*2/3, min(W, 60)))
	bh := max(H-2, 1)
	body := o.view(max(bw-4, 1), max(bh-2, 1))
	if len(body) > bh-2 && bh >= 3 {
		body = body[:bh-2]
	}
	var box []string
	if bh >= 3 {
		box = frame(st, o.title(), body, bw)
	} else {
		box = body
		for i := range box {
			box[i] = fit(box[i], bw)
		}
		if len(box) > H {
			box = box[:H]
		}
	}
	x := (W - bw) / 2
	y := max((H-len(box))/2, 0)
	place(screen, box, x, y, W)
}
