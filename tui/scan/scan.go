// Package scan is the page image above the reader: the current line of
// the scan, with the word under the cursor tinted, drawn with half-blocks
// or a terminal graphics protocol (see internal/termimg), and a caption
// that says which part of the page it shows.
//
// Decoding, cropping, scaling and encoding happen in a tea.Cmd; decoded
// pages are kept in an LRU cache. The model only keeps what was drawn
// last and what it asked for.
package scan

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"folio/annot"
	"folio/corpus"
	"folio/internal/termimg"
	"folio/store"
	"folio/tui/docview"
	"folio/tui/style"
)

// Options configure the scan pane.
type Options struct {
	// Protocol draws the image; None shows a line saying why not.
	Protocol termimg.Protocol
	// CellW and CellH are a cell's size in pixels (graphics protocols); 0
	// takes 10×20.
	CellW, CellH int
	// Profile is the colour profile of half-blocks.
	Profile termenv.Profile
	// ImageDirs are folders to look for a page image in, by stem, when
	// the stored path does not lead to it.
	ImageDirs []string
	// Pending says the terminal was asked what it can draw and its
	// answers are to come (Answered); Protocol is what to draw with
	// until then.
	Pending bool
	// Cache holds decoded pages; nil makes one of four pages.
	Cache *termimg.Cache
}

// highlight is the tint of the word under the cursor.
func highlight() color.RGBA { return color.RGBA{255, 214, 92, 255} }

// LayoutMsg brings the page layout of a document (nil with Err
// wrapping store.ErrNoLayout for a document not read from OCR XML).
type LayoutMsg struct {
	Doc    string
	Layout *annot.Layout
	Err    error
}

// drawKey is what one drawing shows, and how.
type drawKey struct {
	doc          string
	line, word   int
	cols, rows   int
	proto        termimg.Protocol
	cellW, cellH int
}

// drawnMsg is a finished drawing.
type drawnMsg struct {
	key     drawKey
	rows    []string
	caption string
	err     string
}

// Model is the scan pane's state.
type Model struct {
	st  *style.Styles
	opt Options

	on     bool
	doc    string        // the open document
	lay    *annot.Layout // its layout, nil if none
	layErr string        // why there is none, once known
	loaded bool          // the layout of doc has arrived

	line, word int // current line and word, -1 for none
	w, h       int // the band's size, caption included

	drawn   drawnMsg
	pending drawKey
}

// New returns a hidden scan pane.
func New(st *style.Styles, opt Options) Model {
	if opt.CellW <= 0 || opt.CellH <= 0 {
		opt.CellW, opt.CellH = 10, 20
	}
	if opt.Cache == nil {
		opt.Cache = termimg.NewCache(4, nil)
	}
	return Model{st: st, opt: opt, line: -1, word: -1}
}

// Protocol is the way images are drawn.
func (m *Model) Protocol() termimg.Protocol { return m.opt.Protocol }

// Toggle shows or hides the scan.
func (m *Model) Toggle() { m.on = !m.on }

// Answered takes the terminal's answers to the graphics query: the cell
// size they give, also when FOLIO_GRAPHICS chose the protocol (the
// kernel may not know it: inside tmux, over SSH), and, when they were
// awaited (Options.Pending), the protocol. The page is drawn as they
// say, from then on. It reports whether they set the protocol.
func (m *Model) Answered(c termimg.Caps) bool {
	if c.CellW > 0 && c.CellH > 0 {
		m.opt.CellW, m.opt.CellH = c.CellW, c.CellH
	}
	if !m.opt.Pending {
		return false
	}
	m.opt.Pending = false
	m.opt.Protocol = c.Best()
	return true
}

// Shown reports whether the scan is shown.
func (m *Model) Shown() bool { return m.on }

// Open starts on document id: its layout is to come (SetLayout).
func (m *Model) Open(id string) {
	if id == m.doc {
		return
	}
	m.doc, m.lay, m.layErr, m.loaded = id, nil, "", false
	m.line, m.word = -1, -1
}

