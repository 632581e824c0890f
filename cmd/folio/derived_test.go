package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"folio/annot"
	"folio/query"
	"folio/store"
	"folio/suggest"
)

// TestSelectRecords: a query that a document's record decides selects
// before any text is read; one that needs the text or the suggestion
// counts reads every document.
func TestSelectRecords(t *testing.T) {
	d := annot.Doc{ID: "doc0001234", Status: annot.StatusDone, Tags: []string{"ocr"}}
	for _, c := range []struct {
		q     string
		all   bool // nil: every document is read
		match bool
	}{
		{"", true, false},
		{"id:doc000*", false, true},
		{"id:doc001*", false, false},
		{"tag:ocr status:done", false, true},
		{"tag:ocr -status:done", false, false},
		{"Jangtse", true, false},
		{"id:doc000* Jangtse", true, false},
		{"has:suggestions", true, false},
	} {
		q, err := query.Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		keep := selectRecords(q)
		if (keep == nil) != c.all {
			t.Errorf("%q: reads every document %v, want %v", c.q, keep == nil, c.all)
			continue
		}
		if keep != nil && keep(d) != c.match {
			t.Errorf("%q: keeps %s %v, want %v", c.q, d.ID, keep(d), c.match)
		}
	}
}

// TestSuggestWhereSelection: suggest --where by id gives what --doc gives
// for the same document.
func TestSuggestWhereSelection(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	byDoc := suggestions(t, "--db", db, "--doc", "001_879768a2f144ad87")
	byWhere := suggestions(t, "--db", db, "--where", "id:001*")
	if len(byDoc) == 0 {
		t.Fatal("no suggestions for 001")
	}
	a, _ := json.Marshal(byDoc)
	b, _ := json.Marshal(byWhere)
	if string(a) != string(b) {
		t.Fatalf("--where id:001* gave\n%s\n--doc gave\n%s", b, a)
	}
}

// TestCorpusLexiconFromStore: the lexicon loaded from the store's word
// counts equals one counted from every corrected text, after imports and
// a correction.
func TestCorpusLexiconFromStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Document("001_879768a2f144ad87")
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(d.Text, "Kdln")
	if at < 0 {
		t.Fatal("no Kdln in 001")
	}
	start := annot.Runes(d.Text[:at])
	if _, err := s.Put(d.Doc.ID, annot.Annotation{Kind: annot.KindCorrection, Start: start, End: start + 4, Value: "Köln"}, "fix"); err != nil {
		t.Fatal(err)
	}

	stored := suggest.NewLexicon()
	if err := loadCorpusLexicon(s, stored); err != nil {
		t.Fatal(err)
	}
	counted := suggest.NewLexicon()
	words := map[string]bool{}
	err = s.Documents(nil, func(d store.Document) error {
		text := annot.Apply(d.Text, d.Anns).Text
		counted.AddDocument(text)
		ws, _ := suggest.CountWords(text)
		for w := range ws {
			words[w] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored.Docs() != counted.Docs() || stored.Len() != counted.Len() || stored.Docs() == 0 {
		t.Fatalf("stored lexicon: %d documents, %d words; counted: %d, %d", stored.Docs(), stored.Len(), counted.Docs(), counted.Len())
	}
	for w := range words {
		if stored.Count(w) != counted.Count(w) || stored.DocFreq(w) != counted.DocFreq(w) {
			t.Errorf("%q: stored %d in %d documents, counted %d in %d", w, stored.Count(w), stored.DocFreq(w), counted.Count(w), counted.DocFreq(w))
		}
	}
	if stored.Count("Köln") == 0 {
		t.Error("the correction's word is not in the lexicon")
	}
}

// withFilingMemory holds the runtime's soft memory limit at filingMemory
// while the filing runs and restores it after; a limit set before it
// (GOMEMLIMIT) stays as it is.
func TestWithFilingMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64)) // none set, whatever the environment says
	during := func() (limit int64) {
		if err := withFilingMemory(func() error { limit = debug.SetMemoryLimit(-1); return nil }); err != nil {
			t.Fatal(err)
		}
		return limit
	}
	if got := during(); got != filingMemory {
		t.Fatalf("limit while filing %d, want %d", got, filingMemory)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit after filing %d, want none", got)
	}
	debug.SetMemoryLimit(1 << 30)
	if got := during(); got != 1<<30 {
		t.Fatalf("limit while filing %d, want the one set before, %d", got, 1<<30)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Fatalf("limit after filing %d, want the one set before, %d", got, 1<<30)
	}
}
