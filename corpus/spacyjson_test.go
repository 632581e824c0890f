package corpus

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"folio/annot"
	"folio/internal/shared"
)

// spacyDocs is a file of spaCy's JSON training format: a document whose
// tokens give their whitespace, with BILUO tags, a category and fields
// folio does not read, and one of two paragraphs without tokens, whose
// raw text brings its entities.
const spacyDocs = `[
 {"id": 0, "paragraphs": [{"raw": "Ute Berg lebt in Köln.", "cats": [{"label": "BIO", "value": 1.0}, {"label": "NEWS", "value": 0.0}],
   "sentences": [{"brackets": [], "tokens": [
    {"id": 0, "orth": "Ute", "space": " ", "tag": "NE", "head": 1, "dep": "pnc", "ner": "B-PER"},
    {"id": 1, "orth": "Berg", "space": " ", "tag": "NE", "head": 1, "dep": "sb", "ner": "L-PER"},
    {"id": 2, "orth": "lebt", "space": " ", "tag": "VVFIN", "ner": "O"},
    {"id": 3, "orth": "in", "space": " ", "tag": "APPR", "ner": "-"},
    {"id": 4, "orth": "Köln", "space": "", "tag": "NE", "ner": "U-LOC"},
    {"id": 5, "orth": ".", "space": "", "tag": "$.", "ner": "O"}]}]}]},
 {"id": 0, "paragraphs": [
   {"raw": "Erster Absatz über Bonn.", "entities": [[19, 23, "LOC"], [5, 99, "X"]]},
   {"raw": "Zweiter über Ute.", "entities": [[13, 16, "PER"]], "links": []}]}
]`

func TestSpacyJSON(t *testing.T) {
	g := readFS(t, fstest.MapFS{"train.json": {Data: []byte(spacyDocs)}}, "train.json")
	if got := g.ids(); !slices.Equal(got, []string{"train/1", "train/2"}) {
		t.Fatalf("ids %q\n%s", got, g.problemList())
	}
	anns := func(d Doc) string {
		var out []string
		for _, a := range d.Anns {
			if a.Kind != annot.KindTokens { // the tokens have a test of their own
				out = append(out, fmt.Sprintf("%s:%s:%s", a.Kind, a.Label, a.Text))
			}
		}
		return strings.Join(out, " ")
	}
	d := g.byID(t, "train/1")
	if d.Text != "Ute Berg lebt in Köln." {
		t.Errorf("text %q: the tokens' whitespace is the text's", d.Text)
	}
	if got, want := anns(d), "entity:PER:Ute Berg entity:LOC:Köln tag:BIO:"; got != want {
		t.Errorf("annotations %s, want %s", got, want)
	}
	if d.Source != "train.json: document 1" {
		t.Errorf("source %q", d.Source)
	}
	d = g.byID(t, "train/2")
	if d.Text != "Erster Absatz über Bonn.\n\nZweiter über Ute." {
		t.Errorf("text %q: paragraphs are parted by a blank line", d.Text)
	}
	if got, want := anns(d), "entity:LOC:Bonn entity:PER:Ute"; got != want {
		t.Errorf("annotations %s, want %s", got, want)
	}
	for _, d := range g.docs {
		if err := annot.Validate(d.Anns, annot.Runes(d.Text)); err != nil {
			t.Errorf("%s: %v", d.ID, err)
		}
	}
	g.expectProblem(t, "train.json: document 2, paragraph 1", "entity 2 is not [start, end, label] within the text", true)
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	for _, want := range []string{`6 token "tag" fields`, `2 token "head" fields`, `2 token "dep" fields`, `1 sentence "brackets" field`, `1 paragraph "links" field`} {
		if !strings.Contains(tl.Dropped(), want) {
			t.Errorf("dropped %q lacks %s", tl.Dropped(), want)
		}
	}
	if strings.Contains(tl.Dropped(), `"id"`) || strings.Contains(tl.Dropped(), `"space"`) {
		t.Errorf("dropped %q names a field that is read", tl.Dropped())
	}
}

