package corpus

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folio/annot"
	"folio/internal/shared"
)

func jsonlFS(lines ...string) fstest.MapFS {
	return fstest.MapFS{"data.jsonl": {Data: []byte(strings.Join(lines, "\n") + "\n")}}
}

// readJSONLines reads lines as data.jsonl.
func readJSONLines(t *testing.T, lines ...string) *got {
	t.Helper()
	return readFS(t, jsonlFS(lines...), ".")
}

// entities returns d's entities as "LABEL [s,e) text" for comparing.
func entities(d Doc) []string {
	var out []string
	for _, a := range d.Anns {
		if a.Kind == annot.KindEntity {
			out = append(out, a.Label+" "+a.Span().String()+" "+a.Text)
		}
	}
	return out
}

func TestJSONL(t *testing.T) {
	g := readJSONLines(t,
		`{"id":"a","text":"Ute Berg wohnt in Köln.","meta":{"title":"Meta-Titel","page":3}}`,
		``,
		`not json`,
		`{"id":"b"}`,
		`{"id":"a","text":"anders"}`,
		`   `,
		`{"text": 5}`,
		`[1, 2]`,
		`{"text":" \n\t"}`,
		`{"id":{"x":1},"text":"x"}`,
		`{"text":"Ohne Id","title":"  Gegebener Titel "}`,
		`{"id":"m","text":"Meta kaputt","meta":[1]}`,
	)
	if want := []string{"a", ID("Ohne Id"), "m"}; !reflect.DeepEqual(g.ids(), want) {
		t.Fatalf("ids = %q, want %q", g.ids(), want)
	}
	a := g.byID(t, "a")
	if a.Title != "Meta-Titel" || a.Source != "data.jsonl:1" || a.Meta["page"] != json.Number("3") {
		t.Errorf("a = %+v", a)
	}
	if d := g.docs[1]; d.Title != "Gegebener Titel" || d.Source != "data.jsonl:11" {
		t.Errorf("doc without id = %+v", d)
	}
	if d := g.byID(t, "m"); d.Meta != nil || d.Title != "Meta kaputt" {
		t.Errorf("m = %+v", d)
	}
	g.expectProblem(t, "data.jsonl:3", "not JSON", true)
	g.expectProblem(t, "data.jsonl:4", `no "text" field`, true)
	g.expectProblem(t, "data.jsonl:5", `duplicate id "a" with another text (first read from data.jsonl:1;`, true)
	g.expectProblem(t, "data.jsonl:7", `"text" is not a string`, true)
	g.expectProblem(t, "data.jsonl:8", "not a JSON object", true)
	g.expectProblem(t, "data.jsonl:9", "empty text", true)
	g.expectProblem(t, "data.jsonl:10", `"id" is neither a string nor a number`, true)
	g.expectProblem(t, "data.jsonl:12", `"meta" is not an object`, true)
	if len(g.probs) != 8 {
		t.Errorf("%d problems, want 8 (blank lines are not problems):\n%s", len(g.probs), g.problemList())
	}
}

func TestJSONLDoccano(t *testing.T) {
	g := readJSONLines(t,
		`{"id":7,"text":"Ute Berg wohnt in Köln.","label":[[0,8,"PER"],[18,22,"LOC"],[0,3,"PER"],[30,40,"LOC"],[5,2,"X"],[9,14,""],"POS",[1,2]]}`,
		`{"id":8,"text":"Ute Berg","labels":[[4,8,"PER"],[4,8,"PER"]]}`,
		`{"id":9,"text":"Ute Berg in Köln","entities":[{"id":1,"label":"PER","start_offset":0,"end_offset":8},{"id":2,"label":"LOC","start_offset":12,"end_offset":16}],"relations":[]}`,
	)
	d := g.byID(t, "7")
	if want := []string{"PER [0,8) Ute Berg", "LOC [18,22) Köln", "PER [0,3) Ute"}; !reflect.DeepEqual(entities(d), want) {
		t.Errorf("entities = %q, want %q", entities(d), want)
	}
	for _, a := range d.Anns {
		if a.Origin != annot.OriginImport || a.ID != "" && a.Kind == annot.KindEntity {
			t.Errorf("annotation %+v: want origin import and no id", a)
		}
	}
	g.expectProblem(t, "data.jsonl:1", "entity [30,40) LOC: out of range (the text has 23 characters)", true)
	g.expectProblem(t, "data.jsonl:1", "entity [5,2) X: empty or inverted", true)
	g.expectProblem(t, "data.jsonl:1", "entity [9,14): an entity needs a label", true)
	if tags := g.byID(t, "7").Anns; tags[len(tags)-1].Kind != annot.KindTag || tags[len(tags)-1].Label != "POS" {
		t.Errorf("the document label POS is not a tag: %+v", tags)
	}
	g.expectProblem(t, "data.jsonl:1", `"label" item 8 is not [start, end, label]`, true)
	// a bare span listed twice is two entities, copies 0 and 1, so the
	// line comes back as it was
	if want := []string{"PER [4,8) Berg", "PER [4,8) Berg"}; !reflect.DeepEqual(entities(g.byID(t, "8")), want) {
		t.Errorf("labels: entities = %q, want %q", entities(g.byID(t, "8")), want)
	}
	var copies []int
	for _, a := range g.byID(t, "8").Anns {
		if a.Kind == annot.KindEntity {
			copies = append(copies, a.Copy)
		}
	}
	if !reflect.DeepEqual(copies, []int{0, 1}) {
		t.Errorf("labels: copies %v, want [0 1]", copies)
	}
	for _, p := range g.probs {
		if p.Where == "data.jsonl:2" {
			t.Errorf("labels: problem %v: a span listed twice is no duplicate", p)
		}
	}
	if want := []string{"PER [0,8) Ute Berg", "LOC [12,16) Köln"}; !reflect.DeepEqual(entities(g.byID(t, "9")), want) {
		t.Errorf("doccano entities = %q, want %q", entities(g.byID(t, "9")), want)
	}
}

