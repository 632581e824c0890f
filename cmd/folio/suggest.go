package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"folio/annot"
	"folio/query"
	"folio/store"
	"folio/suggest"
	"folio/suggest/external"

	"github.com/spf13/cobra"
)

// twinBudget is how many bytes of the twins' texts `folio suggest` keeps
// (suggester.keepTwins): the clean copies that many scans share, as many
// as fit in a few megabytes' worth of 3 KB texts.
const twinBudget = 32 << 20

// keptBudget is how many bytes of text `folio suggest` over the whole
// corpus keeps from the count of pairs of words to judge them without
// reading and inflating them again (countBigramsKeeping): a corpus of
// 20 000 documents of 3 KB whole, the first of a larger one.
const keptBudget = 64 << 20

func (e *env) suggestCmd() *cobra.Command {
	var doc, where string
	var rank bool
	var lexicons, patterns []string
	var cpuprofile string
	c := &cobra.Command{
		Use:   "suggest",
		Short: "Print suggestions (OCR fixes, line-end joins, entities), one JSON a line",
		Example: `  folio suggest --doc 001_879768a2f144ad87
  folio suggest --lexicon /usr/share/dict/ngerman --where 'tag:ocr'
  folio suggest --patterns gazetteer.jsonl | jq 'select(.kind=="entity")'
  folio suggest --rank --where 'tag:ocr' | head -50`,
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
			// the twins and word counts the last import left are filed
			// first: the suggestions read them
			if s, err = e.fileLeft(s); err != nil {
				return err
			}
			defer s.Close()
			// what the suggester matches itself is widened here; the
			// store's Select widens its own
			mq, err := withAliases(s, q)
			if err != nil {
				return err
			}
			if doc != "" {
				if doc, err = s.Resolve(doc); err != nil {
					return err
				}
			}
			if cpuprofile != "" {
				stop, err := startCPUProfile(cpuprofile)
				if err != nil {
					return err
				}
				defer stop()
			}
			g, err := buildSuggester(s, cfg, lexicons, patterns, runtime.GOMAXPROCS(0), nil)
			if err != nil {
				return err
			}
			// texts kept for the run (the twins', the pair count's) are
			// right only while the store cannot change: a store this
			// process opened read-only, not one another folio serves and
			// writes to meanwhile
			_, local := s.(*store.Store)
			budget := 0
			if local {
				g.keepTwins(twinBudget)
				budget = keptBudget
			}
			// the pairs of words, for real-word errors: judging the whole
			// corpus reads it anyway, so all of them, and the texts read
			// for the count are judged without reading them again, as
			// many as the budget holds; a selection costs what it
			// selects, so a sample of the corpus's
			var kept []store.Document
			keptAll := false
			if doc != "" || !q.Empty() {
				err = g.sampleBigrams(s, bigramSample)
			} else {
				kept, keptAll, err = g.countBigramsKeeping(s, budget)
			}
			if err != nil {
				return err
			}
			ext := newExternal(cfg)
			defer ext.Close()
			problems := &problemLog{w: e.stderr, max: 20}
			// the lines are made on the goroutines that judge (judged)
			// and written through a buffer, not a write each
			out := bufio.NewWriterSize(e.stdout, 64<<10)
			n := 0
			var bufs linePool
			emit := func(j judged) error {
				n += j.n
				_, err := out.Write(j.lines)
				bufs.put(j.lines)
				if err != nil {
					return err
				}
				return j.err
			}
			write := emit
			var ranked []suggest.Suggestion // with --rank, all of them, written at the end
			if rank {
				write = func(j judged) error {
					ranked = append(ranked, j.sugg...)
					return nil
				}
			}
			judge := func(d store.Document) judged {
				if !q.NeedsSuggestions() && !mq.Match(subject(d)) {
					return judged{} // the cheap test first
				}
				sugg := g.SuggestDocument(d)
				if ext.Len() > 0 {
					more, rep := ext.Suggest(c.Context(), d.Doc.ID, d.Text, d.Anns)
					sugg = external.Merge(sugg, more)
					problems.add(d.Doc.ID, rep.Problems)
				}
				d.Doc.Counts.Suggestions = len(sugg)
				if q.NeedsSuggestions() && !mq.Match(subject(d)) {
					return judged{}
				}
				if rank {
					return judged{sugg: sugg}
				}
				return bufs.linesOf(sugg)
			}
			if doc != "" {
				var d store.Document
				if d, err = s.Document(doc); err != nil {
					return err
				}
				err = write(judge(d))
			} else {
				// the indexes, where they answer, select the documents,
				// and only theirs are read; else a record-only query
				// selects the texts to read (has:suggestions needs every
				// document's count)
				each := func(yield func(store.Document) error) error { return s.Documents(selectRecords(mq), yield) }
				if q.Empty() {
					each = keptThenRest(s, kept, keptAll)
				}
				if ix, ok := indexOf(s); ok && !q.Empty() && !q.NeedsSuggestions() {
					sel, err := ix.Select(q, nil)
					if err != nil {
						return err
					}
					each = func(yield func(store.Document) error) error { return ix.DocumentsOf(sel, yield) }
				}
				err = inOrder(runtime.GOMAXPROCS(0), each, judge, write)
			}
			if err != nil {
				out.Flush()
				return err
			}
			if rank {
				suggest.Rank(ranked)
				for i := range ranked {
					if err = emit(bufs.linesOf(ranked[i : i+1])); err != nil {
						out.Flush()
						return err
					}
				}
			}
			if err := out.Flush(); err != nil {
				return err
			}
			problems.close()
			fmt.Fprintf(e.stderr, "%d suggestions\n", n)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&doc, "doc", "", "only the document with this id (or the one whose id begins so)")
	f.StringVar(&where, "where", "", "only documents matching QUERY")
	f.BoolVar(&rank, "rank", false, "likeliest damage first (by likelihood), not in text order; entity suggestions last")
	f.StringArrayVar(&lexicons, "lexicon", nil, "a word list, one word a line (repeatable)")
	f.StringArrayVar(&patterns, "patterns", nil, "entity patterns, Prodigy JSONL (repeatable)")
	f.StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the run (dictionaries, pair count, judging) to this file (for go tool pprof)")
	_ = f.MarkHidden("cpuprofile")
	return c
}

