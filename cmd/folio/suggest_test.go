package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"folio/config"
	"folio/store"
	"folio/suggest"

	"github.com/RoaringBitmap/roaring/v2"
)

func suggestions(t *testing.T, args ...string) []suggest.Suggestion {
	t.Helper()
	out, _ := mustFolio(t, append([]string{"suggest"}, args...)...)
	var sugs []suggest.Suggestion
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var s suggest.Suggestion
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		sugs = append(sugs, s)
	}
	return sugs
}

func TestSuggestCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	sugs := suggestions(t, "--db", db, "--doc", "001_879768a2f144ad87")
	found := map[string]string{}
	for _, s := range sugs {
		if s.Doc != "001_879768a2f144ad87" || len(s.Candidates) == 0 || s.Reason == "" {
			t.Fatalf("bad suggestion %+v", s)
		}
		found[s.Text] = s.Candidates[0].Text
	}
	for from, to := range map[string]string{"Kdln": "Köln", "Biindnis": "Bündnis", "fiir": "für", "feierli-\nchem": "feierlichem"} {
		if found[from] != to {
			t.Errorf("%q: first candidate %q, want %q", from, found[from], to)
		}
	}
	// --doc takes the beginning of an id, as the seeds' numbers, when it
	// names one document
	if short := suggestions(t, "--db", db, "--doc", "001"); !reflect.DeepEqual(short, sugs) {
		t.Errorf("--doc 001 gives %d suggestions, --doc 001_879768a2f144ad87 %d", len(short), len(sugs))
	}
	if _, errs, code := folio(t, "--db", db, "suggest", "--doc", "00"); code != 1 || !strings.Contains(errs, `"00" begins the ids of several documents ("000_0de902f2da529e95", "001_879768a2f144ad87", `) {
		t.Errorf("--doc 00: exit %d, %q", code, errs)
	}
	// has:suggestions selects the scan, not the clean documents
	out, _ := mustFolio(t, "--db", db, "stats", "--json", "--where", "has:suggestions id:001*")
	if !strings.Contains(out, `"documents":1`) {
		t.Fatalf("has:suggestions: %s", out)
	}
}

func TestEntityPropagation(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	annotateSeeds(t, db) // labels Ute Berg as PER and Kdln as LOC Köln in 001
	sugs := suggestions(t, "--db", db, "--doc", "004_b1b4a13e5fce09e4")
	per := 0
	for _, s := range sugs {
		if s.Kind == suggest.KindEntity && s.Text == "Ute Berg" {
			if s.Candidates[0].Text != "PER" || s.Candidates[0].Canonical != "Ute Berg" {
				t.Errorf("Ute Berg suggested as %+v", s.Candidates[0])
			}
			per++
		}
	}
	if per != 2 {
		t.Fatalf("Ute Berg suggested %d times in 004, want 2: %+v", per, sugs)
	}
	for _, s := range suggestions(t, "--db", db, "--doc", "000_0de902f2da529e95") {
		if s.Kind == suggest.KindEntity && (s.Text == "Ute Berg" || s.Candidates[0].Text == "PER") {
			t.Errorf("000 does not mention Ute Berg: %+v", s)
		}
	}
}

