package suggest

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"
)

// Suggest returns the ocr and hyphen suggestions for one document, sorted
// by Start. text is the stored text and anns its annotations: a span that
// a correction or mark overlaps is not suggested, nor one the reviewer
// rejected (an annotation of kind rejected with the same span whose Label is
// the suggestion's kind). The lexicon is expected to have counted this
// document's corrected text; its own occurrences are discounted.
func (o *OCR) Suggest(doc, text string, anns []annot.Annotation) []Suggestion {
	return o.SuggestConf(doc, text, anns, nil)
}

// SuggestConf is Suggest for a page whose OCR engine gave each word a
// confidence (conf, spans of text in code points, from hOCR, ALTO or
// PAGE): a word the engine doubted is a suspect on less evidence, and an
// unknown word it was sure of, with no fix in reach, is a rare word
// rather than damage.
func (o *OCR) SuggestConf(doc, text string, anns []annot.Annotation, conf []WordConf) []Suggestion {
	maps := o.docs.get()
	defer o.docs.put(maps)
	out, _ := o.suggestConf(maps, doc, text, anns, conf)
	return out
}

// suggestConf is SuggestConf that also returns the tokens of text, for
// the twin check to reuse (they are maps.toks, good until maps is put
// back). The document's own maps are maps'.
func (o *OCR) suggestConf(maps *docMaps, doc, text string, anns []annot.Annotation, conf []WordConf) ([]Suggestion, []Token) {
	o.busy.Add(1)
	defer o.busy.Add(-1)
	o.ensureIndex()
	o.mu.RLock()
	defer o.mu.RUnlock()
	o.lex.mu.RLock()
	defer o.lex.mu.RUnlock()

	d := &ocrDoc{o: o, lex: o.lex, local: maps.local, newer: maps.newer, memo: maps.memo, written: maps.written, pairsBuf: maps.pairs, docFacts: maps.facts}
	maps.factsGen, maps.factsRules = o.gen, len(o.ch.rules)
	maps.toks = appendTokens(maps.toks[:0], text)
	toks := maps.toks
	d.text, d.words = text, toks
	if len(annot.Corrections(anns)) > 0 {
		lexWords(annot.Apply(text, anns).Text, d.count)
	} else {
		lexWordsOf(text, toks, d.count)
	}
	f := newOCRFilter(anns)

	if o.bigrams != nil {
		// its pairs are counted when a real word needs them
		d.corrected, d.toks, d.inPairs = text, toks, o.bigrams.has(doc)
		if len(annot.Corrections(anns)) > 0 {
			d.corrected, d.toks = annot.Apply(text, anns).Text, nil
		}
	}
	d.blind = ocrUmlautBlind(text)
	d.longS = ocrLongSText(toks)
	d.foreignDoc = d.inForeignLanguage()
	confs := newConfCursor(conf)
	var items []ocrItem
	if helpers := o.helpersFor(d); helpers > 0 {
		// a document of many words new to o: their verdicts kept across
		// documents are made on every core (ocr_parallel.go)
		items = d.scanHelped(doc, toks, confs, helpers)
	} else {
		items = d.scan(doc, toks, 0, len(toks), confs, nil)
	}
	// What the reviewer has dealt with (corrected, marked, rejected) goes
	// before the document is weighed: a fix of a word the engine did not
	// flag must not tip a clean page into a damaged one, bringing its
	// rare words up as suspects, nor a rejected suggestion count as damage.
	items = slices.DeleteFunc(items, func(it ocrItem) bool { return !f.allows(it.s) })
	items = ocrDropClean(items, ocrWordCount(toks))
	items = ocrMergeGarbled(text, ocrMergeGarbledLines(text, toks, ocrLowerAlone(ocrDropForeignRuns(items), len(toks))))
	out := make([]Suggestion, 0, len(items))
	for _, it := range items {
		if f.allows(it.s) { // a garbled run merged across what was dealt with
			it.s.Likelihood = likelihoodOf(it.s)
			out = append(out, it.s)
		}
	}
	return out, toks
}

