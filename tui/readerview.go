package tui

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"
	"folio/suggest"
)

// viewMode is what the reader shows: the stored text, the corrected text,
// or a diff of both.
type viewMode int

const (
	modeOriginal viewMode = iota
	modeCorrected
	modeDiff
)

func (m viewMode) String() string {
	return [...]string{"original", "corrected", "diff"}[m]
}

// segment kinds of the diff view.
const (
	segKept uint8 = iota
	segDel        // stored text a correction replaces, struck through
	segIns        // the replacement
)

// dseg is one piece of the diff view's text: n code points at view
// position v. Kept and deleted pieces show stored text from o on; an
// inserted piece is the replacement of the correction [o, oe).
type dseg struct {
	v, n, o, oe int32
	kind        uint8
}

// range flags: what is drawn over a run of text.
const (
	fEntity uint16 = 1 << iota
	fMark
	fSugg
	fDel
	fIns
	fCorr // a corrected span, in the original view
	fSel
	fCursor
	fMatch
)

// srange is a styled range [s, e) of the view text.
type srange struct {
	s, e  int32
	flags uint16
	label int16
}

// deco is drawn at view position v without being part of the text (the
// cursor never stands on it): a label chip after an entity, the fix a
// suggestion proposes after the damaged word, or the mark of a suspect.
type deco struct {
	v     int32
	text  string
	label int16
	kind  uint8
}

// kinds of deco
const (
	decoLabel   uint8 = iota // an entity's label chip
	decoFix                  // a suggestion's first candidate
	decoSuspect              // a suspect: a suggestion with no candidate
)

// maxFixCells is how much of a candidate the reader shows in place; the
// panel shows all of it.
const maxFixCells = 24

// line is one wrapped line: its first code point and byte in the view
// text, and the first decoration it draws.
type line struct {
	v, b, d int32
}

// docView is one document laid out for the reader at one width and view
// mode. It is built off the main loop (buildView) and then only read.
type docView struct {
	id, hash string
	mode     viewMode
	width    int

	text  string // what is shown
	n     int    // its length in code points
	sn    int    // the stored text's length in code points
	ascii bool   // text is ASCII: code points are bytes

	cmap *annot.OffsetMap // corrected view: stored ↔ corrected
	segs []dseg           // diff view, in view order

	lines  []line
	ranges []srange // by start
	maxEnd []int32  // maxEnd[i]: largest end among ranges[:i+1]
	decos  []deco
	labels []string

	suggs []suggest.Suggestion // open suggestions, by start
	suggV []annot.Span         // their view spans

	lower   string // lower-cased text with the same byte offsets, made on demand
	lowered bool
}

// viewReq is everything a layout depends on.
type viewReq struct {
	id, hash string
	text     string
	anns     []annot.Annotation
	suggs    []suggest.Suggestion
	mode     viewMode
	width    int
}

// buildView lays out a document. It reads only its arguments: it runs in
// a tea.Cmd.
func buildView(r viewReq) *docView {
	v := &docView{id: r.id, hash: r.hash, mode: r.mode, width: max(r.width, 1)}
	v.sn = utf8.RuneCountInString(r.text)
	var corr annot.Corrected
	if r.mode != modeOriginal && hasCorrections(r.anns) {
		corr = annot.Apply(r.text, r.anns)
	} else {
		corr = annot.Corrected{Text: r.text}
	}
	switch r.mode {
	case modeOriginal:
		v.text = r.text
	case modeCorrected:
		v.text, v.cmap = corr.Text, corr.Map
	case modeDiff:
		v.buildDiff(r.text, corr)
	}
	v.n = utf8.RuneCountInString(v.text)
	v.ascii = v.n == len(v.text)
	v.styleRanges(r.anns, r.suggs)
	v.layout()
	return v
}

func hasCorrections(anns []annot.Annotation) bool {
	for _, a := range anns {
		if a.Kind == annot.KindCorrection {
			return true
		}
	}
	return false
}

