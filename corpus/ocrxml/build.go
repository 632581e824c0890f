package ocrxml

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"

	"golang.org/x/text/unicode/norm"
)

// pageB collects one page while it is read.
type pageB struct {
	node     *node
	seq      int
	format   Format
	layout   annot.Layout
	blocks   []*blockB
	warnings []string
	ro       []roRef // PAGE reading order
}

// roRef is a region named by the PAGE reading order, with its position.
type roRef struct {
	key []int
	id  string
}

// blockB is a block of lines (ALTO top-level block, PAGE TextRegion, hOCR
// ocr_carea or ocr_par).
type blockB struct {
	ids    []string // PAGE: its id, then its ancestor regions' ids
	custom int      // PAGE custom readingOrder index, -1 if none
	seq    int
	lines  []*lineB
	tes    []*textEquiv // PAGE region TextEquivs
	order  int
}

// lineB is a text line.
type lineB struct {
	block   *blockB
	box     annot.Box
	poly    []annot.Point
	words   []*wordB
	tes     []*textEquiv // PAGE
	collect strings.Builder
	text    string // the line's own text (used when it has no words)
	alt     []string
	inner   [2]int64 // hOCR: the content of the line's span
	elem    [2]int64
	raw     string
	sp      [2]int64 // ALTO: the last SP read in this line
	last    *wordB   // ALTO: the String just read, if nothing came after it
	index   int      // in Layout.Lines, -1 if it has no text
	chosen  *textEquiv
}

// wordB is a word.
type wordB struct {
	line     *lineB
	text     string
	collect  strings.Builder
	box      annot.Box
	poly     []annot.Point
	conf     float64
	hasConf  bool
	alt      []string
	hyp      string // ALTO HYP after the word, as printed
	tes      []*textEquiv
	elem     [2]int64 // the whole element
	tagEnd   int64
	inner    [2]int64 // hOCR: the span's content
	raw      string
	spBefore [2]int64   // ALTO: the SP right before this String
	spAfter  [2]int64   // ALTO: the SP right after it
	coords   [2]int64   // PAGE: the Coords element
	baseline [][2]int64 // PAGE: Baseline elements inside the Word (not allowed there)
	glyphs   [][2]int64 // PAGE: Glyph elements
	chosen   *textEquiv
}

// textEquiv is a PAGE TextEquiv.
type textEquiv struct {
	index    int
	hasIndex bool
	conf     float64
	hasConf  bool
	seq      int
	text     strings.Builder
	elem     [2]int64
	unicode  [2]int64 // the Unicode element
	ucontent [2]int64 // its content
	uraw     string
	plain    [2]int64 // the PlainText element, if any
	pcontent [2]int64 // its content
	praw     string
}

// unit is a piece of the text that export rewrites: a word, or a line
// that has no words.
type unit struct {
	span annot.Span
	word *wordB
	line *lineB
}

// choose picks the reading with the lowest index (one without an index
// ranks after the indexed ones, in file order) and returns it with the
// other readings' texts.
func choose(tes []*textEquiv) (*textEquiv, []string) {
	if len(tes) == 0 {
		return nil, nil
	}
	s := slices.Clone(tes)
	slices.SortStableFunc(s, func(a, b *textEquiv) int {
		switch {
		case a.hasIndex && b.hasIndex:
			return a.index - b.index
		case a.hasIndex:
			return -1
		case b.hasIndex:
			return 1
		}
		return 0
	})
	var alt []string
	for _, t := range s[1:] {
		alt = append(alt, clean(t.text.String()))
	}
	return s[0], alt
}

// clean puts s into NFC and turns each run of white space into one
// space, trimmed.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}

// build orders the blocks and lays out the text.
func (pb *pageB) build() *Page {
	pb.order()
	pg := &Page{Layout: pb.layout, Warnings: pb.warnings, blocks: pb.blocks}
	pg.Layout.Format = string(pb.format)
	pg.Layout.Page = pb.seq
	var b strings.Builder
	n := 0
	write := func(s string) {
		b.WriteString(s)
		n += utf8.RuneCountInString(s)
	}
	firstBlock := true
	for _, bl := range pb.blocks {
		firstLine := true
		for _, ln := range bl.lines {
			ln.index = -1
			if !ln.hasText() {
				continue
			}
			switch {
			case firstBlock:
			case firstLine:
				write("\n\n")
			default:
				write("\n")
			}
			firstBlock, firstLine = false, false
			start := n
			ln.index = len(pg.Layout.Lines)
			if len(ln.words) == 0 {
				write(ln.text)
				pg.units = append(pg.units, &unit{span: annot.Span{Start: start, End: n}, line: ln})
			}
			first := true
			var glued []bool
			if pb.format == PAGE {
				glued = ln.glued()
			}
			for i, w := range ln.words {
				if w.text == "" {
					continue
				}
				if !first && (glued == nil || !glued[i]) {
					write(" ")
				}
				first = false
				ws := n
				write(w.text)
				sp := annot.Span{Start: ws, End: n}
				pg.units = append(pg.units, &unit{span: sp, word: w})
				pg.Layout.Words = append(pg.Layout.Words, annot.LayoutWord{Span: sp, Line: ln.index,
					Box: w.box, Polygon: w.poly, Conf: w.conf, HasConf: w.hasConf, Alt: w.alt})
				write(w.hyp)
			}
			pg.Layout.Lines = append(pg.Layout.Lines, annot.LayoutLine{Span: annot.Span{Start: start, End: n},
				Box: ln.box, Polygon: ln.poly, Alt: ln.alt})
			pg.lines = append(pg.lines, ln)
		}
	}
	pg.Text = b.String()
	return pg
}