// scan judges the tokens of d.text from token from on, starting each
// word at a token before to (a word may run past to: a hyphen at a line
// end, noise glyphs inside), and appends what it finds to items in text
// order. confs gives the OCR engine's confidences, read in text order.
func (d *ocrDoc) scan(doc string, toks []Token, from, to int, confs *confCursor, items []ocrItem) []ocrItem {
	text := d.text
	for i := from; i < to; i++ {
		if d.reached != nil {
			d.reached.Store(int64(i))
		}
		t := toks[i]
		d.tok, d.quiet, d.weak, d.unknown, d.name, d.joined, d.conf = i, false, false, false, false, false, -1
		if i+1 < len(toks) && hyphenBreak(text, t, toks[i+1]) && hyphenLowerNext(toks[i+1]) {
			if s, ok := d.hyphenSuggestion(doc, text, t, toks[i+1]); ok {
				items = append(items, ocrItem{s: s, tok: i, last: i + 1})
			}
			i++
			continue
		}
		if j := ocrNoiseJoin(text, toks, i); j > i {
			t = ocrJoinTokens(text, toks[i], toks[j])
			i = j
		}
		last := i
		if ocrInLink(text, t) {
			continue
		}
		// the word's place, which a join across the line end judges by too
		d.first = ocrSentenceStart(text, toks, d.tok)
		d.afterStop = ocrAfterFullStop(text, toks, d.tok)
		d.afterNumber = d.tok > 0 && toks[d.tok-1].Letters == 0 && strings.TrimSpace(text[toks[d.tok-1].ByteEnd:toks[d.tok].ByteStart]) == ""
		d.next, d.prev = ocrRuneAt(text, t.ByteEnd), ocrRuneBefore(text, t.ByteStart)
		d.abbrev = d.next == '.'
		d.conf = confs.at(t.Start, t.End)
		if i+1 < len(toks) && (hyphenMisread(text, t, toks[i+1]) || hyphenLost(text, t, toks[i+1])) {
			lost := hyphenLost(text, t, toks[i+1])
			s, ok := d.misreadHyphen(doc, text, t, toks[i+1], lost)
			if !ok && lost {
				s, ok = d.letterHyphen(doc, text, t, toks[i+1])
			}
			if ok {
				items = append(items, ocrItem{s: s, tok: i, last: i + 1})
				i++
				continue
			}
		}
		n := len(items)
		d.tokenSuggestions(doc, t, func(s Suggestion) {
			items = append(items, ocrItem{s: s, tok: d.tok, last: last, quiet: d.quiet, weak: d.weak, unknown: d.unknown, prefix: d.prefix,
				name: d.name, joined: d.joined, doubted: d.doubtedUnknown(), costShare: d.costShare})
			d.unknown, d.name, d.joined, d.costShare = false, false, false, 0
		})
		if len(items) == n && last == i && d.o.bigrams != nil {
			if s, ok := d.realWordSuggestion(doc, text, toks, i); ok {
				items = append(items, ocrItem{s: s, tok: i, last: i})
			}
		}
	}
	return items
}

// ocrInLink reports whether t is part of a URL, an e-mail address or a
// path: its run of non-blank text holds `://`, starts with `www.`, or has
// an `@` or a `/` and a dot after it.
func ocrInLink(text string, t Token) bool {
	a, b := t.ByteStart, t.ByteEnd
	for a > 0 && !ocrBlank(text[a-1]) {
		a--
	}
	for b < len(text) && !ocrBlank(text[b]) {
		b++
	}
	if !ocrLinkish(text[a:b]) {
		return false // the common case, a word: one pass over its bytes
	}
	chunk := strings.TrimLeft(text[a:b], "(<[\"'„“")
	if strings.Contains(chunk, "://") || strings.HasPrefix(chunk, "www.") {
		return true
	}
	for _, sep := range []string{"@", "/"} {
		if k := strings.Index(chunk, sep); k > 0 && strings.Contains(strings.TrimRight(chunk[k:], ".,;:)!?\"'“"), ".") {
			return true
		}
	}
	return false
}

// ocrLinkish reports whether s has what ocrInLink looks for: a `:`, an
// `@`, a `/` or `www.`. Without them it is no link.
func ocrLinkish(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':', '@', '/':
			return true
		case 'w':
			if strings.HasPrefix(s[i:], "www.") {
				return true
			}
		}
	}
	return false
}