// runeWalker slices a text by code points, front to back, in one pass.
type runeWalker struct {
	s    string
	p, b int
}

// to returns the byte offset of code point p (p never goes back).
func (w *runeWalker) to(p int) int {
	for w.p < p && w.b < len(w.s) {
		_, n := utf8.DecodeRuneInString(w.s[w.b:])
		w.b += n
		w.p++
	}
	return w.b
}

func (w *runeWalker) slice(sp annot.Span) string {
	a := w.to(sp.Start)
	return w.s[a:w.to(sp.End)]
}

func (v *docView) buildDiff(stored string, corr annot.Corrected) {
	m := corr.Map
	sw, cw := &runeWalker{s: stored}, &runeWalker{s: corr.Text}
	if m == nil {
		v.text = stored
		v.segs = []dseg{{n: int32(v.sn), oe: int32(v.sn)}}
		return
	}
	var b strings.Builder
	b.Grow(len(stored) + len(stored)/16)
	vp := int32(0)
	for _, s := range m.Segments() {
		if s.Kept {
			t := sw.slice(s.Orig)
			b.WriteString(t)
			n := int32(s.Orig.Len())
			v.segs = append(v.segs, dseg{v: vp, n: n, o: int32(s.Orig.Start), oe: int32(s.Orig.End), kind: segKept})
			vp += n
			continue
		}
		if n := int32(s.Orig.Len()); n > 0 {
			b.WriteString(sw.slice(s.Orig))
			v.segs = append(v.segs, dseg{v: vp, n: n, o: int32(s.Orig.Start), oe: int32(s.Orig.End), kind: segDel})
			vp += n
		}
		// (Segment.Repl is not always filled in: read the corrected text)
		repl := cw.slice(s.Corr)
		if n := int32(annot.Runes(repl)); n > 0 {
			b.WriteString(repl)
			v.segs = append(v.segs, dseg{v: vp, n: n, o: int32(s.Orig.Start), oe: int32(s.Orig.End), kind: segIns})
			vp += n
		}
	}
	v.text = b.String()
}

// storedLen is the length of the stored text in code points.
func (v *docView) storedLen() int { return v.sn }

// length is the view text's length in code points.
func (v *docView) length() int { return v.n }

// byteOf returns the byte offset of view position p.
func (v *docView) byteOf(p int) int {
	if p <= 0 {
		return 0
	}
	if p >= v.n {
		return len(v.text)
	}
	if v.ascii {
		return p
	}
	k := v.lineOf(p)
	q, b := int(v.lines[k].v), int(v.lines[k].b)
	for q < p && b < len(v.text) {
		_, n := utf8.DecodeRuneInString(v.text[b:])
		b += n
		q++
	}
	return b
}

// posOf returns the view position of byte offset b.
func (v *docView) posOf(b int) int {
	if v.ascii {
		return clampInt(b, 0, v.n)
	}
	k := max(sort.Search(len(v.lines), func(i int) bool { return int(v.lines[i].b) > b })-1, 0)
	q, c := int(v.lines[k].v), int(v.lines[k].b)
	for c < b && c < len(v.text) {
		_, n := utf8.DecodeRuneInString(v.text[c:])
		c += n
		q++
	}
	return q
}

// slice returns the view text of a view span.
func (v *docView) slice(sp annot.Span) string {
	a, b := v.byteOf(sp.Start), v.byteOf(sp.End)
	if b < a {
		return ""
	}
	return v.text[a:b]
}

// toStored maps a view position to the stored text. start says whether
// it starts a span (positions inside a replacement widen outwards).
func (v *docView) toStored(p int, start bool) int {
	switch v.mode {
	case modeCorrected:
		return v.cmap.ToOriginal(p, start)
	case modeDiff:
		if len(v.segs) == 0 {
			return 0
		}
		i := sort.Search(len(v.segs), func(i int) bool { return int(v.segs[i].v) > p }) - 1
		if i < 0 {
			return 0
		}
		s := v.segs[i]
		if p >= int(s.v+s.n) {
			return v.storedLen()
		}
		if s.kind == segIns {
			if start {
				return int(s.o)
			}
			return int(s.oe)
		}
		return int(s.o) + p - int(s.v)
	}
	return p
}

