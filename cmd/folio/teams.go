package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"folio/agree"
	"folio/internal/english"
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
			what := fmt.Sprintf("assign %s to %s", english.Count(len(plan), "document", "documents"), strings.Join(revs, ", "))
			if _, err := s.Assign(plan, what); err != nil && !errors.Is(err, store.ErrNoChange) {
				return err
			}
			parts := make([]string, len(revs))
			for k, r := range revs {
				parts[k] = fmt.Sprintf("%s %d", safetext.Line(r), count[r])
			}
			fmt.Fprintf(e.stderr, "assigned %s (overlap %d): %s\n", english.Count(len(plan), "document", "documents"), overlap, strings.Join(parts, ", "))
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

func (e *env) agreeCmd() *cobra.Command {
	var where string
	var asJSON bool
	c := &cobra.Command{
		Use:   "agree",
		Short: "Measure how far reviewers agree on the documents they annotated apart",
		Long: `agree compares the reviewers' versions of each document dealt to two or
more of them (folio assign --overlap 2): per label and overall, span F1
(exact, and overlapping with the same label), Cohen's κ over tokens, per
pair of reviewers, Fleiss' κ (when every document has as many reviewers)
and Krippendorff's α over tokens, and the share of identical corrections.
Documents are listed least agreed on first.`,
		Example: `  folio agree
  folio agree --where 'tag:ocr' --json | jq .labels`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if _, err := parseWhere(where); err != nil {
				return err
			}
			s, err := e.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			layers, err := s.Layers()
			if err != nil {
				return err
			}
			var docs []agree.Doc
			err = e.eachDoc(s.Layer(""), where, func(d store.Document) error {
				revs := layers[d.Doc.ID]
				if len(revs) < 2 {
					return nil
				}
				full, err := s.Layer("").Document(d.Doc.ID)
				if err != nil {
					return err
				}
				ad := agree.Doc{ID: d.Doc.ID, Text: full.Text}
				for _, r := range revs {
					anns, err := s.Layer(r).Annotations(d.Doc.ID)
					if err != nil {
						return err
					}
					ad.Versions = append(ad.Versions, agree.VersionOf(r, anns))
				}
				docs = append(docs, ad)
				return nil
			})
			if err != nil {
				return err
			}
			if len(docs) == 0 {
				return errors.New("no document has the versions of two reviewers (folio assign --overlap 2 deals them)")
			}
			rep := agree.Measure(docs)
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(rep)
			}
			printAgreement(e.stdout, rep)
			return nil
		},
	}
	c.Flags().StringVar(&where, "where", "", "only documents matching QUERY")
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return c
}

func printAgreement(w io.Writer, rep agree.Report) {
	f := func(x *float64) string {
		if x == nil {
			return "–"
		}
		return fmt.Sprintf("%.3f", *x)
	}
	names := make([]string, len(rep.Reviewers))
	for i, r := range rep.Reviewers {
		names[i] = safetext.Line(r)
	}
	fmt.Fprintf(w, "documents %d, reviewers %s\n\n", rep.Docs, strings.Join(names, ", "))
	fmt.Fprintf(w, "%-28s %9s %11s %7s\n", "", "exact F1", "overlap F1", "κ")
	row := func(name string, s agree.Scores) {
		fmt.Fprintf(w, "%-28s %9s %11s %7s\n", name, f(s.F1Exact), f(s.F1Overlap), f(s.Kappa))
	}
	row("overall", rep.Overall)
	for _, l := range rep.Labels {
		row(fmt.Sprintf("%s (%d spans)", safetext.Line(l.Label), l.Spans), l.Scores)
	}
	fmt.Fprintln(w)
	for _, p := range rep.Pairs {
		row(fmt.Sprintf("%s–%s (%d docs)", safetext.Line(p.A), safetext.Line(p.B), p.Docs), p.Scores)
	}
	fmt.Fprintf(w, "\nFleiss' κ %s, Krippendorff's α %s (over tokens)\n", f(rep.Fleiss), f(rep.Alpha))
	if rep.Overall.FixesCompared > 0 {
		fmt.Fprintf(w, "identical corrections %s of %d corrected spans\n", f(rep.Overall.FixesIdentical), rep.Overall.FixesCompared)
	}
	fmt.Fprintln(w, "\nleast agreed documents first:")
	for i, d := range rep.PerDoc {
		if i == 20 {
			fmt.Fprintf(w, "… and %d more (--json lists all)\n", len(rep.PerDoc)-i)
			break
		}
		row(safetext.Line(d.ID), d.Scores)
	}
}

func (e *env) curateCmd() *cobra.Command {
	var doc, from, ids string
	c := &cobra.Command{
		Use:   "curate",
		Short: "Accept a reviewer's version of a document, or some of its annotations",
		Long: `curate copies reviewer --accept's version of document --doc into the
curated annotations (what export writes), replacing them (but the status);
with --ann, only the annotations named (the "id" of each in export --layer
REVIEWER; the curator's view, V, shows them too), added to the curated
ones. --doc takes a document's id or its beginning, when only one id
begins so. It is one action; undo takes it back.`,
		Example: `  folio curate --doc 001 --accept rev-a
  folio curate --doc 001 --accept rev-b --ann a3,a7
  folio export --layer rev-b --where id:001* | jq '.entities[] | {id, label, text}'`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if doc == "" || from == "" {
				return usageError{errors.New("curate needs --doc and --accept")}
			}
			var pick []string
			if ids != "" {
				for _, id := range strings.Split(ids, ",") {
					if id = strings.TrimSpace(id); id != "" {
						pick = append(pick, id)
					}
				}
			}
			s, err := e.open()
			if err != nil {
				return err
			}
			defer s.Close()
			if doc, err = s.Resolve(doc); err != nil {
				return err
			}
			act, err := s.Curate(doc, from, pick)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s\n", safetext.Line(act.What))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&doc, "doc", "", "the document: its id, or its beginning")
	f.StringVar(&from, "accept", "", "the reviewer whose version to accept")
	f.StringVar(&ids, "ann", "", "only these annotations of it, by id, separated by commas")
	return c
}
