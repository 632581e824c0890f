package suggest

import "unicode/utf8"

// Systematic damage is counted like a word. One scanner, one font or one
// template repeats the same misreading in every copy (`ift` for `ist` in a
// Fraktur corpus, `Kdln` for `Köln` in every letter of a firm), so the
// damaged form recurs across documents, sometimes more often than the
// right one. Its count then says only that the damage is systematic, not
// that the word is right.
//
// The channel model explains the count of a word w by damage of a source
// c one rewrite away: count(w) ≈ count(c) · r, where r is the rate of that
// damage in this corpus. The table's rates are priors for one misreading;
// a systematic one reaches any rate the corpus shows, which can be fitted
// to explain every occurrence of w, leaving no evidence for w itself. Two
// things bound that fit:
//   - the source c must be a word the damage hypothesis may take as the
//     original. German's general vocabulary qualifies whatever its count
//     in the corpus (a Fraktur corpus may never write `ist` or `sieht`
//     right): a common word, a confirmed fix, or, when w has archaicMin
//     letters or more, a word the dictionary accepts in small letters (a
//     short word has too many neighbours the dictionary knows). Any other
//     word must be written elsewhere in the corpus, its damage explaining
//     w better than w's damage explains it: count(c) · p(c→w)
//     above count(w) · p(w→c), the second priced at a generic edit
//     (ocrEditP) when no rewrite of the channel turns c into w. A name or
//     noun a word list has or the dictionary accepts may be the rarer of
//     the two (`Bündnis` beside its damage `Biindnis`), but a corpus that
//     never writes `Alster` does not make `Alfter` its damage; a form
//     only the corpus knows must be at least as frequent as w, since a
//     rewrite's weight never passes chLearnedMax (`Lockclowns` is damage
//     of `Lockdowns`, not the reverse);
//   - w itself must be a word nothing but its count vouches for: the
//     dictionary refuses it, no list or confirmed fix has it, and it is
//     not a historical spelling of a known word (archaic).
//
// Such a word keeps no evidence from its count: it is judged as a word
// seen nowhere else (novelty), and it supports no fix of other words. A
// name or a domain term with no source one rewrite away (`Chongqing`) is
// untouched, and so is every word when there is no dictionary or large
// word list to tell refused words from accepted ones (canSuspect).

// damageExplained reports whether the outside count of lexicon word id
// (ev, its counted evidence in this document) is explained as systematic
// damage of a known word. Verdicts are kept for the document.
func (d *ocrDoc) damageExplained(id uint32, ev ocrEvidence) bool {
	if ev.vouched || !d.o.canSuspect() {
		return false
	}
	if v, ok := d.damage[id]; ok {
		return v
	}
	v := d.damageSource(d.lex.keys[id], ev) != ""
	if d.damage == nil {
		d.damage = make(map[uint32]bool)
	}
	d.damage[id] = v
	return v
}

// damageSource returns the known word that one rewrite of the channel
// damages into the folded word low (with counted evidence ev), or "" when
// there is none or low is a word in its own right.
func (d *ocrDoc) damageSource(low string, ev ocrEvidence) string {
	if d.spell(low) {
		return ""
	}
	src, short := "", utf8.RuneCountInString(low) < archaicMin
	d.o.ch.expand(low, low, 1, func(b []byte, rw chRewrite) bool {
		if d.damageOrigin(low, b, rw.p, ev, short) {
			src = string(b)
			return false
		}
		return true
	})
	if src == "" || archaic(low, d.countedKnown) != "" {
		return ""
	}
	return src
}

// damageOrigin reports whether the folded word b, which damage of
// probability p turns into low (with counted evidence ev), may be the
// original of low (see the bounds above); short tells that low is too
// short for the dictionary or a list alone to name its original.
func (d *ocrDoc) damageOrigin(low string, b []byte, p float64, ev ocrEvidence, short bool) bool {
	k := string(b)
	if d.o.common.has(k) || !short && d.o.dict != nil && d.spellExact(k) {
		return true
	}
	id, found := d.lex.idBytes(b)
	if !found {
		return false
	}
	if d.lex.ents[id].flags&lexConfirmed != 0 {
		return true
	}
	cev := d.countedEvidence(id)
	if !cev.vouched && !d.spell(k) && cev.count < ev.count {
		return false
	}
	return float64(cev.count)*p > float64(ev.count)*d.damageP(k, low)
}

// countedKnown is knownWord by counts and flags alone, for archaic inside
// damageSource (knownWord would ask damageSource again).
func (d *ocrDoc) countedKnown(k string) bool {
	if id, ok := d.o.lookup(k); ok && d.countedEvidence(id).trusted {
		return true
	}
	return d.spell(k)
}

// damageP is the probability that the channel's damage turns the folded
// word from into to by one rewrite, or a generic edit's (ocrEditP) when
// none does.
func (d *ocrDoc) damageP(from, to string) float64 {
	p := ocrEditP
	d.o.ch.expand(from, from, 1, func(b []byte, rw chRewrite) bool {
		if string(b) == to {
			p = max(p, rw.p)
		}
		return true
	})
	return p
}
