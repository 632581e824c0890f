// Package external runs the external suggesters of folio.toml
// ([[suggester]]): models in the loop that read a document and propose
// entity labels or replacements. A command suggester is a long-lived
// process that reads one request a line on stdin and writes one response
// a line on stdout; a URL suggester answers one request per HTTP POST.
// Each answer is bounded by a timeout; a command that dies, hangs or
// writes what is not a response is restarted, and what went wrong is
// returned as a status line, never as a panic or a wait without end.
// Every suggestion is checked (offsets in code points inside the text,
// labels folio knows) before it joins folio's own (see Merge).
//
// docs/SUGGESTERS.md describes the protocol.
package external

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"folio/annot"
)

// Request is one document sent to a suggester, one JSON object a line.
type Request struct {
	ID          string             `json:"id"`
	Text        string             `json:"text"`
	Annotations []annot.Annotation `json:"annotations"`
}

// Response is a suggester's answer for the document with ID. Error, if
// set, says the suggester could not judge the document.
type Response struct {
	ID          string `json:"id"`
	Suggestions []Item `json:"suggestions"`
	Error       string `json:"error,omitempty"`
}

// Item is one suggestion of a Response: an entity Label or a Replacement
// for [Start, End), in code points of the request's text. Score is in
// [0, 1] (1 if absent); Source says which part of the model proposed it.
type Item struct {
	Start       *int     `json:"start"`
	End         *int     `json:"end"`
	Label       string   `json:"label,omitempty"`
	Replacement *string  `json:"replacement,omitempty"`
	Canonical   string   `json:"canonical,omitempty"`
	Score       *float64 `json:"score,omitempty"`
	Source      string   `json:"source,omitempty"`
}

// parseResponse decodes one response strictly: a field of another name or
// type is an error, so that a misspelt "replacement" is not read as a
// deletion.
func parseResponse(line []byte) (Response, error) {
	var r Response
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Response{}, err
	}
	if dec.More() {
		return Response{}, fmt.Errorf("more than one JSON value on the line")
	}
	if r.ID == "" {
		return Response{}, fmt.Errorf(`no "id"`)
	}
	return r, nil
}

// check checks one item against a text of n code points and the known
// labels (nil: any label). The error says what is wrong, briefly.
func (it Item) check(n int, labels map[string]bool) error {
	switch {
	case it.Start == nil || it.End == nil:
		return fmt.Errorf(`no "start" or "end"`)
	case *it.Start < 0 || *it.End > n || *it.Start >= *it.End:
		return fmt.Errorf("span [%d,%d) is outside the text of %d code points or empty", *it.Start, *it.End, n)
	case it.Label == "" && it.Replacement == nil:
		return fmt.Errorf(`neither "label" nor "replacement"`)
	case it.Label != "" && it.Replacement != nil:
		return fmt.Errorf(`both "label" and "replacement"`)
	case it.Score != nil && (math.IsNaN(*it.Score) || *it.Score < 0 || *it.Score > 1):
		return fmt.Errorf("score %v is not between 0 and 1", *it.Score)
	case it.Label != "" && labels != nil && !labels[it.Label]:
		return fmt.Errorf("unknown label %q", it.Label)
	case it.Replacement == nil && it.Canonical != "" && annot.CheckName("the canonical name", it.Canonical) != nil:
		return fmt.Errorf("canonical name %q is not usable", it.Canonical)
	}
	return nil
}
