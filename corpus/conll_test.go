package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"folio/annot"
	"folio/internal/shared"
)

// ents lists a document's entities as "LABEL text".
func ents(d Doc) []string {
	var out []string
	for _, a := range annot.Sorted(d.Anns) {
		if a.Kind == annot.KindEntity {
			out = append(out, a.Label+" "+a.Text)
		}
	}
	return out
}

func TestCoNLLForms(t *testing.T) {
	cases := []struct {
		name, file, data string
		ids              []string
		text             string // of the first document
		ents             []string
		scheme           string
	}{
		{"conll2003 iob2", "a.conll",
			"-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n. . O O\n\n-DOCSTART- -X- O O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n",
			[]string{"a/1", "a/2"}, "EU rejects German call.", []string{"ORG EU", "MISC German"}, ""},
		{"iob1", "b.conll",
			"U.N. NNP I-NP I-ORG\nofficial NN I-NP O\nEkeus NNP I-NP I-PER\nI NNP I-NP I-PER\nB NNP I-NP B-PER\n( ( O O\nBaghdad NNP I-NP I-LOC\n) ) O O\n",
			[]string{"b"}, "U.N. official Ekeus I B (Baghdad)", []string{"ORG U.N.", "PER Ekeus I", "PER B", "LOC Baghdad"}, "IOB1"},
		{"bioes", "c.iob",
			"Sebastian\tS-PER\n\nNew\tB-LOC\nYork\tE-LOC\nCity\tU-LOC\nand\tO\nA\tB-ORG\nB\tI-ORG\nC\tL-ORG\n",
			[]string{"c"}, "Sebastian\nNew York City and A B C", []string{"PER Sebastian", "LOC New York", "LOC City", "ORG A B C"}, "BIOES"},
		{"germeval nested", "d.conll",
			"#\thttp://example.org [2009]\n1\tDas\tO\tO\n2\t„\tO\tO\n3\tTroia\tB-OTH\tB-LOC\n4\t-\tI-OTH\tO\n5\tTraum\tI-OTH\tO\n6\t“\tO\tO\n7\t.\tO\tO\n",
			[]string{"d"}, "Das „Troia - Traum“.", []string{"LOC Troia", "OTH Troia - Traum"}, ""},
		{"conllu with NER in MISC", "e.conllu",
			"# newdoc id = doc-1\n# text = I haven't a clue in Köln.\n1\tI\tI\tPRON\t_\t_\t0\t_\t_\t_\n2-3\thaven't\t_\t_\t_\t_\t_\t_\t_\t_\n2\thave\thave\t_\t_\t_\t0\t_\t_\tNE=B-ORG\n3\tnot\tnot\t_\t_\t_\t0\t_\t_\tNE=I-ORG\n4\ta\ta\t_\t_\t_\t0\t_\t_\t_\n4.1\tx\tx\t_\t_\t_\t_\t_\t_\t_\n5\tclue\tclue\t_\t_\t_\t0\t_\t_\t_\n6\tin\tin\t_\t_\t_\t0\t_\t_\t_\n7\tKöln\tKöln\t_\t_\t_\t0\t_\t_\tNE=B-LOC|SpaceAfter=No\n8\t.\t.\t_\t_\t_\t0\t_\t_\t_\n",
			[]string{"doc-1"}, "I haven't a clue in Köln.", []string{"ORG haven't", "LOC Köln"}, ""},
		{"token #", "f.conll", "# NN O\nx NN B-X\n", []string{"f"}, "# x", []string{"X x"}, ""},
		{"sentence per line, iob2 with POS", "g.iob",
			"Anna|NNP|B-PER Weber|NNP|I-PER wohnt|VBZ|O in|IN|O Köln|NNP|B-LOC .|.|O\nSie|PRP|O lacht|VBZ|O .|.|O\n",
			[]string{"g"}, "Anna Weber wohnt in Köln.\nSie lacht.", []string{"PER Anna Weber", "LOC Köln"}, ""},
		{"sentence per line, iob1", "h.iob",
			"Anna|I-PER Weber|I-PER und|O Bo|I-PER\n", []string{"h"}, "Anna Weber und Bo", []string{"PER Anna Weber", "PER Bo"}, "IOB1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := readFS(t, fstest.MapFS{c.file: {Data: []byte(c.data)}}, c.file)
			if !reflect.DeepEqual(g.ids(), c.ids) {
				t.Fatalf("ids %q, want %q\n%s", g.ids(), c.ids, g.problemList())
			}
			d := g.docs[0]
			if d.Text != c.text {
				t.Errorf("text %q, want %q", d.Text, c.text)
			}
			if got := ents(d); !reflect.DeepEqual(got, c.ents) {
				t.Errorf("entities %q, want %q\n%s", got, c.ents, g.problemList())
			}
			if c.scheme != "" {
				g.expectProblem(t, c.file, "entity tags read as "+c.scheme, false)
			}
		})
	}
}