func TestJSONLSpansMapped(t *testing.T) {
	// BOM0 Z1 e2 i3 l4 e5 \r6 \n7 K8 o9 ̈10 l11 n12 _13 U14 t15 e16
	text := `"\ufeffZeile\r\nKo\u0308ln Ute"`
	g := readJSONLines(t,
		`{"id":"d","text":`+text+`,"label":[[8,13,"LOC"],[14,17,"PER"],[10,13,"X"],[7,8,"Y"]]}`,
		`{"id":"p","text":`+text+`,"spans":[{"start":8,"end":13,"label":"LOC","token_start":2,"token_end":2,"text":"Köln"},{"start":14,"end":17,"label":"PER","text":"Udo"}],"answer":"accept"}`,
		`{"id":"r","text":"Ute","spans":[{"start":0,"end":3,"label":"PER"}],"answer":"reject"}`,
	)
	want := []string{"LOC [6,10) Köln", "PER [11,14) Ute"}
	d := g.byID(t, "d")
	if d.Text != "Zeile\nKöln Ute" {
		t.Errorf("text = %+q", d.Text)
	}
	if !reflect.DeepEqual(entities(d), want) {
		t.Errorf("doccano entities = %q, want %q", entities(d), want)
	}
	g.expectProblem(t, "data.jsonl:1", "dropped a byte order mark", false)
	g.expectProblem(t, "data.jsonl:1", "entity [10,13) X: cuts a character", true)
	g.expectProblem(t, "data.jsonl:1", "entity [7,8) Y: cuts a character", true)
	// Prodigy's span "text" is informational: the offsets win, with a warning
	if got := entities(g.byID(t, "p")); !reflect.DeepEqual(got, want) {
		t.Errorf("prodigy entities = %q, want %q", got, want)
	}
	g.expectProblem(t, "data.jsonl:2", `[11,14) PER: says it covers "Udo", but the text there is "Ute"; the offsets win`, false)
	// a rejected task: the document is rejected, its span a rejected
	// suggestion of its label, holding the text it rejects
	r := g.byID(t, "r")
	if len(r.Anns) != 2 || r.Anns[0].Kind != annot.KindStatus || r.Anns[0].Label != "rejected" ||
		r.Anns[1].Kind != annot.KindRejected || r.Anns[1].Label != "entity" || r.Anns[1].Class != "PER" || r.Anns[1].Value != "Ute" {
		t.Errorf("rejected Prodigy answer brought %+v", r.Anns)
	}
}

