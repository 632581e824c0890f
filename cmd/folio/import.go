package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"

	"folio/annot"
	"folio/config"
	"folio/corpus"
	"folio/internal/english"
	"folio/internal/safetext"
	"folio/seeds"
	"folio/store"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func (e *env) importCmd() *cobra.Command {
	var opt importOptions
	var cpuprofile string
	c := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import files and folders (recursive): text, JSONL, hOCR, ALTO, PAGE, brat, CoNLL, WebAnno TSV, Label Studio",
		Long: `Import files and folders (recursive) into the store: .txt (a brat .ann
beside one brings its entities), folio's, Prodigy's, doccano's and spaCy's
.jsonl, Label Studio .json and spaCy's JSON training format (.json),
WebAnno/INCEpTION .tsv, CoNLL (.conll, .conllu, .iob, .bio), and hOCR, ALTO
and PAGE XML with their page images. A folder folio export wrote keeps its
ids (ids.tsv). Importing
the same file again adds nothing; a changed one updates its document. With
--layers, what each annotator of a Prodigy or Label Studio file, or of an
INCEpTION project export, answered goes to a reviewer layer of theirs, for folio agree and folio curate
(docs/TEAMS.md). See the README's "Files" for each format.`,
		Example: `  folio import corpus/
  folio import scan.txt more.jsonl
  folio --db review.db import export.jsonl
  folio import --images scans/ ocr/          # page images kept apart from the XML
  folio import --layers ner_news.jsonl       # each annotator's answers apart`,
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
			if opt.idPrefix != "" {
				if err := annot.CheckName("--id-prefix", opt.idPrefix); err != nil {
					return err
				}
			}
			for _, d := range opt.images {
				if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
					return fmt.Errorf("--images %s: not a folder", d)
				}
			}
			// the word counts and twins of the documents added are left
			// for what reads them (derived.go)
			e.deferDerived = true
			s, err := e.open()
			if err != nil {
				return err
			}
			defer s.Close()
			defer lessGC(e.getenv)()
			if cpuprofile != "" {
				stop, err := startCPUProfile(cpuprofile)
				if err != nil {
					return err
				}
				defer stop()
			}
			_, err = e.importPaths(s, args, cfg, opt)
			return err
		},
	}
	c.Flags().StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the import to this file (for go tool pprof)")
	_ = c.Flags().MarkHidden("cpuprofile")
	c.Flags().StringVar(&opt.idPrefix, "id-prefix", "",
		"put PREFIX before every document id read (proj-a/), so that two collections whose ids collide stay apart")
	c.Flags().StringArrayVar(&opt.images, "images", nil,
		"a folder with the page images of hOCR, ALTO and PAGE files, looked in by name when the path a file gives is wrong (repeatable; after folio.toml's images)")
	c.Flags().BoolVar(&opt.layers, "layers", false,
		"keep each annotator's answers (Prodigy's _annotator_id, Label Studio's completed_by, an INCEpTION project's annotation/DOC/USER.tsv) in a layer of their own, the document dealt to them, for folio agree and folio curate")
	return c
}

// importOptions are the import's flags.
type importOptions struct {
	// images are folders to look for page images in, after the config's
	images []string
	// idPrefix goes before every document id read
	idPrefix string
	// layers keeps annotators' answers in layers (store.ImportDoc.Layers)
	layers bool
}

// importPaths imports paths into s, reporting problems and a summary line
// on stderr. Page images are also looked for in cfg's image folders and
// then in opt.images.
func (e *env) importPaths(s store.API, paths []string, cfg config.Config, opt importOptions) (store.ImportStats, error) {
	total := int64(0)
	for _, p := range paths {
		total += treeSize(p)
	}
	return e.importFrom(s, total, opt.layers, func(add func(corpus.Doc) error, report func(corpus.Problem)) error {
		return corpus.ReadWith(paths, corpus.Options{MaxDocument: cfg.Limits.Document(), ImageDirs: append(cfg.ImageDirs(), opt.images...), IDPrefix: opt.idPrefix, Layers: opt.layers}, add, report)
	})
}

// importSeeds imports the bundled corpus.
func (e *env) importSeeds(s store.API) (store.ImportStats, error) {
	return e.importFrom(s, 0, false, func(add func(corpus.Doc) error, report func(corpus.Problem)) error {
		return corpus.ReadFS(seeds.FS, ".", add, report)
	})
}