// ocrBlank reports whether the byte c is white space.
func ocrBlank(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// ocrNoise reports whether r is a glyph OCR puts inside a word for a
// letter it could not read: `re<Ht` for `recht`, `au@erdem` for `außerdem`.
func ocrNoise(r rune) bool {
	switch r {
	case '<', '>', '@', '«', '»', '|', '^', '{', '}', '¢', '§':
		return true
	}
	return false
}

// ocrNoiseJoin returns the index of the last token that token i joins
// through single noise glyphs with no blank, or i.
func ocrNoiseJoin(text string, toks []Token, i int) int {
	j := i
	for j+1 < len(toks) && j-i < 3 {
		gap := text[toks[j].ByteEnd:toks[j+1].ByteStart]
		r, n := utf8.DecodeRuneInString(gap)
		if n != len(gap) || !ocrNoise(r) {
			break
		}
		j++
	}
	return j
}

// ocrJoinTokens makes one token of a through b.
func ocrJoinTokens(text string, a, b Token) Token {
	t := Token{Text: text[a.ByteStart:b.ByteEnd], Start: a.Start, End: b.End, ByteStart: a.ByteStart, ByteEnd: b.ByteEnd}
	for _, r := range t.Text {
		tokCount(&t, r)
	}
	return t
}

// ocrFilter drops suggestions on spans the reviewer already handled.
type ocrFilter struct {
	handled  spansByStart[annot.Span] // corrections and marks
	rejected map[ocrRejectKey]bool
}

type ocrRejectKey struct {
	span annot.Span
	kind Kind
}

func newOCRFilter(anns []annot.Annotation) *ocrFilter {
	f := &ocrFilter{rejected: make(map[ocrRejectKey]bool)}
	var handled []annot.Span
	for _, a := range anns {
		switch a.Kind {
		case annot.KindCorrection, annot.KindMark:
			handled = append(handled, a.Span())
		case annot.KindRejected:
			f.rejected[ocrRejectKey{a.Span(), Kind(a.Label)}] = true
		}
	}
	f.handled = newSpansByStart(handled, func(sp annot.Span) annot.Span { return sp })
	return f
}

func (f *ocrFilter) allows(s Suggestion) bool {
	sp := annot.Span{Start: s.Start, End: s.End}
	if f.rejected[ocrRejectKey{sp, s.Kind}] {
		return false
	}
	for h := range f.handled.near(sp) {
		if h.Overlaps(sp) || h.Len() == 0 && sp.Start <= h.Start && h.Start < sp.End {
			return false
		}
	}
	return true
}

// tokenSuggestions emits the ocr suggestion for t, or for the parts of a
// hyphenated t that the corpus does not know as a whole.
func (d *ocrDoc) tokenSuggestions(doc string, t Token, emit func(Suggestion)) {
	if t.HasApost {
		return // names and elisions (Bao’an, geht's)
	}
	if !t.HasHyphen {
		if s, ok := d.wordSuggestion(doc, t.Text, t.Start, t.End); ok {
			emit(s)
		}
		return
	}
	if d.trusted(lexFold(t.Text)) {
		return
	}
	d.part = true
	defer func() { d.part = false }()
	start, cp, from := t.Start, t.Start, 0
	for i, r := range t.Text {
		if hyphenMark(r) {
			d.prefix = true
			if s, ok := d.wordSuggestion(doc, t.Text[from:i], start, cp); ok {
				emit(s)
			}
			d.prefix = false
			start, from = cp+1, i+utf8.RuneLen(r)
		}
		cp++
	}
	if s, ok := d.wordSuggestion(doc, t.Text[from:], start, cp); ok {
		emit(s)
	}
}

// wordSuggestion judges one word at [start, end) and makes a suggestion of
// it if it is suspicious.
func (d *ocrDoc) wordSuggestion(doc, w string, start, end int) (Suggestion, bool) {
	if d.claims != nil && !d.claims.take(w, d) {
		return Suggestion{}, false // a helper's, another helper judges w
	}
	if ocrOtherScript(w) {
		return Suggestion{}, false
	}
	if utf8.RuneCountInString(w) == 1 {
		return d.singleSuggestion(doc, w, start, end)
	}
	if s, ok := d.capitalSuggestion(doc, w, start, end); ok {
		return s, true
	}
	if !ocrCheckable(w) {
		return d.capitalsSuggestion(doc, w, start, end)
	}
	if d.longS {
		if m, ok := ocrModernLetters(w); ok && (d.knownClean(m) || d.spell(m)) {
			return Suggestion{}, false // spelled as the text spells (ocrLongSText)
		}
	}
	if !d.blind && !d.doubted() && utf8.RuneCountInString(w) > susShort && d.knownClean(w) {
		return Suggestion{}, false
	}
	v := d.judgeWord(w)
	low := v.low
	if _, learned := d.o.learned[low]; !v.flagged || d.o.canSuspect() && !v.ev.trusted && !learned {
		if !v.flagged && d.abbrev && !v.ev.trusted && !v.ev.vouched && !d.spellWord(w) && d.abbreviates(low) {
			return Suggestion{}, false
		}
		d.word = v
		cands, ok := d.suspect(low, w, v.ev)
		d.word = nil
		if !ok {
			if fix := d.blindFix(low); fix != "" {
				return Suggestion{
					Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR,
					Candidates: []Candidate{{Text: ocrCase(fix, w), Score: 0.7}, {Text: w, Score: 0.3}},
					Reason:     "this scan shows almost no umlauts or ß; " + w + " is likely " + ocrCase(fix, w),
					Likelihood: rankBlindScan,
				}, true
			}
			return Suggestion{}, false
		}
		d.weak = len(cands) == 0 || cands[0].cost > susCheap
		// the likelihood of damage is the cost model's; the context only
		// orders the fixes
		like, share := d.suspectLikelihood(cands), ocrRound(suspectShare(cands))
		cands = d.contextRank(cands)
		d.costShare = share
		d.quiet = d.weak && d.unseen(low) == 0
		d.unknown = true
		d.name = ocrNameShape(w) && (len(cands) == 0 || cands[0].cost > cleanCheap) && !d.doubtedUnknown()
		d.joined = ocrJoined(w) && !d.doubtedUnknown()
		return Suggestion{
			Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR,
			Candidates: d.suspectCandidates(cands, w),
			Reason:     d.suspectReason(cands, w),
			Likelihood: like,
		}, true
	}
	return Suggestion{
		Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR,
		Candidates: d.candidates(v, w, ""),
		Reason:     d.reason(v, w),
		Likelihood: channelLikelihood(v),
	}, true
}

// capitalsSuggestion judges a word with capitals inside that an acronym
// would not have: only I, U or O, the capitals OCR reads for l, ü or u,
// and ö or o (`WahI` for `Wahl`, `FUr` for `Für`). The word with those
// letters small is judged instead, with the umlaut first: a known word is
// the fix, and an unknown one gets the fixes it would get.
func (d *ocrDoc) capitalsSuggestion(doc, w string, start, end int) (Suggestion, bool) {
	umlaut, plain, ok := ocrSmallCapitals(w)
	if !ok || !ocrCheckable(plain) {
		return Suggestion{}, false
	}
	s := Suggestion{Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR}
	for _, small := range []string{umlaut, plain} {
		if d.knownWord(lexFold(small)) {
			s.Candidates = []Candidate{{Text: small, Score: 1}}
			s.Reason = "capitals inside a word, where OCR reads a small letter as I, U or O: " + small
			s.Likelihood = rankSmallCaps
			return s, true
		}
	}
	t, ok := d.wordSuggestion(doc, plain, start, end)
	if !ok || len(t.Candidates) == 0 {
		return Suggestion{}, false
	}
	s.Candidates, s.Reason, s.Likelihood = t.Candidates, "capitals inside a word; "+t.Reason, t.Likelihood
	return s, true
}

// ocrSmallCapitals returns w with its capitals after the first made small,
// once with U and O as ü and ö and once as u and o (I is l in both), and
// whether w starts with a capital, has a small letter, and has no capital
// inside but I, U and O, so that it is no acronym (`GmbH`, `PDFs`, `IDs`
// keep theirs).
func ocrSmallCapitals(w string) (umlaut, plain string, ok bool) {
	rs := []rune(w)
	if len(rs) < 3 || !unicode.IsUpper(rs[0]) {
		return "", "", false
	}
	us := slices.Clone(rs)
	lower, changed := false, false
	for i := 1; i < len(rs); i++ {
		switch r := rs[i]; r {
		case 'I':
			rs[i], us[i], changed = 'l', 'l', true
		case 'U':
			rs[i], us[i], changed = 'u', 'ü', true
		case 'O':
			rs[i], us[i], changed = 'o', 'ö', true
		default:
			if unicode.IsUpper(r) || !unicode.IsLetter(r) {
				return "", "", false
			}
			lower = true
		}
	}
	return string(us), string(rs), lower && changed
}

// abbrevMin is the fewest letters of a word abbreviates takes for an
// abbreviation, and abbrevCut the fewest it must leave out.
const abbrevMin, abbrevCut = 4, 2

// abbreviates reports whether the folded word low, written before a full
// stop, begins a longer word of the same document: an abbreviation of it
// (`Monatsſchr.` on a page headed `Monatsſchrift`, `Decemb.` beside
// `December`) rather than damage with no fix in reach. It is asked of
// words nothing knows: a known word (`wesen.` after a lost `ge-`) is
// judged by what else makes it a suspect.
func (d *ocrDoc) abbreviates(low string) bool {
	n := utf8.RuneCountInString(low)
	if n < abbrevMin {
		return false
	}
	if d.fullWords == nil {
		d.fullWords = make([]string, 0, len(d.words))
		for _, t := range d.words {
			if t.Letters > 0 {
				d.fullWords = append(d.fullWords, lexFold(t.Text))
			}
		}
		slices.Sort(d.fullWords)
		d.fullWords = slices.Compact(d.fullWords)
	}
	i, _ := slices.BinarySearch(d.fullWords, low)
	for ; i < len(d.fullWords) && strings.HasPrefix(d.fullWords[i], low); i++ {
		if utf8.RuneCountInString(d.fullWords[i]) >= n+abbrevCut {
			return true
		}
	}
	return false
}

// knownClean reports whether w is a trusted word already found clean,
// without allocating. Words with capitals inside are always judged: the
// channel reads their B and I.
func (d *ocrDoc) knownClean(w string) bool {
	f := d.wordFacts(w)
	if f.clean.Load() {
		return true
	}
	if !d.judgeClean(w) {
		return false
	}
	// only a listed or confirmed word is trusted in every document; one
	// the corpus alone attests may not be where it is counted
	if id, _ := d.foldedID(w); d.lex.ents[id].flags != 0 {
		f.clean.Store(true)
	}
	return true
}

// judgeClean is knownClean without the cache of words found so.
func (d *ocrDoc) judgeClean(w string) bool {
	id, ok := d.foldedID(w)
	if !ok || !d.o.isClean(id) {
		return false
	}
	// with a dictionary, a word only the corpus knows is judged in every
	// document (suspect weighs it against its fixes)
	if ev := d.evidenceOf(id); !ev.trusted || d.o.canSuspect() && !ev.vouched {
		return false
	}
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return false
		}
	}
	// a noun in small letters is judged (smallNoun)
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && d.nounOnly(string(d.buf)) {
		return false
	}
	return true
}

