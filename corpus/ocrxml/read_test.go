package ocrxml

import (
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"folio/annot"
	"folio/internal/shared"
)

// fixture is what a hand check of each file found.
type fixture struct {
	file, image  string // image: the page image in the fixture folder ("" if none)
	format       Format
	lines, words int
	conf         bool // every word has a confidence
	first, last  string
	contains     []string
	notContains  []string
	imageRef     string
}

var fixtures = []fixture{
	{file: "modern_de.hocr", image: "modern_de.png", format: HOCR, lines: 38, words: 345, conf: true,
		imageRef: "modern_de.png",
		first:    "Linux hat in den letzten Jahren weiterhin an Bedeutung gewonnen und",
		last:     "siasmus auf Sie überspringen und Sie arbeiten eines Tages hei uns mit",
		contains: []string{"ihre Beson-\n‘derheiten,", "vermeiden.\n\nStreng genommen"}},
	{file: "modern_de.alto.xml", image: "modern_de.png", format: ALTO, lines: 38, words: 345, conf: true,
		imageRef: "modern_de.png",
		first:    "Linux hat in den letzten Jahren weiterhin an Bedeutung gewonnen und",
		last:     "siasmus auf Sie überspringen und Sie arbeiten eines Tages hei uns mit",
		contains: []string{"ihre Beson-\n‘derheiten,"}},
	{file: "modern_de.page.xml", image: "modern_de.png", format: PAGE, lines: 38, words: 345, conf: true,
		imageRef: "modern_de.png",
		first:    "Linux hat in den letzten Jahren weiterhin an Bedeutung gewonnen und",
		last:     "siasmus auf Sie überspringen und Sie arbeiten eines Tages hei uns mit",
		contains: []string{"ihre Beson-\n‘derheiten,"}},
	{file: "kant_0017.page.xml", image: "kant_0017.jpg", format: PAGE, lines: 24, words: 161,
		imageRef: "OCR-D-IMG/INPUT_0017.tif",
		first:    "Berliniſche Monatsſchrift.", last: "(na-",
		// The drop capital is its own region, read before its paragraph;
		// the GT's hyphen is a word of its own, written as its line
		// writes it ("Men-", where the ALTO below has no line text);
		// combining U+0364 stays.
		contains: []string{"\n\nA\n\nufkla\u0364rung iſt", "des Men-\nſchen", "Zwo\u0364lftes Stu\u0364k . December ."}},
	{file: "kant_0017.alto.xml", image: "kant_0017.jpg", format: ALTO, lines: 24, words: 161,
		first: "Berliniſche Monatsſchrift .", last: "(na-",
		// No SP in the file: the reader inserts the spaces.
		contains: []string{"\n\nA\n\nufkla\u0364rung iſt", "des Men -\nſchen"}},
	{file: "kant_0017.ocrd-tess-frk.page.xml", image: "kant_0017.jpg", format: PAGE, lines: 24, words: 129, conf: true,
		imageRef: "OCR-D-IMG/INPUT_0017.tif",
		first:    "Berliniſche Monatsſc<hrift,", last: "BD Monatsſchr, IV,B, 6, St. Hh (na-",
		contains: []string{"Unmüne\ndigkeit", "am Mans\ngel"}},
	{file: "kant_0017.hocr", image: "kant_0017.jpg", format: HOCR, lines: 22, words: 122, conf: true,
		imageRef: "kant_0017.jpg",
		first:    "Berlinifhe Monatsihrift,", last: "SD, Monstsihr, IV,2, 6, St, 25 (na-",
		contains: []string{"Unmüns\ndigkeit", "Dans\ngel"}},
	{file: "462875_0008.page.xml", image: "462875_0008.jpg", format: PAGE, lines: 35, words: 0,
		imageRef: "462875_0008.jpg",
		// index 0 (the GT, slips included) wins, also on l3 where it
		// comes second in the file.
		first: "— Vl —", last: "auf sein leibliches Wohlergehen zu verwenden pflegt. Es",
		contains:    []string{"fort-\ngefahren", "Beobach-\ntungen", "Wärmee"},
		notContains: []string{"fort—-", "Beobach—"}},
	{file: "abbyy_fre11_p142.alto.xml", format: ALTO, lines: 30, words: 244, conf: true,
		first: "142", last: "sind und an beiden Enden je eine kreisrunde Blase enthalten",
		// The HYP (a soft hyphen) is printed as "-"; SUBS_CONTENT is not read.
		contains:    []string{"übersicht-\nlich wird", "Zchon-\nheitsformen"},
		notContains: []string{"übersichtlich", "\u00ad"}},
	{file: "litver.hocr", image: "litver.png", format: HOCR, lines: 105, words: 0,
		imageRef: "litver.png",
		first:    "(Hrsg.). Bürgerbegehren und Bürgerentscheid - Situation, Analysen, Erfordermisse. Miünchen. S.",
		contains: []string{"Stimmbeteili-\ngung:"}},
}

func TestReadFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			p := onePage(t, fx.file)
			l := p.Layout
			if Format(l.Format) != fx.format || l.Page != 1 {
				t.Errorf("format %s page %d, want %s page 1", l.Format, l.Page, fx.format)
			}
			if len(l.Lines) != fx.lines || len(l.Words) != fx.words {
				t.Errorf("%d lines, %d words; want %d, %d", len(l.Lines), len(l.Words), fx.lines, fx.words)
			}
			if l.ImageRef != fx.imageRef {
				t.Errorf("image ref %q, want %q", l.ImageRef, fx.imageRef)
			}
			lines := strings.Split(p.Text, "\n")
			if lines[0] != fx.first {
				t.Errorf("first line %q, want %q", lines[0], fx.first)
			}
			if fx.last != "" && lines[len(lines)-1] != fx.last {
				t.Errorf("last line %q, want %q", lines[len(lines)-1], fx.last)
			}
			for _, s := range fx.contains {
				if !strings.Contains(p.Text, s) {
					t.Errorf("the text lacks %q", s)
				}
			}
			for _, s := range fx.notContains {
				if strings.Contains(p.Text, s) {
					t.Errorf("the text has %q", s)
				}
			}
			checkLayout(t, p)
			w, h := l.Width, l.Height
			if fx.image != "" {
				w, h = imageSize(t, fx.image)
				if l.Width != w || l.Height != h {
					t.Errorf("page size %dx%d, image %dx%d", l.Width, l.Height, w, h)
				}
			}
			for i, wd := range l.Words {
				if !inside(wd.Box, w, h) || wd.Box.Empty() {
					t.Errorf("word %d %v: box %v outside %dx%d", i, wd.Span, wd.Box, w, h)
				}
				if wd.HasConf != fx.conf || wd.Conf < 0 || wd.Conf > 1 {
					t.Errorf("word %d: conf %v (has %v)", i, wd.Conf, wd.HasConf)
				}
			}
			for i, ln := range l.Lines {
				if !inside(ln.Box, w, h) || ln.Box.Empty() {
					t.Errorf("line %d: box %v outside %dx%d", i, ln.Box, w, h)
				}
			}
		})
	}
}

// checkLayout checks that spans are in order, inside the text, cover the
// words' text and lie inside their lines.
func checkLayout(t *testing.T, p *Page) {
	t.Helper()
	ix := annot.NewIndex(p.Text)
	if !utf8.ValidString(p.Text) {
		t.Fatal("invalid UTF-8")
	}
	prev := 0
	for i, ln := range p.Layout.Lines {
		if ln.Start < prev || ln.End > ix.Len() || ln.Start >= ln.End {
			t.Fatalf("line %d: span %v out of order or range", i, ln.Span)
		}
		if s := ix.Slice(ln.Span); strings.Contains(s, "\n") {
			t.Errorf("line %d: %q has a line break", i, s)
		}
		prev = ln.End
	}
	prev = 0
	for i, w := range p.Layout.Words {
		if w.Start < prev || w.Start >= w.End {
			t.Fatalf("word %d: span %v out of order", i, w.Span)
		}
		if w.Line < 0 || w.Line >= len(p.Layout.Lines) || !p.Layout.Lines[w.Line].Contains(w.Span) {
			t.Errorf("word %d %v: not in its line %d", i, w.Span, w.Line)
		}
		if s := ix.Slice(w.Span); strings.ContainsAny(s, " \n") {
			t.Errorf("word %d: %q has white space", i, s)
		}
		prev = w.End
	}
}

func inside(b annot.Box, w, h int) bool {
	return b.X0 >= 0 && b.Y0 >= 0 && b.X1 <= w && b.Y1 <= h
}

