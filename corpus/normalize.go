package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
	"folio/internal/english"
)

// bom is the byte order mark, U+FEFF.
const bom = "\uFEFF"

// Normalized is a text in folio's stored form (DESIGN.md, "Text and
// offsets"), together with what it takes to map spans of the input onto it.
type Normalized struct {
	// Text is the stored text: valid UTF-8, no leading byte order mark, LF
	// line ends only, NFC.
	Text string
	// Warnings says what was repaired that the user should hear about,
	// e.g. "replaced 3 invalid UTF-8 bytes with U+FFFD".
	Warnings []string

	m *spanMap // nil only for the zero Normalized
}

// spanMap maps code point positions of the input onto Text. It is built on
// the first MapSpan, so that documents without spans never pay for it.
type spanMap struct {
	// src is the input with invalid bytes replaced, one U+FFFD each, so
	// that its code points are those of the input; "" when the input is
	// Text itself.
	src   string
	built bool
	inLen int
	// pre maps src onto the text before NFC (byte order mark dropped, CRLF
	// and CR made LF); nfc maps that onto Text.
	pre, nfc []unit
}

// unit is a stretch where the input and the output differ: code points
// [in, inEnd) became [out, outEnd). Positions strictly inside cannot be
// mapped; positions between units map one to one.
type unit struct {
	in, inEnd, out, outEnd int
}

// Normalize turns raw bytes into stored text: invalid UTF-8 bytes become
// U+FFFD, one each (reported in Warnings); a leading byte order mark is
// dropped (also reported; a run of them, so that normalizing stored text
// again changes nothing); CRLF and lone CR become LF; and the text is put
// into NFC. Nothing else changes: control characters and tabs stay.
func Normalize(raw []byte) Normalized {
	return NormalizeString(string(raw))
}

// NormalizeString is Normalize for text that is already a Go string, such
// as a decoded JSON string; spans given against s map with MapSpan.
func NormalizeString(s string) Normalized {
	if !utf8.ValidString(s) {
		return normalize(repair(s))
	}
	return normalizeValid(s)
}

// normalizeValid is NormalizeString for valid UTF-8, such as the strings
// encoding/json decodes. Text that needs no change (the common case) costs
// one scan and no copy.
func normalizeValid(s string) Normalized {
	if !strings.HasPrefix(s, bom) && strings.IndexByte(s, '\r') < 0 && isNFC(s) {
		return Normalized{Text: s, m: &spanMap{}}
	}
	return normalize(s, 0)
}

// repair replaces each invalid byte of s by U+FFFD, so that the code
// points of the result are those a decoder counts in s.
func repair(s string) (string, int) {
	var b strings.Builder
	b.Grow(len(s) + 16)
	invalid := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size == 1 {
			invalid++
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String(), invalid
}

// isNFC reports whether s, valid UTF-8, is in NFC. It skips ASCII and the
// code points below U+0300 (lead bytes below 0xCC), which are all starters
// that never combine with what precedes them, and hands only the runs of
// other characters, each with the ASCII character before it, to the norm
// package: text can be normalized piecewise at such characters.
func isNFC(s string) bool {
	i := 0
	for i < len(s) {
		for i+8 <= len(s) && (s[i]|s[i+1]|s[i+2]|s[i+3]|s[i+4]|s[i+5]|s[i+6]|s[i+7]) < utf8.RuneSelf {
			i += 8
		}
		if i == len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		j, high := i, false
		for j < len(s) && s[j] >= utf8.RuneSelf {
			high = high || s[j] >= 0xCC
			j++
		}
		if high && !norm.NFC.IsNormalString(s[max(i-1, 0):j]) {
			return false
		}
		i = j
	}
	return true
}

// normalize does the slow path on valid UTF-8 s.
func normalize(s string, invalid int) Normalized {
	var n Normalized
	if invalid > 0 {
		n.Warnings = append(n.Warnings, fmt.Sprintf("replaced %d invalid UTF-8 %s with U+FFFD", invalid, english.Noun(invalid, "byte", "bytes")))
	}
	pre, boms := dropBOMs(s)
	if boms > 0 {
		n.Warnings = append(n.Warnings, fmt.Sprintf("dropped %s", english.Noun(boms, "a byte order mark", fmt.Sprintf("%d byte order marks", boms))))
	}
	pre = lineEnds(pre)
	n.Text = pre
	if !isNFC(pre) {
		n.Text = norm.NFC.String(pre)
	}
	n.m = &spanMap{}
	if n.Text != s {
		n.m.src = s
	}
	return n
}

// dropBOMs drops the byte order marks at the start of s: all of them, so
// that normalizing stored text again changes nothing.
func dropBOMs(s string) (string, int) {
	n := 0
	for strings.HasPrefix(s, bom) {
		s = s[len(bom):]
		n++
	}
	return s, n
}

// lineEnds turns CRLF and lone CR into LF.
func lineEnds(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '\r')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte('\n')
		s = strings.TrimPrefix(s[i+1:], "\n")
	}
}

