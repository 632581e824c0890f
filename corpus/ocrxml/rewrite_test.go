package ocrxml

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/internal/shared"
)

var ocrFiles = []string{"modern_de.hocr", "modern_de.alto.xml", "modern_de.page.xml", "kant_0017.page.xml",
	"kant_0017.alto.xml", "kant_0017.ocrd-tess-frk.page.xml", "kant_0017.hocr", "462875_0008.page.xml",
	"abbyy_fre11_p142.alto.xml", "litver.hocr"}

// schemaFor names the XSD a fixture's format and version validate against.
func schemaFor(src []byte) string {
	switch {
	case bytes.Contains(src, []byte("alto/ns-v2#")):
		return "alto-2-1.xsd"
	case bytes.Contains(src, []byte("alto/ns-v3#")):
		return "alto-3-1.xsd"
	case bytes.Contains(src, []byte("alto/ns-v4#")):
		return "alto-4-4.xsd"
	case bytes.Contains(src, []byte("pagecontent/2013-07-15")):
		return "pagecontent-2013-07-15.xsd"
	case bytes.Contains(src, []byte("pagecontent/2017-07-15")):
		return "pagecontent-2017-07-15.xsd"
	case bytes.Contains(src, []byte("pagecontent/2019-07-15")):
		return "pagecontent-2019-07-15.xsd"
	}
	return ""
}

// validate runs xmllint --schema over out (offline, with the fixtures'
// catalog for ALTO's xlink import). Without xmllint the test is skipped,
// except under CI.
func validate(t *testing.T, name string, out []byte) {
	t.Helper()
	xsd := schemaFor(out)
	if xsd == "" {
		return // hOCR has no schema
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("FOLIO_CI") != "" {
			t.Fatal("xmllint is missing (Debian package libxml2-utils)")
		}
		t.Skip("xmllint is missing (Debian package libxml2-utils): skipped outside CI")
	}
	dir := shared.Dir(t, "ocr-formats")
	schemas, _ := filepath.Abs(filepath.Join(dir, "schemas"))
	f := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(f, out, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("xmllint", "--nonet", "--noout", "--schema", filepath.Join(schemas, xsd), f)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(schemas, "catalog.xml"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s does not validate against %s: %v\n%s", name, xsd, err, firstLines(string(msg), 8))
	}
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}

// TestRoundTrip: without corrections every file comes back byte for
// byte, except modern_de.page.xml, whose 345 Baselines inside Words
// (invalid PAGE) are dropped; the ALTO and PAGE results validate.
func TestRoundTrip(t *testing.T) {
	for _, name := range ocrFiles {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(shared.Dir(t, "ocr-formats"), name))
			if err != nil {
				t.Fatal(err)
			}
			p := onePage(t, name)
			if !bytes.Equal(p.Layout.Source, src) {
				t.Fatalf("the kept source differs from the file")
			}
			out, warns, err := Rewrite(p.Layout.Source, p.Text, nil)
			if err != nil || len(warns) > 0 {
				t.Fatalf("Rewrite: %v %v", err, warns)
			}
			if name == "modern_de.page.xml" {
				got, want := bytes.Count(out, []byte("<Baseline")), bytes.Count(src, []byte("<Baseline"))-345
				if got != want {
					t.Errorf("%d Baselines, want %d", got, want)
				}
				q, err := Parse(out)
				if err != nil || q.Text != p.Text || len(q.Layout.Words) != 345 {
					t.Errorf("the result reads differently: %v", err)
				}
				// element for element, the same but for those Baselines
				a, err1 := canonical(src, func(path string) bool { return strings.HasSuffix(path, "/Word/Baseline") })
				b, err2 := canonical(out, func(string) bool { return false })
				if err1 != nil || err2 != nil || !slices.Equal(a, b) {
					t.Errorf("canonical forms differ (%v %v): %d and %d items", err1, err2, len(a), len(b))
				}
			} else if !bytes.Equal(out, src) {
				t.Errorf("the result differs from the file")
			}
			validate(t, name, out)
		})
	}
}

