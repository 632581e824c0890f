package export

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"folio/annot"
	"folio/corpus"
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
// results. An entity read from Label Studio goes back under its region's
// id and control names (corpus.LSIDAttr, LSFromAttr, LSToAttr; the
// entities of one region, one per label, as one region again); one made
// in folio gets an id corpus.LSRegionID gives ("e1", "e2", …, but for
// ids taken) and the control names of the document's entities of its
// label, else the defaults ("label" to "text"). Its predictions
// (annot.KindPrediction) go back in "predictions": those read from
// Label Studio under the id, model version and score of the prediction
// they came from (corpus.LSPredictionAttr, LSPredictionScoreAttr), in
// regions of their own ids, control names and scores (corpus.LSIDAttr,
// LSFromAttr, LSToAttr, LSScoreAttr); the others one prediction per
// model version, their regions "p1", "p2", … (corpus.LSPredictionRegionID)
// with their scores and the control names of their label's entities.

type lsTaskOut struct {
	ID          string            `json:"id"`
	Data        map[string]string `json:"data"`
	Meta        map[string]any    `json:"meta,omitempty"`
	Annotations []lsAnnotationOut `json:"annotations"`
	Predictions []lsPredictionOut `json:"predictions,omitempty"`
}

// lsPredictionOut is one model's predictions (annot.KindPrediction).
type lsPredictionOut struct {
	ID           any      `json:"id,omitempty"`
	ModelVersion string   `json:"model_version,omitempty"`
	Score        *float64 `json:"score,omitempty"`
	Result       []any    `json:"result"`
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
	names := lsControls(c)
	var res []any
	region := map[string]string{}     // entity id → region id
	written := map[string]*lsRegion{} // region id → its labels result
	taken := map[string]bool{}        // the region ids entities have
	for _, e := range c.ents {
		taken[e.ann.Attrs[corpus.LSIDAttr]] = true
	}
	n := 0
	for _, e := range c.ents {
		start, end := e.Start, e.End
		nm := names.of(e.ann)
		id := e.ann.Attrs[corpus.LSIDAttr]
		if w := written[id]; w != nil && *w.Value.Start == start && *w.Value.End == end && w.FromName == nm.from && w.ToName == nm.to {
			// another label of the region
			w.Value.Labels = append(w.Value.Labels, e.ann.Label)
			region[e.ann.ID] = id
			continue
		}
		for id == "" || written[id] != nil {
			n++
			if id = corpus.LSRegionID(n); taken[id] {
				id = ""
			}
		}
		region[e.ann.ID] = id
		reg := &lsRegion{ID: id, Type: "labels", FromName: nm.from, ToName: nm.to,
			Value: lsRegionValue{Start: &start, End: &end, Text: c.textOf(e.Span), Labels: []string{e.ann.Label}}}
		written[id] = reg
		res = append(res, reg)
		for _, name := range slices.Sorted(maps.Keys(e.ann.Attrs)) {
			if corpus.RecordAttr(name) {
				continue
			}
			v := e.ann.Attrs[name]
			res = append(res, lsRegion{ID: id, Type: "choices", FromName: name, ToName: nm.to,
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
	task.Predictions = lsPredictions(r, c, names)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	return enc.Encode(task)
}

// lsPredictions writes the document's predictions back on the corrected
// text: one prediction per prediction they were read from, else per
// model version; one region per region they were read from (its labels
// together), else "p1", "p2", ….
func lsPredictions(r *docCtx, c *corrected, names lsNames) []lsPredictionOut {
	var preds []annot.Annotation
	taken := map[string]bool{} // the region ids predictions have
	for _, a := range annot.Sorted(c.it.Anns) {
		if a.Kind == annot.KindPrediction && !a.Stale {
			preds = append(preds, a)
			taken[a.Attrs[corpus.LSIDAttr]] = true
		}
	}
	var out []lsPredictionOut
	// a prediction by the id, model and score it was read with
	type key struct{ id, model, score string }
	byKey := map[key]int{}
	written := map[int]map[string]*lsRegion{} // by prediction: region id → region
	n := 0
	for _, a := range preds {
		sp := c.cmap.SpanToCorrected(a.Span())
		if sp.End <= sp.Start {
			r.warnf("%s: doc %q: %s prediction at %s is deleted by a correction; left out", r.opt.Format, c.it.Doc.ID, a.Label, a.Span())
			continue
		}
		k := key{a.Attrs[corpus.LSPredictionAttr], a.Class, a.Attrs[corpus.LSPredictionScoreAttr]}
		i, ok := byKey[k]
		if !ok {
			i = len(out)
			byKey[k] = i
			p := lsPredictionOut{ID: lsPredictionID(k.id), ModelVersion: a.Class, Score: lsScore(k.score)}
			out = append(out, p)
			written[i] = map[string]*lsRegion{}
		}
		// the region's score: its own, as read beside the prediction's
		// (LSScoreAttr), else the score, unless it was the prediction's
		score := lsScore(a.Value)
		if k.score != "" {
			score = lsScore(a.Attrs[corpus.LSScoreAttr])
		}
		nm := names.of(a)
		id := a.Attrs[corpus.LSIDAttr]
		if w := written[i][id]; w != nil && *w.Value.Start == sp.Start && *w.Value.End == sp.End &&
			w.FromName == nm.from && w.ToName == nm.to && equalScore(w.Score, score) {
			w.Value.Labels = append(w.Value.Labels, a.Label) // another label of the region
			continue
		}
		for id == "" || written[i][id] != nil {
			n++
			if id = corpus.LSPredictionRegionID(n); taken[id] {
				id = ""
			}
		}
		reg := &lsRegion{ID: id, Type: "labels", FromName: nm.from, ToName: nm.to, Score: score,
			Value: lsRegionValue{Start: &sp.Start, End: &sp.End, Text: c.textOf(sp), Labels: []string{a.Label}}}
		written[i][id] = reg
		out[i].Result = append(out[i].Result, reg)
	}
	return out
}

// lsPredictionID is the "id" of a prediction read with id (""
// for none): a number if it is one, as Label Studio numbers them.
func lsPredictionID(id string) any {
	if id == "" {
		return nil
	}
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && strconv.FormatInt(n, 10) == id {
		return n
	}
	return id
}

// lsScore parses a score kept as text; nil for none.
func lsScore(v string) *float64 {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return &f
	}
	return nil
}

// equalScore reports whether two scores are the same, or both absent.
func equalScore(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// lsControl names the controls of a region: the labels' (from_name)
// and the text's (to_name).
type lsControl struct{ from, to string }

// lsNames are the controls of a document's entities read from Label
// Studio, by label.
type lsNames map[string]lsControl

// lsControls returns the controls of the entities of c that name them,
// by label: the first entity's of each label.
func lsControls(c *corrected) lsNames {
	names := lsNames{}
	for _, e := range c.ents {
		from, to := e.ann.Attrs[corpus.LSFromAttr], e.ann.Attrs[corpus.LSToAttr]
		if _, ok := names[e.ann.Label]; !ok && (from != "" || to != "") {
			names[e.ann.Label] = lsControl{cmp.Or(from, corpus.LSFromDefault), cmp.Or(to, corpus.LSToDefault)}
		}
	}
	return names
}

// of returns the controls of a's region: its own, else those of its
// label's entities, else the defaults.
func (names lsNames) of(a annot.Annotation) lsControl {
	from, to := a.Attrs[corpus.LSFromAttr], a.Attrs[corpus.LSToAttr]
	if from == "" && to == "" {
		if nm, ok := names[a.Label]; ok {
			return nm
		}
	}
	return lsControl{cmp.Or(from, corpus.LSFromDefault), cmp.Or(to, corpus.LSToDefault)}
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
