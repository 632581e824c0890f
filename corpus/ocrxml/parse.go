package ocrxml

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Read reads the OCR file r (hOCR, ALTO or PAGE, found by content) and
// hands its pages to fn one at a time, in file order. It stops at fn's
// error and returns it as it is. A file that is not one of the formats,
// or is not well-formed XML, is an error that says where.
func Read(r io.Reader, fn func(*Page) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(16 << 10)
	f := Detect(head)
	if f == "" {
		return errors.New("not hOCR, ALTO or PAGE XML")
	}
	if _, ok := utf16ASCII(head); ok {
		// as for any encoding but UTF-8 (newParser's CharsetReader)
		return errors.New("the file is in UTF-16: only UTF-8 is read (convert it with iconv -f UTF-16 -t UTF-8 and change its XML declaration)")
	}
	p := newParser(br, f, fn)
	return p.run()
}

// Parse reads a single-page file held in memory, such as
// annot.Layout.Source.
func Parse(src []byte) (*Page, error) {
	var out *Page
	err := Read(bytes.NewReader(src), func(pg *Page) error {
		if out != nil {
			return errors.New("more than one page")
		}
		out = pg
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("no page")
	}
	return out, nil
}

// parser is the state of one Read.
type parser struct {
	dec     *xml.Decoder
	rec     *recorder
	format  Format
	fn      func(*Page) error
	stack   []*node
	header  []byte
	page    *pageB
	pending *Page
	closing []byte // closing tags for the page's ancestors
	npages  int
	lastEnd int64
	ns      string // the root element's namespace (ALTO, PAGE)
	// ALTO's Description
	unit, fileName string
}

// node is an open element.
type node struct {
	name          xml.Name
	raw           string // qualified name as written
	start, tagEnd int64
	attrs         []xml.Attr
	classes       []string // hOCR
	collect       *strings.Builder
	block         *blockB
	line          *lineB
	word          *wordB
	te            *textEquiv
	glyph         bool
	roKey         []int // PAGE reading order position of a group or ref
	roKids        int
}

func (n *node) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) hasClass(c string) bool {
	for _, x := range n.classes {
		if x == c {
			return true
		}
	}
	return false
}

func newParser(br *bufio.Reader, f Format, fn func(*Page) error) *parser {
	rec := &recorder{r: br}
	d := xml.NewDecoder(rec)
	d.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "us-ascii") {
			return rec, nil
		}
		// the page's XML is kept and rewritten byte for byte, which
		// needs offsets in the file's own encoding
		return nil, fmt.Errorf("the file is in %s: only UTF-8 is read (convert it with iconv -t UTF-8 and change its XML declaration)", charset)
	}
	if f == HOCR {
		d.Strict = false
		d.AutoClose = xml.HTMLAutoClose
		d.Entity = xml.HTMLEntity
	}
	return &parser{dec: d, rec: rec, format: f, fn: fn}
}

func (p *parser) run() error {
	for {
		at := p.dec.InputOffset()
		tok, err := p.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := p.dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%s: line %d: %s", p.format, se.Line, se.Msg)
			}
			return fmt.Errorf("%s: line %d: %w", p.format, line, err)
		}
		end := p.dec.InputOffset()
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.startElem(t, at, end); err != nil {
				return err
			}
		case xml.EndElement:
			if err := p.endElem(at, end); err != nil {
				return err
			}
		case xml.CharData:
			p.chars(t)
		}
	}
	if len(p.stack) > 0 && p.format != HOCR {
		return fmt.Errorf("%s: the file ends inside <%s>", p.format, p.stack[len(p.stack)-1].name.Local)
	}
	if p.pending != nil {
		trailer := p.rec.bytes(p.lastEnd, p.rec.off)
		p.pending.Layout.Source = append(p.pending.Layout.Source, trailer...)
		return p.fn(p.pending)
	}
	if p.npages == 0 {
		return fmt.Errorf("%s: no page in the file", p.format)
	}
	return nil
}

