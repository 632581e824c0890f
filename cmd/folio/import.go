package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"folio/config"
	"folio/corpus"
	"folio/internal/safetext"
	"folio/seeds"
	"folio/store"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func (e *env) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import PATH...",
		Short: "Import .txt files, folders (recursive) and .jsonl files",
		Example: `  folio import corpus/
  folio import scan.txt more.jsonl
  folio --db review.db import export.jsonl`,
		Args: wantArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := e.config()
			if err != nil {
				return err
			}
			// refuse missing paths, FIFOs and devices before the store
			// is created or locked
			if err := corpus.CheckPaths(args); err != nil {
				return err
			}
			s, err := e.open()
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = e.importPaths(s, args, cfg.Limits)
			return err
		},
	}
}

// importPaths imports paths into s, reporting problems and a summary line
// on stderr.
func (e *env) importPaths(s store.API, paths []string, lim config.Limits) (store.ImportStats, error) {
	total := int64(0)
	for _, p := range paths {
		total += treeSize(p)
	}
	return e.importFrom(s, total, func(add func(corpus.Doc) error, report func(corpus.Problem)) error {
		return corpus.ReadWith(paths, corpus.Options{MaxDocument: lim.Document()}, add, report)
	})
}

// importSeeds imports the bundled corpus.
func (e *env) importSeeds(s store.API) (store.ImportStats, error) {
	return e.importFrom(s, 0, func(add func(corpus.Doc) error, report func(corpus.Problem)) error {
		return corpus.ReadFS(seeds.FS, ".", add, report)
	})
}

func (e *env) importFrom(s store.API, total int64, read func(func(corpus.Doc) error, func(corpus.Problem)) error) (store.ImportStats, error) {
	var tally corpus.Tally // every skip counted, every dropped field named
	prog := newProgress(e.stderr, total, isTerminal(e.stderr) || e.getenv(stderrTTYEnv) == "1")
	report := func(p corpus.Problem) {
		if tally.Add(p) {
			prog.println(p.String())
		}
	}
	im := s.NewImporter(func(id, msg string) { prog.println(id + ": " + msg) })
	err := read(func(d corpus.Doc) error {
		prog.add(int64(len(d.Text)))
		in := store.ImportDoc{ID: d.ID, Title: d.Title, Source: d.Source, Text: d.Text, Anns: d.Anns, Layout: d.Layout}
		if d.Layout != nil && d.Layout.Image != "" {
			// exports run from other folders: keep the page image's full path
			if abs, err := filepath.Abs(d.Layout.Image); err == nil {
				d.Layout.Image = abs
			}
		}
		for _, x := range d.External {
			in.Entities = append(in.Entities, store.Entity{Label: x.Label, Name: x.Canonical, ExternalID: x.ID})
		}
		return im.Add(in)
	}, report)
	st, cerr := im.Close()
	prog.done()
	if err == nil {
		err = cerr
	}
	if err != nil {
		return st, err
	}
	fmt.Fprintf(e.stderr, "imported %d documents (%d updated, %d unchanged, %d skipped) into %s\n",
		st.Added, st.Updated, st.Unchanged, tally.Docs, safetext.Line(s.Path()))
	if st.Moved+st.Stale > 0 {
		fmt.Fprintf(e.stderr, "changed texts: %d annotations moved with their text, %d flagged stale\n", st.Moved, st.Stale)
	}
	if skipped := tally.Anns + st.AnnsSkipped; st.AnnsAdded+skipped+st.AnnsDup > 0 {
		fmt.Fprintf(e.stderr, "annotations: %d imported, %d skipped", st.AnnsAdded, skipped)
		if st.AnnsDup > 0 {
			fmt.Fprintf(e.stderr, ", %d already there", st.AnnsDup)
		}
		if st.Resolved > 0 {
			fmt.Fprintf(e.stderr, ", %d marks resolved by imported corrections", st.Resolved)
		}
		fmt.Fprintln(e.stderr)
	}
	if d := tally.Dropped(); d != "" {
		fmt.Fprintf(e.stderr, "dropped: %s\n", d)
	}
	return st, nil
}

// treeSize is the size of a file or of the files under a folder, for the
// progress bar; errors count as 0 (the import reports them).
func treeSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// progress draws an import's progress on a terminal once it has taken more
// than a moment; elsewhere it only passes messages through.
type progress struct {
	w            io.Writer
	tty          bool
	total, n     int64
	start, drawn time.Time
	shown        bool
}

func newProgress(w io.Writer, total int64, tty bool) *progress {
	return &progress{w: w, tty: tty, total: total, start: time.Now()}
}

func (p *progress) add(n int64) {
	p.n += n
	if !p.tty || time.Since(p.start) < 500*time.Millisecond || time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn = time.Now()
	p.shown = true
	const width = 30
	mb := float64(p.n) / 1e6
	rate := mb / time.Since(p.start).Seconds()
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r\x1b[Kimporting… %.1f MB (%.1f MB/s)", mb, rate)
		return
	}
	done := min(int(float64(p.n)/float64(p.total)*width), width)
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '░'
		if i < done {
			bar[i] = '█'
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s %3.0f%% %.1f MB (%.1f MB/s)", string(bar), 100*float64(p.n)/float64(p.total), mb, rate)
}

// println prints a message that may carry data (file names, ids, labels):
// sanitized, so that data never reaches the terminal as control.
func (p *progress) println(msg string) {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintln(p.w, safetext.Line(msg))
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