// correction makes a correction of span sp to value.
func correction(sp annot.Span, value string) annot.Annotation {
	return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: value}
}

// TestRewriteCorrections corrects, merges and splits words in every file
// (lines in the files without words) and checks that the result reads as
// the corrected text, with boxes derived from the original words, only
// the corrected words changed, parents' text never stale, and valid ALTO
// and PAGE.
func TestRewriteCorrections(t *testing.T) {
	for _, name := range ocrFiles {
		t.Run(name, func(t *testing.T) {
			p := onePage(t, name)
			ix := annot.NewIndex(p.Text)
			var anns []annot.Annotation
			var fixed, merged, split int = -1, -1, -1
			words := p.Layout.Words
			if len(words) == 0 {
				// lines only: fix the first word of line 3
				ln := p.Layout.Lines[2]
				s := ix.Slice(ln.Span)
				n := len([]rune(strings.Fields(s)[0]))
				anns = append(anns, correction(annot.Span{Start: ln.Start, End: ln.Start + n}, "Korrektur&<x>"))
			} else {
				// a replacement, a merge of two words in one line, a split
				for i := 5; i+1 < len(words); i++ {
					if ix.Slice(words[i].Span) == "" || words[i].Line != words[i+1].Line {
						continue
					}
					switch {
					case fixed < 0:
						fixed = i
						anns = append(anns, correction(words[i].Span, "Korrektur&<\"x\">"))
						i += 3
					case merged < 0:
						merged = i
						anns = append(anns, correction(annot.Span{Start: words[i].Start, End: words[i+1].End},
							ix.Slice(words[i].Span)+ix.Slice(words[i+1].Span)))
						i += 3
					case split < 0 && words[i].Len() >= 4:
						split = i
						s := []rune(ix.Slice(words[i].Span))
						anns = append(anns, correction(words[i].Span, string(s[:2])+" "+string(s[2:])))
					}
					if split >= 0 {
						break
					}
				}
				if fixed < 0 || merged < 0 || split < 0 {
					t.Fatalf("no words to correct, merge and split (%d %d %d)", fixed, merged, split)
				}
			}
			want := annot.Apply(p.Text, anns).Text
			out, warns, err := Rewrite(p.Layout.Source, p.Text, anns)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			q, err := Parse(out)
			if err != nil {
				t.Fatalf("the result does not read: %v", err)
			}
			if q.Text != want {
				t.Errorf("the result reads\n%q\nwant\n%q", firstLines(q.Text, 6), firstLines(want, 6))
			}
			validate(t, name, out)
			if len(words) == 0 {
				return
			}
			qw := q.Layout.Words
			if len(qw) != len(words) {
				t.Fatalf("%d words, want %d (one merged, one split)", len(qw), len(words))
			}
			for i := range words {
				j := i
				switch {
				case i > merged:
					j = i - 1
				}
				if i > split {
					j++
				}
				switch {
				case i == merged:
					if want := words[i].Box.Union(words[i+1].Box); qw[j].Box != want {
						t.Errorf("merged word: box %v, want %v", qw[j].Box, want)
					}
				case i == merged+1:
				case i == split:
					a, b := qw[j].Box, qw[j+1].Box
					o := words[i].Box
					if a.X0 != o.X0 || b.X1 > o.X1 || a.X1 > b.X0 || a.Y0 != o.Y0 || b.Y1 != o.Y1 {
						t.Errorf("split word: boxes %v %v from %v", a, b, o)
					}
				default:
					if qw[j].Box != words[i].Box || qw[j].Conf != words[i].Conf {
						t.Errorf("word %d: box %v conf %v, was %v %v", i, qw[j].Box, qw[j].Conf, words[i].Box, words[i].Conf)
					}
				}
			}
			if Format(p.Layout.Format) == PAGE {
				checkParents(t, q)
			}
		})
	}
}

