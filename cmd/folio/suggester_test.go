package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"folio/annot"
	"folio/config"
	"folio/internal/shared"
	"folio/seeds"
	"folio/store"
	"folio/suggest"

	bolt "go.etcd.io/bbolt"
)

// uteBergStore returns a store of the seeds in which the scan's
// "Ute Berg" was imported as a PER span with no canonical name (as
// Prodigy writes one), and the scan's id.
func uteBergStore(t *testing.T) (db, scan string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	scan = "001_879768a2f144ad87"
	b, err := seeds.FS.ReadFile(scan + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "Ute Berg")
	if i < 0 {
		t.Fatal("no Ute Berg in 001")
	}
	start := annot.Runes(text[:i])
	line, _ := json.Marshal(map[string]any{
		"text":  text,
		"meta":  map[string]string{"id": scan},
		"spans": []map[string]any{{"start": start, "end": start + 8, "label": "PER"}},
	})
	jl := filepath.Join(dir, "ute.jsonl")
	if err := os.WriteFile(jl, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", jl)
	return db, scan
}

// TestImportedSpanPropagates: an entity imported with a label and no
// canonical name (a Prodigy span) is suggested in other documents as its
// own surface text.
func TestImportedSpanPropagates(t *testing.T) {
	db, scan := uteBergStore(t)
	if r := exportRecords(t, db)[scan]; len(r.Entities) != 1 || r.Entities[0].Label != "PER" {
		t.Fatalf("the import did not label Ute Berg: %+v", r.Entities)
	}
	n := 0
	for _, s := range suggestions(t, "--db", db, "--doc", "004_b1b4a13e5fce09e4") {
		if s.Kind == suggest.KindEntity && s.Text == "Ute Berg" {
			if c := s.Candidates[0]; c.Text != "PER" || c.Canonical != "" {
				t.Errorf("Ute Berg suggested as %+v", c)
			}
			n++
		}
	}
	if n != 2 {
		t.Fatalf("Ute Berg suggested %d times in 004, want 2", n)
	}
}

// TestSuggesterBuildPanic: a panic while the suggester is built in the
// background does not end the process (which would leave the terminal in
// the interface's mode): there are no suggestions, and no crash.
func TestSuggesterBuildPanic(t *testing.T) {
	b := startSuggester(func(func()) (*suggester, error) { panic("damaged") })
	if got := b.Suggest("d", "Kdln", nil); got != nil {
		t.Fatalf("suggestions %v", got)
	}
	if err := b.RefreshEntities(); err != nil {
		t.Fatal(err)
	}
	b.Learn("Kdln", "Köln")
	if b.err == nil || !strings.Contains(b.err.Error(), "damaged") {
		t.Fatalf("err %v", b.err)
	}
}

// TestSuggesterBuiltWhenAsked: the suggester is built when it is first
// asked for, once, not while the interface starts (the first screen does
// not share the processor with the build).
func TestSuggesterBuiltWhenAsked(t *testing.T) {
	var builds atomic.Int32
	b := startSuggester(func(func()) (*suggester, error) {
		builds.Add(1)
		return nil, errors.New("no store")
	})
	time.Sleep(20 * time.Millisecond)
	if n := builds.Load(); n != 0 {
		t.Fatalf("built %d times before anyone asked", n)
	}
	if got := b.Suggest("d", "Kdln", nil); got != nil {
		t.Fatalf("suggestions %v", got)
	}
	b.Learn("Kdln", "Köln")
	if err := b.RefreshEntities(); err != nil {
		t.Fatal(err)
	}
	if n := builds.Load(); n != 1 {
		t.Fatalf("built %d times, want once", n)
	}
}

// TestSuggesterNotBuiltByLearn: a fix saved or an entity changed before
// anyone asked for suggestions starts no build (the build reads the
// saved fixes and the registry when it comes); Started and Ready tell the
// interface where the build is.
func TestSuggesterNotBuiltByLearn(t *testing.T) {
	var builds atomic.Int32
	release := make(chan struct{})
	b := startSuggester(func(func()) (*suggester, error) {
		builds.Add(1)
		<-release
		return nil, errors.New("no store")
	})
	b.Learn("Kdln", "Köln")
	if err := b.RefreshEntities(); err != nil {
		t.Fatal(err)
	}
	if n := builds.Load(); n != 0 || b.Started() || b.Ready() {
		t.Fatalf("before any Suggest: %d builds, started %v, ready %v", n, b.Started(), b.Ready())
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Suggest("d", "Kdln", nil)
	}()
	for !b.Started() {
		time.Sleep(time.Millisecond)
	}
	if b.Ready() {
		t.Fatal("ready while building")
	}
	close(release)
	<-done
	if n := builds.Load(); n != 1 || !b.Ready() {
		t.Fatalf("after Suggest: %d builds, ready %v", n, b.Ready())
	}
}

// docListFails is a store whose DocList fails, and which counts the
// documents whose annotations are read.
type docListFails struct {
	store.API
	read map[string]int
}

func (s docListFails) DocList() ([]annot.Doc, error) {
	return nil, errors.New("DocList: every record read")
}

func (s docListFails) Annotations(id string) ([]annot.Annotation, error) {
	s.read[id]++
	return s.API.Annotations(id)
}

// TestKnownEntitiesReadsTheirDocuments: the entities the corpus knows
// are read from the documents with entities alone (the index's
// has:entities), not from every record: at a million documents the
// record of each was decoded in the background count's first step.
func TestKnownEntitiesReadsTheirDocuments(t *testing.T) {
	db, scan := uteBergStore(t)
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := docListFails{st, map[string]int{}}
	entries, err := knownEntities(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Pattern == "Ute Berg" && e.Label == "PER"
	}
	if !found {
		t.Errorf("Ute Berg (PER) not among the known entities: %+v", entries)
	}
	if len(s.read) != 1 || s.read[scan] != 1 {
		t.Errorf("annotations read of %v, want of %s alone", s.read, scan)
	}
	st.Close()

	// the indexes' rebuild stopped halfway (what a kill leaves: meta
	// ixnext, the first document not indexed), and a read-only open
	// does not finish it: the entities come from the records
	db2, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db2.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("ixnext"), []byte{0, 0, 0, 1})
	})
	if cerr := db2.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.Indexed() {
		t.Fatal("the store says its indexes are built: the test shows nothing")
	}
	if entries, err = knownEntities(ro, nil); err != nil {
		t.Fatalf("indexes not built: %v", err)
	}
	found = false
	for _, e := range entries {
		found = found || e.Pattern == "Ute Berg" && e.Label == "PER"
	}
	if !found {
		t.Errorf("indexes not built: Ute Berg (PER) not among the known entities: %+v", entries)
	}
}

