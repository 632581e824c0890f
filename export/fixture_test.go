package export

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"folio/annot"
	"folio/seeds"
)

// builder makes the annotations of one test document, finding spans by
// their text.
type builder struct {
	t     testing.TB
	id    string
	text  string
	anns  []annot.Annotation
	clock int
}

// find returns the code point span of the n-th (from 1) occurrence of sub.
func (b *builder) find(sub string, n int) annot.Span {
	b.t.Helper()
	off := 0
	for k := 1; ; k++ {
		i := strings.Index(b.text[off:], sub)
		if i < 0 {
			b.t.Fatalf("doc %s: %q occurrence %d not found", b.id, sub, n)
		}
		if k == n {
			s := utf8.RuneCountInString(b.text[:off+i])
			return annot.Span{Start: s, End: s + utf8.RuneCountInString(sub)}
		}
		off += i + len(sub)
	}
}

// meta gives each annotation a later fixed time and one of two authors.
func (b *builder) meta(origin annot.Origin) annot.Meta {
	b.clock++
	author := "ute"
	if b.clock%2 == 0 {
		author = "max"
	}
	return annot.Meta{Author: author, Origin: origin,
		Time: time.Date(2025, 3, 1, 9, b.clock, 0, 0, time.UTC)}
}

func (b *builder) add(a annot.Annotation) {
	if a.ID == "" {
		a.ID = b.id + "-" + string(rune('a'+len(b.anns)))
	}
	if a.Meta == (annot.Meta{}) {
		a.Meta = b.meta(annot.OriginManual)
	}
	if a.HasSpan() && a.Text == "" {
		a.Text = annot.Slice(b.text, a.Span())
	}
	b.anns = append(b.anns, a)
}

func (b *builder) entity(sub string, n int, label, canonical string) annot.Span {
	sp := b.find(sub, n)
	b.add(annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: label, Canonical: canonical})
	return sp
}

func (b *builder) correct(sub string, n int, repl, class string) {
	sp := b.find(sub, n)
	b.add(annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: repl, Class: class,
		Meta: b.meta(annot.OriginSuggestion)})
}

func (b *builder) mark(sub string, n int, comment string) {
	sp := b.find(sub, n)
	b.add(annot.Annotation{Kind: annot.KindMark, Start: sp.Start, End: sp.End, Value: comment})
}

func (b *builder) note(sp annot.Span, text string) {
	b.add(annot.Annotation{Kind: annot.KindNote, Start: sp.Start, End: sp.End, Value: text})
}

func (b *builder) tag(name string) {
	b.add(annot.Annotation{ID: annot.TagID(name), Kind: annot.KindTag, Label: name})
}

func (b *builder) status(s annot.Status) {
	b.add(annot.Annotation{ID: annot.StatusID, Kind: annot.KindStatus, Label: string(s)})
}

func (b *builder) item(title string) Item {
	b.t.Helper()
	if err := annot.Validate(b.anns, annot.Runes(b.text)); err != nil {
		b.t.Fatalf("doc %s: fixture breaks the rules: %v", b.id, err)
	}
	return Item{
		Doc: annot.Doc{ID: b.id, Title: title, Source: "seeds/" + b.id + ".txt",
			Hash: "sha256-of-" + b.id, Size: annot.Runes(b.text), Bytes: len(b.text)},
		Text: b.text, Anns: b.anns,
	}
}

// seedItems returns the five seed documents with a fixed set of
// annotations: entities (one covering a correction, one across a line
// break, one not aligned with tokens, one stale), corrections (a deletion,
// a hyphen join across a line break, OCR fixes), a mark, notes, tags and
// statuses.
func seedItems(t testing.TB) []Item {
	t.Helper()
	names, err := fs.Glob(seeds.FS, "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	var items []Item
	for _, name := range names {
		data, err := fs.ReadFile(seeds.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		b := &builder{t: t, id: strings.TrimSuffix(name, ".txt"), text: string(data)}
		var title string
		switch {
		case strings.HasPrefix(name, "000_"):
			title = "Köln und Chongqing"
			b.entity("Köln", 1, "LOC", "Köln")
			b.entity("Chongqing", 1, "LOC", "Chongqing")
			b.entity("Reker", 1, "PER", "Henriette Reker")
			b.entity("25.-26.08.2019", 1, "DATE", "")
			b.tag("press")
			b.status(annot.StatusDone)
		case strings.HasPrefix(name, "001_"):
			title = "Köln tritt bei (OCR)"
			b.correct(" Wirtschaftsausschuss 09.03.2017\n\n", 1, "", annot.ClassBoilerplate)
			b.correct("Koln", 1, "Köln", annot.ClassOCR)
			b.entity("Koln", 1, "LOC", "Köln")
			b.correct("Kdln", 1, "Köln", annot.ClassOCR)
			b.entity("Kdln", 1, "LOC", "Köln")
			b.correct("fur", 1, "für", annot.ClassOCR)
			sp := b.entity("Ute Berg", 1, "PER", "Ute Berg")
			b.note(sp, "Beigeordnete für Wirtschaft\tund Liegenschaften")
			hy := b.find("-\nchem", 1) // feierli-/chem: the hyphen and the line break go
			b.add(annot.Annotation{Kind: annot.KindCorrection, Start: hy.Start, End: hy.Start + 2,
				Class: annot.ClassHyphen, Meta: b.meta(annot.OriginSuggestion)})
			b.entity("24. April 2017", 1, "DATE", "")
			b.entity("Hannover\nMesse", 1, "ORG", "Hannover Messe")
			b.mark("Biindnis", 1, "Bündnis?")
			b.note(annot.Span{}, "OCR-Scan, Seite 1; bitte prüfen")
			b.tag("ocr")
			b.tag("scan")
			b.status(annot.StatusTodo)
		case strings.HasPrefix(name, "002_"):
			title = "Bottrop und Foshan"
			b.entity("Bottrop", 2, "LOC", "Bottrop")
			b.entity("Foshan", 1, "LOC", "Foshan")
			b.entity("Bernd Tischler", 1, "PER", "Bernd Tischler")
			b.status(annot.StatusRejected)
		case strings.HasPrefix(name, "003_"):
			title = "Handelsbeziehungen"
			b.entity("Köln", 2, "ORG", "KölnBusiness") // inside "KölnBusiness": no token boundary
			b.entity("Guiyang", 1, "LOC", "Guiyang")
			sp := b.entity("Michael Josipovic", 1, "PER", "Michael Josipovic")
			b.note(sp, "Geschäftsführer")
			b.tag("press")
		case strings.HasPrefix(name, "004_"):
			title = "Brückenschlag"
			b.correct("stadtkoelnlogo neu", 1, "", annot.ClassBoilerplate)
			b.entity("Köln", 2, "LOC", "Köln")
			b.entity("Ute Berg", 1, "PER", "Ute Berg")
			sp := b.find("Hannover Messe", 1)
			b.add(annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: "ORG",
				Canonical: "Hannover Messe", Text: "Hannover-Messe", Stale: true})
			b.status(annot.StatusDone)
		}
		items = append(items, b.item(title))
	}
	return items
}

// externalIDs is the fixed canonical entity registry of the tests.
func externalIDs(label, canonical string) string {
	switch label + "/" + canonical {
	case "LOC/Köln":
		return "Q365"
	case "PER/Ute Berg":
		return "person 17"
	}
	return ""
}

// sliceSource yields items.
func sliceSource(items []Item) Source {
	return func(yield func(Item) error) error {
		for _, it := range items {
			if err := yield(it); err != nil {
				return err
			}
		}
		return nil
	}
}
