package main

import (
	"encoding/json"
	"fmt"

	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) suggestCmd() *cobra.Command {
	var doc, where string
	var lexicons, patterns []string
	c := &cobra.Command{
		Use:   "suggest",
		Short: "Print suggestions (OCR fixes, line-end joins, entities), one JSON a line",
		Example: `  folio suggest --doc 001_879768a2f144ad87
  folio suggest --lexicon /usr/share/dict/ngerman --where 'tag:ocr'
  folio suggest --patterns gazetteer.jsonl | jq 'select(.kind=="entity")'`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			q, err := parseWhere(where)
			if err != nil {
				return err
			}
			if err := checkWordLists(cfg, lexicons, patterns); err != nil {
				return err
			}
			s, err := e.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			if doc != "" {
				if _, err := s.Doc(doc); err != nil {
					return err
				}
			}
			g, err := buildSuggester(s, cfg, lexicons, patterns)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			n := 0
			err = s.Documents(nil, func(d store.Document) error {
				if doc != "" && d.Doc.ID != doc {
					return nil
				}
				if !q.NeedsSuggestions() && !q.Match(subject(d)) {
					return nil // the cheap test first
				}
				sugg := g.Suggest(d.Doc.ID, d.Text, d.Anns)
				d.Doc.Counts.Suggestions = len(sugg)
				if q.NeedsSuggestions() && !q.Match(subject(d)) {
					return nil
				}
				for _, sg := range sugg {
					if err := enc.Encode(sg); err != nil {
						return err
					}
					n++
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%d suggestions\n", n)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&doc, "doc", "", "only the document with this id")
	f.StringVar(&where, "where", "", "only documents matching QUERY")
	f.StringArrayVar(&lexicons, "lexicon", nil, "a word list, one word a line (repeatable)")
	f.StringArrayVar(&patterns, "patterns", nil, "entity patterns, Prodigy JSONL (repeatable)")
	return c
}