// TestJSONLProdigyAnswersAndLinks: answers become statuses (ignore: the
// tag "ignored"), a span's own answer wins (reject: a rejected suggestion
// of its label; its own ignore: a prediction, not an entity; a task
// ignored as a whole keeps its spans as entities), and an entity link
// in "accept" becomes the entity's canonical name and external id.
func TestJSONLProdigyAnswersAndLinks(t *testing.T) {
	g := readJSONLines(t,
		`{"id":"a","text":"Ute","answer":"accept"}`,
		`{"id":"i","text":"Ute","answer":"ignore"}`,
		`{"id":"t","text":"Ute Berg","spans":[{"start":0,"end":3,"label":"PER","answer":"reject"},{"start":4,"end":8,"label":"PER","answer":"accept"}],"answer":"accept"}`,
		`{"id":"e","text":"Emerson won.","spans":[{"start":0,"end":7,"text":"Emerson","label":"ORG","score":1,"rank":0}],"accept":["Q312545"],"answer":"accept"}`,
		`{"id":"n","text":"Emerson won.","spans":[{"start":0,"end":7,"label":"ORG"}],"accept":["NIL_ambiguous"],"answer":"accept"}`,
		`{"id":"c","text":"Docs are wrong.","accept":["DOCUMENTATION"],"answer":"accept"}`,
		`{"id":"x","text":"Ute","answer":"maybe"}`,
		`{"id":"g","text":"Ute Berg","spans":[{"start":0,"end":3,"label":"PER"}],"answer":"ignore"}`,
		`{"id":"s","text":"Ute Berg","spans":[{"start":0,"end":3,"label":"PER","answer":"ignore"},{"start":4,"end":8,"label":"PER"}],"answer":"accept"}`,
	)
	kinds := func(id string) string {
		var out []string
		for _, a := range g.byID(t, id).Anns {
			out = append(out, strings.TrimRight(fmt.Sprintf("%s:%s|%s|%s|%s", a.Kind, a.Label, a.Value, a.Canonical, a.Class), "|"))
		}
		return strings.Join(out, " ")
	}
	for id, want := range map[string]string{
		"a": "status:done",
		"i": "tag:ignored",
		"t": "status:done rejected:entity|Ute||PER entity:PER",
		"g": "tag:ignored entity:PER", // the task ignored as a whole: what was marked stays
		"s": "status:done prediction:PER entity:PER",
		"e": "status:done entity:ORG||Q312545",
		"n": "status:done entity:ORG||NIL_ambiguous",
		"c": "status:done tag:DOCUMENTATION",
	} {
		if got := kinds(id); got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
	if d := g.byID(t, "e"); len(d.External) != 1 || d.External[0] != (External{Label: "ORG", Canonical: "Q312545", ID: "Q312545"}) {
		t.Errorf("external ids %+v", d.External)
	}
	if d := g.byID(t, "n"); len(d.External) != 0 {
		t.Errorf("a NIL link got an external id: %+v", d.External)
	}
	g.expectProblem(t, "data.jsonl:7", `"answer" is "maybe", not accept, reject or ignore`, true)
}

// TestJSONLProdigyAnnotator: a task's "_annotator_id" is the author of
// its annotations and of its status, which are its answer (Doc.Answers),
// and is not reported as dropped; a task without one leaves the author
// to the importer, and its annotations are the document's.
func TestJSONLProdigyAnnotator(t *testing.T) {
	g := readJSONLines(t,
		`{"id":"u","text":"Ute Berg","spans":[{"start":0,"end":8,"label":"PER"}],"answer":"accept","_annotator_id":"news-ute","_session_id":"news-ute"}`,
		`{"id":"b","text":"Ute Berg","answer":"ignore","_annotator_id":" news-ben "}`,
		`{"id":"n","text":"Ute Berg","answer":"accept"}`,
		`{"id":"x","text":"Ute Berg","answer":"accept","_annotator_id":17}`,
	)
	for id, want := range map[string]string{"u": "news-ute", "b": "news-ben", "n": "", "x": ""} {
		d := g.byID(t, id)
		anns := d.Anns
		if want != "" {
			if len(d.Answers) != 1 || d.Answers[0].Annotator != want || len(d.Anns) != 0 {
				t.Fatalf("%s: answers %+v and %d annotations of its own, want one answer of %s", id, d.Answers, len(d.Anns), want)
			}
			anns = d.Answers[0].Anns
		} else if len(d.Answers) != 0 {
			t.Errorf("%s: answers %+v, want none", id, d.Answers)
		}
		if len(anns) == 0 {
			t.Fatalf("%s: no annotations", id)
		}
		for _, a := range anns {
			if a.Author != want {
				t.Errorf("%s: %s by %q, want %q", id, a.Kind, a.Author, want)
			}
		}
	}
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	if d := tl.Dropped(); !strings.Contains(d, `1 "_annotator_id"`) || strings.Contains(d, `2 "_annotator_id"`) || !strings.Contains(d, `"_session_id"`) {
		t.Errorf("dropped %q: want only the number's _annotator_id, and _session_id", d)
	}
}

// TestJSONLSpaCyShapes: spaCy's training shapes bring their entities.
func TestJSONLSpaCyShapes(t *testing.T) {
	g := readJSONLines(t,
		`{"text":"Apple in Köln","entities":[[0,5,"ORG"],[9,13,"LOC"]]}`,
		`["Apple in Bonn",{"entities":[[0,5,"ORG"],[9,13,"LOC"]]}]`,
		`{"text":"Apple in Ulm","ents":[{"start":0,"end":5,"label":"ORG"},{"start":9,"end":12,"label":"LOC"}],"sents":[{"start":0,"end":12}],"tokens":[]}`,
		`["Apple",{"entities":[[0,5]]}]`,
		`["Apple"]`,
	)
	for text, want := range map[string][]string{
		"Apple in Köln": {"ORG [0,5) Apple", "LOC [9,13) Köln"},
		"Apple in Bonn": {"ORG [0,5) Apple", "LOC [9,13) Bonn"},
		"Apple in Ulm":  {"ORG [0,5) Apple", "LOC [9,12) Ulm"},
	} {
		if got := entities(g.byID(t, ID(text))); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", text, got, want)
		}
	}
	g.expectProblem(t, "data.jsonl:4", `"entities" item 1 is not [start, end, label]`, true)
	g.expectProblem(t, "data.jsonl:5", `not a JSON object, nor a [text, {"entities": ...}] pair`, true)
}

