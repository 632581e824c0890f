package corpus

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"folio/annot"
)

// Label Studio JSON: a file (.json) holding a list of tasks, or one task.
// A task is {"id", "data": {"text": …}, "annotations": [{"completed_by",
// "result": [...]}], "predictions": [...], "meta"}. What folio keeps:
//
//   - the text: data's "text", or its only string;
//   - each annotation's results: "labels" regions are entities (one per
//     label; value.text is informational, start/end win), "relation"
//     results are relations (direction "left" reverses them; without a
//     label they are "related"), "choices" on a region are its attributes
//     (from_name = choice) and on the task its tags, "textarea" results
//     are notes; each carries its annotator (completed_by) as author,
//     and the annotations of an annotator are their answer (Doc.Answers),
//     done; an annotation without its annotator makes the task done;
//   - a region's id and the names of its controls (from_name, to_name)
//     as attributes of its entities (LSIDAttr, LSFromAttr, LSToAttr),
//     which the export writes back; names that are the export's
//     defaults, and the ids and names folio's own export gave entities
//     made in folio, are not kept;
//   - a reviewer's verdict (the annotation's last_action, else its last
//     review): an annotation a reviewer rejected needs rework, so its
//     annotator's answer is todo and tagged TagReviewRejected (unless
//     another annotation of theirs was not rejected), and the import
//     warns of it;
//   - "meta" as the document's meta;
//   - the "labels" regions of "predictions" as predictions
//     (annot.KindPrediction: label, score, model version), which folio
//     offers as suggestions; where each came from as its attributes
//     (LSPredictionAttr, LSPredictionScoreAttr, LSScoreAttr, and the
//     region's LSIDAttr, LSFromAttr and LSToAttr as for entities), which
//     the export writes back.
//
// Cancelled annotations, accepted reviews (whose reviewer is not kept),
// the other results of predictions and every other field of a task, an
// annotation, a prediction or a result are counted by name as dropped.

// How the reader keeps what a Label Studio region says of itself:
// entity attributes whose names start with LSAttr are not attributes but
// the region's id (LSIDAttr) and the names of the controls its labels
// come from (LSFromAttr) and apply to (LSToAttr), so that an export goes
// back into the Label Studio project it came from. LSFromDefault and
// LSToDefault are the names the export gives entities that have none.
//
// A prediction (annot.KindPrediction) keeps its region's the same way,
// and the prediction's own: its id (LSPredictionAttr) and score
// (LSPredictionScoreAttr). Its Value is the region's score, else the
// prediction's; LSScoreAttr holds the region's own score when the
// prediction has one too, so that the export tells them apart.
const (
	LSAttr                = annot.SourceAttr
	LSIDAttr              = LSAttr + "id"
	LSFromAttr            = LSAttr + "from_name"
	LSToAttr              = LSAttr + "to_name"
	LSPredictionAttr      = LSAttr + "prediction"
	LSPredictionScoreAttr = LSAttr + "prediction_score"
	LSScoreAttr           = LSAttr + "score"
	LSFromDefault         = "label"
	LSToDefault           = "text"
)

// TagReviewRejected tags a document whose annotation a Label Studio
// reviewer rejected: it is todo again, for rework.
const TagReviewRejected = "review-rejected"

// LSRegionID is the id folio's export gives the n-th region (from 1) of
// entities that have no LSIDAttr: "e1", "e2", … . In a task folio's
// export wrote, the reader keeps neither such ids nor their regions'
// control names.
func LSRegionID(n int) string { return "e" + strconv.Itoa(n) }

// LSPredictionRegionID is the id folio's export gives the n-th region
// (from 1) of predictions that have no LSIDAttr: "p1", "p2", … . The
// reader does not keep them, as it does not keep LSRegionID's.
func LSPredictionRegionID(n int) string { return "p" + strconv.Itoa(n) }

// isLSRegionID reports whether id is one LSRegionID gives.
func isLSRegionID(id string) bool { return isNumbered(id, "e") }

// isLSPredictionRegionID reports whether id is one LSPredictionRegionID
// gives.
func isLSPredictionRegionID(id string) bool { return isNumbered(id, "p") }

