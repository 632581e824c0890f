package corpus

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"folio/annot"
)

// jsonLine is one JSONL line in any of the forms folio reads. Only text is
// decoded at once; the rest stays raw until its form is known.
type jsonLine struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Title  json.RawMessage `json:"title"`
	Source *string         `json:"source"` // folio's own form: where the text came from
	Meta   json.RawMessage `json:"meta"`
	Label  json.RawMessage `json:"label"`  // doccano
	Labels json.RawMessage `json:"labels"` // doccano, older
	Spans  json.RawMessage `json:"spans"`  // Prodigy
	Answer json.RawMessage `json:"answer"` // Prodigy
	Accept json.RawMessage `json:"accept"` // Prodigy's choice view: entity links, options chosen
	Ents   json.RawMessage `json:"ents"`   // spaCy's Doc.to_json()
	Cats   json.RawMessage `json:"cats"`   // doccano's document labels (intent projects)
	// folio's own export form (annot.Record); "entities" is also doccano's
	// relation form
	CorrectedText json.RawMessage `json:"corrected_text"`
	Status        json.RawMessage `json:"status"`
	StatusMeta    json.RawMessage `json:"status_meta"`
	Tags          json.RawMessage `json:"tags"`
	TagMeta       json.RawMessage `json:"tag_meta"`
	Entities      json.RawMessage `json:"entities"`
	Corrections   json.RawMessage `json:"corrections"`
	Marks         json.RawMessage `json:"marks"`
	Notes         json.RawMessage `json:"notes"`
	Rejected      json.RawMessage `json:"rejected"`
	Relations     json.RawMessage `json:"relations"` // folio's, doccano's, Prodigy's
	Predictions   json.RawMessage `json:"predictions"`
	Tokens        json.RawMessage `json:"tokens"` // folio's annot.Tokens; Prodigy's token list, not kept
}

// present reports whether a field was given, and not as null.
func present(raw json.RawMessage) bool {
	return len(raw) > 0 && string(raw) != "null"
}

// lineFields lists the fields of jsonLine by their JSON names, in the
// order they are decoded.
var lineFields = []struct {
	name string
	dst  func(*jsonLine) *json.RawMessage
}{
	{"id", func(l *jsonLine) *json.RawMessage { return &l.ID }},
	{"title", func(l *jsonLine) *json.RawMessage { return &l.Title }},
	{"meta", func(l *jsonLine) *json.RawMessage { return &l.Meta }},
	{"label", func(l *jsonLine) *json.RawMessage { return &l.Label }},
	{"labels", func(l *jsonLine) *json.RawMessage { return &l.Labels }},
	{"spans", func(l *jsonLine) *json.RawMessage { return &l.Spans }},
	{"answer", func(l *jsonLine) *json.RawMessage { return &l.Answer }},
	{"accept", func(l *jsonLine) *json.RawMessage { return &l.Accept }},
	{"ents", func(l *jsonLine) *json.RawMessage { return &l.Ents }},
	{"cats", func(l *jsonLine) *json.RawMessage { return &l.Cats }},
	{"corrected_text", func(l *jsonLine) *json.RawMessage { return &l.CorrectedText }},
	{"status", func(l *jsonLine) *json.RawMessage { return &l.Status }},
	{"status_meta", func(l *jsonLine) *json.RawMessage { return &l.StatusMeta }},
	{"tags", func(l *jsonLine) *json.RawMessage { return &l.Tags }},
	{"tag_meta", func(l *jsonLine) *json.RawMessage { return &l.TagMeta }},
	{"entities", func(l *jsonLine) *json.RawMessage { return &l.Entities }},
	{"corrections", func(l *jsonLine) *json.RawMessage { return &l.Corrections }},
	{"marks", func(l *jsonLine) *json.RawMessage { return &l.Marks }},
	{"notes", func(l *jsonLine) *json.RawMessage { return &l.Notes }},
	{"rejected", func(l *jsonLine) *json.RawMessage { return &l.Rejected }},
	{"relations", func(l *jsonLine) *json.RawMessage { return &l.Relations }},
	{"predictions", func(l *jsonLine) *json.RawMessage { return &l.Predictions }},
	{"tokens", func(l *jsonLine) *json.RawMessage { return &l.Tokens }},
}