// judged is what `folio suggest` makes of one document: its
// suggestions' lines, or with --rank the suggestions themselves.
type judged struct {
	sugg  []suggest.Suggestion
	lines []byte // n lines of JSON
	n     int
	err   error // a suggestion JSON cannot hold, after the lines
}

// linePool keeps the buffers of lines written, for the next documents'
// lines.
type linePool struct{ p sync.Pool }

// linesOf returns the lines of JSON of sugg, in a buffer of the pool.
func (lp *linePool) linesOf(sugg []suggest.Suggestion) judged {
	if len(sugg) == 0 {
		return judged{}
	}
	j := judged{}
	if b, ok := lp.p.Get().(*[]byte); ok {
		j.lines = (*b)[:0]
	}
	for _, s := range sugg {
		if j.lines, j.err = appendSuggestionLine(j.lines, s); j.err != nil {
			return j
		}
		j.n++
	}
	return j
}

// put keeps b, written, for linesOf; a buffer of a huge document's lines
// is left to the collector.
func (lp *linePool) put(b []byte) {
	if b != nil && cap(b) <= 1<<20 {
		lp.p.Put(&b)
	}
}

// selectRecords returns the test of a document's record that decides q
// without its text, so that only the texts of the selection are read; nil
// (every document) when q needs the text or the suggestion counts.
func selectRecords(q *query.Query) func(annot.Doc) bool {
	if q.Empty() || q.NeedsText() || q.NeedsSuggestions() {
		return nil
	}
	return func(d annot.Doc) bool {
		return q.Match(query.Subject{Doc: d, Text: func() string { return "" }})
	}
}

// problemLog writes the external suggesters' problems to w as they come,
// one line each naming the document, up to max lines; close says how many
// more there were.
type problemLog struct {
	mu   sync.Mutex
	w    io.Writer
	max  int
	n    int
	docs int
}

func (p *problemLog) add(doc string, problems []string) {
	if len(problems) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs++
	for _, pr := range problems {
		if p.n < p.max {
			fmt.Fprintf(p.w, "folio: %s: %s\n", doc, pr)
		}
		p.n++
	}
}

func (p *problemLog) close() {
	if p.n > p.max {
		fmt.Fprintf(p.w, "folio: %d more problems of external suggesters not shown (%d documents had problems)\n", p.n-p.max, p.docs)
	}
}

// errStopped ends the items' walk after done failed.
var errStopped = errors.New("stopped")

// inOrder runs work on every item that each yields, on workers goroutines,
// and hands the results to done in the order of the items. The first error
// of each or done stops it.
func inOrder[T, R any](workers int, each func(yield func(T) error) error, work func(T) R, done func(R) error) error {
	type job struct {
		item T
		out  chan R
	}
	jobs := make(chan job, 2*workers)
	results := make(chan chan R, 4*workers)
	for range workers {
		go func() {
			for j := range jobs {
				j.out <- work(j.item)
			}
		}()
	}
	errc := make(chan error, 1)
	stop := make(chan struct{}) // closed on done's first error
	go func() {
		var err error
		for out := range results {
			r := <-out
			if err == nil {
				if err = done(r); err != nil {
					close(stop)
				}
			}
		}
		errc <- err
	}()
	err := each(func(item T) error {
		select {
		case <-stop:
			return errStopped
		default:
		}
		out := make(chan R, 1)
		results <- out
		jobs <- job{item, out}
		return nil
	})
	if errors.Is(err, errStopped) {
		err = nil // done's error is the one to report
	}
	close(jobs)
	close(results)
	if derr := <-errc; err == nil {
		err = derr
	}
	return err
}
