package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// Two reviewers on one store: each undoes and redoes their own last
// action, never the other's.
func TestUndoIsPerReviewer(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Köln liegt am Rhein."})
	a, b := s.As("rev-a"), s.As("rev-b")
	m1 := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	m2 := annot.Annotation{Kind: annot.KindMark, Start: 5, End: 10}
	if _, err := a.Do("mark A", Op{Doc: "d", Put: &m1}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Do("mark B", Op{Doc: "d", Put: &m2}); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := a.History(); u != "mark A" {
		t.Fatalf("rev-a's history says undo %q, want mark A", u)
	}
	act, err := a.Undo()
	if err != nil || act.What != "mark A" {
		t.Fatalf("rev-a's undo: %q, %v; want mark A", act.What, err)
	}
	if _, err := a.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("rev-a's second undo: %v, want nothing to undo", err)
	}
	anns, _ := s.Annotations("d")
	if len(anns) != 1 || anns[0].Author != "rev-b" {
		t.Fatalf("after rev-a's undo: %+v, want rev-b's mark alone", anns)
	}
	// rev-b's new action leaves rev-a's redo alone
	n := annot.Annotation{Kind: annot.KindNote, Value: "b was here"}
	if _, err := b.Do("note", Op{Doc: "d", Put: &n}); err != nil {
		t.Fatal(err)
	}
	if act, err := a.Redo(); err != nil || act.What != "mark A" {
		t.Fatalf("rev-a's redo: %q, %v", act.What, err)
	}
	if act, err := b.Undo(); err != nil || act.What != "note" {
		t.Fatalf("rev-b's undo: %q, %v; want note", act.What, err)
	}
	mustCheck(t, s)
}

// An op that names what it replaces or deletes is refused when someone
// changed or deleted it meanwhile, and writes nothing.
func TestStaleOpRefused(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Kdln liegt am Rhein."})
	a, b := s.As("rev-a"), s.As("rev-b")
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"}
	act, err := a.Do("fix", Op{Doc: "d", Put: &fix})
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := s.Annotations("d")
	seen := anns[0] // what both read
	// rev-b changes it
	other := seen
	other.Value = "Koeln"
	if _, err := b.Do("fix again", Op{Doc: "d", Put: &other, Was: &seen}); err != nil {
		t.Fatal(err)
	}
	// rev-a, still seeing the old one, deletes it: refused
	_, err = a.Do("delete", Op{Doc: "d", Delete: seen.ID, Was: &seen})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale delete: %v, want ErrConflict", err)
	}
	mine := seen
	mine.Value = "Cöln"
	if _, err := a.Do("fix", Op{Doc: "d", Put: &mine, Was: &seen}); !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale replace: %v, want ErrConflict", err)
	}
	anns, _ = s.Annotations("d")
	if len(anns) != 1 || anns[0].Value != "Koeln" {
		t.Fatalf("after the refusals: %+v, want rev-b's Koeln", anns)
	}
	// gone altogether
	cur := anns[0]
	if _, err := b.Do("delete", Op{Doc: "d", Delete: cur.ID, Was: &cur}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Do("delete", Op{Doc: "d", Delete: cur.ID, Was: &cur}); !errors.Is(err, ErrConflict) {
		t.Fatalf("delete of a deleted one: %v, want ErrConflict", err)
	}
	_ = act
	mustCheck(t, s)
}

