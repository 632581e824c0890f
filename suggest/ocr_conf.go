package suggest

import (
	"slices"
)

// WordConf is the confidence (0–1) an OCR engine gave one word of a
// document's text; Start and End are code points of the text.
type WordConf struct {
	Start, End int
	Conf       float64
}

// Confidence thresholds: an unknown word the engine read with less than
// confDoubt is a suspect even when a name's look, a foreign list or its
// repetition in the document would explain it; a known word it read with
// less than confKnownDoubt is a suspect when a convincing fix is in reach
// (a real word the damage made: `allen` for `allem`); a small letter after
// a full stop that it read with confSure or more is printed so (the stop
// is more likely the misread: a comma, an abbreviation's dot).
const (
	confSure       = 0.9
	confDoubt      = 0.5
	confKnownDoubt = 0.3
)

// confCursor finds the confidence of each token, the tokens coming in
// text order.
type confCursor struct {
	ws []WordConf
	i  int
}

func newConfCursor(ws []WordConf) *confCursor {
	if !slices.IsSortedFunc(ws, func(a, b WordConf) int { return a.Start - b.Start }) {
		ws = slices.Clone(ws)
		slices.SortFunc(ws, func(a, b WordConf) int { return a.Start - b.Start })
	}
	return &confCursor{ws: ws}
}

// confSeeker places cursors at any token of a document, for the helpers
// that judge its blocks out of text order (ocr_parallel.go).
type confSeeker struct {
	ws   []WordConf
	ends []int // ends[i]: the greatest End of ws[:i+1]
}

// seeker returns a confSeeker over c's words.
func (c *confCursor) seeker() confSeeker {
	ends := make([]int, len(c.ws))
	hi := 0
	for i, w := range c.ws {
		hi = max(hi, w.End)
		ends[i] = hi
	}
	return confSeeker{ws: c.ws, ends: ends}
}

// at returns a cursor for the tokens from the one that starts at start
// on, in the place a cursor that read every token before it would be:
// at the first word that ends after start (at skips the words before).
func (s confSeeker) at(start int) confCursor {
	i, _ := slices.BinarySearch(s.ends, start+1)
	return confCursor{ws: s.ws, i: i}
}

// at returns the lowest confidence of the words that overlap [start, end),
// or -1 if none does.
func (c *confCursor) at(start, end int) float64 {
	for c.i < len(c.ws) && c.ws[c.i].End <= start {
		c.i++
	}
	lo := -1.0
	for j := c.i; j < len(c.ws) && c.ws[j].Start < end; j++ {
		if c.ws[j].End > start && (lo < 0 || c.ws[j].Conf < lo) {
			lo = c.ws[j].Conf
		}
	}
	return lo
}

// doubted reports whether the OCR engine doubted the word judged now
// enough for a known word to be judged (confKnownDoubt).
func (d *ocrDoc) doubted() bool { return d.conf >= 0 && d.conf < confKnownDoubt }

// doubtedUnknown reports whether the OCR engine doubted the word judged
// now enough for an unknown word to be a suspect on less evidence
// (confDoubt).
func (d *ocrDoc) doubtedUnknown() bool { return d.conf >= 0 && d.conf < confDoubt }
