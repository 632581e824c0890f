package corpus

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"folio/annot"
)

// CoNLL input: one token a line, a blank line between sentences, documents
// parted by a line starting with "-DOCSTART-" (any of its three forms) or
// CoNLL-U's "# newdoc". The columns are found by their shape:
//
//   - CoNLL-U (ten tab-separated columns, the first a word id): the token is
//     FORM; multiword tokens ("2-3") are the text and their words are not;
//     empty nodes ("5.1") are skipped; SpaceAfter=No in MISC joins tokens;
//     the entity tag is MISC's NE=, NER= or name=, else an eleventh column.
//   - An index column first (GermEval: "7<tab>Stuttgart<tab>B-LOC<tab>O"):
//     the token is the second column and every later column is a layer of
//     tags, so the embedded column of GermEval gives nested entities.
//   - Otherwise (CoNLL-2003: "U.N. NNP I-NP I-ORG", spaCy's "Thrun NNP _
//     B-PERSON"): the token is the first column, the tag the last.
//
//   - spaCy's sentence-per-line IOB (its converter's "iob"): a sentence a
//     line, its tokens separated by spaces, each WORD|TAG or WORD|POS|TAG.
//     A line whose every field has a "|" but is not such a sentence is
//     skipped and reported.
//
// POS and chunk columns (and fields) are not kept; the dropped report
// counts them. Tags are read in any of IOB1, IOB2 and BIOES/BILOU: B- opens an entity,
// I- continues one of its label or opens one (IOB1), E-/L- ends one, S-/U-
// is an entity of one token, O and _ are outside. The scheme found is
// reported once per file. The text is rebuilt from the tokens: one space
// between tokens, none before closing punctuation or after opening
// punctuation (or where CoNLL-U says SpaceAfter=No), a line break between
// sentences; entity offsets are exact on that text. The tokens and
// sentences themselves, and the comment lines before each sentence
// (GermEval's "#<tab>URL [date]", CoNLL-U's "# sent_id = 1"), are kept in
// an annot.KindTokens annotation (tokensAnn), so that the exports write
// "was" "n’t" as two tokens and "2001/2002" as one, as the file had them.

// readCoNLL streams a CoNLL file, one document at a time.
func (r *reader) readCoNLL(it item) error {
	lr, closeFile, ok := r.openLines(it)
	if !ok {
		return nil
	}
	defer closeFile()
	p := newCoNLLParser(it.id, it.shown)
	for {
		line, err := lr.next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				r.skip(fmt.Sprintf("%s:%d", it.shown, lr.n), "cannot read the rest of the file: "+unwrapPath(err))
			}
			break
		}
		if lr.n == 1 {
			line = []byte(strings.TrimPrefix(string(line), bom))
		}
		if err := r.emitCoNLL(p.line(string(line), lr.n)); err != nil {
			return err
		}
	}
	if err := r.emitCoNLL(p.finish()); err != nil {
		return err
	}
	if p.docs == 0 {
		r.skip(it.shown, "no tokens")
	} else if s := p.scheme(); s != "" {
		r.report(Problem{Where: it.shown, Msg: "entity tags read as " + s})
	}
	return nil
}

// emitCoNLL emits a document the parser finished, or, if none (ok false),
// reports the problems of the lines it skipped.
func (r *reader) emitCoNLL(d Doc, probs []Problem, ok bool) error {
	if !ok {
		for _, pr := range probs {
			r.report(pr)
		}
		return nil
	}
	if !utf8.ValidString(d.Text) {
		probs = append(probs, Problem{Where: d.Source, Msg: "the document has invalid UTF-8, replaced with U+FFFD"})
	}
	return r.emit(d.Source, d, probs)
}

// conllSpan is an entity found in the tags, in code points of the text
// being built.
type conllSpan struct {
	start, end int
	label      string
	where      string
}

