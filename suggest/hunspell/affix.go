package hunspell

import "unicode/utf8"

// cpdPos tells the affix checks where in a compound a part stands.
type cpdPos int

const (
	cpdNot   cpdPos = iota // not in a compound
	cpdBegin               // first part
	cpdEnd                 // last part
)

// match is the result of an affix analysis: the stem entry (-1 for none)
// and the affixes that were removed.
type match struct {
	stem     int32
	pfx, sfx *affix
}

var noMatch = match{stem: -1}

func (m match) ok() bool { return m.stem >= 0 }

// has reports whether entry i carries flag f.
func (d *Dict) has(i int32, f flag) bool { return d.entries[i].flags.has(f) }

// affixCheck analyses w as a stem with prefixes and suffixes (hunspell's
// affix_check): prefix (optionally with a suffix), suffix, two suffixes,
// prefix with two suffixes. needFlag, when set, must be on the stem or in
// the outer affix's continuation class.
func (d *Dict) affixCheck(w string, needFlag flag, pos cpdPos, wk *work) match {
	if m := d.prefixCheck(w, pos, needFlag, wk); m.ok() {
		return m
	}
	if m := d.suffixCheck(w, false, nil, 0, needFlag, pos, wk); m.ok() {
		return m
	}
	if len(d.opt.contClasses) == 0 {
		return noMatch
	}
	if m := d.suffixCheckTwoSfx(w, false, nil, needFlag, wk); m.ok() {
		return m
	}
	return d.prefixCheckTwoSfx(w, cpdNot, needFlag, wk)
}

// prefixKeys calls fn with the beginnings of w, shortest (empty) first and
// at character boundaries, that some entry of t appends, with their strip
// groups, until fn returns true; it reports whether fn did.
func (t *affixTable) prefixKeys(w string, fn func(key string, groups []stripGroup) bool) bool {
	n := &t.root
	for k := 0; ; k++ {
		if len(n.groups) > 0 && (k == len(w) || utf8.RuneStart(w[k])) && fn(w[:k], n.groups) {
			return true
		}
		if k == len(w) {
			return false
		}
		if n = n.child(w[k]); n == nil {
			return false
		}
	}
}

// suffixKeys is prefixKeys for the ends of w.
func (t *affixTable) suffixKeys(w string, fn func(key string, groups []stripGroup) bool) bool {
	n := &t.root
	for k := 0; ; k++ {
		if len(n.groups) > 0 && (k == 0 || utf8.RuneStart(w[len(w)-k])) && fn(w[len(w)-k:], n.groups) {
			return true
		}
		if k == len(w) {
			return false
		}
		if n = n.child(w[len(w)-1-k]); n == nil {
			return false
		}
	}
}

// stemLen returns the length of w left after removing an affix of n bytes,
// or -1 when nothing (or, without FULLSTRIP, an empty string) is left.
func (d *Dict) stemLen(w string, n int) int {
	tmpl := len(w) - n
	if tmpl < 0 || (tmpl == 0 && !d.opt.fullStrip) {
		return -1
	}
	return tmpl
}

// prefixCheck is hunspell's prefix_check: a prefix alone, or (cross
// product) with a suffix.
func (d *Dict) prefixCheck(w string, pos cpdPos, needFlag flag, wk *work) match {
	return d.prefixCheckIn(w, -1, pos, needFlag, wk)
}

// prefixCheckIn is prefixCheck where, if lim >= 0, no stem begins with
// more than the first lim bytes of w (stemPrefixes.longest).
func (d *Dict) prefixCheckIn(w string, lim int, pos cpdPos, needFlag flag, wk *work) match {
	res := noMatch
	d.pfx.prefixKeys(w, func(key string, groups []stripGroup) bool {
		if d.stemLen(w, len(key)) < 0 {
			return false
		}
		for _, g := range groups {
			tail := w[len(key):]
			root := ""
			rootLim := -1
			h0 := int32(-2) // not looked up yet
			for _, pe := range g.list {
				if !wk.spend(costEntry) {
					return true
				}
				if pos == cpdNot && pe.onlyInCpd {
					continue
				}
				if pos == cpdEnd && !pe.permit {
					continue
				}
				if !pe.cond.matchStartParts(g.strip, tail) {
					continue
				}
				if h0 == -2 {
					root = g.strip + tail
					if key == "" && g.strip == "" && lim >= 0 {
						rootLim = lim // root is w
					} else {
						rootLim = d.prefixes.longest(root)
					}
					h0 = -1
					if len(root) <= rootLim {
						h0 = d.lookup(root)
					}
				}
				for h := h0; h >= 0; h = d.entries[h].next {
					if d.has(h, pe.flag) && !pe.needsAffix &&
						(needFlag == 0 || d.has(h, needFlag) || pe.cont.has(needFlag)) {
						res = match{stem: h, pfx: pe}
						return true
					}
				}
				if pe.cross {
					if m := d.suffixCheckIn(root, rootLim, true, pe, 0, needFlag, pos, wk); m.ok() {
						m.pfx = pe
						res = m
						return true
					}
				}
			}
		}
		return false
	})
	return res
}

// suffixCheck is hunspell's suffix_check. cross is set when checking the
// suffix of a word whose prefix ppfx was removed; cclass, when set, is the
// flag of an outer suffix that must be in this suffix's continuation class.
func (d *Dict) suffixCheck(w string, cross bool, ppfx *affix, cclass, needFlag flag, pos cpdPos, wk *work) match {
	return d.suffixCheckIn(w, d.prefixes.longest(w), cross, ppfx, cclass, needFlag, pos, wk)
}

