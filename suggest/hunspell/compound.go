package hunspell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCompoundWords is hunspell's maxwordnum in checkword.
const maxCompoundWords = 100

// compoundCheck is hunspell's compound_check without COMPOUNDRULE and
// CHECKCOMPOUNDPATTERN: it returns the stem of the first part and the byte
// offsets in word where the parts after the first begin, or -1.
func (d *Dict) compoundCheck(word string, wordnum int, wk *work) (int32, []int) {
	o := d.opt
	cmin, cmax := d.compoundBounds(word)
	// no stem begins with more than the first lim bytes of word, so no
	// first part longer than that is a stem, and a suffix analysis of one
	// need not look further
	lim := d.prefixes.longest(word)
	reach := d.stemReach(word, lim)
	for i := cmin; i < cmax; i++ {
		if !utf8.RuneStart(word[i]) {
			continue
		}
		if !wk.spend(costSplit) {
			return -1, nil
		}
		if i > reach && !d.sfx.suffixKeys(word[:i], func(key string, _ []stripGroup) bool { return i-len(key) <= reach }) {
			// every analysis of the first part needs a stem that
			// begins with more of word than any stem does
			continue
		}
		wn := wordnum
		rv, m, checkedAffix, ok := d.firstPart(word[:i], min(i, lim), wn, wk)
		if !ok {
			continue
		}
		if rv >= 0 && ((m.pfx != nil && m.pfx.cont.has(o.compoundForbid)) || (m.sfx != nil && m.sfx.cont.has(o.compoundForbid))) {
			rv = -1
		}
		if rv >= 0 && (d.has(rv, o.forbidden) || d.has(rv, onlyUpcaseFlag)) {
			return -1, nil
		}
		if rv >= 0 && d.has(rv, o.compoundRoot) {
			wn++
		}
		if rv < 0 || !(checkedAffix || d.has(rv, o.compoundFlag) ||
			(wordnum == 0 && d.has(rv, o.compoundBegin)) || (wordnum > 0 && d.has(rv, o.compoundMiddle))) {
			continue
		}
		if o.checkTriple && tripleAt(word, i) {
			continue
		}
		if o.checkCase && caseBoundary(word, i) {
			continue
		}
		rvFirst := rv
		rest := word[i:]

		// The rest as a stem.
		rv = d.lookup(rest)
		for rv >= 0 && (d.has(rv, o.needAffix) || !(d.has(rv, o.compoundFlag) || d.has(rv, o.compoundEnd))) {
			rv = d.entries[rv].next
		}
		wn2 := wn
		if rv >= 0 && d.has(rv, o.compoundRoot) {
			wn2++
		}
		if rv >= 0 && (d.has(rv, o.forbidden) || d.has(rv, onlyUpcaseFlag)) {
			return -1, nil
		}
		if rv >= 0 && d.wordCountOK(wn2) && (!o.checkDup || rv != rvFirst) {
			return rvFirst, []int{i}
		}

		// The rest with affixes.
		m = noMatch
		if o.compoundFlag != 0 {
			m = d.affixCheck(rest, o.compoundFlag, cpdEnd, wk)
		}
		if !m.ok() && o.compoundEnd != 0 {
			m = d.affixCheck(rest, o.compoundEnd, cpdEnd, wk)
		}
		// Hunspell's affix_check forgets the affixes of a suffix-only
		// analysis when continuation classes exist, so COMPOUNDFORBIDFLAG
		// on such a last part has no effect there; keep that behaviour.
		seen := m.pfx != nil || len(o.contClasses) == 0
		if m.ok() && seen && ((m.pfx != nil && m.pfx.cont.has(o.compoundForbid)) || (m.sfx != nil && m.sfx.cont.has(o.compoundForbid))) {
			m = noMatch
		}
		if m.ok() && (d.has(m.stem, o.forbidden) || d.has(m.stem, onlyUpcaseFlag)) {
			return -1, nil
		}
		wn2 = wn
		if m.ok() && d.has(m.stem, o.compoundRoot) {
			wn2++
		}
		if m.ok() && d.wordCountOK(wn2) && (!o.checkDup || m.stem != rvFirst) {
			return rvFirst, []int{i}
		}

		// The rest as a compound.
		if wn+2 >= maxCompoundWords {
			continue
		}
		rv, sub := d.compoundCheck(rest, wn+1, wk)
		if rv < 0 {
			if wk.exhausted() {
				return -1, nil
			}
			continue
		}
		if stem := d.entries[rv].word; strings.HasPrefix(rest, stem) {
			// A forbidden word made of the first two parts forbids the
			// compound.
			n := i + len(stem)
			fw := d.lookup(word)
			if fw < 0 {
				fw = d.affixCheck(word, 0, cpdNot, wk).stem
			}
			if fw >= 0 && d.has(fw, o.forbidden) && strings.HasPrefix(d.entries[fw].word, word[:n]) {
				return -1, nil
			}
		}
		splits := make([]int, 0, len(sub)+1)
		splits = append(splits, i)
		for _, p := range sub {
			splits = append(splits, i+p)
		}
		return rvFirst, splits
	}
	return -1, nil
}

