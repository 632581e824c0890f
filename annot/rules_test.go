package annot

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestConflict(t *testing.T) {
	have := []Annotation{
		{ID: "c", Kind: KindCorrection, Start: 10, End: 14, Text: "Kdln", Value: "Köln"},
		{ID: "e", Kind: KindEntity, Start: 20, End: 30, Label: "PER", Text: "Ute Berg"},
		{ID: "m", Kind: KindMark, Start: 40, End: 44},
	}
	cases := []struct {
		name string
		a    Annotation
		ok   bool
		msg  string
	}{
		{"correction over correction", Annotation{Kind: KindCorrection, Start: 12, End: 16}, false, "overlaps the correction"},
		{"correction beside correction", Annotation{Kind: KindCorrection, Start: 14, End: 16}, true, ""},
		{"entity over entity", Annotation{Kind: KindEntity, Start: 25, End: 35, Label: "ORG"}, true, ""},
		{"entity inside entity", Annotation{Kind: KindEntity, Start: 22, End: 25, Label: "ORG"}, true, ""},
		{"correction over mark", Annotation{Kind: KindCorrection, Start: 43, End: 46}, false, "overlaps the mark"},
		{"boilerplate cut over correction", Annotation{Kind: KindCorrection, Class: ClassBoilerplate, Start: 0, End: 11}, false, "overlaps the correction"},
		{"entity covering a correction", Annotation{Kind: KindEntity, Start: 8, End: 16, Label: "LOC"}, true, ""},
		{"entity cutting a correction", Annotation{Kind: KindEntity, Start: 12, End: 16, Label: "LOC"}, false, "cuts through the correction"},
		{"correction inside an entity", Annotation{Kind: KindCorrection, Start: 21, End: 23}, true, ""},
		{"correction cutting an entity", Annotation{Kind: KindCorrection, Start: 28, End: 32}, false, "cuts through the PER entity"},
		{"boilerplate cut over an entity", Annotation{Kind: KindCorrection, Class: ClassBoilerplate, Start: 18, End: 32}, false, "the boilerplate cut [18,32) would take in the PER entity"},
		{"entity inside a correction", Annotation{Kind: KindEntity, Start: 11, End: 13, Label: "LOC"}, false, "lies inside the correction"},
		{"mark over mark", Annotation{Kind: KindMark, Start: 42, End: 46}, false, "overlaps the mark"},
		{"mark over correction", Annotation{Kind: KindMark, Start: 10, End: 12}, false, "overlaps the correction"},
		{"mark in an entity", Annotation{Kind: KindMark, Start: 21, End: 22}, true, ""},
		{"editing itself", Annotation{ID: "c", Kind: KindCorrection, Start: 10, End: 15}, true, ""},
		{"note anywhere", Annotation{Kind: KindNote, Start: 10, End: 44, Value: "x"}, true, ""},
	}
	for _, c := range cases {
		err := Conflict(c.a, have)
		var re *RuleError
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case !c.ok && (err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), c.msg)):
			t.Errorf("%s: got %v, want a refusal saying %q", c.name, err, c.msg)
		}
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		a  Annotation
		ok bool
	}{
		{Annotation{Kind: KindTag, Label: "ocr"}, true},
		{Annotation{Kind: KindTag, Label: ""}, false},
		{Annotation{Kind: KindTag, Label: "a\x1bb"}, false},
		{Annotation{Kind: KindStatus, Label: "done"}, true},
		{Annotation{Kind: KindStatus, Label: "finished"}, false},
		{Annotation{Kind: KindNote, Value: "doc note"}, true},
		{Annotation{Kind: KindNote, Start: 1, End: 3, Value: "span note"}, true},
		{Annotation{Kind: KindNote, Value: " "}, false},
		{Annotation{Kind: KindEntity, Start: 0, End: 10, Label: "PER"}, true},
		{Annotation{Kind: KindEntity, Start: 0, End: 11, Label: "PER"}, false},
		{Annotation{Kind: KindEntity, Start: -1, End: 3, Label: "PER"}, false},
		{Annotation{Kind: KindEntity, Start: 3, End: 3, Label: "PER"}, false},
		{Annotation{Kind: KindCorrection, Start: 3, End: 4, Value: ""}, true},
		{Annotation{Kind: KindMark, Start: 3, End: 4, Stale: true}, true},
		{Annotation{Kind: KindMark, Start: 4, End: 4, Stale: true}, true},
		{Annotation{Kind: "bogus"}, false},
		{Annotation{Kind: KindTag, Label: "x", Start: 1, End: 2}, false},
	}
	for _, c := range cases {
		if err := Check(c.a, 10); (err == nil) != c.ok {
			t.Errorf("Check(%+v) = %v, want ok=%v", c.a, err, c.ok)
		}
	}
}

func TestReanchor(t *testing.T) {
	old := "Kdln ist beigetreten. Ute Berg sprach."
	anns := []Annotation{
		{ID: "1", Kind: KindEntity, Start: 22, End: 30, Label: "PER"},          // Ute Berg: moves
		{ID: "2", Kind: KindCorrection, Start: 0, End: 4, Value: "Köln"},       // Kdln: stays
		{ID: "3", Kind: KindMark, Start: 9, End: 20},                           // beigetreten: gone
		{ID: "4", Kind: KindTag, Label: "x"},                                   // no span
		{ID: "5", Kind: KindMark, Start: 31, End: 37, Stale: true, Text: "zz"}, // already stale
	}
	newText := "Kdln ist eingetreten. Gestern: Ute Berg sprach."
	out, moved, stale := Reanchor(old, newText, anns)
	if moved != 1 || stale != 1 || len(out) != len(anns) {
		t.Fatalf("moved %d stale %d len %d", moved, stale, len(out))
	}
	if s := Slice(newText, out[0].Span()); s != "Ute Berg" || out[0].Stale {
		t.Errorf("entity: %+v covers %q", out[0], s)
	}
	if out[1].Span() != (Span{0, 4}) || out[1].Stale {
		t.Errorf("correction moved: %+v", out[1])
	}
	if !out[2].Stale || out[2].Text != "beigetreten" {
		t.Errorf("mark not stale: %+v", out[2])
	}
	if out[4].Span() != anns[4].Span() {
		t.Errorf("a stale span moved: %+v", out[4])
	}
	// shorter text: stale spans are clamped inside it
	out, _, _ = Reanchor(old, "Kd", anns)
	for _, a := range out {
		if err := Check(a, 2); err != nil {
			t.Errorf("after shrinking: %v", err)
		}
	}
}