// parseLine decodes a line into l, keeping the fields it does not know in
// rest. It returns why the line is unusable, or "".
func parseLine(line []byte, l *jsonLine) (rest map[string]json.RawMessage, why string) {
	if t := bytes.TrimSpace(line); len(t) > 0 && t[0] == '[' {
		// spaCy's training tuple: [text, {"entities": [[start, end, label]]}]
		var tuple []json.RawMessage
		if err := json.Unmarshal(t, &tuple); err != nil {
			return nil, jsonProblem(err)
		}
		if len(tuple) != 2 || json.Unmarshal(tuple[1], &rest) != nil || rest == nil {
			return nil, "not a JSON object, nor a [text, {\"entities\": ...}] pair"
		}
		rest["text"] = tuple[0]
	} else {
		var err error
		if rest, err = decodeObject(line); err != nil {
			return nil, jsonProblem(err)
		}
	}
	if rest == nil {
		return nil, "not a JSON object"
	}
	if raw, ok := rest["text"]; ok && present(raw) {
		t, ok := jsonString(raw)
		if !ok && json.Unmarshal(raw, &t) != nil {
			return nil, `"text" is not a string`
		}
		l.Text = &t
		delete(rest, "text")
	}
	if raw, ok := rest["source"]; ok {
		var src string
		if present(raw) && json.Unmarshal(raw, &src) != nil {
			return nil, `"source" is not a string`
		}
		l.Source = &src
		delete(rest, "source")
	}
	for _, f := range lineFields {
		if raw, ok := rest[f.name]; ok {
			*f.dst(l) = raw
			delete(rest, f.name)
		}
	}
	return rest, ""
}

// decodeLine turns one JSONL line into a document. It returns why the line
// is skipped, or "" and the document with the problems found in it (spans
// skipped, repairs made, fields dropped), each reported at where. layers
// is Options.Layers: it keeps the annotators' versions of a task Prodigy's
// review recipe wrote (see prodigyVersions). It does no I/O.
func decodeLine(line []byte, where string, layers bool) (d Doc, probs []Problem, skip string) {
	var l jsonLine
	rest, why := parseLine(line, &l)
	if why != "" {
		return Doc{}, nil, why
	}
	if l.Text == nil {
		return Doc{}, nil, `no "text" field`
	}
	id, err := lineID(l.ID)
	if err != nil {
		return Doc{}, nil, err.Error()
	}
	warn := func(msg string) { probs = append(probs, Problem{Where: where, Msg: msg}) }
	skipped := func(msg string) { probs = append(probs, Problem{Where: where, Msg: msg, Skipped: true, Part: true}) }
	if !utf8.Valid(line) {
		warn("the line has invalid UTF-8, replaced with U+FFFD")
	}
	text := *l.Text
	n := normalizeValid(text) // encoding/json decodes to valid UTF-8
	l.Text = nil
	if strings.TrimSpace(n.Text) == "" {
		return Doc{}, nil, "empty text"
	}
	for _, w := range n.Warnings {
		warn(w)
	}
	d = Doc{ID: id, Text: n.Text}
	if l.Source != nil && strings.TrimSpace(*l.Source) != "" {
		d.Source = *l.Source
	}
	if present(l.Meta) {
		dec := json.NewDecoder(bytes.NewReader(l.Meta))
		dec.UseNumber()
		if err := dec.Decode(&d.Meta); err != nil {
			skipped(`"meta" is not an object`)
			d.Meta = nil
		}
	}
	// Prodigy keeps a document's id and source in "meta" (folio's prodigy
	// export does, with its status and tags)
	if v, ok := d.Meta["id"].(string); ok && d.ID == "" {
		d.ID = strings.TrimSpace(normalizeID(v))
	}
	if v, ok := d.Meta["source"].(string); ok && d.Source == "" {
		d.Source = v
	}
	if d.ID == "" {
		d.ID = ID(n.Text)
	}
	d.Title = lineTitle(l.Title, d.Meta)
	if d.Title == "" {
		d.Title = Title(n.Text)
	}
	set := newAnnSet(n, func(p Problem) { probs = append(probs, p) })
	addMeta(set, d.Meta, where)
	set.author = prodigyAnnotator(rest)
	versions, reviewed := rest["versions"]
	if reviewed = reviewed && present(versions); reviewed {
		delete(rest, "versions")
	}
	if why := addLineAnns(set, &l, where, rest); why != "" {
		return Doc{}, nil, why
	}
	if !present(l.Status) && !present(l.Tags) {
		meta := d.Meta
		if present(l.Answer) {
			// the answer gave the status, and an ignore the tag
			// ignored: folio's prodigy export writes them in both
			meta = maps.Clone(meta)
			delete(meta, "status")
			var answer string
			if tags, ok := meta["tags"].([]any); ok && json.Unmarshal(l.Answer, &answer) == nil && answer == "ignore" {
				meta["tags"] = slices.DeleteFunc(slices.Clone(tags), func(t any) bool { return t == annot.TagIgnored })
			}
		}
		addMetaStatusTags(set, meta, where)
	}
	d.Anns, d.External = set.result(), set.ext
	switch {
	case reviewed && layers:
		// the task is the reviewer's answer: the curated annotations
		d.Answers, d.External = prodigyVersions(n, text, versions, where, func(p Problem) { probs = append(probs, p) }, d.External)
	case reviewed:
		// merged into the reviewer's answer, the versions would undo
		// the review
		var vs []json.RawMessage
		_ = json.Unmarshal(versions, &vs)
		probs = append(probs, Problem{Where: where, Msg: `the annotators' versions ("versions") of a reviewed task are not kept without folio import --layers`,
			Skipped: true, Part: true, Dropped: versionDropped, N: max(len(vs), 1)})
	case set.author != "":
		d.Anns, d.Answers = answerOf(d.Anns, set.author)
	}
	for _, k := range slices.Sorted(maps.Keys(rest)) {
		if !present(rest[k]) {
			continue // null says nothing
		}
		probs = append(probs, Problem{Where: where, Msg: fmt.Sprintf("field %q is not kept", k),
			Skipped: true, Part: true, Dropped: fmt.Sprintf("%q field", k)})
	}
	return d, probs, ""
}