// SetLayout installs the layout of a document, if it is the open one.
func (m *Model) SetLayout(msg LayoutMsg) bool {
	if msg.Doc != m.doc {
		return false
	}
	m.loaded = true
	m.lay, m.layErr = msg.Layout, ""
	if msg.Err != nil {
		m.lay, m.layErr = nil, "no page image: not imported from hOCR, ALTO or PAGE XML"
		if !errors.Is(msg.Err, store.ErrNoLayout) {
			m.layErr = "no page image: " + msg.Err.Error()
		}
	}
	return true
}

// Layout is the open document's layout, nil if it has none (yet).
func (m *Model) Layout() *annot.Layout { return m.lay }

// ConfSpans are the word confidences of document id's layout, for the
// reader's heat shading.
func (m *Model) ConfSpans(id string) []docview.ConfSpan {
	if m.lay == nil || id != m.doc {
		return nil
	}
	var out []docview.ConfSpan
	for _, w := range m.lay.Words {
		if w.HasConf {
			out = append(out, docview.ConfSpan{Span: w.Span, Conf: w.Conf})
		}
	}
	return out
}

// Follow puts the scan on the word at stored position p (the reader's
// cursor): the word that holds it, else the line that does, else the
// nearest word before it.
func (m *Model) Follow(p int) {
	m.line, m.word = -1, -1
	if m.lay == nil {
		return
	}
	ws := m.lay.Words
	i := sort.Search(len(ws), func(i int) bool { return ws[i].End > p })
	switch {
	case i < len(ws) && ws[i].Start <= p:
		m.word, m.line = i, ws[i].Line
	case len(m.lay.Lines) > 0:
		ls := m.lay.Lines
		k := sort.Search(len(ls), func(k int) bool { return ls[k].End >= p })
		if k == len(ls) {
			k = len(ls) - 1
		}
		m.line = k
		if i > 0 && ws[i-1].Line == k {
			m.word = i - 1
		}
	}
}

// imageRows is how many rows the image takes in a pane of height h.
func (m *Model) imageRows(h int) int {
	if m.opt.Protocol.Graphics() {
		// a line of print at about its own size
		return clamp((90+m.opt.CellH-1)/m.opt.CellH, 2, min(max(h/3, 2), maxKittyRows))
	}
	return clamp(h/3, 3, 10)
}

// Height is the number of rows the scan takes above the reader in a pane
// of w×h: 0 when hidden, up to four for a message, else the caption and
// the image. The reader keeps at least three rows.
func (m *Model) Height(w, h int) int {
	switch {
	case !m.on || h < 4:
		return 0
	case m.note() != "":
		return min(len(docview.Wrap(m.note(), w)), 4, h-3)
	}
	return min(m.imageRows(h)+1, h-3)
}

// note is the message shown instead of an image, if any.
func (m *Model) note() string {
	if msg := m.message(); msg != "" {
		return msg
	}
	if m.drawn.key.doc == m.doc && m.drawn.err != "" {
		return m.drawn.err
	}
	return ""
}

// message is the line shown instead of an image, "" if there is an image
// to draw (or to wait for).
func (m *Model) message() string {
	switch {
	case m.opt.Protocol == termimg.None:
		return "no page image: the terminal has no colours (FOLIO_GRAPHICS=halfblocks forces them)"
	case m.doc == "":
		return "no document open"
	case !m.loaded:
		return "reading the page layout…"
	case m.layErr != "":
		return m.layErr
	case len(m.lay.Lines) == 0:
		return "no page image: the page has no lines with positions"
	case m.line < 0:
		return "no line here"
	}
	return ""
}

// SetSize gives the band its size (Height rows of the reader's width).
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// want is the drawing the state asks for.
func (m *Model) want() (drawKey, bool) {
	if !m.on || m.h < 2 || m.w < 1 || m.message() != "" {
		return drawKey{}, false
	}
	return drawKey{doc: m.doc, line: m.line, word: m.word, cols: m.w, rows: m.h - 1,
		proto: m.opt.Protocol, cellW: m.opt.CellW, cellH: m.opt.CellH}, true
}

// Sync returns the command that draws what the state asks for, nil if it
// is drawn or on its way.
func (m *Model) Sync() tea.Cmd {
	k, ok := m.want()
	if !ok || k == m.drawn.key || k == m.pending {
		return nil
	}
	m.pending = k
	lay, opt := m.lay, m.opt
	return func() tea.Msg { return draw(lay, opt, k) }
}

