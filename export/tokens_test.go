package export

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/corpus"
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
		got = append(got, a.Label+" "+a.Text)
	}
	slices.Sort(got)
	if want := []string{"LOC Bonn", "LOC Troia", "OTH Troia - Traum und Wirklichkeit"}; !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
}
