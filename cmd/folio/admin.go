package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"folio/annot"
	"folio/internal/english"
	"folio/internal/safefile"
	"folio/internal/safetext"
	"folio/query"
	"folio/remote"
	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) statsCmd() *cobra.Command {
	var asJSON bool
	var where string
	c := &cobra.Command{
		Use:   "stats",
		Short: "Count documents, review progress, tags, labels and corrections",
		Example: `  folio stats
  folio stats --json --where 'tag:ocr status:done'`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := e.openRead()
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := e.stats(s, where)
			if err != nil {
				return err
			}
			return writeStats(e, st, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	c.Flags().StringVar(&where, "where", "", "only documents matching QUERY (the list's filter language)")
	return c
}

// stats counts the documents where selects. The store answers (the one
// that holds it, when it is another folio's): from its counters and
// posting lists where its indexes cover the view, reading no record.
// has:suggestions first counts every document's suggestions, here, over
// the records.
func (e *env) stats(s store.API, where string) (store.Stats, error) {
	q, err := parseWhere(where)
	if err != nil {
		return store.Stats{}, err
	}
	if q.NeedsSuggestions() {
		st := store.NewStats()
		err := e.eachDoc(s, where, func(d store.Document) error { st.Add(d.Doc); return nil })
		return st, err
	}
	e.twinsLeft(s, q)
	return s.Stats(q)
}

// indexOf returns s when its indexes answer queries: a local store that
// reads the curated annotations alone (the indexes cover no reviewer's
// layer, and a served store is queried by scanning).
func indexOf(s store.API) (*store.Store, bool) {
	ls, ok := localStore(s)
	if !ok || !ls.Indexed() {
		return nil, false
	}
	return ls, true
}

// localStore returns the store this process holds behind s: s itself, or
// the store it serves to others (e.open's); a client of another folio's
// store has none.
func localStore(s store.API) (*store.Store, bool) {
	switch v := s.(type) {
	case *store.Store:
		return v, true
	case *remote.Local:
		return v.Store(), true
	}
	return nil, false
}

// eachDoc calls fn with every document matching the query where, in
// import order. Text and annotations are read only when the query needs
// them (free words, has:suggestions); otherwise fn gets the record alone.
func (e *env) eachDoc(s store.API, where string, fn func(store.Document) error) error {
	q, err := parseWhere(where)
	if err != nil {
		return err
	}
	if q.NeedsText() || q.NeedsSuggestions() {
		return e.eachDocWithText(s, where, fn)
	}
	e.twinsLeft(s, q)
	if ix, ok := indexOf(s); ok {
		sel, err := ix.Select(q, nil)
		if err != nil {
			return err
		}
		return ix.DocsOf(sel, func(d annot.Doc) error { return fn(store.Document{Doc: d}) })
	}
	if q, err = withAliases(s, q); err != nil {
		return err
	}
	return s.Docs(func(d annot.Doc) error {
		if q.Match(query.Subject{Doc: d}) {
			return fn(store.Document{Doc: d})
		}
		return nil
	})
}

// eachDocWithText is eachDoc with each document's text and annotations.
// Where the indexes answer, they select the documents and only theirs are
// read. When the query asks has:suggestions, each document's suggestions
// are counted first, which builds the suggester (a pass over the corpus).
func (e *env) eachDocWithText(s store.API, where string, fn func(store.Document) error) error {
	q, err := parseWhere(where)
	if err != nil {
		return err
	}
	e.twinsLeft(s, q)
	if ix, ok := indexOf(s); ok && !q.NeedsSuggestions() {
		sel, err := ix.Select(q, nil)
		if err != nil {
			return err
		}
		return ix.DocumentsOf(sel, fn)
	}
	if q, err = withAliases(s, q); err != nil {
		return err
	}
	var g *suggester
	if q.NeedsSuggestions() {
		cfg, err := e.config()
		if err != nil {
			return err
		}
		if err := checkWordLists(cfg, nil, nil); err != nil {
			return err
		}
		if g, err = buildSuggester(s, cfg, nil, nil, runtime.GOMAXPROCS(0), nil); err != nil {
			return err
		}
	}
	var keep func(annot.Doc) bool // read only the texts the query may want
	if !q.NeedsText() && !q.NeedsSuggestions() {
		keep = func(d annot.Doc) bool { return q.Match(query.Subject{Doc: d}) }
	}
	return s.Documents(keep, func(d store.Document) error {
		if g != nil {
			d.Doc.Counts.Suggestions = len(g.Suggest(d.Doc.ID, d.Text, d.Anns))
		}
		if q.Match(subject(d)) {
			return fn(d)
		}
		return nil
	})
}

// verify reads what a command is about to read (the documents where
// selects, or all) and fails, naming every damaged document, before the
// command writes anything.
func (e *env) verify(s store.API, where string) error {
	q, err := parseWhere(where)
	if err != nil {
		return err
	}
	var keep func(annot.Doc) bool
	if ix, ok := indexOf(s); ok && !q.NeedsSuggestions() && !q.Empty() {
		sel, err := ix.Select(q, nil)
		if err != nil {
			return err
		}
		keep = func(d annot.Doc) bool { return sel.Contains(uint32(d.Seq)) }
	} else if !q.NeedsText() && !q.NeedsSuggestions() {
		if q, err = withAliases(s, q); err != nil {
			return err
		}
		keep = func(d annot.Doc) bool { return q.Match(query.Subject{Doc: d}) }
	}
	probs, err := s.Damage(keep)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return &store.DamageError{Problems: probs}
	}
	return nil
}

// withAliases is q with its entity: terms widened to the canonical
// entities whose aliases they match (query.Query.WithAliases), for a
// command that matches records itself; Select widens its own. The
// registry is read only when q has such a term.
func withAliases(s store.API, q *query.Query) (*query.Query, error) {
	var ents []store.Entity
	var err error
	read := false
	wide := q.WithAliases(func(match func(string) bool) []string {
		if !read {
			ents, err = s.Entities()
			read = true
		}
		var names []string
		for _, e := range ents {
			if slices.ContainsFunc(e.Aliases, match) {
				names = append(names, e.Name)
			}
		}
		return names
	})
	if err != nil {
		return nil, fmt.Errorf("--where: the entity registry: %w", err)
	}
	return wide, nil
}

func parseWhere(where string) (*query.Query, error) {
	q, err := query.Parse(where)
	if err != nil {
		return nil, usageError{fmt.Errorf("--where: %w", err)}
	}
	return q, nil
}

// subject is what a query matches a document with text against.
func subject(d store.Document) query.Subject {
	return query.Subject{Doc: d.Doc, Text: func() string { return store.SearchText(d.Text, d.Anns) }}
}

// writeStats prints st as folio stats does: as text, or as one JSON
// object.
func writeStats(e *env, st store.Stats, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(st)
	}
	printStats(e, st)
	return nil
}