// jsonProblem says what is wrong with a line json could not decode.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "text" {
			return `"text" is not a string`
		}
		if te.Field == "" {
			return "not a JSON object"
		}
	}
	return "not JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// lineID reads the "id" field: a string, or a number (doccano's ids).
// "" means none was given.
func lineID(raw json.RawMessage) (string, error) {
	if !present(raw) {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		if strings.TrimSpace(s) == "" {
			return "", nil // blank: derive one
		}
		return s, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(raw), nil
	}
	return "", errors.New(`"id" is neither a string nor a number`)
}

// lineTitle is the "title" field if it is a string, else meta's title.
func lineTitle(raw json.RawMessage, meta map[string]any) string {
	var t string
	if present(raw) && json.Unmarshal(raw, &t) == nil {
		if t = strings.TrimSpace(NormalizeString(t).Text); t != "" {
			return t
		}
	}
	if s, ok := meta["title"].(string); ok {
		return strings.TrimSpace(NormalizeString(s).Text)
	}
	return ""
}

// addLineAnns adds the annotations of whichever forms l is in. Fields of
// l that its form does not use go back into rest, to be reported as
// dropped. It returns why the line must be skipped (folio's own form,
// damaged), or "".
func addLineAnns(set *annSet, l *jsonLine, where string, rest map[string]json.RawMessage) string {
	unused := func(fields map[string]json.RawMessage) {
		for k, raw := range fields {
			if present(raw) {
				rest[k] = raw
			}
		}
	}
	doccanoEnts := present(l.Entities) && isDoccanoEntities(l.Entities)
	tupleEnts := present(l.Entities) && isTupleList(l.Entities) // spaCy's [[start, end, label]]
	if present(l.CorrectedText) || present(l.Corrections) || present(l.Entities) && !doccanoEnts && !tupleEnts {
		delete(rest, "hash") // derived from the text
		// folio's own form (its fields alone say so: doccano's relation
		// projects write "entities": [] too) has no field folio does not
		// know: one is misspelt ("entites"), and what it holds would be
		// lost
		for _, k := range slices.Sorted(maps.Keys(rest)) {
			if present(rest[k]) && (present(l.CorrectedText) || present(l.Corrections)) {
				return fmt.Sprintf("unknown field %q in folio's own form (misspelt?)", k)
			}
		}
		unused(map[string]json.RawMessage{"label": l.Label, "labels": l.Labels, "spans": l.Spans,
			"answer": l.Answer, "accept": l.Accept, "ents": l.Ents, "cats": l.Cats})
		return addRecord(set, l, where)
	}
	if tupleEnts {
		addDoccano(set, "entities", l.Entities, where)
	}
	if present(l.Ents) {
		addProdigy(set, "ents", l.Ents, where, "")
	}
	unused(map[string]json.RawMessage{"status_meta": l.StatusMeta, "tag_meta": l.TagMeta,
		"marks": l.Marks, "notes": l.Notes, "rejected": l.Rejected, "predictions": l.Predictions, "tokens": l.Tokens})
	if present(l.Status) || present(l.Tags) {
		// folio's own status and tags without its annotations
		rec := annot.Record{}
		for _, f := range []struct {
			name string
			raw  json.RawMessage
			dst  any
		}{{"status", l.Status, &rec.Status}, {"tags", l.Tags, &rec.Tags}} {
			if present(f.raw) {
				if err := json.Unmarshal(f.raw, f.dst); err != nil {
					return fmt.Sprintf("%q: %s", f.name, strings.TrimPrefix(err.Error(), "json: "))
				}
			}
		}
		for _, a := range rec.Annotations() {
			set.add(where, a, "")
		}
	}
	if doccanoEnts {
		addDoccanoEntities(set, l.Entities, where)
	}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
	}{{"label", l.Label}, {"labels", l.Labels}} {
		if present(f.raw) {
			addDoccano(set, f.name, f.raw, where)
		}
	}
	if present(l.Cats) {
		addCats(set, l.Cats, where)
	}
	answer, why := prodigyAnswer(set, l.Answer, where)
	if why != "" {
		return why
	}
	if present(l.Spans) {
		n := len(set.anns)
		addProdigy(set, "spans", l.Spans, where, answer)
		addLinks(set, l.Accept, set.anns[n:], where, rest)
	} else if present(l.Accept) {
		addLinks(set, l.Accept, nil, where, rest)
	}
	if present(l.Relations) {
		addRelations(set, l.Relations, where)
	}
	return ""
}