// TestCoNLLInterop reads the CoNLL files of ../shared/interop/conll: the
// entities land on the right words.
func TestCoNLLInterop(t *testing.T) {
	dir := shared.Dir(t, "interop", "conll")
	cases := []struct {
		file string
		ents []string
	}{
		{"ner-token-per-line-conll2003.iob", []string{"PERSON Sebastian Thrun", "ORG Google", "DATE 2007", "NORP American", "PERSON Thrun", "ORG Recode", "DATE earlier this week"}},
		{"en-orig.iob1.conll", []string{"ORG U.N.", "PER Ekeus", "LOC Baghdad"}},
		{"germeval2014_test.conll", []string{"LOC Stuttgart", "LOC Braunschweig", "LOC Bonn", "LOCpart Troia-Ausstellung", "OTH Troia - Traum und Wirklichkeit", "LOC Troia"}},
	}
	for _, c := range cases {
		var docs []Doc
		var probs []string
		err := Read([]string{filepath.Join(dir, c.file)}, func(d Doc) error { docs = append(docs, d); return nil },
			func(p Problem) { probs = append(probs, p.String()) })
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %v, %d docs", c.file, err, len(docs))
		}
		var got []string
		for _, a := range docs[0].Anns {
			if a.Kind == annot.KindEntity {
				got = append(got, a.Label+" "+a.Text)
			}
		}
		if !reflect.DeepEqual(got, c.ents) {
			t.Errorf("%s: entities %q, want %q\n%s", c.file, got, c.ents, strings.Join(probs, "\n"))
		}
	}
	// spaCy's example data: sentence per line (WORD|POS|TAG) and token
	// per line, with and without POS, give the same text and entities
	spacyEnts := []string{"PERSON Sebastian Thrun", "ORG Google", "DATE 2007", "NORP American", "PERSON Thrun", "ORG Recode", "DATE earlier this week"}
	for _, f := range []string{"ner-sent-per-line.iob", "ner-token-per-line.iob", "ner-token-per-line-with-pos.iob"} {
		g := readFS(t, os.DirFS(shared.Dir(t, "interop", "spacy", "example_data")), f)
		if len(g.docs) != 1 {
			t.Fatalf("%s: %d docs\n%s", f, len(g.docs), g.problemList())
		}
		if got := ents(g.docs[0]); !reflect.DeepEqual(got, spacyEnts) {
			t.Errorf("%s: entities %q, want %q\n%s", f, got, spacyEnts, g.problemList())
		}
		if !strings.HasPrefix(g.docs[0].Text, "When Sebastian Thrun started") {
			t.Errorf("%s: text %.40q", f, g.docs[0].Text)
		}
	}
	// CoNLL-U without NER: the text, multiword tokens and empty nodes
	var docs []Doc
	if err := Read([]string{filepath.Join(dir, "conllu")}, func(d Doc) error { docs = append(docs, d); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, d := range docs {
		texts = append(texts, strings.SplitN(d.Text, "\n", 2)[0])
	}
	for _, want := range []string{"They buy and sell books.", "Slovenská ústava: pro i proti", "Sue likes coffee and Bill tea"} {
		if !strings.Contains(strings.Join(texts, "|"), want) {
			t.Errorf("CoNLL-U first lines %q lack %q", texts, want)
		}
	}
}

// FuzzCoNLL reads arbitrary CoNLL input: no panic, and every entity kept
// lies in its document's text and covers what it says.
func FuzzCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nx y I-PER\n")
	f.Add("1\tI\tI\t_\t_\t_\t0\t_\t_\tNE=B-ORG\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\t_\t_\t_\t_\t_\t_\t_\tNE=I-ORG\n")
	f.Add("#\tc\n1\tA\tB-X\tS-Y\n2\tB\tE-X\tO\n\n\"\tO\nq\tU-Z\n\"\tO\n")
	f.Fuzz(func(t *testing.T, data string) {
		g := &got{}
		err := ReadFS(fstest.MapFS{"x.conll": {Data: []byte(data)}}, "x.conll", g.doc, g.problem)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range g.docs {
			if !utf8.ValidString(d.Text) {
				t.Fatalf("invalid UTF-8 text %q", d.Text)
			}
			ix := annot.NewIndex(d.Text)
			for _, a := range d.Anns {
				if err := annot.Check(a, ix.Len()); err != nil {
					t.Fatalf("kept %+v: %v", a, err)
				}
				if ix.Slice(a.Span()) != a.Text {
					t.Fatalf("%+v covers %q", a, ix.Slice(a.Span()))
				}
			}
		}
	})
}

