package corpus

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"folio/annot"
	"folio/internal/shared"
)

const lsTasks = `[
 {"id": 7, "data": {"text": "Ute Berg works for Stadt Köln."}, "created_at": "2024",
  "meta": {"batch": 3},
  "annotations": [
   {"completed_by": {"id": 14, "email": "ute@example.org"}, "lead_time": 1.5, "result": [
     {"id": "r1", "type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 0, "end": 8, "text": "Ute Berg", "labels": ["PER"]}},
     {"id": "r2", "type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 19, "end": 29, "text": "Stadt Koln", "labels": ["ORG", "LOC"]}},
     {"id": "r1", "type": "choices", "from_name": "gender", "to_name": "text", "value": {"choices": ["f"]}},
     {"type": "relation", "from_id": "r2", "to_id": "r1", "direction": "left", "labels": ["works_for"]},
     {"type": "relation", "from_id": "r1", "to_id": "r9", "direction": "right"},
     {"id": "c1", "type": "choices", "from_name": "topic", "value": {"choices": ["city"]}},
     {"id": "t1", "type": "textarea", "from_name": "note", "value": {"text": ["checked"]}},
     {"id": "x1", "type": "rectanglelabels", "value": {"x": 1, "rectanglelabels": ["Face"]}}
   ]},
   {"completed_by": 15, "result": [
     {"id": "q1", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["PER"]}}
   ]},
   {"completed_by": 16, "was_cancelled": true, "result": []}
  ],
  "predictions": [{"model_version": "m1", "result": [{"id": "p", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["PER"]}}]}]
 },
 {"data": {"body": "Nur Text."}}
]`

func TestLabelStudio(t *testing.T) {
	g := readFS(t, fstest.MapFS{"tasks.json": {Data: []byte(lsTasks)}}, "tasks.json")
	d := g.byID(t, "7")
	var got []string
	// each annotator's answer is a set of its own: its relations name its
	// entities
	parts := append([]annot.Answer{{Anns: d.Anns}}, d.Answers...)
	for _, part := range parts {
		byID := map[string]annot.Annotation{}
		for _, a := range part.Anns {
			byID[a.ID] = a
		}
		for _, a := range annot.Sorted(part.Anns) {
			s := string(a.Kind) + " " + a.Label + a.Value
			switch a.Kind {
			case annot.KindEntity:
				s += " " + a.Text
				if len(a.Attrs) > 0 {
					s += " attrs " + a.Attrs["gender"] + " " + a.Attrs[LSIDAttr] + " " + a.Attrs[LSFromAttr] + " " + a.Attrs[LSToAttr]
				}
			case annot.KindRelation:
				s += " " + byID[a.From].Label + "->" + byID[a.To].Label
			case annot.KindPrediction:
				s += fmt.Sprint(" ", a.Attrs)
			}
			if a.Author != part.Annotator {
				t.Errorf("%s of %q's answer by %q", s, part.Annotator, a.Author)
			}
			if part.Annotator != "" {
				s = part.Annotator + ": " + s
			}
			got = append(got, s)
		}
	}
	want := []string{
		`meta {"batch":3}`,
		`prediction PER map[labelstudio:id:p]`, // kept (model m1, no score, its region's id), offered as a suggestion
		`ute@example.org: note checked`,
		`ute@example.org: relation works_for PER->LOC`, `ute@example.org: relation works_for PER->ORG`, // "left": from to_id to from_id
		`ute@example.org: status done`, `ute@example.org: tag city`,
		// the region's id and control names, but for the export's default "text"
		`ute@example.org: entity PER Ute Berg attrs f r1 ner `,
		`ute@example.org: entity LOC Stadt Köln attrs  r2 ner `, `ute@example.org: entity ORG Stadt Köln attrs  r2 ner `,
		`labelstudio:15: entity PER Ute attrs  q1  `, `labelstudio:15: status done`,
	}
	slices.Sort(got)
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("annotations:\n got %q\nwant %q", got, want)
	}
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	dropped := strings.Split(tl.Dropped(), ", ")
	for _, w := range []string{`1 task "created_at" field`, `1 "rectanglelabels" result`, `1 cancelled annotation`,
		`1 annotation "lead_time" field`,
		`1 "choices" result "from_name" field`, `1 "textarea" result "id" field`} {
		if !slices.Contains(dropped, w) {
			t.Errorf("dropped %q lacks %q", tl.Dropped(), w)
		}
	}
	for _, w := range dropped {
		if strings.HasSuffix(w, "prediction \"labels\" result") || strings.Contains(w, `"labels" result "`) && !strings.Contains(w, "prediction") {
			t.Errorf("dropped %q: the labels regions, and their ids and control names, are kept", w)
		}
	}
	g.expectProblem(t, "tasks.json: task 1", `says it covers "Stadt Koln", but the text there is "Stadt Köln"; the offsets win`, false)
	g.expectProblem(t, "tasks.json: task 1", `a relation between "r1" and "r9", which are not text regions`, true)
	if d := g.byID(t, ID("Nur Text.")); len(d.Anns) != 0 {
		t.Errorf("task 2: %+v", d.Anns)
	}
}

