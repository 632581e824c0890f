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
func (d *Dict) affixCheck(w string, needFlag flag, pos cpdPos) match {
	if m := d.prefixCheck(w, pos, needFlag); m.ok() {
		return m
	}
	if m := d.suffixCheck(w, false, nil, 0, needFlag, pos); m.ok() {
		return m
	}
	if len(d.opt.contClasses) == 0 {
		return noMatch
	}
	if m := d.suffixCheckTwoSfx(w, false, nil, needFlag); m.ok() {
		return m
	}
	return d.prefixCheckTwoSfx(w, cpdNot, needFlag)
}

// prefixKeys calls fn with the beginnings of w, shortest (empty) first and
// at character boundaries, that some entry of t appends, until fn returns
// true; it reports whether fn did.
func (t *affixTable) prefixKeys(w string, fn func(key string) bool) bool {
	for k := 0; k <= len(w) && k <= t.maxLen; k++ {
		if k < len(w) && !utf8.RuneStart(w[k]) {
			continue
		}
		if list := t.byAppend[w[:k]]; len(list) > 0 && fn(w[:k]) {
			return true
		}
	}
	return false
}

// suffixKeys is prefixKeys for the ends of w.
func (t *affixTable) suffixKeys(w string, fn func(key string) bool) bool {
	for k := 0; k <= len(w) && k <= t.maxLen; k++ {
		if k > 0 && !utf8.RuneStart(w[len(w)-k]) {
			continue
		}
		if list := t.byAppend[w[len(w)-k:]]; len(list) > 0 && fn(w[len(w)-k:]) {
			return true
		}
	}
	return false
}

// prefixCheck is hunspell's prefix_check.
func (d *Dict) prefixCheck(w string, pos cpdPos, needFlag flag) match {
	o := d.opt
	res := noMatch
	d.pfx.prefixKeys(w, func(key string) bool {
		for _, pe := range d.pfx.byAppend[key] {
			if pos == cpdNot && pe.cont.has(o.onlyInCompound) {
				continue
			}
			if pos == cpdEnd && !pe.cont.has(o.compoundPermit) {
				continue
			}
			if m := d.prefixEntryCheck(pe, w, pos, needFlag); m.ok() {
				res = m
				return true
			}
		}
		return false
	})
	return res
}

// prefixEntryCheck checks w against one prefix entry, alone or (cross
// product) with a suffix.
func (d *Dict) prefixEntryCheck(pe *affix, w string, pos cpdPos, needFlag flag) match {
	tmpl := len(w) - len(pe.appnd)
	if tmpl < 0 || (tmpl == 0 && !d.opt.fullStrip) {
		return noMatch
	}
	root := pe.strip + w[len(pe.appnd):]
	if !pe.cond.matchStart(root) {
		return noMatch
	}
	for h := d.lookup(root); h >= 0; h = d.entries[h].next {
		if d.has(h, pe.flag) && !pe.cont.has(d.opt.needAffix) &&
			(needFlag == 0 || d.has(h, needFlag) || pe.cont.has(needFlag)) {
			return match{stem: h, pfx: pe}
		}
	}
	if pe.cross {
		if m := d.suffixCheck(root, true, pe, 0, needFlag, pos); m.ok() {
			m.pfx = pe
			return m
		}
	}
	return noMatch
}

