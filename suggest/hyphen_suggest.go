package suggest

import "unicode/utf8"

// Scores of a joined line-end break whose joined word has no OCR fix.
const (
	hyphenKnownScore   = 0.99 // the joined word is attested in the corpus
	hyphenUnknownScore = 0.8  // it is not, but a lower-case continuation rarely keeps its hyphen
)

// hyphenSuggestion proposes joining a word broken at a line end: a, a
// hyphen, a line break, and b (which starts in lower case). The span covers
// both parts and the break; the candidates are the joined word, corrected
// first when the join is itself OCR damage (`ge-` / `gruindet` →
// `gegründet`). Nothing is proposed when the corpus knows the hyphenated
// form and not the joined one (`E-` / `mail`... as `E-mail`), or when both
// parts are words and the join is not (`Print-` / `und TV-Medien`).
func (d *ocrDoc) hyphenSuggestion(doc, text string, a, b Token) (Suggestion, bool) {
	joined := a.Text + b.Text
	low := lexFold(joined)
	s := Suggestion{
		Doc: doc, Start: a.Start, End: b.End, Text: text[a.ByteStart:b.ByteEnd], Kind: KindHyphen,
	}
	jev := d.evidence(low)
	if jev.trusted {
		s.Candidates = []Candidate{{Text: joined, Score: hyphenKnownScore}}
		s.Reason = "word broken at line end; joined gives " + joined + " (" + ocrTimes(jev.count+jev.local) + " in corpus)"
		return s, true
	}
	if d.trusted(lexFold(a.Text + "-" + b.Text)) {
		return Suggestion{}, false
	}
	if m, ok := ocrModernLetters(joined); ok && d.longS && (d.trusted(lexFold(m)) || d.spell(m)) {
		// joined as the text spells (ocrLongSText), not modernised
		s.Candidates = []Candidate{{Text: joined, Score: hyphenKnownScore}}
		s.Reason = "word broken at line end; joined gives " + joined + " (" + m + " in this text's spelling)"
		return s, true
	}
	if v := d.judge(low, joined); v.flagged {
		s.Candidates = d.candidates(v, joined, joined)
		s.Reason = "word broken at line end; " + d.fixPhrase(v.cands[0], joined)
		return s, true
	}
	if cands, ok := d.suspect(low, joined, jev); ok && len(cands) > 0 {
		s.Candidates = append(d.suspectCandidates(cands, joined), Candidate{Text: joined, Score: 0})
		s.Reason = "word broken at line end; " + d.suspectReason(cands, joined)
		return s, true
	}
	if d.trusted(lexFold(a.Text)) && d.trusted(lexFold(b.Text)) {
		return Suggestion{}, false
	}
	s.Candidates = []Candidate{{Text: joined, Score: hyphenUnknownScore}}
	s.Reason = "word broken at line end; joined gives " + joined
	if parts := morphCompound(low, morphMinPart, d.trusted); parts != nil {
		s.Reason += " (compound of " + ocrJoinParts(parts) + ")"
	} else {
		s.Reason += " (not in lexicon)"
	}
	return s, true
}

// misreadHyphen proposes joining a word whose line-end hyphen the scanner
// misread (`zukünfti«` / `gen`) or lost (`vor` / `handen`, lost true),
// when the joined word is known and a part alone is not.
func (d *ocrDoc) misreadHyphen(doc, text string, a, b Token, lost bool) (Suggestion, bool) {
	joined := a.Text + b.Text
	low := lexFold(joined)
	if !d.knownWord(low) && !d.spell(joined) || d.knownWord(lexFold(a.Text)) && d.knownWord(lexFold(b.Text)) {
		return Suggestion{}, false
	}
	// without a mark, only a word known as a whole (not one the
	// dictionary's compounding builds) of parts that are no debris
	if lost && (a.Letters < 2 || b.Letters < 3 || !d.wordOnItsOwn(low)) {
		return Suggestion{}, false
	}
	reason := "word broken at line end, its hyphen misread; joined gives " + joined
	if lost {
		reason = "word broken at line end, its hyphen lost; joined gives " + joined
	}
	return Suggestion{
		Doc: doc, Start: a.Start, End: b.End, Text: text[a.ByteStart:b.ByteEnd], Kind: KindHyphen,
		Candidates: []Candidate{{Text: joined, Score: hyphenUnknownScore}},
		Reason:     reason,
	}, true
}

// hyphenAsLetter reports whether r is a letter that a scanner reads for a
// line-end hyphen: Fraktur's double hyphen (⸗) comes out as `s` or `e`
// (`Unmüns` / `digkeit`, `Unmüne` / `digkeit`), and as `z`.
func hyphenAsLetter(r rune) bool { return r == 's' || r == 'e' || r == 'z' }

// letterHyphen proposes joining a word broken at the line end whose hyphen
// the scanner read as a letter (`Unmüns` / `digkeit`): a, unknown, ends in
// such a letter, b continues in lower case on the next line, and a less
// that letter joined with b is a word — as it stands, or mended by the
// OCR channel (`Mens` / `fchen`: Menschen).
func (d *ocrDoc) letterHyphen(doc, text string, a, b Token) (Suggestion, bool) {
	r, n := utf8.DecodeLastRuneInString(a.Text)
	if !hyphenAsLetter(r) || a.Letters < 3 || b.Letters < 2 || a.HasHyphen || b.HasHyphen || a.HasApost || b.HasApost {
		return Suggestion{}, false
	}
	if d.knownWord(lexFold(a.Text)) {
		return Suggestion{}, false // a word of its own at the line's end
	}
	joined := a.Text[:len(a.Text)-n] + b.Text
	low := lexFold(joined)
	fix, how := "", ""
	switch {
	case d.wordOnItsOwn(low):
		fix = joined
	case d.knownWord(lexFold(b.Text)):
		// the next line starts with a word: a join that needs mending
		// too is more likely a coincidence
		return Suggestion{}, false
	default:
		if v := d.judge(low, joined); v.flagged && d.wordOnItsOwn(v.cands[0].key) {
			fix, how = ocrCase(v.cands[0].key, joined), d.fixPhrase(v.cands[0], joined)
		} else if cands, ok := d.suspect(low, joined, d.evidence(low)); ok && len(cands) > 0 && cands[0].cost <= susCheap && d.wordOnItsOwn(lexFold(cands[0].key)) {
			fix, how = d.suspectCandidates(cands[:1], joined)[0].Text, d.suspectReason(cands[:1], joined)
		} else {
			return Suggestion{}, false
		}
	}
	reason := "word broken at line end, its hyphen read as “" + string(r) + "”; joined gives " + fix
	if how != "" {
		reason = "word broken at line end, its hyphen read as “" + string(r) + "”; " + how
	}
	return Suggestion{
		Doc: doc, Start: a.Start, End: b.End, Text: text[a.ByteStart:b.ByteEnd], Kind: KindHyphen,
		Candidates: []Candidate{{Text: fix, Score: hyphenUnknownScore}},
		Reason:     reason,
	}, true
}

// wordOnItsOwn reports whether the folded word k is known as a whole: in
// the corpus or a word list, or an inflected form of the dictionary's, not
// a compound its rules build. A join across a line end is proposed only
// as such a word.
func (d *ocrDoc) wordOnItsOwn(k string) bool { return d.trusted(k) || d.inflected(k) }