// foldedID folds w into d.buf and returns the lexicon id of the folded
// word, asking the document's own words first (count saw most of them).
func (d *ocrDoc) foldedID(w string) (uint32, bool) {
	d.buf = lexFoldBuf(d.buf[:0], w)
	if id := d.written[w]; id > 0 {
		return id - 1, true
	}
	return d.o.lookup(string(d.buf))
}

// candidates lists v's candidates that beat keeping the word, cased like
// orig, with their share of the probability. A non-empty keep is listed
// too, with the share of keeping the word as it is.
func (d *ocrDoc) candidates(v *ocrVerdict, orig, keep string) []Candidate {
	total := v.keep
	for _, c := range v.cands {
		total += c.score
	}
	var out []Candidate
	for _, c := range v.cands {
		if c.score <= v.keep && len(out) > 0 {
			break
		}
		out = append(out, Candidate{Text: d.politeCase(c.key, orig, ocrCase(c.key, orig)), Score: ocrRound(c.score / total)})
	}
	if keep != "" {
		out = append(out, Candidate{Text: keep, Score: ocrRound(v.keep / total)})
	}
	return out
}

// singleSuggestion judges a word of one letter. German has none outside
// abbreviations (`z. B.`), initials, enumerations (`a)`) and formulas, so
// a letter standing alone elsewhere is debris of the scan or the rest of
// a broken word.
func (d *ocrDoc) singleSuggestion(doc, w string, start, end int) (Suggestion, bool) {
	r, _ := utf8.DecodeRuneInString(w)
	if d.part || !d.o.canSuspect() || !unicode.IsLetter(r) || d.inDocLanguage(lexFold(w)) || strings.ContainsRune(".)]:/=+*<>-'’", d.next) ||
		strings.ContainsRune("([/=+*<>-'’", d.prev) || unicode.IsDigit(d.prev) || unicode.IsDigit(d.next) {
		return Suggestion{}, false
	}
	cands := d.suspectCands(lexFold(w), w)
	d.weak = len(cands) == 0 || cands[0].cost > susCheap
	return Suggestion{
		Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR,
		Candidates: d.suspectCandidates(cands, w),
		Reason:     "a letter standing alone; debris of the scan or part of a broken word",
		Likelihood: d.suspectLikelihood(cands),
	}, true
}