// FuzzSpans checks the span arithmetic on any text and span: slicing by
// code points agrees with the Index, and Reanchor keeps every annotation
// valid on the new text.
func FuzzSpans(f *testing.F) {
	f.Add("Köln 日本 🎉", "Neu: Köln 🎉", 0, 4)
	f.Add("", "x", 0, 0)
	f.Add("abc", "", 1, 2)
	f.Fuzz(func(t *testing.T, old, text string, start, end int) {
		// past a few KB a repeated pattern makes the search for the
		// nearest occurrence quadratic: slow, not wrong
		if !utf8.ValidString(old) || !utf8.ValidString(text) || len(old) > 4096 || len(text) > 4096 {
			return
		}
		ix := NewIndex(old)
		sp := Span{start, end}
		if ix.Slice(sp) != Slice(old, sp) {
			t.Fatalf("Index.Slice %q != Slice %q", ix.Slice(sp), Slice(old, sp))
		}
		if ix.Len() != Runes(old) {
			t.Fatalf("Len %d != %d", ix.Len(), Runes(old))
		}
		for b := 0; b <= len(old); b++ {
			if r := ix.Rune(b); r < 0 || r > ix.Len() {
				t.Fatalf("Rune(%d) = %d", b, r)
			}
		}
		a := Annotation{ID: "x", Kind: KindMark, Start: start, End: end}
		if Check(a, ix.Len()) != nil {
			return
		}
		out, _, _ := Reanchor(old, text, []Annotation{a})
		if err := Check(out[0], Runes(text)); err != nil {
			t.Fatalf("re-anchored annotation invalid: %v (%+v)", err, out[0])
		}
		if !out[0].Stale && Slice(text, out[0].Span()) != Slice(old, sp) {
			t.Fatalf("re-anchored onto other text: %q vs %q", Slice(text, out[0].Span()), Slice(old, sp))
		}
	})
}

// TestReanchorNeverOverlaps: moving spans to where their text now stands
// must not put them on top of spans that stayed (the rules still hold).
// Entities may nest, so the test moves a mark into a correction.
func TestReanchorNeverOverlaps(t *testing.T) {
	anns := []Annotation{
		{ID: "a", Kind: KindCorrection, Start: 0, End: 8, Value: "Ute Borg"}, // "Ute Berg": stays
		{ID: "b", Kind: KindMark, Start: 13, End: 16},                        // "Ute": would move into a
	}
	out, moved, stale := Reanchor("Ute Berg and Ute", "Ute Berg", anns)
	if moved != 0 || stale != 1 || out[0].Stale || !out[1].Stale || out[1].Text != "Ute" {
		t.Fatalf("moved %d stale %d: %+v", moved, stale, out)
	}
	if err := Validate(out, 8); err != nil {
		t.Fatal(err)
	}
}

// TestStaleCorrectionDoesNotApply: a correction whose text changed under
// it waits for the reviewer; it is not pasted over other text.
func TestStaleCorrectionDoesNotApply(t *testing.T) {
	anns := []Annotation{{Kind: KindCorrection, Start: 0, End: 4, Value: "Köln", Text: "Kdln", Stale: true}}
	if got := Apply("Hello world", anns).Text; got != "Hello world" {
		t.Fatalf("a stale correction applied: %q", got)
	}
}

// TestSummarizeDoesNotShare: summarizing a copy of a record must not
// change the original's slices.
func TestSummarizeDoesNotShare(t *testing.T) {
	d := Doc{Tags: []string{"x"}, Entities: []string{"Köln"}}
	want := d
	Summarize(&want, []Annotation{{Kind: KindTag, Label: "y"}})
	if d.Tags[0] != "x" || d.Entities[0] != "Köln" || want.Tags[0] != "y" {
		t.Fatalf("original %+v, summary %+v", d, want)
	}
}

// TestSummarizeCounts: each kind of annotation is counted as its own, a
// cut of boilerplate as no correction, a stale one as stale besides.
func TestSummarizeCounts(t *testing.T) {
	var d Doc
	Summarize(&d, []Annotation{
		{Kind: KindCorrection, Start: 0, End: 4, Value: "Köln", Class: ClassOCR},
		{Kind: KindCorrection, Start: 5, End: 9, Value: "ist"},
		{Kind: KindCorrection, Start: 10, End: 20, Class: ClassBoilerplate},
		{Kind: KindCorrection, Start: 21, End: 30, Class: ClassBoilerplate, Stale: true},
		{Kind: KindEntity, Start: 0, End: 4, Label: "LOC"},
		{Kind: KindMark, Start: 0, End: 4},
		{Kind: KindNote, Value: "n"},
	})
	want := Counts{Entities: 1, Corrections: 2, Marks: 1, Notes: 1, Stale: 1}
	if d.Counts != want {
		t.Errorf("counts %+v, want %+v", d.Counts, want)
	}
}
