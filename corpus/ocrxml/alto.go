package ocrxml

import (
	"strconv"
	"strings"

	"folio/annot"
)

// altoBlockParents are the ALTO elements whose children are top-level
// blocks.
var altoBlockParents = map[string]bool{"PrintSpace": true, "TopMargin": true, "LeftMargin": true,
	"RightMargin": true, "BottomMargin": true}

func (p *parser) altoStart(n *node) error {
	if n.name.Space != p.ns {
		return nil
	}
	switch n.name.Local {
	case "MeasurementUnit", "fileName":
		n.collect = &strings.Builder{}
		return nil
	case "Page":
		if err := p.startPage(n); err != nil {
			return err
		}
		p.page.layout.Width = atoiF(n, "WIDTH")
		p.page.layout.Height = atoiF(n, "HEIGHT")
		return nil
	}
	pb := p.page
	if pb == nil {
		return nil
	}
	switch n.name.Local {
	case "TextLine":
		bl := p.altoBlock()
		ln := &lineB{block: bl, box: altoBox(n), raw: p.raw(n), elem: [2]int64{n.start, 0}}
		bl.lines = append(bl.lines, ln)
		n.line = ln
	case "String":
		ln := p.nearestLine()
		if ln == nil {
			pb.warn("an ALTO String outside a TextLine: skipped")
			return nil
		}
		content, _ := n.attr("CONTENT")
		w := &wordB{line: ln, text: clean(content), box: altoBox(n), raw: p.raw(n),
			elem: [2]int64{n.start, 0}, tagEnd: n.tagEnd, spBefore: ln.sp}
		ln.sp = [2]int64{}
		if wc, ok := n.attr("WC"); ok {
			w.conf, w.hasConf = parseConf(wc, 1, pb.warn)
		}
		ln.words = append(ln.words, w)
		n.word = w
	case "HYP":
		ln := p.nearestLine()
		if ln == nil || len(ln.words) == 0 {
			return nil
		}
		c, _ := n.attr("CONTENT")
		if c == "" || c == "\u00ad" {
			c = "-"
		}
		ln.words[len(ln.words)-1].hyp = clean(c)
	case "Polygon":
		pts, _ := n.attr("POINTS")
		if len(p.stack) < 3 || p.stack[len(p.stack)-2].name.Local != "Shape" {
			return nil
		}
		owner := p.stack[len(p.stack)-3]
		if owner.word != nil {
			owner.word.poly = parsePoints(pts)
		} else if owner.line != nil {
			owner.line.poly = parsePoints(pts)
		}
	}
	return nil
}

func (p *parser) altoEnd(n, par *node, at, end int64) {
	if n.name.Space != p.ns {
		return
	}
	switch n.name.Local {
	case "MeasurementUnit":
		p.unit = strings.TrimSpace(n.collect.String())
	case "fileName":
		if p.fileName == "" && par != nil && par.name.Local == "sourceImageInformation" {
			p.fileName = strings.TrimSpace(n.collect.String())
		}
	case "String":
		if n.word != nil {
			n.word.elem[1] = end
			n.word.line.last = n.word
		}
	case "SP":
		if ln := p.nearestLine(); ln != nil {
			ln.sp = [2]int64{n.start, end}
			if ln.last != nil {
				ln.last.spAfter = ln.sp
			}
			ln.last = nil
		}
	case "HYP":
		if ln := p.nearestLine(); ln != nil {
			ln.last = nil
		}
	case "TextLine":
		if n.line != nil {
			n.line.elem[1] = end
		}
	}
}

// altoBlock returns the block of the TextLine on top of the stack: its
// top-level block, else its TextBlock, else the page.
func (p *parser) altoBlock() *blockB {
	var bn *node
	for i := len(p.stack) - 2; i >= 1; i-- {
		if altoBlockParents[p.stack[i-1].name.Local] {
			bn = p.stack[i]
			break
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

// nearestLine returns the innermost open line, if any.
func (p *parser) nearestLine() *lineB {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].line != nil {
			return p.stack[i].line
		}
	}
	return nil
}

// altoBox reads HPOS, VPOS, WIDTH and HEIGHT.
func altoBox(n *node) annot.Box {
	x, y := atofF(n, "HPOS"), atofF(n, "VPOS")
	w, h := atofF(n, "WIDTH"), atofF(n, "HEIGHT")
	return annot.Box{X0: round(x), Y0: round(y), X1: round(x + w), Y1: round(y + h)}
}

func atofF(n *node, name string) float64 {
	s, _ := n.attr(name)
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v != v {
		return 0
	}
	return v
}

func atoiF(n *node, name string) int { return round(atofF(n, name)) }

func round(v float64) int {
	if v < 0 {
		return int(v - 0.5)
	}
	return int(v + 0.5)
}