// toView maps a stored position to the view.
func (v *docView) toView(p int, start bool) int {
	switch v.mode {
	case modeCorrected:
		return v.cmap.ToCorrected(p, start)
	case modeDiff:
		// the kept or deleted piece holding p (for an end: ending at p)
		i := sort.Search(len(v.segs), func(i int) bool {
			s := v.segs[i]
			if s.kind == segIns {
				return int(s.oe) > p || (!start && int(s.oe) >= p)
			}
			if start {
				return int(s.oe) > p
			}
			return int(s.oe) >= p
		})
		for i < len(v.segs) && v.segs[i].kind == segIns {
			i++
		}
		if i >= len(v.segs) {
			return v.n
		}
		s := v.segs[i]
		q := int(s.v) + max(p-int(s.o), 0)
		if !start && p == int(s.oe) && i+1 < len(v.segs) && v.segs[i+1].kind == segIns {
			q = int(v.segs[i+1].v + v.segs[i+1].n) // take in the replacement
		}
		return q
	}
	return p
}

// spanToStored maps a view span to the stored text.
func (v *docView) spanToStored(s annot.Span) annot.Span {
	if v.mode == modeCorrected {
		return v.cmap.SpanToOriginal(s)
	}
	a, b := v.toStored(s.Start, true), v.toStored(s.End, false)
	return annot.Span{Start: a, End: max(a, b)}
}

// spanToView maps a stored span to the view.
func (v *docView) spanToView(s annot.Span) annot.Span {
	if v.mode == modeCorrected {
		return v.cmap.SpanToCorrected(s)
	}
	a, b := v.toView(s.Start, true), v.toView(s.End, false)
	return annot.Span{Start: a, End: max(a, b)}
}

func (v *docView) labelIndex(name string) int16 {
	for i, l := range v.labels {
		if l == name {
			return int16(i)
		}
	}
	v.labels = append(v.labels, name)
	return int16(len(v.labels) - 1)
}

func (v *docView) addRange(s annot.Span, flags uint16, label int16) {
	n := v.n
	s.Start, s.End = clampInt(s.Start, 0, n), clampInt(s.End, 0, n)
	if s.End <= s.Start {
		return
	}
	v.ranges = append(v.ranges, srange{s: int32(s.Start), e: int32(s.End), flags: flags, label: label})
}

// styleRanges turns annotations and suggestions into styled view ranges
// and label chips.
func (v *docView) styleRanges(anns []annot.Annotation, suggs []suggest.Suggestion) {
	for _, a := range anns {
		if !a.HasSpan() {
			continue
		}
		sp := a.Span()
		switch a.Kind {
		case annot.KindEntity:
			vs := v.spanToView(sp)
			li := v.labelIndex(a.Label)
			v.addRange(vs, fEntity, li)
			v.decos = append(v.decos, deco{v: int32(vs.End), text: "[" + Sanitize(a.Label) + "]", label: li})
		case annot.KindMark:
			v.addRange(v.spanToView(sp), fMark, -1)
		case annot.KindCorrection:
			switch v.mode {
			case modeOriginal:
				v.addRange(sp, fCorr, -1)
			case modeCorrected:
				v.addRange(v.spanToView(sp), fIns, -1)
			}
		}
	}
	for _, s := range v.segs {
		switch s.kind {
		case segDel:
			v.addRange(annot.Span{Start: int(s.v), End: int(s.v + s.n)}, fDel, -1)
		case segIns:
			v.addRange(annot.Span{Start: int(s.v), End: int(s.v + s.n)}, fIns, -1)
		}
	}
	v.suggs = suggs
	v.suggV = make([]annot.Span, len(suggs))
	for i, s := range suggs {
		vs := v.spanToView(annot.Span{Start: s.Start, End: s.End})
		v.suggV[i] = vs
		v.addRange(vs, fSugg, -1)
		switch {
		case s.Kind == suggest.KindEntity:
		case len(s.Candidates) == 0:
			v.decos = append(v.decos, deco{v: int32(vs.End), text: "?", label: -1, kind: decoSuspect})
		default:
			v.decos = append(v.decos, deco{v: int32(vs.End), text: "→" + truncate(Sanitize(s.Candidates[0].Text), maxFixCells), label: -1, kind: decoFix})
		}
	}
	sort.Slice(v.ranges, func(i, j int) bool { return v.ranges[i].s < v.ranges[j].s })
	v.maxEnd = make([]int32, len(v.ranges))
	m := int32(0)
	for i, r := range v.ranges {
		m = max(m, r.e)
		v.maxEnd[i] = m
	}
	sort.SliceStable(v.decos, func(i, j int) bool { return v.decos[i].v < v.decos[j].v })
}

