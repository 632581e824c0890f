package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"folio/annot"
	"folio/config"
	"folio/internal/safefile"
	"folio/store"
	"folio/suggest"
	"folio/suggest/external"
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
	// twins maps each document that has near-duplicates to one of them,
	// and twinText holds the corrected text of each such document, as the
	// suggester was built.
	twins    map[string]string
	twinText map[string]string
}

// Suggest returns the document's suggestions sorted by start.
func (g *suggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	conf := g.confOf(doc)
	g.mu.RLock()
	var out []suggest.Suggestion
	if tw, ok := g.twins[doc]; ok {
		out = g.ocr.SuggestTwin(doc, text, anns, tw, g.twinText[tw], conf)
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

// Learn records a confirmed fix for the rest of the session.
func (g *suggester) Learn(from, to string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ocr.Learn(from, to)
}

// buildSuggester reads the whole corpus once (its corrected text feeds the
// lexicon), the word lists and pattern files named in flags or the config,
// the confirmed fixes and the entity registry.
func buildSuggester(s store.API, cfg config.Config, lexicons, patterns []string) (*suggester, error) {
	lex := suggest.NewLexicon()
	ocr := suggest.NewOCR(lex)
	if err := findEvidence(cfg, lexicons).load(lex, ocr, cfg.Limits.WordList()); err != nil {
		return nil, err
	}
	twins, twinText := map[string]string{}, map[string]string{}
	err := s.Documents(nil, func(d store.Document) error {
		corrected := annot.Apply(d.Text, d.Anns).Text
		lex.AddDocument(corrected)
		if len(d.Doc.Twins) > 0 {
			twins[d.Doc.ID], twinText[d.Doc.ID] = d.Doc.Twins[0], corrected
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build lexicon: %w", err)
	}
	fixes, err := s.Fixes()
	if err != nil {
		return nil, err
	}
	for _, f := range fixes {
		for range f.Count {
			ocr.Learn(f.From, f.To)
		}
	}
	g := &suggester{ocr: ocr, st: s, twins: twins, twinText: twinText}
	for _, name := range append(append([]string(nil), cfg.Patterns...), patterns...) {
		es, err := loadPatterns(name, cfg.Limits.Patterns())
		if err != nil {
			return nil, err
		}
		g.patterns = append(g.patterns, es...)
	}
	if err := g.RefreshEntities(); err != nil {
		return nil, err
	}
	return g, nil
}

// RefreshEntities rebuilds the entity suggestions from the patterns, the
// registry and every labelled span of the corpus (see knownEntities).
// The TUI calls it after each action that changes entities.
func (g *suggester) RefreshEntities() error {
	known, err := knownEntities(g.st)
	if err != nil {
		return err
	}
	entries := append(append([]suggest.Entry(nil), g.patterns...), known...)
	g.ent.Store(suggest.NewEntitySuggester(entries, true))
	return nil
}

// knownEntities returns the suggestion entries of the entities the corpus
// knows: each registry entry with its aliases, and every labelled span,
// whether labelled in the TUI or imported. A span with a canonical name
// adds its surface to that entity's forms; a span without one propagates
// as its own surface text (with no canonical name).
func knownEntities(s store.API) ([]suggest.Entry, error) {
	type key struct{ label, canonical string }
	forms := map[key][]string{}
	docs := map[key]map[string]bool{}
	var order []key
	add := func(k key, form, doc string) {
		if _, ok := forms[k]; !ok {
			order = append(order, k)
			forms[k] = nil
			docs[k] = map[string]bool{}
		}
		if form != "" {
			forms[k] = append(forms[k], form)
		}
		if doc != "" {
			docs[k][doc] = true
		}
	}
	ents, err := s.Entities()
	if err != nil {
		return nil, fmt.Errorf("entity registry: %w", err)
	}
	for _, e := range ents {
		k := key{e.Label, e.Name}
		add(k, e.Name, "")
		for _, a := range e.Aliases {
			add(k, a, "")
		}
	}
	list, err := s.DocList()
	if err != nil {
		return nil, fmt.Errorf("entity spans: %w", err)
	}
	for _, d := range list {
		if d.Counts.Entities == 0 {
			continue
		}
		anns, err := s.Annotations(d.ID)
		if err != nil {
			return nil, fmt.Errorf("entity spans of %s: %w", d.ID, err)
		}
		for _, a := range anns {
			if a.Kind != annot.KindEntity || a.Stale || strings.TrimSpace(a.Text) == "" {
				continue
			}
			add(key{a.Label, a.Canonical}, a.Text, d.ID)
		}
	}
	var out []suggest.Entry
	for _, k := range order {
		if k.canonical != "" {
			out = append(out, suggest.AliasEntries(k.label, k.canonical, forms[k], len(docs[k]))...)
			continue
		}
		// no canonical name: each surface stands for itself
		seen := map[string]bool{}
		for _, f := range forms[k] {
			if f = strings.TrimSpace(f); f == "" || seen[f] {
				continue
			}
			seen[f] = true
			out = append(out, suggest.Entry{Pattern: f, Label: k.label, Source: suggest.SourceAlias, Docs: len(docs[k])})
		}
	}
	return out, nil
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
