package suggest

import (
	"unicode/utf8"
)

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
// damage of a known word. Verdicts are kept for the document; what does
// not depend on the document (damageFactsOf) is kept across documents.
func (d *ocrDoc) damageExplained(id uint32, ev ocrEvidence) bool {
	if ev.vouched || !d.o.canSuspect() {
		return false
	}
	if v, ok := d.damage[id]; ok && !d.tracing {
		return v // a trace reads the sources again
	}
	v := d.damageSource(id, ev) != ""
	if d.damage == nil {
		d.damage = make(map[uint32]bool)
	}
	d.damage[id] = v
	return v
}

// damageSource returns the word that repeated damage of lexicon word id
// (with counted evidence ev in this document) comes from, or "" when
// there is none or the word is one in its own right.
func (d *ocrDoc) damageSource(id uint32, ev ocrEvidence) string {
	gen, rules := d.o.gen, len(d.o.ch.rules)
	f, ok := d.o.damages.get(id, gen, rules)
	if !ok {
		f = d.damageFactsOf(d.lex.keys[id])
		d.o.damages.put(id, gen, rules, f)
	}
	for _, c := range f {
		if c.general {
			return c.key
		}
		if d.tracing {
			// the counts compared, each without this document's
			d.trace = append(d.trace, id, c.id)
		}
		cev := d.countedEvidence(c.id)
		if !c.known && cev.count < ev.count {
			continue
		}
		if float64(cev.count)*c.p > float64(ev.count)*c.rev {
			return c.key
		}
	}
	return ""
}

// damageSrc is a word one rewrite of the channel damages into a word:
// what the bounds above ask of it that no document changes.
type damageSrc struct {
	key     string
	id      uint32  // its lexicon id, unless general
	general bool    // German's general vocabulary: the original whatever the counts
	known   bool    // listed, or accepted by the dictionary
	p, rev  float64 // the damage from it to the word, and back (damageP)
}

// damageFactsOf returns the words that repeated damage of the folded word
// low may come from, in the channel's order: none when low is a word in
// its own right (the dictionary accepts it, or it is archaic). Words of
// general vocabulary end the list.
func (d *ocrDoc) damageFactsOf(low string) []damageSrc {
	if d.spell(low) {
		return nil
	}
	short := utf8.RuneCountInString(low) < archaicMin
	var out []damageSrc
	d.o.ch.expand(low, low, 1, func(b []byte, rw chRewrite) bool {
		k := string(b)
		if d.o.common.has(k) || !short && d.o.dict != nil && d.spellExact(k) {
			out = append(out, damageSrc{key: k, general: true})
			return false
		}
		id, found := d.lex.idBytes(b)
		if !found {
			return true
		}
		e := d.lex.ents[id]
		if e.flags&lexConfirmed != 0 {
			out = append(out, damageSrc{key: k, general: true})
			return false
		}
		if e.df > 0 {
			out = append(out, damageSrc{key: k, id: id, known: e.flags != 0 || d.spell(k), p: rw.p, rev: d.damageP(k, low)})
		}
		return true
	})
	if len(out) > 0 && archaic(low, d.staticKnown) != "" {
		return nil
	}
	return out
}

// staticKnown is knownWord by the whole corpus, this document included
// (damageFactsOf's verdicts hold in every document), for archaic.
func (d *ocrDoc) staticKnown(k string) bool {
	if id, ok := d.o.lookup(k); ok && (d.lex.ents[id].df > 0 || d.lex.ents[id].flags != 0) {
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

// damageCache keeps damageFactsOf's words by lexicon id.
type damageCache = ruleCache[uint32, []damageSrc]

// newDamageCache returns a damageCache of at most 1 << 18 words.
func newDamageCache() *damageCache { return &damageCache{max: 1 << 18} }
