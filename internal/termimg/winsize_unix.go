//go:build unix

package termimg

import "golang.org/x/sys/unix"

// cellSize is a cell's size in pixels from the terminal's window size
// (TIOCGWINSZ), for terminals that do not answer XTWINOPS 16 (xterm
// refuses window reports by default); 0, 0 if the terminal leaves the
// pixel size out.
func cellSize(fd int) (w, h int) {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 || ws.Xpixel == 0 || ws.Ypixel == 0 {
		return 0, 0
	}
	return int(ws.Xpixel / ws.Col), int(ws.Ypixel / ws.Row)
}