// isNumbered reports whether id is prefix followed by a number from 1,
// written as strconv.Itoa writes it.
func isNumbered(id, prefix string) bool {
	n, ok := strings.CutPrefix(id, prefix)
	i, err := strconv.Atoi(n)
	return ok && err == nil && i > 0 && strconv.Itoa(i) == n
}

// lsTask is one Label Studio task.
type lsTask struct {
	ID          json.RawMessage            `json:"id"`
	Data        map[string]json.RawMessage `json:"data"`
	Annotations []lsAnnotation             `json:"annotations"`
	Predictions []lsAnnotation             `json:"predictions"`
	Meta        json.RawMessage            `json:"meta"`
}

// lsTaskFields are the task fields folio reads.
var lsTaskFields = map[string]bool{"id": true, "data": true, "annotations": true, "predictions": true, "meta": true}

// lsAnnotation is one annotator's (or model's) result list.
type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	Result       []lsResult      `json:"result"`
	WasCancelled bool            `json:"was_cancelled"`
	Reviews      []lsReview      `json:"reviews"`
	LastAction   string          `json:"last_action"`
	// a prediction's
	ID           json.RawMessage `json:"id"`
	ModelVersion string          `json:"model_version"`
	Score        *float64        `json:"score"`
	fields       []string        // the fields it has (not null), by name
}

// lsAnnotationFields and lsPredictionFields are the fields of an
// annotation and of a prediction folio reads.
var (
	lsAnnotationFields = map[string]bool{"completed_by": true, "result": true, "was_cancelled": true, "reviews": true, "last_action": true}
	lsPredictionFields = map[string]bool{"completed_by": true, "result": true, "id": true, "model_version": true, "score": true}
)

// UnmarshalJSON decodes an annotation and notes the fields it has.
func (a *lsAnnotation) UnmarshalJSON(b []byte) error {
	type plain lsAnnotation
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	a.fields = presentFields(b)
	return nil
}

// lsReview is a reviewer's verdict on an annotation.
type lsReview struct {
	CreatedBy json.RawMessage `json:"created_by"`
	Accepted  *bool           `json:"accepted"`
}

// review returns the verdict on a: rejected when its last action is
// "rejected", or, without a last action, when its last review did not
// accept it (a last action after a rejection, an update, is the rework);
// reviewed when a review or a last action gives a verdict; by names the
// reviewers who rejected it.
func (a lsAnnotation) review() (rejected, reviewed bool, by []string) {
	for _, r := range a.Reviews {
		if who := lsAuthor(r.CreatedBy); who != "" && r.Accepted != nil && !*r.Accepted && !slices.Contains(by, who) {
			by = append(by, who)
		}
	}
	switch a.LastAction {
	case "rejected":
		return true, true, by
	case "accepted", "fixed_and_accepted":
		return false, true, nil
	case "":
		for _, r := range slices.Backward(a.Reviews) {
			if r.Accepted != nil {
				return !*r.Accepted, true, by
			}
		}
	}
	return false, false, nil
}

// presentFields lists the fields of a JSON object that are not null,
// sorted.
func presentFields(raw []byte) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if present(m[k]) {
			out = append(out, k)
		}
	}
	return out
}

// lsResult is one region, relation or choice.
type lsResult struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	FromName  string   `json:"from_name"`
	ToName    string   `json:"to_name"`
	FromID    string   `json:"from_id"`
	ToID      string   `json:"to_id"`
	Direction string   `json:"direction"`
	Labels    []string `json:"labels"`
	Score     *float64 `json:"score"`
	Value     struct {
		Start   *int            `json:"start"`
		End     *int            `json:"end"`
		Text    json.RawMessage `json:"text"`
		Labels  []string        `json:"labels"`
		Choices []string        `json:"choices"`
	} `json:"value"`
	fields []string // the fields it has (not null), by name
}

// UnmarshalJSON decodes a result and notes the fields it has.
func (r *lsResult) UnmarshalJSON(b []byte) error {
	type plain lsResult
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	r.fields = presentFields(b)
	return nil
}

// unread reports the fields of r, a result of the type named what, that
// are not among those read, as dropped.
func (r lsResult) unread(set *annSet, where, what string, read ...string) {
	for _, f := range r.fields {
		if !slices.Contains(read, f) {
			set.report(Problem{Where: where, Msg: fmt.Sprintf("the %q field of a %s not kept", f, what),
				Skipped: true, Part: true, Dropped: fmt.Sprintf("%s %q field", what, f)})
		}
	}
}