// conllParser turns CoNLL lines into documents.
type conllParser struct {
	fileID, shown string
	numbered      bool // documents are marked: ids get a number
	seenLine      bool
	docs          int
	newdocID      string

	text       strings.Builder
	n          int // code points in text
	sentStart  bool
	noSpace    bool // the previous token asked for no space after it
	quoteOpen  bool
	startLine  int
	tokens     int
	open       []*conllSpan // per tag layer
	spans      []conllSpan
	probs      []Problem
	mwEnd      int  // last word id of the multiword token being read
	mwTagged   bool // its first word's tag was applied
	lastStart  int  // where the last token starts
	sentTokens int  // tokens of the sentence so far
	lowQuote   bool // a „ is open: “ closes it (German)

	pipes     bool     // the file is spaCy's sentence-per-line IOB (pipeTokens)
	extra     int      // POS or chunk tags of the document's tokens, not kept
	docTags   []string // the document's tags (spaCy's categories)
	docSource string   // where the document is, when no line number says it (spaCy's JSON)

	toks     []annot.Span             // the tokens, in code points of text
	sents    []int                    // where each sentence starts in text
	comments []annot.SentenceComments // the comment lines before sentences

	iob1, bioes, iob2 int // how many entities each scheme's marks opened
	bAdjacent         int // B- right after an entity of its label (IOB1 uses B- only so)
}

func newCoNLLParser(fileID, shown string) *conllParser {
	return &conllParser{fileID: fileID, shown: shown, sentStart: true}
}

// scheme names the tagging scheme the file used, as far as its tags tell.
func (p *conllParser) scheme() string {
	switch {
	case p.bioes > 0:
		return "BIOES (E- and S- tags)"
	case p.iob1 > 0 && p.iob2 == 0:
		return "IOB1 (entities start with I-)"
	case p.iob1 > 0:
		return "IOB2, with some entities starting with I- (read as starts)"
	}
	return ""
}

// line reads one line; when it ends a document, it returns it.
func (p *conllParser) line(line string, num int) (Doc, []Problem, bool) {
	where := fmt.Sprintf("%s:%d", p.shown, num)
	trimmed := strings.TrimSpace(line)
	switch {
	case trimmed == "":
		p.endSentence()
		return Doc{}, nil, false
	case strings.HasPrefix(trimmed, "-DOCSTART-"):
		return p.docBreak(num, "")
	case strings.HasPrefix(trimmed, "#") && isComment(trimmed):
		if id, ok := strings.CutPrefix(trimmed, "# newdoc"); ok {
			id = strings.TrimSpace(id)
			if rest, ok := strings.CutPrefix(id, "id"); ok {
				id = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "="))
			} else {
				id = ""
			}
			return p.docBreak(num, id)
		}
		p.comment(strings.TrimRight(line, "\r\n"))
		return Doc{}, nil, false
	}
	p.seenLine = true
	if p.tokens == 0 {
		p.startLine = num
	}
	if toks, ok := pipeTokens(trimmed); ok {
		p.pipes = true
		for _, t := range toks {
			p.add(t[0], t[len(t)-1:], false, where)
			p.extra += len(t) - 2
		}
		p.endSentence()
		return Doc{}, nil, false
	}
	if p.pipes || allPiped(trimmed) {
		p.probs = append(p.probs, Problem{Where: where, Skipped: true, Part: true,
			Msg: "not a sentence-per-line IOB line (tokens WORD|TAG or WORD|POS|TAG, the tag O or B-, I-, E-, S-, L-, U-LABEL); not imported"})
		return Doc{}, nil, false
	}
	p.token(line, where)
	return Doc{}, nil, false
}

// pipeTokens splits a line of spaCy's sentence-per-line IOB ("When|WRB|O
// Sebastian|NNP|B-PERSON …") into its tokens, each WORD|TAG or
// WORD|POS|TAG; ok is false if the line is not one.
func pipeTokens(line string) (toks [][]string, ok bool) {
	for _, f := range strings.Fields(line) {
		t := strings.Split(f, "|")
		if len(t) < 2 || len(t) > 3 || t[0] == "" || !isTag(t[len(t)-1]) {
			return nil, false
		}
		toks = append(toks, t)
	}
	return toks, len(toks) > 0
}

