package annot

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAsPrinted: a correction that joins a word broken at a line end is
// split back into one correction a printed line, the hyphen left as
// printed; parts left as printed need none; anything else stays as it
// is.
func TestAsPrinted(t *testing.T) {
	type part struct {
		orig, value string
	}
	for _, tt := range []struct {
		name, text, orig, value string
		want                    []part // nil: the correction unchanged
	}{
		{"a fix inside the join", "Es ist Narma-\nlerweise so.", "Narma-\nlerweise", "Normalerweise", []part{{"Narma", "Norma"}}},
		{"a case fix, the hyphen printed apart (ALTO's HYP)", "Die übersicht-\nlich", "übersicht-\nlich", "Übersichtlich", []part{{"übersicht", "Übersicht"}}},
		{"a plain join", "die Soft-\nware, die", "Soft-\nware", "Software", []part{}},
		{"a compound keeps its hyphen", "der Chinesisch-\nDeutschen Allianz", "Chinesisch-\nDeutschen", "Chinesisch-Deutschen", []part{}},
		{"a misread hyphen", "der zukünfti«\ngen Zeit", "zukünfti«\ngen", "zukünftigen", []part{{"zukünfti«", "zukünfti-"}}},
		{"a Fraktur hyphen", "der Gesell⸗\nschaft", "Gesell⸗\nschaft", "Gesellschaft", []part{}},
		{"white space and a stray mark", "ihre Beson- \n‘derheiten und", "Beson- \n‘derheiten", "Besonderheiten", []part{{"‘derheiten", "derheiten"}}},
		{"white space before the break", "Aus- \ngleichsfonds", "Aus- \ngleichsfonds", "Ausgleichsfonds", []part{}},
		{"fixes on both lines", "ist Narma-\nlerwcise so", "Narma-\nlerwcise", "Normalerweise", []part{{"Narma", "Norma"}, {"lerwcise", "lerweise"}}},
		{"a fix on the second line", "die Ver-\nwaltnng", "Ver-\nwaltnng", "Verwaltung", []part{{"waltnng", "waltung"}}},
		{"a lost hyphen", "vor\nhanden ist", "vor\nhanden", "vorhanden", []part{}},
		{"no line break", "in Kdln am", "Kdln", "Köln", nil},
		{"two line breaks", "a-\nb-\nc", "a-\nb-\nc", "abc", nil},
		{"a value of two words", "Bun-\ndesrat", "Bun-\ndesrat", "Bundes rat", nil},
		{"words on both sides", "Der Mann\nkam", "Der Mann\nkam", "DerMannkam", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewIndex(tt.text)
			at := ix.Rune(strings.Index(tt.text, tt.orig))
			c := Annotation{ID: "c1", Kind: KindCorrection, Start: at, End: at + Runes(tt.orig), Value: tt.value, Class: ClassHyphen}
			e := Annotation{ID: "e1", Kind: KindEntity, Start: 0, End: 3, Label: "X"}
			anns := []Annotation{e, c, e}
			got := AsPrinted(tt.text, anns)
			if tt.want == nil {
				if !slices.EqualFunc(got, anns, func(a, b Annotation) bool {
					return a.ID == b.ID && a.Start == b.Start && a.End == b.End && a.Value == b.Value
				}) {
					t.Fatalf("changed: %+v", got)
				}
				return
			}
			if len(got) != 2+len(tt.want) || got[0].ID != "e1" || got[len(got)-1].ID != "e1" {
				t.Fatalf("got %+v, want the entities around %d parts", got, len(tt.want))
			}
			for i, w := range tt.want {
				p := got[1+i]
				if o := ix.Slice(p.Span()); o != w.orig || p.Value != w.value || p.Kind != KindCorrection || p.Class != ClassHyphen {
					t.Errorf("part %d: %q → %q (%+v), want %q → %q", i, o, p.Value, p, w.orig, w.value)
				}
			}
			// applied, the printed lines hold the word's parts
			lines := strings.Split(Apply(tt.text, got).Text, "\n")
			if j := strings.Join(lines, ""); !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(j, " ", ""), "-", ""), "⸗", ""), strings.ReplaceAll(tt.value, "-", "")) {
				t.Errorf("lines %q do not hold %q", lines, tt.value)
			}
			if len(lines) != strings.Count(tt.text, "\n")+1 {
				t.Errorf("lines %q: the line break is gone", lines)
			}
		})
	}
	if anns := []Annotation{{Kind: KindCorrection, Start: 0, End: 4, Value: "Köln"}}; &AsPrinted("Kdln", anns)[0] != &anns[0] {
		t.Error("with no join the annotations are copied")
	}
	cut := []Annotation{{ID: "k", Kind: KindCorrection, Start: 0, End: 4, Value: "Köln"},
		{ID: "b", Kind: KindCorrection, Class: ClassBoilerplate, Start: 5, End: 9, Value: ""}}
	if got := AsPrinted("Kdln Menü", cut); len(got) != 1 || got[0].ID != "k" || len(cut) != 2 {
		t.Errorf("a boilerplate cut: %+v, want only the fix (and anns unchanged)", got)
	}
}

// FuzzAsPrinted: whatever the text and the correction, the corrections
// AsPrinted returns lie in the text, do not overlap, and a split join
// keeps every line of the text, each part on its own line.
func FuzzAsPrinted(f *testing.F) {
	f.Add("Es ist Narma-\nlerweise so.", 7, 22, "Normalerweise")
	f.Add("der Chinesisch-\nDeutschen", 4, 25, "Chinesisch-Deutschen")
	f.Add("zukünfti«\ngen", 0, 13, "zukünftigen")
	f.Add("a-\n\nb", 0, 5, "ab")
	f.Fuzz(func(t *testing.T, text string, start, end int, value string) {
		if !utf8.ValidString(text) || !utf8.ValidString(value) {
			return
		}
		c := Annotation{ID: "c", Kind: KindCorrection, Start: start, End: end, Value: value}
		got := AsPrinted(text, []Annotation{c})
		if len(got) == 1 && got[0].ID == "c" && got[0].Start == start && got[0].End == end && got[0].Value == value {
			return // left as it was
		}
		n := Runes(text)
		prev := 0
		for _, a := range got {
			if a.Start < prev || a.End > n || a.Start >= a.End {
				t.Fatalf("%+v: out of the text (%d code points), empty or overlapping", got, n)
			}
			prev = a.End
		}
		if want := strings.Count(text, "\n"); strings.Count(Apply(text, got).Text, "\n") != want {
			t.Fatalf("%q with %+v: the corrected text lost a line break", text, got)
		}
	})
}