func TestJSONLOwnForm(t *testing.T) {
	text := "Kdln ist schön.\nUte Berg"
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	m := annot.Meta{Author: "ute", Time: at, Origin: annot.OriginManual}
	anns := []annot.Annotation{
		{ID: annot.StatusID, Kind: annot.KindStatus, Label: "done", Meta: m},
		{ID: annot.TagID("ocr"), Kind: annot.KindTag, Label: "ocr", Meta: m},
		{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC", Canonical: "Köln", Text: "Kdln", Meta: m},
		{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln", Class: annot.ClassOCR, Text: "Kdln", Meta: m},
		{Kind: annot.KindMark, Start: 9, End: 14, Value: "unsicher", Text: "schön", Meta: m},
		{Kind: annot.KindNote, Start: 16, End: 24, Value: "Beigeordnete", Text: "Ute Berg", Meta: m},
		{Kind: annot.KindNote, Value: "ganzes Dokument", Meta: m},
		{Kind: annot.KindRejected, Start: 5, End: 8, Label: "ocr", Value: "ist", Text: "ist", Meta: m},
		{Kind: annot.KindRejected, Start: 16, End: 19, Label: "entity", Class: "ORG", Value: "Ute", Text: "Ute", Meta: m},
		{Kind: annot.KindEntity, Start: 16, End: 24, Label: "PER", Text: "Ute Berg", Meta: annot.Meta{Author: "x"}},
	}
	rec := annot.NewRecord(annot.Doc{ID: "own", Title: "Eigener Titel", Hash: annot.Hash(text)}, text, anns, nil)
	line, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	// the same record, with a text in NFD and CRLF, and a span that lies
	rec.ID = "own2"
	rec.Text = strings.ReplaceAll(strings.ReplaceAll(text, "\n", "\r\n"), "ö", "o\u0308")
	for i := range rec.Entities {
		if rec.Entities[i].Label == "PER" {
			rec.Entities[i].Start, rec.Entities[i].End = 18, 26
		}
	}
	rec.Marks[0].Start, rec.Marks[0].End = 9, 15
	for i := range rec.Rejected {
		if rec.Rejected[i].Label == "ORG" {
			rec.Rejected[i].Start, rec.Rejected[i].End = 18, 21
		}
	}
	for i := range rec.Notes {
		if rec.Notes[i].Start != nil {
			rec.Notes[i].Start, rec.Notes[i].End = ptr(18), ptr(26)
		}
	}
	rec.Corrections[0].Original = "Kaln"
	line2, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(line), `"kind":"entity","label":"ORG","text":"Ute"`) {
		t.Errorf("a rejected entity's label is not written: %s", line)
	}
	g := readJSONLines(t, string(line), string(line2), `{"id":"bad","text":"x","corrected_text":"x","entities":"nein"}`,
		// a record written before rejections had a label
		`{"id":"old","text":"Ute","corrected_text":"Ute","entities":[],"rejected":[{"start":0,"end":3,"kind":"entity","text":"Ute"}]}`)
	if old := g.byID(t, "old").Anns; len(old) != 1 || old[0].Kind != annot.KindRejected || old[0].Label != "entity" || old[0].Class != "" || old[0].Value != "Ute" {
		t.Errorf("an older record's rejection: %+v", old)
	}
	d := g.byID(t, "own")
	if d.Title != "Eigener Titel" || d.Text != text {
		t.Errorf("own = %+v", d)
	}
	want := annot.Sorted(anns)
	for i := range want {
		if want[i].Kind == annot.KindEntity && want[i].Label == "PER" {
			want[i].Origin = annot.OriginImport // the input gave none
		}
	}
	if got := annot.Sorted(d.Anns); !reflect.DeepEqual(got, want) {
		t.Errorf("annotations:\n got %+v\nwant %+v", got, want)
	}
	d2 := g.byID(t, "own2")
	if d2.Text != text {
		t.Errorf("own2 text = %+q", d2.Text)
	}
	var wantNoCorr []annot.Annotation
	for _, a := range want {
		if a.Kind != annot.KindCorrection {
			wantNoCorr = append(wantNoCorr, a)
		}
	}
	if got := annot.Sorted(d2.Anns); !reflect.DeepEqual(got, wantNoCorr) {
		t.Errorf("own2 annotations:\n got %+v\nwant %+v", got, wantNoCorr)
	}
	g.expectProblem(t, "data.jsonl:2", `correction [0,4): says it covers "Kaln", but the text there is "Kdln"`, true)
	g.expectProblem(t, "data.jsonl:3", `"entities" is not a list`, true)
}

// TestJSONLStrictOwnForm: a field folio expects, misspelt or of the wrong
// type, is an error on its line, never a default value (issue 14: a
// correction with "text" instead of "replacement" imported as a deletion).
func TestJSONLStrictOwnForm(t *testing.T) {
	cases := []struct {
		line, want string
	}{
		{`{"id":"a","text":"Kdln","corrections":[{"start":0,"end":4,"text":"Köln","kind":"ocr"}]}`, `"corrections" item 1 has no "replacement" field`},
		{`{"id":"a","text":"Kdln","corrections":[{"start":0,"end":4,"replacement":"Köln","text":"x"}]}`, `"corrections" item 1: unknown field "text"`},
		{`{"id":"a","text":"Kdln","corrections":[{"start":"0","end":4,"replacement":"Köln"}]}`, `"corrections" item 1: field "start" is a string, not a number`},
		{`{"id":"a","text":"Kdln","corrected_text":"Kdln","entites":[{"start":0,"end":4,"label":"LOC"}]}`, `unknown field "entites" in folio's own form (misspelt?)`},
		// doccano's relation project, an unlabelled document: not folio's
		{`{"id":1,"text":"Kdln","entities":[],"relations":[],"Comments":[]}`, ``},
		{`{"id":"a","text":"Kdln","corrected_text":"Kdln","entities":[{"start":0,"end":4,"lable":"LOC"}]}`, `"entities" item 1 has no "label" field`},
		{`{"id":"a","text":"Kdln","corrected_text":"Kdln","marks":[{"begin":0,"end":4}]}`, `"marks" item 1 has no "start" field`},
		{`{"id":"a","text":"Kdln","corrected_text":"Kdln","status":"done","status_meta":{"who":"x"}}`, `"status_meta": unknown field "who"`},
	}
	for _, c := range cases {
		_, _, skip := decodeLine([]byte(c.line), "x:1", false)
		if c.want == "" && skip != "" || !strings.Contains(skip, c.want) {
			t.Errorf("%s:\n skipped %q, want %q", c.line, skip, c.want)
		}
	}
}

// TestJSONLDroppedFields: every field folio does not keep is reported as
// dropped, by name, and a tally adds them up for the summary.
func TestJSONLDroppedFields(t *testing.T) {
	g := readJSONLines(t,
		`{"text":"Ute Berg","spans":[{"start":0,"end":8,"label":"PER"}],"_input_hash":1,"_task_hash":2,"score":0.5}`,
		`{"text":"Ute Berg.","spans":[],"score":0.7,"answer":"reject","x":null}`,
		`{"text":"Köln","label":[[0,4,"LOC"]],"tags":["ocr"],"marks":[{"start":0,"end":1}]}`,
		`{"text":"Kdln","corrections":[{"start":0,"end":4,"replacement":"Köln","kind":"ocr"}],"hash":"abc","spans":[]}`,
		`{"text":"nix"`,
	)
	var tl Tally
	shown := 0
	for _, p := range g.probs {
		if tl.Add(p) {
			shown++
		}
	}
	if got, want := tl.Dropped(), `2 "score" fields, 1 "_input_hash" field, 1 "_task_hash" field, 1 "marks" field, 1 "spans" field`; got != want {
		t.Errorf("dropped = %q, want %q", got, want)
	}
	if tl.Docs != 1 || shown != 1 {
		t.Errorf("tally %+v, %d shown; want the bad line counted and shown, nothing else shown:\n%s", tl, shown, g.problemList())
	}
	if d := g.byID(t, ID("Köln")); len(d.Anns) != 2 {
		t.Errorf("doccano line with folio tags: %+v", d.Anns)
	}
}

func ptr(i int) *int { return &i }

func TestDecodeLineInvalidUTF8(t *testing.T) {
	d, probs, skip := decodeLine([]byte("{\"text\":\"F\xfcr\"}"), "x:1", false)
	if skip != "" || d.Text != "F\uFFFDr" {
		t.Fatalf("doc %+v, skip %q", d, skip)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "invalid UTF-8") || probs[0].Skipped || probs[0].Where != "x:1" {
		t.Errorf("problems = %+v", probs)
	}
}

func TestJSONLEmptyAndBOMFile(t *testing.T) {
	g := readFS(t, fstest.MapFS{
		"empty.jsonl": {Data: []byte("\n\n  \n")},
		"bom.jsonl":   {Data: []byte("\uFEFF{\"id\":\"b\",\"text\":\"mit BOM\"}\r\n{\"id\":\"c\",\"text\":\"CRLF\"}\r\n")},
		"bin.jsonl":   {Data: []byte("\x00\x01\x02")},
	}, ".")
	if want := []string{"b", "c"}; !reflect.DeepEqual(g.ids(), want) {
		t.Errorf("ids = %q, want %q", g.ids(), want)
	}
	g.expectProblem(t, "empty.jsonl", "empty file", true)
	g.expectProblem(t, "bin.jsonl", "binary file", true)
	if len(g.probs) != 2 {
		t.Errorf("problems:\n%s", g.problemList())
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 200<<10) // longer than the reader's buffer
	lr := newLineReader(strings.NewReader("a\r\n\n" + long + "\nlast"))
	var lines []string
	for {
		l, err := lr.next()
		if err != nil {
			break
		}
		lines = append(lines, string(l))
	}
	if want := []string{"a", "", long, "last"}; !reflect.DeepEqual(lines, want) || lr.n != 4 {
		t.Errorf("got %d lines (n=%d)", len(lines), lr.n)
	}
}

func TestJSONLBadSpanItems(t *testing.T) {
	g := readJSONLines(t,
		`{"id":"p","text":"Ute Berg","spans":[{"start":"x","end":3,"label":"PER"},{"start":0,"end":3,"label":"PER"},{"end":8,"label":"PER"}]}`,
		`{"id":"d","text":"Ute Berg","label":[[0.5,3,"PER"],[4,8,"PER"],[4,8,7]]}`,
		`{"id":"s","text":"Ute Berg","spans":"nein","label":{"a":1}}`,
	)
	if want := []string{"PER [0,3) Ute"}; !reflect.DeepEqual(entities(g.byID(t, "p")), want) {
		t.Errorf("prodigy entities = %q, want %q", entities(g.byID(t, "p")), want)
	}
	g.expectProblem(t, "data.jsonl:1", `"spans" item 1 is not a span`, true)
	g.expectProblem(t, "data.jsonl:1", `"spans" item 3 is not a span`, true)
	if want := []string{"PER [4,8) Berg"}; !reflect.DeepEqual(entities(g.byID(t, "d")), want) {
		t.Errorf("doccano entities = %q, want %q", entities(g.byID(t, "d")), want)
	}
	g.expectProblem(t, "data.jsonl:2", `"label" item 1 is not [start, end, label]: [0.5,3,"PER"]`, true)
	g.expectProblem(t, "data.jsonl:2", `"label" item 3 is not [start, end, label]`, true)
	if d := g.byID(t, "s"); len(d.Anns) != 0 {
		t.Errorf("s: %+v", d.Anns)
	}
	g.expectProblem(t, "data.jsonl:3", `"spans" is not a list of spans`, true)
	g.expectProblem(t, "data.jsonl:3", `"label" is not a list of [start, end, label]`, true)
}

// TestJSONLProdigyMeta: Prodigy keeps id and source in "meta"; folio's
// prodigy export adds the status and tags there too. The meta is kept
// whole (an import into the store it came from finds it within the
// document's: annot.MetaWithin).
func TestJSONLProdigyMeta(t *testing.T) {
	line := `{"text": "Ute Berg", "spans": [{"start": 0, "end": 8, "label": "PER"}], "meta": {"id": "doc-7", "source": "scan.pdf", "status": "done", "tags": ["ocr", "web"]}}`
	d, probs, why := decodeLine([]byte(line), "p.jsonl:1", false)
	if why != "" || len(probs) != 0 {
		t.Fatalf("skipped: %q %v", why, probs)
	}
	if d.ID != "doc-7" || d.Source != "scan.pdf" {
		t.Fatalf("id %q source %q", d.ID, d.Source)
	}
	kinds := map[annot.Kind][]string{}
	for _, a := range d.Anns {
		kinds[a.Kind] = append(kinds[a.Kind], a.Label+a.Value)
	}
	want := map[annot.Kind][]string{annot.KindEntity: {"PER"}, annot.KindStatus: {"done"}, annot.KindTag: {"ocr", "web"},
		annot.KindMeta: {`{"id":"doc-7","source":"scan.pdf","status":"done","tags":["ocr","web"]}`}}
	if !reflect.DeepEqual(kinds, want) {
		t.Fatalf("annotations %v", kinds)
	}
	// a top-level id wins over meta's
	d, _, _ = decodeLine([]byte(`{"id": "top", "text": "x", "meta": {"id": "m"}}`), "p.jsonl:2", false)
	if d.ID != "top" {
		t.Fatalf("id %q", d.ID)
	}
}

// TestJSONLSameIDSameText: several lines annotating one text (no id, or
// the same id) all pass, so their annotations join in the store.
func TestJSONLSameIDSameText(t *testing.T) {
	g := readFS(t, fstest.MapFS{"p.jsonl": {Data: []byte(
		`{"text": "Ute Berg in Köln", "spans": [{"start": 0, "end": 8, "label": "PER"}]}` + "\n" +
			`{"text": "Ute Berg in Köln", "spans": [{"start": 12, "end": 16, "label": "LOC"}]}` + "\n")}}, ".")
	if len(g.docs) != 2 || g.docs[0].ID != g.docs[1].ID || len(g.probs) != 0 {
		t.Fatalf("docs %+v problems %s", g.docs, g.problemList())
	}
}

// TestJSONLProdigyInterop reads the Prodigy files of ../shared/interop:
// no line is skipped, every span is an entity or a rejected suggestion,
// and what is not kept is named.
func TestJSONLProdigyInterop(t *testing.T) {
	dir := shared.Dir(t, "interop", "prodigy")
	g := &got{}
	if err := Read([]string{dir}, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	var tl Tally
	for _, p := range g.probs {
		if tl.Add(p) && p.Skipped {
			t.Errorf("%s", p)
		}
	}
	links := 0
	for _, d := range g.docs {
		links += len(d.External)
	}
	if len(g.docs) < 150 || links != 30 {
		t.Errorf("%d documents, %d entity links; want 150 or more and the 30 of emerson", len(g.docs), links)
	}
	for _, want := range []string{`"_input_hash" field`, `spans' "score" field`, `"options" field`} {
		if !strings.Contains(tl.Dropped(), want) {
			t.Errorf("dropped %q lacks %s", tl.Dropped(), want)
		}
	}
}

// TestJSONLRelations: doccano's and Prodigy's relations, and folio's own,
// come in linking the entities they name.
func TestJSONLRelations(t *testing.T) {
	g := readJSONLines(t,
		`{"id":"d","text":"Ute Berg in Köln","entities":[{"id":11,"label":"PER","start_offset":0,"end_offset":8},{"id":12,"label":"LOC","start_offset":12,"end_offset":16}],"relations":[{"id":1,"from_id":11,"to_id":12,"type":"lives_in"},{"id":2,"from_id":11,"to_id":99,"type":"x"}]}`,
		`{"id":"p","text":"Ute Berg in Köln","spans":[{"start":0,"end":8,"label":"PER"},{"start":12,"end":16,"label":"LOC"}],"relations":[{"head":1,"child":3,"head_span":{"start":0,"end":8,"label":"PER"},"child_span":{"start":12,"end":16,"label":"LOC"},"label":"lives_in","color":"#fff"}],"answer":"accept"}`,
		`{"id":"f","text":"Ute Berg in Köln","corrected_text":"Ute Berg in Köln","entities":[{"start":0,"end":8,"label":"PER"},{"start":12,"end":16,"label":"LOC"}],"relations":[{"from":0,"to":1,"label":"lives_in"}]}`,
		`{"id":"b","text":"Ute Berg in Köln","corrected_text":"Ute Berg in Köln","entities":[],"relations":[{"from":0,"to":1,"lable":"x"}]}`,
	)
	for _, id := range []string{"d", "p", "f"} {
		d := g.byID(t, id)
		ids := map[string]annot.Annotation{}
		for _, a := range d.Anns {
			if a.Kind == annot.KindEntity {
				ids[a.ID] = a
			}
		}
		var rels []string
		for _, a := range d.Anns {
			if a.Kind == annot.KindRelation {
				rels = append(rels, ids[a.From].Text+" "+a.Label+" "+ids[a.To].Text)
			}
		}
		if want := []string{"Ute Berg lives_in Köln"}; !reflect.DeepEqual(rels, want) {
			t.Errorf("%s: relations %q, want %q", id, rels, want)
		}
		if err := annot.Validate(d.Anns, annot.Runes(d.Text)); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	g.expectProblem(t, "data.jsonl:1", "links id:99, which is not an imported entity", true)
	g.expectProblem(t, "data.jsonl:4", `"relations" item 1 has no "label" field`, true)
}

// TestPrettyJSONL: a .jsonl file of objects spread over lines (doccano's
// relation export example) is read object by object, not skipped line by
// line.
func TestPrettyJSONL(t *testing.T) {
	data := "{\n  \"id\": 1,\n  \"text\": \"Ute in Köln\",\n  \"entities\": [\n    {\"id\": 5, \"label\": \"PER\", \"start_offset\": 0, \"end_offset\": 3},\n    {\"id\": 6, \"label\": \"LOC\", \"start_offset\": 7, \"end_offset\": 11}\n  ],\n  \"relations\": [{\"id\": 1, \"from_id\": 5, \"to_id\": 6, \"type\": \"in\"}]\n}\n{\"id\": 2, \"text\": \"zwei\"}\n{ kaputt"
	g := readFS(t, fstest.MapFS{"p.jsonl": {Data: []byte(data)}}, "p.jsonl")
	if got := g.ids(); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Fatalf("ids %q\n%s", got, g.problemList())
	}
	if n := len(g.byID(t, "1").Anns); n != 3 {
		t.Errorf("%d annotations, want 2 entities and a relation", n)
	}
	g.expectProblem(t, "p.jsonl", "read as JSON objects one after another", false)
	g.expectProblem(t, "p.jsonl: object 3", "not JSON", true)
}

// TestJSONLProdigyReviewVersions: a task Prodigy's review recipe wrote is
// the reviewer's answer, the document's own annotations; with layers each
// of its versions is the answer of every session it lists (of its
// "_annotator_id" without them), and a version of another text or of no
// one is skipped; without layers the versions are dropped, and said so.
func TestJSONLProdigyReviewVersions(t *testing.T) {
	line := `{"text":"Kolja fuhr nach Wesel","spans":[{"start":0,"end":5,"label":"PER"},{"start":16,"end":21,"label":"LOC"}],"answer":"accept","_annotator_id":"rev","sessions":["ds-a","ds-b"],"versions":[` +
		`{"text":"Kolja fuhr nach Wesel","spans":[{"start":0,"end":5,"label":"PER"},{"start":16,"end":21,"label":"ORG"}],"answer":"accept","sessions":["ds-a","ds-b"],"_annotator_id":"ds-a","default":true},` +
		`{"text":"Kolja fuhr nach Wesel","spans":[{"start":16,"end":21,"label":"LOC"}],"answer":"reject","_annotator_id":"ds-c"},` +
		`{"text":"Kolja fuhr nach Xanten","spans":[],"answer":"accept","_annotator_id":"ds-d"},` +
		`{"text":"Kolja fuhr nach Wesel","spans":[],"answer":"accept"}]}`
	summary := func(anns []annot.Annotation) string {
		var out []string
		for _, a := range anns {
			out = append(out, fmt.Sprintf("%s %s %s by %s", a.Kind, a.Span(), a.Label, a.Author))
		}
		return strings.Join(out, ", ")
	}
	d, probs, why := decodeLine([]byte(line), "r.jsonl:1", true)
	if why != "" {
		t.Fatal(why)
	}
	if got, want := summary(d.Anns), "status [0,0) done by rev, entity [0,5) PER by rev, entity [16,21) LOC by rev"; got != want {
		t.Errorf("the reviewed task: %s, want %s", got, want)
	}
	var answers []string
	for _, a := range d.Answers {
		answers = append(answers, a.Annotator+": "+summary(a.Anns))
	}
	if want := []string{
		"ds-a: status [0,0) done by ds-a, entity [0,5) PER by ds-a, entity [16,21) ORG by ds-a",
		"ds-b: status [0,0) done by ds-b, entity [0,5) PER by ds-b, entity [16,21) ORG by ds-b",
		"ds-c: status [0,0) rejected by ds-c, rejected [16,21) entity by ds-c",
	}; !slices.Equal(answers, want) {
		t.Errorf("the versions' answers:\n%s\nwant\n%s", strings.Join(answers, "\n"), strings.Join(want, "\n"))
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Msg)
	}
	for _, want := range []string{
		`"versions" item 3: its text is not the task's; not kept`,
		`"versions" item 4: it names no annotator ("sessions", "_annotator_id"); not kept`,
		`"versions" item 1: field "default" is not kept`,
	} {
		if !slices.Contains(msgs, want) {
			t.Errorf("no problem %q in %q", want, msgs)
		}
	}

	d, probs, _ = decodeLine([]byte(line), "r.jsonl:1", false)
	if len(d.Answers) != 0 || len(d.Anns) != 3 {
		t.Errorf("without layers: anns %s, answers %+v", summary(d.Anns), d.Answers)
	}
	var tl Tally
	for _, p := range probs {
		tl.Add(p)
	}
	if !strings.Contains(tl.Dropped(), `4 "versions" annotator versions`) {
		t.Errorf("dropped %q", tl.Dropped())
	}
}