// addRecord adds the annotations of a line in folio's own form. A field
// that does not decode makes the whole line bad: importing the rest would
// lose annotations quietly.
func addRecord(set *annSet, l *jsonLine, where string) string {
	var rec annot.Record
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  any
	}{
		{"status", l.Status, &rec.Status}, {"status_meta", l.StatusMeta, &rec.StatusMeta},
		{"tags", l.Tags, &rec.Tags}, {"tag_meta", l.TagMeta, &rec.TagMeta}, {"tokens", l.Tokens, &rec.Tokens},
	} {
		if present(f.raw) {
			if err := strictDecode(f.raw, f.dst); err != nil {
				return fmt.Sprintf("%q: %s", f.name, err)
			}
		}
	}
	var err error
	if rec.Entities, err = strictList[annot.RecEntity]("entities", l.Entities, "start", "end", "label"); err == nil {
		if rec.Corrections, err = strictList[annot.RecCorrect]("corrections", l.Corrections, "start", "end", "replacement"); err == nil {
			if rec.Marks, err = strictList[annot.RecMark]("marks", l.Marks, "start", "end"); err == nil {
				if rec.Notes, err = strictList[annot.RecNote]("notes", l.Notes, "text"); err == nil {
					if rec.Rejected, err = strictList[annot.RecRejected]("rejected", l.Rejected, "start", "end", "kind", "text"); err == nil {
						if rec.Relations, err = strictList[annot.RecRelation]("relations", l.Relations, "from", "to", "label"); err == nil {
							rec.Predictions, err = strictList[annot.RecPrediction]("predictions", l.Predictions, "start", "end", "label")
						}
					}
				}
			}
		}
	}
	if err != nil {
		return err.Error()
	}
	for _, e := range rec.Entities {
		if e.ExternalID != "" && e.Canonical != "" {
			set.ext = append(set.ext, External{Label: e.Label, Canonical: e.Canonical, ID: e.ExternalID})
		}
	}
	for _, a := range rec.Annotations() {
		given := a.Text
		a.Text = ""
		set.add(where, a, given)
	}
	return ""
}

// strictDecode decodes raw into dst, refusing fields dst does not have: in
// folio's own form a misspelt field is an error, never a default value.
func strictDecode(raw json.RawMessage, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te) && te.Field != "":
		// encoding/json names the Go type and field: say the JSON's
		return fmt.Errorf("field %q is %s, not %s", te.Field, jsonKind(te.Value), jsonKind(te.Type.Kind().String()))
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names a JSON value's kind from the names encoding/json and
// reflect give it.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "number", "int", "int64", "int32", "uint", "uint32", "uint64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "array", "slice":
		return "a list"
	case "object", "map", "struct":
		return "an object"
	}
	return k
}

// strictList decodes the list field name of folio's own form: each item
// must have the required fields and no field T does not know. A
// correction with "text" instead of "replacement" is an error on its line,
// not a deletion.
func strictList[T any](name string, raw json.RawMessage, required ...string) ([]T, error) {
	if !present(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%q is not a list", name)
	}
	out := make([]T, len(items))
	for i, it := range items {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(it, &keys); err != nil || keys == nil {
			return nil, fmt.Errorf("%q item %d is not an object", name, i+1)
		}
		for _, k := range required {
			if !present(keys[k]) {
				return nil, fmt.Errorf("%q item %d has no %q field", name, i+1, k)
			}
		}
		if err := strictDecode(it, &out[i]); err != nil {
			return nil, fmt.Errorf("%q item %d: %s", name, i+1, err)
		}
	}
	return out, nil
}