func (p *parser) startElem(t xml.StartElement, at, end int64) error {
	n := &node{name: t.Name, start: at, tagEnd: end, attrs: t.Attr}
	if len(p.stack) == 0 {
		if err := p.root(n); err != nil {
			return err
		}
	}
	p.stack = append(p.stack, n)
	switch p.format {
	case ALTO:
		return p.altoStart(n)
	case PAGE:
		return p.pageStart(n)
	default:
		return p.hocrStart(n)
	}
}

// root checks the root element against the format found by Detect.
func (p *parser) root(n *node) error {
	want := map[Format]string{ALTO: "alto", PAGE: "PcGts", HOCR: "html"}[p.format]
	if !strings.EqualFold(n.name.Local, want) {
		return fmt.Errorf("%s: the root element is <%s>, not <%s>", p.format, p.raw(n), want)
	}
	p.ns = n.name.Space
	return nil
}

func (p *parser) endElem(at, end int64) error {
	if len(p.stack) == 0 {
		return nil
	}
	n := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	var par *node
	if len(p.stack) > 0 {
		par = p.stack[len(p.stack)-1]
	}
	switch p.format {
	case ALTO:
		p.altoEnd(n, par, at, end)
	case PAGE:
		p.pageEnd(n, par, at, end)
	default:
		p.hocrEnd(n, par, at, end)
	}
	if p.page != nil && n == p.page.node {
		return p.endPage(end)
	}
	return nil
}

func (p *parser) chars(t xml.CharData) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if c := p.stack[i].collect; c != nil {
			c.Write(t)
			return
		}
	}
}

// raw returns n's qualified name as written ("pc:Word"), read from its
// start tag while the recorder still holds it, else its local name.
func (p *parser) raw(n *node) string {
	if n.raw == "" {
		tag := p.rec.peek(n.start)
		if int64(len(tag)) > n.tagEnd-n.start {
			tag = tag[:n.tagEnd-n.start]
		}
		n.raw = scanName(tag)
		if n.raw == "" {
			n.raw = n.name.Local
		}
	}
	return n.raw
}

// parent returns the node below the top of the stack (nil at the root).
func (p *parser) parent() *node {
	if len(p.stack) < 2 {
		return nil
	}
	return p.stack[len(p.stack)-2]
}

// startPage begins page n.
func (p *parser) startPage(n *node) error {
	if p.page != nil {
		return fmt.Errorf("%s: a page inside a page (byte %d)", p.format, n.start)
	}
	p.npages++
	if p.npages == 1 {
		p.header = p.rec.bytes(0, n.start)
		var c bytes.Buffer
		for i := len(p.stack) - 2; i >= 0; i-- {
			c.WriteString("\n</" + p.raw(p.stack[i]) + ">")
		}
		c.WriteString("\n")
		p.closing = c.Bytes()
	}
	p.rec.drop(n.start)
	p.page = &pageB{node: n, seq: p.npages, format: p.format}
	return nil
}

// endPage finishes the open page at byte end and hands the one before
// it to fn.
func (p *parser) endPage(end int64) error {
	start := p.page.node.start
	pg := p.page.build()
	p.page = nil
	src := make([]byte, 0, len(p.header)+int(end-start))
	src = append(src, p.header...)
	src = append(src, p.rec.bytes(start, end)...)
	pg.Layout.Source = src
	if p.format == ALTO && p.unit != "" && p.unit != "pixel" {
		pg.Warnings = append(pg.Warnings, fmt.Sprintf("ALTO MeasurementUnit is %q, not pixel: boxes are stored as they are", p.unit))
	}
	if pg.Layout.ImageRef == "" {
		pg.Layout.ImageRef = p.fileName
	}
	prev := p.pending
	pg.MultiPage = p.npages > 1
	p.pending, p.lastEnd = pg, end
	p.rec.drop(end)
	if prev != nil {
		prev.MultiPage = true
		prev.Layout.Source = append(prev.Layout.Source, p.closing...)
		return p.fn(prev)
	}
	return nil
}