// readLabelStudio streams a Label Studio JSON file, one task at a time,
// or a file of spaCy's JSON training format (spacyjson.go), one document
// at a time. proj, if not nil, holds the annotation files of the file's
// tasks (the tasks.json of a Label Studio project folder).
func (r *reader) readLabelStudio(it item, proj *lsProject) error {
	f, err := r.fsys.Open(it.name)
	if err != nil {
		r.skip(it.shown, "cannot open: "+unwrapPath(err))
		return nil
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if head, _ := br.Peek(sniffLen); len(head) > 0 {
		if why := sniff(head); why != "" {
			r.skip(it.shown, why)
			return nil
		}
	}
	// a list of tasks, or one task
	first := byte(0)
	for {
		c, err := br.ReadByte()
		if err != nil {
			r.skip(it.shown, "empty file")
			return nil
		}
		if c == 0xEF { // a byte order mark
			_, _ = br.Discard(2)
			continue
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			first = c
			_ = br.UnreadByte()
			break
		}
	}
	dec := json.NewDecoder(br)
	n := 0
	var spacy *spacyReader // spaCy's training format, found in the first object
	decodeTask := func() error {
		n++
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if n == 1 && isSpacyDoc(raw) {
			spacy = newSpacyReader(it.id, it.shown, first == '[')
		}
		if spacy != nil {
			where := fmt.Sprintf("%s: document %d", it.shown, n)
			d, probs, why := spacy.doc(raw, n, where)
			if why != "" {
				r.skip(where, why)
				return nil
			}
			return r.emit(where, d, probs)
		}
		where := fmt.Sprintf("%s: task %d", it.shown, n)
		var attached []Problem
		if proj != nil {
			raw, attached = r.attachLS(proj, raw, n, it.shown)
		}
		d, probs, why := decodeLSTask(raw, where)
		if why != "" {
			for _, p := range attached {
				r.report(p)
			}
			r.skip(where, why)
			return nil
		}
		return r.emit(where, d, append(attached, probs...))
	}
	bad := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			r.skip(fmt.Sprintf("%s: task %d", it.shown, n), "not JSON: "+strings.TrimPrefix(err.Error(), "json: ")+"; the rest of the file is not read")
			return nil
		}
		return err
	}
	switch first {
	case '[':
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
		for dec.More() {
			if err := decodeTask(); err != nil {
				return bad(err)
			}
		}
		if n == 0 {
			r.skip(it.shown, "no tasks")
		}
		return nil
	case '{':
		if err := decodeTask(); err != nil {
			return bad(err)
		}
		return nil
	}
	r.skip(it.shown, "neither a Label Studio task list (a JSON list of tasks, or one task) nor spaCy's JSON training format")
	return nil
}

