package corpus

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// spaCy's JSON training format (spaCy 2's, which spaCy 3 reads with
// `spacy convert`): a .json file holding a list of documents, or one,
//
//	{"id": 0, "paragraphs": [{"raw": "…", "sentences": [{"tokens":
//	  [{"id", "orth", "space", "tag", "head", "dep", "ner"}], "brackets"}],
//	  "cats": [{"label", "value"}], "entities": [[start, end, label]]}]}
//
// is read as one folio document per document, with the CoNLL reader's
// rules for the text and the tags. The text is the tokens' "orth": with
// their "space" (spaCy's whitespace after the token) exactly, without it
// rebuilt as CoNLL's is (a line break between sentences); paragraphs are
// parted by a blank line. "ner" tags (BILUO, IOB; "-", spaCy's missing
// tag, is outside) are the entities; a paragraph without tokens brings
// its "raw" text and its "entities" offsets. A category whose value is
// at least 0.5 is a tag. Every other field (the tokens' tags, heads and
// dependencies, brackets, links) is counted by name as dropped. A list's
// documents get the ids FILE/1, FILE/2, … (spaCy's own "id" is often 0
// for every document), a single one the file's id.

// spacyDoc is one document of spaCy's JSON training format.
type spacyDoc struct {
	Paragraphs []spacyParagraph `json:"paragraphs"`
}

// spacyParagraph is one paragraph of a spacyDoc.
type spacyParagraph struct {
	Raw       *string `json:"raw"`
	Sentences []struct {
		Tokens []map[string]json.RawMessage `json:"tokens"`
	} `json:"sentences"`
	Cats []struct {
		Label string  `json:"label"`
		Value float64 `json:"value"`
	} `json:"cats"`
	Entities [][3]json.RawMessage `json:"entities"`
}

// spacyRead reports whether folio reads the field k of a document,
// paragraph, sentence or token of spaCy's format (a paragraph's "raw" is
// the tokens' text when they are read; a token's "id" is its place).
func spacyRead(level, k string) bool {
	switch level + "." + k {
	case "document.id", "document.paragraphs",
		"paragraph.raw", "paragraph.sentences", "paragraph.cats", "paragraph.entities",
		"sentence.tokens",
		"token.id", "token.orth", "token.space", "token.ner":
		return true
	}
	return false
}

// spacyDropped counts the fields of obj that folio does not read, by
// level and name.
func spacyDropped(dropped map[string]int, level string, obj map[string]json.RawMessage) {
	for k, v := range obj {
		if present(v) && !spacyRead(level, k) {
			dropped[fmt.Sprintf("%s %q field", level, k)]++
		}
	}
}

// isSpacyDoc reports whether a JSON object is a document of spaCy's
// training format rather than a Label Studio task: it has "paragraphs"
// and no "data".
func isSpacyDoc(raw json.RawMessage) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(raw, &probe) != nil {
		return false
	}
	_, paras := probe["paragraphs"]
	_, data := probe["data"]
	return paras && !data
}

// spacyReader reads the documents of one file of spaCy's format.
type spacyReader struct {
	p *conllParser
}

func newSpacyReader(fileID, shown string, list bool) *spacyReader {
	p := newCoNLLParser(fileID, shown)
	p.numbered = list
	return &spacyReader{p: p}
}

// doc turns document n (from 1) of the file into a folio document. It
// returns why it is skipped, or "".
func (s *spacyReader) doc(raw json.RawMessage, n int, where string) (Doc, []Problem, string) {
	// the same JSON twice: typed, and as objects to count what is not read
	var d spacyDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		return Doc{}, nil, "not a document of spaCy's JSON format: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return Doc{}, nil, "not a JSON object"
	}
	dropped := map[string]int{}
	spacyDropped(dropped, "document", obj)
	var paras []map[string]json.RawMessage
	_ = json.Unmarshal(obj["paragraphs"], &paras) // typed above: a list of objects
	for _, para := range paras {
		spacyDropped(dropped, "paragraph", para)
		var sents []map[string]json.RawMessage
		_ = json.Unmarshal(para["sentences"], &sents)
		for _, sent := range sents {
			spacyDropped(dropped, "sentence", sent)
		}
	}
	p := s.p
	p.seenLine = true
	p.docs = n - 1 // a list's documents are numbered by their place, skipped ones too
	p.docSource = where
	for i, para := range d.Paragraphs {
		pwhere := fmt.Sprintf("%s, paragraph %d", where, i+1)
		s.paragraph(para, pwhere, dropped)
	}
	doc, probs, ok := p.finish()
	if !ok {
		return Doc{}, nil, "no tokens and no text"
	}
	for _, what := range slices.Sorted(maps.Keys(dropped)) {
		probs = append(probs, Problem{Where: where, Msg: what + " not kept", Skipped: true, Part: true, Dropped: what, N: dropped[what]})
	}
	return doc, probs, ""
}

// spacyToken is a token of a paragraph, as read.
type spacyToken struct {
	form   string
	tags   []string // its "ner" tag, nil without
	space  string   // the whitespace after it, when spaced
	spaced bool     // it gives that whitespace ("space", a string of whitespace)
	last   bool     // it ends its sentence
}