// maxLineBytes breaks a line that draws (almost) nothing, say a run of
// zero-width characters, so that no line is expensive to walk.
const maxLineBytes = 4096

// layout wraps the text at v.width cells, at spaces where it can.
func (v *docView) layout() {
	W := v.width
	t := v.text
	v.lines = make([]line, 1, len(t)/max(W*3/4, 8)+16)
	col, vp, di := 0, 0, 0
	lineB := 0
	nextDeco := int(^uint(0) >> 1)
	if len(v.decos) > 0 {
		nextDeco = int(v.decos[0].v)
	}
	type brk struct{ v, b, d, col int }
	last := brk{v: -1}
	newLine := func(p, b, d int) {
		v.lines = append(v.lines, line{v: int32(p), b: int32(b), d: int32(d)})
		last = brk{v: -1}
		lineB = b
	}
	for i := 0; i < len(t); {
		if vp >= nextDeco {
			for di < len(v.decos) && int(v.decos[di].v) <= vp {
				dw := width(v.decos[di].text)
				if col > 0 && col+dw > W {
					newLine(vp, i, di)
					col = 0
				}
				col += dw
				di++
			}
			nextDeco = int(^uint(0) >> 1)
			if di < len(v.decos) {
				nextDeco = int(v.decos[di].v)
			}
		}
		c := t[i]
		if c == '\n' {
			i++
			vp++
			newLine(vp, i, di)
			col = 0
			continue
		}
		// one unit: printable ASCII inline, the rest through nextUnit
		var un, ur, uw int
		if c >= 0x20 && c < 0x7f && (i+1 == len(t) || t[i+1] < 0x80) {
			un, ur, uw = 1, 1, 1
		} else {
			u := nextUnit(t, i)
			un, ur, uw = u.n, u.runes, u.w
		}
		if col > 0 && col+uw > W || i-lineB >= maxLineBytes {
			switch {
			case c == ' ' && col > 0:
				// a space at the edge hangs past it and ends the line
				i += un
				vp += ur
				newLine(vp, i, di)
				col = 0
				continue
			case last.v > int(v.lines[len(v.lines)-1].v) && i-last.b < maxLineBytes:
				col -= last.col
				newLine(last.v, last.b, last.d)
			default:
				newLine(vp, i, di)
				col = 0
			}
			if col > 0 && col+uw > W {
				newLine(vp, i, di)
				col = 0
			}
		}
		col += uw
		i += un
		vp += ur
		if c == ' ' {
			last = brk{v: vp, b: i, d: di, col: col}
		}
	}
}

// lineOf returns the index of the line holding view position p.
func (v *docView) lineOf(p int) int {
	i := sort.Search(len(v.lines), func(i int) bool { return int(v.lines[i].v) > p }) - 1
	return max(i, 0)
}

