package annot

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Corrected is a document's corrected text together with the offset map
// between it and the stored text.
type Corrected struct {
	Text string
	Map  *OffsetMap
}

// edit is one applied correction: orig in the stored text becomes corr in the
// corrected text.
type edit struct {
	orig, corr Span
}

// OffsetMap maps code point offsets between a stored text and its corrected
// text. The zero value (or nil) is the identity.
type OffsetMap struct {
	edits []edit // sorted by orig.Start, non-overlapping
	n     int    // length of the stored text
}

// Corrections returns the corrections among anns that apply, sorted by
// start. A stale correction does not apply: its text changed under it,
// and it waits for the reviewer.
func Corrections(anns []Annotation) []Annotation {
	var cs []Annotation
	for _, a := range anns {
		if a.Kind == KindCorrection && !a.Stale {
			cs = append(cs, a)
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Start < cs[j].Start })
	return cs
}

// Apply applies the corrections among anns to text. Corrections must not
// overlap (Validate ensures it); one that does, or that lies outside the
// text, is skipped rather than corrupting the result.
func Apply(text string, anns []Annotation) Corrected {
	cs := Corrections(anns)
	ix := NewIndex(text)
	m := &OffsetMap{n: ix.Len()}
	if len(cs) == 0 {
		return Corrected{Text: text, Map: m}
	}
	var b strings.Builder
	b.Grow(len(text))
	prev, shift := 0, 0 // prev: code point where the unwritten text starts
	for _, c := range cs {
		if c.Start < prev || c.End > ix.Len() || c.Start >= c.End {
			continue
		}
		b.WriteString(ix.Slice(Span{prev, c.Start}))
		b.WriteString(c.Value)
		rl := Runes(c.Value)
		at := c.Start + shift
		m.edits = append(m.edits, edit{orig: c.Span(), corr: Span{at, at + rl}})
		shift += rl - c.Span().Len()
		prev = c.End
	}
	b.WriteString(ix.Slice(Span{prev, ix.Len()}))
	return Corrected{Text: b.String(), Map: m}
}

func (m *OffsetMap) shift() int {
	if m == nil || len(m.edits) == 0 {
		return 0
	}
	e := m.edits[len(m.edits)-1]
	return e.corr.End - e.orig.End
}

// CorrectedLen is the length of the corrected text in code points.
func (m *OffsetMap) CorrectedLen() int {
	if m == nil {
		return 0
	}
	return m.n + m.shift()
}

// ToCorrected maps a position in the stored text to the corrected text. A
// position inside a correction maps to the start of its replacement when
// start is true (the position starts a span), to its end otherwise, so that
// spans widen to whole replacements.
func (m *OffsetMap) ToCorrected(p int, start bool) int {
	if m == nil {
		return p
	}
	// the last edit with orig.Start <= p
	i := sort.Search(len(m.edits), func(i int) bool { return m.edits[i].orig.Start > p }) - 1
	if i < 0 {
		return p
	}
	e := m.edits[i]
	switch {
	case p == e.orig.Start:
		return e.corr.Start
	case p < e.orig.End:
		if start {
			return e.corr.Start
		}
		return e.corr.End
	default:
		return p + e.corr.End - e.orig.End
	}
}

// ToOriginal maps a position in the corrected text to the stored text.
// Inside a replacement, a start maps to the start of the corrected span and
// an end to its end (spans widen to whole corrections). Where deleted text
// lies at p, a start maps after it and an end before it, so that a span
// never takes in text the corrected view does not show.
func (m *OffsetMap) ToOriginal(p int, start bool) int {
	if m == nil || len(m.edits) == 0 {
		return p
	}
	// the first edit that ends at or after p
	i := sort.Search(len(m.edits), func(i int) bool { return m.edits[i].corr.End >= p })
	if i == len(m.edits) || m.edits[i].corr.Start > p {
		// unchanged text, after edit i-1
		if i == 0 {
			return p
		}
		e := m.edits[i-1]
		return p + e.orig.End - e.corr.End
	}
	e := m.edits[i]
	if e.corr.Start < p && p < e.corr.End {
		if start {
			return e.orig.Start
		}
		return e.orig.End
	}
	if !start {
		// the first edit touching p
		if e.corr.Start < p {
			return e.orig.End // after a replacement that ends at p
		}
		return e.orig.Start
	}
	// the last edit touching p
	for i+1 < len(m.edits) && m.edits[i+1].corr.Start == p {
		i++
	}
	f := m.edits[i]
	if f.corr.Start == p && f.corr.Start < f.corr.End {
		return f.orig.Start // a replacement starts at p
	}
	return f.orig.End
}

