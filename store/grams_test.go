package store

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/query"
)

func TestEachGram(t *testing.T) {
	for _, c := range []struct {
		w    string
		want []string
	}{
		{"", nil},
		{"ab", nil},
		{"abc", []string{"abc"}},
		{"jangtse", []string{"jan", "ang", "ngt", "gts", "tse"}},
		{"köln", []string{"köl", "öln"}},
		{"a\uFFFDbc", []string{"a\uFFFDb", "\uFFFDbc"}},
	} {
		var got []string
		eachGram(c.w, nil, func(g []byte) { got = append(got, string(g)) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: grams %q, want %q", c.w, got, c.want)
		}
	}
}

// selectAll answers each of qs.
func selectAll(t *testing.T, s *Store, qs []string) map[string][]uint32 {
	t.Helper()
	out := map[string][]uint32{}
	for _, q := range qs {
		b, err := s.Select(query.MustParse(q), nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		out[q] = b.ToArray()
	}
	return out
}

// A free word inside words is answered from the word grams, never the
// lexicon: the answers stand with every word gone from the terms (a
// lexicon scan would find none). A store without grams answers the same
// by reading the lexicon, and gets them when it is opened for writing.
func TestGramsAnswerInfixWords(t *testing.T) {
	s, path := openTemp(t)
	genCorpus(t, s, 200, 5)
	mustCheck(t, s)
	qs := append(slices.Clone(genQueryWords), "ngtse", "erg", "öln", "ahnhof", "bürger:innen", "e.V.")
	want := selectAll(t, s, qs)
	nonEmpty := 0
	for _, q := range qs {
		if len(want[q]) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 15 {
		t.Fatalf("only %d queries find documents", nonEmpty)
	}
	// scan answers (no grams) equal the grams' answers
	noGrams := func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketGrams, bucketTermNames} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.db.Update(noGrams); err != nil {
		t.Fatal(err)
	}
	for q, got := range selectAll(t, s, qs) {
		if !slices.Equal(got, want[q]) {
			t.Errorf("%q without grams: %v, with: %v", q, got, want[q])
		}
	}
	s.Close()
	s2, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	mustCheck(t, s2)
	// the words gone from the lexicon: only the grams can answer
	if err := s2.db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTerms).Cursor()
		pre := []byte{byte(query.TermWord)}
		for k, _ := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = c.Seek(pre) {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		b, err := s2.Select(query.MustParse(q), nil)
		if err != nil {
			t.Fatal(err)
		}
		if gramsAlone(q) && !slices.Equal(b.ToArray(), want[q]) {
			t.Errorf("%q from the grams alone: %v, want %v", q, b.ToArray(), want[q])
		}
	}
}

// gramsAlone says whether q is one free word of letters matched inside
// words, of gramLen runes or more: what the grams answer alone.
func gramsAlone(q string) bool {
	w := []rune(q)
	for _, r := range w {
		if !('a' <= r && r <= 'z' || r == 'ö' || r == 'ü' || r == 'ä') {
			return false
		}
	}
	return len(w) >= gramLen
}

// check finds grams that differ from a filing of the words.
func TestCheckFindsDamagedGrams(t *testing.T) {
	s, _ := openTemp(t)
	genCorpus(t, s, 30, 3)
	mustCheck(t, s)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketGrams).Cursor().First()
		return tx.Bucket(bucketGrams).Delete(bytes.Clone(k))
	}); err != nil {
		t.Fatal(err)
	}
	problems, err := s.CheckInvariants()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range problems {
		found = found || bytes.Contains([]byte(p), []byte("word gram"))
	}
	if !found {
		t.Errorf("check found %q", problems)
	}
}

// Grams another folio left behind (it made terms without filing them:
// the sequences differ) are not used, and are filed again when the store
// is next opened for writing.
func TestGramsOutOfDateAreRebuilt(t *testing.T) {
	s, path := openTemp(t)
	genCorpus(t, s, 60, 4)
	qs := []string{"ngtse", "öln", "erg", "innen"}
	want := selectAll(t, s, qs)
	current := func(s *Store) (ok bool) {
		t.Helper()
		if err := s.view(func(tx *bolt.Tx) error { ok = gramsCurrent(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !current(s) {
		t.Fatal("the grams of a new store are not current")
	}
	// an older folio made a word: the terms' sequence moved on
	if err := s.db.Update(func(tx *bolt.Tx) error {
		tb := tx.Bucket(bucketTerms)
		id, err := tb.NextSequence()
		if err != nil {
			return err
		}
		return tb.Put([]byte("wjangtsefaehre"), numKey(uint32(id)))
	}); err != nil {
		t.Fatal(err)
	}
	if current(s) {
		t.Fatal("grams that miss a word count as current")
	}
	for q, got := range selectAll(t, s, qs) {
		if fmt.Sprint(got) != fmt.Sprint(want[q]) {
			t.Errorf("%q with out-of-date grams: %v, want %v", q, got, want[q])
		}
	}
	if problems, err := s.CheckInvariants(); err != nil || len(problems) != 0 {
		t.Fatalf("check of unused grams: %v %q", err, problems)
	}
	s.Close()
	s2, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s2.Close() })
	if !current(s2) {
		t.Fatal("opening for writing did not file the words again")
	}
	mustCheck(t, s2)
	if err := s2.view(func(tx *bolt.Tx) error {
		b, err := txIndex{tx}.Containing(query.TermWord, "tsefae", nil)
		if err == nil && !b.IsEmpty() {
			t.Errorf("a word without documents selects %v", b.ToArray())
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