// decodeLSTask turns one task into a document. It returns
// why it is skipped, or "".
func decodeLSTask(raw json.RawMessage, where string) (Doc, []Problem, string) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return Doc{}, nil, "not a JSON object"
	}
	var t lsTask
	if err := json.Unmarshal(raw, &t); err != nil {
		return Doc{}, nil, "not a Label Studio task: " + strings.TrimPrefix(err.Error(), "json: ")
	}
	var probs []Problem
	drop := func(what string, count int) {
		probs = append(probs, Problem{Where: where, Msg: what + " not kept", Skipped: true, Part: true, Dropped: what, N: count})
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if !lsTaskFields[k] && present(fields[k]) {
			drop(fmt.Sprintf("task %q field", k), 1)
		}
	}
	text, textKey, why := lsText(t.Data)
	if why != "" {
		return Doc{}, nil, why
	}
	for k := range t.Data {
		if k != textKey {
			drop(fmt.Sprintf("data %q field", k), 1)
		}
	}
	nz := normalizeValid(text)
	if strings.TrimSpace(nz.Text) == "" {
		return Doc{}, nil, "empty text"
	}
	id, err := lineID(t.ID)
	if err != nil {
		return Doc{}, nil, err.Error()
	}
	if id == "" {
		id = ID(nz.Text)
	}
	d := Doc{ID: id, Title: Title(nz.Text), Source: where, Text: nz.Text}
	for _, w := range nz.Warnings {
		probs = append(probs, Problem{Where: where, Msg: w})
	}
	set := newAnnSet(nz, func(p Problem) { probs = append(probs, p) })
	status := ""  // the status folio's export wrote in "meta"
	ours := false // the task is folio's export's
	if present(t.Meta) {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(string(t.Meta)))
		dec.UseNumber()
		if dec.Decode(&m) == nil && len(m) > 0 {
			d.Meta = m
			if st, ok := folioStatus(m, id); ok {
				status, ours = st, true
				// folio's export keeps the title and source there, as
				// the prodigy export does
				if t, ok := m["title"].(string); ok && strings.TrimSpace(t) != "" {
					d.Title = strings.TrimSpace(NormalizeString(t).Text)
				}
				if src, ok := m["source"].(string); ok && src != "" {
					d.Source = src
				}
			}
			addMeta(set, m, where)
		}
	}
	// each annotator's results are an answer of their own, in a set of
	// their own: two annotators' same span is no duplicate, and their
	// region ids do not meet. An annotator whose annotations a reviewer
	// all rejected is to rework them: their answer is todo.
	anonymous := false // an annotation without its annotator
	answers := map[string]*annSet{}
	var order []string
	kept := map[string]bool{}         // by annotator: an annotation not rejected
	rejected := map[string][]string{} // by annotator: who rejected their annotations
	accepted := 0
	for _, a := range t.Annotations {
		for _, f := range a.fields {
			if !lsAnnotationFields[f] {
				drop(fmt.Sprintf("annotation %q field", f), 1)
			}
		}
		if a.WasCancelled {
			drop("cancelled annotation", 1)
			continue
		}
		who := lsAuthor(a.CompletedBy)
		rej, reviewed, by := a.review()
		if rej {
			rejected[who] = append(rejected[who], by...)
			if len(rejected[who]) == 0 {
				rejected[who] = []string{"its reviewer"}
			}
		} else {
			kept[who] = true
			if reviewed {
				accepted++
			}
		}
		if who == "" {
			anonymous = true
			addLSResults(set, a.Result, who, where, ours)
			continue
		}
		as := answers[who]
		if as == nil {
			as = newAnnSet(nz, set.report)
			as.author = who
			answers[who] = as
			order = append(order, who)
		}
		addLSResults(as, a.Result, who, where, ours)
	}
	if accepted > 0 {
		drop("accepted review", accepted) // the verdict is the task's done; the reviewer is not kept
	}
	for _, p := range t.Predictions {
		for _, f := range p.fields {
			if !lsPredictionFields[f] {
				drop(fmt.Sprintf("prediction %q field", f), 1)
			}
		}
		addLSPrediction(set, p, where, ours)
	}
	// a task an annotator labelled is done, unless a reviewer rejected
	// all they did; the status folio's export wrote in meta is that of
	// its own annotation, which names no annotator, or of a task without
	// one
	finished := func(set *annSet, who string, st annot.Annotation) {
		if by := rejected[who]; by != nil {
			msg := fmt.Sprintf("an annotation of %s was rejected by %s; another of theirs was not: it stays %s", cmp.Or(who, "an annotator without a name"), strings.Join(slices.Compact(by), ", "), st.Label)
			if !kept[who] {
				st.Label = string(annot.StatusTodo)
				set.add(where, annot.Annotation{Kind: annot.KindTag, Label: TagReviewRejected}, "")
				msg = fmt.Sprintf("the annotation of %s was rejected by %s: it needs rework, so it is todo, tagged %s", cmp.Or(who, "an annotator without a name"), strings.Join(slices.Compact(by), ", "), TagReviewRejected)
			}
			probs = append(probs, Problem{Where: where, Msg: msg})
		}
		set.add(where, st, "")
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)}
	own := done
	if status != "" {
		own.Label = status
	}
	if own.Label != string(annot.StatusTodo) && (anonymous || status != "" && len(order) == 0) {
		finished(set, "", own)
	}
	d.Anns, d.External = set.result(), set.ext
	for _, who := range order {
		as := answers[who]
		finished(as, who, done)
		d.Answers = append(d.Answers, annot.Answer{Annotator: who, Anns: as.result()})
		d.External = append(d.External, as.ext...)
	}
	return d, probs, ""
}

