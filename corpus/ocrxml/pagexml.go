package ocrxml

import (
	"slices"
	"strconv"
	"strings"
)

// roElems are the PAGE ReadingOrder elements that take a place in it.
var roElems = map[string]bool{"OrderedGroup": true, "UnorderedGroup": true, "OrderedGroupIndexed": true,
	"UnorderedGroupIndexed": true, "RegionRefIndexed": true, "RegionRef": true}

func (p *parser) pageStart(n *node) error {
	if n.name.Space != p.ns {
		return nil
	}
	if n.name.Local == "Page" {
		if err := p.startPage(n); err != nil {
			return err
		}
		l := &p.page.layout
		l.ImageRef, _ = n.attr("imageFilename")
		l.Width, l.Height = atoiF(n, "imageWidth"), atoiF(n, "imageHeight")
		return nil
	}
	pb := p.page
	if pb == nil {
		return nil
	}
	par := p.parent()
	switch local := n.name.Local; {
	case local == "ReadingOrder":
		n.roKey = []int{}
	case roElems[local]:
		if par == nil || par.roKey == nil {
			return nil
		}
		idx := par.roKids
		par.roKids++
		if s, ok := n.attr("index"); ok {
			if v, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				idx = v
			}
		}
		n.roKey = append(slices.Clone(par.roKey), idx)
		if ref, ok := n.attr("regionRef"); ok {
			pb.ro = append(pb.ro, roRef{key: n.roKey, id: ref})
		}
	case local == "TextRegion":
		id, _ := n.attr("id")
		custom, _ := n.attr("custom")
		bl := &blockB{ids: []string{id}, custom: customIndex(custom), seq: len(pb.blocks)}
		if outer := p.nearestBlock(); outer != nil {
			bl.ids = append(bl.ids, outer.ids...)
		}
		pb.blocks = append(pb.blocks, bl)
		n.block = bl
	case local == "TextLine":
		bl := p.nearestBlock()
		if bl == nil {
			pb.warn("a PAGE TextLine outside a TextRegion: skipped")
			return nil
		}
		ln := &lineB{block: bl, raw: p.raw(n), elem: [2]int64{n.start, 0}}
		bl.lines = append(bl.lines, ln)
		n.line = ln
	case local == "Word":
		if par == nil || par.line == nil {
			return nil
		}
		w := &wordB{line: par.line, raw: p.raw(n), elem: [2]int64{n.start, 0}, tagEnd: n.tagEnd}
		par.line.words = append(par.line.words, w)
		n.word = w
	case local == "Glyph":
		n.glyph = true
	case local == "Coords":
		if par == nil {
			return nil
		}
		pts, _ := n.attr("points")
		poly := parsePoints(pts)
		switch {
		case par.word != nil:
			par.word.poly, par.word.box = poly, bounds(poly)
		case par.line != nil:
			par.line.poly, par.line.box = poly, bounds(poly)
		}
	case local == "TextEquiv":
		if par == nil || par.glyph {
			return nil
		}
		te := &textEquiv{}
		if s, ok := n.attr("index"); ok {
			if v, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				te.index, te.hasIndex = v, true
			}
		}
		if s, ok := n.attr("conf"); ok {
			te.conf, te.hasConf = parseConf(s, 1, pb.warn)
		}
		switch {
		case par.word != nil:
			te.seq = len(par.word.tes)
			par.word.tes = append(par.word.tes, te)
		case par.line != nil:
			te.seq = len(par.line.tes)
			par.line.tes = append(par.line.tes, te)
		case par.block != nil:
			te.seq = len(par.block.tes)
			par.block.tes = append(par.block.tes, te)
		default:
			return nil
		}
		n.te = te
	case local == "Unicode" || local == "PlainText":
		if par == nil || par.te == nil {
			return nil
		}
		n.te = par.te
		if local == "Unicode" {
			n.collect = &par.te.text
			par.te.uraw = p.raw(n)
		} else {
			par.te.praw = p.raw(n)
		}
	}
	return nil
}

func (p *parser) pageEnd(n, par *node, at, end int64) {
	if n.name.Space != p.ns || p.page == nil {
		return
	}
	switch n.name.Local {
	case "Unicode":
		if n.te != nil {
			n.te.unicode, n.te.ucontent = [2]int64{n.start, end}, [2]int64{n.tagEnd, at}
		}
	case "PlainText":
		if n.te != nil {
			n.te.plain, n.te.pcontent = [2]int64{n.start, end}, [2]int64{n.tagEnd, at}
		}
	case "TextEquiv":
		if n.te != nil {
			n.te.elem = [2]int64{n.start, end}
		}
	case "Coords":
		if par != nil && par.word != nil {
			par.word.coords = [2]int64{n.start, end}
		}
	case "Glyph":
		if par != nil && par.word != nil {
			par.word.glyphs = append(par.word.glyphs, [2]int64{n.start, end})
		}
	case "Baseline":
		if par != nil && par.word != nil {
			par.word.baseline = append(par.word.baseline, [2]int64{n.start, end})
		}
	case "Word":
		if w := n.word; w != nil {
			w.elem[1] = end
			te, alt := choose(w.tes)
			if te != nil {
				w.chosen, w.text, w.alt = te, clean(te.text.String()), alt
				w.conf, w.hasConf = te.conf, te.hasConf
			}
		}
	case "TextLine":
		if ln := n.line; ln != nil {
			ln.elem[1] = end
			if te, alt := choose(ln.tes); te != nil {
				ln.chosen, ln.text, ln.alt = te, clean(te.text.String()), alt
			}
		}
	}
}

// nearestBlock returns the innermost open region's block, if any.
func (p *parser) nearestBlock() *blockB {
	for i := len(p.stack) - 2; i >= 0; i-- {
		if p.stack[i].block != nil {
			return p.stack[i].block
		}
	}
	return nil
}