// TestCoNLLSentencePerLineReports: POS tags are counted as dropped, and a
// line of piped fields that is no sentence-per-line IOB is refused, never
// read as a token tagged with its last field.
func TestCoNLLSentencePerLineReports(t *testing.T) {
	data := "Ida|NNP|B-PER schläft|VBZ|O\nIda|NNP|X|B-PER schläft|VBZ|O\nOle|I-PER ruft|O\n"
	g := readFS(t, fstest.MapFS{"s.iob": {Data: []byte(data)}}, "s.iob")
	if len(g.docs) != 1 || g.docs[0].Text != "Ida schläft\nOle ruft" {
		t.Fatalf("docs %+v\n%s", g.docs, g.problemList())
	}
	if got := ents(g.docs[0]); !reflect.DeepEqual(got, []string{"PER Ida", "PER Ole"}) {
		t.Errorf("entities %q", got)
	}
	g.expectProblem(t, "s.iob:2", "not a sentence-per-line IOB line", true)
	var pos int
	for _, p := range g.probs {
		if p.Dropped == "POS or chunk tag" {
			pos += p.count()
		}
	}
	if pos != 2 {
		t.Errorf("%d POS tags reported dropped, want 2\n%s", pos, g.problemList())
	}
	// a file whose every line is piped but none a sentence: refused
	g = readFS(t, fstest.MapFS{"u.iob": {Data: []byte("a|b|c|O d|e|f|O\n")}}, "u.iob")
	if len(g.docs) != 0 {
		t.Errorf("docs %+v, want none", g.docs)
	}
	g.expectProblem(t, "u.iob:1", "not a sentence-per-line IOB line", true)
}