// seedStore imports the seeds into a new store and opens it read-only
// until the test ends.
func seedStore(t *testing.T) *store.Store { return seedStoreWith(t, nil) }

// seedStoreWith is seedStore with edit run on the store, opened for
// writing, before it is opened read-only.
func seedStoreWith(t *testing.T, edit func(w *store.Store)) *store.Store {
	t.Helper()
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	// filed as folio suggest and the interface file what folio import
	// left before they suggest
	w, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.FileDerived(store.FileOptions{}); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(w)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestSuggesterBuildPauses: the interface's suggester calls the pause
// the interface gives it (tui.Paced) before each step of its build: the
// word lists, the corpus lexicon, the entities, and each document of its
// sample of pairs of words.
func TestSuggesterBuildPauses(t *testing.T) {
	st := seedStore(t)
	n, err := st.Len()
	if err != nil || n == 0 || n > bigramSample {
		t.Fatalf("%d seeds (%v): the sample is not the whole corpus", n, err)
	}
	var pauses atomic.Int32
	b := startSuggester(func(pause func()) (*suggester, error) {
		return buildReviewSuggester(st, config.Default(), pause, nil)
	})
	b.SetPause(func() bool { pauses.Add(1); return true })
	b.Suggest("d", "Kdln", nil)
	if b.err != nil {
		t.Fatal(b.err)
	}
	if got, want := int(pauses.Load()), 3+n; got != want {
		t.Fatalf("the build paused %d times, want %d (three steps and %d documents)", got, want, n)
	}

	// the reader asked: the build no longer pauses
	pauses.Store(0)
	b = startSuggester(func(pause func()) (*suggester, error) {
		return buildReviewSuggester(st, config.Default(), pause, nil)
	})
	b.SetPause(func() bool { pauses.Add(1); return true })
	b.Hurry()
	b.Suggest("d", "Kdln", nil)
	if b.err != nil {
		t.Fatal(b.err)
	}
	if got := pauses.Load(); got != 0 {
		t.Fatalf("the hurried build paused %d times", got)
	}
}

// TestKeptTwinsSameSuggestions: a suggester that keeps its twins' texts
// (keepTwins, as `folio suggest` does) and takes the twins from the
// record (SuggestDocument) suggests what one that reads them each time
// does, the twin's text read from the store or kept.
func TestKeptTwinsSameSuggestions(t *testing.T) {
	// the clean copy 004 corrected where scan 001 is damaged: the twin's
	// wording 001's fix reads is the corrected text, kept or read
	s := seedStoreWith(t, func(w *store.Store) {
		err := w.Documents(nil, func(d store.Document) error {
			if !strings.HasPrefix(d.Doc.ID, "004") {
				return nil
			}
			i := strings.Index(d.Text, "Köln")
			if i < 0 {
				t.Fatal("004 does not write Köln")
			}
			start := utf8.RuneCountInString(d.Text[:i])
			_, err := w.Put(d.Doc.ID, annot.Annotation{Kind: annot.KindCorrection, Start: start, End: start + 4, Value: "Cöln"}, "fix")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	fresh, err := buildSuggester(s, config.Config{}, nil, nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := buildSuggester(s, config.Config{}, nil, nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	kept.keepTwins(1 << 20)
	withTwin := 0
	err = s.Documents(nil, func(d store.Document) error {
		if len(d.Doc.Twins) > 0 {
			withTwin++
		}
		want, err := json.Marshal(fresh.Suggest(d.Doc.ID, d.Text, d.Anns))
		if err != nil {
			return err
		}
		for range 2 { // the twin read, then kept
			got, err := json.Marshal(kept.SuggestDocument(d))
			if err != nil {
				return err
			}
			if string(got) != string(want) {
				t.Errorf("%s: kept twins give\n%s\nwant\n%s", d.Doc.ID, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if withTwin < 2 {
		t.Fatalf("%d seeds with a twin, want 001 and 004", withTwin)
	}
	if len(kept.twins.texts) != withTwin {
		t.Errorf("%d twins' texts kept, want %d", len(kept.twins.texts), withTwin)
	}
}

// TestTwinTextsBudget: the twins' texts kept stay within the budget; a
// text that would pass it forgets the others, one larger than the
// budget is not kept, and a nil *twinTexts keeps nothing.
func TestTwinTextsBudget(t *testing.T) {
	tw := func(id, text string) suggest.Twin { return suggest.Twin{ID: id, Text: text} }
	k := &twinTexts{budget: 10, texts: map[string]suggest.Twin{}}
	k.put(tw("a", "1234")) // 5
	k.put(tw("b", "1234")) // 10
	if _, ok := k.get("a"); !ok || k.size != 10 {
		t.Fatalf("a not kept or size %d, want 10", k.size)
	}
	k.put(tw("a", "other")) // kept already: unchanged
	if got, _ := k.get("a"); got.Text != "1234" || k.size != 10 {
		t.Fatalf("a = %q, size %d after a second put", got.Text, k.size)
	}
	k.put(tw("c", "12")) // passes the budget: a and b forgotten
	if _, ok := k.get("a"); ok {
		t.Error("a kept past the budget")
	}
	if got, ok := k.get("c"); !ok || got.Text != "12" || k.size != 3 {
		t.Errorf("c = %q, %v, size %d; want 12, kept, 3", got.Text, ok, k.size)
	}
	k.put(suggest.Twin{ID: "d", Text: "1234", Stored: "123456"}) // both texts count: larger than the budget
	if _, ok := k.get("d"); ok || k.size != 3 {
		t.Errorf("a twin larger than the budget kept (size %d)", k.size)
	}
	var none *twinTexts
	none.put(tw("a", "x"))
	if _, ok := none.get("a"); ok {
		t.Error("a nil twinTexts kept a text")
	}
}

// TestKeptThenRestYieldsEveryDocument: the documents the count of pairs
// keeps (countBigramsKeeping) and then those it did not (keptThenRest)
// are every document of the store once, in import order, with its text
// and annotations, whether the budget keeps none, some or all of them.
func TestKeptThenRestYieldsEveryDocument(t *testing.T) {
	s := seedStore(t)
	var want []store.Document
	if err := s.Documents(nil, func(d store.Document) error { want = append(want, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) < 3 {
		t.Fatalf("%d seeds", len(want))
	}
	g, err := buildSuggester(s, config.Config{}, nil, nil, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	some := len(want[0].Text) + len(want[1].Text) // the first two
	for _, tc := range []struct {
		budget, kept int
		all          bool
	}{{0, 0, false}, {some, 2, false}, {1 << 30, len(want), true}} {
		kept, all, err := g.countBigramsKeeping(s, tc.budget)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept) != tc.kept || all != tc.all {
			t.Errorf("budget %d: kept %d, all %v; want %d, %v", tc.budget, len(kept), all, tc.kept, tc.all)
		}
		var got []store.Document
		err = keptThenRest(s, kept, all)(func(d store.Document) error { got = append(got, d); return nil })
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			t.Errorf("budget %d: %d documents yielded, not the store's %d in order", tc.budget, len(got), len(want))
		}
	}
}

// TestUndoneFixNoLongerCounts: a reviewer corrects the scan's "fur" to
// "fürs" and undoes it; once the suggester has read the fixes again
// (Relearn, as the interface asks after the undo), the scan's suggestions
// are those of before the correction ("für" first), not ones that count
// the fix taken back (found in a user pass: "fürs" was proposed first,
// "confirmed fix elsewhere", until folio was started again).
func TestUndoneFixNoLongerCounts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	g, err := buildSuggester(s, config.Config{}, nil, nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	const scan = "001_879768a2f144ad87"
	suggestFur := func() (string, []suggest.Suggestion) {
		t.Helper()
		d, err := s.Document(scan)
		if err != nil {
			t.Fatal(err)
		}
		sugs := g.Suggest(scan, d.Text, d.Anns)
		b, err := json.Marshal(sugs)
		if err != nil {
			t.Fatal(err)
		}
		return string(b), sugs
	}
	top := func(sugs []suggest.Suggestion, word string) string {
		for _, x := range sugs {
			if x.Text == word && len(x.Candidates) > 0 {
				return x.Candidates[0].Text
			}
		}
		return ""
	}
	before, sugs := suggestFur()
	if got := top(sugs, "fur"); got != "für" {
		t.Fatalf("before the fix, fur → %q, want für", got)
	}
	d, err := s.Document(scan)
	if err != nil {
		t.Fatal(err)
	}
	start := utf8.RuneCountInString(d.Text[:strings.Index(d.Text, " fur ")+1])
	if _, err := s.Put(scan, annot.Annotation{Kind: annot.KindCorrection, Start: start, End: start + 3, Value: "fürs"}, "correct"); err != nil {
		t.Fatal(err)
	}
	g.Learn("fur", "fürs")
	if fixes, err := s.Fixes(); err != nil || len(fixes) != 1 {
		t.Fatalf("fixes %v, %v; want fur → fürs", fixes, err)
	}
	if after, _ := suggestFur(); after == before {
		t.Fatal("the fix changed nothing: the test shows nothing")
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if err := g.Relearn(); err != nil {
		t.Fatal(err)
	}
	if again, sugs := suggestFur(); again != before {
		t.Errorf("after the undo, fur → %q; the suggestions differ from before the fix:\n got %s\nwant %s", top(sugs, "fur"), again, before)
	}
}

// TestEntitySuggestionsNoTokenLayers: brat's interop files hold
// documents annotated with token-level layers (dkpro's POS, Token and
// constituents over every token, the TDT corpus's part-of-speech tags,
// Punct): none of them is proposed as an entity elsewhere, and no
// function word or punctuation is, while a name labelled in the corpus
// still is (Google, an Organization, where it is not labelled yet).
func TestEntitySuggestionsNoTokenLayers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", shared.Dir(t, "interop", "brat"))
	function := map[string]bool{}
	for _, w := range strings.Fields("the to a an and in for on of is was at this that it he they when have") {
		function[w] = true
	}
	layers := []string{"lexmorph-type-pos-POS", "segmentation-type-Token", "constituent", "Token", "Punct", "N", "V", "A", "Adv", "Pron", "Pcle", "Adp", "C"}
	google := 0
	for _, s := range suggestions(t, "--db", db) {
		if s.Kind != suggest.KindEntity {
			continue
		}
		label := s.Candidates[0].Text
		if function[strings.ToLower(s.Text)] || !strings.ContainsFunc(s.Text, unicode.IsLetter) && !strings.ContainsFunc(s.Text, unicode.IsDigit) {
			t.Errorf("%s: %q proposed as %s", s.Doc, s.Text, label)
		}
		for _, c := range s.Candidates {
			if slices.ContainsFunc(layers, func(l string) bool { return c.Text == l || strings.HasSuffix(c.Text, "-"+l) }) {
				t.Errorf("%s: %q proposed as %s, a token layer", s.Doc, s.Text, c.Text)
			}
		}
		if s.Doc == "example-data/tutorials/news/040-text_span_annotation" && s.Text == "Google" && label == "Organization" {
			google++
		}
	}
	if google == 0 {
		t.Error("Google is not proposed as Organization in news/040, where it is labelled once")
	}
}

// TestSuggestInParts: a text longer than the part limit is judged part by
// part, cut at paragraph ends, each part as if it were the document; the
// suggestions come back at their places in the whole text.
func TestSuggestInParts(t *testing.T) {
	s := seedStore(t)
	g, err := buildSuggester(s, config.Config{}, nil, nil, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var scan string
	if err := s.Documents(nil, func(d store.Document) error {
		if strings.HasPrefix(d.Doc.ID, "001") {
			scan = d.Text
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	one := g.Suggest("book", scan, nil)
	if len(one) == 0 {
		t.Fatal("the scan has no suggestions: the test decides nothing")
	}
	const copies = 4
	book := strings.Repeat(scan+"\n\n", copies)
	g.part = len(scan) + 2
	got := g.Suggest("book", book, nil)
	if len(got) != copies*len(one) {
		t.Fatalf("%d suggestions, want %d (%d a copy)", len(got), copies*len(one), len(one))
	}
	n := utf8.RuneCountInString(scan) + 2
	for i, s := range got {
		w := one[i%len(one)]
		at := (i / len(one)) * n
		if s.Start != w.Start+at || s.End != w.End+at || s.Text != w.Text {
			t.Fatalf("suggestion %d: %q at %d, want %q at %d", i, s.Text, s.Start, w.Text, w.Start+at)
		}
		if got := string([]rune(book)[s.Start:s.End]); got != s.Text {
			t.Fatalf("suggestion %d: %q at [%d,%d) where the book reads %q", i, s.Text, s.Start, s.End, got)
		}
	}
	for _, c := range []struct {
		text  string
		limit int
		want  []string
	}{
		{"aa\n\nbb\n\ncc", 6, []string{"aa\n\n", "bb\n\ncc"}},
		{"aa\n\nbb\n\nccc", 6, []string{"aa\n\n", "bb\n\n", "ccc"}},
		{"aaaa bbbb\ncc", 8, []string{"aaaa ", "bbbb\ncc"}},
		{"aaaa\nbb bbbbbb", 8, []string{"aaaa\n", "bb ", "bbbbbb"}},
		{"ääää", 3, []string{"ä", "ä", "ä", "ä"}},
	} {
		var parts []string
		for p := range textParts(c.text, c.limit) {
			parts = append(parts, p.text)
		}
		if !slices.Equal(parts, c.want) {
			t.Errorf("textParts(%q, %d) = %q, want %q", c.text, c.limit, parts, c.want)
		}
	}
}
