// Package suggest finds what a reviewer should look at: probable OCR
// errors with their likely fixes, words broken at line ends, and entity
// mentions (known canonical entities, gazetteer patterns, German dates).
package suggest

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
}

// Candidate is one proposed fix, best first in a Suggestion. For ocr and
// hyphen suggestions Text replaces the span; for entity suggestions Text is
// the label and Canonical the known canonical entity, if any.
type Candidate struct {
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
	Canonical string  `json:"canonical,omitempty"`
}
