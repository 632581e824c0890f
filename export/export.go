// Package export writes documents and their annotations in the formats
// other tools read: folio's own lossless JSONL, Prodigy and doccano JSONL,
// CoNLL-2003 style BIO columns, brat standoff, and corrected plain text.
//
// Documents arrive one at a time from a Source and are written as they
// come, so memory does not grow with the corpus: the line formats render
// documents on all CPUs with a few per CPU in flight and write them in
// source order; the directory formats write one document at a time and
// keep only each document's file name, to keep names unique.
//
// # Offsets
//
// Every offset written is in Unicode code points (Python's len), as spaCy,
// Prodigy, doccano and brat count. The jsonl format indexes both the stored
// text and the corrected text; every other format writes the corrected text
// (all corrections applied, see annot.Apply) and maps entity spans onto it
// with the offset map. An entity that is stale, or that vanishes under the
// corrections, is left out of the corrected-text formats and reported
// through Options.Warn; nothing is shifted silently.
//
// # Formats
//
//   - jsonl: one annot.Record per line (folio's own form, lossless).
//   - prodigy: {"text", "spans": [{"start", "end", "label"}], "relations",
//     "meta", "accept" (an entity link), "answer" (from the status)}; a
//     rejected or ignored task's proposals are spans with their own
//     "answer", as ner.teach writes them (see renderProdigy); with
//     Options.Tokens also "tokens" and the spans' token_start/token_end
//     (inclusive, as Prodigy counts).
//   - doccano: {"id", "text", "label": [[start, end, "LABEL"], ...]}; a
//     document with relations in doccano's relation form ("entities" with
//     ids, "relations" with from_id, to_id and type); the document's
//     tags as "cats", its source's meta as "meta".
//   - conll: "-DOCSTART- -X- O O", a blank line, then one "TOKEN TAG" line
//     per token (IOB2: B-PER, I-PER, O) and a blank line after every
//     sentence. Tokens and sentences are the source's when the document
//     records them (one read from CoNLL or WebAnno TSV: annot.Tokens, see
//     segment), else Tokenize's, and a sentence ends at a blank line, or
//     after ".", "!", "?" or "…" (and any closing quotes or brackets)
//     followed by whitespace and an uppercase letter; a period right
//     after a number ("24. April") or a single letter ("U. Berg") does
//     not end one. No sentence ends inside an entity. An entity that does
//     not start and end on token boundaries is reported through
//     Options.Warn and its tokens stay O.
//   - germeval: GermEval 2014's columns on the same tokens and sentences,
//     "N<tab>TOKEN<tab>OUTER<tab>INNER", the inner layer the entities
//     nested in an outer one, "# newdoc id = ID" before each document and
//     the comment lines the source had before each sentence.
//   - brat: NAME.txt and NAME.ann per document, annotation.conf and ids.tsv.
//   - text: NAME.txt per document with the corrected text, and ids.tsv.
//   - alto, page, hocr: each page imported from that OCR format written
//     back with the corrected text in place (NAME.xml, NAME.hocr), and
//     ids.tsv; see ocrxml.Rewrite.
//   - lines: NAME_l0001.png (the line cut from the page image) and
//     NAME_l0001.gt.txt (its corrected text) for every OCR line.
//   - labelstudio: a JSON list of Label Studio tasks on the corrected text,
//     one annotation each with the entities as labels regions, their
//     attributes as choices on the region, relations, tags as choices and
//     document notes as textareas.
//   - webanno: NAME.tsv per document in WebAnno TSV 3.3 (entities and
//     relations, on the layers and features they were read from, else as
//     named entities and their relations), and ids.tsv.
//
// The line formats (jsonl, prodigy, doccano, conll, germeval, labelstudio) write one
// file or standard output; the others write into a directory. See FileName for
// how a document id becomes a file name that never leaves that directory.
package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"folio/annot"
)

// Item is one document to export: its record, its stored text and its
// annotations (spans index Text).
type Item struct {
	Doc  annot.Doc
	Text string
	Anns []annot.Annotation
	// Layout is the page layout of a document imported from OCR XML; the
	// formats of NeedsLayout need it, the others ignore it.
	Layout *annot.Layout
}

// Source yields the documents to export one at a time, from one
// goroutine. It calls yield for each and stops, returning yield's error, as
// soon as yield fails. The Item's slices may be reused once yield returns
// (Write copies what it keeps).
type Source func(yield func(Item) error) error