// TestCoNLLNumbered: the documents of a file that gives them no id, each
// after a "-DOCSTART-" line (folio's conll export), are Numbered, so that
// an import matches them by their text; a document named by "# newdoc id"
// and the one document of a file without markers, whose id is its name,
// are not.
func TestCoNLLNumbered(t *testing.T) {
	for _, tc := range []struct {
		file, data string
		ids        []string
		numbered   []bool
	}{
		{"a.conll", "-DOCSTART- -X- O O\n\nUte B-PER\n\n-DOCSTART- -X- O O\n\nBonn B-LOC\n", []string{"a/1", "a/2"}, []bool{true, true}},
		{"b.conll", "Ute B-PER\nwohnt O\n", []string{"b"}, []bool{false}},
		{"c.conllu", "# newdoc id = x\n1\tUte\tUte\tPROPN\t_\t_\t0\troot\t_\t_\n\n# newdoc id = y\n1\tBonn\tBonn\tPROPN\t_\t_\t0\troot\t_\t_\n", []string{"x", "y"}, []bool{false, false}},
		{"d.conll", "# newdoc\nUte B-PER\n\n# newdoc id = y\nBonn B-LOC\n", []string{"d/1", "y"}, []bool{true, false}},
	} {
		g := readFS(t, fstest.MapFS{tc.file: {Data: []byte(tc.data)}}, tc.file)
		var numbered []bool
		for _, d := range g.docs {
			numbered = append(numbered, d.Numbered)
		}
		if !reflect.DeepEqual(g.ids(), tc.ids) || !reflect.DeepEqual(numbered, tc.numbered) {
			t.Errorf("%s: ids %q numbered %v, want %q %v\n%s", tc.file, g.ids(), numbered, tc.ids, tc.numbered, g.problemList())
		}
	}
}

// TestCoNLLTokens: the tokens, sentences and sentence comments of the
// CoNLL files of ../shared/interop/conll are kept (annot.KindTokens) as
// the files have them, though the text puts no space in "wasn’t" and
// folio's own tokenizer would cut "2001/2002".
func TestCoNLLTokens(t *testing.T) {
	dir := shared.Dir(t, "interop", "conll")
	for _, c := range []struct {
		file     string
		some     []string // tokens, in order, one after the other
		sents    int
		comments []annot.SentenceComments
	}{
		{"germeval2014_test.conll", []string{"fand", "2001/2002", "in"}, 1,
			[]annot.SentenceComments{{Sentence: 0, Lines: []string{"#\thttp://de.wikipedia.org/wiki/Manfred_Korfmann [2009-10-17]"}}}},
		{"ner-token-per-line-conll2003.iob", []string{"was", "n’t", "worth"}, 2, nil},
		{"conllu/u_v2/conllu-multiple_document_IDs.conllu", []string{"Slovenská", "ústava", ":"}, 2, []annot.SentenceComments{
			{Sentence: 0, Lines: []string{"# newpar id = mf920901-001-p1", "# sent_id = mf920901-001-p1s1A", "# text = Slovenská ústava: pro i proti", "# text_en = Slovak constitution: pros and cons"}},
			{Sentence: 1, Lines: []string{"# sent_id = mf920901-001-p1s2", "# text = Slovenská ústava: pro i proti", "# text_en = Slovak constitution: pros and cons"}}}},
	} {
		var docs []Doc
		if err := Read([]string{filepath.Join(dir, c.file)}, func(d Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) == 0 {
			t.Fatalf("%s: %v", c.file, err)
		}
		d := docs[0]
		i := slices.IndexFunc(d.Anns, func(a annot.Annotation) bool { return a.Kind == annot.KindTokens })
		if i < 0 {
			t.Errorf("%s: no tokens kept", c.file)
			continue
		}
		rec, err := annot.ParseTokens(d.Anns[i].Value)
		if err != nil || !rec.For(annot.Hash(d.Text)) {
			t.Fatalf("%s: %v, %+v not for the text", c.file, err, rec)
		}
		var toks []string
		for _, sp := range rec.Spans(d.Text) {
			toks = append(toks, annot.Slice(d.Text, sp))
		}
		if k := slices.Index(toks, c.some[0]); k < 0 || k+len(c.some) > len(toks) || !slices.Equal(toks[k:k+len(c.some)], c.some) {
			t.Errorf("%s: tokens %q, want %q among them", c.file, toks, c.some)
		}
		if len(rec.Sentences) != c.sents || !reflect.DeepEqual(rec.Comments, c.comments) {
			t.Errorf("%s: %d sentences, comments %+v; want %d, %+v", c.file, len(rec.Sentences), rec.Comments, c.sents, c.comments)
		}
	}
}