// lineBounds returns the byte where line k ends (before its '\n', if
// any) and the first decoration of the next line.
func (v *docView) lineBounds(k int) (endB, nextD int) {
	if k+1 < len(v.lines) {
		n := v.lines[k+1]
		endB, nextD = int(n.b), int(n.d)
		if endB > 0 && v.text[endB-1] == '\n' && int(n.b) > int(v.lines[k].b) {
			endB--
		}
		return endB, nextD
	}
	return len(v.text), len(v.decos)
}

// cell is one unit of a laid-out line: a view position (or -1 for a
// decoration), its column and width, and what to draw.
type cell struct {
	p, col, w int
	disp      string
	deco      int // index of the decoration, or -1
}

// walkLine calls fn for each unit and decoration of line k, in order.
// fn returns false to stop.
func (v *docView) walkLine(k int, fn func(c cell) bool) {
	if k < 0 || k >= len(v.lines) {
		return
	}
	ln := v.lines[k]
	endB, nextD := v.lineBounds(k)
	di := int(ln.d)
	col, p := 0, int(ln.v)
	for i := int(ln.b); ; {
		for di < nextD && di < len(v.decos) && (int(v.decos[di].v) <= p || i >= endB) {
			d := v.decos[di]
			w := width(d.text)
			if !fn(cell{p: -1, col: col, w: w, disp: d.text, deco: di}) {
				return
			}
			col += w
			di++
		}
		if i >= endB || v.text[i] == '\n' {
			return
		}
		u := nextUnit(v.text, i)
		if !fn(cell{p: p, col: col, w: u.w, disp: u.disp, deco: -1}) {
			return
		}
		col += u.w
		i += u.n
		p += u.runes
	}
}

// lineEnd returns the view position just after the last unit of line k
// (where a '\n' or the next line starts).
func (v *docView) lineEnd(k int) int {
	if k+1 < len(v.lines) {
		n := int(v.lines[k+1].v)
		if b := int(v.lines[k+1].b); b > 0 && v.text[b-1] == '\n' {
			return n - 1
		}
		return n
	}
	return v.n
}

// colOf returns the column of view position p on its line.
func (v *docView) colOf(p int) int {
	k := v.lineOf(p)
	col := 0
	v.walkLine(k, func(c cell) bool {
		if c.p >= 0 && c.p >= p {
			col = c.col
			return false
		}
		col = c.col + c.w
		return true
	})
	return col
}

// posAtCol returns the view position of the unit of line k at column col
// (the last unit when the line is shorter).
func (v *docView) posAtCol(k, col int) int {
	pos := int(v.lines[clampInt(k, 0, len(v.lines)-1)].v)
	v.walkLine(k, func(c cell) bool {
		if c.p < 0 {
			return true
		}
		pos = c.p
		return c.col+c.w <= col
	})
	return pos
}

// unitEnd returns the position after the unit starting at view position p.
func (v *docView) unitEnd(p int) int {
	if p >= v.n {
		return v.n
	}
	b := v.byteOf(p)
	if v.text[b] == '\n' {
		return p + 1
	}
	return p + nextUnit(v.text, b).runes
}

// nextPos returns the start of the next visible unit after p.
func (v *docView) nextPos(p int) int {
	if p >= v.n {
		return v.n
	}
	b := v.byteOf(p)
	q := p
	for steps := 0; b < len(v.text) && steps < 4096; steps++ {
		if v.text[b] == '\n' {
			b, q = b+1, q+1
		} else {
			u := nextUnit(v.text, b)
			b, q = b+u.n, q+u.runes
		}
		if b >= len(v.text) {
			break
		}
		if v.text[b] == '\n' || nextUnit(v.text, b).w > 0 {
			return q
		}
	}
	return p
}

