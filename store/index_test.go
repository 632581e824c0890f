package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// genWords are the words of generated texts: German letters, case
// forms, digits and a few that only a fold finds (Koeln/Köln, Strasse/
// Straße).
var genWords = []string{"Köln", "Koeln", "KÖLN", "Straße", "Strasse", "Bürger:innen", "Müller", "Mueller",
	"Jangtse", "Jangtsekiang", "am", "Rhein", "und", "der", "die", "e.V.", "2025", "Ufer", "über",
	"Übersee", "Fluss", "Chongqing", "Reker", "Berg", "Ute", "Maß", "Masse", "Kdln", "Wirtschaft",
	"Wirtschaftsförderung", "ISTANBUL", "Ärger", "Aerger", "Öl", "Oel", "Haus", "häuser"}

// genQueryWords are the free words and field values random queries use.
var genQueryWords = []string{"köln", "koeln", "KOELN", "strasse", "straße", "bürger:innen", "innen", "mueller",
	"jangtse", "kiang", "am", "\"am Rhein\"", "\"Köln am\"", "e.V.", "2025", "über", "ueber", "fluss",
	"wirtschaft", "förderung", "istanbul", "ärger", "aerger", "oel", "haus", "häuser", "haeuser", "zzz",
	"tse", "ss", "ue", "\"ufer.\"", "berg", "doc1", "t1", "ß"}

var genTags = []string{"ocr", "press", "Press", "x", "Übersee"}
var genEntities = []string{"Ute Berg", "ute berg", "Henriette Reker", "Köln", "Chongqing"}

// genCorpus imports n generated documents into s and annotates them at
// random: statuses, tags, entities, corrections (boilerplate cuts among
// them), marks and notes.
func genCorpus(t testing.TB, s *Store, n int, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	var docs []ImportDoc
	for i := range n {
		var w []string
		for range 8 + r.IntN(40) {
			w = append(w, genWords[r.IntN(len(genWords))])
		}
		title := genWords[r.IntN(len(genWords))] + " " + genWords[r.IntN(len(genWords))]
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("doc%d", i), Title: title, Text: strings.Join(w, " ") + "."})
	}
	importDocs(t, s, docs...)
	for i := range n {
		id := fmt.Sprintf("doc%d", i)
		d, err := s.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		var ops []Op
		put := func(a annot.Annotation) { ops = append(ops, Op{Doc: id, Put: &a}) }
		switch r.IntN(4) {
		case 0:
			put(annot.Annotation{Kind: annot.KindStatus, Label: "done"})
		case 1:
			put(annot.Annotation{Kind: annot.KindStatus, Label: "rejected"})
		}
		for range r.IntN(3) {
			tag := genTags[r.IntN(len(genTags))]
			put(annot.Annotation{ID: annot.TagID(tag), Kind: annot.KindTag, Label: tag})
		}
		// spans on word boundaries, disjoint: walk the words
		pos := 0
		for _, w := range strings.Fields(d.Text) {
			n := annot.Runes(w)
			sp := annot.Span{Start: pos, End: pos + n}
			pos += n + 1
			switch r.IntN(12) {
			case 0:
				e := genEntities[r.IntN(len(genEntities))]
				put(annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: []string{"PER", "LOC", "org"}[r.IntN(3)], Canonical: e})
			case 1:
				put(annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: genWords[r.IntN(len(genWords))], Class: annot.ClassOCR})
			case 2:
				put(annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Class: annot.ClassBoilerplate})
			case 3:
				put(annot.Annotation{Kind: annot.KindMark, Start: sp.Start, End: sp.End})
			case 4:
				put(annot.Annotation{Kind: annot.KindNote, Value: "n"})
			}
		}
		if len(ops) == 0 {
			continue
		}
		if _, err := s.Do("annotate", ops...); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	setSuggestionCounts(t, s, r)
}

