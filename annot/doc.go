// Package annot holds folio's domain: documents, the annotations made on
// them, the rules that keep spans consistent, and the offset map between a
// document's stored text and its corrected text. It does no I/O.
package annot

import "time"

// Status is a document's review status.
type Status string

// The review statuses. A document without a status is StatusTodo.
const (
	StatusTodo     Status = "todo"
	StatusDone     Status = "done"
	StatusRejected Status = "rejected"
)

// Statuses lists the valid statuses in display order.
var Statuses = []Status{StatusTodo, StatusDone, StatusRejected}

// ParseStatus returns the status named s, or an error naming the valid ones.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", &RuleError{Msg: "unknown status " + quote(s) + " (want todo, done or rejected)"}
}

// Doc is the small per-document record: everything the document list needs,
// without the text.
type Doc struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Source string   `json:"source,omitempty"`
	Hash   string   `json:"hash"`
	Size   int      `json:"size"` // length of the text in code points
	Bytes  int      `json:"bytes"`
	Status Status   `json:"status"`
	Tags   []string `json:"tags,omitempty"`
	Counts Counts   `json:"counts"`
	// Changed is the last annotation change: who and when.
	ChangedBy string    `json:"changed_by,omitempty"`
	ChangedAt time.Time `json:"changed_at,omitzero"`
	// Labels counts the entities of each label, and Entities lists the
	// distinct canonical names (sorted), so that filters and stats need not
	// open the annotations.
	Labels   map[string]int `json:"labels,omitempty"`
	Entities []string       `json:"entities,omitempty"`
	// Seq is the document's place in import order.
	Seq uint64 `json:"seq"`
	// MinConf is the lowest OCR word confidence (0–1) of a page imported
	// from hOCR, ALTO or PAGE XML; HasConf is false when it has none
	// (0 is a real confidence).
	MinConf float64 `json:"min_conf,omitempty"`
	HasConf bool    `json:"has_conf,omitempty"`
	// Twins are the near-duplicates of the text (Sketch), sorted by id:
	// an OCR scan and a clean copy of it, or one text imported twice.
	Twins []string `json:"twins,omitempty"`
}

// Counts are the numbers of each kind of span annotation on a document.
type Counts struct {
	Entities int `json:"entities,omitempty"`
	// Corrections counts the corrections of the text; a cut of
	// boilerplate (ClassBoilerplate) is none: it takes text out of the
	// dataset, it does not mend it
	Corrections int `json:"corrections,omitempty"`
	Marks       int `json:"marks,omitempty"`
	Notes       int `json:"notes,omitempty"`
	Stale       int `json:"stale,omitempty"`
	Suggestions int `json:"suggestions,omitempty"`
}