// checkParents: the text of a PAGE line that has words, and of a region,
// is its words' (lines') text wherever a word was corrected, but for
// the white space between them (kept as the file had it).
func checkParents(t *testing.T, q *Page) {
	t.Helper()
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, bl := range q.blocks {
		var lines []string
		changed := false
		for _, ln := range bl.lines {
			var ws []string
			for _, w := range ln.words {
				ws = append(ws, w.text)
				changed = changed || strings.Contains(w.text, "Korrektur")
			}
			lt := strings.Join(ws, "")
			lines = append(lines, lt)
			if strings.Contains(lt, "Korrektur") && ln.chosen != nil && squeeze(ln.chosen.text.String()) != squeeze(lt) {
				t.Errorf("stale line text %q, words say %q", ln.chosen.text.String(), lt)
			}
		}
		if te, _ := choose(bl.tes); changed && te != nil && squeeze(te.text.String()) != squeeze(strings.Join(lines, "")) {
			t.Errorf("stale region text %q", firstLines(te.text.String(), 3))
		}
	}
}

// TestRewriteAcrossLines: a correction joining the two halves of a
// hyphenated word is put back on the page's lines (annot.AsPrinted): the
// first half corrected in place, the second and the HYP as printed, no
// word merged nor box changed; ALTO's SUBS_CONTENT follows the
// correction. On a page whose words print their own hyphen (`Narma-`),
// the fix lands in that word and the hyphen stays.
func TestRewriteAcrossLines(t *testing.T) {
	p := onePage(t, "abbyy_fre11_p142.alto.xml")
	ix := annot.NewIndex(p.Text)
	var a, b int = -1, -1
	for i, w := range p.Layout.Words {
		switch ix.Slice(w.Span) {
		case "übersicht":
			a = i
		case "lich":
			b = i
		}
	}
	if a < 0 || b != a+1 {
		t.Fatalf("no übersicht-/lich pair (%d %d)", a, b)
	}
	wa, wb := p.Layout.Words[a], p.Layout.Words[b]
	anns := []annot.Annotation{correction(annot.Span{Start: wa.Start, End: wb.End}, "Übersichtlich")}
	out, warns, err := Rewrite(p.Layout.Source, p.Text, anns)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings %q", warns)
	}
	q, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	qx := annot.NewIndex(q.Text)
	if len(q.Layout.Words) != len(p.Layout.Words) || q.Layout.Words[a].Box != wa.Box || q.Layout.Words[b].Box != wb.Box ||
		qx.Slice(q.Layout.Words[a].Span) != "Übersicht" || qx.Slice(q.Layout.Words[b].Span) != "lich" {
		t.Errorf("%d words (want %d), %q %v and %q %v", len(q.Layout.Words), len(p.Layout.Words),
			qx.Slice(q.Layout.Words[a].Span), q.Layout.Words[a].Box, qx.Slice(q.Layout.Words[b].Span), q.Layout.Words[b].Box)
	}
	if !bytes.Contains(out, []byte(`SUBS_CONTENT="Übersichtlich"`)) || bytes.Contains(out, []byte(`SUBS_CONTENT="übersichtlich"`)) {
		t.Error("SUBS_CONTENT does not follow the correction")
	}
	validate(t, "abbyy.alto.xml", out)

	for _, name := range []string{"modern_de.alto.xml", "modern_de.hocr", "modern_de.page.xml"} {
		p := onePage(t, name)
		i := strings.Index(p.Text, "Narma-\nlerweise")
		if i < 0 {
			t.Fatalf("%s: no Narma-/lerweise", name)
		}
		ix := annot.NewIndex(p.Text)
		at := ix.Rune(i)
		out, warns, err := Rewrite(p.Layout.Source, p.Text, []annot.Annotation{correction(annot.Span{Start: at, End: at + 15}, "Normalerweise")})
		if err != nil || len(warns) != 0 {
			t.Fatalf("%s: %v %q", name, err, warns)
		}
		q, err := Parse(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Layout.Words) != len(p.Layout.Words) || !strings.Contains(q.Text, "Norma-\nlerweise") {
			t.Errorf("%s: %d words (want %d), text %q", name, len(q.Layout.Words), len(p.Layout.Words), firstLines(q.Text[max(i-20, 0):], 2))
		}
	}
}

