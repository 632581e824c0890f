package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"folio/annot"
	"folio/config"
	"folio/internal/safefile"
	"folio/query"
	"folio/store"
	"folio/suggest"
	"folio/suggest/external"

	"github.com/RoaringBitmap/roaring/v2"
)

// suggester proposes OCR fixes, line-end joins and entity labels for one
// document: the OCR model built from the corpus and the reviewer's fixes,
// and the entity gazetteer built from the registry, patterns and dates.
type suggester struct {
	mu  sync.RWMutex // Learn changes the OCR model that Suggest reads
	ocr *suggest.OCR
	ent atomic.Pointer[suggest.EntitySuggester] // replaced whole by RefreshEntities

	st       store.API
	patterns []suggest.Entry // from the pattern files, kept for RefreshEntities
	workers  int             // goroutines its builds use (buildSuggester)
	pause    func()          // waits between two steps of a build (nil: none)
	twins    *twinTexts      // the twins' texts kept, for a store that does not change (nil: none)
	part     int             // the most bytes judged at once (suggestPart; 0: suggestPart's default)
}

// hold waits as the build's pause asks, if it has one.
func (g *suggester) hold() {
	if g.pause != nil {
		g.pause()
	}
}

// Suggest returns the document's suggestions sorted by start.
func (g *suggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	var twins []string
	if g.st != nil {
		if d, err := g.st.Doc(doc); err == nil {
			twins = d.Twins
		}
	}
	return g.suggest(doc, twins, text, anns)
}

// SuggestDocument is Suggest for a document read with its record (as
// store.Documents yields them): its twins are the record's, not read
// again.
func (g *suggester) SuggestDocument(d store.Document) []suggest.Suggestion {
	return g.suggest(d.Doc.ID, d.Doc.Twins, d.Text, d.Anns)
}

// suggestPart is the most bytes of a text judged at once: a longer one (a
// whole book in one file) is judged in parts cut at paragraph or line
// ends, so that the memory a judgement takes, some 70 times the text,
// follows the part and not the document.
const suggestPart = 4 << 20

// suggest is Suggest for a document whose record names twins.
func (g *suggester) suggest(doc string, twins []string, text string, anns []annot.Annotation) []suggest.Suggestion {
	conf := g.confOf(doc)
	limit := cmp.Or(g.part, suggestPart)
	if len(text) <= limit {
		return g.suggestWhole(doc, twins, text, anns, conf)
	}
	var out []suggest.Suggestion
	for p := range textParts(text, limit) {
		end := p.start + p.runes
		var pAnns []annot.Annotation
		for _, a := range anns {
			if !a.HasSpan() || a.Start >= p.start && a.End <= end {
				pAnns = append(pAnns, a) // one across a cut is in neither part
			}
		}
		pAnns = annot.MapSpans(pAnns, func(sp annot.Span) annot.Span {
			return annot.Span{Start: sp.Start - p.start, End: sp.End - p.start}
		})
		var pConf []suggest.WordConf
		for _, c := range conf {
			if c.Start >= p.start && c.End <= end {
				pConf = append(pConf, suggest.WordConf{Start: c.Start - p.start, End: c.End - p.start, Conf: c.Conf})
			}
		}
		for _, s := range g.suggestWhole(doc, nil, p.text, pAnns, pConf) {
			s.Start, s.End = s.Start+p.start, s.End+p.start
			out = append(out, s)
		}
	}
	return out
}

// textPart is a part of a text: its text, and where it starts and how
// long it is in code points.
type textPart struct {
	text         string
	start, runes int
}

// textParts cuts text into parts of at most limit bytes, each ending at
// a paragraph end if one lies in its second half, else at a line end or
// a space there, else at the last line end or space, else at a code
// point (a text with none).
func textParts(text string, limit int) iter.Seq[textPart] {
	return func(yield func(textPart) bool) {
		start := 0
		for len(text) > 0 {
			cut := len(text)
			if cut > limit {
				cut = partCut(text, limit)
			}
			p := textPart{text: text[:cut], start: start, runes: utf8.RuneCountInString(text[:cut])}
			if !yield(p) {
				return
			}
			text, start = text[cut:], start+p.runes
		}
	}
}