func printStats(e *env, st store.Stats) {
	w := e.stdout
	pct := func(n int) float64 {
		if st.Documents == 0 {
			return 0
		}
		return 100 * float64(n) / float64(st.Documents)
	}
	fmt.Fprintf(w, "documents    %d (%.1f MB)\n", st.Documents, float64(st.Bytes)/1e6)
	fmt.Fprintf(w, "done         %d (%.0f %%)\n", st.ByStatus["done"], pct(st.ByStatus["done"]))
	fmt.Fprintf(w, "todo         %d\n", st.ByStatus["todo"])
	fmt.Fprintf(w, "rejected     %d\n", st.ByStatus["rejected"])
	fmt.Fprintf(w, "entities     %d%s\n", st.Entities, counts(st.Labels))
	fmt.Fprintf(w, "corrections  %d\n", st.Corrections)
	fmt.Fprintf(w, "marks        %d\n", st.Marks)
	fmt.Fprintf(w, "notes        %d\n", st.Notes)
	if st.Stale > 0 {
		fmt.Fprintf(w, "stale        %d (spans whose text changed on re-import)\n", st.Stale)
	}
	tags := strings.TrimPrefix(counts(st.Tags), " ")
	if tags == "" {
		tags = "none"
	}
	fmt.Fprintf(w, "tags         %s\n", tags)
}

