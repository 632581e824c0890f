// Package suggest finds what a reviewer should look at: probable OCR
// errors with their likely fixes, words broken at line ends, and entity
// mentions (known canonical entities, gazetteer patterns, German dates).
package suggest

import (
	"bytes"
	"encoding/json"

	"folio/annot"
)

// Kind is what a suggestion proposes.
type Kind string

// The suggestion kinds of DESIGN.md.
const (
	KindOCR    Kind = "ocr"
	KindHyphen Kind = "hyphen"
	KindEntity Kind = "entity"
)

// Suggestion is one proposal for the span [Start, End) of a document's
// stored text, in code points. It marshals to the line format of
// `folio suggest`.
type Suggestion struct {
	Doc        string      `json:"doc"`
	Start      int         `json:"start"`
	End        int         `json:"end"`
	Text       string      `json:"text"`
	Kind       Kind        `json:"kind"`
	Candidates []Candidate `json:"candidates"`
	Reason     string      `json:"reason"`
	// Likelihood is how likely the span is damage that needs the change,
	// in (0, 1], for ocr and hyphen suggestions (0, and left out of the
	// JSON, for entity suggestions): `folio suggest --rank` lists the
	// likeliest first. It weighs what the engine knows of the word: the
	// channel's posterior against keeping it, the cost of its best fix,
	// the shape of the word and the OCR engine's confidence.
	Likelihood float64 `json:"likelihood,omitempty"`
}

// MarshalJSON writes s as the line format has it: no candidates (a
// garbled passage to read from the scan) are an empty list, not null, so
// that a script can range over them.
func (s Suggestion) MarshalJSON() ([]byte, error) {
	type plain Suggestion // without this method
	p := plain(s)
	if p.Candidates == nil {
		p.Candidates = []Candidate{}
	}
	// unescaped: the encoder that calls this escapes HTML if it is told to
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Candidate is one proposed fix, best first in a Suggestion. For ocr and
// hyphen suggestions Text replaces the span; for entity suggestions Text is
// the label and Canonical the known canonical entity, if any.
type Candidate struct {
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
	Canonical string  `json:"canonical,omitempty"`
}

// Open returns the suggestions of raw that anns leave open: the rules
// Suggest applies (no ocr or hyphen suggestion over a correction or mark,
// no entity suggestion over an entity or through a correction, none the
// reviewer rejected), for a caller that keeps suggestions across edits
// rather than asking again.
func Open(raw []Suggestion, anns []annot.Annotation) []Suggestion {
	if len(raw) == 0 {
		return nil
	}
	of, ef := newOCRFilter(anns), newEntFilter(anns)
	out := make([]Suggestion, 0, len(raw))
	for _, s := range raw {
		if s.Kind == KindEntity {
			if ef.blocked(annot.Span{Start: s.Start, End: s.End}) {
				continue
			}
		} else if !of.allows(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}