// allPiped reports whether every field of a line has a "|": a
// sentence-per-line IOB line, if any (no column of the other forms has
// one in every field).
func allPiped(line string) bool {
	f := strings.Fields(line)
	return len(f) > 0 && !slices.ContainsFunc(f, func(s string) bool { return !strings.Contains(s, "|") })
}

// comment keeps a comment line, for the sentence that comes next.
func (p *conllParser) comment(line string) {
	if n := len(p.comments); n > 0 && p.comments[n-1].Sentence == len(p.sents) {
		p.comments[n-1].Lines = append(p.comments[n-1].Lines, line)
		return
	}
	p.comments = append(p.comments, annot.SentenceComments{Sentence: len(p.sents), Lines: []string{line}})
}

// isComment reports whether a line starting with "#" is a comment rather
// than the token "#": a token line ends in a tag.
func isComment(line string) bool {
	f := strings.Fields(line)
	return len(f) < 2 || f[0] != "#" || !isTag(f[len(f)-1])
}

// isTag reports whether s looks like an entity tag.
func isTag(s string) bool {
	if s == "O" {
		return true
	}
	if len(s) > 2 && s[1] == '-' {
		switch s[0] {
		case 'B', 'I', 'E', 'S', 'L', 'U':
			return true
		}
	}
	return false
}

func (p *conllParser) docBreak(num int, id string) (Doc, []Problem, bool) {
	if !p.seenLine {
		p.numbered = true
	}
	p.seenLine = true
	d, probs, ok := p.finish()
	p.newdocID = id
	return d, probs, ok
}

// token adds the token of one line and its tags.
func (p *conllParser) token(line, where string) {
	var form string
	var tags []string
	noSpaceAfter := false
	if cols := strings.Split(line, "\t"); len(cols) >= 10 && conllUID(cols[0]) != "" {
		switch conllUID(cols[0]) {
		case "empty":
			return
		case "range":
			lo, hi, _ := strings.Cut(cols[0], "-")
			end, _ := strconv.Atoi(hi)
			if start, _ := strconv.Atoi(lo); end >= start {
				// the multiword token is the text; its words' tags apply to it
				p.closeAll()
				p.add(cols[1], nil, strings.Contains("|"+cols[9]+"|", "|SpaceAfter=No|"), where)
				p.mwEnd, p.mwTagged = end, false
			}
			return
		}
		id, _ := strconv.Atoi(cols[0])
		tag := miscTag(cols[9])
		if tag == "" && len(cols) > 10 {
			tag = strings.TrimSpace(cols[10])
		}
		if p.mwEnd > 0 && id <= p.mwEnd {
			if !p.mwTagged { // the first word's tag decides
				p.mwTagged = true
				p.tagLayers([]string{tag}, p.lastStart, p.n, where)
			}
			if id == p.mwEnd {
				p.mwEnd = 0
			}
			return
		}
		p.mwEnd = 0
		form = cols[1]
		noSpaceAfter = strings.Contains("|"+cols[9]+"|", "|SpaceAfter=No|")
		tags = []string{tag}
	} else {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == strconv.Itoa(p.sentTokens+1):
			form, tags = f[1], f[2:]
		case len(f) >= 2:
			form, tags = f[0], f[len(f)-1:]
			for _, c := range f[1 : len(f)-1] {
				if c != "_" && c != "-" && c != "-X-" {
					p.extra++
				}
			}
		default:
			form = f[0]
		}
	}
	p.add(form, tags, noSpaceAfter, where)
}