// suffixCheck is hunspell's suffix_check. cross is set when checking the
// suffix of a word whose prefix ppfx was removed; cclass, when set, is the
// flag of an outer suffix that must be in this suffix's continuation class.
func (d *Dict) suffixCheck(w string, cross bool, ppfx *affix, cclass, needFlag flag, pos cpdPos) match {
	o := d.opt
	pfxCirc := ppfx != nil && ppfx.cont.has(o.circumfix)
	badFlag := o.onlyInCompound
	if pos != cpdNot {
		badFlag = 0
	}
	res := noMatch
	d.sfx.suffixKeys(w, func(key string) bool {
		if key != "" && len(w) == 0 {
			return false
		}
		for _, se := range d.sfx.byAppend[key] {
			if key == "" && cclass != 0 && len(se.cont) == 0 {
				continue
			}
			if pos == cpdBegin && !se.cont.has(o.compoundPermit) {
				continue
			}
			if o.circumfix != 0 && pfxCirc != se.cont.has(o.circumfix) {
				continue
			}
			if pos == cpdNot && se.cont.has(o.onlyInCompound) {
				continue
			}
			if cclass == 0 && se.cont.has(o.needAffix) && (ppfx == nil || ppfx.cont.has(o.needAffix)) {
				continue
			}
			if key != "" && pos == cpdEnd && ppfx == nil && se.cont.has(o.onlyInCompound) {
				continue
			}
			if h := d.suffixEntryCheck(se, w, cross, ppfx, cclass, needFlag, badFlag); h >= 0 {
				res = match{stem: h, sfx: se}
				return true
			}
		}
		return false
	})
	return res
}

// suffixEntryCheck checks w against one suffix entry and returns the stem.
func (d *Dict) suffixEntryCheck(se *affix, w string, cross bool, ppfx *affix, cclass, needFlag, badFlag flag) int32 {
	if cross && !se.cross {
		return -1
	}
	tmpl := len(w) - len(se.appnd)
	if tmpl < 0 || (tmpl == 0 && !d.opt.fullStrip) {
		return -1
	}
	root := w[:tmpl] + se.strip
	if !se.cond.matchEnd(root) {
		return -1
	}
	for h := d.lookup(root); h >= 0; h = d.entries[h].next {
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
// flag is some inner suffix's continuation class.
func (d *Dict) suffixCheckTwoSfx(w string, cross bool, ppfx *affix, needFlag flag) match {
	res := noMatch
	d.sfx.suffixKeys(w, func(key string) bool {
		if key != "" && len(w) == 0 {
			return false
		}
		for _, se := range d.sfx.byAppend[key] {
			if !d.opt.contClasses[se.flag] {
				continue
			}
			if m := d.suffixEntryCheckTwo(se, w, cross, ppfx, needFlag); m.ok() {
				res = m
				return true
			}
		}
		return false
	})
	return res
}

// suffixEntryCheckTwo removes the outer suffix se and looks for an inner
// suffix that allows it.
func (d *Dict) suffixEntryCheckTwo(se *affix, w string, cross bool, ppfx *affix, needFlag flag) match {
	if cross && !se.cross {
		return noMatch
	}
	tmpl := len(w) - len(se.appnd)
	if tmpl < 0 || (tmpl == 0 && !d.opt.fullStrip) {
		return noMatch
	}
	root := w[:tmpl] + se.strip
	if !se.cond.matchEnd(root) {
		return noMatch
	}
	var m match
	if ppfx != nil && !se.cont.has(ppfx.flag) {
		m = d.suffixCheck(root, cross, ppfx, se.flag, needFlag, cpdNot)
	} else {
		m = d.suffixCheck(root, false, nil, se.flag, needFlag, cpdNot)
	}
	return m
}

// prefixCheckTwoSfx is hunspell's prefix_check_twosfx: a prefix with two
// suffixes.
func (d *Dict) prefixCheckTwoSfx(w string, pos cpdPos, needFlag flag) match {
	res := noMatch
	d.pfx.prefixKeys(w, func(key string) bool {
		for _, pe := range d.pfx.byAppend[key] {
			if !pe.cross || pos == cpdBegin {
				continue
			}
			tmpl := len(w) - len(pe.appnd)
			if tmpl < 0 || (tmpl == 0 && !d.opt.fullStrip) {
				continue
			}
			root := pe.strip + w[len(pe.appnd):]
			if !pe.cond.matchStart(root) {
				continue
			}
			if m := d.suffixCheckTwoSfx(root, true, pe, needFlag); m.ok() {
				m.pfx = pe
				res = m
				return true
			}
		}
		return false
	})
	return res
}