// capitalSuggestion proposes the capital a known word lost at the start
// of a sentence (`. jeder` for `. Jeder`): OCR reads a small letter for a
// capital of the same shape.
func (d *ocrDoc) capitalSuggestion(doc, w string, start, end int) (Suggestion, bool) {
	r, n := utf8.DecodeRuneInString(w)
	if !d.afterStop || !unicode.IsLower(r) || !d.o.canSuspect() || d.abbrev && len(w) <= 4 || d.conf >= confSure {
		return Suggestion{}, false // an abbreviation keeps its small letter (`gez.`, `vgl.`)
	}
	if low := lexFold(w); !d.knownWord(low) && !d.spell(w) {
		return Suggestion{}, false
	}
	fix := string(unicode.ToUpper(r)) + w[n:]
	return Suggestion{
		Doc: doc, Start: start, End: end, Text: w, Kind: KindOCR,
		Candidates: []Candidate{{Text: fix, Score: 0.8}, {Text: w, Score: 0.2}},
		Reason:     "a sentence starts with a small letter; " + fix,
		Likelihood: rankCapital,
	}, true
}

// ocrAfterFullStop reports whether token i follows the end of a sentence
// for sure: one full stop, question or exclamation mark after a word of
// four letters or more (not an abbreviation, a number or an ellipsis).
func ocrAfterFullStop(text string, toks []Token, i int) bool {
	if i == 0 {
		return false
	}
	gap := text[toks[i-1].ByteEnd:toks[i].ByteStart]
	stops := strings.Count(gap, ".") + strings.Count(gap, "!") + strings.Count(gap, "?")
	prev := toks[i-1]
	return stops == 1 && prev.Letters >= 4 && prev.Digits == 0 && !strings.ContainsAny(gap, ":;,")
}