// firstPart analyses first, the beginning of a word up to a split, as the
// first part of a compound (wn == 0) or one in its middle (analysePart),
// through the caller's Memo when wk has one.
func (d *Dict) firstPart(first string, lim, wn int, wk *work) (rv int32, m match, checkedAffix, ok bool) {
	if wk.parts != nil {
		return wk.parts.firstPart(d, first, lim, wn, wk)
	}
	return d.analysePart(first, lim, wn, wk)
}

// analysePart is firstPart's analysis: the stem first ends on (-1 for
// none), the affixes its analysis removed, whether an affix analysis found
// it, and false when the split is passed over (a forbidden or only-upcase
// stem as written). No stem begins with more than lim bytes of first
// (stemPrefixes.longest).
func (d *Dict) analysePart(first string, lim, wn int, wk *work) (rv int32, m match, checkedAffix, ok bool) {
	o := d.opt
	m = noMatch
	rv = -1
	if len(first) <= lim {
		rv = d.lookup(first)
	}
	for rv >= 0 && (d.has(rv, o.needAffix) || !(d.has(rv, o.compoundFlag) ||
		(wn == 0 && d.has(rv, o.compoundBegin)) || (wn > 0 && d.has(rv, o.compoundMiddle)))) {
		rv = d.entries[rv].next
	}
	if rv < 0 {
		if o.compoundFlag != 0 {
			m = d.prefixCheckIn(first, lim, cpdBegin, o.compoundFlag, wk)
			if !m.ok() {
				m = d.suffixCheckIn(first, lim, false, nil, 0, o.compoundFlag, cpdBegin, wk)
				if m.ok() && (m.sfx.cont.has(o.compoundForbid) || m.sfx.cont.has(o.compoundEnd)) {
					m = noMatch
				}
			}
		}
		part := o.compoundMiddle
		if wn == 0 {
			part = o.compoundBegin
		}
		if !m.ok() && part != 0 {
			m = d.suffixCheckIn(first, lim, false, nil, 0, part, cpdBegin, wk)
			if !m.ok() {
				m = d.prefixCheckIn(first, lim, cpdBegin, part, wk)
			}
		}
		return m.stem, m, m.ok(), true
	}
	if d.has(rv, o.forbidden) || d.has(rv, onlyUpcaseFlag) {
		return rv, m, false, false
	}
	return rv, m, false, true
}

// A Memo keeps the analyses of the parts of compounds that the Spell
// calls made with it found (SpellWith, SpellEitherWith), for the calls
// after them: a caller checking many related words, as an OCR checker
// does the rewrites of one damaged word (`Gefchäft`, `Gefchaft`,
// `Geschäft`) or words of one text that begin alike, has each split's
// first part analysed again and again, and that analysis is much of a
// compound's cost. An analysis depends only on the part and on whether it
// begins the word (its bound, stemPrefixes.longest of the word cut at the
// part's end, is that of the part); each spends the work units it spent
// when made, and is made again where those would exceed the budget, so
// that a word is refused exactly where it would be without the memo. A
// Memo is not safe for concurrent use; its zero value is ready.
type Memo struct {
	parts [2]map[string]memoDone // by part: [0] in the middle, [1] first
}