// MapSpan maps [start, end), given in code points of the input text (the
// text as it was given, decoded: with its byte order mark, CRLFs and NFD
// letters), onto Text, so that it covers the same characters. ok is false
// when the span is out of range or inverted, when an end falls inside
// something normalization merged (between a letter and its combining
// accent, between CR and LF), or when a non-empty span would cover nothing
// of Text (only a byte order mark). Callers report such spans and skip them.
func (n Normalized) MapSpan(start, end int) (annot.Span, bool) {
	if start < 0 || end < start {
		return annot.Span{}, false
	}
	m := n.mapper()
	if end > m.inLen {
		return annot.Span{}, false
	}
	if m.src == "" {
		return annot.Span{Start: start, End: end}, true // Text is the input
	}
	s, ok1 := m.pos(start)
	e, ok2 := m.pos(end)
	if !ok1 || !ok2 || e < s || (e == s && end > start) {
		return annot.Span{}, false
	}
	return annot.Span{Start: s, End: e}, true
}

// InputLen is the length of the input text in code points: the range that
// spans given to MapSpan must lie in.
func (n Normalized) InputLen() int { return n.mapper().inLen }

// mapper returns n's span map, built.
func (n Normalized) mapper() *spanMap {
	m := n.m
	if m == nil {
		m = &spanMap{} // the zero Normalized: Text is the input
	}
	m.build(n.Text)
	return m
}

func (m *spanMap) pos(p int) (int, bool) {
	q, ok := mapPos(m.pre, p)
	if !ok {
		return 0, false
	}
	return mapPos(m.nfc, q)
}

// mapPos maps position p through the units us (sorted, non-overlapping).
func mapPos(us []unit, p int) (int, bool) {
	// the last unit starting at or before p
	lo, hi := 0, len(us)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if us[mid].in <= p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return p, true
	}
	u := us[lo-1]
	switch {
	case p == u.in:
		return u.out, true
	case p >= u.inEnd:
		return u.outEnd + p - u.inEnd, true
	}
	return 0, false
}

// build computes the units from src; it repeats the work of normalize,
// keeping track of positions. text is the normalized text.
func (m *spanMap) build(text string) {
	if m.built {
		return
	}
	m.built = true
	if m.src == "" {
		m.inLen = utf8.RuneCountInString(text)
		return
	}
	var pre strings.Builder
	pre.Grow(len(m.src))
	s, in := dropBOMs(m.src)
	out := 0
	for i := range in {
		m.pre = append(m.pre, unit{i, i + 1, 0, 0})
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\r')
		if i < 0 {
			pre.WriteString(s)
			in += utf8.RuneCountInString(s)
			break
		}
		c := utf8.RuneCountInString(s[:i])
		pre.WriteString(s[:i])
		pre.WriteByte('\n')
		in, out = in+c, out+c
		if strings.HasPrefix(s[i+1:], "\n") {
			m.pre = append(m.pre, unit{in, in + 2, out, out + 1})
			in, out = in+2, out+1
			s = s[i+2:]
		} else {
			in, out = in+1, out+1 // CR -> LF keeps positions
			s = s[i+1:]
		}
	}
	m.inLen = in
	m.nfc = nfcUnits(pre.String())
}

// nfcUnits lists where NFC changes s, segment by segment. Within a changed
// segment the code points it shares at both ends with its normalized form
// map one to one; the rest is one unit.
func nfcUnits(s string) []unit {
	if isNFC(s) {
		return nil
	}
	var us []unit
	var it norm.Iter
	it.InitString(norm.NFC, s)
	in, out, at := 0, 0, 0
	// the iterator may give part of a segment's output before it takes
	// its input (U+0FAC, which NFC decomposes, comes out in two steps):
	// that part waits for the input it belongs to
	var early []byte
	for !it.Done() {
		seg := it.Next()
		next := it.Pos()
		if next == at {
			early = append(early, seg...)
			continue
		}
		if len(early) > 0 {
			seg, early = append(early, seg...), nil
		}
		src := s[at:next]
		at = next
		if string(seg) == src {
			c := utf8.RuneCountInString(src)
			in, out = in+c, out+c
			continue
		}
		a, b := []rune(src), []rune(string(seg))
		p := 0
		for p < len(a) && p < len(b) && a[p] == b[p] {
			p++
		}
		q := 0
		for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
			q++
		}
		us = append(us, unit{in + p, in + len(a) - q, out + p, out + len(b) - q})
		in, out = in+len(a), out+len(b)
	}
	if n := utf8.RuneCount(early); n > 0 { // output that took no input
		us = append(us, unit{in, in, out, out + n})
	}
	return us
}