// counts formats a map as " (a 3, b 1)", largest first.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", safetext.Line(k), m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (e *env) backupCmd() *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the store, while others read it",
		Long: `backup writes a consistent copy of the store to FILE, which must not exist.
It first reads every page of the store (as check does) and refuses to copy
a damaged store unless --force: a damaged copy would pass for a good one.`,
		Example: "  folio backup folio-2026-11-22.db",
		Args:    wantArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := e.openRead()
			if force && errors.Is(err, store.ErrDamaged) {
				// too damaged to open (truncated): its bytes as they are
				if err := store.BackupToFile(args[0], func(w io.Writer) (int64, error) { return copyFileTo(w, e.db) }); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "copied %s, which cannot be opened (%s), to %s as it is\n",
					safetext.Line(e.db), firstLine(err.Error()), safetext.Line(args[0]))
				return nil
			}
			if err != nil {
				return err
			}
			defer s.Close()
			if !force {
				if probs := e.checkPages(s); len(probs) > 0 {
					return fmt.Errorf("%s is damaged (%s; run folio check): not backed up; --force copies it as it is",
						s.Path(), firstLine(probs[0]))
				}
			}
			if err := s.BackupFile(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "backed up %s to %s\n", safetext.Line(s.Path()), safetext.Line(args[0]))
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "copy a damaged store as it is")
	return c
}

// copyFileTo copies the regular file at path to w.
func copyFileTo(w io.Writer, path string) (int64, error) {
	f, err := safefile.Open(path, false)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, err := io.Copy(w, f)
	if err != nil {
		return n, fmt.Errorf("copy %s: %w", path, err)
	}
	return n, nil
}

func (e *env) checkCmd() *cobra.Command {
	var pagesOnly, rebuild bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the integrity of the store, of every annotation and of the indexes",
		Example: `  folio --db review.db check
  folio --db review.db check --rebuild-index`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if pagesOnly {
				return e.checkPagesChild()
			}
			if rebuild {
				if _, err := os.Stat(e.db); e.server == "" && errors.Is(err, fs.ErrNotExist) {
					// a store that is not there is not made by its check
					return e.cannotOpen(fmt.Errorf("open store %s: %w", safetext.Line(e.db), store.ErrNoStore))
				}
				// an open for writing migrates an older store; then the
				// pages (the child reads them while no one writes), then
				// the rebuild
				s, err := e.open()
				if err != nil {
					return e.cannotOpen(err)
				}
				_, local := localStore(s)
				if err := s.Close(); err != nil {
					return err
				}
				if !local {
					return fmt.Errorf("--rebuild-index: %s is served by another folio; rebuild its indexes where it is served, with that folio stopped", safetext.Line(e.db))
				}
				if probs := e.checkPagesFile(); len(probs) > 0 {
					for _, p := range probs {
						fmt.Fprintln(e.stdout, safetext.Line(p))
					}
					return fmt.Errorf("%s: %s found in its pages: the indexes were not rebuilt", safetext.Line(e.db), english.Count(len(probs), "problem", "problems"))
				}
				if s, err = e.open(); err != nil {
					return err
				}
				if ls, ok := localStore(s); ok {
					err = ls.RebuildIndex()
				} else {
					err = fmt.Errorf("--rebuild-index: %s is served by another folio now: the indexes were not rebuilt", safetext.Line(e.db))
				}
				if cerr := s.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "%s: indexes rebuilt from the documents\n", safetext.Line(e.db))
			}
			s, err := e.openRead()
			if err != nil {
				return e.cannotOpen(err)
			}
			defer s.Close()
			probs := e.checkPages(s)
			if len(probs) == 0 {
				if probs, err = s.CheckInvariants(); err != nil {
					return err
				}
			}
			for _, p := range probs {
				fmt.Fprintln(e.stdout, safetext.Line(p))
			}
			if len(probs) > 0 {
				return fmt.Errorf("%s: %s found", s.Path(), english.Count(len(probs), "problem", "problems"))
			}
			n, _ := s.Len()
			fmt.Fprintf(e.stderr, "%s is sound: %s checked\n", safetext.Line(s.Path()), english.Count(n, "document", "documents"))
			if ls, ok := localStore(s); ok {
				if left, err := ls.DerivedPending(); err == nil && left > 0 {
					fmt.Fprintf(e.stderr, "the word counts and twins of the last %s imported are not filed yet: folio suggest, the interface or folio serve files them\n", english.Count(left, "document", "documents"))
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&rebuild, "rebuild-index", false, "drop the indexes and build them again from the documents, then check")
	c.Flags().BoolVar(&pagesOnly, "pages-only", false, "")
	c.Flags().MarkHidden("pages-only")
	return c
}