// partCut is where textParts cuts text, longer than limit bytes.
func partCut(text string, limit int) int {
	head := text[:limit]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i >= limit/2 {
			return i + len(sep)
		}
	}
	if i := strings.LastIndexAny(head, " \n"); i > 0 {
		return i + 1 // a short part rather than a word cut in two
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if cut == 0 {
		return limit // not UTF-8: a part of bytes rather than none
	}
	return cut
}

// suggestWhole is suggest for a text judged at once.
func (g *suggester) suggestWhole(doc string, twins []string, text string, anns []annot.Annotation, conf []suggest.WordConf) []suggest.Suggestion {
	g.mu.RLock()
	var out []suggest.Suggestion
	if g.st != nil && len(twins) > 0 {
		out = g.ocr.SuggestTwin(doc, text, anns, g.twinTexts(twins), conf)
	} else {
		out = g.ocr.SuggestConf(doc, text, anns, conf)
	}
	g.mu.RUnlock()
	out = append(out, g.ent.Load().Suggest(doc, text, anns)...)
	// the predictions that came with the document, as entity suggestions
	out = external.Merge(out, suggest.Open(external.Predictions(doc, text, anns), anns))
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// confOf returns the word confidences of document doc, a page read from
// hOCR, ALTO or PAGE XML; nil for a document without a layout, or whose
// layout cannot be read (its suggestions then go without).
func (g *suggester) confOf(doc string) []suggest.WordConf {
	if g.st == nil {
		return nil
	}
	l, err := g.st.Layout(doc)
	if err != nil || l == nil {
		return nil
	}
	return wordConfs(l)
}

// wordConfs are the confidences of a layout's words that have one.
func wordConfs(l *annot.Layout) []suggest.WordConf {
	var out []suggest.WordConf
	for _, w := range l.Words {
		if w.HasConf {
			out = append(out, suggest.WordConf{Start: w.Start, End: w.End, Conf: w.Conf})
		}
	}
	return out
}

// twinsRead is the most twins of one document whose texts are read for
// its suggestions: a text imported many times has many twins, all alike.
const twinsRead = 8

// twinTexts yields the first twinsRead of a document's near-duplicates
// twins with their corrected texts, each read when asked for (so that
// building the suggester reads no texts, and a document reads only the
// twins it looks at) or kept from an earlier read (keepTwins); a twin
// that cannot be read is left out.
func (g *suggester) twinTexts(twins []string) iter.Seq[suggest.Twin] {
	return func(yield func(suggest.Twin) bool) {
		for _, id := range twins[:min(len(twins), twinsRead)] {
			tw, ok := g.twins.get(id)
			if !ok {
				t, err := g.st.Document(id)
				if err != nil {
					continue
				}
				tw = suggest.Twin{ID: id, Text: correctedText(t.Text, t.Anns)}
				if tw.Text != t.Text {
					tw.Stored = t.Text
				}
				g.twins.put(tw)
			}
			if !yield(tw) {
				return
			}
		}
	}
}

// keepTwins makes the suggester keep the texts of the twins it reads,
// up to about budget bytes, for a run over a store that does not change
// while it runs (`folio suggest`): many documents share one twin (a
// clean copy and its scans, one text imported many times), and each
// would read and inflate it again.
func (g *suggester) keepTwins(budget int) {
	g.twins = &twinTexts{budget: budget, texts: make(map[string]suggest.Twin)}
}

// twinTexts are texts of twins by id, at most about budget bytes of
// them: when a twin would pass the budget all are forgotten (the twins
// the documents still ahead share come back first). Safe for concurrent
// use; a nil *twinTexts keeps nothing.
type twinTexts struct {
	mu     sync.Mutex
	budget int
	size   int
	texts  map[string]suggest.Twin
}

// get returns the kept texts of twin id.
func (k *twinTexts) get(id string) (suggest.Twin, bool) {
	if k == nil {
		return suggest.Twin{}, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	t, ok := k.texts[id]
	return t, ok
}

// put keeps the texts of twin t.
func (k *twinTexts) put(t suggest.Twin) {
	size := len(t.ID) + len(t.Text) + len(t.Stored)
	if k == nil || size > k.budget {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.texts[t.ID]; ok {
		return
	}
	if k.size+size > k.budget {
		clear(k.texts)
		k.size = 0
	}
	k.texts[t.ID] = t
	k.size += size
}

// countBigramsKeeping counts the pairs of neighbouring words of every
// corrected text of s, on every core, for the real-word errors of the OCR
// suggestions (`Sie mochte` where the corpus writes `Sie möchte`). It
// reads the whole corpus: `folio suggest` calls it when it judges the
// whole corpus; a selection (--doc, --where) takes sampleBigrams. It
// returns the documents it read first, in import order, as long as their
// texts come to at most budget bytes, for `folio suggest` to judge
// without reading and inflating them again; all is true when it kept
// every document.
func (g *suggester) countBigramsKeeping(s store.API, budget int) (kept []store.Document, all bool, err error) {
	all, size := true, 0
	each := func(yield func(store.Document) error) error {
		return s.Documents(nil, func(d store.Document) error {
			if budget > 0 && all && size+len(d.Text) <= budget {
				size += len(d.Text)
				kept = append(kept, d)
			} else {
				all = false
			}
			return yield(d)
		})
	}
	if err := g.addBigrams(suggest.NewBigrams(), each); err != nil {
		return nil, false, err
	}
	return kept, all, nil
}

// keptThenRest yields the documents kept (countBigramsKeeping), each
// let go once yielded, and then, unless all were kept, the documents of
// s it did not keep, in import order.
func keptThenRest(s store.API, kept []store.Document, all bool) func(yield func(store.Document) error) error {
	return func(yield func(store.Document) error) error {
		ids := make(map[string]bool, len(kept))
		for i := range kept {
			ids[kept[i].Doc.ID] = true
			d := kept[i]
			kept[i] = store.Document{}
			if err := yield(d); err != nil {
				return err
			}
		}
		if all {
			return nil
		}
		return s.Documents(func(d annot.Doc) bool { return !ids[d.ID] }, yield)
	}
}

// bigramSample is how many documents, spread evenly over the corpus, a
// sample of its pairs of words reads (sampleBigrams): about 6 MB of text,
// a fraction of a second, whatever the corpus's size.
const bigramSample = 2000

// sampleBigrams counts the pairs of neighbouring words of a sample of the
// corpus of s, at most size documents spread evenly over it in
// import order (the same every run), for the real-word errors of a
// selection: `folio suggest --doc` or `--where`, whose cost must follow
// the selection, not the corpus. A corpus of size documents or fewer is
// counted whole. The judged documents need not be in the
// sample: a document it lacks is judged against it as a whole (see
// suggest.NewSampleBigrams).
func (g *suggester) sampleBigrams(s store.API, size int) error {
	each := func(yield func(store.Document) error) error { return s.Documents(nil, yield) }
	if ix, ok := indexOf(s); ok {
		// the indexes name every document: only the sample is read
		all, err := ix.Select(&query.Query{}, nil)
		if err != nil {
			return fmt.Errorf("count pairs of words: %w", err)
		}
		sample := everyNth(all, size)
		each = func(yield func(store.Document) error) error { return ix.DocumentsOf(sample, yield) }
	} else if n, err := s.Len(); err != nil {
		return fmt.Errorf("count pairs of words: %w", err)
	} else if n > size {
		step, i := (n+size-1)/size, 0
		each = func(yield func(store.Document) error) error {
			return s.Documents(func(annot.Doc) bool {
				i++
				return (i-1)%step == 0
			}, yield)
		}
	}
	return g.addBigrams(suggest.NewSampleBigrams(), each)
}

// everyNth returns at most n of the numbers of all, spread evenly: every
// k-th from the first.
func everyNth(all *roaring.Bitmap, n int) *roaring.Bitmap {
	size := int(all.GetCardinality())
	if size <= n {
		return all
	}
	step := (size + n - 1) / n
	out := roaring.New()
	i := 0
	for it := all.Iterator(); it.HasNext(); i++ {
		v := it.Next()
		if i%step == 0 {
			out.Add(v)
		}
	}
	return out
}

// addBigrams counts into bg, on every core, the pairs of the corrected
// text of each document that each yields, and gives bg to the OCR model.
// Each document waits for the build's pause (hold).
func (g *suggester) addBigrams(bg *suggest.Bigrams, each func(yield func(store.Document) error) error) error {
	if g.pause != nil {
		all := each
		each = func(yield func(store.Document) error) error {
			return all(func(d store.Document) error {
				g.hold()
				return yield(d)
			})
		}
	}
	type counted struct {
		doc   string
		pairs suggest.Pairs
	}
	// each document's pairs are counted into a map of an earlier one,
	// emptied once added, unless it grew large (one huge document)
	var maps sync.Pool
	count := func(d store.Document) counted {
		p, _ := maps.Get().(suggest.Pairs)
		if p == nil {
			p = make(suggest.Pairs, len(d.Text)/7+1)
		}
		return counted{d.Doc.ID, bg.CountInto(p, correctedText(d.Text, d.Anns))}
	}
	add := func(c counted) error {
		bg.AddOf(c.doc, c.pairs)
		if len(c.pairs) <= pairsKept {
			clear(c.pairs)
			maps.Put(c.pairs)
		}
		return nil
	}
	if err := inOrder(g.workers, each, count, add); err != nil {
		return fmt.Errorf("count pairs of words: %w", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ocr.SetBigrams(bg)
	return nil
}

// pairsKept is the most pairs a map of addBigrams may have held to be
// counted into again: a map keeps the size it grew to.
const pairsKept = 1 << 13

// correctedText is annot.Apply(text, anns).Text, without indexing a text
// that no correction changes.
func correctedText(text string, anns []annot.Annotation) string {
	if len(annot.Corrections(anns)) == 0 {
		return text
	}
	return annot.Apply(text, anns).Text
}

// Learn records a confirmed fix for the rest of the session.
func (g *suggester) Learn(from, to string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ocr.Learn(from, to)
}

// Relearn reads the confirmed fixes from the store again, after an undo
// or a redo took fixes back or brought them again (tui's Relearner).
func (g *suggester) Relearn() error {
	fixes, err := g.st.Fixes()
	if err != nil {
		return fmt.Errorf("read the confirmed fixes: %w", err)
	}
	set := make([]suggest.Fix, len(fixes))
	for i, f := range fixes {
		set[i] = suggest.Fix{From: f.From, To: f.To, Count: f.Count}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ocr.SetFixes(set)
	return nil
}

// buildSuggester loads the corpus lexicon from the store's word counts
// (reading every text only for a store that has none yet), the word lists
// and pattern files named in flags or the config, the confirmed fixes and
// the entity registry. Its builds, now and later (the indexes of the
// lexicon, the pairs of words), use at most goroutines goroutines. pause,
// if not nil, is called before each step of the build and of its later
// builds of pairs of words (the interface's waits while the reviewer
// types: tui.Paced).
func buildSuggester(s store.API, cfg config.Config, lexicons, patterns []string, goroutines int, pause func()) (*suggester, error) {
	lex := suggest.NewLexicon()
	ocr := suggest.NewOCR(lex)
	ocr.SetWorkers(goroutines)
	g := &suggester{ocr: ocr, st: s, workers: goroutines, pause: pause}
	g.hold()
	if err := findEvidence(cfg, lexicons).load(lex, ocr, cfg.Limits.WordList(), goroutines); err != nil {
		return nil, err
	}
	g.hold()
	if err := loadCorpusLexicon(s, lex); err != nil {
		return nil, fmt.Errorf("build lexicon: %w", err)
	}
	fixes, err := s.Fixes()
	if err != nil {
		return nil, err
	}
	for _, f := range fixes {
		for range f.Count {
			ocr.LearnCounted(f.From, f.To) // the corpus counts hold the fixed words
		}
	}
	for _, name := range append(append([]string(nil), cfg.Patterns...), patterns...) {
		es, err := loadPatterns(name, cfg.Limits.Patterns())
		if err != nil {
			return nil, err
		}
		g.patterns = append(g.patterns, es...)
	}
	g.hold()
	if err := g.RefreshEntities(); err != nil {
		return nil, err
	}
	return g, nil
}

// wordCounter is a store that keeps the corpus lexicon's word counts
// (*store.Store; a store over the socket does not).
type wordCounter interface {
	WordCounts(fn func(word string, count, docs int64)) (tokens, docs int64, ok bool, err error)
}

// loadCorpusLexicon adds the words of the corpus's corrected texts to lex:
// the store's word counts, or, in a store that has none yet (or keeps
// none: over the socket), a count of every text.
func loadCorpusLexicon(s store.API, lex *suggest.Lexicon) error {
	if wc, ok := s.(wordCounter); ok {
		tokens, docs, ok, err := wc.WordCounts(func(word string, count, docs int64) {
			lex.AddCounts(word, int32(min(count, math.MaxInt32)), int32(min(docs, math.MaxInt32)))
		})
		if err != nil || ok {
			lex.AddTotals(tokens, int(docs))
			return err
		}
	}
	return s.Documents(nil, func(d store.Document) error {
		lex.AddDocument(correctedText(d.Text, d.Anns))
		return nil
	})
}

// suggesterVersion names the suggester's rules in the evidence
// fingerprint: change it when a change of package suggest changes what
// it suggests, so that stores count their documents again.
const suggesterVersion = "suggest 2"

// evidenceFingerprint identifies what the suggester reads besides the
// corpus: the word lists, dictionary, foreign word lists and pattern files
// cfg and the flags name (or the system's), each by path, size and time of
// change, and the suggester's version. The store keeps the fingerprint its
// suggestion counts were made with; a different one recounts them.
func evidenceFingerprint(cfg config.Config, lexicons, patterns []string) string {
	ev := findEvidence(cfg, lexicons)
	files := append(append([]string(nil), ev.wordLists...), ev.foreign...)
	if ev.dictionary != "" {
		files = append(files, ev.dictionary+".aff", ev.dictionary+".dic")
	}
	files = append(append(files, cfg.Patterns...), patterns...)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", suggesterVersion, cfg.Limits.WordList())
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00", f)
		if fi, err := os.Stat(f); err == nil {
			fmt.Fprintf(h, "%d\x00%d\x00", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// RefreshEntities rebuilds the entity suggestions from the patterns, the
// registry and every labelled span of the corpus (see knownEntities).
// The TUI calls it after each action that changes entities.
func (g *suggester) RefreshEntities() error {
	known, err := knownEntities(g.st, g.ocr.Lexicon())
	if err != nil {
		return err
	}
	entries := append(append([]suggest.Entry(nil), g.patterns...), known...)
	g.ent.Store(suggest.NewEntitySuggester(entries, true))
	return nil
}

// entityPage is how many records of the documents with entities
// knownEntities reads at a time.
const entityPage = 500

// knownEntities returns the suggestion entries of the entities the corpus
// knows: each registry entry with its aliases, and every labelled span,
// whether labelled in the TUI or imported. A span with a canonical name
// adds its surface to that entity's forms; a span without one propagates
// as its own surface text (with no canonical name). lex, the corpus
// lexicon, weighs what the spans teach (suggest.EntityLearner): token
// layers and forms the corpus does not bear out are left out.
func knownEntities(s store.API, lex *suggest.Lexicon) ([]suggest.Entry, error) {
	all, err := s.Stats(query.MustParse(""))
	if err != nil {
		return nil, fmt.Errorf("entity spans: %w", err)
	}
	learner := suggest.NewEntityLearner(lex, all.Bytes)
	ents, err := s.Entities()
	if err != nil {
		return nil, fmt.Errorf("entity registry: %w", err)
	}
	for _, e := range ents {
		learner.AddEntity(e.Label, e.Name, e.Aliases)
	}
	var spans []suggest.EntitySpan
	err = docsWithEntities(s, func(d annot.Doc) error {
		anns, err := s.Annotations(d.ID)
		if err != nil {
			return fmt.Errorf("entity spans of %s: %w", d.ID, err)
		}
		spans = spans[:0]
		for _, a := range anns {
			if a.Kind == annot.KindEntity && !a.Stale {
				spans = append(spans, suggest.EntitySpan{Label: a.Label, Canonical: a.Canonical, Text: a.Text, Start: a.Start, End: a.End})
			}
		}
		return learner.AddDocument(d, spans, func() (string, error) {
			doc, err := s.Document(d.ID)
			return doc.Text, err
		})
	})
	if err != nil {
		return nil, err
	}
	return learner.Entries(), nil
}

// docsWithEntities calls fn with the record of every document with
// entities: from the index, a page of entityPage records at a time
// (reading every record decoded a million records at a million
// documents, in the background count's first step), or from every
// record when this process holds the store and its indexes are not built
// (a read-only open of a store whose rebuild stopped halfway).
func docsWithEntities(s store.API, fn func(annot.Doc) error) error {
	if ls, ok := localStore(s); ok && !ls.Indexed() {
		list, err := s.DocList()
		if err != nil {
			return fmt.Errorf("entity spans: %w", err)
		}
		for _, d := range list {
			if d.Counts.Entities > 0 {
				if err := fn(d); err != nil {
					return err
				}
			}
		}
		return nil
	}
	sel, err := s.Select(query.MustParse("has:entities"), nil)
	if err != nil {
		return fmt.Errorf("entity spans: %w", err)
	}
	for from, n := 0, int(sel.GetCardinality()); from < n; from += entityPage {
		page, err := s.Window(sel, from, entityPage)
		if err != nil {
			return fmt.Errorf("entity spans: %w", err)
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// newExternal returns the external suggesters of cfg ([[suggester]]),
// which may label with cfg's labels.
func newExternal(cfg config.Config) *external.Set {
	labels := make([]string, 0, len(cfg.Labels))
	for _, l := range cfg.Labels {
		labels = append(labels, l.Name)
	}
	return external.New(cfg.Suggesters, labels)
}

// checkWordLists checks, before a store is opened, that the word lists,
// dictionaries and pattern files named in cfg and the flags are regular
// files: a FIFO or a
// device would block or never end.
func checkWordLists(cfg config.Config, lexicons, patterns []string) error {
	ev := findEvidence(cfg, lexicons)
	for _, name := range append(append([]string(nil), ev.wordLists...), ev.foreign...) {
		if err := safefile.Check(name, false); err != nil {
			return fmt.Errorf("lexicon: %w", err)
		}
	}
	if ev.dictionary != "" {
		for _, name := range []string{ev.dictionary + ".aff", ev.dictionary + ".dic"} {
			if err := safefile.Check(name, false); err != nil {
				return fmt.Errorf("dictionary: %w", err)
			}
		}
	}
	for _, name := range append(append([]string(nil), cfg.Patterns...), patterns...) {
		if err := safefile.Check(name, false); err != nil {
			return fmt.Errorf("patterns: %w", err)
		}
	}
	return nil
}

// loadWordList reads the word list name (a regular file of at most limit
// bytes) into lex.
func loadWordList(lex *suggest.Lexicon, name string, limit int64) error {
	f, err := safefile.Open(name, false)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	defer f.Close()
	r := safefile.LimitReader(f, limit, "the word list")
	if err := lex.LoadWordList(r); err != nil {
		return fmt.Errorf("lexicon %s: %w%s", name, err, raise(err, "word_list_mb"))
	}
	return nil
}

// loadPatterns reads the patterns file name (a regular file of at most
// limit bytes).
func loadPatterns(name string, limit int64) ([]suggest.Entry, error) {
	f, err := safefile.Open(name, false)
	if err != nil {
		return nil, fmt.Errorf("patterns: %w", err)
	}
	defer f.Close()
	entries, errs := suggest.LoadPatterns(safefile.LimitReader(f, limit, "the patterns file"))
	if len(errs) > 0 {
		err := errs[0]
		if last := errs[len(errs)-1]; raise(last, "") != "" {
			err = last // the limit first: the other errors may stem from it
		}
		return nil, fmt.Errorf("patterns %s: %w%s", name, err, raise(err, "patterns_mb"))
	}
	return entries, nil
}

// raise says which setting raises a limit err hit, if it hit one.
func raise(err error, setting string) string {
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return fmt.Sprintf(" (raise it with [limits] %s in folio.toml)", setting)
	}
	return ""
}