// Options says what to write and where.
type Options struct {
	// Format is one of Formats(); "" means jsonl.
	Format string
	// Out is the file (line formats) or directory (brat, text) to write.
	// "" or "-" writes to Stdout, for the line formats only.
	Out string
	// Stdout receives the export when Out is "" or "-" (nil: os.Stdout).
	Stdout io.Writer
	// Force overwrites existing files; without it an existing file is an
	// error that names it, and nothing written by this export remains.
	Force bool
	// Tokens adds "tokens" to the prodigy format, and token_start and
	// token_end to its spans.
	Tokens bool
	// ExternalID maps a canonical entity to its external id ("" for none).
	// It may be nil, and may be called from several goroutines at once.
	ExternalID func(label, canonical string) string
	// Warn receives the problems that do not stop the export, such as
	// entities that do not align with CoNLL tokens, in document order and
	// never concurrently. It may be nil; the warnings are counted in Stats
	// either way.
	Warn func(msg string)
	// Protect names files that the export must never write over or
	// replace, by any path or link: the open store. An export that would
	// is refused before it writes anything.
	Protect []string
}

// Stats says what an export wrote.
type Stats struct {
	Docs     int64 // documents written
	Skipped  int64 // documents left out, each with a warning (an OCR format's export of a document imported from another)
	Bytes    int64 // bytes written, over all files
	Warnings int   // problems reported through Options.Warn
	// LeftOut counts what the documents written carried that the format
	// has no place for, by name ("canonical name": 12); LeftOutLine says
	// it
	LeftOut map[string]int
}

// The format names.
const (
	FormatJSONL   = "jsonl"
	FormatProdigy = "prodigy"
	FormatDoccano = "doccano"
	FormatCoNLL   = "conll"
	// FormatGermEval is GermEval 2014's shape: an index, the token, and
	// two layers of tags (the outer entities and those nested in them).
	FormatGermEval = "germeval"
	FormatBrat     = "brat"
	FormatText     = "text"
	// FormatLabelStudio is Label Studio's JSON task list.
	FormatLabelStudio = "labelstudio"
	// FormatWebAnno is WebAnno/INCEpTION TSV 3.3, a file per document.
	FormatWebAnno = "webanno"
)

// Formats lists the format names Write accepts, the default first.
func Formats() []string {
	return []string{FormatJSONL, FormatProdigy, FormatDoccano, FormatCoNLL, FormatGermEval, FormatBrat, FormatText,
		FormatLabelStudio, FormatWebAnno, FormatALTO, FormatPAGE, FormatHOCR, FormatLines}
}

// WritesFolder reports whether format writes a folder of files (brat,
// text, webanno and the OCR formats), which needs Options.Out.
func WritesFolder(format string) bool {
	return !lineFormat(format)
}

// lineFormat reports whether format writes a single stream of lines.
func lineFormat(format string) bool {
	switch format {
	case FormatJSONL, FormatProdigy, FormatDoccano, FormatCoNLL, FormatGermEval, FormatLabelStudio:
		return true
	}
	return false
}

// docWriter writes one directory format: doc for every document, then
// finish once.
type docWriter interface {
	doc(it Item) error
	finish() error
}

// renderer renders one document of a line format into b. It may run
// concurrently with other documents' renderers.
type renderer func(r *docCtx, it Item, b *bytes.Buffer) error

// run is the state of one export.
type run struct {
	opt   Options
	stats Stats
}

// emit counts the warnings of one document and passes them to
// Options.Warn.
func (r *run) emit(c *docCtx) {
	for _, w := range c.warns {
		r.stats.Warnings++
		if r.opt.Warn != nil {
			r.opt.Warn(w)
		}
	}
	c.warns = c.warns[:0]
}

// Write exports the documents src yields in opt.Format to opt.Out.
func Write(src Source, opt Options) (Stats, error) {
	if opt.Format == "" {
		opt.Format = FormatJSONL
	}
	if !slices.Contains(Formats(), opt.Format) {
		return Stats{}, fmt.Errorf("export: unknown format %q (want one of %v)", opt.Format, Formats())
	}
	if src == nil {
		return Stats{}, errors.New("export: no documents (nil Source)")
	}
	r := &run{opt: opt}
	if lineFormat(opt.Format) {
		return r.writeLines(src)
	}
	return r.writeDir(src)
}

// writeLines runs a line format into a file or standard output.
func (r *run) writeLines(src Source) (Stats, error) {
	out, err := openLineOut(r.opt)
	if err != nil {
		return Stats{}, err
	}
	cw := &countWriter{w: out.w, n: &r.stats.Bytes}
	bw := bufio.NewWriterSize(cw, 64<<10)
	var render renderer
	switch r.opt.Format {
	case FormatJSONL:
		render = renderJSONL
	case FormatProdigy:
		render = renderProdigy
	case FormatDoccano:
		render = renderDoccano
	case FormatCoNLL:
		render = renderCoNLL
	case FormatGermEval:
		render = renderGermEval
	}
	var w io.Writer = bw
	var list *labelStudioList
	if r.opt.Format == FormatLabelStudio {
		render = renderLabelStudio
		list = &labelStudioList{w: bw}
		w = list
	}
	err = r.pipeline(src, render, w, out.name)
	if err == nil && list != nil {
		err = list.end()
	}
	if err == nil {
		err = bw.Flush()
		if err != nil {
			err = fmt.Errorf("write %s: %w", out.name, err)
		}
	}
	if err != nil {
		out.abort()
		return r.stats, err
	}
	if err := out.commit(); err != nil {
		return r.stats, err
	}
	return r.stats, nil
}

