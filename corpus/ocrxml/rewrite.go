package ocrxml

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"folio/annot"
)

// Rewrite returns src, a page's XML as Read kept it (annot.Layout.Source),
// with the corrections among anns put in place: text is the stored text
// its layout indexes (one that differs from what this reader makes of src
// only in white space, stored by a reader that spaced a line otherwise,
// has anns mapped onto the text read). Only the text of corrected words changes, and the
// text of the PAGE lines and regions they stand in, edited where those
// words stand in it (the separators it has, `Unmuͤn-` or a trailing line
// break, are kept); every other byte stays as it was, untouched lines and
// regions included. A correction that
// joins a word broken at a line end is put back on the page's lines
// (annot.AsPrinted: `Narma-` / `lerweise` → `Normalerweise` corrects
// the first line's part to `Norma-`), and a boilerplate cut changes
// nothing (the print keeps the words). Any other that merges words gives
// the first their union box and removes the others;
// one that splits a word divides its box by the length of the parts and
// adds elements after it (ids get a suffix "_2", "_3", …). The glyphs of
// a corrected PAGE word are removed, their text being stale, and so is a
// Baseline inside a PAGE Word, which the schema does not allow (Tesseract
// writes one), so that the result validates.
//
// The warnings say what could not be placed exactly.
func Rewrite(src []byte, text string, anns []annot.Annotation) ([]byte, []string, error) {
	pg, err := Parse(src)
	if err != nil {
		return nil, nil, fmt.Errorf("read the stored page: %w", err)
	}
	if pg.Text != text {
		// a text this reader spaces otherwise than the one that stored it
		// (a PAGE hyphen that is a word of its own): the same words
		m, ok := annot.MapSpaces(text, pg.Text)
		if !ok {
			return nil, nil, errors.New("the stored text does not match its page XML")
		}
		text, anns = pg.Text, annot.MapSpans(anns, m.Span)
	}
	rw := &rewriter{src: src, pg: pg, fmt: Format(pg.Layout.Format)}
	rw.fixups()
	// a word joined across a line end is corrected on each of its
	// lines; boilerplate cuts are the dataset's, not the print's
	cor := annot.Apply(text, annot.AsPrinted(text, anns))
	rw.assign(cor)
	rw.parents()
	out := rw.apply()
	if len(rw.edits) > 0 {
		if _, err := Parse(out); err != nil {
			return nil, nil, fmt.Errorf("the corrected page would not read back (%v): not written", err)
		}
	}
	return out, rw.warns, nil
}

// rewriter is the state of one Rewrite.
type rewriter struct {
	src   []byte
	pg    *Page
	fmt   Format
	edits []byteEdit
	warns []string
	// per word: its final texts (one per element; more for a split, none
	// for a word merged away); nil for an unchanged word
	final map[*wordB][]string
	lineT map[*lineB]string // new text of a line unit
	dirty map[*lineB]bool   // lines whose text changed
}

// byteEdit replaces src[at:end] with repl.
type byteEdit struct {
	at, end int64
	repl    string
}

func (rw *rewriter) edit(at, end int64, repl string) {
	rw.edits = append(rw.edits, byteEdit{at, end, repl})
}

// fixups removes what makes a file invalid whatever the corrections:
// Baselines inside PAGE Words.
func (rw *rewriter) fixups() {
	for _, u := range rw.pg.units {
		if u.word != nil {
			for _, b := range u.word.baseline {
				rw.edit(rw.wsBefore(b[0]), b[1], "")
			}
		}
	}
}