func imageSize(t *testing.T, name string) (int, int) {
	t.Helper()
	f, err := os.Open(filepath.Join(shared.Dir(t, "ocr-formats"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, _, err := image.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c.Width, c.Height
}

// TestModernAgainstGT compares the three files of one Tesseract run with
// the page's ground truth: the same text and boxes in all three, and a
// character error rate within the OCR's own (2.2 % by the README).
func TestModernAgainstGT(t *testing.T) {
	gt, err := os.ReadFile(filepath.Join(shared.Dir(t, "ocr-formats"), "modern_de.gt.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []rune(strings.TrimRight(string(gt), "\n"))
	var first *Page
	for _, name := range []string{"modern_de.hocr", "modern_de.alto.xml", "modern_de.page.xml"} {
		p := onePage(t, name)
		d := annot.EditDistance([]rune(p.Text), want)
		cer := float64(d) / float64(len(want))
		t.Logf("%s: CER %.4f (%d edits, %d characters)", name, cer, d, len(want))
		if cer > 0.025 {
			t.Errorf("%s: CER %.4f against the GT, want at most 0.025", name, cer)
		}
		if first == nil {
			first = p
			continue
		}
		if p.Text != first.Text {
			t.Errorf("%s: the text differs from modern_de.hocr", name)
		}
		for i, w := range p.Layout.Words {
			if w.Box != first.Layout.Words[i].Box || w.Span != first.Layout.Words[i].Span {
				t.Errorf("%s: word %d: %v %v, hOCR has %v %v", name, i, w.Span, w.Box, first.Layout.Words[i].Span, first.Layout.Words[i].Box)
				break
			}
			// Tesseract's ALTO writes x_wconf 6 as WC="0.6" (it prints
			// "0." and the integer), so only two-digit values agree.
			if d := w.Conf - first.Layout.Words[i].Conf; first.Layout.Words[i].Conf >= 0.1 && (d > 0.01 || d < -0.01) {
				t.Errorf("%s: word %d: conf %v, hOCR has %v", name, i, w.Conf, first.Layout.Words[i].Conf)
				break
			}
		}
	}
}

// TestConfidenceZero: Tesseract reads "Ubuntu," right with x_wconf 0; 0
// is a real value.
func TestConfidenceZero(t *testing.T) {
	p := onePage(t, "modern_de.hocr")
	ix := annot.NewIndex(p.Text)
	for _, w := range p.Layout.Words {
		if ix.Slice(w.Span) == "Ubuntu," {
			if !w.HasConf || w.Conf != 0 {
				t.Errorf("Ubuntu,: conf %v has %v, want 0 true", w.Conf, w.HasConf)
			}
			return
		}
	}
	t.Fatal("no word Ubuntu,")
}

// TestOtherReadings: LAREX keeps the OCR as index 1 beside the GT.
func TestOtherReadings(t *testing.T) {
	p := onePage(t, "462875_0008.page.xml")
	ix := annot.NewIndex(p.Text)
	differ := 0
	for _, ln := range p.Layout.Lines {
		if len(ln.Alt) > 0 && ln.Alt[0] != ix.Slice(ln.Span) {
			differ++
		}
	}
	if differ != 25 {
		t.Errorf("%d lines differ between GT and OCR, want 25", differ)
	}
	q := onePage(t, "kant_0017.ocrd-tess-frk.page.xml")
	for _, w := range q.Layout.Words {
		if len(w.Alt) > 0 {
			t.Errorf("word %v has alternatives %q: only its glyphs have", w.Span, w.Alt)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		head string
		want Format
	}{
		{"\ufeff<?xml version='1.0'?><alto xmlns='http://www.loc.gov/standards/alto/ns-v2#'>", ALTO},
		{"<?xml version=\"1.0\"?>\n<!-- x -->\n<pc:PcGts xmlns:pc='http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15'>", PAGE},
		{"<!DOCTYPE html><html><head><meta name='ocr-system' content='x'/></head>", HOCR},
		{"<html><body><p>no OCR here</p></body></html>", ""},
		{"# README naming http://www.loc.gov/standards/alto/ and <alto>", ""},
		{"<root><alto/></root>", ""},
		{"", ""},
		{inUTF16("<?xml version='1.0' encoding='UTF-16'?><PcGts xmlns='x'>", false), PAGE},
		{inUTF16("<alto xmlns='x'><Layout>", true), ALTO},
		{inUTF16("<root><alto/></root>", false), ""},
		// a schema whose change notes name the element it defines
		{"<?xml version='1.0'?>\n<!-- notes:\n 2. SCHEMAVERSION added to <alto> element. -->\n<xsd:schema xmlns:xsd='x'>", ""},
		{"<!-- <PcGts> -->\n<schema xmlns='http://www.w3.org/2001/XMLSchema'>", ""},
		{"<!DOCTYPE alto [ <!ENTITY x '<y>'> ]>\n<alto xmlns='x'>", ALTO},
	} {
		if got := Detect([]byte(c.head)); got != c.want {
			t.Errorf("Detect(%q) = %q, want %q", c.head, got, c.want)
		}
	}
}

func TestRoot(t *testing.T) {
	for _, c := range []struct{ head, want string }{
		{"\ufeff<?xml version='1.0'?><alto xmlns='x'>", "alto"},
		{"<?xml version='1.0'?>\n<!-- <alto> in a comment -->\n<xsd:schema xmlns:xsd='x'>", "xsd:schema"},
		{"<!DOCTYPE html><html><head>", "html"},
		{"<!DOCTYPE x [ <!ENTITY e '<alto>'> ]><catalog/>", "catalog"},
		{"<?xml version='1.0'?><!-- unterminated <alto>", ""},
		{"# not XML <alto>", ""},
		{"<\x1b[31m>", ""},
		{"", ""},
		{inUTF16("<?xml version='1.0' encoding='UTF-16'?><PcGts xmlns='x'>", false), "PcGts"},
	} {
		if got := Root([]byte(c.head)); got != c.want {
			t.Errorf("Root(%q) = %q, want %q", c.head, got, c.want)
		}
	}
}

// inUTF16 encodes s in UTF-16 with a byte order mark, big-endian if be.
func inUTF16(s string, be bool) string {
	var b []byte
	for _, u := range utf16.Encode([]rune("\ufeff" + s)) {
		if be {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text", "not hOCR, ALTO or PAGE XML"},
		{"<alto xmlns='http://www.loc.gov/standards/alto/ns-v3#'><Layout><Page><PrintSpace>", "unexpected EOF"},
		{"<alto xmlns='http://www.loc.gov/standards/alto/ns-v3#'><Layout></Layout></alto>", "no page"},
		{"<PcGts><Page><TextRegion></Page></PcGts>", "line 1"},
		{"<alto><Layout><Page><Page></Page></Page></Layout></alto>", "a page inside a page"},
		{"<?xml version='1.0' encoding='ISO-8859-1'?><alto><Layout><Page/></Layout></alto>", "the file is in ISO-8859-1: only UTF-8 is read"},
		{inUTF16("<?xml version='1.0' encoding='UTF-16'?><alto><Layout><Page/></Layout></alto>", false), "the file is in UTF-16: only UTF-8 is read"},
		{inUTF16("<alto><Layout><Page><String CONTENT='Groß'/></Page></Layout></alto>", true), "the file is in UTF-16: only UTF-8 is read"},
	} {
		err := Read(strings.NewReader(c.in), func(*Page) error { return nil })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Read(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

// TestPageLineSpacing writes a PAGE line's words as its own text spaces
// them: a hyphen or comma that is a Word of its own stands where the
// line writes it; a line whose text disagrees with its words has them
// joined by spaces.
func TestPageLineSpacing(t *testing.T) {
	const ns = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
	line := func(text string, words ...string) string {
		var b strings.Builder
		b.WriteString("<TextLine id='l'><Coords points='0,0 9,0 9,9 0,9'/>")
		for _, w := range words {
			b.WriteString("<Word><Coords points='0,0 9,0 9,9 0,9'/><TextEquiv><Unicode>" + w + "</Unicode></TextEquiv></Word>")
		}
		if text != "" {
			b.WriteString("<TextEquiv><Unicode>" + text + "</Unicode></TextEquiv>")
		}
		b.WriteString("</TextLine>")
		return b.String()
	}
	for _, c := range []struct {
		line, want string
	}{
		{line("Das Haus-", "Das", "Haus", "-"), "Das Haus-"},
		{line("Das Haus , das", "Das", "Haus", ",", "das"), "Das Haus , das"},
		{line("Das Haus, das", "Das", "Haus", ",", "das"), "Das Haus, das"},
		{line("Das  Haus", "Das", "Haus"), "Das Haus"},
		{line("Das Hans", "Das", "Haus"), "Das Haus"},          // the line disagrees
		{line("Das Haus-x", "Das", "Haus", "-"), "Das Haus -"}, // more than its words
		{line("", "Das", "Haus", "-"), "Das Haus -"},           // no line text
	} {
		src := "<PcGts xmlns='" + ns + "'><Page imageFilename='p.png' imageWidth='9' imageHeight='9'><TextRegion id='r'><Coords points='0,0 9,0 9,9 0,9'/>" +
			c.line + "</TextRegion></Page></PcGts>"
		pg, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if pg.Text != c.want {
			t.Errorf("%s: text %q, want %q", c.line, pg.Text, c.want)
		}
	}
}
