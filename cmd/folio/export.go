package main

import (
	"fmt"
	"strings"

	"folio/export"
	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) exportCmd() *cobra.Command {
	var opt export.Options
	var where string
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the corpus and its annotations in a format other tools read",
		Long: `Formats: jsonl (folio's own, lossless; default), prodigy, doccano, conll,
brat (ID.txt + ID.ann per document), text (one corrected .txt per document).
Line formats go to stdout unless --out names a file; brat and text need
--out DIR. Existing files are kept unless --force.`,
		Example: `  folio export > corpus.jsonl
  folio export --format conll --where 'status:done' --out train.conll
  folio export --format brat --out brat/ --force`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if !validFormat(opt.Format) {
				return usageError{fmt.Errorf("unknown format %q (want %s)", opt.Format, strings.Join(export.Formats(), ", "))}
			}
			s, err := e.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			ext, err := externalIDs(s)
			if err != nil {
				return err
			}
			opt.ExternalID = ext
			opt.Stdout = e.stdout
			opt.Warn = func(msg string) { fmt.Fprintln(e.stderr, msg) }
			src := func(yield func(export.Item) error) error {
				return e.eachDocWithText(s, where, func(d store.Document) error {
					return yield(export.Item{Doc: d.Doc, Text: d.Text, Anns: d.Anns})
				})
			}
			st, err := export.Write(src, opt)
			if err != nil {
				return err
			}
			to := opt.Out
			if to == "" || to == "-" {
				to = "stdout"
			}
			fmt.Fprintf(e.stderr, "exported %d documents as %s to %s\n", st.Docs, opt.Format, to)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&opt.Format, "format", "jsonl", "jsonl, prodigy, doccano, conll, brat, text, labelstudio or webanno")
	f.StringVar(&opt.Out, "out", "", "output file or folder (- or nothing: stdout)")
	f.BoolVar(&opt.Force, "force", false, "overwrite existing files")
	f.BoolVar(&opt.Tokens, "tokens", false, "prodigy: add tokens")
	f.StringVar(&where, "where", "", "only documents matching QUERY")
	return c
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
func externalIDs(s *store.Store) (func(label, canonical string) string, error) {
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
