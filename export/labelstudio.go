package export

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"folio/annot"
)

// Label Studio's task import form, on the corrected text: a JSON list of
// {"id", "data": {"text"}, "meta", "annotations": [{"result": [...]}]},
// "meta" the document's metadata as its source gave it with its id,
// status, title and source, and one
// annotation (none for a document still to do with nothing on it, as
// Label Studio has a task nobody labelled) holding the document's
// entities as "labels" regions
// (with their attributes as "choices" on the region), its relations as
// "relation" results, its tags as "choices" and its notes as "textarea"
// results. Region ids are "e1", "e2", … in the order written. Its
// predictions (annot.KindPrediction) go back in "predictions", one per
// model version, their regions "p1", "p2", … with their scores.

type lsTaskOut struct {
	ID          string            `json:"id"`
	Data        map[string]string `json:"data"`
	Meta        map[string]any    `json:"meta,omitempty"`
	Annotations []lsAnnotationOut `json:"annotations"`
	Predictions []lsPredictionOut `json:"predictions,omitempty"`
}

// lsPredictionOut is one model's predictions (annot.KindPrediction).
type lsPredictionOut struct {
	ModelVersion string `json:"model_version,omitempty"`
	Result       []any  `json:"result"`
}

type lsAnnotationOut struct {
	Result []any `json:"result"`
}

type lsRegion struct {
	ID       string        `json:"id"`
	Type     string        `json:"type"`
	FromName string        `json:"from_name"`
	ToName   string        `json:"to_name"`
	Value    lsRegionValue `json:"value"`
	Score    *float64      `json:"score,omitempty"`
}

type lsRegionValue struct {
	Start   *int     `json:"start,omitempty"`
	End     *int     `json:"end,omitempty"`
	Text    any      `json:"text,omitempty"`
	Labels  []string `json:"labels,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

type lsRelation struct {
	Type      string   `json:"type"`
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels,omitempty"`
}

// renderLabelStudio writes one task (a list item; labelStudioList adds
// the brackets and commas).
func renderLabelStudio(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	// "meta" also holds the document's id, status, title and source, as
	// the prodigy export's does: Label Studio has no status but a
	// labelled task, which folio reads as done, and the status in "meta"
	// is that of the task's annotation without an annotator
	meta := sourceMeta(it)
	if meta == nil {
		meta = map[string]any{}
	}
	meta["id"], meta["status"] = it.Doc.ID, docStatus(it)
	for k, v := range map[string]string{"title": it.Doc.Title, "source": it.Doc.Source} {
		if v != "" {
			meta[k] = v
		}
	}
	task := lsTaskOut{ID: it.Doc.ID, Data: map[string]string{"text": c.text}, Meta: meta}
	var res []any
	region := map[string]string{} // entity id → region id
	for i, e := range c.ents {
		id := "e" + strconv.Itoa(i+1)
		region[e.ann.ID] = id
		start, end := e.Start, e.End
		res = append(res, lsRegion{ID: id, Type: "labels", FromName: "label", ToName: "text",
			Value: lsRegionValue{Start: &start, End: &end, Text: c.textOf(e.Span), Labels: []string{e.ann.Label}}})
		for _, name := range slices.Sorted(maps.Keys(e.ann.Attrs)) {
			v := e.ann.Attrs[name]
			res = append(res, lsRegion{ID: id, Type: "choices", FromName: name, ToName: "text",
				Value: lsRegionValue{Choices: strings.Split(v, "|")}})
		}
	}
	for _, a := range annot.Sorted(it.Anns) {
		switch a.Kind {
		case annot.KindRelation:
			from, ok1 := region[a.From]
			to, ok2 := region[a.To]
			if !ok1 || !ok2 {
				r.warnf("%s: doc %q: %s relation links an entity that is not written; left out", r.opt.Format, it.Doc.ID, a.Label)
				continue
			}
			res = append(res, lsRelation{Type: "relation", FromID: from, ToID: to, Direction: "right", Labels: []string{a.Label}})
		case annot.KindTag:
			res = append(res, lsRegion{ID: "tag-" + a.Label, Type: "choices", FromName: "tags", ToName: "text",
				Value: lsRegionValue{Choices: []string{a.Label}}})
		case annot.KindNote:
			if !a.HasSpan() {
				res = append(res, lsRegion{ID: "note-" + a.ID, Type: "textarea", FromName: "note", ToName: "text",
					Value: lsRegionValue{Text: []string{a.Value}}})
			}
		}
	}
	task.Annotations = []lsAnnotationOut{}
	if res != nil || docStatus(it) == annot.StatusDone {
		// a task with an annotation is a labelled one, which folio
		// reads as done: a document still to do with nothing on it has
		// none (one to do with entities comes back done)
		if res == nil {
			res = []any{}
		}
		task.Annotations = []lsAnnotationOut{{Result: res}}
	}
	task.Predictions = lsPredictions(r, c)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	return enc.Encode(task)
}

// lsPredictions writes the document's predictions back, one prediction
// per model version, their regions "p1", "p2", … on the corrected text.
func lsPredictions(r *docCtx, c *corrected) []lsPredictionOut {
	var out []lsPredictionOut
	byModel := map[string]int{}
	n := 0
	for _, a := range annot.Sorted(c.it.Anns) {
		if a.Kind != annot.KindPrediction || a.Stale {
			continue
		}
		sp := c.cmap.SpanToCorrected(a.Span())
		if sp.End <= sp.Start {
			r.warnf("%s: doc %q: %s prediction at %s is deleted by a correction; left out", r.opt.Format, c.it.Doc.ID, a.Label, a.Span())
			continue
		}
		i, ok := byModel[a.Class]
		if !ok {
			i = len(out)
			byModel[a.Class] = i
			out = append(out, lsPredictionOut{ModelVersion: a.Class})
		}
		n++
		reg := lsRegion{ID: "p" + strconv.Itoa(n), Type: "labels", FromName: "label", ToName: "text",
			Value: lsRegionValue{Start: &sp.Start, End: &sp.End, Text: c.textOf(sp), Labels: []string{a.Label}}}
		if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
			reg.Score = &f
		}
		out[i].Result = append(out[i].Result, reg)
	}
	return out
}

// labelStudioList turns the tasks written one a line into a JSON list.
type labelStudioList struct {
	w io.Writer
	n int
}

func (l *labelStudioList) Write(p []byte) (int, error) {
	sep := ",\n"
	if l.n == 0 {
		sep = "[\n"
	}
	l.n++
	if _, err := io.WriteString(l.w, sep); err != nil {
		return 0, err
	}
	return l.w.Write(bytes.TrimSuffix(p, []byte("\n")))
}

// end closes the list.
func (l *labelStudioList) end() error {
	s := "\n]\n"
	if l.n == 0 {
		s = "[]\n"
	}
	_, err := io.WriteString(l.w, s)
	return err
}
