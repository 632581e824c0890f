package docview

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"
	"folio/suggest"
)

// Mode is what the reader shows: the stored text, the corrected text,
// or a diff of both.
type Mode int

// The view modes.
const (
	Original Mode = iota
	Corrected
	Diff
)

// String names the mode: original, corrected or diff.
func (m Mode) String() string {
	if names := [...]string{"original", "corrected", "diff"}; m >= 0 && int(m) < len(names) {
		return names[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
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

// Flags of a Range: what is drawn over a run of text.
const (
	FlagEntity uint16 = 1 << iota
	FlagMark
	FlagSugg
	FlagDel
	FlagIns
	FlagCorr // a corrected span, in the original view
	FlagSel
	FlagCursor
	FlagMatch
	FlagCut     // boilerplate cut, in the original view (drawn dimmed)
	FlagConfLow // a word the OCR read with a confidence below ConfLow
	FlagConfMid // … below ConfMid
)

// The confidence bands of the heat shading.
const (
	ConfLow = 0.5
	ConfMid = 0.8
)

// ConfSpan is a word of the stored text with the OCR's confidence.
type ConfSpan struct {
	annot.Span
	Conf float64
}

// Range is a styled range [s, e) of the view text.
type Range struct {
	S, E  int32
	Flags uint16
	Label int16
}

// Deco is drawn at view position v without being part of the text (the
// cursor never stands on it): a label chip after an entity, the fix a
// suggestion proposes after the damaged word, or the mark of a suspect.
type Deco struct {
	V     int32
	Text  string
	Label int16
	Kind  uint8
}

// Kinds of Deco.
const (
	DecoLabel   uint8 = iota // an entity's label chip
	DecoFix                  // a suggestion's first candidate
	DecoSuspect              // a suspect: a suggestion with no candidate
	DecoOpen                 // where an entity that nests or overlaps another starts
)

// OpenMark opens an entity that nests in or overlaps another: with the
// label chip that closes it, it brackets the entity ("‹Universität
// ‹Köln[LOC][ORG]").
const OpenMark = "‹"

// maxFixCells is how much of a candidate the reader shows in place; the
// panel shows all of it.
const maxFixCells = 24

// Line is one wrapped line: its first code point and byte in the view
// text, and the first decoration it draws.
type Line struct {
	V, B, D int32
}

// View is one document laid out for the reader at one width and view
// mode. It is built off the main loop (Build) and then only read.
type View struct {
	ID, Hash string
	Mode     Mode
	Width    int

	Text  string // what is shown
	n     int    // its length in code points
	sn    int    // the stored text's length in code points
	ascii bool   // text is ASCII: code points are bytes

	cmap *annot.OffsetMap // corrected view: stored ↔ corrected
	segs []dseg           // diff view, in view order

	Lines  []Line
	ranges []Range // by start
	maxEnd []int32 // maxEnd[i]: largest end among ranges[:i+1]
	Decos  []Deco
	Labels []string

	Suggs []suggest.Suggestion // open suggestions, by start
	SuggV []annot.Span         // their view spans

	HasConf bool // the document has OCR confidences (the heat shading's legend shows)

	// Partial is set on a preview: the layout of the text's beginning
	// only (Request.Limit), drawn while the whole is laid out.
	Partial bool

	lower   string // lower-cased text with the same byte offsets, made on demand
	lowered bool
}

// Request is everything a layout depends on.
type Request struct {
	ID, Hash string
	Text     string
	Anns     []annot.Annotation
	Suggs    []suggest.Suggestion
	Mode     Mode
	Width    int
	// Conf are the OCR's word confidences (from the page layout), in
	// stored positions: words below ConfMid are shaded.
	Conf []ConfSpan
	// Limit, when above 0, lays out only the text's first Limit bytes or
	// so (to the end of that line), and what lies wholly in them: a
	// preview (View.Partial) of a long document's first screens.
	Limit int
}

// previewOf cuts r to its first Limit bytes, to the end of the line
// there (or at a code point boundary when the line goes on for another
// Limit bytes), keeping the annotations, suggestions and confidences
// that lie wholly in them; ok is false when the text is not longer.
func previewOf(r Request) (Request, bool) {
	if r.Limit <= 0 || len(r.Text) <= r.Limit {
		return r, false
	}
	cut := r.Limit
	if i := strings.IndexByte(r.Text[cut:min(len(r.Text), 2*cut)], '\n'); i >= 0 {
		cut += i + 1
	} else {
		for cut > 0 && !utf8.RuneStart(r.Text[cut]) {
			cut--
		}
	}
	r.Text = r.Text[:cut]
	n := utf8.RuneCountInString(r.Text)
	anns := make([]annot.Annotation, 0, len(r.Anns))
	for _, a := range r.Anns {
		if !a.HasSpan() || a.End <= n {
			anns = append(anns, a)
		}
	}
	r.Anns = anns
	var suggs []suggest.Suggestion
	for _, s := range r.Suggs {
		if s.End <= n {
			suggs = append(suggs, s)
		}
	}
	r.Suggs = suggs
	var conf []ConfSpan
	for _, c := range r.Conf {
		if c.End <= n {
			conf = append(conf, c)
		}
	}
	r.Conf = conf
	return r, true
}

// Build lays out a document. It reads only its arguments: it runs in
// a tea.Cmd.
func Build(r Request) *View {
	r, partial := previewOf(r)
	v := &View{ID: r.ID, Hash: r.Hash, Mode: r.Mode, Width: max(r.Width, 1), Partial: partial}
	v.sn = utf8.RuneCountInString(r.Text)
	var corr annot.Corrected
	if r.Mode != Original && hasCorrections(r.Anns) {
		corr = annot.Apply(r.Text, r.Anns)
	} else {
		corr = annot.Corrected{Text: r.Text}
	}
	switch r.Mode {
	case Original:
		v.Text = r.Text
	case Corrected:
		v.Text, v.cmap = corr.Text, corr.Map
	case Diff:
		v.buildDiff(r.Text, corr)
	}
	if r.Mode == Original {
		v.n = v.sn // the stored text itself, counted above
	} else {
		v.n = utf8.RuneCountInString(v.Text)
	}
	v.ascii = v.n == len(v.Text)
	v.styleRanges(r.Anns, r.Suggs, r.Conf)
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

func (v *View) buildDiff(stored string, corr annot.Corrected) {
	m := corr.Map
	sw, cw := &runeWalker{s: stored}, &runeWalker{s: corr.Text}
	if m == nil {
		v.Text = stored
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
	v.Text = b.String()
}

// StoredLen is the length of the stored text in code points.
func (v *View) StoredLen() int { return v.sn }

// Len is the view text's length in code points.
func (v *View) Len() int { return v.n }

// ByteOf returns the byte offset of view position p.
func (v *View) ByteOf(p int) int {
	if p <= 0 {
		return 0
	}
	if p >= v.n {
		return len(v.Text)
	}
	if v.ascii {
		return p
	}
	k := v.LineOf(p)
	q, b := int(v.Lines[k].V), int(v.Lines[k].B)
	for q < p && b < len(v.Text) {
		_, n := utf8.DecodeRuneInString(v.Text[b:])
		b += n
		q++
	}
	return b
}

// PosOf returns the view position of byte offset b.
func (v *View) PosOf(b int) int {
	if v.ascii {
		return Clamp(b, 0, v.n)
	}
	k := max(sort.Search(len(v.Lines), func(i int) bool { return int(v.Lines[i].B) > b })-1, 0)
	q, c := int(v.Lines[k].V), int(v.Lines[k].B)
	for c < b && c < len(v.Text) {
		_, n := utf8.DecodeRuneInString(v.Text[c:])
		c += n
		q++
	}
	return q
}

// Slice returns the view text of a view span.
func (v *View) Slice(sp annot.Span) string {
	a, b := v.ByteOf(sp.Start), v.ByteOf(sp.End)
	if b < a {
		return ""
	}
	return v.Text[a:b]
}

// ToStored maps a view position to the stored text. start says whether
// it starts a span (positions inside a replacement widen outwards).
func (v *View) ToStored(p int, start bool) int {
	switch v.Mode {
	case Corrected:
		return v.cmap.ToOriginal(p, start)
	case Diff:
		if len(v.segs) == 0 {
			return 0
		}
		i := sort.Search(len(v.segs), func(i int) bool { return int(v.segs[i].v) > p }) - 1
		if i < 0 {
			return 0
		}
		s := v.segs[i]
		if p >= int(s.v+s.n) {
			return v.StoredLen()
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

// ToView maps a stored position to the view.
func (v *View) ToView(p int, start bool) int {
	switch v.Mode {
	case Corrected:
		return v.cmap.ToCorrected(p, start)
	case Diff:
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

// SpanToStored maps a view span to the stored text.
func (v *View) SpanToStored(s annot.Span) annot.Span {
	if v.Mode == Corrected {
		return v.cmap.SpanToOriginal(s)
	}
	a, b := v.ToStored(s.Start, true), v.ToStored(s.End, false)
	return annot.Span{Start: a, End: max(a, b)}
}

// SpanToView maps a stored span to the view.
func (v *View) SpanToView(s annot.Span) annot.Span {
	if v.Mode == Corrected {
		return v.cmap.SpanToCorrected(s)
	}
	a, b := v.ToView(s.Start, true), v.ToView(s.End, false)
	return annot.Span{Start: a, End: max(a, b)}
}

func (v *View) labelIndex(name string) int16 {
	for i, l := range v.Labels {
		if l == name {
			return int16(i)
		}
	}
	v.Labels = append(v.Labels, name)
	return int16(len(v.Labels) - 1)
}

func (v *View) addRange(s annot.Span, flags uint16, label int16) {
	n := v.n
	s.Start, s.End = Clamp(s.Start, 0, n), Clamp(s.End, 0, n)
	if s.End <= s.Start {
		return
	}
	v.ranges = append(v.ranges, Range{S: int32(s.Start), E: int32(s.End), Flags: flags, Label: label})
}

// styleRanges turns annotations and suggestions into styled view ranges
// and label chips.
func (v *View) styleRanges(anns []annot.Annotation, suggs []suggest.Suggestion, conf []ConfSpan) {
	v.HasConf = len(conf) > 0
	for _, c := range conf {
		if c.End > v.sn || c.Start >= c.End {
			continue
		}
		switch {
		case c.Conf < ConfLow:
			v.addRange(v.SpanToView(c.Span), FlagConfLow, -1)
		case c.Conf < ConfMid:
			v.addRange(v.SpanToView(c.Span), FlagConfMid, -1)
		}
	}
	v.styleEntities(anns)
	for _, a := range anns {
		if !a.HasSpan() {
			continue
		}
		sp := a.Span()
		switch a.Kind {
		case annot.KindMark:
			v.addRange(v.SpanToView(sp), FlagMark, -1)
		case annot.KindCorrection:
			switch {
			case v.Mode == Original && a.Class == annot.ClassBoilerplate:
				v.addRange(sp, FlagCut, -1)
			case v.Mode == Original:
				v.addRange(sp, FlagCorr, -1)
			case v.Mode == Corrected:
				v.addRange(v.SpanToView(sp), FlagIns, -1)
			}
		}
	}
	for _, s := range v.segs {
		switch s.kind {
		case segDel:
			v.addRange(annot.Span{Start: int(s.v), End: int(s.v + s.n)}, FlagDel, -1)
		case segIns:
			v.addRange(annot.Span{Start: int(s.v), End: int(s.v + s.n)}, FlagIns, -1)
		}
	}
	v.Suggs = suggs
	v.SuggV = make([]annot.Span, len(suggs))
	for i, s := range suggs {
		vs := v.SpanToView(annot.Span{Start: s.Start, End: s.End})
		v.SuggV[i] = vs
		v.addRange(vs, FlagSugg, -1)
		switch {
		case s.Kind == suggest.KindEntity:
		case len(s.Candidates) == 0:
			v.Decos = append(v.Decos, Deco{V: int32(vs.End), Text: "?", Label: -1, Kind: DecoSuspect})
		default:
			v.Decos = append(v.Decos, Deco{V: int32(vs.End), Text: "→" + Truncate(Sanitize(s.Candidates[0].Text), maxFixCells), Label: -1, Kind: DecoFix})
		}
	}
	// by start, the longer first: of nested entities the inner is drawn
	// last, so its colour shows on the text they share
	sort.SliceStable(v.ranges, func(i, j int) bool {
		a, b := v.ranges[i], v.ranges[j]
		return a.S < b.S || a.S == b.S && a.E > b.E
	})
	v.maxEnd = make([]int32, len(v.ranges))
	m := int32(0)
	for i, r := range v.ranges {
		m = max(m, r.E)
		v.maxEnd[i] = m
	}
	// at one place the chips that close entities come before the marks
	// that open the next ones
	sort.SliceStable(v.Decos, func(i, j int) bool {
		di, dj := v.Decos[i], v.Decos[j]
		if di.V != dj.V {
			return di.V < dj.V
		}
		return di.Kind != DecoOpen && dj.Kind == DecoOpen
	})
}

// styleEntities draws the entities: each styled in its label's colour
// with its label chip after it; an entity that nests in or overlaps
// another also gets an OpenMark where it starts, so that each is seen
// whole. Where several close at one place, the inner chip comes first;
// where several open, the outer mark does. The innermost entity's colour
// wins on the text they share (the reader draws the last range).
func (v *View) styleEntities(anns []annot.Annotation) {
	type ent struct {
		vs annot.Span
		li int16
	}
	var ents []ent
	for _, a := range anns {
		if a.Kind == annot.KindEntity {
			vs := v.SpanToView(a.Span())
			vs.Start, vs.End = Clamp(vs.Start, 0, v.n), Clamp(vs.End, 0, v.n)
			ents = append(ents, ent{vs, v.labelIndex(a.Label)})
		}
	}
	// outer before inner: by start, the longer first
	sort.SliceStable(ents, func(i, j int) bool {
		a, b := ents[i].vs, ents[j].vs
		return a.Start < b.Start || a.Start == b.Start && a.End > b.End
	})
	// an entity overlaps another if one that starts before it ends after
	// its start, or the next one starts before it ends
	nested := make([]bool, len(ents))
	maxEnd := -1
	for i, e := range ents {
		if e.vs.Start < maxEnd || i+1 < len(ents) && ents[i+1].vs.Start < e.vs.End {
			nested[i] = true
		}
		maxEnd = max(maxEnd, e.vs.End)
	}
	for i, e := range ents {
		v.addRange(e.vs, FlagEntity, e.li)
		if nested[i] {
			v.Decos = append(v.Decos, Deco{V: int32(e.vs.Start), Text: OpenMark, Label: e.li, Kind: DecoOpen})
		}
	}
	// chips: by end, the inner (later start) first
	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := ents[order[i]].vs, ents[order[j]].vs
		if a == b { // the same span: the one opened last closes first
			return order[i] > order[j]
		}
		return a.End < b.End || a.End == b.End && a.Start > b.Start
	})
	for _, i := range order {
		e := ents[i]
		v.Decos = append(v.Decos, Deco{V: int32(e.vs.End), Text: "[" + Sanitize(v.Labels[e.li]) + "]", Label: e.li})
	}
}

// maxLineBytes breaks a line that draws (almost) nothing, say a run of
// zero-width characters, so that no line is expensive to walk.
const maxLineBytes = 4096

// layout wraps the text at v.Width cells, at spaces where it can.
func (v *View) layout() {
	W := v.Width
	t := v.Text
	v.Lines = make([]Line, 1, len(t)/max(W*3/4, 8)+16)
	col, vp, di := 0, 0, 0
	lineB := 0
	nextDeco := int(^uint(0) >> 1)
	if len(v.Decos) > 0 {
		nextDeco = int(v.Decos[0].V)
	}
	type brk struct{ v, b, d, col int }
	last := brk{v: -1}
	newLine := func(p, b, d int) {
		v.Lines = append(v.Lines, Line{V: int32(p), B: int32(b), D: int32(d)})
		last = brk{v: -1}
		lineB = b
	}
	for i := 0; i < len(t); {
		if vp >= nextDeco {
			for di < len(v.Decos) && int(v.Decos[di].V) <= vp {
				dw := Width(v.Decos[di].Text)
				if col > 0 && col+dw > W {
					newLine(vp, i, di)
					col = 0
				}
				col += dw
				di++
			}
			nextDeco = int(^uint(0) >> 1)
			if di < len(v.Decos) {
				nextDeco = int(v.Decos[di].V)
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
		if c > ' ' && c < 0x7f {
			// a run of printable ASCII without a space that fits the
			// line, passes no decoration and keeps the line's bytes
			// bounded is taken at once; the last letter before a
			// non-ASCII byte is left to nextUnit (it may carry a
			// combining mark)
			end := i + min(W-col, nextDeco-vp, maxLineBytes-(i-lineB), len(t)-i)
			j := i
			for j < end && t[j] > ' ' && t[j] < 0x7f {
				j++
			}
			if j < len(t) && t[j] >= 0x80 {
				j--
			}
			if j > i {
				col += j - i
				vp += j - i
				i = j
				continue
			}
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
			case last.v > int(v.Lines[len(v.Lines)-1].V) && i-last.b < maxLineBytes:
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

// LineOf returns the index of the line holding view position p.
func (v *View) LineOf(p int) int {
	i := sort.Search(len(v.Lines), func(i int) bool { return int(v.Lines[i].V) > p }) - 1
	return max(i, 0)
}

// lineBounds returns the byte where line k ends (before its '\n', if
// any) and the first decoration of the next line.
func (v *View) lineBounds(k int) (endB, nextD int) {
	if k+1 < len(v.Lines) {
		n := v.Lines[k+1]
		endB, nextD = int(n.B), int(n.D)
		if endB > 0 && v.Text[endB-1] == '\n' && int(n.B) > int(v.Lines[k].B) {
			endB--
		}
		return endB, nextD
	}
	return len(v.Text), len(v.Decos)
}

// Cell is one unit of a laid-out line: a view position (or -1 for a
// decoration), its column and width, and what to draw.
type Cell struct {
	P, Col, W int
	Disp      string
	Deco      int // index of the decoration, or -1
}

// WalkLine calls fn for each unit and decoration of line k, in order.
// fn returns false to stop.
func (v *View) WalkLine(k int, fn func(c Cell) bool) {
	if k < 0 || k >= len(v.Lines) {
		return
	}
	ln := v.Lines[k]
	endB, nextD := v.lineBounds(k)
	di := int(ln.D)
	col, p := 0, int(ln.V)
	for i := int(ln.B); ; {
		for di < nextD && di < len(v.Decos) && (int(v.Decos[di].V) <= p || i >= endB) {
			d := v.Decos[di]
			w := Width(d.Text)
			if !fn(Cell{P: -1, Col: col, W: w, Disp: d.Text, Deco: di}) {
				return
			}
			col += w
			di++
		}
		if i >= endB || v.Text[i] == '\n' {
			return
		}
		u := nextUnit(v.Text, i)
		if !fn(Cell{P: p, Col: col, W: u.w, Disp: u.disp, Deco: -1}) {
			return
		}
		col += u.w
		i += u.n
		p += u.runes
	}
}

// LineEnd returns the view position just after the last unit of line k
// (where a '\n' or the next line starts).
func (v *View) LineEnd(k int) int {
	if k+1 < len(v.Lines) {
		n := int(v.Lines[k+1].V)
		if b := int(v.Lines[k+1].B); b > 0 && v.Text[b-1] == '\n' {
			return n - 1
		}
		return n
	}
	return v.n
}

// ColOf returns the column of view position p on its line.
func (v *View) ColOf(p int) int {
	k := v.LineOf(p)
	col := 0
	v.WalkLine(k, func(c Cell) bool {
		if c.P >= 0 && c.P >= p {
			col = c.Col
			return false
		}
		col = c.Col + c.W
		return true
	})
	return col
}

// PosAtCol returns the view position of the unit of line k at column col
// (the last unit when the line is shorter).
func (v *View) PosAtCol(k, col int) int {
	pos := int(v.Lines[Clamp(k, 0, len(v.Lines)-1)].V)
	v.WalkLine(k, func(c Cell) bool {
		if c.P < 0 {
			return true
		}
		pos = c.P
		return c.Col+c.W <= col
	})
	return pos
}

// UnitEnd returns the position after the unit starting at view position p.
func (v *View) UnitEnd(p int) int {
	if p >= v.n {
		return v.n
	}
	b := v.ByteOf(p)
	if v.Text[b] == '\n' {
		return p + 1
	}
	return p + nextUnit(v.Text, b).runes
}

// NextPos returns the start of the next visible unit after p.
func (v *View) NextPos(p int) int {
	if p >= v.n {
		return v.n
	}
	b := v.ByteOf(p)
	q := p
	for steps := 0; b < len(v.Text) && steps < 4096; steps++ {
		if v.Text[b] == '\n' {
			b, q = b+1, q+1
		} else {
			u := nextUnit(v.Text, b)
			b, q = b+u.n, q+u.runes
		}
		if b >= len(v.Text) {
			break
		}
		if v.Text[b] == '\n' || nextUnit(v.Text, b).w > 0 {
			return q
		}
	}
	return p
}

// PrevPos returns the start of the visible unit before p.
func (v *View) PrevPos(p int) int {
	if p <= 0 {
		return 0
	}
	k := v.LineOf(p - 1)
	prev := int(v.Lines[k].V)
	v.WalkLine(k, func(c Cell) bool {
		if c.P < 0 {
			return true
		}
		if c.P >= p {
			return false
		}
		prev = c.P
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

// WordNext returns the start of the next word after p.
func (v *View) WordNext(p int) int {
	b, q := v.ByteOf(p), p
	t := v.Text
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

// WordPrev returns the start of the word before p.
func (v *View) WordPrev(p int) int {
	b, q := v.ByteOf(p), p
	t := v.Text
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

// WordAt returns the word around p, or an empty span.
func (v *View) WordAt(p int) annot.Span {
	t := v.Text
	b := v.ByteOf(p)
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

// Search finds q in the view text from view position from on (backwards
// when back), wrapping around. Lower-case queries ignore case.
func (v *View) Search(q string, from int, back bool) (annot.Span, bool) {
	if q == "" {
		return annot.Span{}, false
	}
	hay := v.Text
	if !hasUpper(q) {
		if !v.lowered {
			v.lower, v.lowered = string(lowerSameLen(v.Text)), true
		}
		hay = v.lower
		q = strings.ToLower(q)
	}
	fb := v.ByteOf(Clamp(from, 0, v.n))
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
	s := v.PosOf(at)
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
func (v *View) RangesIn(s, e int) []Range {
	i := sort.Search(len(v.maxEnd), func(i int) bool { return int(v.maxEnd[i]) > s })
	var out []Range
	for ; i < len(v.ranges) && int(v.ranges[i].S) < e; i++ {
		if int(v.ranges[i].E) > s {
			out = append(out, v.ranges[i])
		}
	}
	return out
}

// SuggAt returns the index of the open suggestion whose view span holds p.
func (v *View) SuggAt(p int) int {
	for i, s := range v.SuggV {
		if s.Start <= p && p < s.End {
			return i
		}
		if s.Start > p {
			break
		}
	}
	return -1
}
