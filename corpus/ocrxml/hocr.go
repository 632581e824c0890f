package ocrxml

import (
	"strings"

	"folio/annot"
)

// hocrLines are the hOCR classes of text lines.
var hocrLines = []string{"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"}

func (p *parser) hocrStart(n *node) error {
	cls, _ := n.attr("class")
	n.classes = strings.Fields(cls)
	tv, _ := n.attr("title")
	t := parseTitle(tv)
	if n.hasClass("ocr_page") {
		if err := p.startPage(n); err != nil {
			return err
		}
		l := &p.page.layout
		if b, ok := t.get("bbox"); ok {
			if v, ok := ints(b); ok && len(v) == 4 {
				l.Width, l.Height = v[2], v[3]
			}
		}
		if img, ok := t.get("image"); ok {
			l.ImageRef = unquote(img)
		}
		return nil
	}
	pb := p.page
	if pb == nil {
		return nil
	}
	switch {
	case n.hasClass("ocrx_word"):
		ln := p.nearestLine()
		if ln == nil {
			pb.warn("an hOCR word outside a line: skipped")
			return nil
		}
		w := &wordB{line: ln, box: hocrBox(t), raw: p.raw(n), elem: [2]int64{n.start, 0}, tagEnd: n.tagEnd}
		if c, ok := t.get("x_wconf"); ok {
			w.conf, w.hasConf = parseConf(c, 100, pb.warn)
		}
		ln.words = append(ln.words, w)
		n.word = w
		n.collect = &w.collect
	case p.isLine(n):
		bl := p.hocrBlock()
		ln := &lineB{block: bl, box: hocrBox(t), raw: p.raw(n), elem: [2]int64{n.start, 0}}
		bl.lines = append(bl.lines, ln)
		n.line = ln
		n.collect = &ln.collect
	}
	return nil
}

func (p *parser) isLine(n *node) bool {
	for _, c := range hocrLines {
		if n.hasClass(c) {
			return true
		}
	}
	return false
}

func (p *parser) hocrEnd(n, par *node, at, end int64) {
	switch {
	case n.word != nil:
		w := n.word
		w.text = clean(w.collect.String())
		w.collect = strings.Builder{}
		w.elem[1], w.inner = end, [2]int64{n.tagEnd, at}
	case n.line != nil:
		ln := n.line
		ln.text = clean(ln.collect.String())
		ln.collect = strings.Builder{}
		ln.elem[1], ln.inner = end, [2]int64{n.tagEnd, at}
	}
}

// hocrBlock returns the block of the line on top of the stack: its
// ocr_carea, else its ocr_par, else the page.
func (p *parser) hocrBlock() *blockB {
	var bn *node
	for _, c := range []string{"ocr_carea", "ocr_par"} {
		for i := len(p.stack) - 2; i >= 0 && bn == nil; i-- {
			if p.stack[i].hasClass(c) {
				bn = p.stack[i]
			}
		}
	}
	if bn == nil {
		bn = p.page.node
	}
	if bn.block == nil {
		bn.block = &blockB{custom: -1, seq: len(p.page.blocks)}
		p.page.blocks = append(p.page.blocks, bn.block)
	}
	return bn.block
}

// hocrBox reads a title's bbox.
func hocrBox(t title) (b annot.Box) {
	s, ok := t.get("bbox")
	if !ok {
		return b
	}
	v, ok := ints(s)
	if !ok || len(v) != 4 {
		return b
	}
	return annot.Box{X0: v[0], Y0: v[1], X1: v[2], Y1: v[3]}
}
