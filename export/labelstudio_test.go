package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/corpus"
	"folio/internal/shared"
)

// lsResultOut is a result of the Label Studio export, as a test reads it.
type lsResultOut struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	FromName string `json:"from_name"`
	ToName   string `json:"to_name"`
	FromID   string `json:"from_id"`
	ToID     string `json:"to_id"`
	Value    struct {
		Start   int      `json:"start"`
		End     int      `json:"end"`
		Labels  []string `json:"labels"`
		Choices []string `json:"choices"`
	} `json:"value"`
}

// lsExportResults exports items as Label Studio tasks and returns the
// results of each task's annotation, and the file written.
func lsExportResults(t *testing.T, items []Item) ([][]lsResultOut, string) {
	t.Helper()
	out, warns, _ := export(t, items, Options{Format: FormatLabelStudio})
	if len(warns) != 0 {
		t.Fatalf("warnings %q", warns)
	}
	var tasks []struct {
		Annotations []struct {
			Result []lsResultOut `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(out, &tasks); err != nil || len(tasks) != len(items) {
		t.Fatalf("not a list of %d tasks: %v\n%s", len(items), err, out)
	}
	var res [][]lsResultOut
	for _, task := range tasks {
		if len(task.Annotations) != 1 {
			t.Fatalf("%d annotations:\n%s", len(task.Annotations), out)
		}
		res = append(res, task.Annotations[0].Result)
	}
	path := filepath.Join(t.TempDir(), "tasks.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return res, path
}

// readLS reads the documents of a Label Studio file.
func readLS(t *testing.T, path string) []corpus.Doc {
	t.Helper()
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestLabelStudioKeepsRegions: the regions of a Label Studio project go
// back under their ids and control names, so that the export loads into
// the project it came from (named_entity of ../shared/interop names its
// labels "ner"); entities made in folio get fresh ids and the control
// names of their label's entities, else the defaults; relations name the
// regions written; a region of two labels is one region again.
func TestLabelStudioKeepsRegions(t *testing.T) {
	path := filepath.Join(shared.Dir(t, "interop", "label-studio", "frontend-examples", "named_entity", "annotations"), "1.json")
	docs := readLS(t, path)
	if len(docs) != 1 {
		t.Fatalf("%d documents in %s", len(docs), path)
	}
	d := docs[0]
	anns := withIDs(d.AllAnns())
	var date string
	for _, a := range anns {
		if a.Kind == annot.KindEntity {
			date = a.ID
		}
	}
	span := func(sub string) (int, int) {
		i := strings.Index(d.Text, sub)
		if i < 0 {
			t.Fatalf("no %q in the text", sub)
		}
		s := len([]rune(d.Text[:i]))
		return s, s + len([]rune(sub))
	}
	js, je := span("early January")
	bs, be := span("Bahia")
	anns = append(anns,
		annot.Annotation{ID: "made1", Kind: annot.KindEntity, Start: js, End: je, Label: "Date"},
		annot.Annotation{ID: "made2", Kind: annot.KindEntity, Start: bs, End: be, Label: "Location"},
		annot.Annotation{ID: "rel", Kind: annot.KindRelation, Label: "after", From: date, To: "made1"})
	res, out := lsExportResults(t, []Item{{Doc: annot.Doc{ID: d.ID, Title: d.Title}, Text: d.Text, Anns: anns}})
	var got []string
	for _, r := range res[0] {
		s := r.Type + " " + r.ID + " " + r.FromName + " " + r.ToName + " " + strings.Join(r.Value.Labels, "|")
		if r.Type == "relation" {
			s = r.Type + " " + r.FromID + " " + r.ToID
		}
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{
		"labels beFiQTT1cU ner text Date", // as Label Studio gave it
		"labels e1 label text Location",   // made in folio: the defaults
		"labels e2 ner text Date",         // made in folio: its label's control
		"relation beFiQTT1cU e2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("results %q, want %q", got, want)
	}
	// read back, the region keeps its id and controls, and the entities
	// made in folio get none
	back := readLS(t, out)
	var attrs []map[string]string
	for _, a := range annot.Sorted(back[0].AllAnns()) {
		if a.Kind == annot.KindEntity {
			attrs = append(attrs, a.Attrs)
		}
	}
	if len(attrs) != 3 || len(attrs[0]) != 0 || len(attrs[1]) != 0 ||
		attrs[2][corpus.LSIDAttr] != "beFiQTT1cU" || attrs[2][corpus.LSFromAttr] != "ner" || len(attrs[2]) != 2 {
		t.Errorf("read back attributes %v", attrs)
	}

	// a region of two labels, with a choice on it, under controls of
	// other names
	task := `[{"id": "t", "data": {"text": "Anna Weber lebt hier."}, "annotations": [{"result": [
 {"id": "Xy12", "type": "labels", "from_name": "ents", "to_name": "doc", "value": {"start": 0, "end": 10, "labels": ["PER", "NAME"]}},
 {"id": "Xy12", "type": "choices", "from_name": "sure", "to_name": "doc", "value": {"choices": ["ja"]}}]}]}]`
	in := filepath.Join(t.TempDir(), "two.json")
	if err := os.WriteFile(in, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	d = readLS(t, in)[0]
	res, _ = lsExportResults(t, []Item{{Doc: annot.Doc{ID: d.ID}, Text: d.Text, Anns: withIDs(d.AllAnns())}})
	got = got[:0]
	for _, r := range res[0] {
		labels := slices.Sorted(slices.Values(r.Value.Labels))
		got = append(got, r.Type+" "+r.ID+" "+r.FromName+" "+r.ToName+" "+strings.Join(append(labels, r.Value.Choices...), "|"))
	}
	want = []string{"labels Xy12 ents doc NAME|PER", "choices Xy12 sure doc ja"}
	if !slices.Equal(got, want) {
		t.Errorf("results %q, want %q", got, want)
	}
}