// memoDone is a part's analysis (analysePart) and the work units it spent.
type memoDone struct {
	rv      int32
	m       match
	checked bool
	ok      bool
	spent   int
}

// memoMax is the most analyses a Memo keeps of each kind; past it, it
// starts afresh.
const memoMax = 1 << 14

// firstPart is Dict.firstPart through the memo.
func (mm *Memo) firstPart(d *Dict, first string, lim, wn int, wk *work) (int32, match, bool, bool) {
	kind := 0
	if wn == 0 {
		kind = 1
	}
	if p, ok := mm.parts[kind][first]; ok && wk.spent+p.spent <= workBudget {
		wk.spent += p.spent
		return p.rv, p.m, p.checked, p.ok
	}
	before := wk.spent
	rv, m, checked, ok := d.analysePart(first, lim, wn, wk)
	if !wk.exhausted() {
		// an analysis cut short by the budget is not one
		if mm.parts[kind] == nil || len(mm.parts[kind]) >= memoMax {
			mm.parts[kind] = make(map[string]memoDone)
		}
		mm.parts[kind][first] = memoDone{rv: rv, m: m, checked: checked, ok: ok, spent: wk.spent - before}
	}
	return rv, m, checked, ok
}

// stemReach bounds where the part of a first part that an affix analysis
// keeps of word can end: lim (stemPrefixes.longest(word)) for a stem or a
// stem with a suffix; for a stem with a prefix, the prefix and as much of
// the rest, with the prefix's strip before it, as a stem can begin with.
// A first part word[:i] longer than that can only be analysed with a
// suffix that begins at or before it. A suffix can also take all that is
// left after a prefix and some of the prefix's strip; the reach then
// covers the longest suffix.
func (d *Dict) stemReach(word string, lim int) int {
	reach := lim
	d.pfx.prefixKeys(word, func(key string, groups []stripGroup) bool {
		for _, g := range groups {
			n := d.prefixes.longest(g.strip+word[len(key):]) - len(g.strip)
			reach = max(reach, len(key)+n)
			if g.strip != "" {
				reach = max(reach, len(key)+d.sfx.maxAppend)
			}
		}
		return false
	})
	return reach
}

// wordCountOK applies COMPOUNDWORDMAX to a compound whose last part makes
// wn+1 words.
func (d *Dict) wordCountOK(wn int) bool {
	return d.opt.compoundWordMax == -1 || wn+1 < d.opt.compoundWordMax
}

// compoundBounds returns the byte range of split positions that leave at
// least COMPOUNDMIN characters on both sides.
func (d *Dict) compoundBounds(word string) (int, int) {
	cmin := 0
	for k := 0; k < d.opt.compoundMin && cmin < len(word); k++ {
		_, n := utf8.DecodeRuneInString(word[cmin:])
		cmin += n
	}
	cmax := len(word)
	for k := 0; k < d.opt.compoundMin-1 && cmax > 0; k++ {
		_, n := utf8.DecodeLastRuneInString(word[:cmax])
		cmax -= n
	}
	return cmin, cmax
}

// tripleAt reports three equal bytes around the split at i
// (CHECKCOMPOUNDTRIPLE).
func tripleAt(w string, i int) bool {
	if i <= 0 || i >= len(w) || w[i-1] != w[i] {
		return false
	}
	return (i > 1 && w[i-1] == w[i-2]) || (i+1 < len(w) && w[i-1] == w[i+1])
}

// caseBoundary reports an upper-case or caseless character on either side
// of the split at i, unless one is a hyphen (CHECKCOMPOUNDCASE).
func caseBoundary(w string, i int) bool {
	b, _ := utf8.DecodeLastRuneInString(w[:i])
	a, _ := utf8.DecodeRuneInString(w[i:])
	return (unicode.ToUpper(a) == a || unicode.ToUpper(b) == b) && a != '-' && b != '-'
}
