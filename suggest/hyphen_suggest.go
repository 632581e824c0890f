package suggest

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
	if v := d.judge(low, joined); v.flagged {
		s.Candidates = d.candidates(v, joined, joined)
		s.Reason = "word broken at line end; " + d.fixPhrase(v.cands[0], joined)
		return s, true
	}
	if cands, ok := d.suspect(low, joined, jev); ok && len(cands) > 0 {
		s.Candidates = append(d.suspectCandidates(cands, joined), Candidate{Text: joined, Score: 0})
		s.Reason = "word broken at line end; " + suspectReason(cands, joined)
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
	if lost && (a.Letters < 2 || b.Letters < 3 || !d.trusted(low) && !d.inflected(low)) {
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