// TestRewriteOnlyText: with one word corrected, the files are the same
// element for element but for that word's text and, in PAGE, the text of
// its line and region.
func TestRewriteOnlyText(t *testing.T) {
	for name, want := range map[string]int{"modern_de.hocr": 1, "modern_de.alto.xml": 1, "kant_0017.alto.xml": 1,
		"kant_0017.page.xml": 3, "abbyy_fre11_p142.alto.xml": 1} {
		t.Run(name, func(t *testing.T) {
			p := onePage(t, name)
			w := p.Layout.Words[7]
			out, _, err := Rewrite(p.Layout.Source, p.Text, []annot.Annotation{correction(w.Span, "Wort")})
			if err != nil {
				t.Fatal(err)
			}
			none := func(string) bool { return false }
			a, err1 := canonical(p.Layout.Source, none)
			b, err2 := canonical(out, none)
			if err1 != nil || err2 != nil || len(a) != len(b) {
				t.Fatalf("canonical forms: %v %v, %d and %d items", err1, err2, len(a), len(b))
			}
			var diff []string
			for i := range a {
				if a[i] != b[i] {
					diff = append(diff, a[i]+" → "+b[i])
				}
			}
			if len(diff) != want || !strings.Contains(diff[0], "Wort") {
				t.Errorf("%d items differ, want %d:\n%s", len(diff), want, strings.Join(diff, "\n"))
			}
		})
	}
}

// TestRewriteJoinOnLinesOnly: on a PAGE page of lines without words, the
// join of a word broken at a line end leaves both lines as printed, and
// a fix inside it lands on its line.
func TestRewriteJoinOnLinesOnly(t *testing.T) {
	p := onePage(t, "462875_0008.page.xml")
	i := strings.Index(p.Text, "fort-\ngefahren")
	if i < 0 || len(p.Layout.Words) != 0 {
		t.Fatalf("no fort-/gefahren on a page of lines (%d words)", len(p.Layout.Words))
	}
	at := annot.NewIndex(p.Text).Rune(i)
	out, warns, err := Rewrite(p.Layout.Source, p.Text, []annot.Annotation{correction(annot.Span{Start: at, End: at + 14}, "fortgefahren")})
	if err != nil || len(warns) != 0 || !bytes.Equal(out, p.Layout.Source) {
		t.Errorf("a plain join changed the page (%v, %q)", err, warns)
	}
	out, warns, err = Rewrite(p.Layout.Source, p.Text, []annot.Annotation{correction(annot.Span{Start: at, End: at + 14}, "fortgefehren")})
	if err != nil || len(warns) != 0 {
		t.Fatalf("%v %q", err, warns)
	}
	q, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.Text, "fort-\ngefehren") || len(q.Layout.Lines) != len(p.Layout.Lines) {
		t.Errorf("the fix inside the join: %d lines (want %d), %q", len(q.Layout.Lines), len(p.Layout.Lines), firstLines(q.Text[max(i-20, 0):], 3))
	}
	validate(t, "page2019.xml", out)
}

// TestRewriteKeepsBoilerplate: a boilerplate cut (a running head cut from
// the dataset's text) leaves the page as printed: ALTO written with only
// such a cut is its file byte for byte.
func TestRewriteKeepsBoilerplate(t *testing.T) {
	p := onePage(t, "modern_de.alto.xml")
	w := p.Layout.Words[0]
	cut := annot.Annotation{ID: "b", Kind: annot.KindCorrection, Class: annot.ClassBoilerplate, Start: w.Start, End: p.Layout.Words[5].End}
	out, warns, err := Rewrite(p.Layout.Source, p.Text, []annot.Annotation{cut})
	if err != nil || len(warns) != 0 {
		t.Fatalf("%v %q", err, warns)
	}
	if !bytes.Equal(out, p.Layout.Source) {
		t.Error("a boilerplate cut changed the page")
	}
}

