package suggest

import (
	"strconv"
	"strings"
)

// reason says in words why the word orig is suspicious and where its best
// candidate comes from: `not in lexicon; ii→ü gives Bündnis (12× in
// corpus)`.
func (d *ocrDoc) reason(v *ocrVerdict, orig string) string {
	var why string
	switch ev := v.ev; {
	case ev.trusted:
		why = "rare (" + ocrTimes(ev.count) + " in corpus)"
	case ev.local > 1:
		why = "only in this document (" + ocrTimes(ev.local) + ")"
	default:
		why = "not in lexicon"
	}
	return why + "; " + d.fixPhrase(v.cands[0], orig)
}

// fixPhrase says how candidate c explains the damage.
func (d *ocrDoc) fixPhrase(c ocrCand, orig string) string {
	w := ocrCase(c.key, orig)
	var b strings.Builder
	switch c.how {
	case "confirmed fix":
		b.WriteString("confirmed fix elsewhere: " + w)
	case "1 edit", "2 edits":
		b.WriteString(c.how + " from " + w)
	default:
		b.WriteString(c.how + " gives " + w)
	}
	switch {
	case c.like != "":
		b.WriteString(" (like " + c.like + ")")
	case c.parts != nil:
		b.WriteString(" (compound of " + ocrJoinParts(c.parts) + ")")
	default:
		b.WriteString(" (" + ocrTimes(c.count) + " in corpus)")
	}
	return b.String()
}

// ocrTimes writes n as `12×`.
func ocrTimes(n int) string { return strconv.Itoa(n) + "×" }

// ocrJoinParts writes compound parts as `jahr + treffen`.
func ocrJoinParts(parts []string) string { return strings.Join(parts, " + ") }
