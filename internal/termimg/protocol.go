package termimg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"strconv"
	"strings"

	"github.com/muesli/termenv"
)

// Protocol is a way of drawing an image in a terminal.
type Protocol int

// The protocols, from the plainest.
const (
	None       Protocol = iota // no image: the terminal has no colours
	HalfBlocks                 // "▀" in colours: every colour terminal, tmux, SSH
	Sixel                      // DEC sixel graphics (xterm -ti vt340, foot, WezTerm, mlterm)
	Kitty                      // the kitty graphics protocol (kitty, Ghostty, WezTerm)
	ITerm2                     // iTerm2 inline images (iTerm2, WezTerm)
)

// String names the protocol as FOLIO_GRAPHICS spells it.
func (p Protocol) String() string {
	switch p {
	case None:
		return "none"
	case HalfBlocks:
		return "halfblocks"
	case Sixel:
		return "sixel"
	case Kitty:
		return "kitty"
	case ITerm2:
		return "iterm2"
	}
	return "protocol(" + strconv.Itoa(int(p)) + ")"
}

// ParseProtocol reads a protocol's name ("auto" and "" are not one).
func ParseProtocol(s string) (Protocol, bool) {
	for p := None; p <= ITerm2; p++ {
		if strings.EqualFold(s, p.String()) {
			return p, true
		}
	}
	if strings.EqualFold(s, "iterm") {
		return ITerm2, true
	}
	return None, false
}

// Graphics reports whether p draws pixels rather than characters.
func (p Protocol) Graphics() bool { return p >= Sixel }

// Target is where an image is drawn: its size in cells, the size of a
// cell in pixels (for the graphics protocols) and the colour profile (for
// half-blocks).
type Target struct {
	Protocol      Protocol
	Cols, Rows    int
	CellW, CellH  int
	Profile       termenv.Profile
	KittyIDOffset int // kitty image ids are KittyIDOffset+row+1
}

// PixelSize is the size in pixels img must have to fill the target: two
// pixels a cell for half-blocks (one above the other), the cell size for
// the graphics protocols.
func (t Target) PixelSize() (w, h int) {
	if t.Protocol.Graphics() {
		return t.Cols * max(t.CellW, 1), t.Rows * max(t.CellH, 1)
	}
	return t.Cols, t.Rows * 2
}

// Draw draws img, of t.PixelSize(), as t.Rows strings of t.Cols cells.
func Draw(img *image.RGBA, t Target) []string {
	switch t.Protocol {
	case HalfBlocks:
		return EncodeHalfBlocks(img, t.Profile)
	case Sixel, Kitty, ITerm2:
		rows := make([]string, 0, t.Rows)
		ch := max(t.CellH, 1)
		for r := 0; r < t.Rows; r++ {
			strip := img.SubImage(image.Rect(0, r*ch, img.Bounds().Dx(), (r+1)*ch)).(*image.RGBA)
			var seq string
			switch t.Protocol {
			case Sixel:
				seq = string(EncodeSixel(Quantize(strip)))
			case Kitty:
				seq = KittyImage(strip, t.Cols, 1, t.KittyIDOffset+r+1)
			default:
				seq = ITerm2Image(strip, t.Cols, 1)
			}
			rows = append(rows, Place(t.Cols, seq))
		}
		return rows
	}
	return nil
}

// Place lays a graphics sequence that draws over cols cells out as a
// row of text: the cells are blanked (so the text layout counts cols
// cells and the row's old text is gone), then the image is drawn from
// their first cell with the cursor saved and restored, and the cursor
// moves on past them.
func Place(cols int, seq string) string {
	if cols <= 0 {
		return ""
	}
	n := strconv.Itoa(cols)
	return strings.Repeat(" ", cols) + "\x1b[" + n + "D\x1b7" + seq + "\x1b8\x1b[" + n + "C"
}

// KittyImage is the kitty graphics command that shows img (RGBA) with
// image id id over cols×rows cells at the cursor, without moving it,
// replacing the image of that id.
func KittyImage(img *image.RGBA, cols, rows, id int) string {
	b := img.Bounds()
	pix := make([]byte, 0, b.Dx()*b.Dy()*4)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := img.PixOffset(b.Min.X, y)
		pix = append(pix, img.Pix[i:i+b.Dx()*4]...)
	}
	data := base64.StdEncoding.EncodeToString(pix)
	var sb strings.Builder
	// delete the image this id showed before (and its placements)
	fmt.Fprintf(&sb, "\x1b_Ga=d,d=I,i=%d,q=2\x1b\\", id)
	const chunk = 4096
	for first := true; first || data != ""; first = false {
		part := data[:min(chunk, len(data))]
		data = data[len(part):]
		more := 0
		if data != "" {
			more = 1
		}
		if first {
			fmt.Fprintf(&sb, "\x1b_Ga=T,f=32,s=%d,v=%d,c=%d,r=%d,C=1,q=2,i=%d,m=%d;%s\x1b\\", b.Dx(), b.Dy(), cols, rows, id, more, part)
		} else {
			fmt.Fprintf(&sb, "\x1b_Gm=%d;%s\x1b\\", more, part)
		}
	}
	return sb.String()
}

// KittyClear deletes every kitty image on the screen.
const KittyClear = "\x1b_Ga=d,d=A,q=2\x1b\\"

// ITerm2Image is the iTerm2 inline-image sequence that shows img (as
// PNG) stretched over cols×rows cells at the cursor.
func ITerm2Image(img image.Image, cols, rows int) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return ""
	}
	return fmt.Sprintf("\x1b]1337;File=inline=1;size=%d;width=%d;height=%d;preserveAspectRatio=0:%s\a",
		buf.Len(), cols, rows, base64.StdEncoding.EncodeToString(buf.Bytes()))
}