// A document dealt to two reviewers keeps each one's annotations in their
// own layer, unseen by the other and by the curated annotations, until a
// curator accepts them.
func TestLayersKeepReviewersApart(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Anna Berg wohnt in Köln."}, ImportDoc{ID: "solo", Text: "Bonn am Rhein."})
	if _, err := s.Assign(map[string][]string{"d": {"rev-a", "rev-b"}, "solo": {"rev-a"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	a, b := s.As("rev-a"), s.As("rev-b")
	per := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 9, Label: "PER"}
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 19, End: 23, Label: "LOC"}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	if _, err := a.Do("label", Op{Doc: "d", Put: &per}, Op{Doc: "d", Put: &loc}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Do("done", Op{Doc: "d", Put: &done}); err != nil {
		t.Fatal(err)
	}
	perB := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "PER"}
	if _, err := b.Do("label", Op{Doc: "d", Put: &perB}); err != nil {
		t.Fatal(err)
	}
	count := func(st API, kind annot.Kind) int {
		t.Helper()
		anns, err := st.Annotations("d")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range anns {
			if x.Kind == kind {
				n++
			}
		}
		return n
	}
	if n := count(a, annot.KindEntity); n != 2 {
		t.Errorf("rev-a sees %d entities, want their 2", n)
	}
	if n := count(b, annot.KindEntity); n != 1 {
		t.Errorf("rev-b sees %d entities, want their 1", n)
	}
	if n := count(s, annot.KindEntity); n != 0 {
		t.Errorf("the curated annotations have %d entities, want none yet", n)
	}
	// each one's record is summarized from their layer
	if d, _ := a.Doc("d"); d.Status != annot.StatusDone || d.Counts.Entities != 2 {
		t.Errorf("rev-a's record %+v", d)
	}
	if d, _ := b.Doc("d"); d.Status == annot.StatusDone || d.Counts.Entities != 1 {
		t.Errorf("rev-b's record %+v", d)
	}
	if d, _ := s.Doc("d"); d.Status == annot.StatusDone || d.Counts.Entities != 0 {
		t.Errorf("the curated record %+v", d)
	}
	// a document dealt to one reviewer has no layer
	m := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	if _, err := a.Do("mark", Op{Doc: "solo", Put: &m}); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.Annotations("solo"); len(anns) != 1 {
		t.Errorf("solo: the curated annotations %+v, want rev-a's mark", anns)
	}
	layers, _ := s.Layers()
	if len(layers) != 1 || strings.Join(layers["d"], ",") != "rev-a,rev-b" {
		t.Errorf("layers %v", layers)
	}
	// undo works in a layer
	if act, err := b.Undo(); err != nil || act.What != "label" || count(b, annot.KindEntity) != 0 {
		t.Fatalf("rev-b's undo: %q %v", act.What, err)
	}
	if _, err := b.Redo(); err != nil || count(b, annot.KindEntity) != 1 {
		t.Fatalf("rev-b's redo: %v", err)
	}
	// the curator accepts rev-a's version, then one annotation of rev-b's
	// (nested in rev-a's PER)
	if _, err := s.Curate("d", "rev-a", nil); err != nil {
		t.Fatal(err)
	}
	if n := count(s.Layer(""), annot.KindEntity); n != 2 {
		t.Errorf("after accepting rev-a's version: %d curated entities", n)
	}
	if n := count(s.Layer(""), annot.KindStatus); n != 0 {
		t.Errorf("the status came along with the version")
	}
	bAnns, _ := s.Layer("rev-b").Annotations("d")
	var bID string
	for _, x := range bAnns {
		if x.Kind == annot.KindEntity {
			bID = x.ID
		}
	}
	if _, err := s.Curate("d", "rev-b", []string{bID}); err != nil {
		t.Fatal(err)
	}
	if n := count(s, annot.KindEntity); n != 3 {
		t.Errorf("after accepting rev-b's PER: %d curated entities, want 3", n)
	}
	if _, err := s.Curate("d", "rev-b", []string{"a999"}); err == nil {
		t.Error("accepting an annotation the layer lacks: no error")
	}
	// accepting rev-b's version replaces the curated one
	if _, err := s.Curate("d", "rev-b", nil); err != nil {
		t.Fatal(err)
	}
	cur, _ := s.Layer("").Annotations("d")
	if len(cur) != 1 || cur[0].Start != 0 || cur[0].End != 4 || cur[0].Author != "rev-b" {
		t.Errorf("after accepting rev-b's version: %+v", cur)
	}
	// the curator's undo takes it back
	if _, err := s.Undo(); err != nil || count(s, annot.KindEntity) != 3 {
		t.Errorf("undo of the curation: %v", err)
	}
	mustCheck(t, s)
}

// An import run as a reviewer of a document dealt to several puts its
// annotations in their layer; a changed text moves every layer's
// annotations with it.
func TestLayersImportAndReanchor(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Anna Berg wohnt in Köln."})
	if _, err := s.Assign(map[string][]string{"d": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	per := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 9, Label: "PER"}
	if _, err := s.As("rev-a").ImportBatch([]ImportDoc{{ID: "d", Text: "Anna Berg wohnt in Köln.", Anns: []annot.Annotation{per}}}, nil); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.Annotations("d"); len(anns) != 0 {
		t.Errorf("the curated annotations got rev-a's import: %+v", anns)
	}
	if anns, _ := s.Layer("rev-a").Annotations("d"); len(anns) != 1 || anns[0].Label != "PER" {
		t.Fatalf("rev-a's layer after their import: %+v", anns)
	}
	if anns, _ := s.As("rev-b").Annotations("d"); len(anns) != 0 {
		t.Errorf("rev-b sees rev-a's import: %+v", anns)
	}
	// the editor re-imports the text with a word put before: the layer's
	// entity moves along
	importDocs(t, s, ImportDoc{ID: "d", Text: "Frau Anna Berg wohnt in Köln."})
	anns, _ := s.Layer("rev-a").Annotations("d")
	if len(anns) != 1 || anns[0].Start != 5 || anns[0].End != 14 || anns[0].Stale {
		t.Fatalf("rev-a's layer after the text changed: %+v", anns)
	}
	mustCheck(t, s)
}

// check finds a layer that belongs to no document and a layer annotation
// past the end of its text.
func TestCheckFindsBadLayers(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Köln."})
	err := s.update(func(tx *bolt.Tx) error {
		b, err := layerBucket(tx, "gone", "rev-a", true)
		if err != nil {
			return err
		}
		if err := putAnn(b, annot.Annotation{ID: "a1", Kind: annot.KindMark, Start: 0, End: 1}); err != nil {
			return err
		}
		b, err = layerBucket(tx, "d", "rev-a", true)
		if err != nil {
			return err
		}
		return putAnn(b, annot.Annotation{ID: "a1", Kind: annot.KindMark, Start: 2, End: 40})
	})
	if err != nil {
		t.Fatal(err)
	}
	probs, err := s.CheckInvariants()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(probs, "\n")
	if !strings.Contains(text, `layer "gone/rev-a" belongs to no document`) || !strings.Contains(text, `document "d": layer of rev-a:`) {
		t.Fatalf("problems:\n%s", text)
	}
}

// TestImportAnswers: annotators' answers (ImportDoc.Answers) go, with
// Layers, each to a layer of its annotator's, the document dealt to them,
// the curated annotations untouched; without, into the curated
// annotations. Each answer's entity ids are its own: the relations of two
// answers that both name "e1" link their own entities. An answer without
// an annotator, or with a name no reviewer can have, is curated.
func TestImportAnswers(t *testing.T) {
	const text = "Anna Berg wohnt in Köln."
	ent := func(id string, start, end int, label string) annot.Annotation {
		return annot.Annotation{ID: id, Kind: annot.KindEntity, Start: start, End: end, Label: label}
	}
	rel := annot.Annotation{Kind: annot.KindRelation, Label: "lives_in", From: "e1", To: "e2"}
	answers := []annot.Answer{
		{Annotator: "ner-alice", Anns: []annot.Annotation{ent("e1", 0, 9, "PER"), ent("e2", 19, 23, "LOC"), rel}},
		{Annotator: "ner-bob", Anns: []annot.Annotation{ent("e2", 0, 4, "PER"), ent("e1", 19, 23, "ORG"), rel}},
		{Annotator: "", Anns: []annot.Annotation{{Kind: annot.KindTag, Label: "checked"}}},
		{Annotator: "a,b", Anns: []annot.Annotation{{Kind: annot.KindTag, Label: "odd"}}},
	}
	// labels lists anns as "LABEL text" (a relation "label from→to"),
	// sorted
	labels := func(anns []annot.Annotation) []string {
		byID := map[string]annot.Annotation{}
		for _, a := range anns {
			byID[a.ID] = a
		}
		var out []string
		for _, a := range anns {
			switch a.Kind {
			case annot.KindEntity:
				out = append(out, a.Label+" "+a.Text)
			case annot.KindRelation:
				out = append(out, a.Label+" "+byID[a.From].Text+"→"+byID[a.To].Text)
			default:
				out = append(out, string(a.Kind)+" "+a.Label)
			}
		}
		slices.Sort(out)
		return out
	}
	alice := []string{"LOC Köln", "PER Anna Berg", "lives_in Anna Berg→Köln"}
	bob := []string{"ORG Köln", "PER Anna", "lives_in Köln→Anna"}
	for _, layers := range []bool{false, true} {
		t.Run(fmt.Sprint("layers=", layers), func(t *testing.T) {
			s, _ := openTemp(t)
			var reports []string
			st, err := s.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: answers, Layers: layers}},
				func(id, msg string) { reports = append(reports, id+": "+msg) })
			if err != nil {
				t.Fatal(err)
			}
			if st.AnnsAdded != 8 {
				t.Errorf("added %d annotations, want 8", st.AnnsAdded)
			}
			curated, err := s.Layer("").Annotations("d")
			if err != nil {
				t.Fatal(err)
			}
			dealt, err := s.Assignments()
			if err != nil {
				t.Fatal(err)
			}
			layerOf := func(name string) []string {
				t.Helper()
				all, err := s.Layers()
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(all["d"], name) {
					return nil
				}
				anns, err := s.Layer(name).Annotations("d")
				if err != nil {
					t.Fatal(err)
				}
				return labels(anns)
			}
			if !layers {
				want := slices.Sorted(slices.Values(append(append([]string{"tag checked", "tag odd"}, alice...), bob...)))
				if got := labels(curated); !slices.Equal(got, want) {
					t.Errorf("curated %q, want %q", got, want)
				}
				if all, _ := s.Layers(); len(all) != 0 || len(dealt) != 0 {
					t.Errorf("layers %v and assignments %v without Layers", all, dealt)
				}
				return
			}
			if got := labels(curated); !slices.Equal(got, []string{"tag checked", "tag odd"}) {
				t.Errorf("curated %q, want only the answers without a reviewer's name", got)
			}
			if got := layerOf("ner-alice"); !slices.Equal(got, alice) {
				t.Errorf("alice's layer %q, want %q", got, alice)
			}
			if got := layerOf("ner-bob"); !slices.Equal(got, bob) {
				t.Errorf("bob's layer %q, want %q", got, bob)
			}
			if got := dealt["d"]; !slices.Equal(got, []string{"ner-alice", "ner-bob"}) {
				t.Errorf("dealt to %q, want both annotators", got)
			}
			if len(reports) != 1 || !strings.Contains(reports[0], `"a,b" is not a reviewer name`) {
				t.Errorf("reports %q, want one of the name a,b", reports)
			}
			// the annotators see their own layers
			if anns, _ := s.As("ner-bob").Annotations("d"); !slices.Equal(labels(anns), bob) {
				t.Errorf("bob sees %q", labels(anns))
			}
			// the same answers again add nothing; a third annotator joins
			// the two
			carol := annot.Answer{Annotator: "ner-carol", Anns: []annot.Annotation{ent("", 19, 23, "LOC")}}
			st, err = s.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: append(slices.Clone(answers), carol), Layers: true}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st.AnnsAdded != 1 || st.AnnsDup != 8 {
				t.Errorf("again: %d added, %d already there; want 1 and 8", st.AnnsAdded, st.AnnsDup)
			}
			if dealt, _ := s.Assignments(); !slices.Equal(dealt["d"], []string{"ner-alice", "ner-bob", "ner-carol"}) {
				t.Errorf("dealt to %q after carol's answer", dealt["d"])
			}
			mustCheck(t, s)
		})
	}
}