// paragraph adds one paragraph's text, entities and tags to the document
// being read.
func (s *spacyReader) paragraph(para spacyParagraph, where string, dropped map[string]int) {
	p := s.p
	for _, c := range para.Cats {
		if c.Value >= 0.5 && strings.TrimSpace(c.Label) != "" {
			p.docTags = append(p.docTags, c.Label)
		}
	}
	var toks []spacyToken
	spaced, badSpace := true, false
	for _, sent := range para.Sentences {
		for _, t := range sent.Tokens {
			spacyDropped(dropped, "token", t)
			var tok spacyToken
			if json.Unmarshal(t["orth"], &tok.form) != nil || tok.form == "" {
				p.probs = append(p.probs, Problem{Where: where, Msg: `a token without "orth"; not imported`, Skipped: true, Part: true})
				continue
			}
			var ner string
			if json.Unmarshal(t["ner"], &ner) == nil && ner != "" {
				tok.tags = []string{ner}
			}
			if raw, ok := t["space"]; ok {
				tok.spaced = json.Unmarshal(raw, &tok.space) == nil && strings.TrimSpace(tok.space) == "" && !strings.ContainsFunc(tok.space, isControlNotSpace)
				badSpace = badSpace || !tok.spaced
			}
			spaced = spaced && tok.spaced
			toks = append(toks, tok)
		}
		if len(toks) > 0 {
			toks[len(toks)-1].last = true
		}
	}
	if badSpace {
		p.probs = append(p.probs, Problem{Where: where, Msg: `a token's "space" is not whitespace: the text is rebuilt from the tokens`})
	}
	raw := ""
	if para.Raw != nil {
		raw = *para.Raw
	}
	if len(toks) == 0 {
		if strings.TrimSpace(raw) == "" {
			return
		}
		s.breakParagraph(false)
		p.add(raw, nil, false, where)
		start, n := p.lastStart, utf8.RuneCountInString(raw)
		for k, e := range para.Entities {
			var from, to int
			var label string
			if json.Unmarshal(e[0], &from) != nil || json.Unmarshal(e[1], &to) != nil || json.Unmarshal(e[2], &label) != nil ||
				from < 0 || to <= from || to > n || strings.TrimSpace(label) == "" {
				p.probs = append(p.probs, Problem{Where: where, Msg: fmt.Sprintf("entity %d is not [start, end, label] within the text; not imported", k+1), Skipped: true, Part: true})
				continue
			}
			p.spans = append(p.spans, conllSpan{start: start + from, end: start + to, label: label, where: where})
		}
		p.endSentence()
		return
	}
	if len(para.Entities) > 0 {
		dropped[`paragraph "entities" field (the tokens' "ner" tags are read)`]++
	}
	if !spaced {
		if offs, ok := alignTokens(raw, toks); ok {
			// spaCy 2's own export: the text is "raw", the tokens lie in it
			s.breakParagraph(false)
			p.add(raw, nil, false, where)
			base := p.lastStart
			for k, t := range toks {
				if t.tags != nil {
					p.tagLayers(t.tags, base+offs[k][0], base+offs[k][1], where)
				}
				if t.last {
					p.closeAll() // no entity runs on into the next sentence
				}
			}
			p.endSentence()
			return
		}
	}
	s.breakParagraph(spaced)
	for _, t := range toks {
		if spaced {
			p.addSpaced(t.form, t.space, t.tags, where)
			if t.last {
				p.closeAll()
			}
			continue
		}
		p.add(t.form, t.tags, false, where)
		if t.last {
			p.endSentence()
		}
	}
	p.closeAll()
	p.endSentence()
}

// isControlNotSpace reports whether r is a control character other than
// the whitespace ones.
func isControlNotSpace(r rune) bool {
	return unicode.IsControl(r) && !unicode.IsSpace(r)
}

// alignTokens finds toks in raw, in order, with nothing but whitespace
// between them and around them: each token's [start, end) in code points
// of raw. It reports false when raw does not hold them so.
func alignTokens(raw string, toks []spacyToken) ([][2]int, bool) {
	if raw == "" {
		return nil, false
	}
	offs := make([][2]int, len(toks))
	at, runes := 0, 0 // bytes and code points of raw passed
	skipSpace := func() {
		for at < len(raw) {
			r, size := utf8.DecodeRuneInString(raw[at:])
			if !unicode.IsSpace(r) {
				return
			}
			at += size
			runes++
		}
	}
	for k, t := range toks {
		skipSpace()
		if !strings.HasPrefix(raw[at:], t.form) {
			return nil, false
		}
		n := utf8.RuneCountInString(t.form)
		offs[k] = [2]int{runes, runes + n}
		at += len(t.form)
		runes += n
	}
	skipSpace()
	return offs, at == len(raw)
}

// breakParagraph parts a paragraph from the one before it by a blank
// line.
func (s *spacyReader) breakParagraph(spaced bool) {
	p := s.p
	if p.n == 0 {
		return
	}
	sep := "\n" // add writes the second at the sentence start
	if spaced {
		sep = "\n\n"
	}
	p.text.WriteString(sep)
	p.n += len(sep)
}