// addDoccano adds doccano's entities, [[start, end, "LABEL"], ...].
func addDoccano(set *annSet, field string, raw json.RawMessage, where string) {
	skipped := func(msg string) { set.report(Problem{Where: where, Msg: msg, Skipped: true, Part: true}) }
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		skipped(fmt.Sprintf("%q: %s", field, strings.TrimPrefix(err.Error(), "json: ")))
		return
	}
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case string:
		// a document label (Prodigy's textcat): a tag; the answer is the status
		set.add(where, annot.Annotation{Kind: annot.KindTag, Label: v}, "")
		return
	default:
		skipped(fmt.Sprintf("%q is not a list of [start, end, label]", field))
		return
	}
	set.listed = true // bare spans: one listed twice is two
	defer func() { set.listed = false }()
	var cats []string
	for i, it := range items {
		if cat, ok := it.(string); ok {
			cats = append(cats, cat)
			continue
		}
		triple, _ := it.([]any)
		var start, end int
		var label string
		ok := len(triple) == 3
		if ok {
			start, ok = jsonInt(triple[0])
		}
		if ok {
			end, ok = jsonInt(triple[1])
		}
		if ok {
			label, ok = triple[2].(string)
		}
		if !ok {
			b, _ := json.Marshal(it)
			skipped(fmt.Sprintf("%q item %d is not [start, end, label]: %s", field, i+1, clip(string(b), 60)))
			continue
		}
		set.add(where, annot.Annotation{Kind: annot.KindEntity, Start: start, End: end, Label: label}, "")
	}
	for _, c := range cats { // doccano's document labels: tags
		set.add(where, annot.Annotation{Kind: annot.KindTag, Label: c}, "")
	}
}

// addCats adds doccano's "cats", the labels of the whole document
// (["flight", "airport"]), as tags.
func addCats(set *annSet, raw json.RawMessage, where string) {
	var cats []string
	if err := json.Unmarshal(raw, &cats); err != nil {
		set.report(Problem{Where: where, Msg: `"cats" is not a list of labels`, Skipped: true, Part: true})
		return
	}
	for _, c := range cats {
		set.add(where, annot.Annotation{Kind: annot.KindTag, Label: c}, "")
	}
}

// jsonInt turns a decoded JSON number into an int, if it is a whole one.
func jsonInt(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

// spanObject is an entity span as Prodigy ("start", "end") or doccano's
// relation form ("start_offset", "end_offset") writes it.
type spanObject struct {
	Start       *int            `json:"start"`
	End         *int            `json:"end"`
	StartOffset *int            `json:"start_offset"`
	EndOffset   *int            `json:"end_offset"`
	Label       string          `json:"label"`
	Text        *string         `json:"text"`
	Answer      string          `json:"answer"` // Prodigy's ner.teach answers each span
	ID          json.RawMessage `json:"id"`     // doccano's, which its relations name
}

// isDoccanoEntities reports whether "entities" is doccano's relation form:
// objects with start_offset and end_offset.
func isDoccanoEntities(raw json.RawMessage) bool {
	var objs []spanObject
	if json.Unmarshal(raw, &objs) != nil || len(objs) == 0 {
		return false
	}
	for _, o := range objs {
		if o.StartOffset == nil || o.EndOffset == nil || o.Start != nil {
			return false
		}
	}
	return true
}

// addProdigy adds Prodigy's "spans" (or spaCy's "ents"): [{"start", "end",
// "label"}, ...]. A span that says what text it covers is checked, but
// the offsets win: a stale "text" is a warning. A span answered "reject"
// (by itself or, without its own answer, by the task) is a rejected
// entity suggestion under its label, not an entity ("MX is not a
// PRODUCT"); one whose own answer is "ignore" (ner.teach's) was proposed
// and left unjudged: a prediction, which folio offers as a suggestion, not
// an entity. The spans of a task ignored as a whole stay entities.
func addProdigy(set *annSet, field string, raw json.RawMessage, where, answer string) {
	addObjects(set, field, raw, where, answer, func(o spanObject) (*int, *int) { return o.Start, o.End })
}

// addDoccanoEntities adds doccano's "entities": [{"start_offset",
// "end_offset", "label"}, ...].
func addDoccanoEntities(set *annSet, raw json.RawMessage, where string) {
	addObjects(set, "entities", raw, where, "", func(o spanObject) (*int, *int) { return o.StartOffset, o.EndOffset })
}

func addObjects(set *annSet, field string, raw json.RawMessage, where, answer string, ends func(spanObject) (*int, *int)) {
	skipped := func(msg string) { set.report(Problem{Where: where, Msg: msg, Skipped: true, Part: true}) }
	var objs []spanObject
	var bad []error // per item, when the list does not decode as a whole
	if json.Unmarshal(raw, &objs) != nil {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			skipped(fmt.Sprintf("%q is not a list of spans", field))
			return
		}
		objs, bad = make([]spanObject, len(items)), make([]error, len(items))
		for i, it := range items {
			bad[i] = json.Unmarshal(it, &objs[i])
		}
	}
	dropSpanFields(set, field, raw, where)
	set.advisory = true // a span's "text" is informational: the offsets win
	set.listed = true   // spans without an identity: one listed twice is two
	defer func() { set.advisory, set.listed = false, false }()
	for i, o := range objs {
		start, end := ends(o)
		if bad != nil && bad[i] != nil || start == nil || end == nil {
			skipped(fmt.Sprintf("%q item %d is not a span with start, end and label", field, i+1))
			continue
		}
		given := ""
		if o.Text != nil {
			given = *o.Text
		}
		a := annot.Annotation{Kind: annot.KindEntity, Start: *start, End: *end, Label: o.Label, ID: spanKey(*start, *end, o.Label)}
		if present(o.ID) {
			a.ID = "id:" + string(o.ID)
		}
		switch ans := cmp.Or(o.Answer, answer); {
		case ans == "reject":
			a = annot.Annotation{Kind: annot.KindRejected, Start: *start, End: *end, Label: string(annot.KindEntity), Class: o.Label}
		case o.Answer == "ignore":
			// ner.teach's proposal, left unjudged; the spans of a task
			// ignored as a whole (ner.manual's, an older folio export's)
			// are what the annotator marked before skipping it
			a = annot.Annotation{Kind: annot.KindPrediction, Start: *start, End: *end, Label: o.Label}
		}
		set.add(where, a, given)
	}
}