// TestTwins: among the seeds, has:twin finds the scan 001 and its web copy
// 004 and nothing else, twin:ID finds the other one, and the scan's
// suggestions take 004's wording first. Right after folio import, which
// leaves the twins to the next folio that writes, has:twin finds none and
// says why; folio suggest files them.
func TestTwins(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	out, errs := mustFolio(t, "--db", db, "export", "--format", "jsonl", "--where", "has:twin")
	if out != "" || !strings.Contains(errs, "the twins of the last 5 documents imported are not filed yet") {
		t.Fatalf("has:twin before filing: %q, said %q", out, errs)
	}
	mustFolio(t, "--db", db, "suggest", "--doc", "002_4f2a84d43bce9837")
	out, _ = mustFolio(t, "--db", db, "export", "--format", "jsonl", "--where", "has:twin")
	var ids []string
	for line := range strings.Lines(out) {
		var d struct{ ID string }
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if !slices.Equal(ids, []string{"001_879768a2f144ad87", "004_b1b4a13e5fce09e4"}) {
		t.Errorf("has:twin: %v", ids)
	}
	out, _ = mustFolio(t, "--db", db, "export", "--format", "jsonl", "--where", "twin:004_b1b4a13e5fce09e4")
	if !strings.HasPrefix(out, `{"id":"001_879768a2f144ad87"`) || strings.Count(out, "\n") != 1 {
		t.Errorf("twin:004…: %q", out)
	}
	found := false
	for _, s := range suggestions(t, "--db", db, "--doc", "001_879768a2f144ad87") {
		if s.Text == "Biindnis" {
			found = true
			if s.Candidates[0].Text != "Bündnis" || !strings.Contains(s.Reason, "004_b1b4a13e5fce09e4") {
				t.Errorf("Biindnis: %+v", s)
			}
		}
	}
	if !found {
		t.Error("no suggestion for Biindnis")
	}
}

// TestInOrder: results come in the order of the items whatever the
// workers do, and done's first error stops the walk and is returned.
func TestInOrder(t *testing.T) {
	each := func(n int) func(yield func(int) error) error {
		return func(yield func(int) error) error {
			for i := range n {
				if err := yield(i); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var got []int
	err := inOrder(4, each(1000), func(i int) int { return i * i }, func(r int) error { got = append(got, r); return nil })
	if err != nil || len(got) != 1000 {
		t.Fatalf("%v, %d results", err, len(got))
	}
	for i, r := range got {
		if r != i*i {
			t.Fatalf("result %d is %d", i, r)
		}
	}
	boom := errors.New("stdout closed")
	walked := 0
	err = inOrder(2, func(yield func(int) error) error {
		for i := range 100000 {
			walked++
			if err := yield(i); err != nil {
				return err
			}
		}
		return nil
	}, func(i int) int { return i }, func(r int) error {
		if r == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err %v, want %v", err, boom)
	}
	if walked > 1000 {
		t.Errorf("walked %d items after done failed at the eleventh", walked)
	}
}

// TestSuggestRealWord checks that `folio suggest` over the corpus counts
// its pairs of words and flags a real word the context makes unlikely
// (`Sie mochte gern` where the corpus writes `Sie möchte gern`), and that
// a word whose context is common keeps quiet.
func TestSuggestRealWord(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(in, name+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20 {
		write(fmt.Sprintf("a%02d", i), "Am Abend sagt Anna: Sie möchte gern Kaffee trinken.")
		write(fmt.Sprintf("b%02d", i), "Der Kritiker mochte den Film nicht.")
	}
	write("scan", "Am Morgen sagt Berta: Sie mochte gern Kaffee trinken. Der Kritiker mochte den Film nicht.")
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", in)
	var got []suggest.Suggestion
	for _, s := range suggestions(t, "--db", db) {
		if s.Text == "mochte" {
			got = append(got, s)
		}
	}
	if len(got) != 1 || got[0].Doc != "scan" || got[0].Start != 26 || got[0].Candidates[0].Text != "möchte" ||
		!strings.Contains(got[0].Reason, "context") {
		t.Fatalf("want one real-word suggestion, mochte → möchte at 26 of scan; got %+v", got)
	}
	// a selection counts the pairs of a sample of the corpus (here all
	// of it), and finds the same
	for _, sel := range [][]string{{"--doc", "scan"}, {"--where", "id:scan"}, {"--where", "Berta"}} {
		var again []suggest.Suggestion
		for _, s := range suggestions(t, append([]string{"--db", db}, sel...)...) {
			if s.Text == "mochte" {
				again = append(again, s)
			}
		}
		if len(again) != 1 || !reflect.DeepEqual(again[0], got[0]) {
			t.Errorf("%v: got %+v, want %+v", sel, again, got)
		}
	}
}

// TestSampleBigrams checks the sample of the corpus's pairs that a
// selection counts: at most the size asked, spread over the corpus, the
// same on every run, and enough for a real-word error when the corpus
// shows it often.
func TestSampleBigrams(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		text := "Am Abend sagt Anna: Sie möchte gern Kaffee trinken."
		if i%2 == 1 {
			text = "Der Kritiker mochte den Film nicht." // mochte is a word of the corpus
		}
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("a%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scan := "Am Morgen sagt Berta: Sie mochte gern Kaffee trinken."
	if err := os.WriteFile(filepath.Join(in, "scan.txt"), []byte(scan), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", in)
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tc := range []struct {
		size int
		fix  bool
	}{{100, true}, {20, true}, {4, false}} { // 4: four documents of möchte, 8 pairs, too few
		// through the indexes, and by reading the records (a store
		// without indexes, or another folio's)
		for _, api := range []store.API{st, unindexed{st}} {
			// no system dictionaries: the corpus alone, for speed
			cfg := config.Default()
			cfg.Lexicon, cfg.Dictionary, cfg.Foreign = []string{none}, none, []string{none}
			g, err := buildSuggester(api, cfg, nil, nil, runtime.GOMAXPROCS(0), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.sampleBigrams(api, tc.size); err != nil {
				t.Fatal(err)
			}
			fixed := false
			for _, s := range g.Suggest("scan", scan, nil) {
				fixed = fixed || s.Text == "mochte" && s.Candidates[0].Text == "möchte"
			}
			if fixed != tc.fix {
				t.Errorf("%T: sample of %d of 61 documents: mochte → möchte %v, want %v", api, tc.size, fixed, tc.fix)
			}
		}
	}
}

// unindexed is a store whose indexes folio does not see.
type unindexed struct{ store.API }

func TestEveryNth(t *testing.T) {
	for _, tc := range []struct {
		size, n int
		want    []uint32
	}{
		{5, 10, []uint32{1, 2, 3, 4, 5}},
		{10, 5, []uint32{1, 3, 5, 7, 9}},
		{10, 3, []uint32{1, 5, 9}},
		{10, 1, []uint32{1}},
	} {
		all := roaring.New()
		all.AddRange(1, uint64(tc.size)+1)
		got := everyNth(all, tc.n).ToArray()
		if !slices.Equal(got, tc.want) {
			t.Errorf("everyNth(1..%d, %d) = %v, want %v", tc.size, tc.n, got, tc.want)
		}
	}
}

// TestSuggestRank checks `folio suggest --rank`: the same suggestions as
// without, the ocr and hyphen ones likeliest first (each with a
// likelihood), then the entity ones.
func TestSuggestRank(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	plain := suggestions(t, "--db", db)
	ranked := suggestions(t, "--db", db, "--rank")
	if len(ranked) != len(plain) || len(plain) < 10 {
		t.Fatalf("--rank gave %d suggestions, without it %d", len(ranked), len(plain))
	}
	key := func(s suggest.Suggestion) string { return fmt.Sprintf("%s %d %d %s", s.Doc, s.Start, s.End, s.Kind) }
	want := map[string]int{}
	for _, s := range plain {
		want[key(s)]++
	}
	entities, inText := false, true
	for i, s := range ranked {
		if want[key(s)]--; want[key(s)] < 0 {
			t.Fatalf("--rank gave %s, which the text order has not", key(s))
		}
		if s.Kind == suggest.KindEntity {
			entities = true
			continue
		}
		if entities {
			t.Fatalf("%s after an entity suggestion", key(s))
		}
		if s.Likelihood <= 0 || s.Likelihood > 1 {
			t.Fatalf("%s: likelihood %v", key(s), s.Likelihood)
		}
		if i > 0 && s.Likelihood > ranked[i-1].Likelihood {
			t.Fatalf("%s (%v) after %s (%v)", key(s), s.Likelihood, key(ranked[i-1]), ranked[i-1].Likelihood)
		}
		if i > 0 && key(s) != key(plain[i]) {
			inText = false
		}
	}
	if inText {
		t.Fatal("--rank kept the text order")
	}
}

// TestReviewSuggesterRealWord: the interface's suggester finds the
// real-word error `folio suggest --doc` finds, from its sample of the
// corpus's pairs of words.
func TestReviewSuggesterRealWord(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"scan": "Am Morgen sagt Berta: Sie mochte gern Kaffee trinken."}
	for i := range 20 {
		files[fmt.Sprintf("a%02d", i)] = "Am Abend sagt Anna: Sie möchte gern Kaffee trinken."
		files[fmt.Sprintf("b%02d", i)] = "Der Kritiker mochte den Film nicht." // mochte is a word
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(in, name+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "f.db")
	mustFolio(t, "--db", db, "import", in)
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := buildReviewSuggester(s, config.Default(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []suggest.Suggestion
	for _, sg := range g.Suggest("scan", files["scan"], nil) {
		if sg.Text == "mochte" {
			got = append(got, sg)
		}
	}
	if len(got) != 1 || got[0].Candidates[0].Text != "möchte" || !strings.Contains(got[0].Reason, "context") {
		t.Fatalf("want mochte → möchte from the context; got %+v", got)
	}
}