// suffixCheckIn is suffixCheck where no stem begins with more than the
// first lim bytes of w (stemPrefixes.longest): a suffix that leaves more
// of w than that is not tried, since no stem can follow from it.
func (d *Dict) suffixCheckIn(w string, lim int, cross bool, ppfx *affix, cclass, needFlag flag, pos cpdPos, wk *work) match {
	if len(w)-lim > d.sfx.maxAppend {
		return noMatch // every suffix leaves more than that
	}
	o := d.opt
	pfxCirc := ppfx != nil && ppfx.circ
	badFlag := o.onlyInCompound
	if pos != cpdNot {
		badFlag = 0
	}
	res := noMatch
	d.sfx.suffixKeys(w, func(key string, groups []stripGroup) bool {
		tmpl := d.stemLen(w, len(key))
		if tmpl < 0 || tmpl > lim {
			return false
		}
		for _, g := range groups {
			head := w[:tmpl]
			h0 := int32(-2) // not looked up yet
			list := g.list
			if pos == cpdBegin {
				list = g.permitted
			}
			for _, se := range list {
				if !wk.spend(costEntry) {
					return true
				}
				if key == "" && cclass != 0 && len(se.cont) == 0 {
					continue
				}
				if cclass != 0 && !se.cont.has(cclass) {
					continue
				}
				if cross && !se.cross {
					continue
				}
				if pos == cpdBegin && !se.permit {
					continue
				}
				if pfxCirc != se.circ {
					continue
				}
				if pos == cpdNot && se.onlyInCpd {
					continue
				}
				if cclass == 0 && se.needsAffix && (ppfx == nil || ppfx.needsAffix) {
					continue
				}
				if key != "" && pos == cpdEnd && ppfx == nil && se.onlyInCpd {
					continue
				}
				if !se.cond.matchEndParts(head, g.strip) {
					continue
				}
				if h0 == -2 {
					h0 = d.lookup(head + g.strip)
				}
				if h0 < 0 {
					break
				}
				if h := d.suffixStem(se, h0, cross, ppfx, cclass, needFlag, badFlag); h >= 0 {
					res = match{stem: h, sfx: se}
					return true
				}
			}
		}
		return false
	})
	return res
}

// suffixStem returns the first homonym from h that takes suffix se.
func (d *Dict) suffixStem(se *affix, h int32, cross bool, ppfx *affix, cclass, needFlag, badFlag flag) int32 {
	for ; h >= 0; h = d.entries[h].next {
		if !(d.has(h, se.flag) || (ppfx != nil && ppfx.cont.has(se.flag))) {
			continue
		}
		if cross && !(ppfx != nil && (d.has(h, ppfx.flag) || se.cont.has(ppfx.flag))) {
			continue
		}
		if cclass != 0 && !se.cont.has(cclass) {
			continue
		}
		if badFlag != 0 && d.has(h, badFlag) {
			continue
		}
		if needFlag != 0 && !d.has(h, needFlag) && !se.cont.has(needFlag) {
			continue
		}
		return h
	}
	return -1
}

// suffixCheckTwoSfx is hunspell's suffix_check_twosfx: an outer suffix whose
// flag is in some inner suffix's continuation class.
func (d *Dict) suffixCheckTwoSfx(w string, cross bool, ppfx *affix, needFlag flag, wk *work) match {
	res := noMatch
	limW := -1 // stemPrefixes.longest(w), once needed
	d.sfx.suffixKeys(w, func(key string, groups []stripGroup) bool {
		tmpl := d.stemLen(w, len(key))
		if tmpl < 0 {
			return false
		}
		for _, g := range groups {
			root := ""
			lim := -1
			for _, se := range g.list {
				if !wk.spend(costEntry) {
					return true
				}
				if !se.inCont || (cross && !se.cross) {
					continue
				}
				if root == "" {
					root = w[:tmpl] + g.strip
				}
				if !se.cond.matchEnd(root) {
					continue
				}
				if lim < 0 {
					// root is a beginning of w when nothing is stripped
					if g.strip == "" {
						if limW < 0 {
							limW = d.prefixes.longest(w)
						}
						lim = min(tmpl, limW)
					} else {
						lim = d.prefixes.longest(root)
					}
				}
				var m match
				if ppfx != nil && !se.cont.has(ppfx.flag) {
					m = d.suffixCheckIn(root, lim, cross, ppfx, se.flag, needFlag, cpdNot, wk)
				} else {
					m = d.suffixCheckIn(root, lim, false, nil, se.flag, needFlag, cpdNot, wk)
				}
				if m.ok() {
					res = m
					return true
				}
			}
		}
		return false
	})
	return res
}

// prefixCheckTwoSfx is hunspell's prefix_check_twosfx: a prefix with two
// suffixes.
func (d *Dict) prefixCheckTwoSfx(w string, pos cpdPos, needFlag flag, wk *work) match {
	res := noMatch
	d.pfx.prefixKeys(w, func(key string, groups []stripGroup) bool {
		if d.stemLen(w, len(key)) < 0 {
			return false
		}
		for _, g := range groups {
			root := g.strip + w[len(key):]
			for _, pe := range g.list {
				if !wk.spend(costEntry) {
					return true
				}
				if !pe.cross || pos == cpdBegin || !pe.cond.matchStart(root) {
					continue
				}
				if m := d.suffixCheckTwoSfx(root, true, pe, needFlag, wk); m.ok() {
					m.pfx = pe
					res = m
					return true
				}
			}
		}
		return false
	})
	return res
}