// An annotator whose answer alone was imported with Layers sees and
// edits their layer, as one of several would; a reviewer dealt a
// document alone, without a layer, works on the curated annotations.
func TestImportAnswerOfOne(t *testing.T) {
	s, _ := openTemp(t)
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}
	if _, err := s.ImportBatch([]ImportDoc{
		{ID: "d", Text: "Bonn am Rhein.", Layers: true, Answers: []annot.Answer{{Annotator: "ds-alice", Anns: []annot.Annotation{loc}}}},
		{ID: "e", Text: "Köln am Rhein."},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.As("ds-alice").Annotations("d"); len(anns) != 1 || anns[0].Label != "LOC" {
		t.Errorf("alice sees %+v, want her answer", anns)
	}
	if anns, _ := s.Annotations("d"); len(anns) != 0 {
		t.Errorf("the editor sees %+v, want nothing curated", anns)
	}
	if _, err := s.Assign(map[string][]string{"e": {"rev-c"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.As("rev-c").Do("label", Op{Doc: "e", Put: &loc}); err != nil {
		t.Fatal(err)
	}
	if anns, _ := s.Annotations("e"); len(anns) != 1 {
		t.Errorf("rev-c alone on e: the curated annotations %+v, want their entity", anns)
	}
}

// TestMergedAnswersStatus: answers merged on import (no layers) that
// disagree on the status leave the document todo and tagged disputed,
// whatever order they come in, in one input document or one each (as
// Prodigy's lines do); answers that agree, or one annotator's later
// answer, set the status; a disputed document's status stays the
// editor's when the same answers are imported again.
func TestMergedAnswersStatus(t *testing.T) {
	const text = "Der Rat der Stadt Köln tagte."
	answer := func(who, status string) annot.Answer {
		return annot.Answer{Annotator: who, Anns: []annot.Annotation{{Kind: annot.KindStatus, Label: status, Meta: annot.Meta{Author: who}}}}
	}
	alice, bob, carol := answer("ner-alice", "done"), answer("ner-bob", "done"), answer("ner-carol", "rejected")
	// state is the document's status and tags, and how many reports
	// said the answers disagree
	state := func(t *testing.T, s *Store, reports []string) string {
		t.Helper()
		n := 0
		for _, r := range reports {
			if strings.Contains(r, "disagree") {
				n++
			}
		}
		return fmt.Sprintf("%s %d", statusTags(t, s.Layer(""), "d"), n)
	}
	run := func(t *testing.T, together bool, answers ...annot.Answer) (*Store, string) {
		t.Helper()
		s, _ := openTemp(t)
		var reports []string
		report := func(id, msg string) { reports = append(reports, msg) }
		batches := [][]annot.Answer{answers}
		if !together {
			batches = nil
			for _, a := range answers {
				batches = append(batches, []annot.Answer{a})
			}
		}
		for _, b := range batches {
			if _, err := s.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: b}}, report); err != nil {
				t.Fatal(err)
			}
		}
		return s, state(t, s, reports)
	}
	disputed := "todo [disputed] 1"
	for _, together := range []bool{false, true} {
		for _, order := range [][]annot.Answer{
			{alice, bob, carol}, {alice, carol, bob}, {bob, alice, carol},
			{bob, carol, alice}, {carol, alice, bob}, {carol, bob, alice},
		} {
			name := fmt.Sprintf("together=%v/%s,%s,%s", together, order[0].Annotator, order[1].Annotator, order[2].Annotator)
			t.Run(name, func(t *testing.T) {
				s, got := run(t, together, order...)
				if got != disputed {
					t.Fatalf("got %q, want %q", got, disputed)
				}
				var reports []string
				if _, err := s.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: order}}, func(id, msg string) { reports = append(reports, msg) }); err != nil {
					t.Fatal(err)
				}
				if got := state(t, s, reports); got != "todo [disputed] 0" {
					t.Fatalf("imported again: %q", got)
				}
			})
		}
		if _, got := run(t, together, alice, bob); got != "done [] 0" {
			t.Errorf("together=%v: two who agree: %q", together, got)
		}
	}
	if _, got := run(t, false, alice, answer("ner-alice", "rejected")); got != "rejected [] 0" {
		t.Errorf("one annotator's later answer: %q", got)
	}

	// an editor's status stays: the disputed document decided, its tag
	// taken off, the same answers imported again, and one more answer
	s, _ := run(t, false, alice, carol)
	if _, err := s.Put("d", annot.Annotation{Kind: annot.KindStatus, Label: "done"}, "set status"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Do("untag", Op{Doc: "d", Delete: annot.TagID(annot.TagDisputed)}); err != nil {
		t.Fatal(err)
	}
	var reports []string
	report := func(id, msg string) { reports = append(reports, msg) }
	for _, b := range [][]annot.Answer{{alice, carol}, {bob}} {
		if _, err := s.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: b}}, report); err != nil {
			t.Fatal(err)
		}
	}
	if got := state(t, s, reports); got != "done [] 0" {
		t.Fatalf("the editor's status after the answers again: %q", got)
	}
	if len(reports) != 1 || !strings.Contains(reports[0], "the status stays done, as an editor set it: the answers' statuses are left out (ner-carol: rejected)") {
		t.Fatalf("reports: %q", reports)
	}

	// an answer that names no annotator is no one to disagree with: a
	// named annotator's status stands over it, in either order
	anon := answer("", "rejected")
	for _, together := range []bool{false, true} {
		for _, order := range [][]annot.Answer{{alice, anon}, {anon, alice}} {
			if _, got := run(t, together, order...); got != "done [] 0" {
				t.Errorf("together=%v, %q then %q: %q", together, order[0].Annotator, order[1].Annotator, got)
			}
		}
	}
	// nor is a status imported without answers (the importer's)
	s, _ = openTemp(t)
	reports = nil
	for _, in := range []ImportDoc{
		{ID: "d", Text: text, Anns: []annot.Annotation{{Kind: annot.KindStatus, Label: "rejected"}}},
		{ID: "d", Text: text, Answers: []annot.Answer{alice}},
	} {
		if _, err := s.ImportBatch([]ImportDoc{in}, report); err != nil {
			t.Fatal(err)
		}
	}
	if got := state(t, s, reports); got != "done [] 0" {
		t.Errorf("a status imported without answers, then an answer: %q", got)
	}

	// a reviewer's import of a document dealt to several settles the
	// statuses of their layer
	s, _ = openTemp(t)
	if _, err := s.ImportBatch([]ImportDoc{{ID: "d", Text: text}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Assign(map[string][]string{"d": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	rev := s.As("rev-a")
	layerState := func() string { return statusTags(t, rev, "d") }
	for _, a := range []annot.Answer{alice, carol} {
		if _, err := rev.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: []annot.Answer{a}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := layerState(); got != "todo [disputed]" {
		t.Fatalf("rev-a's layer after two answers that disagree: %q", got)
	}
	if _, err := rev.Put("d", annot.Annotation{Kind: annot.KindStatus, Label: "rejected"}, "set status"); err != nil {
		t.Fatal(err)
	}
	if _, err := rev.ImportBatch([]ImportDoc{{ID: "d", Text: text, Answers: []annot.Answer{alice, carol}}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := layerState(); got != "rejected [disputed]" {
		t.Fatalf("rev-a's status after the answers again: %q", got)
	}
	if got := state(t, s, nil); got != "todo [] 0" {
		t.Fatalf("the curated annotations changed: %q", got)
	}
}

// statusTags is document id's status and tags as l reads them,
// "todo [disputed]".
func statusTags(t *testing.T, l interface {
	Annotations(string) ([]annot.Annotation, error)
}, id string) string {
	t.Helper()
	anns, err := l.Annotations(id)
	if err != nil {
		t.Fatal(err)
	}
	status, tags := "todo", []string{}
	for _, a := range anns {
		switch a.Kind {
		case annot.KindStatus:
			status = a.Label
		case annot.KindTag:
			tags = append(tags, a.Label)
		}
	}
	return fmt.Sprintf("%s %v", status, tags)
}
