package store

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"folio/annot"
	"folio/query"

	bolt "go.etcd.io/bbolt"
)

func staleIDs(t *testing.T, s *Store) []string {
	t.Helper()
	marked, total, err := s.StaleSuggestions("", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range marked {
		ids = append(ids, m.ID)
	}
	if total != len(ids) {
		t.Fatalf("total %d, listed %v", total, ids)
	}
	return ids
}

// countAll writes a count of n for every marked document.
func countAll(t *testing.T, s *Store, n int) {
	t.Helper()
	marked, _, err := s.StaleSuggestions("", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var cs []SuggestionCount
	for _, m := range marked {
		cs = append(cs, SuggestionCount{StaleDoc: m, N: n})
	}
	if _, err := s.SetSuggestionCounts(cs); err != nil {
		t.Fatal(err)
	}
}

// TestSuggestionJournal: imports, edits, undo and redo mark what they
// change in their transaction; a count clears a mark unless the document
// was marked again since; new evidence marks everything once.
func TestSuggestionJournal(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDocs(t, s, ImportDoc{ID: "a", Text: "Der Jangtse."}, ImportDoc{ID: "b", Text: "Kdln am Rhein."}, ImportDoc{ID: "c", Text: "Wuhan."})
	if got := staleIDs(t, s); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("after import: %v", got)
	}
	countAll(t, s, 3)
	if got := staleIDs(t, s); len(got) != 0 {
		t.Fatalf("after counting: %v", got)
	}
	if d, err := s.Doc("b"); err != nil || d.Counts.Suggestions != 3 {
		t.Fatalf("stored count %d, %v", d.Counts.Suggestions, err)
	}
	// an edit marks its document, keeps the stored count until recounted
	if _, err := s.Put("b", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "fix"); err != nil {
		t.Fatal(err)
	}
	if got := staleIDs(t, s); !slices.Equal(got, []string{"b"}) {
		t.Fatalf("after an edit: %v", got)
	}
	// a count read before a later write is not stored
	old, err := s.StaleMarks([]string{"a", "b"})
	if err != nil || len(old) != 1 || old[0].ID != "b" {
		t.Fatalf("marks %v, %v", old, err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SetSuggestionCounts([]SuggestionCount{{StaleDoc: old[0], N: 9}}); err != nil || n != 0 {
		t.Fatalf("a count older than the undo was written: %d, %v", n, err)
	}
	if d, _ := s.Doc("b"); d.Counts.Suggestions != 3 {
		t.Fatalf("count %d", d.Counts.Suggestions)
	}
	countAll(t, s, 1)
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if got := staleIDs(t, s); !slices.Equal(got, []string{"b"}) {
		t.Fatalf("after redo: %v", got)
	}
	countAll(t, s, 0)
	// re-import: the changed text alone
	importDocs(t, s, ImportDoc{ID: "a", Text: "Der Jangtse."}, ImportDoc{ID: "c", Text: "Wuhan am Jangtse."})
	if got := staleIDs(t, s); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("after re-import: %v", got)
	}
	countAll(t, s, 0)
	// evidence: the first fingerprint marks all, the same one nothing,
	// another one all again
	for _, c := range []struct {
		fp   string
		all  bool
		want int
	}{{"e1", false, 3}, {"e1", false, 0}, {"e2", false, 3}, {"e2", true, 3}} {
		n, err := s.MarkSuggestionEvidence(c.fp, c.all, nil)
		if err != nil || n != c.want || len(staleIDs(t, s)) != c.want {
			t.Fatalf("evidence %s (all %v): marked %d, %v; want %d", c.fp, c.all, n, err, c.want)
		}
		countAll(t, s, 0)
	}
	mustCheck(t, s)
}

// TestSuggestionJournalOlderStore: a store from before the journal has
// every document out of date, listed in id order across chunks, and its
// first write makes the journal with every document marked.
func TestSuggestionJournalOlderStore(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "j.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importDocs(t, s, ImportDoc{ID: "c", Text: "Wuhan."}, ImportDoc{ID: "a", Text: "Der Jangtse."}, ImportDoc{ID: "b", Text: "Köln."})
	if err := s.update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketSuggStale) }); err != nil {
		t.Fatal(err)
	}
	var ids []string
	after := ""
	for {
		chunk, total, err := s.StaleSuggestions(after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if after == "" && total != 3 {
			t.Fatalf("total %d", total)
		}
		if len(chunk) == 0 {
			break
		}
		for _, m := range chunk {
			ids = append(ids, m.ID)
		}
		after = chunk[len(chunk)-1].ID
	}
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Fatalf("listed %v", ids)
	}
	if _, err := s.Put("a", annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err)
	}
	if got := staleIDs(t, s); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("after the first write: %v", got)
	}
	mustCheck(t, s)
}