// lsText returns a task's text: its data's "text", else its only string.
// key names the field it is in; why says why there is none.
func lsText(data map[string]json.RawMessage) (text, key, why string) {
	if raw, ok := data["text"]; ok && json.Unmarshal(raw, &text) == nil {
		return text, "text", ""
	}
	for k, raw := range data {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if key != "" {
				return "", "", `"data" has no "text" and several strings: which is the text?`
			}
			text, key = s, k
		}
	}
	if key == "" {
		return "", "", `"data" has no text`
	}
	return text, key, ""
}

// lsAuthor is who completed an annotation: the e-mail of a full export's
// user object, else the user's id.
func lsAuthor(raw json.RawMessage) string {
	var user struct {
		Email string          `json:"email"`
		ID    json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &user) == nil {
		if user.Email != "" {
			return user.Email
		}
		if present(user.ID) {
			return "labelstudio:" + string(user.ID)
		}
	}
	if present(raw) && raw[0] != '{' {
		return "labelstudio:" + strings.Trim(string(raw), `"`)
	}
	return ""
}

// addLSResults adds one annotation's results: regions first, so that
// relations and choices can name them. ours says the task is folio's
// export's, whose ids LSRegionID gave are not kept.
func addLSResults(set *annSet, results []lsResult, author, where string, ours bool) {
	meta := annot.Meta{Author: author, Origin: annot.OriginImport}
	skipped := func(i int, msg string) {
		set.report(Problem{Where: where, Msg: fmt.Sprintf("result %d: %s", i+1, msg), Skipped: true, Part: true})
	}
	// choices that name a region are its attributes
	attrs := map[string]map[string]string{}
	regions := map[string][]string{} // region id → its labels
	for _, r := range results {
		if len(r.Value.Labels) > 0 && r.ID != "" {
			regions[r.ID] = append(regions[r.ID], r.Value.Labels...)
		}
	}
	for _, r := range results {
		if r.Type == "choices" && regions[r.ID] != nil {
			if attrs[r.ID] == nil {
				attrs[r.ID] = map[string]string{}
			}
			attrs[r.ID][cmp.Or(r.FromName, "choice")] = strings.Join(r.Value.Choices, "|")
		}
	}
	for i, r := range results {
		switch {
		case len(r.Value.Labels) > 0: // labels, hypertextlabels, …
			if r.Value.Start == nil || r.Value.End == nil {
				skipped(i, fmt.Sprintf("a %q region without start and end (not text)", r.Type))
				continue
			}
			r.unread(set, where, fmt.Sprintf("%q result", r.Type), "id", "type", "from_name", "to_name", "value")
			var given string
			_ = json.Unmarshal(r.Value.Text, &given)
			set.advisory = true // value.text is a copy: the offsets win
			for _, label := range r.Value.Labels {
				set.add(where, annot.Annotation{ID: lsRegionID(r.ID, label), Kind: annot.KindEntity, Start: *r.Value.Start,
					End: *r.Value.End, Label: label, Attrs: lsRegionAttrs(attrs[r.ID], r, ours && isLSRegionID(r.ID)), Meta: meta}, given)
			}
			set.advisory = false
		case r.Type == "choices" && regions[r.ID] != nil:
			r.unread(set, where, `region's "choices" result`, "id", "type", "from_name", "to_name", "value")
		case r.Type == "choices":
			r.unread(set, where, `"choices" result`, "type", "value")
			for _, c := range r.Value.Choices {
				set.add(where, annot.Annotation{Kind: annot.KindTag, Label: c, Meta: meta}, "")
			}
		case r.Type == "textarea":
			r.unread(set, where, `"textarea" result`, "type", "value")
			var texts []string
			if json.Unmarshal(r.Value.Text, &texts) != nil {
				skipped(i, "a textarea whose text is not a list of strings")
				continue
			}
			for _, t := range texts {
				set.add(where, annot.Annotation{Kind: annot.KindNote, Value: t, Meta: meta}, "")
			}
		case r.Type == "relation":
		default:
			set.report(Problem{Where: where, Msg: fmt.Sprintf("result %d: a %q result, not kept", i+1, r.Type),
				Skipped: true, Part: true, Dropped: fmt.Sprintf("%q result", r.Type)})
		}
	}
	for i, r := range results {
		if r.Type != "relation" {
			continue
		}
		r.unread(set, where, `"relation" result`, "type", "from_id", "to_id", "direction", "labels")
		from, to := r.FromID, r.ToID
		if r.Direction == "left" {
			from, to = to, from
		}
		labels := r.Labels
		if len(labels) == 0 {
			labels = []string{"related"}
		}
		if regions[from] == nil || regions[to] == nil {
			skipped(i, fmt.Sprintf("a relation between %q and %q, which are not text regions", from, to))
			continue
		}
		for _, l := range labels {
			for _, fl := range regions[from] {
				for _, tl := range regions[to] {
					set.add(where, annot.Annotation{Kind: annot.KindRelation, Label: l, From: lsRegionID(from, fl), To: lsRegionID(to, tl), Meta: meta}, "")
				}
			}
		}
	}
}

