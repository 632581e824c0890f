package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"folio/internal/safefile"
)

// readJSONL streams a JSONL file, one document a line.
func (r *reader) readJSONL(it item) error {
	lr, closeFile, ok := r.openLines(it)
	if !ok {
		return nil
	}
	defer closeFile()
	if head, _ := lr.r.Peek(sniffLen); prettyJSON(head) {
		return r.readPrettyJSON(it, lr.r)
	}
	nonBlank := 0
	for {
		line, err := lr.next()
		var tl *safefile.TooLargeError
		if errors.As(err, &tl) {
			r.skip(fmt.Sprintf("%s:%d", it.shown, lr.n), r.tooLarge("the line").Error())
			nonBlank++
			continue
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				r.skip(fmt.Sprintf("%s:%d", it.shown, lr.n), "cannot read the rest of the file: "+unwrapPath(err))
			}
			break
		}
		if lr.n == 1 {
			line = bytes.TrimPrefix(line, []byte(bom))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		nonBlank++
		if err := r.decodeEmit(line, fmt.Sprintf("%s:%d", it.shown, lr.n)); err != nil {
			return err
		}
	}
	if nonBlank == 0 {
		r.skip(it.shown, "empty file")
	}
	return nil
}

// lineReader reads lines of up to max bytes, holding one line at a time.
type lineReader struct {
	r   *bufio.Reader
	buf []byte // for lines longer than r's buffer
	n   int    // number of the line last returned, from 1
	max int64  // the longest line returned; 0: no limit
}

// openLines opens the file of it for reading line by line, each line
// bounded by the document limit; a file that cannot be opened or is binary
// is skipped and reported, and ok is false.
func (r *reader) openLines(it item) (lr *lineReader, closeFile func() error, ok bool) {
	f, err := r.fsys.Open(it.name)
	if err != nil {
		r.skip(it.shown, "cannot open: "+unwrapPath(err))
		return nil, nil, false
	}
	lr = newLineReader(f)
	lr.max = r.maxDoc
	if head, _ := lr.r.Peek(sniffLen); len(head) > 0 {
		if why := sniff(head); why != "" {
			f.Close()
			r.skip(it.shown, why)
			return nil, nil, false
		}
	}
	return lr, f.Close, true
}

func newLineReader(rd io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(rd, 64<<10)}
}

// next returns the next line without its line end; it is valid until the
// next call. At the end it returns io.EOF. A line longer than max is read
// to its end without being kept, and returned as a *safefile.TooLargeError
// (it counts as a line); the next call goes on after it.
func (lr *lineReader) next() ([]byte, error) {
	if cap(lr.buf) > 1<<20 {
		lr.buf = nil // do not keep a huge line's buffer for the rest
	}
	lr.buf = lr.buf[:0]
	over := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if over || lr.max > 0 && int64(len(lr.buf)+len(chunk)) > lr.max+2 { // +2: the line end
			over, lr.buf = true, lr.buf[:0]
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			lr.n++
			return nil, &safefile.TooLargeError{What: "the line", Limit: lr.max}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			lr.buf = append(lr.buf, chunk...)
			continue
		}
		line := chunk
		if len(lr.buf) > 0 {
			lr.buf = append(lr.buf, chunk...)
			line = lr.buf
		}
		if err != nil && (!errors.Is(err, io.EOF) || len(line) == 0) {
			return nil, err
		}
		lr.n++
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, nil
	}
}

// prettyJSON reports whether a .jsonl file starts with an object spread
// over lines (its first line is a lone "{"), as doccano's relation export
// example is: not JSONL, but JSON objects one after another.
func prettyJSON(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte(bom))
	first, _, _ := bytes.Cut(head, []byte("\n"))
	return string(bytes.TrimSpace(first)) == "{"
}

// readPrettyJSON reads JSON objects one after another, however they are
// spread over lines; each is a document, as a line of JSONL would be, and
// problems name the object by its number.
func (r *reader) readPrettyJSON(it item, rd io.Reader) error {
	dec := json.NewDecoder(rd)
	r.report(Problem{Where: it.shown, Msg: "not one object a line: read as JSON objects one after another"})
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if !errors.Is(err, io.EOF) {
				r.skip(fmt.Sprintf("%s: object %d", it.shown, n), "not JSON: "+strings.TrimPrefix(err.Error(), "json: ")+"; the rest of the file is not read")
			}
			return nil
		}
		if err := r.decodeEmit(raw, fmt.Sprintf("%s: object %d", it.shown, n)); err != nil {
			return err
		}
	}
}

// decodeEmit decodes one JSON document, a line of JSONL or an object of
// a JSON stream, found at where: one it cannot take is skipped with the
// reason, the others are emitted with where as their source when they
// name none.
func (r *reader) decodeEmit(raw []byte, where string) error {
	d, probs, why := decodeLine(raw, where, r.layers)
	if why != "" {
		r.skip(where, why)
		return nil
	}
	if d.Source == "" {
		d.Source = where
	}
	return r.emit(where, d, probs)
}