// TestSuggestionCountsTouchNoWords: a count write reads and tokenizes no
// text (the documents' words stay those of their forward entries), yet
// has:suggestions follows the counts, whether a count stays on its side
// of zero or crosses it, and the indexes equal a rebuild.
func TestSuggestionCountsTouchNoWords(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 120, 3)
	if _, err := s.MarkSuggestionEvidence("fresh", true, nil); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	before := s.tokenized.Load()
	for round := range 4 {
		marked, _, err := s.StaleSuggestions("", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		var cs []SuggestionCount
		for _, m := range marked {
			n := 0
			if r.IntN(2) == 0 {
				n = 1 + r.IntN(4) // 0 → n, n → m, n → 0: all kinds over the rounds
			}
			cs = append(cs, SuggestionCount{StaleDoc: m, N: n})
		}
		if n, err := s.SetSuggestionCounts(cs); err != nil || n != 120 {
			t.Fatalf("round %d: wrote %d counts, %v", round, n, err)
		}
		if got := s.tokenized.Load() - before; got != 0 {
			t.Fatalf("round %d: counts made %d documents' index entries from their text", round, got)
		}
		mustCheckIndex(t, s)
		docs := scanAll(t, s)
		with := 0
		for _, d := range docs {
			if d.doc.Counts.Suggestions > 0 {
				with++
			}
		}
		if with == 0 || with == len(docs) {
			t.Fatalf("round %d: %d of %d documents have suggestions: the test decides little", round, with, len(docs))
		}
		for _, qs := range []string{"has:suggestions", "-has:suggestions", "has:suggestions tse", "status:done -has:suggestions"} {
			q := query.MustParse(qs)
			got, err := s.Select(q, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := scanSelect(docs, q); !slices.Equal(got.ToArray(), want) {
				t.Fatalf("round %d: %q selects %v, a scan %v", round, qs, head(got.ToArray()), head(want))
			}
		}
		if _, err := s.MarkSuggestionEvidence(fmt.Sprint("round", round), false, nil); err != nil {
			t.Fatal(err)
		}
	}
	// the counter does count what reads words: an edit of a text
	if _, err := s.Put("doc1", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 1, Value: "X"}, "fix"); err != nil {
		t.Fatal(err)
	}
	if got := s.tokenized.Load() - before; got != 1 {
		t.Fatalf("an edit made %d documents' entries from their text, want 1", got)
	}
}

