package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"folio/internal/safefile"
)

// readTxt reads a .txt file as one document, with its brat companion ann
// when ann.name is not "".
func (r *reader) readTxt(it item, ann item) error {
	raw, why := r.slurp(it.name)
	if why != "" {
		r.skip(it.shown, why)
		return nil
	}
	n := Normalize(raw)
	raw = nil
	if strings.TrimSpace(n.Text) == "" {
		r.skip(it.shown, "empty file")
		return nil
	}
	var probs []Problem
	for _, w := range n.Warnings {
		probs = append(probs, Problem{Where: it.shown, Msg: w})
	}
	d := Doc{ID: it.id, Title: Title(n.Text), Source: it.shown, Text: n.Text}
	if ann.name != "" {
		annRaw, why := r.slurp(ann.name)
		if why != "" {
			probs = append(probs, Problem{Where: ann.shown, Msg: why, Skipped: true, Part: true})
		} else {
			set := newAnnSet(n, func(p Problem) { probs = append(probs, p) })
			readBrat(set, annRaw, ann.shown)
			d.Anns, d.External = set.anns, set.ext
		}
	}
	return r.emit(it.shown, d, probs)
}

// slurp reads a whole file, sniffing its start first so that a large
// binary file is not read in full. It returns why it could not, or "".
func (r *reader) slurp(name string) ([]byte, string) {
	f, err := r.fsys.Open(name)
	if err != nil {
		return nil, "cannot open: " + unwrapPath(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Size() > r.maxDoc {
		return nil, r.tooLarge("the file").Error()
	} else if err == nil && fi.Size() > 0 {
		buf.Grow(int(fi.Size()) + 1)
	}
	if _, err := io.CopyN(&buf, f, sniffLen); err != nil && err != io.EOF {
		return nil, "cannot read: " + unwrapPath(err)
	}
	if why := sniff(buf.Bytes()); why != "" {
		return nil, why
	}
	if _, err := buf.ReadFrom(safefile.LimitReader(f, r.maxDoc-int64(buf.Len()), "the file")); err != nil {
		var tl *safefile.TooLargeError
		if errors.As(err, &tl) {
			return nil, r.tooLarge("the file").Error()
		}
		return nil, "cannot read: " + unwrapPath(err)
	}
	return buf.Bytes(), ""
}

// tooLarge is the error for a document (what) over the reader's limit,
// with the setting that raises it.
func (r *reader) tooLarge(what string) error {
	return fmt.Errorf("%w (raise it with [limits] document_mb in folio.toml)", &safefile.TooLargeError{What: what, Limit: r.maxDoc})
}