// TestRewriteKeepsUntouchedText: a correction changes the text of its
// line and region (PAGE TextEquiv) only where the corrected words stand,
// keeping the separators the text has (`Unmuͤn-`, `bedienen .`, a
// trailing line break); every line and region it does not touch stays
// byte for byte as it was.
func TestRewriteKeepsUntouchedText(t *testing.T) {
	for _, c := range []struct{ name, old, new string }{
		{"kant_0017.page.xml", "Selbſtverſchuldet", "Selbſt verſchuldet"},
		{"kant_0017.alto.xml", "Selbſtverſchuldet", "Selbſt verſchuldet"},
		{"kant_0017.hocr", "Selbftverfchufdet", "Selbſt verſchuldet"},
		{"modern_de.page.xml", "Canonieal", "Canonical"},
		{"modern_de.page.xml", "fe willigen", "Freiwilligen"},
		{"modern_de.alto.xml", "fe willigen", "Freiwilligen"},
		{"modern_de.hocr", "fe willigen", "Freiwilligen"},
		{"kant_0017.ocrd-tess-frk.page.xml", "Verſtandes", "Verſtandes,"},
		{"462875_0008.page.xml", "Wärmee", "Wärme"},
		{"abbyy_fre11_p142.alto.xml", "Zporen", "Sporen"},
		{"litver.hocr", "Miünchen", "München"},
	} {
		t.Run(c.name+"/"+c.new, func(t *testing.T) {
			p := onePage(t, c.name)
			i := strings.Index(p.Text, c.old)
			if i < 0 {
				t.Fatalf("no %q", c.old)
			}
			at := annot.NewIndex(p.Text).Rune(i)
			sp := annot.Span{Start: at, End: at + len([]rune(c.old))}
			anns := []annot.Annotation{correction(sp, c.new)}
			// the file as written without corrections (valid PAGE)
			base, _, err := Rewrite(p.Layout.Source, p.Text, nil)
			if err != nil {
				t.Fatal(err)
			}
			out, warns, err := Rewrite(p.Layout.Source, p.Text, anns)
			if err != nil || len(warns) > 0 {
				t.Fatalf("Rewrite: %v %q", err, warns)
			}
			b, err1 := Parse(base)
			q, err2 := Parse(out)
			if err1 != nil || err2 != nil {
				t.Fatalf("%v %v", err1, err2)
			}
			if want := annot.Apply(p.Text, anns).Text; q.Text != want {
				t.Errorf("the result reads differently from the corrected text")
			}
			validate(t, c.name, out)
			old, repl := []byte(escapeText(c.old)), []byte(escapeText(c.new))
			// in a touched TextEquiv, the corrected words in place
			checkTE := func(what string, a, z *textEquiv, touched bool) {
				if a == nil || z == nil {
					return
				}
				was, is := base[a.ucontent[0]:a.ucontent[1]], out[z.ucontent[0]:z.ucontent[1]]
				want := was
				if touched {
					want = bytes.Replace(was, old, repl, 1)
				}
				if !bytes.Equal(is, want) {
					t.Errorf("%s text\n%q\nwant\n%q", what, is, want)
				}
			}
			if len(b.blocks) != len(q.blocks) {
				t.Fatalf("%d blocks, want %d", len(q.blocks), len(b.blocks))
			}
			lines := 0
			for k, bl := range b.blocks {
				qb := q.blocks[k]
				if len(bl.lines) != len(qb.lines) {
					t.Fatalf("block %d: %d lines, want %d", k, len(qb.lines), len(bl.lines))
				}
				blockTouched := false
				for j, ln := range bl.lines {
					ql := qb.lines[j]
					touched := ln.index >= 0 && b.Layout.Lines[ln.index].Overlaps(sp)
					blockTouched = blockTouched || touched
					if !touched {
						if !bytes.Equal(base[ln.elem[0]:ln.elem[1]], out[ql.elem[0]:ql.elem[1]]) {
							t.Errorf("untouched line %d.%d changed: %q", k, j, ln.text)
						}
						continue
					}
					lines++
					checkTE("line", ln.chosen, ql.chosen, true)
				}
				ta, _ := choose(bl.tes)
				tz, _ := choose(qb.tes)
				checkTE("region", ta, tz, blockTouched)
			}
			if lines != 1+strings.Count(c.old, "\n") {
				t.Errorf("%d lines touched", lines)
			}
		})
	}
}

