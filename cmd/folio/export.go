package main

import (
	"errors"
	"fmt"
	"strings"

	"folio/annot"
	"folio/export"
	"folio/internal/english"
	"folio/internal/safetext"
	"folio/query"
	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) exportCmd() *cobra.Command {
	var opt export.Options
	var where, layer string
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the corpus and its annotations in a format other tools read",
		Long: `Formats: jsonl (folio's own, lossless; default), prodigy, doccano, conll,
germeval (CoNLL with an inner column: entities nested one level),
labelstudio (one JSON list of tasks), brat (ID.txt + ID.ann per document),
webanno (ID.tsv per document, WebAnno TSV 3.3), text (one corrected .txt
per document), alto, page, hocr (each page imported from that OCR format,
corrected in place), lines (ID_l0001.png + ID_l0001.gt.txt line training
pairs).
Line formats (jsonl, prodigy, doccano, conll, germeval, labelstudio) go to stdout
unless --out names a file; the others write one file per document and
need --out DIR. Existing files are kept unless --force.`,
		Example: `  folio export > corpus.jsonl
  folio export --format conll --where 'status:done' --out train.conll
  folio export --format brat --out brat/ --force`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if !validFormat(opt.Format) {
				return usageError{fmt.Errorf("unknown format %q (want %s)", opt.Format, strings.Join(export.Formats(), ", "))}
			}
			if export.WritesFolder(opt.Format) && (opt.Out == "" || opt.Out == "-") {
				return usageError{fmt.Errorf("format %s writes one file per document: give --out DIR", opt.Format)}
			}
			st, err := e.openRead()
			if err != nil {
				return err
			}
			defer st.Close()
			// the curated annotations, or one reviewer's version
			s := st.Layer(layer)
			// name every damaged document before writing anything
			if err := e.verify(s, where); err != nil {
				return err
			}
			ext, err := externalIDs(s)
			if err != nil {
				return err
			}
			opt.ExternalID = ext
			opt.Stdout = e.stdout
			opt.Protect = []string{s.Path()}
			total, err := selectedBytes(s, where)
			if err != nil {
				return err
			}
			prog := newProgress(e.stderr, "exporting", total, e.stderrIsTerminal())
			defer prog.done()
			opt.Warn = prog.println
			src := func(yield func(export.Item) error) error {
				return e.eachDocWithText(s, where, func(d store.Document) error {
					defer prog.add(int64(d.Doc.Bytes))
					it := export.Item{Doc: d.Doc, Text: d.Text, Anns: d.Anns}
					if export.NeedsLayout(opt.Format) {
						l, err := s.Layout(d.Doc.ID)
						if err != nil && !errors.Is(err, store.ErrNoLayout) {
							return err
						}
						it.Layout = l
					}
					return yield(it)
				})
			}
			n, err := export.Write(src, opt)
			prog.done()
			if err != nil {
				return err
			}
			to := opt.Out
			if to == "" || to == "-" {
				to = "stdout"
			}
			skipped := ""
			if n.Skipped > 0 {
				skipped = fmt.Sprintf(" (%d skipped, above)", n.Skipped)
			}
			fmt.Fprintf(e.stderr, "exported %s as %s to %s%s\n", english.Count(int(n.Docs), "document", "documents"), opt.Format, safetext.Line(to), skipped)
			if line := export.LeftOutLine(opt.Format, n.LeftOut); line != "" {
				fmt.Fprintln(e.stderr, line)
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&opt.Format, "format", "jsonl", "jsonl, prodigy, doccano, conll, germeval, brat, text, labelstudio, webanno, alto, page, hocr or lines")
	f.StringVarP(&opt.Out, "out", "o", "", "output file or folder (- or nothing: stdout)")
	f.BoolVar(&opt.Force, "force", false, "overwrite existing files")
	f.BoolVar(&opt.Tokens, "tokens", false, "prodigy: add tokens")
	f.StringVar(&where, "where", "", "only documents matching QUERY")
	f.StringVar(&layer, "layer", "", "write reviewer NAME's version of double-annotated documents (default: the curated one)")
	return c
}

// selectedBytes is the size of the texts an export of where writes, for
// its progress bar, or 0 (unknown) when where must read the texts to
// decide.
func selectedBytes(s store.API, where string) (int64, error) {
	q, err := parseWhere(where)
	if err != nil {
		return 0, err
	}
	if q.NeedsText() || q.NeedsSuggestions() {
		return 0, nil // what matches is known only once each text is read
	}
	var n int64
	err = s.Docs(func(d annot.Doc) error {
		if q.Match(query.Subject{Doc: d}) {
			n += int64(d.Bytes)
		}
		return nil
	})
	return n, err
}

func validFormat(f string) bool {
	for _, x := range export.Formats() {
		if x == f {
			return true
		}
	}
	return false
}

// externalIDs returns a lookup of the registry's external ids.
func externalIDs(s store.API) (func(label, canonical string) string, error) {
	ents, err := s.Entities()
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, e := range ents {
		if e.ExternalID != "" {
			ids[e.Label+"\x00"+e.Name] = e.ExternalID
		}
	}
	return func(label, canonical string) string { return ids[label+"\x00"+canonical] }, nil
}
