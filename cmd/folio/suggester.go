package main

import (
	"fmt"
	"os"
	"sort"
	"sync"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/suggest"
)

// suggester proposes OCR fixes, line-end joins and entity labels for one
// document: the OCR model built from the corpus and the reviewer's fixes,
// and the entity gazetteer built from the registry, patterns and dates.
type suggester struct {
	mu  sync.Mutex // Learn changes the OCR model that Suggest reads
	ocr *suggest.OCR
	ent *suggest.EntitySuggester
}

// Suggest returns the document's suggestions sorted by start.
func (g *suggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	g.mu.Lock()
	out := g.ocr.Suggest(doc, text, anns)
	g.mu.Unlock()
	out = append(out, g.ent.Suggest(doc, text, anns)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
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
func buildSuggester(s *store.Store, cfg config.Config, lexicons, patterns []string) (*suggester, error) {
	lex := suggest.NewLexicon()
	ocr := suggest.NewOCR(lex)
	if err := findEvidence(cfg, lexicons).load(lex, ocr); err != nil {
		return nil, err
	}
	err := s.Documents(nil, func(d store.Document) error {
		lex.AddDocument(annot.Apply(d.Text, d.Anns).Text)
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
	var entries []suggest.Entry
	for _, name := range append(append([]string(nil), cfg.Patterns...), patterns...) {
		es, err := loadPatterns(name)
		if err != nil {
			return nil, err
		}
		entries = append(entries, es...)
	}
	ents, err := s.Entities()
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		entries = append(entries, suggest.AliasEntries(e.Label, e.Name, append([]string{e.Name}, e.Aliases...), e.Docs)...)
	}
	return &suggester{ocr: ocr, ent: suggest.NewEntitySuggester(entries, true)}, nil
}

func loadWordList(lex *suggest.Lexicon, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	defer f.Close()
	if err := lex.LoadWordList(f); err != nil {
		return fmt.Errorf("lexicon %s: %w", name, err)
	}
	return nil
}

func loadPatterns(name string) ([]suggest.Entry, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("patterns: %w", err)
	}
	defer f.Close()
	entries, errs := suggest.LoadPatterns(f)
	if len(errs) > 0 {
		return nil, fmt.Errorf("patterns %s: %w", name, errs[0])
	}
	return entries, nil
}