// spanFields are the fields of a span object folio reads.
var spanFields = map[string]bool{"start": true, "end": true, "start_offset": true, "end_offset": true,
	"label": true, "text": true, "answer": true, "id": true}

// dropSpanFields reports the fields of span objects that folio does not
// keep (Prodigy's "score", "token_start", …), counted by name.
func dropSpanFields(set *annSet, field string, raw json.RawMessage, where string) {
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return // reported item by item
	}
	count := map[string]int{}
	for _, it := range items {
		for k, v := range it {
			if !spanFields[k] && present(v) {
				count[k]++
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(count)) {
		set.report(Problem{Where: where, Msg: fmt.Sprintf("%q: field %q is not kept", field, k),
			Skipped: true, Part: true, Dropped: fmt.Sprintf("%s' %q field", field, k), N: count[k]})
	}
}

// prodigyAnnotator returns who answered a Prodigy task, its
// "_annotator_id" (the dataset and session, "news-ute"), taking it out of
// rest: the task's annotations and its status keep it as their author.
func prodigyAnnotator(rest map[string]json.RawMessage) string {
	var who string
	if raw, ok := rest["_annotator_id"]; ok && json.Unmarshal(raw, &who) == nil {
		who = strings.TrimSpace(who)
		if who != "" {
			delete(rest, "_annotator_id")
		}
	}
	return who
}

// versionDropped is what the dropped report calls an annotator's version
// of a task Prodigy's review recipe wrote, left out without folio import
// --layers.
const versionDropped = `"versions" annotator version`

// prodigyVersions reads the "versions" of a task Prodigy's review recipe
// wrote, whose text is text (n normalized): each is one annotator's (or a
// model's) version of the task, a task itself (its spans, relations,
// entity link and answer), and becomes the answer of each session its
// "sessions" lists (of its "_annotator_id" without them), so that folio
// import --layers keeps it in their layers while the reviewed task is
// the curated annotations. A version of another text, or that names no
// annotator, is skipped; what a version holds that folio does not keep
// is named as dropped. It returns the answers, and ext with the external
// ids of the versions' entity links added.
func prodigyVersions(n Normalized, text string, raw json.RawMessage, where string, report func(Problem), ext []External) ([]annot.Answer, []External) {
	var vs []json.RawMessage
	if json.Unmarshal(raw, &vs) != nil {
		report(Problem{Where: where, Msg: `"versions" is not a list of tasks`, Skipped: true, Part: true})
		return nil, ext
	}
	var answers []annot.Answer
	for i, v := range vs {
		skipped := func(why string) {
			report(Problem{Where: where, Msg: fmt.Sprintf(`"versions" item %d: %s; not kept`, i+1, why), Skipped: true, Part: true})
		}
		var l jsonLine
		rest, why := parseLine(v, &l)
		switch {
		case why != "":
			skipped(why)
			continue
		case l.Text == nil || *l.Text != text:
			skipped("its text is not the task's")
			continue
		}
		who := versionAnnotators(rest)
		if len(who) == 0 {
			skipped(`it names no annotator ("sessions", "_annotator_id")`)
			continue
		}
		set := newAnnSet(n, report)
		if why := addLineAnns(set, &l, where, rest); why != "" {
			skipped(why)
			continue
		}
		anns := set.result()
		for _, name := range who {
			mine := slices.Clone(anns)
			for j := range mine {
				if mine[j].Author == "" {
					mine[j].Author = name
				}
			}
			answers = append(answers, annot.Answer{Annotator: name, Anns: mine})
		}
		ext = append(ext, set.ext...)
		for k, raw := range map[string]json.RawMessage{"id": l.ID, "title": l.Title, "meta": l.Meta} {
			rest[k] = raw
		}
		if l.Source != nil {
			rest["source"], _ = json.Marshal(*l.Source)
		}
		for _, k := range slices.Sorted(maps.Keys(rest)) {
			if present(rest[k]) {
				report(Problem{Where: where, Msg: fmt.Sprintf(`"versions" item %d: field %q is not kept`, i+1, k),
					Skipped: true, Part: true, Dropped: fmt.Sprintf("versions' %q field", k)})
			}
		}
	}
	return answers, ext
}

// versionAnnotators returns who gave a version of a reviewed task, taking
// the fields that say so out of rest: the sessions it lists (several
// annotators who answered alike share one version), else its
// "_annotator_id". Its "_session_id" is one of them.
func versionAnnotators(rest map[string]json.RawMessage) []string {
	var who []string
	var sessions []string
	if json.Unmarshal(rest["sessions"], &sessions) == nil {
		for _, s := range sessions {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(who, s) {
				who = append(who, s)
			}
		}
	}
	if a := prodigyAnnotator(rest); len(who) == 0 && a != "" {
		who = []string{a}
	}
	if len(who) > 0 {
		delete(rest, "sessions")
		delete(rest, "_annotator_id")
		delete(rest, "_session_id")
	}
	return who
}

// answerOf splits the annotations of a task that annotator answered
// into the task's own (its meta) and annotator's answer, the rest.
func answerOf(anns []annot.Annotation, annotator string) (own []annot.Annotation, answers []annot.Answer) {
	var theirs []annot.Annotation
	for _, a := range anns {
		if a.Kind == annot.KindMeta {
			own = append(own, a)
		} else {
			theirs = append(theirs, a)
		}
	}
	if len(theirs) == 0 {
		return own, nil
	}
	return own, []annot.Answer{{Annotator: annotator, Anns: theirs}}
}

// prodigyAnswer turns a task's "answer" into the document's status:
// accept → done, reject → rejected, ignore → todo and the tag "ignored"
// (Prodigy's ignore means the annotator skipped the task: it was not
// reviewed, but the skip is kept, and the prodigy export writes it back).
// It returns the answer, or why the line is bad.
func prodigyAnswer(set *annSet, raw json.RawMessage, where string) (string, string) {
	if !present(raw) {
		return "", ""
	}
	var answer string
	if json.Unmarshal(raw, &answer) != nil {
		return "", `"answer" is not a string`
	}
	switch answer {
	case "accept":
		set.add(where, annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)}, "")
	case "reject":
		set.add(where, annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusRejected)}, "")
	case "ignore":
		set.add(where, annot.Annotation{Kind: annot.KindTag, Label: annot.TagIgnored}, "")
	default:
		return "", fmt.Sprintf(`"answer" is %q, not accept, reject or ignore`, answer)
	}
	return answer, ""
}