// SpanToCorrected maps a span of the stored text to the corrected text,
// widening it to whole replacements where it cuts into one.
func (m *OffsetMap) SpanToCorrected(s Span) Span {
	return Span{m.ToCorrected(s.Start, true), m.ToCorrected(s.End, false)}
}

// SpanToOriginal maps a span of the corrected text to the stored text,
// widening it to whole corrections where it cuts into a replacement.
func (m *OffsetMap) SpanToOriginal(s Span) Span {
	a, b := m.ToOriginal(s.Start, true), m.ToOriginal(s.End, false)
	if b < a {
		b = a
	}
	return Span{a, b}
}

// Segment is a piece of the diff between stored and corrected text: an
// unchanged run, or a correction, whose replacement is the corrected text
// at Corr.
type Segment struct {
	Orig Span // in the stored text
	Corr Span // in the corrected text
	Kept bool // true for unchanged text, false for a correction
}

// Segments splits the stored text into unchanged runs and corrections, in
// order, for drawing a diff.
func (m *OffsetMap) Segments() []Segment {
	if m == nil {
		return nil
	}
	var out []Segment
	prev, shift := 0, 0
	for _, e := range m.edits {
		if e.orig.Start > prev {
			out = append(out, Segment{Orig: Span{prev, e.orig.Start}, Corr: Span{prev + shift, e.orig.Start + shift}, Kept: true})
		}
		out = append(out, Segment{Orig: e.orig, Corr: e.corr})
		shift = e.corr.End - e.orig.End
		prev = e.orig.End
	}
	if prev < m.n {
		out = append(out, Segment{Orig: Span{prev, m.n}, Corr: Span{prev + shift, m.n + shift}, Kept: true})
	}
	return out
}

// MapSpans returns a copy of anns with the span of each annotation that
// has one mapped by f (onto another text: SpaceMap.Span, a correction's
// mapping back to the original).
func MapSpans(anns []Annotation, f func(Span) Span) []Annotation {
	out := slices.Clone(anns)
	for i, a := range out {
		if a.HasSpan() {
			sp := f(a.Span())
			out[i].Start, out[i].End = sp.Start, sp.End
		}
	}
	return out
}

// SpaceMap maps the code point offsets of a text onto another that
// differs from it only in white space (where runs of it are, and what
// they hold), as a text rebuilt from tokens differs from its source.
type SpaceMap struct {
	// to[i] is the offset in the other text of rune i, or, for white
	// space, of the next rune that is none; after[i] is the offset just
	// after the last rune before i that is no white space
	to, after []int
}

// MapSpaces returns the SpaceMap from text a to text b, and whether the
// two differ only in white space.
func MapSpaces(a, b string) (m SpaceMap, ok bool) {
	ra, rb := []rune(a), []rune(b)
	m.to, m.after = make([]int, len(ra)+1), make([]int, len(ra)+1)
	j := 0
	for i := 0; i <= len(ra); i++ {
		for j < len(rb) && unicode.IsSpace(rb[j]) {
			j++
		}
		m.to[i] = j
		if i == len(ra) {
			break
		}
		m.after[i+1] = m.after[i]
		if unicode.IsSpace(ra[i]) {
			continue
		}
		if j == len(rb) || rb[j] != ra[i] {
			return SpaceMap{}, false
		}
		j++
		m.after[i+1] = j
	}
	return m, m.to[len(ra)] == len(rb)
}

// Span maps a span of the first text onto the other: from its first rune
// that is no white space to just after its last; a span of white space
// alone maps to an empty span.
func (m SpaceMap) Span(s Span) Span {
	clamp := func(p int) int { return min(max(p, 0), len(m.to)-1) }
	start, end := m.to[clamp(s.Start)], m.after[clamp(s.End)]
	if end < start {
		end = start
	}
	return Span{start, end}
}