// prevPos returns the start of the visible unit before p.
func (v *docView) prevPos(p int) int {
	if p <= 0 {
		return 0
	}
	k := v.lineOf(p - 1)
	prev := int(v.lines[k].v)
	v.walkLine(k, func(c cell) bool {
		if c.p < 0 {
			return true
		}
		if c.p >= p {
			return false
		}
		prev = c.p
		return true
	})
	if prev >= p { // p starts a line after a '\n'
		return p - 1
	}
	return prev
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// wordNext returns the start of the next word after p.
func (v *docView) wordNext(p int) int {
	b, q := v.byteOf(p), p
	t := v.text
	for b < len(t) {
		r, n := utf8.DecodeRuneInString(t[b:])
		if !isWord(r) {
			break
		}
		b, q = b+n, q+1
	}
	for b < len(t) {
		r, n := utf8.DecodeRuneInString(t[b:])
		if isWord(r) {
			return q
		}
		b, q = b+n, q+1
	}
	return p
}

// wordPrev returns the start of the word before p.
func (v *docView) wordPrev(p int) int {
	b, q := v.byteOf(p), p
	t := v.text
	for b > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:b])
		if isWord(r) {
			break
		}
		b, q = b-n, q-1
	}
	for b > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:b])
		if !isWord(r) {
			break
		}
		b, q = b-n, q-1
	}
	return max(q, 0)
}

// wordAt returns the word around p, or an empty span.
func (v *docView) wordAt(p int) annot.Span {
	t := v.text
	b := v.byteOf(p)
	if b >= len(t) {
		return annot.Span{Start: p, End: p}
	}
	if r, _ := utf8.DecodeRuneInString(t[b:]); !isWord(r) {
		return annot.Span{Start: p, End: p}
	}
	s, sb := p, b
	for sb > 0 {
		r, n := utf8.DecodeLastRuneInString(t[:sb])
		if !isWord(r) {
			break
		}
		sb, s = sb-n, s-1
	}
	e, eb := p, b
	for eb < len(t) {
		r, n := utf8.DecodeRuneInString(t[eb:])
		if !isWord(r) {
			break
		}
		eb, e = eb+n, e+1
	}
	return annot.Span{Start: s, End: e}
}

// search finds q in the view text from view position from on (backwards
// when back), wrapping around. Lower-case queries ignore case.
func (v *docView) search(q string, from int, back bool) (annot.Span, bool) {
	if q == "" {
		return annot.Span{}, false
	}
	hay := v.text
	if !hasUpper(q) {
		if !v.lowered {
			v.lower, v.lowered = string(lowerSameLen(v.text)), true
		}
		hay = v.lower
		q = strings.ToLower(q)
	}
	fb := v.byteOf(clampInt(from, 0, v.n))
	var at int
	if !back {
		at = strings.Index(hay[min(fb, len(hay)):], q)
		if at >= 0 {
			at += fb
		} else {
			at = strings.Index(hay, q)
		}
	} else {
		at = strings.LastIndex(hay[:fb], q)
		if at < 0 {
			at = strings.LastIndex(hay, q)
		}
	}
	if at < 0 {
		return annot.Span{}, false
	}
	s := v.posOf(at)
	return annot.Span{Start: s, End: s + annot.Runes(q)}, true
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// lowerSameLen lower-cases s rune by rune, keeping a rune whose lower case
// has another UTF-8 length, so that byte offsets stay the same.
func lowerSameLen(s string) []byte {
	b := []byte(s)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			utf8.EncodeRune(b[i:], l)
		}
		i += n
	}
	return b
}

// rangesAt collects the styled ranges that overlap [s, e).
func (v *docView) rangesIn(s, e int) []srange {
	i := sort.Search(len(v.maxEnd), func(i int) bool { return int(v.maxEnd[i]) > s })
	var out []srange
	for ; i < len(v.ranges) && int(v.ranges[i].s) < e; i++ {
		if int(v.ranges[i].e) > s {
			out = append(out, v.ranges[i])
		}
	}
	return out
}

// suggAt returns the index of the open suggestion whose view span holds p.
func (v *docView) suggAt(p int) int {
	for i, s := range v.suggV {
		if s.Start <= p && p < s.End {
			return i
		}
		if s.Start > p {
			break
		}
	}
	return -1
}