// conllUID classifies a CoNLL-U word id: "word", "range" (2-3), "empty"
// (5.1), or "" if s is none.
func conllUID(s string) string {
	if isIndex(s) {
		return "word"
	}
	if lo, hi, ok := strings.Cut(s, "-"); ok && isIndex(lo) && isIndex(hi) {
		return "range"
	}
	if lo, hi, ok := strings.Cut(s, "."); ok && isIndex(lo) && isIndex(hi) {
		return "empty"
	}
	return ""
}

func isIndex(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// miscTag finds an entity tag in CoNLL-U's MISC column.
func miscTag(misc string) string {
	for _, kv := range strings.Split(misc, "|") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && (k == "NE" || k == "NER" || k == "name") {
			return v
		}
	}
	return ""
}

// noSpaceBefore and noSpaceAfter are the tokens the text is rebuilt
// without a space before or after.
var (
	noSpaceBefore = map[string]bool{".": true, ",": true, ";": true, ":": true, "!": true, "?": true, ")": true,
		"]": true, "}": true, "%": true, "”": true, "’": true, "'s": true, "’s": true, "n't": true, "n’t": true, "…": true, "''": true}
	noSpaceAfter = map[string]bool{"(": true, "[": true, "{": true, "„": true, "‚": true, "“": true, "``": true, "‘": true}
)

// add appends a token to the text and applies its tags (nil: none yet).
func (p *conllParser) add(form string, tags []string, spaceAfterNo bool, where string) {
	sep := " "
	switch {
	case p.n == 0:
		sep = ""
	case p.sentStart:
		sep = "\n"
	case p.noSpace || noSpaceBefore[form] || form == "“" && p.lowQuote:
		sep = ""
	case form == `"` && p.quoteOpen:
		sep = ""
	}
	p.text.WriteString(sep)
	p.n += utf8.RuneCountInString(sep)
	start := p.n
	p.text.WriteString(form)
	p.n += utf8.RuneCountInString(form)
	p.keep(start)
	closing := form == "“" && p.lowQuote
	p.noSpace = spaceAfterNo || noSpaceAfter[form] && !closing || form == `"` && !p.quoteOpen
	switch {
	case form == "„":
		p.lowQuote = true
	case closing:
		p.lowQuote = false
	}
	if form == `"` {
		p.quoteOpen = !p.quoteOpen
	}
	p.sentStart = false
	p.tokens++
	p.sentTokens++
	p.lastStart = start
	if tags != nil {
		p.tagLayers(tags, start, p.n, where)
	}
}

// addSpaced appends a token followed by the whitespace the input gives
// (spaCy's "space"), so that the text is the input's exactly, and applies
// its tags.
func (p *conllParser) addSpaced(form, space string, tags []string, where string) {
	start := p.n
	p.text.WriteString(form)
	p.n += utf8.RuneCountInString(form)
	p.keep(start)
	if tags != nil {
		p.tagLayers(tags, start, p.n, where)
	}
	p.text.WriteString(space)
	p.n += utf8.RuneCountInString(space)
	p.sentStart = false
	p.tokens++
	p.sentTokens++
	p.lastStart = start
}

// keep records the token just added, from start to the end of the text,
// and the sentence it starts, if it is the sentence's first.
func (p *conllParser) keep(start int) {
	if p.sentTokens == 0 {
		p.sents = append(p.sents, start)
	}
	p.toks = append(p.toks, annot.Span{Start: start, End: p.n})
}

// tagLayers applies a token's tags, one a layer; a layer without a tag on
// this line is outside.
func (p *conllParser) tagLayers(tags []string, start, end int, where string) {
	for len(p.open) < len(tags) {
		p.open = append(p.open, nil)
	}
	for layer := range p.open {
		tag := "O"
		if layer < len(tags) {
			tag = tags[layer]
		}
		p.tag(layer, tag, start, end, where)
	}
}

