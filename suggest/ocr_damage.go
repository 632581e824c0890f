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
//   - the source must be a word the damage hypothesis may take as the
//     original: a confirmed fix or one of German's common words, whatever
//     its count in the corpus (a Fraktur corpus may never write `ist`
//     right); one a word list has or the dictionary accepts, for a word
//     of archaicMin letters or more (a short word has too many neighbours
//     that lists know: `of` beside `os`); or, when the
//     corpus alone knows both, the more frequent of the two, since a
//     rewrite's weight never passes chLearnedMax (half the occurrences);
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
	d.o.ch.expand(low, low, 1, func(b []byte, _ chRewrite) bool {
		if d.damageOrigin(b, ev, short) {
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

// damageOrigin reports whether the folded word b may be the original of
// a damaged word with counted evidence ev (see the bounds above); short
// tells that the damaged word is too short for the dictionary alone to
// name its original.
func (d *ocrDoc) damageOrigin(b []byte, ev ocrEvidence, short bool) bool {
	id, found := d.lex.idBytes(b)
	if found {
		cev := d.countedEvidence(id)
		if cev.trusted && cev.count >= ev.count || d.lex.ents[id].flags&lexConfirmed != 0 || cev.vouched && !short {
			return true
		}
	}
	k := string(b)
	return d.o.common.has(k) || !short && d.spell(k)
}

// countedKnown is knownWord by counts and flags alone, for archaic inside
// damageSource (knownWord would ask damageSource again).
func (d *ocrDoc) countedKnown(k string) bool {
	if id, ok := d.o.lookup(k); ok && d.countedEvidence(id).trusted {
		return true
	}
	return d.spell(k)
}