// Update takes a finished drawing; it reports whether msg was one.
func (m *Model) Update(msg tea.Msg) bool {
	d, ok := msg.(drawnMsg)
	if !ok {
		return false
	}
	if d.key == m.pending {
		m.pending = drawKey{}
	}
	if d.key.doc == m.doc {
		m.drawn = d
	}
	return true
}

// View draws the band: the caption, then the image rows (the last
// drawing until the next arrives).
func (m *Model) View() []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	switch note := m.note(); {
	case note != "":
		for _, l := range docview.Wrap(note, m.w) {
			if len(out) < m.h {
				out = append(out, docview.Fit(m.st.Scan.Render(docview.Truncate(l, m.w)), m.w))
			}
		}
	default:
		cap := "Scan"
		if m.drawn.key.doc == m.doc {
			cap += " · " + m.drawn.caption
		} else {
			cap += " · drawing…"
		}
		out = append(out, docview.Fit(m.st.Scan.Render(docview.Truncate(cap, m.w)), m.w))
		if m.drawn.key.doc == m.doc && m.drawn.key.cols == m.w {
			for _, r := range m.drawn.rows {
				if len(out) < m.h {
					out = append(out, r)
				}
			}
		}
	}
	for len(out) < m.h {
		out = append(out, docview.Fit("", m.w))
	}
	return out
}

// maxKittyRows bounds the kitty image ids the band uses (one a row).
const maxKittyRows = 64

// Prefix is what the first row of the reader's pane (the band's caption,
// or the reader's title when there is no image) starts with: images a
// graphics protocol left on the screen that no row redraws are deleted
// there. Kitty keeps an image until it is deleted, whatever text is
// written over it (sixel and iTerm2 images are overwritten with the
// text); "" for the other protocols.
func (m *Model) Prefix() string {
	if m.opt.Protocol != termimg.Kitty {
		return ""
	}
	rows := 0
	if m.on && m.note() == "" && m.drawn.key.doc == m.doc && m.drawn.key.cols == m.w {
		rows = len(m.drawn.rows)
	}
	if rows == 0 {
		return termimg.KittyClear
	}
	var b strings.Builder
	for id := rows + 1; id <= maxKittyRows; id++ {
		fmt.Fprintf(&b, "\x1b_Ga=d,d=I,i=%d,q=2\x1b\\", id)
	}
	return b.String()
}

// Resolve finds the page image of lay: the path stored at import if it
// is still there, else one named like the file's reference or the
// stored image in the folders dirs.
func Resolve(lay *annot.Layout, dirs []string) (string, error) {
	if lay.Image != "" {
		if fi, err := os.Stat(lay.Image); err == nil && fi.Mode().IsRegular() {
			return lay.Image, nil
		}
	}
	stems := corpus.ImageStems(lay.ImageRef, "")
	if lay.Image != "" {
		stems = append(stems, corpus.ImageStems("", filepath.Base(lay.Image))...)
	}
	if p := corpus.FindImage(dirs, stems); p != "" {
		return p, nil
	}
	name := lay.Image
	if name == "" {
		name = lay.ImageRef
	}
	if name == "" {
		return "", errors.New("no page image: the OCR file names none; import with --images DIR or set images in folio.toml")
	}
	return "", fmt.Errorf("no page image: %s not found; import with --images DIR or set images in folio.toml", name)
}