// TestMarkEvidenceInSteps: new evidence marks every document in
// transactions of marksPerStep, leaving marked documents as they are (an
// import's marks are not rewritten) unless all asks; the fingerprint is
// recorded with the last step, so a marking stopped halfway with no
// record of where (a folio before keyMarking) is done again.
func TestMarkEvidenceInSteps(t *testing.T) {
	s, _ := openTemp(t)
	n := 2*marksPerStep + 7
	docs := make([]ImportDoc, n)
	for i := range docs {
		docs[i] = ImportDoc{ID: fmt.Sprintf("d%05d", i), Text: fmt.Sprintf("Text %d.", i)}
	}
	importDocs(t, s, docs...)
	marks := func() map[string]uint64 {
		t.Helper()
		marked, total, err := s.StaleSuggestions("", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]uint64{}
		for _, sd := range marked {
			m[sd.ID] = sd.Mark
		}
		if total != len(m) {
			t.Fatalf("total %d, listed %d", total, len(m))
		}
		return m
	}
	imported := marks()
	if len(imported) != n {
		t.Fatalf("%d marked after the import, want %d", len(imported), n)
	}
	evidence := func() string {
		var e string
		if err := s.view(func(tx *bolt.Tx) error {
			e = string(tx.Bucket(bucketSuggStale).Get(keyEvidence))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return e
	}
	// after an import, new evidence rewrites no mark
	if got, err := s.MarkSuggestionEvidence("e1", false, nil); err != nil || got != n {
		t.Fatalf("marked %d, %v; want %d", got, err, n)
	}
	if !maps.Equal(marks(), imported) || evidence() != "e1" {
		t.Fatalf("marks rewritten, or evidence %q", evidence())
	}
	// all marks everything again, in every step
	if got, err := s.MarkSuggestionEvidence("e1", true, nil); err != nil || got != n {
		t.Fatalf("marked %d, %v", got, err)
	}
	for id, m := range marks() {
		if m <= imported[id] {
			t.Fatalf("%s keeps mark %d after all", id, m)
		}
	}
	// counted, then new evidence: every document marked
	countAllOf(t, s)
	if _, err := s.MarkSuggestionEvidence("e2", false, nil); err != nil || len(marks()) != n || evidence() != "e2" {
		t.Fatalf("%d marked, evidence %q, %v", len(marks()), evidence(), err)
	}
	// a marking stopped after its first step (evidence deleted, some
	// marked): the same fingerprint marks again
	countAllOf(t, s)
	if err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		if err := b.Delete(keyEvidence); err != nil {
			return err
		}
		return markStale(tx, "d00003")
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSuggestionEvidence("e2", false, nil); err != nil || len(marks()) != n || evidence() != "e2" {
		t.Fatalf("after a stopped marking: %d marked, evidence %q, %v", len(marks()), evidence(), err)
	}
	mustCheck(t, s)
}

// TestMarkEvidenceResumes: a marking stopped between its steps (the
// reviewer quit) goes on where it stopped when the same evidence is
// marked again, every document marked once it ends; one that marked every
// document (all) goes on doing so; other evidence starts over.
func TestMarkEvidenceResumes(t *testing.T) {
	s, _ := openTemp(t)
	const n = 10
	docs := make([]ImportDoc, n)
	for i := range docs {
		docs[i] = ImportDoc{ID: fmt.Sprintf("d%05d", i), Text: fmt.Sprintf("Text %d.", i)}
	}
	importDocs(t, s, docs...)
	state := func() (marks map[string]uint64, evidence string, at marking, walking bool) {
		t.Helper()
		marked, _, err := s.StaleSuggestions("", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		marks = map[string]uint64{}
		for _, sd := range marked {
			marks[sd.ID] = sd.Mark
		}
		if err := s.view(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketSuggStale)
			evidence = string(b.Get(keyEvidence))
			at, walking = decodeMarking(b.Get(keyMarking))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return
	}
	stopAfter := func(steps int) func() bool {
		return func() bool { steps--; return steps >= 0 }
	}
	countAllOf(t, s)
	if got, err := s.markEvidence("e1", false, 3, stopAfter(2)); err != nil || got != 6 {
		t.Fatalf("stopped after two steps of 3: went through %d, %v", got, err)
	}
	marks, evidence, at, walking := state()
	if len(marks) != 6 || evidence != "" || !walking || at.fingerprint != "e1" || string(at.after) != "d00005" {
		t.Fatalf("stopped: %d marked, evidence %q, marking %+v (%v)", len(marks), evidence, at, walking)
	}
	if got, err := s.markEvidence("e1", false, 3, nil); err != nil || got != n-6 {
		t.Fatalf("resumed: went through %d, %v; want the %d left", got, err, n-6)
	}
	marks, evidence, _, walking = state()
	if len(marks) != n || evidence != "e1" || walking {
		t.Fatalf("ended: %d marked, evidence %q, marking left %v", len(marks), evidence, walking)
	}

	// all, stopped after a step, goes on marking every document though
	// the next call does not ask for all
	before, _, _, _ := state()
	if _, err := s.markEvidence("e2", true, 3, stopAfter(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.markEvidence("e2", false, 3, nil); err != nil {
		t.Fatal(err)
	}
	after, evidence, _, _ := state()
	for id, m := range after {
		if m <= before[id] {
			t.Errorf("%s keeps mark %d after a resumed all", id, m)
		}
	}
	if evidence != "e2" {
		t.Errorf("evidence %q", evidence)
	}

	// other evidence starts over
	if _, err := s.markEvidence("e3", false, 3, stopAfter(1)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.markEvidence("e4", false, 3, nil); err != nil || got != n {
		t.Fatalf("new evidence after a stopped marking went through %d, %v; want %d", got, err, n)
	}
	if _, evidence, _, walking := state(); evidence != "e4" || walking {
		t.Fatalf("evidence %q, marking left %v", evidence, walking)
	}
	mustCheck(t, s)
}

// countAllOf clears every mark, as counting every document would (in one
// transaction: faster than SetSuggestionCounts' short ones).
func countAllOf(t *testing.T, s *Store) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuggStale)
		var ids [][]byte
		err := b.ForEach(func(k, _ []byte) error {
			if k[0] != 0 {
				ids = append(ids, bytes.Clone(k))
			}
			return nil
		})
		for _, id := range ids {
			if err == nil {
				err = b.Delete(id)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMarkEvidenceWritesWhatItMarks checks that a walk over documents
// that are all marked already (after an import) commits only its first
// and last transactions, that pause is asked before every step, and that
// a walk stopped by pause records where it got though it marked nothing.
func TestMarkEvidenceWritesWhatItMarks(t *testing.T) {
	s, _ := openTemp(t)
	const n = 10
	docs := make([]ImportDoc, n)
	for i := range docs {
		docs[i] = ImportDoc{ID: fmt.Sprintf("d%05d", i), Text: fmt.Sprintf("Text %d.", i)}
	}
	importDocs(t, s, docs...)
	txid := func() int {
		t.Helper()
		var id int
		if err := s.view(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
			t.Fatal(err)
		}
		return id
	}
	marking := func() (marking, bool) {
		t.Helper()
		var m marking
		var ok bool
		if err := s.view(func(tx *bolt.Tx) error {
			m, ok = decodeMarking(tx.Bucket(bucketSuggStale).Get(keyMarking))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return m, ok
	}

	pauses := 0
	before := txid()
	if got, err := s.markEvidence("e1", false, 1, func() bool { pauses++; return pauses <= 4 }); err != nil || got != 4 {
		t.Fatalf("stopped at the fifth step of 1: went through %d, %v", got, err)
	}
	if m, ok := marking(); !ok || string(m.after) != "d00003" {
		t.Fatalf("a walk stopped after 4 documents recorded %+v (%v), want after d00003", m, ok)
	}
	if c := txid() - before; c != 2 {
		t.Errorf("the stopped walk committed %d transactions, want 2 (its start and where it stopped)", c)
	}

	pauses = 0
	before = txid()
	if got, err := s.markEvidence("e1", false, 1, func() bool { pauses++; return true }); err != nil || got != n-4 {
		t.Fatalf("resumed: went through %d, %v; want %d", got, err, n-4)
	}
	if pauses != n-4 {
		t.Errorf("pause asked %d times, want once per step: %d", pauses, n-4)
	}
	if c := txid() - before; c != 2 {
		t.Errorf("the walk committed %d transactions, want 2 (its start and its end)", c)
	}
	if _, ok := marking(); ok {
		t.Error("the ended walk left its marking")
	}
	marked, total, err := s.StaleSuggestions("", n)
	if err != nil || total != n || len(marked) != n {
		t.Fatalf("%d of %d documents marked (%v), want all %d", len(marked), total, err, n)
	}
	// the evidence recorded: a launch's call writes nothing
	before = txid()
	if got, err := s.markEvidence("e1", false, 1, nil); err != nil || got != 0 {
		t.Fatalf("the same evidence: went through %d, %v", got, err)
	}
	if c := txid() - before; c != 0 {
		t.Errorf("the same evidence committed %d transactions, want none", c)
	}
	mustCheck(t, s)
}

// TestAnyStale: AnyStale says whether a document is marked, whatever the
// journal's own keys hold.
func TestAnyStale(t *testing.T) {
	s, _ := openTemp(t)
	if stale, err := s.AnyStale(); err != nil || stale {
		t.Fatalf("an empty store: %v, %v", stale, err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: "Text a."}, ImportDoc{ID: "b", Text: "Text b."})
	if _, err := s.MarkSuggestionEvidence("e1", false, nil); err != nil {
		t.Fatal(err)
	}
	marked, _, err := s.StaleSuggestions("", 10)
	if err != nil || len(marked) != 2 {
		t.Fatalf("the import marked %d (%v)", len(marked), err)
	}
	for i, m := range marked {
		if stale, err := s.AnyStale(); err != nil || !stale {
			t.Fatalf("%d of 2 counted: AnyStale %v, %v", i, stale, err)
		}
		if _, err := s.SetSuggestionCounts([]SuggestionCount{{StaleDoc: m}}); err != nil {
			t.Fatal(err)
		}
	}
	if stale, err := s.AnyStale(); err != nil || stale {
		t.Fatalf("every document counted, the evidence recorded: AnyStale %v, %v", stale, err)
	}
}