// setSuggestionCounts counts, as the TUI's background count does, the
// open suggestions of every document whose count is out of date: a
// random number, none for about half of them.
func setSuggestionCounts(t testing.TB, s *Store, r *rand.Rand) {
	t.Helper()
	stale, _, err := s.StaleSuggestions("", 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var counts []SuggestionCount
	for _, sd := range stale {
		n := 0
		if r.IntN(2) == 0 {
			n = 1 + r.IntN(3)
		}
		counts = append(counts, SuggestionCount{StaleDoc: sd, N: n})
	}
	if _, err := s.SetSuggestionCounts(counts); err != nil {
		t.Fatal(err)
	}
}

// genQuery builds a random query of depth at most depth.
func genQuery(r *rand.Rand, depth int) string {
	if depth == 0 || r.IntN(3) == 0 {
		switch r.IntN(12) {
		case 0:
			return "tag:" + []string{"ocr", "PRESS", "x", "über*", "p*", "übersee"}[r.IntN(6)]
		case 1:
			return "status:" + []string{"todo", "done", "rejected"}[r.IntN(3)]
		case 2:
			return "label:" + []string{"PER", "per", "LOC", "ORG", "org", "P*", "o*"}[r.IntN(7)]
		case 3:
			return "entity:" + []string{`"ute berg"`, "Köln", "KÖLN", "Henri*", "chong*", "nobody"}[r.IntN(6)]
		case 4:
			return "has:" + []string{"corrections", "marks", "notes", "entities", "stale", "twin", "suggestions"}[r.IntN(7)]
		case 5:
			return "id:" + []string{"doc1", "doc1*", "doc2*", "nope"}[r.IntN(4)]
		default:
			return genQueryWords[r.IntN(len(genQueryWords))]
		}
	}
	a, b := genQuery(r, depth-1), genQuery(r, depth-1)
	switch r.IntN(4) {
	case 0:
		return a + " OR " + b
	case 1:
		return "-(" + a + ")"
	case 2:
		return "(" + a + " OR " + b + ") " + genQuery(r, depth-1)
	}
	return a + " " + b
}

// scanned is a corpus read for scanSelect: each record with its searched
// text.
type scanned struct {
	doc  annot.Doc
	text string
}

func scanAll(t testing.TB, s *Store) []scanned {
	t.Helper()
	var out []scanned
	err := s.Documents(nil, func(d Document) error {
		out = append(out, scanned{d.Doc, SearchText(d.Text, d.Anns)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// scanSelect is what Select must equal: every document matched with
// query.Match over its record and searched text.
func scanSelect(docs []scanned, q *query.Query) []uint32 {
	var out []uint32
	for _, d := range docs {
		if q.Match(query.Subject{Doc: d.doc, Text: func() string { return d.text }}) {
			out = append(out, uint32(d.doc.Seq))
		}
	}
	return out
}

func TestSelectEqualsScan(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 300, 7)
	mustCheck(t, s)
	docs := scanAll(t, s)
	r := rand.New(rand.NewPCG(11, 12))
	nonEmpty := 0
	for i := range 600 {
		qs := genQuery(r, 3)
		if i < len(genQueryWords) {
			qs = genQueryWords[i] // every word alone once
		}
		q, err := query.Parse(qs)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		got, err := s.Select(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		// the scan matches what Select answers: the query widened by the
		// registry's aliases (TestSelectEntityAlias)
		wide := q
		if err := s.view(func(tx *bolt.Tx) error { wide = withAliases(tx, q); return nil }); err != nil {
			t.Fatal(err)
		}
		want := scanSelect(docs, wide)
		if !slices.Equal(got.ToArray(), want) {
			t.Fatalf("%q: index selects %d documents %v, a scan %d %v", qs, got.GetCardinality(), head(got.ToArray()), len(want), head(want))
		}
		if len(want) > 0 && len(want) < 300 {
			nonEmpty++
		}
	}
	if nonEmpty < 200 {
		t.Errorf("only %d of 600 queries select some but not all documents: the test decides little", nonEmpty)
	}
}

func head(a []uint32) []uint32 { return a[:min(len(a), 10)] }

func TestSelectFolding(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s,
		ImportDoc{ID: "a", Text: "Die Stadt Köln liegt am Rhein."},
		ImportDoc{ID: "b", Text: "Die Straße am Jangtsekiang."},
		ImportDoc{ID: "c", Text: "Kdln am Meer."})
	// a correction: the corrected text is searched, the original is not
	d, err := s.Document("c")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put("c", annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}, "fix"); err != nil {
		t.Fatal(err)
	}
	_ = d
	for _, tt := range []struct{ q, want string }{
		{"koeln", "a c"},
		{"KÖLN", "a c"},
		{"kdln", ""},
		{"strasse", "b"},
		{"jangtse", "b"},
		{`"köln am"`, "c"},
		{`"am rhein"`, "a"},
		{"-koeln", "b"},
	} {
		got, err := s.Select(query.MustParse(tt.q), nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		if err := s.DocsOf(got, func(d annot.Doc) error { ids = append(ids, d.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if strings.Join(ids, " ") != tt.want {
			t.Errorf("%s: got [%s], want [%s]", tt.q, strings.Join(ids, " "), tt.want)
		}
	}
	// undo the correction: Kdln is found again, Köln no longer in c
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	got, _ := s.Select(query.MustParse("kdln"), nil)
	if !got.Equals(roaring.BitmapOf(3)) {
		t.Errorf("kdln after undo: %v", got.ToArray())
	}
}

func TestCheckFindsIndexDrift(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 40, 3)
	mustCheck(t, s)
	// drop document 5 from every posting part, behind the index's back
	err := s.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPost).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			b, err := decodeBitmap(v)
			if err != nil {
				return err
			}
			if b.CheckedRemove(5) && !b.IsEmpty() {
				nv, _ := encodeBitmap(b)
				if err := tx.Bucket(bucketPost).Put(cloneKey(k), nv); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketCounters).Put([]byte(counterBytes), counterValue(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	probs, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(probs, "\n")
	if !strings.Contains(joined, "posting list differs from a rebuild") || !strings.Contains(joined, `counter "bytes"`) {
		t.Fatalf("check did not find the drift:\n%s", joined)
	}
	if err := s.RebuildIndex(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

func cloneKey(k []byte) []byte { return append([]byte(nil), k...) }

// toSchema2 makes s a schema 2 store: no indexes.
func toSchema2(t *testing.T, s *Store) {
	t.Helper()
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range indexBuckets {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIndexMigratedFromSchema2(t *testing.T) {
	s, path := openTemp(t)
	genCorpus(t, s, 50, 5)
	want, err := s.Select(query.MustParse("koeln OR tag:ocr"), nil)
	if err != nil {
		t.Fatal(err)
	}
	toSchema2(t, s)
	s.Close()
	// cut short: the first two steps of 7 documents, then a "crash"
	s2, err := Open(path, Options{Author: "ute", Now: clock(), ReadOnly: true})
	if err == nil {
		s2.Close()
		t.Fatal("a read-only open of a schema 2 store should ask for a migration")
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	s2 = &Store{db: db, path: path, author: "ute", now: clock(), migrateBatch: 7}
	for i := range 2 {
		err := s2.update(func(tx *bolt.Tx) error {
			if i == 0 {
				if err := startIndex(tx); err != nil {
					return err
				}
			}
			_, err := stepIndex(tx, 7)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s2.Select(query.MustParse("koeln"), nil); err == nil {
		t.Error("a half-built index answered a query")
	}
	db.Close()
	s3, err := Open(path, Options{Author: "ute", Now: clock(), MigrateBatch: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	mustCheck(t, s3)
	got, err := s3.Select(query.MustParse("koeln OR tag:ocr"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equals(want) {
		t.Errorf("after the migration: %v, before: %v", got.ToArray(), want.ToArray())
	}
	if backups, _ := filepath.Glob(path + ".bak-schema2-*"); len(backups) != 0 {
		t.Errorf("a resumed migration backed up again: %v", backups)
	}
}

func TestStatsFromCounters(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 120, 9)
	want := NewStats()
	if err := s.Docs(func(d annot.Doc) error { want.Add(d); return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stats(nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stats from the indexes:\n%+v\nfrom the records:\n%+v", got, want)
	}
	// the whole corpus's stats read no record and no text: they stand
	// with both gone (a second store, as the rest of the test reads them)
	bare, bpath := openTemp(t)
	genCorpus(t, bare, 120, 9)
	if err := bare.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDocs, bucketText} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := bare.Stats(nil); err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stats of %s without records: %v\n%+v\nwant\n%+v", bpath, err, got, want)
	}
	q := query.MustParse("koeln -status:done")
	sel, err := s.Select(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	want = NewStats()
	if err := s.DocsOf(sel, func(d annot.Doc) error { want.Add(d); return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err = s.StatsOf(sel); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stats of a selection:\n%+v\nfrom the records:\n%+v", got, want)
	}
}

// Postings are cut in parts of 1<<partBits numbers; a term's documents
// are the union of its parts, and a write rewrites only the parts of the
// numbers it changes.
func TestPostingParts(t *testing.T) {
	s, _ := openTemp(t)
	nums := []uint32{1, 4095, 4096, 9000, 70000, 1 << 20}
	var id uint32
	err := s.update(func(tx *bolt.Tx) error {
		ix := newIndexer(tx)
		var err error
		id, err = ix.termID([]byte("wparts"), true)
		if err != nil {
			return err
		}
		for _, n := range slices.Backward(nums) { // any order
			ix.adds = append(ix.adds, uint64(id)<<32|uint64(n))
		}
		return ix.write()
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.view(func(tx *bolt.Tx) error {
		b, err := txIndex{tx}.Term(query.Term{Kind: query.TermWord, Value: "parts"})
		if err != nil {
			return err
		}
		if !slices.Equal(b.ToArray(), nums) {
			t.Errorf("postings %v, want %v", b.ToArray(), nums)
		}
		parts := 0
		_ = tx.Bucket(bucketPost).ForEach(func(k, v []byte) error {
			id, part, ok := keyPost(k)
			pb, err := decodeBitmap(v)
			if !ok || err != nil || id == 0 || partOf(pb.Minimum()) != part || partOf(pb.Maximum()) != part {
				t.Errorf("part key %x: %v %v", k, ok, err)
			}
			parts++
			return nil
		})
		if parts != 5 {
			t.Errorf("%d parts, want 5 (4095 and 1 share one)", parts)
		}
		// counted over the parts, in place
		x := txIndex{tx}
		if n, err := x.count(id, nil); err != nil || n != uint64(len(nums)) {
			t.Errorf("count = %d, %v; want %d", n, err, len(nums))
		}
		if n, err := x.count(id, roaring.BitmapOf(1, 9000, 1<<20, 5)); err != nil || n != 3 {
			t.Errorf("count within = %d, %v; want 3", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// removals and additions of two terms at once, across parts: a part
	// left empty is deleted
	var id2 uint32
	err = s.update(func(tx *bolt.Tx) error {
		ix := newIndexer(tx)
		var err error
		if id2, err = ix.termID([]byte("wother"), true); err != nil {
			return err
		}
		for _, n := range []uint32{9000, 1, 70000} {
			ix.dels = append(ix.dels, uint64(id)<<32|uint64(n))
		}
		for _, n := range []uint32{4100, 2, 9001} {
			ix.adds = append(ix.adds, uint64(id)<<32|uint64(n))
		}
		for _, n := range []uint32{70000, 3} {
			ix.adds = append(ix.adds, uint64(id2)<<32|uint64(n))
		}
		return ix.write()
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.view(func(tx *bolt.Tx) error {
		for _, c := range []struct {
			word string
			want []uint32
		}{{"parts", []uint32{2, 4095, 4096, 4100, 9001, 1 << 20}}, {"other", []uint32{3, 70000}}} {
			b, err := txIndex{tx}.Term(query.Term{Kind: query.TermWord, Value: c.word})
			if err != nil {
				return err
			}
			if !slices.Equal(b.ToArray(), c.want) {
				t.Errorf("postings of %s %v, want %v", c.word, b.ToArray(), c.want)
			}
		}
		if v := tx.Bucket(bucketPost).Get(postKey(id, partOf(70000))); v != nil {
			t.Errorf("the emptied part is kept")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The indexes cover the curated annotations: a view that may read a
// reviewer's layer is not Indexed (its queries are matched over the
// records), the curated view is.
func TestIndexedOnlyForCuratedView(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Anna Berg wohnt in Köln."}, ImportDoc{ID: "e", Text: "Bonn am Rhein."})
	if !s.Indexed() {
		t.Fatal("a store without assignments is not Indexed")
	}
	if _, err := s.Assign(map[string][]string{"d": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	if _, err := s.As("rev-a").Do("done", Op{Doc: "d", Put: &done}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		st   API
		want bool
	}{
		{"the author's view", s, false},
		{"a reviewer", s.As("rev-a"), false},
		{"a reviewer's layer", s.Layer("rev-a"), false},
		{"the curated view", s.Layer(""), true},
	} {
		if got := c.st.(*Store).Indexed(); got != c.want {
			t.Errorf("%s: Indexed() = %v, want %v", c.name, got, c.want)
		}
	}
	// the reason: rev-a's record of d says done, the indexes do not
	var revDone []string
	if err := s.Layer("rev-a").Docs(func(d annot.Doc) error {
		if d.Status == "done" {
			revDone = append(revDone, d.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sel, err := s.Select(query.MustParse("status:done"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(revDone, []string{"d"}) || sel.GetCardinality() != 0 {
		t.Errorf("rev-a's done %v, the indexes' done %d: want [d] and 0", revDone, sel.GetCardinality())
	}
}

// TestAddNumsAsAddMany holds addNums to roaring's AddMany: the same
// numbers and, once encoded, the same bytes, for parts of every
// container form (runs, arrays, bitmaps) before and after.
func TestAddNumsAsAddMany(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	run := func(lo, hi uint32) []uint32 {
		var out []uint32
		for n := lo; n < hi; n++ {
			out = append(out, n)
		}
		return out
	}
	sparse := func(lo, hi uint32, every int) []uint32 {
		var out []uint32
		for n := lo; n < hi; n++ {
			if r.IntN(every) == 0 {
				out = append(out, n)
			}
		}
		return out
	}
	cases := []struct {
		name      string
		have, add []uint32
	}{
		{"empty part", nil, run(1, 3000)},
		{"nothing added", run(1, 100), nil},
		{"a few added", run(1, 100), []uint32{200, 300, 301}},
		{"a run appended to a run", run(1, 2000), run(2000, 5000)},
		{"sparse appended to a run", run(1, 2000), sparse(2000, 8000, 3)},
		{"a run appended to sparse", sparse(1, 4000, 7), run(4000, 9000)},
		{"dense appended to dense", sparse(1, 60000, 2), sparse(60000, 70000, 2)},
		{"interleaved", sparse(1, 9000, 5), sparse(1, 9000, 4)},
		{"unsorted and repeated", run(10, 20), []uint32{30, 5, 30, 15, 1 << 20, 7}},
		{"across containers", sparse(60000, 70000, 9), run(65000, 140000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, got := roaring.BitmapOf(c.have...), roaring.BitmapOf(c.have...)
			// as written and read back: common words are run containers
			for _, b := range []*roaring.Bitmap{want, got} {
				b.RunOptimize()
			}
			want.AddMany(c.add)
			addNums(got, c.add)
			if !got.Equals(want) {
				t.Fatalf("addNums: %d numbers, AddMany: %d", got.GetCardinality(), want.GetCardinality())
			}
			wb, err := encodeBitmap(want)
			if err != nil {
				t.Fatal(err)
			}
			gb, err := encodeBitmap(got)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(wb, gb) {
				t.Fatalf("encoded differently: %d bytes, AddMany's %d", len(gb), len(wb))
			}
		})
	}
}

// sortPostings sorts as slices.Sort does, whichever digits the
// postings share.
func TestSortPostings(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		name string
		n    int
		gen  func(i int) uint64
	}{
		{"few", 10, func(int) uint64 { return r.Uint64() }},
		{"random", 5000, func(int) uint64 { return r.Uint64() }},
		{"terms and numbers", 20000, func(int) uint64 { return uint64(r.IntN(30000))<<32 | uint64(r.IntN(1<<21)) }},
		{"one term", 5000, func(int) uint64 { return 7<<32 | uint64(r.IntN(5000)) }},
		{"sorted runs", 9000, func(i int) uint64 { return uint64(i%300)<<32 | uint64(1000+i/300) }},
		{"all equal", 5000, func(int) uint64 { return 5<<32 | 9 }},
		{"high bits", 6000, func(int) uint64 { return uint64(r.IntN(4)) << 60 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			xs := make([]uint64, c.n)
			for i := range xs {
				xs[i] = c.gen(i)
			}
			want := slices.Sorted(slices.Values(xs))
			if got := sortPostings(slices.Clone(xs)); !slices.Equal(got, want) {
				t.Fatalf("not sorted as slices.Sort sorts")
			}
		})
	}
}

// TestSelectEntityAlias finds the documents of a canonical entity by one
// of its aliases (the forms it was labelled on), in the index's answer,
// in a scan's and in Stats, the way query.Query.WithAliases widens it.
func TestSelectEntityAlias(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "a", Text: "Cologne is on the Rhine."},
		ImportDoc{ID: "b", Text: "Köln liegt am Rhein."}, ImportDoc{ID: "c", Text: "Bonn liegt am Rhein."})
	for _, e := range []struct {
		doc string
		end int
	}{{"a", 7}, {"b", 4}} {
		if _, err := s.Put(e.doc, annot.Annotation{Kind: annot.KindEntity, Start: 0, End: e.end, Label: "LOC", Canonical: "Köln"}, "label"); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q    string
		want []uint32
	}{
		{"entity:cologne", []uint32{1, 2}}, // documents by import order, from 1
		{"entity:COL*", []uint32{1, 2}},
		{"entity:koeln", []uint32{1, 2}},
		{"-entity:cologne", []uint32{3}},
		{"entity:cologne rhein", []uint32{2}},
		{"entity:bonn", nil},
		{"", []uint32{1, 2, 3}},
	} {
		q := query.MustParse(c.q)
		sel, err := s.Select(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sel.ToArray(); !slices.Equal(got, c.want) {
			t.Errorf("%s: documents %v, want %v", c.q, got, c.want)
		}
		st, err := s.Stats(q)
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != len(c.want) {
			t.Errorf("%s: stats count %d documents, want %d", c.q, st.Documents, len(c.want))
		}
		err = s.view(func(tx *bolt.Tx) error {
			sel, err := s.scanSelect(tx, withAliases(tx, q), nil)
			if err == nil && !slices.Equal(sel.ToArray(), c.want) {
				t.Errorf("%s: a scan finds %v, want %v", c.q, sel.ToArray(), c.want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestLayeredFreeWords: a view the indexes do not cover (a store with
// assignments) matches free words over each document's text, long texts
// (stored compressed) included, as the curated view's indexes do.
func TestLayeredFreeWords(t *testing.T) {
	s, _ := openTemp(t)
	long := strings.Repeat("Der Rat der Stadt tagt im Rathaus. ", 20) + "Zuletzt kam die Delegation aus Foshan."
	importDocs(t, s, ImportDoc{ID: "long", Title: "Ratssitzung", Text: long},
		ImportDoc{ID: "short", Title: "Kurz", Text: "Besuch aus Foshan."},
		ImportDoc{ID: "other", Title: "Anders", Text: "Nichts davon."})
	if _, err := s.Assign(map[string][]string{"long": {"rev-a", "rev-b"}, "short": {"rev-a"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]API{"the author's view": s, "a reviewer": s.As("rev-a"), "the curated view": s.Layer("")} {
		sel, err := st.(*Store).Select(query.MustParse("foshan"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if sel.GetCardinality() != 2 {
			t.Errorf("%s: foshan in %d documents, want 2 (long and short)", name, sel.GetCardinality())
		}
	}
}