// tag applies one tag of one layer to the token at [start, end).
func (p *conllParser) tag(layer int, tag string, start, end int, where string) {
	cur := p.open[layer]
	prefix, label := "I", tag
	if len(tag) > 2 && tag[1] == '-' && strings.ContainsRune("BIESLU", rune(tag[0])) {
		prefix, label = tag[:1], tag[2:]
	}
	if tag == "O" || tag == "_" || tag == "" || tag == "-" {
		p.close(layer)
		return
	}
	switch prefix {
	case "B":
		if cur != nil && cur.label == label {
			p.bAdjacent++
		} else {
			p.iob2++
		}
		p.close(layer)
		p.open[layer] = &conllSpan{start: start, end: end, label: label, where: where}
	case "I":
		if cur != nil && cur.label == label {
			cur.end = end
			return
		}
		p.close(layer)
		p.iob1++
		p.open[layer] = &conllSpan{start: start, end: end, label: label, where: where}
	case "E", "L":
		p.bioes++
		if cur != nil && cur.label == label {
			cur.end = end
		} else {
			p.close(layer)
			p.open[layer] = &conllSpan{start: start, end: end, label: label, where: where}
		}
		p.close(layer)
	case "S", "U":
		p.bioes++
		p.close(layer)
		p.open[layer] = &conllSpan{start: start, end: end, label: label, where: where}
		p.close(layer)
	}
}

func (p *conllParser) close(layer int) {
	if s := p.open[layer]; s != nil {
		p.spans = append(p.spans, *s)
		p.open[layer] = nil
	}
}

func (p *conllParser) closeAll() {
	for i := range p.open {
		p.close(i)
	}
}

func (p *conllParser) endSentence() {
	p.closeAll()
	if p.n > 0 {
		p.sentStart = true
	}
	p.noSpace, p.quoteOpen, p.lowQuote, p.sentTokens = false, false, false, 0
}

// finish returns the document read so far, if it has tokens (else the
// problems of the lines skipped since the last), and starts the next.
func (p *conllParser) finish() (Doc, []Problem, bool) {
	p.endSentence()
	defer func() {
		p.text.Reset()
		p.n, p.tokens, p.spans, p.probs, p.sentStart, p.mwEnd, p.docTags, p.docSource, p.extra = 0, 0, nil, nil, true, 0, nil, "", 0
		p.toks, p.sents, p.comments = nil, nil, nil
	}()
	if p.tokens == 0 {
		return Doc{}, p.probs, false
	}
	p.docs++
	n := Normalize([]byte(p.text.String()))
	id := p.fileID
	if p.newdocID != "" {
		id = normalizeID(p.newdocID)
	} else if p.numbered {
		id = p.fileID + "/" + strconv.Itoa(p.docs)
	}
	src := fmt.Sprintf("%s:%d", p.shown, p.startLine)
	if p.docSource != "" {
		src = p.docSource
	}
	d := Doc{ID: id, Title: Title(n.Text), Source: src, Text: n.Text, Spaced: true,
		Numbered: p.newdocID == "" && p.numbered}
	probs := p.probs
	if p.extra > 0 {
		probs = append(probs, Problem{Where: src, Msg: "POS and chunk tags not kept", Skipped: true, Part: true, Dropped: "POS or chunk tag", N: p.extra})
	}
	for _, w := range n.Warnings {
		probs = append(probs, Problem{Where: src, Msg: w})
	}
	set := newAnnSet(n, func(pr Problem) { probs = append(probs, pr) })
	slices.SortStableFunc(p.spans, func(a, b conllSpan) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end)) })
	for _, s := range p.spans {
		set.add(s.where, annot.Annotation{Kind: annot.KindEntity, Start: s.start, End: s.end, Label: s.label}, "")
	}
	for _, tag := range p.docTags {
		set.add(src, annot.Annotation{Kind: annot.KindTag, Label: tag}, "")
	}
	if a, ok := tokensAnn(n, p.toks, p.sents, p.comments); ok {
		set.add(src, a, "")
	} else {
		probs = append(probs, Problem{Where: src, Msg: "normalization joined characters across a token boundary: exports cut the text into tokens their own way"})
	}
	d.Anns = set.result()
	return d, probs, true
}
