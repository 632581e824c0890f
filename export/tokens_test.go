package export

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/annot"
	"folio/corpus"
	"folio/internal/shared"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Köln-Mülheim, 05.09.2019: 1.000,50 €.", []string{"Köln-Mülheim", ",", "05.09.2019", ":", "1.000,50", "€", "."}},
		{"geht's und geht’s", []string{"geht's", "und", "geht’s"}},
		{"Chinesisch-\nDeutschen", []string{"Chinesisch", "-", "Deutschen"}},
		{"Wirt\u00adschaft", []string{"Wirt\u00adschaft"}},
		{"25.-26.08.2019", []string{"25", ".", "-", "26.08.2019"}},
		{"„Ja.“ -x x- a--b", []string{"„", "Ja", ".", "“", "-", "x", "x", "-", "a", "-", "-", "b"}},
		{"e\u0301te Zoe\u0308", []string{"e\u0301te", "Zoe\u0308"}},
		{"👩\u200d👩\u200d👧! 🇩🇪🎉x", []string{"👩\u200d👩\u200d👧", "!", "🇩🇪", "🎉", "x"}},
		{"北京市長 in 東京", []string{"北", "京", "市", "長", "in", "東", "京"}},
		{"𝔘𝔫𝔦 2.0", []string{"𝔘𝔫𝔦", "2.0"}},
		{"a\u00a0b\x00c\td\u3000e", []string{"a", "b", "c", "d", "e"}},
		{"", nil},
		{" \n ", nil},
	}
	for _, c := range cases {
		toks := Tokenize(c.text)
		var got []string
		for _, tok := range toks {
			got = append(got, tok.Text)
			if s := annot.Slice(c.text, annot.Span{Start: tok.Start, End: tok.End}); s != tok.Text {
				t.Errorf("%q: token %q at [%d,%d) is %q", c.text, tok.Text, tok.Start, tok.End, s)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	toks := Tokenize("a b,c\n")
	var ws []bool
	for _, tok := range toks {
		ws = append(ws, tok.WS)
	}
	if !slices.Equal(ws, []bool{true, false, false, true}) {
		t.Errorf("ws = %v", ws)
	}
}

func TestSentences(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Er kam. Sie ging.", "Er kam . | Sie ging . |"},
		{"am 24. April 2017 in Köln", "am 24 . April 2017 in Köln |"},
		{"wie U. Berg sagt", "wie U . Berg sagt |"},
		{"Titel\n\nText hier", "Titel | Text hier |"},
		{"Titel\nText hier", "Titel Text hier |"},
		{"Er sagte: „Ja!“ Dann ging er", "Er sagte : „ Ja ! “ | Dann ging er |"},
		{"Wirklich? ja.", "Wirklich ? ja . |"},
		{"Ende.Anfang", "Ende . Anfang |"},
	}
	for _, c := range cases {
		toks := Tokenize(c.text)
		var b strings.Builder
		for i, tok := range toks {
			b.WriteString(tok.Text)
			if sentenceBreak(c.text, toks, i) {
				b.WriteString(" |")
			}
			if i+1 < len(toks) {
				b.WriteByte(' ')
			}
		}
		if b.String() != c.want {
			t.Errorf("%q: %q, want %q", c.text, b.String(), c.want)
		}
	}
}

// TestCoNLLNoBreakInEntity: a sentence does not end inside an entity, even
// at a blank line.
func TestCoNLLNoBreakInEntity(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Köln\n\nBonn. Dann"}
	b.entity("Köln\n\nBonn", 1, "LOC", "")
	out, _, _ := export(t, []Item{b.item("x")}, Options{Format: FormatCoNLL})
	want := "-DOCSTART- -X- O O\n\nKöln B-LOC\nBonn I-LOC\n. O\n\nDann O\n\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestNestedEntities: nested and overlapping entities are written by the
// formats that hold them; CoNLL keeps the outermost and reports the rest.
func TestNestedEntities(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Die Stadt Köln am Rhein"}
	b.entity("Köln", 1, "LOC", "")
	b.entity("Stadt Köln", 1, "ORG", "")
	b.entity("Köln am Rhein", 1, "LOC", "")
	out, warns, _ := export(t, []Item{b.item("x")}, Options{Format: FormatCoNLL})
	want := "-DOCSTART- -X- O O\n\nDie O\nStadt B-ORG\nKöln I-ORG\nam O\nRhein O\n\n"
	if string(out) != want {
		t.Errorf("conll: got %q, want %q", out, want)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "already written") {
		t.Errorf("conll warnings %q, want the two inner ones", warns)
	}
	for _, f := range []string{FormatJSONL, FormatProdigy, FormatDoccano} {
		out, warns, _ := export(t, []Item{b.item("x")}, Options{Format: f})
		if n := strings.Count(string(out), `"LOC"`) + strings.Count(string(out), `"ORG"`); n != 3 || len(warns) != 0 {
			t.Errorf("%s: %d entities written, warnings %q:\n%s", f, n, warns, out)
		}
	}
}

// TestGermEval: GermEval's columns hold the outer entities and those
// nested one level in them; an entity nested deeper, or crossing one, is
// reported and left out; the file reads back through folio's CoNLL reader
// with the nested entities on the same words, its id from the comment.
func TestGermEval(t *testing.T) {
	b := &builder{t: t, id: "doc\n7", text: "Die Ausstellung „Troia - Traum und Wirklichkeit“ in Bonn. Sie war gut"}
	b.entity("Troia - Traum und Wirklichkeit", 1, "OTH", "")
	b.entity("Troia", 1, "LOC", "")
	b.entity("Troia", 1, "PER", "")             // a third level: left out
	b.entity("Wirklichkeit“ in", 1, "MISC", "") // across the OTH: left out
	b.entity("Bonn", 1, "LOC", "")
	out, warns, _ := export(t, []Item{b.item("x")}, Options{Format: FormatGermEval})
	want := "# newdoc id = doc 7\n" +
		"1\tDie\tO\tO\n2\tAusstellung\tO\tO\n3\t„\tO\tO\n4\tTroia\tB-OTH\tB-LOC\n5\t-\tI-OTH\tO\n" +
		"6\tTraum\tI-OTH\tO\n7\tund\tI-OTH\tO\n8\tWirklichkeit\tI-OTH\tO\n9\t“\tO\tO\n10\tin\tO\tO\n" +
		"11\tBonn\tB-LOC\tO\n12\t.\tO\tO\n\n1\tSie\tO\tO\n2\twar\tO\tO\n3\tgut\tO\tO\n\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "PER entity") || !strings.Contains(warns[1], "MISC entity") || !strings.Contains(warns[0], "2 layers of tags") {
		t.Errorf("warnings %q, want the PER and the MISC", warns)
	}
	path := filepath.Join(t.TempDir(), "x.conll")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != "doc 7" {
		t.Fatalf("read back %d documents (%+v)", len(docs), docs)
	}
	var got []string
	for _, a := range docs[0].Anns {
		if a.Kind == annot.KindEntity {
			got = append(got, a.Label+" "+a.Text)
		}
	}
	slices.Sort(got)
	if want := []string{"LOC Bonn", "LOC Troia", "OTH Troia - Traum und Wirklichkeit"}; !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
}

// readSource reads file of ../shared/interop/conll as the item of its
// one document.
func readSource(t *testing.T, file string) Item {
	t.Helper()
	path := filepath.Join(shared.Dir(t, "interop", "conll"), file)
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) != 1 {
		t.Fatalf("%s: %v, %d documents", file, err, len(docs))
	}
	d := docs[0]
	anns := d.AllAnns()
	for i := range anns {
		if anns[i].ID == "" {
			anns[i].ID = "a" + strconv.Itoa(i)
		}
	}
	return Item{Doc: annot.Doc{ID: d.ID, Hash: annot.Hash(d.Text)}, Text: d.Text, Anns: anns}
}