// addLinks reads Prodigy's "accept" of the choice view. With one entity
// on the task, the chosen option is its link: the entity's canonical name
// and external id (Wikidata's "Q312545"); a NIL option ("NIL_ambiguous")
// is a canonical name without an external id. Without spans, the chosen
// options are the document's tags. Anything else is reported as dropped.
func addLinks(set *annSet, raw json.RawMessage, ents []annot.Annotation, where string, rest map[string]json.RawMessage) {
	if !present(raw) {
		return
	}
	var ids []string
	if json.Unmarshal(raw, &ids) != nil {
		rest["accept"] = raw
		return
	}
	var spanned []int
	for i, a := range ents {
		if a.Kind == annot.KindEntity {
			spanned = append(spanned, i)
		}
	}
	switch {
	case len(ids) == 0:
	case ents == nil:
		for _, id := range ids {
			set.add(where, annot.Annotation{Kind: annot.KindTag, Label: id}, "")
		}
	case len(ids) == 1 && len(spanned) == 1:
		e := set.setCanonical(len(set.anns)-len(ents)+spanned[0], ids[0])
		if !strings.HasPrefix(ids[0], "NIL") {
			set.ext = append(set.ext, External{Label: e.Label, Canonical: ids[0], ID: ids[0]})
		}
	default:
		rest["accept"] = raw
	}
}

