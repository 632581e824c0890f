package hunspell

import (
	"slices"
	"strings"
)

// Forms calls fn for every surface form the dictionary generates from its
// stems and affixes, without compounding, until fn returns false: each
// stem that may stand alone, with one suffix, with two suffixes (a
// continuation class), with a prefix, and with a prefix and a suffix (cross
// product). Forms that are only valid inside compounds (ONLYINCOMPOUND),
// that need a further affix (NEEDAFFIX, CIRCUMFIX) or that are forbidden are
// left out. Duplicates of one stem are removed; the same form from two
// stems comes twice (under 2 % for de_DE). OCONV is applied. For de_DE about
// a sixth of the forms begin with a hyphen ("-äbte", from the PFX m rules
// that de_DE has for hyphenated compounds); a caller that indexes
// candidates may want to drop them.
func (d *Dict) Forms(fn func(form string) bool) {
	var buf []string
	for i := range d.entries {
		buf = d.stemForms(int32(i), buf[:0])
		slices.Sort(buf)
		buf = slices.Compact(buf)
		for _, f := range buf {
			if len(d.opt.oconv) > 0 {
				f = convert(f, d.opt.oconv)
			}
			if !fn(f) {
				return
			}
		}
	}
}

// stemForms appends the forms of entry i to out.
func (d *Dict) stemForms(i int32, out []string) []string {
	o := d.opt
	e := &d.entries[i]
	if e.flags.has(o.forbidden) || e.flags.has(onlyUpcaseFlag) || e.flags.has(o.onlyInCompound) {
		return out
	}
	add := func(f string) {
		if !d.forbiddenWords[f] {
			out = append(out, f)
		}
	}
	if !e.flags.has(o.needAffix) {
		add(e.word)
	}
	for _, f := range e.flags {
		for _, se := range d.sfx.byFlag(f) {
			form, ok := d.applySuffix(se, e.word)
			if !ok || se.cont.has(o.onlyInCompound) {
				continue
			}
			if !se.cont.has(o.needAffix) && !se.cont.has(o.circumfix) {
				add(form)
			}
			for _, g := range se.cont {
				for _, outer := range d.sfx.byFlag(g) {
					form2, ok := d.applySuffix(outer, form)
					if ok && !outer.cont.has(o.onlyInCompound) && !outer.cont.has(o.needAffix) && !outer.cont.has(o.circumfix) {
						add(form2)
					}
				}
			}
		}
	}
	for _, f := range e.flags {
		for _, pe := range d.pfx.byFlag(f) {
			form, ok := d.applyPrefix(pe, e.word)
			if !ok || pe.cont.has(o.onlyInCompound) {
				continue
			}
			if !pe.cont.has(o.needAffix) {
				add(form)
			}
			if pe.cross {
				d.crossForms(e, pe, add)
			}
		}
	}
	return out
}

// crossForms adds the forms of stem e with prefix pe and one suffix.
func (d *Dict) crossForms(e *entry, pe *affix, add func(string)) {
	o := d.opt
	for _, flags := range []flagSet{e.flags, pe.cont} {
		for _, f := range flags {
			for _, se := range d.sfx.byFlag(f) {
				if !se.cross || se.cont.has(o.onlyInCompound) {
					continue
				}
				if o.circumfix != 0 && pe.cont.has(o.circumfix) != se.cont.has(o.circumfix) {
					continue
				}
				if se.cont.has(o.needAffix) && pe.cont.has(o.needAffix) {
					continue
				}
				if sform, ok := d.applySuffix(se, e.word); ok {
					if form, ok := d.applyPrefix(pe, sform); ok {
						add(form)
					}
				}
			}
		}
	}
}

// applySuffix returns w with suffix se, if its strip and condition fit.
func (d *Dict) applySuffix(se *affix, w string) (string, bool) {
	if len(w) < len(se.strip) || (len(w) == len(se.strip) && !d.opt.fullStrip) ||
		!strings.HasSuffix(w, se.strip) || !se.cond.matchEnd(w) {
		return "", false
	}
	return w[:len(w)-len(se.strip)] + se.appnd, true
}

// applyPrefix returns w with prefix pe, if its strip and condition fit.
func (d *Dict) applyPrefix(pe *affix, w string) (string, bool) {
	if len(w) < len(pe.strip) || (len(w) == len(pe.strip) && !d.opt.fullStrip) ||
		!strings.HasPrefix(w, pe.strip) || !pe.cond.matchStart(w) {
		return "", false
	}
	return pe.appnd + w[len(pe.strip):], true
}