// ocrRuneAt is the rune at byte i of text, or 0 at its end.
func ocrRuneAt(text string, i int) rune {
	if i >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return r
}

// ocrRuneBefore is the rune before byte i of text, or 0 at its start.
func ocrRuneBefore(text string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// ocrOtherScript reports whether w has letters and none of them in the
// Latin script, or has full-width forms: a word of another script (東京,
// Москва) that a German dictionary cannot judge, or typography (Ｆｕｌｌ)
// that no engine reading German produces by mistake. A Latin word with a
// letter of another script inside (a Cyrillic о read for o) is judged.
func ocrOtherScript(w string) bool {
	letters, latin := false, false
	for _, r := range w {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // the full-width forms of ASCII
			return true
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.IsLetter(r):
			letters = true
		}
	}
	return letters && !latin
}

// ocrCheckable reports whether w is worth judging: two runes or more,
// mostly letters, and not an acronym.
func ocrCheckable(w string) bool {
	n, letters, digits, upper, lower := 0, 0, 0, 0, 0
	for _, r := range w {
		n++
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsUpper(r):
			letters++
			upper++
		case unicode.IsLetter(r):
			letters++
			lower++
		}
	}
	return n >= 2 && letters >= 2 && letters > digits && !(upper >= 2 && lower == 0) && !(upper > 1 && lower <= upper)
}

// ocrSentenceStart reports whether token i of text starts a sentence: the
// first token, or one after a full stop, question or exclamation mark or
// colon, with only blanks, quotes and brackets between.
func ocrSentenceStart(text string, toks []Token, i int) bool {
	if i == 0 {
		return true
	}
	for _, r := range text[toks[i-1].ByteEnd:toks[i].ByteStart] {
		switch r {
		case '.', '!', '?', ':', '•', '–':
			return true
		}
	}
	return strings.Count(text[toks[i-1].ByteEnd:toks[i].ByteStart], "\n") >= 2
}

// ocrCase gives the folded word k the case pattern of orig: capitalised
// or all upper case.
func ocrCase(k, orig string) string {
	if !unicode.IsUpper(firstLetter(orig)) {
		return k
	}
	r, n := utf8.DecodeRuneInString(k)
	return string(unicode.ToUpper(r)) + k[n:]
}

// firstLetter is the first letter of s (`Z` of `2Zur`), or
// utf8.RuneError if s has none.
func firstLetter(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return utf8.RuneError
}

// ocrRound rounds a score to three decimals.
func ocrRound(x float64) float64 { return math.Round(x*1000) / 1000 }