// tokenColumn returns the tokens of CoNLL lines (column col, the first
// 0; counted from the end if negative), "" for a sentence's end, and
// nothing for comments and -DOCSTART-.
func tokenColumn(out string, col int) []string {
	var toks []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			if len(toks) > 0 && toks[len(toks)-1] != "" {
				toks = append(toks, "")
			}
		case strings.HasPrefix(line, "#"), f[0] == "-DOCSTART-": // no file here has the token "#"
		case col < 0:
			toks = append(toks, f[len(f)+col])
		default:
			toks = append(toks, f[col])
		}
	}
	return toks
}

// TestSourceTokens: a document read from CoNLL comes back in the conll
// and germeval formats with its own tokens and sentences ("2001/2002" one
// token, "was" "n’t" two), and GermEval's comment lines before each
// sentence: the files of ../shared/interop/conll, as they were.
func TestSourceTokens(t *testing.T) {
	t.Run("germeval", func(t *testing.T) {
		it := readSource(t, "germeval2014_test.conll")
		out, warns, _ := export(t, []Item{it}, Options{Format: FormatGermEval})
		raw, err := os.ReadFile(filepath.Join(shared.Dir(t, "interop", "conll"), "germeval2014_test.conll"))
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(string(out), "\n") // after "# newdoc id = …"
		if body != string(raw) || len(warns) > 0 {
			t.Errorf("written:\n%s\nwant the file as it is:\n%s\nwarnings: %q", body, raw, warns)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		// folio's own form keeps the record: read back, it is the same
		it := readSource(t, "germeval2014_test.conll")
		out, _, _ := export(t, []Item{it}, Options{Format: FormatJSONL})
		path := filepath.Join(t.TempDir(), "x.jsonl")
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		var docs []corpus.Doc
		if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) != 1 {
			t.Fatalf("%v, %d documents", err, len(docs))
		}
		tokens := func(anns []annot.Annotation) string {
			for _, a := range anns {
				if a.Kind == annot.KindTokens {
					return a.Value
				}
			}
			return ""
		}
		if got, want := tokens(docs[0].Anns), tokens(it.Anns); got != want || want == "" {
			t.Errorf("tokens read back %s, want %s", got, want)
		}
	})
	for _, c := range []struct {
		file string
		col  int // the tag column, for files in IOB2
	}{{"ner-token-per-line-conll2003.iob", -1}, {"en-orig.iob1.conll", 0}, {"germeval2014_test.conll", 2}} {
		t.Run(c.file, func(t *testing.T) {
			it := readSource(t, c.file)
			raw, err := os.ReadFile(filepath.Join(shared.Dir(t, "interop", "conll"), c.file))
			if err != nil {
				t.Fatal(err)
			}
			out, warns, _ := export(t, []Item{it}, Options{Format: FormatCoNLL})
			want := tokenColumn(string(raw), 0)
			if c.file == "germeval2014_test.conll" {
				want = tokenColumn(string(raw), 1)
			}
			if got := tokenColumn(string(out), 0); !slices.Equal(got, want) {
				t.Errorf("tokens %q,\nwant %q", got, want)
			}
			for _, w := range warns {
				if strings.Contains(w, "align") {
					t.Errorf("warning: %s", w)
				}
			}
			if c.col != 0 {
				if got, want := tokenColumn(string(out), -1), tokenColumn(string(raw), c.col); !slices.Equal(got, want) {
					t.Errorf("tags %q, want %q", got, want)
				}
			}
		})
	}
}