// TestSpacyJSONOne: a file of one document (not a list) gives it the
// file's id; without "space" the text is rebuilt as CoNLL's is, and tags
// in IOB run no further than their sentence.
func TestSpacyJSONOne(t *testing.T) {
	g := readFS(t, fstest.MapFS{"one.json": {Data: []byte(`{"id": 3, "paragraphs": [{"sentences": [
		{"tokens": [{"orth": "Ute", "ner": "B-PER"}, {"orth": "Berg", "ner": "I-PER"}]},
		{"tokens": [{"orth": "Berg", "ner": "I-PER"}, {"orth": "!", "ner": "O"}]}]}]}`)}}, "one.json")
	d := g.byID(t, "one")
	if d.Text != "Ute Berg\nBerg!" {
		t.Errorf("text %q", d.Text)
	}
	var texts []string
	for _, e := range ents(d) {
		texts = append(texts, strings.SplitN(e, " ", 2)[1])
	}
	if !slices.Equal(texts, []string{"Ute Berg", "Berg"}) {
		t.Errorf("entities %q: one a sentence", texts)
	}
}

// TestSpacyJSONInterop: spaCy's own example (the CoNLL-2003 sample as
// spaCy 2 JSON) gives the entities its .iob copy gives.
func TestSpacyJSONInterop(t *testing.T) {
	dir := shared.Dir(t, "interop", "spacy", "example_data")
	read := func(name string) Doc {
		g := &got{}
		if err := Read([]string{filepath.Join(dir, name)}, g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
		if len(g.docs) != 1 {
			t.Fatalf("%s: %d documents\n%s", name, len(g.docs), g.problemList())
		}
		for _, p := range g.probs {
			if p.Skipped && !p.Part {
				t.Errorf("%s: %s", name, p)
			}
		}
		return g.docs[0]
	}
	js, iob := read("ner-token-per-line-conll2003.json"), read("ner-token-per-line.iob")
	if got, want := ents(js), ents(iob); len(got) != 7 || !slices.Equal(got, want) {
		t.Errorf("spaCy JSON entities %q, the .iob's %q", got, want)
	}
}

// TestSpacyJSONEdges: spaCy 2's own export (a "raw" text and tokens
// without "space") keeps the raw text; a "space" that is not whitespace
// is reported and the text rebuilt; a document skipped in a list does not
// shift the ids of those after it; problems name the document.
func TestSpacyJSONEdges(t *testing.T) {
	const data = `[
	 {"id": 0, "paragraphs": [{"raw": "Self-driving cars (at Google) cost $5.", "sentences": [{"tokens": [
	   {"orth": "Self"}, {"orth": "-"}, {"orth": "driving"}, {"orth": "cars"}, {"orth": "("}, {"orth": "at"},
	   {"orth": "Google", "ner": "U-ORG"}, {"orth": ")"}, {"orth": "cost"}, {"orth": "$", "ner": "B-MONEY"}, {"orth": "5", "ner": "L-MONEY"}, {"orth": "."}]}]}]},
	 {"id": 0, "paragraphs": []},
	 {"id": 0, "paragraphs": [{"sentences": [{"tokens": [
	   {"orth": "Ute", "space": true, "ner": "B-PER"}, {"orth": "Berg", "space": "\u001b[0m ", "ner": "L-PER"}, {"orth": "lacht", "space": ""}]}]}]}
	]`
	g := readFS(t, fstest.MapFS{"e.json": {Data: []byte(data)}}, "e.json")
	if got := g.ids(); !slices.Equal(got, []string{"e/1", "e/3"}) {
		t.Fatalf("ids %q: numbered by place\n%s", got, g.problemList())
	}
	g.expectProblem(t, "e.json: document 2", "no tokens and no text", true)
	d := g.byID(t, "e/1")
	if d.Text != "Self-driving cars (at Google) cost $5." {
		t.Errorf("text %q: spaCy's raw text", d.Text)
	}
	if got := ents(d); !slices.Equal(got, []string{"ORG Google", "MONEY $5"}) {
		t.Errorf("entities %q", got)
	}
	d = g.byID(t, "e/3")
	if d.Text != "Ute Berg lacht" || d.Source != "e.json: document 3" {
		t.Errorf("text %q, source %q: rebuilt, the escape left out", d.Text, d.Source)
	}
	g.expectProblem(t, "e.json: document 3, paragraph 1", `"space" is not whitespace`, false)
}