// cannotOpen is check's report of err, which opening the store returned:
// when the store is too damaged to open, what is wrong (on stdout, as
// check's problems are) and how to get the store back; else err.
func (e *env) cannotOpen(err error) error {
	var d *store.OpenDamageError
	if !errors.As(err, &d) {
		return err
	}
	fmt.Fprintln(e.stdout, safetext.Line(d.Why))
	from := "one folio backup made"
	if baks := store.MigrationBackups(d.Path); len(baks) > 0 {
		from += ", or the one an upgrade left beside it: " + baks[len(baks)-1]
	}
	return fmt.Errorf("%s is damaged so that folio cannot open it, and nothing that is left of it can be read: restore it from a copy (%s); folio backup --force COPY keeps the damaged file as it is, for a closer look",
		d.Path, from)
}

// checkPages reads every page of the store in a child process (this
// program, `check --pages-only`): pages damaged badly enough make bbolt
// fault, loop or allocate without bound, which must not take folio down
// with them. It returns the problems found; a child that dies is one. A
// store another folio serves is checked by that folio.
func (e *env) checkPages(s store.API) []string {
	if _, local := s.(*store.Store); !local {
		probs, err := s.CheckPages()
		if err != nil {
			probs = append(probs, fmt.Sprintf("damaged pages: reading them failed (%v)", err))
		}
		return probs
	}
	return e.checkPagesFile()
}

// checkPagesFile reads every page of the store file e.db in a child
// process (see checkPages); no one may write it meanwhile.
func (e *env) checkPagesFile() []string {
	self, err := os.Executable()
	if err != nil {
		return []string{fmt.Sprintf("cannot run the page check: %v", err)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, "--db", e.db, "check", "--pages-only")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var probs []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line != "" {
			probs = append(probs, line)
		}
	}
	if err != nil && len(probs) == 0 {
		why := firstLine(errb.String())
		if ctx.Err() != nil {
			why = "it did not finish in 30 minutes"
		}
		probs = append(probs, fmt.Sprintf("damaged pages: reading them failed (%s: %v)", why, err))
	}
	return probs
}

// childEnv marks the page-check child, so that a test binary runs folio.
const childEnv = "FOLIO_CHECK_CHILD"

// checkPagesChild is the page check's child: it prints each problem on
// stdout. A watchdog ends it when damaged pages make bbolt allocate
// without bound.
func (e *env) checkPagesChild() error {
	limit := int64(2 << 10) // MiB
	if n, err := strconv.ParseInt(e.getenv(maxHeapEnv), 10, 64); err == nil && n > 0 {
		limit = min(limit, n)
	}
	go watchHeap(limit<<20, func() {
		fmt.Fprintf(e.stdout, "damaged pages: reading them made bbolt allocate more than %d MiB (a loop in the page tree?)\n", limit)
		os.Exit(exitFail)
	})
	s, err := e.openRead()
	if err != nil {
		return err
	}
	defer s.Close()
	probs, err := s.CheckPages()
	if err != nil {
		return err
	}
	for _, p := range probs {
		fmt.Fprintln(e.stdout, p)
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "no message"
	}
	return s
}
