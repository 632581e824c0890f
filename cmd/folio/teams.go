package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"folio/internal/safetext"
	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) assignCmd() *cobra.Command {
	var where, to string
	var overlap int
	c := &cobra.Command{
		Use:   "assign",
		Short: "Deal documents to reviewers, each to --overlap of them",
		Long: `assign deals the documents --where selects (all by default), in import
order, to the reviewers --to names, round robin, so that each document goes
to --overlap of them and each reviewer gets about as many. It replaces
what those documents were assigned before; it is one action, and undo
takes it back. Each reviewer's list shows their queue first.`,
		Example: `  folio assign --to rev-a,rev-b,rev-c --overlap 2
  folio assign --where 'tag:ocr status:todo' --to rev-a`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			revs, err := reviewerList(to)
			if err != nil {
				return err
			}
			if overlap < 1 || overlap > len(revs) {
				return usageError{fmt.Errorf("--overlap %d: want 1 to %d (the reviewers named)", overlap, len(revs))}
			}
			if _, err := parseWhere(where); err != nil {
				return err
			}
			s, err := e.open()
			if err != nil {
				return err
			}
			defer s.Close()
			plan := map[string][]string{}
			count := map[string]int{}
			i := 0
			err = e.eachDoc(s, where, func(d store.Document) error {
				for j := range overlap {
					r := revs[(i*overlap+j)%len(revs)]
					plan[d.Doc.ID] = append(plan[d.Doc.ID], r)
					count[r]++
				}
				i++
				return nil
			})
			if err != nil {
				return err
			}
			if len(plan) == 0 {
				return fmt.Errorf("no document matches --where %q", where)
			}
			what := fmt.Sprintf("assign %d documents to %s", len(plan), strings.Join(revs, ", "))
			if _, err := s.Assign(plan, what); err != nil && !errors.Is(err, store.ErrNoChange) {
				return err
			}
			parts := make([]string, len(revs))
			for k, r := range revs {
				parts[k] = fmt.Sprintf("%s %d", safetext.Line(r), count[r])
			}
			fmt.Fprintf(e.stderr, "assigned %d documents (overlap %d): %s\n", len(plan), overlap, strings.Join(parts, ", "))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&where, "where", "", "only documents matching QUERY")
	f.StringVar(&to, "to", "", "the reviewers, separated by commas")
	f.IntVar(&overlap, "overlap", 1, "how many reviewers get each document")
	return c
}

// reviewerList splits a --to list: names, each once, none empty.
func reviewerList(to string) ([]string, error) {
	if strings.TrimSpace(to) == "" {
		return nil, usageError{errors.New("--to names no reviewer (--to rev-a,rev-b)")}
	}
	var revs []string
	for _, r := range strings.Split(to, ",") {
		r = strings.TrimSpace(r)
		switch {
		case r == "":
			return nil, usageError{fmt.Errorf("--to %q: an empty name", to)}
		case safetext.Line(r) != r:
			return nil, usageError{fmt.Errorf("--to: %q is not a reviewer name", safetext.Line(r))}
		case slices.Contains(revs, r):
			return nil, usageError{fmt.Errorf("--to names %s twice", r)}
		}
		revs = append(revs, r)
	}
	return revs, nil
}