// TestSourceTokensCorrected: corrections change the source's tokens
// where they change the text, no more: a fix inside a token keeps it one
// token, a deleted token is gone, a token a correction puts white space
// into and text a correction adds between tokens are cut by Tokenize,
// and tokens a correction runs together are one. A record made for
// another text is not used.
func TestSourceTokensCorrected(t *testing.T) {
	it := readSource(t, "germeval2014_test.conll")
	at := func(s string) annot.Span {
		i := strings.Index(it.Text, s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		start := utf8.RuneCountInString(it.Text[:i])
		return annot.Span{Start: start, End: start + utf8.RuneCountInString(s)}
	}
	fix := func(sp annot.Span, repl string) annot.Annotation {
		return annot.Annotation{ID: "c" + strconv.Itoa(sp.Start), Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: repl, Class: annot.ClassOCR}
	}
	y := at("2001/2002")
	ausst := at("Troia-Ausstellung")
	braun := at("Braunschweig und ")
	inSp := at("in Stuttgart")
	eine := at("eine große")
	corrected := it
	corrected.Anns = append(slices.Clone(it.Anns),
		fix(annot.Span{Start: y.End - 1, End: y.End}, "3"),                 // inside a token
		fix(annot.Span{Start: ausst.Start + 5, End: ausst.Start + 6}, " "), // white space into a token
		fix(braun, ""), // two tokens deleted
		fix(annot.Span{Start: inSp.Start + 2, End: inSp.Start + 3}, " dem schönen "), // words between tokens
		fix(annot.Span{Start: eine.Start + 4, End: eine.Start + 5}, ""),              // two tokens run together
	)
	out, _, _ := export(t, []Item{corrected}, Options{Format: FormatGermEval})
	got := strings.Join(tokenColumn(string(out), 1)[:20], " ")
	want := "Aufgrund seiner Initiative fand 2001/2003 in dem schönen Stuttgart , Bonn einegroße und publizistisch vielbeachtete Troia Ausstellung statt , „"
	if got != want {
		t.Errorf("tokens %s\nwant   %s", got, want)
	}
	if !strings.Contains(string(out), "\tTroia\tB-LOCpart\tO\n") || !strings.Contains(string(out), "\tAusstellung\tI-LOCpart\tO\n") {
		t.Errorf("the entity over the token cut in two is not on both:\n%s", out)
	}
	// the record of another text: folio's own tokens
	other := it
	other.Text = strings.Replace(it.Text, "Aufgrund", "Wegen", 1)
	other.Anns = slices.DeleteFunc(slices.Clone(it.Anns), func(a annot.Annotation) bool { return a.Kind == annot.KindEntity })
	out, _, _ = export(t, []Item{other}, Options{Format: FormatGermEval})
	if got := strings.Join(tokenColumn(string(out), 1)[:7], " "); got != "Wegen seiner Initiative fand 2001 / 2002" {
		t.Errorf("tokens of a text the record is not of: %s", got)
	}
}
