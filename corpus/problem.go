package corpus

// Problem is something the reader reports: a file, line or span it did not
// import (Skipped), or a warning about a document it kept, such as repaired
// UTF-8.
type Problem struct {
	Where   string // the file as given or walked, with ":line" for a line of a JSONL or .ann file
	Msg     string
	Skipped bool // the file, line or span was not imported
	// Part is set when only part of a document was skipped (a span, a
	// field, a line of its .ann file) and the document itself was read,
	// so that callers can count skipped documents apart from skipped spans.
	Part bool
	// Dropped names, in the singular, what the input had that folio does
	// not keep ("event", `"score" field`); N says how many. The import
	// summary adds them up by name instead of printing each.
	Dropped string
	// N is how many annotations or fields the problem is about; 0 means 1.
	N int
}

// count is how many things p is about.
func (p Problem) count() int { return max(p.N, 1) }

// String formats p for a user: "data.jsonl:3: skipped: not JSON: …" or
// "a.txt: warning: replaced 2 invalid UTF-8 bytes with U+FFFD".
func (p Problem) String() string {
	kind := "warning"
	if p.Skipped {
		kind = "skipped"
	}
	return p.Where + ": " + kind + ": " + p.Msg
}