// assign works out the corrected text of every unit touched by a
// correction.
func (rw *rewriter) assign(cor annot.Corrected) {
	rw.final, rw.lineT, rw.dirty = map[*wordB][]string{}, map[*lineB]string{}, map[*lineB]bool{}
	units := rw.pg.units
	if len(units) == 0 {
		return
	}
	// join[i]: unit i belongs to one cluster with unit i+1
	join := make([]bool, len(units))
	touched := make([]bool, len(units))
	for _, sg := range cor.Map.Segments() {
		if sg.Kept {
			continue
		}
		o := sg.Orig
		first, last := -1, -1
		for i, u := range units {
			if u.span.Overlaps(o) {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first < 0 {
			// a correction between words: it joins its neighbours
			i, _ := slices.BinarySearchFunc(units, o.Start, func(u *unit, p int) int { return u.span.End - p - 1 })
			if i > 0 && i < len(units) && units[i].span.Start >= o.End {
				first, last = i-1, i
			} else {
				continue
			}
		}
		for i := first; i <= last; i++ {
			touched[i] = true
			// words and lines without words (both in one PAGE file) are
			// placed apart
			if i < last && (units[i].word == nil) == (units[i+1].word == nil) {
				join[i] = true
			}
		}
	}
	ix := annot.NewIndex(cor.Text)
	for a := 0; a < len(units); {
		b := a
		for b < len(units)-1 && join[b] {
			b++
		}
		if touched[a] {
			sp := annot.Span{Start: cor.Map.ToCorrected(units[a].span.Start, true), End: cor.Map.ToCorrected(units[b].span.End, false)}
			rw.cluster(units[a:b+1], ix.Slice(sp))
		}
		a = b + 1
	}
}

// cluster places the corrected text s of the units us.
func (rw *rewriter) cluster(us []*unit, s string) {
	if us[0].word == nil { // lines without words: one line of text each
		parts := strings.Split(s, "\n")
		if len(parts) != len(us) {
			parts = []string{clean(s)}
			rw.warns = append(rw.warns, fmt.Sprintf("a correction joins %d lines: their text goes to the first", len(us)))
		}
		for i, u := range us {
			t := ""
			if i < len(parts) {
				t = clean(parts[i])
			}
			rw.lineT[u.line] = t
			rw.dirty[u.line] = true
		}
		return
	}
	tok := strings.Fields(s)
	k := len(us)
	for i, u := range us {
		rw.dirty[u.word.line] = true
		switch {
		case i >= len(tok):
			rw.final[u.word] = []string{} // merged away (or deleted)
		case i == k-1:
			rw.final[u.word] = tok[i:] // the rest: split if more than one
		case i == len(tok)-1:
			rw.final[u.word] = []string{strings.Join(tok[i:i+1], "")}
		default:
			rw.final[u.word] = []string{tok[i]}
		}
	}
	if len(tok) < k && len(tok) > 0 {
		// the last word kept takes the boxes of those merged into it, on
		// its own line: a word joined across a line break keeps its box
		keep := us[len(tok)-1].word
		box := keep.box
		for _, u := range us[len(tok):] {
			if u.word.line == keep.line {
				box = box.Union(u.word.box)
			}
		}
		if us[k-1].word.line != keep.line {
			rw.warns = append(rw.warns, fmt.Sprintf("%q joins words across a line break: written on the first line", strings.Join(tok, " ")))
		}
		if box != keep.box {
			rw.setBox(keep, box)
		}
	}
	for _, u := range us {
		rw.word(u.word)
	}
}

// word writes the final text of w.
func (rw *rewriter) word(w *wordB) {
	texts := rw.final[w]
	switch len(texts) {
	case 0:
		rw.remove(w)
		return
	case 1:
		if texts[0] != w.text {
			rw.setText(w, texts[0])
		}
		return
	}
	// a split: w keeps the first part, new elements after it the others
	boxes := splitBox(w.box, texts)
	rw.setText(w, texts[0])
	rw.setBox(w, boxes[0])
	var b strings.Builder
	ws := string(rw.src[rw.wsBefore(w.elem[0]):w.elem[0]])
	for i := 1; i < len(texts); i++ {
		b.WriteString(ws)
		rw.clone(&b, w, texts[i], boxes[i], boxes[i-1], i+1)
	}
	rw.edit(w.elem[1], w.elem[1], b.String())
}

// splitBox divides b horizontally among texts by their length, with a
// gap of one character between them.
func splitBox(b annot.Box, texts []string) []annot.Box {
	total := len(texts) - 1
	for _, t := range texts {
		total += len([]rune(t))
	}
	out := make([]annot.Box, len(texts))
	x, w := float64(b.X0), float64(b.X1-b.X0)/float64(max(total, 1))
	for i, t := range texts {
		n := float64(len([]rune(t)))
		out[i] = annot.Box{X0: round(x), Y0: b.Y0, X1: max(round(x+n*w), round(x)+1), Y1: b.Y1}
		x += (n + 1) * w
	}
	return out
}

// wsBefore returns where the white space before offset at starts.
func (rw *rewriter) wsBefore(at int64) int64 {
	for at > 0 && isSpace(rw.src[at-1]) {
		at--
	}
	return at
}

// tagAttrs returns the attributes of the start tag at offset at, their
// value ranges made absolute.
func (rw *rewriter) tagAttrs(at int64) []rawAttr {
	end := bytes.IndexByte(rw.src[at:], '>')
	if end < 0 {
		return nil
	}
	_, attrs := scanTag(rw.src[at : at+int64(end)+1])
	for i := range attrs {
		attrs[i].val0 += int(at)
		attrs[i].val1 += int(at)
	}
	return attrs
}

// setAttr replaces the value of attribute name in the start tag at at,
// reporting whether it has one.
func (rw *rewriter) setAttr(at int64, name, val string) bool {
	for _, a := range rw.tagAttrs(at) {
		if a.name == name {
			rw.edit(int64(a.val0), int64(a.val1), escapeAttr(val))
			return true
		}
	}
	return false
}

func (rw *rewriter) attr(at int64, name string) (string, bool) {
	for _, a := range rw.tagAttrs(at) {
		if a.name == name {
			return unescape(rw.src[a.val0:a.val1]), true
		}
	}
	return "", false
}

// setText puts s in place of w's text.
func (rw *rewriter) setText(w *wordB, s string) {
	switch rw.fmt {
	case ALTO:
		rw.setAttr(w.elem[0], "CONTENT", s)
	case HOCR:
		rw.edit(w.inner[0], w.inner[1], escapeText(s))
	case PAGE:
		rw.setUnicode(w.chosen, s)
		for _, g := range w.glyphs {
			rw.edit(rw.wsBefore(g[0]), g[1], "")
		}
	}
}

// setUnicode puts s into a PAGE TextEquiv (its Unicode and PlainText).
func (rw *rewriter) setUnicode(te *textEquiv, s string) {
	if te == nil {
		return
	}
	if te.unicode[1] > te.unicode[0] {
		rw.edit(te.unicode[0], te.unicode[1], "<"+te.uraw+">"+escapeText(s)+"</"+te.uraw+">")
	}
	if te.plain[1] > te.plain[0] {
		rw.edit(te.plain[0], te.plain[1], "<"+te.praw+">"+escapeText(s)+"</"+te.praw+">")
	}
}

// setBox gives w the box b.
func (rw *rewriter) setBox(w *wordB, b annot.Box) {
	switch rw.fmt {
	case ALTO:
		for name, v := range map[string]int{"HPOS": b.X0, "VPOS": b.Y0, "WIDTH": b.X1 - b.X0, "HEIGHT": b.Y1 - b.Y0} {
			rw.setAttr(w.elem[0], name, strconv.Itoa(v))
		}
	case HOCR:
		if t, ok := rw.attr(w.elem[0], "title"); ok {
			rw.setAttr(w.elem[0], "title", withBBox(t, b))
		}
	case PAGE:
		if w.coords[1] > w.coords[0] {
			rw.setAttr(w.coords[0], "points", rectPoints(b))
		}
	}
}

// withBBox replaces the bbox property of an hOCR title.
func withBBox(t string, b annot.Box) string {
	parts := strings.Split(t, ";")
	for i, p := range parts {
		k, _, _ := strings.Cut(strings.TrimSpace(p), " ")
		if k == "bbox" {
			lead := p[:len(p)-len(strings.TrimLeft(p, " "))]
			parts[i] = lead + fmt.Sprintf("bbox %d %d %d %d", b.X0, b.Y0, b.X1, b.Y1)
		}
	}
	return strings.Join(parts, ";")
}

func rectPoints(b annot.Box) string {
	return fmt.Sprintf("%d,%d %d,%d %d,%d %d,%d", b.X0, b.Y0, b.X1, b.Y0, b.X1, b.Y1, b.X0, b.Y1)
}

// remove deletes w's element, and in ALTO the SP before it (after it
// for the first String of a line, which must not start with an SP).
func (rw *rewriter) remove(w *wordB) {
	at, end := w.elem[0], w.elem[1]
	if rw.fmt == ALTO {
		switch {
		case w.spBefore[1] > w.spBefore[0]:
			at = w.spBefore[0]
		case w.spAfter[1] > w.spAfter[0]:
			end = w.spAfter[1]
		}
	}
	rw.edit(rw.wsBefore(at), end, "")
}

// clone writes a new word element like w with text s and box b, the n-th
// part of w; prev is the box of the part before it.
func (rw *rewriter) clone(out *strings.Builder, w *wordB, s string, b, prev annot.Box, n int) {
	id := ""
	for _, name := range []string{"ID", "id"} {
		if v, ok := rw.attr(w.elem[0], name); ok {
			id = v + "_" + strconv.Itoa(n)
		}
	}
	switch rw.fmt {
	case ALTO:
		prefix := strings.TrimSuffix(w.raw, "String")
		fmt.Fprintf(out, `<%sSP HPOS="%d" VPOS="%d" WIDTH="%d"/>`, prefix, prev.X1, b.Y0, max(b.X0-prev.X1, 0))
		out.WriteString("<" + w.raw)
		for _, a := range rw.tagAttrs(w.elem[0]) {
			v := unescape(rw.src[a.val0:a.val1])
			switch a.name {
			case "ID":
				v = id
			case "CONTENT":
				v = s
			case "HPOS":
				v = strconv.Itoa(b.X0)
			case "WIDTH":
				v = strconv.Itoa(b.X1 - b.X0)
			case "SUBS_TYPE", "SUBS_CONTENT":
				continue
			}
			out.WriteString(" " + a.name + `="` + escapeAttr(v) + `"`)
		}
		out.WriteString("/>")
	case HOCR:
		out.WriteString("<" + w.raw)
		for _, a := range rw.tagAttrs(w.elem[0]) {
			v := unescape(rw.src[a.val0:a.val1])
			switch a.name {
			case "id":
				v = id
			case "title":
				v = withBBox(v, b)
			}
			out.WriteString(" " + a.name + `="` + escapeAttr(v) + `"`)
		}
		out.WriteString(">" + escapeText(s) + "</" + w.raw + ">")
	case PAGE:
		prefix := strings.TrimSuffix(w.raw, "Word")
		out.WriteString("<" + w.raw)
		if id != "" {
			out.WriteString(` id="` + escapeAttr(id) + `"`)
		}
		fmt.Fprintf(out, `><%sCoords points="%s"/><%sTextEquiv><%sUnicode>%s</%sUnicode></%sTextEquiv></%s>`,
			prefix, rectPoints(b), prefix, prefix, escapeText(s), prefix, prefix, w.raw)
	}
}

// parents rewrites the text of changed line units, the PAGE line and
// region TextEquivs above changed words, and ALTO SUBS_CONTENT of changed
// hyphenated words.
func (rw *rewriter) parents() {
	switch rw.fmt {
	case HOCR:
		for ln, t := range rw.lineT {
			rw.edit(ln.inner[0], ln.inner[1], escapeText(t))
		}
	case ALTO:
		rw.subsContent()
	case PAGE:
		for _, bl := range rw.pg.blocks {
			var groups [][]piece
			dirty := false
			for _, ln := range bl.lines {
				g := rw.pieces(ln)
				if rw.dirty[ln] {
					dirty = true
					rw.retext(ln.chosen, [][]piece{g}, func() string { return rw.lineText(ln) })
				}
				groups = append(groups, g)
			}
			if dirty {
				te, _ := choose(bl.tes)
				rw.retext(te, groups, func() string {
					var lines []string
					for _, ln := range bl.lines {
						lines = append(lines, rw.lineText(ln))
					}
					return strings.Join(lines, "\n")
				})
			}
		}
	}
}

// piece is a text unit of a PAGE line (a word, or the line itself if it
// has none) as its own TextEquiv has it, and its corrected text if that
// changed: the parts of a split, none for a word merged away.
type piece struct {
	orig    string
	changed bool
	repl    []string
}

// pieces returns the units of ln that have text, in order.
func (rw *rewriter) pieces(ln *lineB) []piece {
	raw := func(te *textEquiv) string {
		if te == nil {
			return ""
		}
		return strings.TrimFunc(te.text.String(), unicode.IsSpace)
	}
	if len(ln.words) == 0 {
		if ln.text == "" {
			return nil
		}
		t, ok := rw.lineT[ln]
		p := piece{orig: raw(ln.chosen), changed: ok && t != ln.text}
		if t != "" {
			p.repl = []string{t}
		}
		return []piece{p}
	}
	var out []piece
	for _, w := range ln.words {
		if w.text == "" {
			continue
		}
		f, ok := rw.final[w]
		out = append(out, piece{orig: raw(w.chosen), changed: ok && !slices.Equal(f, []string{w.text}), repl: f})
	}
	return out
}

// retext puts the corrected pieces into the text of te (its Unicode and
// PlainText), each where it stands there, keeping every other character
// of that text, separators included. An empty text is left as it is;
// one in which the pieces are not found, in order, is replaced by
// rebuilt(), with a warning.
func (rw *rewriter) retext(te *textEquiv, groups [][]piece, rebuilt func() string) {
	if te == nil {
		return
	}
	for _, c := range [][2]int64{te.ucontent, te.pcontent} {
		if c[1] <= c[0] || rw.retextRange(c, groups) {
			continue
		}
		rw.edit(c[0], c[1], escapeText(rebuilt()))
		rw.warns = append(rw.warns, fmt.Sprintf("a PAGE TextEquiv (byte %d) does not hold the text of its words: rewritten from them", c[0]))
	}
}

// retextRange edits the character data src[c[0]:c[1]] as retext does,
// reporting whether the pieces were found in it.
func (rw *rewriter) retextRange(c [2]int64, groups [][]piece) bool {
	text, off, ok := decodeText(rw.src[c[0]:c[1]])
	if !ok {
		return false
	}
	if strings.TrimFunc(text, unicode.IsSpace) == "" {
		return true
	}
	// where each piece stands in text, found in order
	at := make([][][2]int, len(groups))
	pos := 0
	for i, g := range groups {
		for _, p := range g {
			k := strings.Index(text[pos:], p.orig)
			if p.orig == "" || k < 0 {
				return false
			}
			at[i] = append(at[i], [2]int{pos + k, pos + k + len(p.orig)})
			pos += k + len(p.orig)
		}
	}
	abs := func(i int) int64 { return c[0] + int64(off[i]) }
	for i, g := range groups {
		kept := false // a piece before this one in its line stays
		for j, p := range g {
			r := at[i][j]
			switch {
			case !p.changed:
			case len(p.repl) > 0:
				rw.edit(abs(r[0]), abs(r[1]), escapeText(strings.Join(p.repl, " ")))
			case kept: // removed with the separator before it
				rw.edit(abs(at[i][j-1][1]), abs(r[1]), "")
			case j+1 < len(g): // removed with the separator after it
				rw.edit(abs(r[0]), abs(at[i][j+1][0]), "")
			default:
				rw.edit(abs(r[0]), abs(r[1]), "")
			}
			kept = kept || len(p.repl) > 0 || !p.changed
		}
	}
	return true
}

// lineText is the corrected text of a line: its words' final texts
// joined by spaces, or its own text.
func (rw *rewriter) lineText(ln *lineB) string {
	if len(ln.words) == 0 {
		if t, ok := rw.lineT[ln]; ok {
			return t
		}
		return ln.text
	}
	var parts []string
	for _, w := range ln.words {
		if f, ok := rw.final[w]; ok {
			parts = append(parts, f...)
		} else if w.text != "" {
			parts = append(parts, w.text)
		}
	}
	return strings.Join(parts, " ")
}

// subsContent rewrites SUBS_CONTENT of an ALTO HypPart1/HypPart2 pair
// when either part changed, so that it never keeps the old word.
func (rw *rewriter) subsContent() {
	us := rw.pg.units
	for i := 0; i+1 < len(us); i++ {
		a, b := us[i].word, us[i+1].word
		if a == nil || b == nil {
			continue
		}
		ta, _ := rw.attr(a.elem[0], "SUBS_TYPE")
		tb, _ := rw.attr(b.elem[0], "SUBS_TYPE")
		if ta != "HypPart1" || tb != "HypPart2" {
			continue
		}
		fa, ca := rw.final[a]
		fb, cb := rw.final[b]
		if !ca && !cb {
			continue
		}
		if !ca {
			fa = []string{a.text}
		}
		if !cb {
			fb = []string{b.text}
		}
		subs := strings.Join(fa, "") + strings.Join(fb, "")
		if len(fa) == 1 {
			rw.setAttr(a.elem[0], "SUBS_CONTENT", subs)
		}
		if len(fb) == 1 {
			rw.setAttr(b.elem[0], "SUBS_CONTENT", subs)
		}
	}
}

// apply writes src with the edits. Edits inside a removed range are
// dropped.
func (rw *rewriter) apply() []byte {
	if len(rw.edits) == 0 {
		return rw.src
	}
	slices.SortStableFunc(rw.edits, func(a, b byteEdit) int {
		switch {
		case a.at != b.at:
			return int(a.at - b.at)
		case a.end == a.at || b.end == b.at: // an insertion before a replacement
			return int((a.end - a.at) - (b.end - b.at))
		}
		return int((b.end - b.at) - (a.end - a.at)) // the wider first: it holds the other
	})
	var out bytes.Buffer
	out.Grow(len(rw.src))
	var pos int64
	for _, e := range rw.edits {
		if e.at < pos {
			continue
		}
		out.Write(rw.src[pos:e.at])
		out.WriteString(e.repl)
		pos = e.end
	}
	out.Write(rw.src[pos:])
	return out.Bytes()
}

// unescape decodes the entities of an attribute value.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); {
		if b[i] != '&' {
			sb.WriteByte(b[i])
			i++
			continue
		}
		s, n := entity(b[i:])
		sb.WriteString(s)
		i += n
	}
	return sb.String()
}