// writeDir runs a directory format.
func (r *run) writeDir(src Source) (Stats, error) {
	if r.opt.Out == "" || r.opt.Out == "-" {
		return Stats{}, fmt.Errorf("export: format %s writes files and needs an output directory (--out DIR)", r.opt.Format)
	}
	d, err := openOutDir(r.opt.Out, r.opt.Force, &r.stats.Bytes, r.opt.Protect)
	if err != nil {
		return Stats{}, err
	}
	var w docWriter
	switch r.opt.Format {
	case FormatBrat:
		w, err = newBrat(r, d)
	case FormatText:
		w = newText(r, d)
	case FormatALTO, FormatPAGE, FormatHOCR:
		w = newOCR(r, d)
	case FormatLines:
		w = &linesWriter{ocr: newOCR(r, d)}
	case FormatWebAnno:
		w = newWebAnno(r, d)
	}
	if err == nil {
		err = r.feed(src, w)
	}
	if err == nil {
		err = d.close()
	}
	if err != nil {
		d.abort()
		return r.stats, err
	}
	return r.stats, nil
}

// feed passes every document of src to w and finishes it. An error of w
// is returned as it is; an error of the source is wrapped.
func (r *run) feed(src Source, w docWriter) error {
	var werr error
	err := src(func(it Item) error {
		switch werr = w.doc(it); {
		case errors.Is(werr, errSkipped):
			werr = nil
			r.stats.Skipped++
			return nil
		case werr != nil:
			return werr
		}
		r.stats.Docs++
		r.countLeftOut(it)
		return nil
	})
	switch {
	case werr != nil:
		return werr
	case err != nil:
		return fmt.Errorf("export: read documents: %w", err)
	}
	return w.finish()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// lineOut is where a line format goes: standard output or a file that is
// created fresh (without Force) or replaced atomically (with Force).
type lineOut struct {
	w     io.Writer
	name  string   // for messages
	file  *os.File // nil for standard output
	tmp   string   // with Force: the temporary file renamed over name
	final string
}

func openLineOut(opt Options) (*lineOut, error) {
	if opt.Out == "" || opt.Out == "-" {
		w := opt.Stdout
		if w == nil {
			w = os.Stdout
		}
		return &lineOut{w: w, name: "standard output"}, nil
	}
	if fi, err := os.Stat(opt.Out); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("export: %s is a directory; format %s writes one file", opt.Out, opt.Format)
	} else if err == nil {
		if p := protected(opt.Protect, fi); p != "" {
			return nil, fmt.Errorf("export: %s is the same file as %s, which must not be overwritten: refusing", opt.Out, p)
		}
	}
	if !opt.Force {
		f, err := os.OpenFile(opt.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("export: %s exists (use --force to overwrite it)", opt.Out)
		}
		if err != nil {
			return nil, fmt.Errorf("export: create %s: %w", opt.Out, err)
		}
		return &lineOut{w: f, name: opt.Out, file: f}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(opt.Out), "."+filepath.Base(opt.Out)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("export: create %s: %w", opt.Out, err)
	}
	return &lineOut{w: f, name: opt.Out, file: f, tmp: f.Name(), final: opt.Out}, nil
}

// commit closes the file and, with Force, moves it into place.
func (o *lineOut) commit() error {
	if o.file == nil {
		return nil
	}
	if err := o.file.Close(); err != nil {
		o.abort()
		return fmt.Errorf("write %s: %w", o.name, err)
	}
	if o.tmp != "" {
		if err := os.Chmod(o.tmp, 0o644); err != nil {
			o.abort()
			return fmt.Errorf("write %s: %w", o.name, err)
		}
		if err := os.Rename(o.tmp, o.final); err != nil {
			o.abort()
			return fmt.Errorf("write %s: %w", o.name, err)
		}
	}
	return nil
}

// abort removes what this export created; an existing file replaced with
// Force stays as it was.
func (o *lineOut) abort() {
	if o.file == nil {
		return
	}
	o.file.Close()
	if o.tmp != "" {
		os.Remove(o.tmp)
	} else {
		os.Remove(o.name)
	}
}
