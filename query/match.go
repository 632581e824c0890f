package query

import (
	"strings"
	"unicode/utf8"

	"folio/annot"
)

// Match reports whether s satisfies q. It does not allocate, and it loads
// the text (once) only when a free word is found nowhere else.
func (q *Query) Match(s Subject) bool {
	if q.Empty() {
		return true
	}
	st := matchState{subj: &s}
	return q.root.match(&st)
}

// matchState carries one Match: the subject and its text once loaded.
type matchState struct {
	subj   *Subject
	text   string
	loaded bool
}

func (st *matchState) loadText() (string, bool) {
	if st.subj.Text == nil {
		return "", false
	}
	if !st.loaded {
		st.text, st.loaded = st.subj.Text(), true
	}
	return st.text, true
}

func (n *node) match(st *matchState) bool {
	switch n.op {
	case opWord:
		return n.matchWord(st)
	case opField:
		return n.matchField(&st.subj.Doc)
	case opNot:
		return !n.kids[0].match(st)
	case opAnd:
		for _, k := range n.eval {
			if !k.match(st) {
				return false
			}
		}
		return true
	default: // opOr
		for _, k := range n.eval {
			if k.match(st) {
				return true
			}
		}
		return false
	}
}

func (n *node) matchWord(st *matchState) bool {
	d := &st.subj.Doc
	if n.containedIn(d.Title) || n.containedIn(d.ID) {
		return true
	}
	for _, t := range d.Tags {
		if n.containedIn(t) {
			return true
		}
	}
	if text, ok := st.loadText(); ok {
		return n.containedIn(text)
	}
	return false
}

func (n *node) matchField(d *annot.Doc) bool {
	switch n.field {
	case fieldID:
		if n.prefix {
			return strings.HasPrefix(d.ID, n.value)
		}
		return d.ID == n.value
	case fieldTag:
		return n.anyEqual(d.Tags)
	case fieldStatus:
		return d.Status == n.status || d.Status == "" && n.status == annot.StatusTodo
	case fieldLabel:
		return n.anyLabel(d.Labels)
	case fieldEntity:
		return n.anyEqual(d.Entities)
	case fieldConf:
		return n.confMatch(d)
	case fieldTwin:
		return n.anyEqual(d.Twins)
	default: // fieldHas
		if n.has == hasTwin {
			return len(d.Twins) > 0
		}
		return n.hasCount(&d.Counts)
	}
}

// confMatch compares a document's lowest OCR word confidence with the
// bound; a document without confidences never matches.
func (n *node) confMatch(d *annot.Doc) bool {
	if !d.HasConf {
		return false
	}
	switch n.cmp {
	case "<":
		return d.MinConf < n.bound
	case "<=":
		return d.MinConf <= n.bound
	case ">":
		return d.MinConf > n.bound
	}
	return d.MinConf >= n.bound
}

// anyEqual reports whether one of list equals the value, ignoring case, or
// starts with it for a prefix term.
func (n *node) anyEqual(list []string) bool {
	for _, s := range list {
		if n.equal(s) {
			return true
		}
	}
	return false
}

// anyLabel is anyEqual over the labels a document counts entities of. To
// spare a walk over the map, a whole label is looked up as written, in
// upper and in lower case only: label:per finds PER, but not Per.
func (n *node) anyLabel(labels map[string]int) bool {
	if !n.prefix {
		for _, v := range n.variants {
			if labels[v] > 0 {
				return true
			}
		}
		return false
	}
	for l, c := range labels {
		if c > 0 && n.equal(l) {
			return true
		}
	}
	return false
}

// equal is the comparison of field terms: case-insensitive (simple
// folding, rune by rune; a tag folded as free words are, foldedEqual),
// and a prefix test for a term with a trailing *.
func (n *node) equal(s string) bool {
	switch n.field {
	case fieldTag:
		return foldedEqual(s, n.folded, n.prefix)
	case fieldEntity:
		return keyFoldedEqual(s, n.folded, n.prefix)
	}
	return equalFoldPrefix(s, n.value, n.prefix)
}

func (n *node) hasCount(c *annot.Counts) bool {
	switch n.has {
	case hasCorrections:
		return c.Corrections > 0
	case hasMarks:
		return c.Marks > 0
	case hasNotes:
		return c.Notes > 0
	case hasEntities:
		return c.Entities > 0
	case hasSuggestions:
		return c.Suggestions > 0
	default: // hasStale
		return c.Stale > 0
	}
}

// containedIn reports whether the folded word occurs in the folded s (see
// Fold), without allocating: it looks for each form of the first rune
// with strings.Index and compares the rest in place.
func (n *node) containedIn(s string) bool {
	f := n.fold
	if len(f) == 0 {
		return true
	}
	if n.lo != 0 && len(s) < 128 && isASCII(s) {
		return n.scanShort(s)
	}
	for _, first := range n.firsts {
		for i := 0; i < len(s); {
			j := strings.Index(s[i:], first.s)
			if j < 0 {
				break
			}
			i += j + len(first.s)
			if foldedAt(s, i, first.pend, f[1:]) {
				return true
			}
		}
	}
	return false
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// scanShort is containedIn for a word with an ASCII first rune in a short
// ASCII string (a title, an id, a tag), where one pass over the bytes
// beats strings.Index per case form.
func (n *node) scanShort(s string) bool {
	lo, rest := n.lo, n.fold[1:]
	var mask byte
	if n.loLetter {
		mask = 0x20 // 'A'|0x20 == 'a'
	}
	// eight bytes at a time: skip words that hold no candidate byte
	pat, m := uint64(lo)*swarOnes, uint64(mask)*swarOnes
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if x := (load64(s, i) | m) ^ pat; (x-swarOnes)&^x&swarHighs == 0 {
			continue
		}
		for j := i; j < i+8; j++ {
			if s[j]|mask == lo && foldedAt(s, j+1, 0, rest) {
				return true
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i]|mask == lo && foldedAt(s, i+1, 0, rest) {
			return true
		}
	}
	return false
}

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// load64 reads the eight bytes of s at i, little-endian.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// foldedAt reports whether the folded s continues with the folded runes f
// at byte i, after pend (the second rune of a fold begun before i; 0 for
// none).
func foldedAt(s string, i int, pend rune, f []rune) bool {
	for _, want := range f {
		if pend != 0 {
			if pend != want {
				return false
			}
			pend = 0
			continue
		}
		if i >= len(s) {
			return false
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		a, b := foldPair(r)
		if a != want {
			return false
		}
		pend = b
		i += size
	}
	return true
}
