package corpus

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"folio/annot"
)

// inceptionTSV is a WebAnno TSV 3 file of the sentence "Anna Berg wohnt
// in Köln." with a named entity on each of the words given ("Anna Berg"
// one entity over two words).
func inceptionTSV(labels map[string]string) string {
	words := []struct {
		w          string
		start, end int
	}{{"Anna", 0, 4}, {"Berg", 5, 9}, {"wohnt", 10, 15}, {"in", 16, 18}, {"Köln", 19, 23}, {".", 23, 24}}
	var b strings.Builder
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n\n\n#Text=Anna Berg wohnt in Köln.\n")
	for i, w := range words {
		v := "_"
		switch l := labels[w.w]; {
		case l != "" && (w.w == "Anna" || w.w == "Berg"):
			v = l + "[1]"
		case l != "":
			v = l
		}
		fmt.Fprintf(&b, "1-%d\t%d-%d\t%s\t%s\t\n", i+1, w.start, w.end, w.w, v)
	}
	return b.String()
}

// An INCEpTION project export, unzipped: each document's annotators'
// files are their answers, INITIAL_CAS the document's own annotations
// (left out where a curator's version replaces them), CURATION_USER the
// curated ones; the rest of the project is not read, and said so once.
func TestInceptionProject(t *testing.T) {
	fsys := fstest.MapFS{
		"proj/exportedproject1.json":                      {Data: []byte(`{"name":"ner"}`)},
		"proj/source/bericht.txt":                         {Data: []byte("Anna Berg wohnt in Köln.")},
		"proj/annotation/bericht.txt/INITIAL_CAS.tsv":     {Data: []byte(inceptionTSV(map[string]string{"Köln": "LOC"}))},
		"proj/annotation/bericht.txt/alice.tsv":           {Data: []byte(inceptionTSV(map[string]string{"Anna": "PER", "Berg": "PER", "Köln": "LOC"}))},
		"proj/annotation/bericht.txt/bob.tsv":             {Data: []byte(inceptionTSV(map[string]string{"Köln": "ORG"}))},
		"proj/annotation/bericht.txt/carol.xmi":           {Data: []byte("<xmi/>")},
		"proj/annotation/notiz.txt/INITIAL_CAS.tsv":       {Data: []byte(inceptionTSV(map[string]string{"Köln": "LOC"}))},
		"proj/annotation/notiz.txt/alice.tsv":             {Data: []byte(inceptionTSV(nil))},
		"proj/curation/bericht.txt/CURATION_USER.tsv":     {Data: []byte(inceptionTSV(map[string]string{"Anna": "PER", "Berg": "PER", "Köln": "ORG"}))},
		"proj/annotation_ser/bericht.txt/alice.ser":       {Data: []byte{0xac, 0xed}},
		"proj/curation_ser/bericht.txt/CURATION_USER.ser": {Data: []byte{0xac, 0xed}},
		"proj/log/project.log":                            {Data: []byte("x")},
		"other/plain.txt":                                 {Data: []byte("Ein Text für sich.")},
		"other/annotation/ein.txt":                        {Data: []byte("Kein Projekt: ein Ordner, der so heißt.")},
	}
	// with --layers
	g := &got{}
	r := newReader(g.doc, g.problem)
	r.setLimits(Options{Layers: true})
	r.fsys = fsys
	if err := r.tree(".", func(rel string) string { return rel }); err != nil {
		t.Fatal(err)
	}
	// "label text" of each of anns, sorted
	labels := func(anns []annot.Annotation) []string {
		var out []string
		for _, a := range anns {
			if a.Kind == annot.KindEntity {
				out = append(out, a.Label+" "+a.Text)
			}
		}
		slices.Sort(out)
		return out
	}
	type record struct {
		anns    []string
		answers map[string][]string
	}
	var recs []record
	for _, d := range g.docs {
		if d.ID != "proj/bericht" {
			continue
		}
		r := record{anns: labels(d.Anns), answers: map[string][]string{}}
		for _, a := range d.Answers {
			r.answers[a.Annotator] = labels(a.Anns)
		}
		recs = append(recs, r)
	}
	want := []record{
		// INITIAL_CAS sorts first; the curator saw its LOC: it is left
		{anns: nil, answers: map[string][]string{}},
		{answers: map[string][]string{"alice": {"LOC Köln", "PER Anna Berg"}}},
		{answers: map[string][]string{"bob": {"ORG Köln"}}},
		{anns: []string{"ORG Köln", "PER Anna Berg"}, answers: map[string][]string{}},
	}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("proj/bericht's records:\n got %v\nwant %v", recs, want)
	}
	// without a curator, the document keeps what it began with; an
	// annotator who annotated nothing has no answer
	var notiz [][]string
	for _, d := range g.docs {
		if d.ID == "proj/notiz" {
			notiz = append(notiz, labels(d.Anns))
			if len(d.Answers) != 0 {
				t.Errorf("proj/notiz: answers %+v", d.Answers)
			}
		}
	}
	if fmt.Sprint(notiz) != "[[LOC Köln] []]" {
		t.Errorf("proj/notiz's records: %v", notiz)
	}
	if ids := g.ids(); slices.Contains(ids, "proj/source/bericht") || !slices.Contains(ids, "other/plain") || !slices.Contains(ids, "other/annotation/ein") {
		t.Errorf("ids %q: want the project's documents by name, its source left, and a folder that is no project read as any", ids)
	}
	g.expectProblem(t, "proj/annotation/bericht.txt/carol.xmi", "export the project with that format", true)
	g.expectProblem(t, "proj", "an INCEpTION project export: its documents are read from annotation/ and curation/; not read: annotation_ser/; curation_ser/; exportedproject1.json; log/; source/", false)
}

// Without --layers, the annotators' files of a document with a curated
// version are left out (merged into it, they would undo the curation),
// and said so; those of a document without one are read.
func TestInceptionProjectCurated(t *testing.T) {
	fsys := fstest.MapFS{
		"proj/exportedproject1.json":                  {Data: []byte(`{}`)},
		"proj/annotation/bericht.txt/INITIAL_CAS.tsv": {Data: []byte(inceptionTSV(nil))},
		"proj/annotation/bericht.txt/bob.tsv":         {Data: []byte(inceptionTSV(map[string]string{"Köln": "ORG"}))},
		"proj/annotation/notiz.txt/bob.tsv":           {Data: []byte(inceptionTSV(map[string]string{"Köln": "ORG"}))},
		"proj/curation/bericht.txt/CURATION_USER.tsv": {Data: []byte(inceptionTSV(map[string]string{"Köln": "LOC"}))},
	}
	g := readFS(t, fsys, ".")
	var answered []string
	for _, d := range g.docs {
		for _, a := range d.Answers {
			answered = append(answered, d.ID+" "+a.Annotator)
		}
	}
	if !slices.Equal(answered, []string{"proj/notiz bob"}) {
		t.Errorf("answers read: %q, want only those of the document without a curated version", answered)
	}
	g.expectProblem(t, "proj", "1 annotators' files of documents with a curated version are left out", false)
}