// TestRewriteLineTextInPlace: on an invented page whose line text writes
// an entity, two spaces and a hyphen without a space before it, and
// whose region text ends in a line break, a correction edits that text
// where the corrected words stand and keeps the rest as written.
func TestRewriteLineTextInPlace(t *testing.T) {
	const page = `<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
<Page imageFilename="x.png" imageWidth="100" imageHeight="100">
<TextRegion id="r"><Coords points="0,0 90,0 90,20 0,20"/>
<TextLine id="l"><Coords points="0,0 90,0 90,10 0,10"/>
<Word id="a"><Coords points="0,0 10,0 10,10 0,10"/><TextEquiv><Unicode>Kat</Unicode></TextEquiv></Word>
<Word id="b"><Coords points="20,0 30,0 30,10 20,10"/><TextEquiv><Unicode>&amp;</Unicode></TextEquiv></Word>
<Word id="c"><Coords points="40,0 50,0 50,10 40,10"/><TextEquiv><Unicode>Hnud</Unicode></TextEquiv></Word>
<Word id="d"><Coords points="60,0 80,0 80,10 60,10"/><TextEquiv><Unicode>Mau</Unicode></TextEquiv></Word>
<Word id="e"><Coords points="80,0 90,0 90,10 80,10"/><TextEquiv><Unicode>-</Unicode></TextEquiv></Word>
<TextEquiv><Unicode>Kat &amp; Hnud  Mau-</Unicode></TextEquiv></TextLine>
<TextLine id="m"><Coords points="0,10 90,10 90,20 0,20"/>
<Word id="f"><Coords points="0,10 10,10 10,20 0,20"/><TextEquiv><Unicode>ſe</Unicode></TextEquiv></Word>
<TextEquiv><Unicode>ſe</Unicode></TextEquiv></TextLine>
<TextEquiv><Unicode>Kat &amp; Hnud  Mau-&#13;
ſe
</Unicode></TextEquiv></TextRegion>
</Page></PcGts>
`
	p, err := Parse([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	ix := annot.NewIndex(p.Text)
	word := func(s string) annot.Span {
		i := strings.Index(p.Text, s)
		if i < 0 {
			t.Fatalf("no %q in %q", s, p.Text)
		}
		return annot.Span{Start: ix.Rune(i), End: ix.Rune(i + len(s))}
	}
	for _, c := range []struct {
		name       string
		anns       []annot.Annotation
		line, area string
	}{
		{"a word", []annot.Annotation{correction(word("Hnud"), "Hund")},
			"Kat &amp; Hund  Mau-", "Kat &amp; Hund  Mau-&#13;\nſe\n"},
		{"a split", []annot.Annotation{correction(word("Hnud"), "H und")},
			"Kat &amp; H und  Mau-", "Kat &amp; H und  Mau-&#13;\nſe\n"},
		{"a merge", []annot.Annotation{correction(word("& Hnud"), "&Hund")},
			"Kat &amp;Hund  Mau-", "Kat &amp;Hund  Mau-&#13;\nſe\n"},
		{"the first word deleted", []annot.Annotation{correction(word("Kat "), "")},
			"&amp; Hnud  Mau-", "&amp; Hnud  Mau-&#13;\nſe\n"},
		{"a word deleted", []annot.Annotation{correction(word(" Hnud"), "")},
			"Kat &amp;  Mau-", "Kat &amp;  Mau-&#13;\nſe\n"},
		{"the second line", []annot.Annotation{correction(word("ſe"), "ſie")},
			"Kat &amp; Hnud  Mau-", "Kat &amp; Hnud  Mau-&#13;\nſie\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, warns, err := Rewrite(p.Layout.Source, p.Text, c.anns)
			if err != nil || len(warns) > 0 {
				t.Fatalf("%v %q", err, warns)
			}
			q, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			te, _ := choose(q.blocks[0].tes)
			line := string(out[q.lines[0].chosen.ucontent[0]:q.lines[0].chosen.ucontent[1]])
			area := string(out[te.ucontent[0]:te.ucontent[1]])
			if line != c.line || area != c.area {
				t.Errorf("line %q, region %q\nwant %q, %q", line, area, c.line, c.area)
			}
		})
	}
}

// TestDecodeText: character data decodes as an XML reader reads it, each
// byte with its place in the raw text; markup in it is refused.
func TestDecodeText(t *testing.T) {
	for _, c := range []struct {
		raw, text string
		off       []int
		ok        bool
	}{
		{"a&amp;b", "a&b", []int{0, 1, 6, 7}, true},
		{"&#x364;x", "\u0364x", []int{0, 0, 7, 8}, true},
		{"a\r\nb\rc", "a\nb\nc", []int{0, 2, 3, 4, 5, 6}, true},
		{"<![CDATA[<]]>x", "<x", []int{9, 13, 14}, true},
		{"a<!-- c -->b", "", nil, false},
	} {
		text, off, ok := decodeText([]byte(c.raw))
		if text != c.text || !slices.Equal(off, c.off) || ok != c.ok {
			t.Errorf("%q: %q %v %v, want %q %v %v", c.raw, text, off, ok, c.text, c.off, c.ok)
		}
	}
}

// TestRewriteOldSpacing: a page stored by a reader that spaced its line
// otherwise (`Haus -` where the line writes `Haus-`, before the PAGE
// reader followed the line's text) still takes its corrections: the
// stored text differs from the one read only in white space.
func TestRewriteOldSpacing(t *testing.T) {
	const ns = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
	word := func(id, w string) string {
		return "<Word id='" + id + "'><Coords points='0,0 9,0 9,9 0,9'/><TextEquiv><Unicode>" + w + "</Unicode></TextEquiv></Word>"
	}
	src := []byte("<PcGts xmlns='" + ns + "'><Page imageFilename='p.png' imageWidth='9' imageHeight='9'><TextRegion id='r'><Coords points='0,0 9,0 9,9 0,9'/>" +
		"<TextLine id='l'><Coords points='0,0 9,0 9,9 0,9'/>" + word("w1", "Das") + word("w2", "Hans") + word("w3", "-") +
		"<TextEquiv><Unicode>Das Hans-</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>")
	pg, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if pg.Text != "Das Hans-" {
		t.Fatalf("read %q, want the line's spacing", pg.Text)
	}
	old := "Das Hans -" // as the reader before stored it
	out, _, err := Rewrite(src, old, []annot.Annotation{{Kind: annot.KindCorrection, Start: 4, End: 8, Value: "Haus"}})
	if err != nil {
		t.Fatalf("Rewrite on the old spacing: %v", err)
	}
	if !bytes.Contains(out, []byte("<Unicode>Haus</Unicode>")) || !bytes.Contains(out, []byte("<Unicode>Das Haus-</Unicode>")) {
		t.Errorf("the correction is not in place:\n%s", out)
	}
	if _, _, err := Rewrite(src, "Der Hans -", nil); err == nil {
		t.Error("a text with other words than the page's was taken")
	}
}