// addLSPrediction adds a prediction's "labels" regions as predictions
// (annot.KindPrediction): its model version as their Class, the region's
// score (else the prediction's) as their Value, and where they came from
// as their attributes: the prediction's id and score, the region's own
// score when the prediction has one too, and the region's id and
// control names as lsRegionAttrs gives them (in a task folio's export
// wrote, ours, not the region ids LSPredictionRegionID gave). Its other
// results are counted as dropped.
func addLSPrediction(set *annSet, p lsAnnotation, where string, ours bool) {
	meta := annot.Meta{Author: lsAuthor(p.CompletedBy), Origin: annot.OriginImport}
	score := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	own := map[string]string{} // the prediction's attributes
	if id, err := lineID(p.ID); err != nil {
		set.report(Problem{Where: where, Msg: "a prediction's id is neither a string nor a number: not kept",
			Skipped: true, Part: true, Dropped: `prediction "id" field`})
	} else if id != "" {
		own[LSPredictionAttr] = id
	}
	if p.Score != nil {
		own[LSPredictionScoreAttr] = score(p.Score)
	}
	for i, r := range p.Result {
		if len(r.Value.Labels) == 0 || r.Value.Start == nil || r.Value.End == nil {
			set.report(Problem{Where: where, Msg: fmt.Sprintf("prediction result %d: a %q result, not kept", i+1, r.Type),
				Skipped: true, Part: true, Dropped: fmt.Sprintf("prediction %q result", r.Type)})
			continue
		}
		r.unread(set, where, fmt.Sprintf("prediction %q result", r.Type), "id", "type", "from_name", "to_name", "value", "score")
		attrs := lsRegionAttrs(own, r, ours && isLSPredictionRegionID(r.ID))
		if r.Score != nil && p.Score != nil {
			attrs[LSScoreAttr] = score(r.Score)
		}
		if len(attrs) == 0 {
			attrs = nil
		}
		var given string
		_ = json.Unmarshal(r.Value.Text, &given)
		set.advisory = true // value.text is a copy: the offsets win
		for _, label := range r.Value.Labels {
			set.add(where, annot.Annotation{Kind: annot.KindPrediction, Start: *r.Value.Start, End: *r.Value.End,
				Label: label, Value: score(cmp.Or(r.Score, p.Score)), Class: p.ModelVersion, Attrs: attrs, Meta: meta}, given)
		}
		set.advisory = false
	}
}

// lsRegionAttrs returns the attributes of the annotations of region r:
// attrs (an entity's choices, a prediction's own), and the region's id
// and control names, but for the export's defaults. A region made in
// folio, whose id and names folio's export chose (made), keeps neither.
func lsRegionAttrs(attrs map[string]string, r lsResult, made bool) map[string]string {
	out := maps.Clone(attrs)
	put := func(name, v, dflt string) {
		if v != "" && v != dflt {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	if made {
		return out // the export named it
	}
	put(LSIDAttr, r.ID, "")
	put(LSFromAttr, r.FromName, LSFromDefault)
	put(LSToAttr, r.ToName, LSToDefault)
	return out
}

// lsRegionID is the id the reader gives the entity of one label of a
// region (a region with two labels is two entities).
func lsRegionID(region, label string) string { return "ls:" + region + "\x00" + label }