// importFrom imports what read reads into s; layers keeps annotators'
// answers in layers (importOptions.layers).
func (e *env) importFrom(s store.API, total int64, layers bool, read func(func(corpus.Doc) error, func(corpus.Problem)) error) (store.ImportStats, error) {
	var tally corpus.Tally // every skip counted, every dropped field named
	prog := newProgress(e.stderr, "importing", total, e.stderrIsTerminal())
	report := func(p corpus.Problem) {
		if tally.Add(p) {
			prog.println(p.String())
		}
	}
	im := s.NewImporter(func(id, msg string) { prog.println(id + ": " + msg) })
	var answered answerTally
	stop := e.stopContext()
	err := read(func(d corpus.Doc) error {
		if stop.Err() != nil {
			return context.Cause(stop) // what is read is written below
		}
		prog.add(int64(len(d.Text)))
		in := store.ImportDoc{ID: d.ID, Title: d.Title, Source: d.Source, Text: d.Text, Anns: d.Anns,
			Answers: d.Answers, Layers: layers, Spaced: d.Spaced, Numbered: d.Numbered, Layout: d.Layout}
		answered.add(d.ID, d.Answers)
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
	if errors.Is(err, store.ErrGone) {
		// the owner this import wrote through ended before it did
		return st, fmt.Errorf("%w; the documents it acknowledged are saved: import again to add the rest (those already there stay unchanged)", err)
	}
	summary := fmt.Sprintf("imported %s (%d updated, %d unchanged, %d skipped) into %s",
		english.Count(st.Added, "document", "documents"), st.Updated, st.Unchanged, tally.Docs, safetext.Line(s.Path()))
	if err != nil && stop.Err() != nil {
		return st, fmt.Errorf("%w: %s before it stopped: import again to add the rest (those already there stay unchanged)", context.Cause(stop), summary)
	}
	if err != nil {
		return st, err
	}
	fmt.Fprintln(e.stderr, summary)
	if st.AsCorrected > 0 {
		fmt.Fprintf(e.stderr, "%s read as their corrected text (an export's): their stored texts stay, and what they carried was placed on them\n",
			english.Count(st.AsCorrected, "document was", "documents were"))
	}
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
	if msg := answered.summary(layers); msg != "" {
		fmt.Fprintln(e.stderr, msg)
	}
	if tally.Docs > 0 && st.Added+st.Updated+st.Unchanged == 0 {
		// every input was refused: a script's next step must not go on
		return st, fmt.Errorf("nothing imported: %s skipped (the reasons above)", english.Count(tally.Docs, "input", "inputs"))
	}
	return st, nil
}

// answerTally counts the answers annotators gave apart
// (corpus.Doc.Answers), the documents they answered, and who answered
// them.
type answerTally struct {
	answers int
	first   map[string]string // document id → its first annotator
	several map[string]bool   // documents with answers of two or more
	names   map[string]bool
}

// add counts the answers of document id.
func (t *answerTally) add(id string, answers []annot.Answer) {
	for _, a := range answers {
		if a.Annotator == "" || len(a.Anns) == 0 {
			continue
		}
		if t.first == nil {
			t.first, t.several, t.names = map[string]string{}, map[string]bool{}, map[string]bool{}
		}
		t.answers++
		t.names[a.Annotator] = true
		switch first, ok := t.first[id]; {
		case !ok:
			t.first[id] = a.Annotator
		case first != a.Annotator:
			t.several[id] = true
		}
	}
}

// summary is the import's last line about answers: with layers, where
// they went; without, that the answers of several annotators were merged,
// if any were.
func (t *answerTally) summary(layers bool) string {
	names := slices.Sorted(maps.Keys(t.names))
	if len(names) > 4 {
		names = append(names[:4], fmt.Sprintf("and %d more", len(names)-4))
	}
	who := safetext.Line(strings.Join(names, ", "))
	switch {
	case layers && len(t.first) > 0:
		return fmt.Sprintf("answers: %s of %s (%s), each annotator's in a layer of their own, on %s dealt to them; %d have answers of two or more annotators: folio agree compares them, folio curate accepts a version",
			english.Count(t.answers, "answer", "answers"), english.Count(len(t.names), "annotator", "annotators"), who, english.Count(len(t.first), "document", "documents"), len(t.several))
	case !layers && len(t.several) > 0:
		return fmt.Sprintf("answers: %d documents were answered by two or more annotators (%s); their answers are merged into the curated annotations (folio import --layers keeps each annotator's apart, for folio agree and folio curate)", len(t.several), who)
	}
	return ""
}

// importGCPercent is the garbage collector's target during an import,
// as GOGC=200 sets it: an import allocates for each document and keeps
// little of it, and at the default target the collector took about a
// tenth of the import's CPU. On the harness's 10 000 documents it takes
// 0.5–1 s of CPU off about 9 s, for about 90 MB more of peak memory
// (docs/PERFORMANCE.md, branch imp10).
const importGCPercent = 200

// lessGC raises the collector's target to importGCPercent, unless GOGC
// is set (the user's choice) or the target is already higher or off, and
// returns what restores the target before.
func lessGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(importGCPercent)
	if old < 0 || old >= importGCPercent {
		debug.SetGCPercent(old)
	}
	return func() { debug.SetGCPercent(old) }
}

// startCPUProfile profiles the CPU into a new file at path until stop.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
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

// stderrIsTerminal reports whether messages reach a terminal (here, or
// through the supervisor).
func (e *env) stderrIsTerminal() bool {
	return isTerminal(e.stderr) || e.getenv(stderrTTYEnv) == "1"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
