package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"folio/annot"
)

// renderJSONL writes folio's own lossless form: one annot.Record per line,
// with canonical names and external ids, tags, status, notes, marks and
// who/when on every annotation.
func renderJSONL(r *docCtx, it Item, b *bytes.Buffer) error {
	rec := annot.NewRecord(it.Doc, it.Text, it.Anns, r.opt.ExternalID)
	return encodeLine(b, rec, it)
}

// encodeLine appends v to b as one line of JSON, with <, > and & as they
// are.
func encodeLine(b *bytes.Buffer, v any, it Item) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode doc %q: %w", it.Doc.ID, err)
	}
	return nil
}
