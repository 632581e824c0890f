package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// statsWords are the words of statsCorpus's texts; Jangtse is in about
// one of six.
var statsWords = []string{"Köln", "Rhein", "Straße", "Müller", "Bürger", "Zeitung", "Hafen", "Brücke", "Markt", "Dom", "Jangtse"}

// statsCorpus writes a store of n documents with every kind of thing
// folio stats counts: statuses, tags, entities of three labels,
// corrections, marks, notes and stale spans (texts re-imported changed).
func statsCorpus(t *testing.T, db string, n int, seed uint64) {
	t.Helper()
	s, err := store.Open(db, store.Options{Author: "gen"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(seed, 5))
	texts := make([]string, n)
	imp := func(ids []int) {
		t.Helper()
		im := s.NewImporter(nil)
		for _, i := range ids {
			if err := im.Add(store.ImportDoc{ID: fmt.Sprintf("d%03d", i), Title: fmt.Sprintf("Nr. %d", i), Text: texts[i]}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Close(); err != nil {
			t.Fatal(err)
		}
	}
	all := make([]int, n)
	for i := range n {
		var w []string
		for range 5 + r.IntN(20) {
			w = append(w, statsWords[r.IntN(len(statsWords)-1)])
		}
		if r.IntN(6) == 0 {
			w[r.IntN(len(w))] = "Jangtse"
		}
		texts[i], all[i] = strings.Join(w, " "), i
	}
	imp(all)
	for i := range n {
		id := fmt.Sprintf("d%03d", i)
		var ops []store.Op
		put := func(a annot.Annotation) { ops = append(ops, store.Op{Doc: id, Put: &a}) }
		if st := r.IntN(4); st < 2 {
			put(annot.Annotation{Kind: annot.KindStatus, Label: []string{"done", "rejected"}[st]})
		}
		for range r.IntN(3) {
			tag := []string{"ocr", "presse", "Übersee", "x"}[r.IntN(4)]
			put(annot.Annotation{ID: annot.TagID(tag), Kind: annot.KindTag, Label: tag})
		}
		pos := 0
		for _, w := range strings.Fields(texts[i]) {
			sp := annot.Span{Start: pos, End: pos + annot.Runes(w)}
			pos = sp.End + 1
			switch r.IntN(10) {
			case 0:
				put(annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: []string{"PER", "LOC", "ORG"}[r.IntN(3)]})
			case 1:
				put(annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: "Koeln", Class: annot.ClassOCR})
			case 2:
				put(annot.Annotation{Kind: annot.KindMark, Start: sp.Start, End: sp.End})
			case 3:
				put(annot.Annotation{Kind: annot.KindNote, Value: "n"})
			}
		}
		if len(ops) > 0 {
			if _, err := s.Do("annotate", ops...); err != nil {
				t.Fatal(err)
			}
		}
	}
	var changed []int
	for range n / 8 {
		i := r.IntN(n)
		texts[i] = strings.ReplaceAll(texts[i], "e", "ee")
		changed = append(changed, i)
	}
	imp(changed)
}

// statsQueries are the questions the stats tests ask.
var statsQueries = []string{
	"", "Jangtse", "-jangtse", "nosuchword", "status:done", "status:todo", "status:rejected",
	"tag:ocr", "-tag:x", "tag:über*", "label:PER", "label:loc -label:ORG", "has:corrections",
	"has:marks", "has:notes", "has:entities", "has:stale", "id:d01*", `"köln rhein"`,
	"jangtse OR tag:presse", "-(status:done OR has:notes) koeln",
}

// referenceStats is what folio stats printed before the indexes answered
// a selection: the selected records summed (store.Stats.Add), printed by
// writeStats.
func referenceStats(t *testing.T, db, where string, asJSON bool) string {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sel, err := s.Select(query.MustParse(where), nil)
	if err != nil {
		t.Fatal(err)
	}
	st := store.NewStats()
	if err := s.DocsOf(sel, func(d annot.Doc) error { st.Add(d); return nil }); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := writeStats(&env{stdout: &out}, st, asJSON); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// folio stats prints, as text and as JSON, byte for byte what the
// selected records sum to: on the store itself, and through the socket
// of another folio that holds it (answered there by the same code).
func TestStatsPrintsWhatTheRecordsSum(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	statsCorpus(t, db, 240, 12)
	type run struct {
		args []string
		out  string
	}
	var runs []run
	for _, where := range statsQueries {
		for _, asJSON := range []bool{false, true} {
			args := []string{"--db", db, "stats", "--where", where}
			if asJSON {
				args = append(args, "--json")
			}
			want := referenceStats(t, db, where, asJSON)
			got, _ := mustFolio(t, args...)
			if got != want {
				t.Errorf("folio %q:\n%s\nthe records sum to:\n%s", args[2:], got, want)
			}
			runs = append(runs, run{args, got})
		}
	}
	if out := runs[2*slices.Index(statsQueries, "has:stale")].out; !strings.Contains(out, "\nstale ") {
		t.Fatalf("the corpus has no stale span:\n%s", out)
	}

	// another folio holds the store and serves it: the same answers
	defer holdAndServe(t, db)()
	for _, r := range runs {
		if got, _ := mustFolio(t, r.args...); got != r.out {
			t.Errorf("folio %q through the socket:\n%s\nwithout:\n%s", r.args[2:], got, r.out)
		}
	}
}