// spanKey is the id the reader gives a span object without one, so that
// Prodigy's relations, which repeat their spans, can name it.
func spanKey(start, end int, label string) string {
	return fmt.Sprintf("span:%d:%d:%s", start, end, label)
}

// relationObject is a relation in doccano's form ("from_id", "to_id",
// "type") or Prodigy's ("head_span", "child_span", "label").
type relationObject struct {
	FromID    json.RawMessage `json:"from_id"`
	ToID      json.RawMessage `json:"to_id"`
	Type      string          `json:"type"`
	HeadSpan  *spanObject     `json:"head_span"`
	ChildSpan *spanObject     `json:"child_span"`
	Label     string          `json:"label"`
}

// addRelations adds doccano's or Prodigy's "relations", whose entities
// were added before from "entities" or "spans".
func addRelations(set *annSet, raw json.RawMessage, where string) {
	var rels []relationObject
	if err := json.Unmarshal(raw, &rels); err != nil {
		set.report(Problem{Where: where, Msg: `"relations" is not a list of relations`, Skipped: true, Part: true})
		return
	}
	for i, r := range rels {
		a := annot.Annotation{Kind: annot.KindRelation}
		switch {
		case present(r.FromID) && present(r.ToID):
			a.From, a.To, a.Label = "id:"+string(r.FromID), "id:"+string(r.ToID), r.Type
		case r.HeadSpan != nil && r.ChildSpan != nil && r.HeadSpan.Start != nil && r.HeadSpan.End != nil &&
			r.ChildSpan.Start != nil && r.ChildSpan.End != nil:
			a.From = spanKey(*r.HeadSpan.Start, *r.HeadSpan.End, r.HeadSpan.Label)
			a.To = spanKey(*r.ChildSpan.Start, *r.ChildSpan.End, r.ChildSpan.Label)
			a.Label = r.Label
		default:
			set.report(Problem{Where: where, Msg: fmt.Sprintf(`"relations" item %d names neither from_id and to_id nor head_span and child_span`, i+1), Skipped: true, Part: true})
			continue
		}
		set.add(where, a, "")
	}
}

// isTupleList reports whether raw is a list of lists, as spaCy's
// "entities" ([start, end, label] each; a bad one is reported by item).
func isTupleList(raw json.RawMessage) bool {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return false
	}
	for _, it := range items {
		if t := bytes.TrimSpace(it); len(t) == 0 || t[0] != '[' {
			return false
		}
	}
	return true
}

// addMeta adds a task's "meta" object as the document's metadata: every
// key and every number as written, so that exports write it back (keys
// sorted, as the export writes them). The keys folio's own exports add
// (annot.ExportMetaKey) are kept too: an import into the store they came
// from finds the metadata there says the rest (store, importAnns).
func addMeta(set *annSet, meta map[string]any, where string) {
	if len(meta) == 0 {
		return
	}
	if b, err := json.Marshal(meta); err == nil {
		set.add(where, annot.Annotation{Kind: annot.KindMeta, Value: string(b)}, "")
	}
}

// folioStatus returns the review status folio's prodigy or labelstudio
// export wrote in the "meta" of document id: its "id" is id and its
// "status" a review status.
func folioStatus(meta map[string]any, id string) (string, bool) {
	st, _ := meta["status"].(string)
	if mid, _ := meta["id"].(string); mid != id || id == "" {
		return "", false
	}
	if _, err := annot.ParseStatus(st); err != nil {
		return "", false
	}
	return st, true
}

// addMetaStatusTags adds the review status and tags a "meta" object
// carries ("status": "done", "tags": ["ocr"]), as folio's prodigy export
// writes them.
func addMetaStatusTags(set *annSet, meta map[string]any, where string) {
	if st, ok := meta["status"].(string); ok && st != "" && st != string(annot.StatusTodo) {
		set.add(where, annot.Annotation{ID: annot.StatusID, Kind: annot.KindStatus, Label: st}, "")
	}
	tags, _ := meta["tags"].([]any)
	for _, t := range tags {
		if name, ok := t.(string); ok {
			set.add(where, annot.Annotation{ID: annot.TagID(name), Kind: annot.KindTag, Label: name}, "")
		}
	}
}
