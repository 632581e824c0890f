package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"folio/tui/style"
)

// statusModel is the status line: store file, position, review progress,
// mode, and the last message or error (cleared on the next key).
type statusModel struct {
	st    *style.Styles
	msg   string
	isErr bool
	// last is the last message said, kept when the line is cleared: the
	// help (?) shows it whole, where the line had to cut it (a narrow
	// terminal, a long error)
	last string
}

// statusInfo is what the app tells the status line each frame.
type statusInfo struct {
	path       string
	pos, total int
	done, all  int
	mode       keyMode
	busy       string // work going on in the background, if any
}

func (m *statusModel) set(msg string)  { m.say(msg, false) }
func (m *statusModel) fail(msg string) { m.say(msg, true) }
func (m *statusModel) clear()          { m.msg, m.isErr = "", false }
func (m *statusModel) hasError() bool  { return m.isErr && m.msg != "" }
func (m *statusModel) message() string { return m.msg }

// lastMessage is the last message said, also once cleared ("" for none).
func (m *statusModel) lastMessage() string { return m.last }

func (m *statusModel) say(msg string, isErr bool) {
	m.msg, m.isErr = Sanitize(msg), isErr
	if m.msg != "" {
		m.last = m.msg
	}
}

// progress renders "done 37 % ▰▰▰▱▱▱▱▱".
func (m *statusModel) progress(done, all int) string {
	pct := 0
	if all > 0 {
		pct = done * 100 / all
	}
	const cells = 8
	full := 0
	if all > 0 {
		full = done * cells / all
	}
	return fmt.Sprintf("done %d %% ", pct) + m.st.BarDone.Render(strings.Repeat("▰", full)) +
		m.st.BarTodo.Render(strings.Repeat("▱", cells-full))
}

// View draws the status line in exactly w cells.
func (m *statusModel) View(w int, in statusInfo) string {
	if w <= 0 {
		return ""
	}
	mode := m.st.StatusMode.Render(" " + in.mode.String() + " ")
	pos := fmt.Sprintf("%s/%s", groupDigits(in.pos), groupDigits(in.total))
	if in.total == 0 {
		pos = "0/0"
	}
	prog := m.progress(in.done, in.all)
	path := m.st.Dim.Render(Sanitize(filepath.Base(in.path)))
	msg := ""
	if m.msg != "" {
		if m.isErr {
			msg = m.st.StatusErr.Render(m.msg)
		} else {
			msg = m.st.StatusMsg.Render(m.msg)
		}
	}
	left := mode + " " + pos
	// drop the less important parts until the message fits
	try := [][]string{{prog, path}, {prog}, {}}
	if in.busy != "" {
		busy := m.st.Dim.Render(Sanitize(in.busy))
		try = [][]string{{busy, prog, path}, {busy, prog}, {prog, path}, {prog}, {}}
	}
	for _, parts := range try {
		right := strings.Join(parts, "  ")
		rw := width(right)
		avail := w - width(left) - rw - 2
		if m.msg == "" || avail >= min(width(m.msg), 24) || len(parts) == 0 {
			mid := ""
			if msg != "" {
				mid = " " + truncate(msg, max(avail, 0))
			}
			pad := max(w-width(left)-width(mid)-rw, 0)
			if rw > 0 && pad == 0 {
				continue
			}
			return fit(left+mid+strings.Repeat(" ", pad)+right, w)
		}
	}
	return fit(left, w)
}