// TestLabelStudioInterop reads the Label Studio files of ../shared/interop.
func TestLabelStudioInterop(t *testing.T) {
	dir := shared.Dir(t, "interop", "label-studio")
	g := &got{}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*", "*.json"))
	more2, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.json"))
	files = append(append(files, more...), more2...)
	for _, f := range files { // task ids are per project: one file at a time
		if err := Read([]string{f}, g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range g.probs {
		if p.Skipped && p.Dropped == "" {
			t.Errorf("%s", p)
		}
	}
	ents := 0
	for _, d := range g.docs {
		for _, a := range d.Anns {
			if a.Kind == annot.KindEntity {
				ents++
				if a.Text != "February 22" || a.Label != "Date" {
					t.Errorf("%s: entity %+v", d.Source, a)
				}
			}
		}
	}
	if ents != 1 {
		t.Errorf("%d entities, want the one of named_entity/annotations/1.json:\n%s", ents, g.problemList())
	}
	if len(g.docs) < 4 {
		t.Errorf("%d documents:\n%s", len(g.docs), g.problemList())
	}
}

// FuzzLabelStudio reads arbitrary Label Studio JSON, and spaCy's JSON
// training format in the same files: no panic, and every
// annotation kept is valid on its document's text.
func FuzzLabelStudio(f *testing.F) {
	f.Add(lsTasks)
	f.Add(spacyDocs)
	f.Add(`{"paragraphs":[{"raw":"ab","entities":[[0,1,"X"],[1,0,"Y"]]},{"sentences":[{"tokens":[{"orth":"a","space":"","ner":"U-X"},{"orth":"b","ner":"L-X"}]}]}]}`)
	f.Add(`{"id":"x","data":{"text":"ab"},"annotations":[{"result":[{"id":"a","type":"labels","value":{"start":0,"end":9,"labels":["X"]}}]}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		g := &got{}
		if err := ReadFS(fstest.MapFS{"x.json": {Data: []byte(data)}}, "x.json", g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
		for _, d := range g.docs {
			if err := annot.Validate(d.Anns, annot.Runes(d.Text)); err != nil {
				t.Fatalf("%v in %+v", err, d.Anns)
			}
		}
	})
}

// TestLabelStudioFolioStatus: the status folio's export writes in a
// task's meta is that of the task's own annotation (no annotator) or of
// a task without one; a task an annotator labelled in Label Studio is
// theirs, done. The title and source come from there too.
func TestLabelStudioFolioStatus(t *testing.T) {
	tasks := `[
 {"id": "a", "data": {"text": "Köln am Rhein."}, "meta": {"id": "a", "status": "todo", "title": "Am Rhein", "source": "scan/a.txt"},
  "annotations": [{"result": [{"id": "e1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["LOC"]}}]}]},
 {"id": "b", "data": {"text": "Köln am Rhein."}, "meta": {"id": "b", "status": "todo"},
  "annotations": [{"completed_by": 3, "result": [{"id": "e1", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["LOC"]}}]}]},
 {"id": "c", "data": {"text": "Köln am Rhein."}, "meta": {"id": "c", "status": "rejected"}, "annotations": []},
 {"id": "d", "data": {"text": "Köln am Rhein."}, "meta": {"id": "other", "status": "rejected"}, "annotations": [{"result": []}]}
]`
	g := readFS(t, fstest.MapFS{"t.json": {Data: []byte(tasks)}}, "t.json")
	status := func(anns []annot.Annotation) string {
		for _, a := range anns {
			if a.Kind == annot.KindStatus {
				return a.Label
			}
		}
		return "todo"
	}
	a := g.byID(t, "a")
	if s := status(a.Anns); s != "todo" || a.Title != "Am Rhein" || a.Source != "scan/a.txt" {
		t.Errorf("a: status %s, title %q, source %q; want the meta's", s, a.Title, a.Source)
	}
	if b := g.byID(t, "b"); status(b.Anns) != "todo" || len(b.Answers) != 1 || status(b.Answers[0].Anns) != "done" {
		t.Errorf("b: status %s, answers %+v: want the annotator's answer done", status(b.Anns), b.Answers)
	}
	if s := status(g.byID(t, "c").Anns); s != "rejected" {
		t.Errorf("c: status %s, want rejected", s)
	}
	// a meta of another document's id is no folio export's: the task is
	// labelled, and done
	if s := status(g.byID(t, "d").Anns); s != "done" {
		t.Errorf("d: status %s, want done", s)
	}
}

// TestLabelStudioReviews: an annotation a reviewer rejected needs
// rework: its annotator's answer is todo, tagged review-rejected, and the
// import warns of it; one accepted, or reworked after the rejection,
// keeps done. The converter's test export of ../shared/interop has two
// rejected annotations.
func TestLabelStudioReviews(t *testing.T) {
	tasks := `[
 {"id": "acc", "data": {"text": "Ein Satz."}, "annotations": [{"completed_by": 1, "result": [], "last_action": "accepted",
   "reviews": [{"created_by": {"email": "rev@example.org"}, "accepted": true}]}]},
 {"id": "rej", "data": {"text": "Ein Satz."}, "annotations": [{"completed_by": 1, "result": [],
   "reviews": [{"created_by": 2, "accepted": true}, {"created_by": {"email": "rev@example.org"}, "accepted": false}]}]},
 {"id": "redone", "data": {"text": "Ein Satz."}, "annotations": [{"completed_by": 1, "result": [], "last_action": "updated",
   "reviews": [{"created_by": 2, "accepted": false}]}]},
 {"id": "other", "data": {"text": "Ein Satz."}, "annotations": [{"completed_by": 1, "result": [], "last_action": "rejected"},
   {"completed_by": 1, "result": []}]},
 {"id": "anon", "data": {"text": "Ein Satz."}, "annotations": [{"result": [], "last_action": "rejected"}]}
]`
	answer := func(d Doc) []string {
		anns := d.Anns
		if len(d.Answers) > 0 {
			anns = d.Answers[0].Anns
		}
		var out []string
		for _, a := range annot.Sorted(anns) {
			if a.Kind == annot.KindStatus || a.Kind == annot.KindTag {
				out = append(out, string(a.Kind)+" "+a.Label)
			}
		}
		return out
	}
	done, rework := []string{"status done"}, []string{"status todo", "tag review-rejected"}
	g := readFS(t, fstest.MapFS{"t.json": {Data: []byte(tasks)}}, "t.json")
	for id, want := range map[string][]string{"acc": done, "rej": rework, "redone": done, "other": done, "anon": rework} {
		if got := answer(g.byID(t, id)); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	g.expectProblem(t, "t.json: task 2", "the annotation of labelstudio:1 was rejected by rev@example.org: it needs rework, so it is todo, tagged review-rejected", false)
	g.expectProblem(t, "t.json: task 4", "an annotation of labelstudio:1 was rejected by its reviewer; another of theirs was not: it stays done", false)
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	if !strings.Contains(tl.Dropped(), "1 accepted review") {
		t.Errorf("dropped %q: the accepted review's reviewer is not kept", tl.Dropped())
	}

	f := filepath.Join(shared.Dir(t, "interop", "label-studio", "converter-tests"), "csv_test.json")
	g = &got{}
	if err := Read([]string{f}, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	if len(g.docs) != 2 {
		t.Fatalf("%d documents:\n%s", len(g.docs), g.problemList())
	}
	for i, d := range g.docs {
		if got := answer(d); !slices.Equal(got, rework) {
			t.Errorf("%s task %d: %q, want %q", f, i+1, got, rework)
		}
		g.expectProblem(t, fmt.Sprintf("%s: task %d", f, i+1), "the annotation of hakan@heartex.com was rejected by review@heartex.com: it needs rework, so it is todo, tagged review-rejected", false)
	}
}

// TestLabelStudioProjectFolder: a folder of Label Studio tasks
// (tasks.json) with the annotations of each task in a file of its own
// (annotations/ID.json, as Label Studio's examples and its per-task
// exports keep them) is read as one document a task, its annotations
// attached by the task's id (its place in the list for a task without
// one): ../shared/interop's named_entity, and files of each form an
// annotation file takes.
func TestLabelStudioProjectFolder(t *testing.T) {
	dir := filepath.Join(shared.Dir(t, "interop", "label-studio"), "frontend-examples", "named_entity")
	g := &got{}
	if err := Read([]string{dir}, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	if len(g.docs) != 1 {
		t.Fatalf("%d documents %q, want the one task:\n%s", len(g.docs), g.ids(), g.problemList())
	}
	d := g.docs[0]
	var got []string
	for _, a := range annot.Sorted(d.AllAnns()) {
		if a.Kind == annot.KindEntity || a.Kind == annot.KindPrediction || a.Kind == annot.KindStatus {
			got = append(got, fmt.Sprint(a.Kind, " ", a.Label, " ", a.Text))
		}
	}
	if want := []string{"status done ", "entity Date February 22", "prediction Date February 22"}; !slices.Equal(got, want) {
		t.Errorf("annotations %q, want %q", got, want)
	}
	if !strings.HasSuffix(d.Source, "tasks.json: task 1") {
		t.Errorf("source %q", d.Source)
	}

	const text = "Ute Berg wohnt in Köln."
	fsys := fstest.MapFS{
		"p/tasks.json": {Data: []byte(`[{"id": 11, "data": {"text": "` + text + `"}},
 {"id": 12, "data": {"text": "Anna wohnt in Bonn."}},
 {"data": {"text": "Ohne Nummer."}},
 {"id": 14, "data": {"text": "Nichts dazu."}}]`)},
		// a task with its annotations
		"p/annotations/11.json": {Data: []byte(`{"id": 11, "data": {"text": "` + text + `"}, "task_path": "../tasks.json",
 "annotations": [{"completed_by": 1, "result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 8, "labels": ["PER"]}}]}]}`)},
		// a bare annotation naming its task, under any name
		"p/annotations/x.json": {Data: []byte(`{"id": 901, "task": 11, "completed_by": 2,
 "result": [{"id": "b", "type": "labels", "value": {"start": 18, "end": 22, "labels": ["LOC"]}}]}`)},
		// a bare annotation of the task its name gives; one of the task
		// without id, by its place in the list
		"p/annotations/12.json": {Data: []byte(`{"id": 902, "result": [{"id": "c", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["PER"]}}]}`)},
		"p/annotations/3.json":  {Data: []byte(`{"id": 903, "result": [{"id": "d", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["X"]}}]}`)},
		// a task of another text is not task 14's: read on its own
		"p/annotations/14.json": {Data: []byte(`{"id": 14, "data": {"text": "Ein anderer Text."}, "annotations": []}`)},
		"p/config.xml":          {Data: []byte(`<View/>`)},
	}
	g = readFS(t, fsys, "p")
	describe := func(d Doc) []string {
		var out []string
		for _, a := range annot.Sorted(d.AllAnns()) {
			if a.Kind == annot.KindEntity {
				out = append(out, a.Label+" "+a.Text+" by "+a.Author)
			}
		}
		return out
	}
	for id, want := range map[string][]string{
		"11":               {"PER Ute Berg by labelstudio:1", "LOC Köln by labelstudio:2"},
		"12":               {"PER Anna by "},
		ID("Ohne Nummer."): {"X Ohne by "},
		"14":               nil,
	} {
		if got := describe(g.byID(t, id)); !slices.Equal(got, want) {
			t.Errorf("task %s: %q, want %q", id, got, want)
		}
	}
	if len(g.docs) != 4 {
		t.Errorf("%d documents %q", len(g.docs), g.ids())
	}
	g.expectProblem(t, "p/annotations/14.json", "not the text of task 14", false)
	g.expectProblem(t, "p/annotations/14.json: task 1", `duplicate id "14" with another text`, true)
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	if !strings.Contains(tl.Dropped(), `1 task "task_path" field`) {
		t.Errorf("dropped %q", tl.Dropped())
	}
}