// glued reports, for each word of a PAGE line, whether the line's own
// text writes it right after the word before it: a line-end hyphen or a
// comma that is a Word of its own ("Men" "-" in the line "… des Men-"),
// which the page's text then writes as the line does, not "Men -". It
// returns nil when the line's text does not hold its words in order with
// only white space between them (the line and its words then disagree,
// and the words are joined with spaces).
func (ln *lineB) glued() []bool {
	if ln.text == "" {
		return nil
	}
	out := make([]bool, len(ln.words))
	at, seen := 0, false
	for i, w := range ln.words {
		if w.text == "" {
			continue
		}
		j := strings.Index(ln.text[at:], w.text)
		if j < 0 || strings.TrimSpace(ln.text[at:at+j]) != "" {
			return nil
		}
		out[i] = seen && j == 0
		at, seen = at+j+len(w.text), true
	}
	if strings.TrimSpace(ln.text[at:]) != "" {
		return nil
	}
	return out
}

func (ln *lineB) hasText() bool {
	if len(ln.words) == 0 {
		return ln.text != ""
	}
	for _, w := range ln.words {
		if w.text != "" {
			return true
		}
	}
	return false
}

// order sorts PAGE blocks by the reading order; other formats keep file
// order.
func (pb *pageB) order() {
	if pb.format != PAGE {
		return
	}
	pos := map[string]int{}
	slices.SortStableFunc(pb.ro, func(a, b roRef) int { return slices.Compare(a.key, b.key) })
	for i, r := range pb.ro {
		if _, ok := pos[r.id]; !ok {
			pos[r.id] = i
		}
	}
	const none = 1 << 30
	for _, bl := range pb.blocks {
		bl.order = none
		for _, id := range bl.ids {
			if i, ok := pos[id]; ok {
				bl.order = i
				break
			}
		}
		if len(pos) == 0 && bl.custom >= 0 {
			bl.order = bl.custom
		}
	}
	slices.SortStableFunc(pb.blocks, func(a, b *blockB) int { return a.order - b.order })
}

// customIndex reads Transkribus' custom="readingOrder {index:n;}".
func customIndex(custom string) int {
	_, rest, ok := strings.Cut(custom, "readingOrder")
	if !ok {
		return -1
	}
	_, rest, ok = strings.Cut(rest, "index:")
	if !ok {
		return -1
	}
	end := strings.IndexAny(rest, ";}")
	if end < 0 {
		return -1
	}
	v, err := strconv.Atoi(strings.TrimSpace(rest[:end]))
	if err != nil || v < 0 {
		return -1
	}
	return v
}

// parseConf reads a 0–1 confidence; scale divides it first (100 for
// hOCR). Values out of range are clamped and reported.
func parseConf(s string, scale float64, warn func(string)) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v != v {
		warn("confidence " + strconv.Quote(s) + " is not a number: ignored")
		return 0, false
	}
	v /= scale
	if v < 0 || v > 1 {
		warn("confidence " + strconv.Quote(s) + " is out of range: clamped")
		v = min(max(v, 0), 1)
	}
	return v, true
}

// parsePoints reads a PAGE points attribute ("x,y x,y …") or an ALTO
// POINTS ("x,y x,y" or "x y x y").
func parsePoints(s string) []annot.Point {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
	if len(f)%2 != 0 {
		return nil
	}
	v, ok := ints(strings.Join(f, " "))
	if !ok {
		return nil
	}
	out := make([]annot.Point, 0, len(v)/2)
	for i := 0; i+1 < len(v); i += 2 {
		out = append(out, annot.Point{X: v[i], Y: v[i+1]})
	}
	return out
}

// bounds is the bounding box of a polygon.
func bounds(pts []annot.Point) annot.Box {
	if len(pts) == 0 {
		return annot.Box{}
	}
	b := annot.Box{X0: pts[0].X, Y0: pts[0].Y, X1: pts[0].X, Y1: pts[0].Y}
	for _, p := range pts[1:] {
		b.X0, b.Y0 = min(b.X0, p.X), min(b.Y0, p.Y)
		b.X1, b.Y1 = max(b.X1, p.X), max(b.Y1, p.Y)
	}
	return b
}

// (pb *pageB) warn records a problem with the page.
func (pb *pageB) warn(msg string) {
	if len(pb.warnings) < 20 {
		pb.warnings = append(pb.warnings, msg)
	}
}