// entity decodes the entity reference at the start of b ("&amp;",
// "&#x364;"), returning its text and length; one it does not know is
// its own text.
func entity(b []byte) (string, int) {
	j := bytes.IndexByte(b, ';')
	if j < 0 {
		return string(b), len(b)
	}
	ent, raw := string(b[1:j]), string(b[:j+1])
	switch {
	case ent == "amp":
		return "&", j + 1
	case ent == "lt":
		return "<", j + 1
	case ent == "gt":
		return ">", j + 1
	case ent == "quot":
		return `"`, j + 1
	case ent == "apos":
		return "'", j + 1
	case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
		if v, err := strconv.ParseUint(ent[2:], 16, 32); err == nil {
			return string(rune(v)), j + 1
		}
	case strings.HasPrefix(ent, "#"):
		if v, err := strconv.ParseUint(ent[1:], 10, 32); err == nil {
			return string(rune(v)), j + 1
		}
	}
	return raw, j + 1
}

// decodeText decodes the character data of an element that holds only
// text (and CDATA sections) as an XML reader does, with the offset in raw
// of every byte of the result (and of its end). It reports false for
// content with markup in it.
func decodeText(raw []byte) (string, []int, bool) {
	var sb strings.Builder
	off := make([]int, 0, len(raw)+1)
	put := func(s string, at int) {
		sb.WriteString(s)
		for range len(s) {
			off = append(off, at)
		}
	}
	const cdata, cdataEnd = "<![CDATA[", "]]>"
	for i := 0; i < len(raw); {
		switch c := raw[i]; {
		case c == '&':
			s, n := entity(raw[i:])
			put(s, i)
			i += n
		case c == '<' && bytes.HasPrefix(raw[i:], []byte(cdata)):
			i += len(cdata)
			e := bytes.Index(raw[i:], []byte(cdataEnd))
			if e < 0 {
				return "", nil, false
			}
			for k := i; k < i+e; k++ {
				put(string(raw[k:k+1]), k)
			}
			i += e + len(cdataEnd)
		case c == '<':
			return "", nil, false
		case c == '\r': // CR LF and a lone CR read as LF
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
				continue
			}
			put("\n", i)
			i++
		default:
			put(string(raw[i:i+1]), i)
			i++
		}
	}
	off = append(off, len(raw))
	return sb.String(), off, true
}