// draw decodes, crops, scales, tints and encodes the line k.line of lay.
// It runs in a tea.Cmd.
func draw(lay *annot.Layout, opt Options, k drawKey) tea.Msg {
	out := drawnMsg{key: k}
	path, err := Resolve(lay, opt.ImageDirs)
	if err != nil {
		out.err = err.Error()
		return out
	}
	img, err := opt.Cache.Page(path)
	if err != nil {
		out.err = err.Error()
		return out
	}
	t := termimg.Target{Protocol: opt.Protocol, Cols: k.cols, Rows: k.rows, CellW: opt.CellW, CellH: opt.CellH, Profile: opt.Profile}
	pw, ph := t.PixelSize()
	crop, word := Crop(lay, img.Bounds(), k.line, k.word, pw, ph, opt.Protocol.Graphics())
	dst := termimg.Scale(img, crop, pw, ph)
	if !word.Empty() {
		s := float64(pw) / float64(crop.Dx())
		termimg.Tint(dst, image.Rect(int(float64(word.Min.X-crop.Min.X)*s), int(float64(word.Min.Y-crop.Min.Y)*s),
			int(float64(word.Max.X-crop.Min.X)*s+0.999), int(float64(word.Max.Y-crop.Min.Y)*s+0.999)), highlight())
	}
	out.rows = termimg.Draw(dst, t)
	out.caption = fmt.Sprintf("line %d/%d · x %d–%d y %d–%d", k.line+1, len(lay.Lines),
		crop.Min.X, crop.Max.X, crop.Min.Y, crop.Max.Y)
	if k.word >= 0 && k.word < len(lay.Words) && lay.Words[k.word].HasConf {
		out.caption += fmt.Sprintf(" · conf %.2f", lay.Words[k.word].Conf)
	}
	return out
}

// Crop is the part of the page (in image pixels) that shows line k of
// lay in pw×ph pixels: the line's height with a quarter of it above and
// below, as wide as the target's proportions allow, around word w (if
// w ≥ 0) and within the line. A word wider than that is shown whole,
// smaller, with more of the page around it. It also returns the word's box. When
// noEnlarge is set (graphics protocols, which have pixels to spare) the
// page is not shown larger than 1.5 times and the crop grows instead.
// Boxes in a layout whose page size differs from the image's are scaled
// to the image.
func Crop(lay *annot.Layout, img image.Rectangle, k, w, pw, ph int, noEnlarge bool) (crop, word image.Rectangle) {
	sx, sy := 1.0, 1.0
	if lay.Width > 0 && lay.Height > 0 && (lay.Width != img.Dx() || lay.Height != img.Dy()) {
		sx, sy = float64(img.Dx())/float64(lay.Width), float64(img.Dy())/float64(lay.Height)
	}
	toImg := func(b annot.Box) image.Rectangle {
		return image.Rect(int(float64(b.X0)*sx), int(float64(b.Y0)*sy), int(float64(b.X1)*sx+0.999), int(float64(b.Y1)*sy+0.999)).Add(img.Min)
	}
	var lb annot.Box
	if k >= 0 && k < len(lay.Lines) {
		lb = lay.Lines[k].Box
		if lb.Empty() {
			for _, wd := range lay.Words {
				if wd.Line == k {
					lb = lb.Union(wd.Box)
				}
			}
		}
	}
	line := toImg(lb)
	if line.Empty() {
		line = image.Rect(img.Min.X, img.Min.Y, img.Min.X+img.Dx()/4, img.Min.Y+img.Dy()/40+1)
	}
	if w >= 0 && w < len(lay.Words) && !lay.Words[w].Box.Empty() {
		word = toImg(lay.Words[w].Box)
	}
	margin := max(line.Dy()/4, 2)
	ch := line.Dy() + 2*margin
	s := float64(ph) / float64(ch)
	if noEnlarge && s > 1.5 {
		s = 1.5
	}
	if !word.Empty() && float64(word.Dx()+2*margin)*s > float64(pw) {
		s = float64(pw) / float64(word.Dx()+2*margin) // the whole word, smaller
	}
	ch = max(int(float64(ph)/s+0.5), 1)
	cw := max(int(float64(pw)/s+0.5), 1)
	y0 := (line.Min.Y+line.Max.Y)/2 - ch/2
	lo, hi := line.Min.X-margin, line.Max.X+margin // where the crop may go
	x0 := lo
	if cw < hi-lo {
		if !word.Empty() {
			x0 = (word.Min.X+word.Max.X)/2 - cw/2
		}
		x0 = clamp(x0, lo, hi-cw)
	}
	return image.Rect(x0, y0, x0+cw, y0+ch), word
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// Doc is the open document's id.
func (m *Model) Doc() string { return m.doc }

// Size is the band's size.
func (m *Model) Size() (w, h int) { return m.w, m.h }
