package corpus

import (
	"testing"
	"unicode/utf8"

	"folio/annot"
)

// FuzzBrat reads an arbitrary .ann file against an arbitrary text: no
// panic, every annotation kept lies inside the text and covers what the
// .ann line says, and an entity's fragments fit it.
func FuzzBrat(f *testing.F) {
	f.Add("Ute Berg in Köln.\n", "T1\tPER 0 8\tUte Berg\nT2\tLOC 12 16\tKöln\n#1\tAnnotatorNotes T1\tBeigeordnete\nN1\tReference T2 folio:Q365\tKöln\n")
	f.Add("ab\ncd", "T1\tX 0 2;3 5\tab cd\n")
	f.Add("x", "T1\tX 5 1\tx\nT2\tX 0 1\ty\nR1\tRel Arg1:T1 Arg2:T2\n")
	f.Add("ab cd ef", "T1\tP 0 2\tab\nT2\tE 3 5\tcd\nT3\tE 3 5\tcd\nE1\tE:T2 Theme:T1\nE2\tE:T3 Cause:E1 Theme:E1\nE3\tE:T2\n*\tEquiv T1 T2 T3\n")
	f.Add("He had\nhad eyes", "T1\tA 0 2\tHe\nT2\tA 0 2\tHe\nT3\tP 3 6\thad\nT4\tX 0 2;7 10\tHe had\nE1\tP:T3 arg:T2\nA1\tNeg E1\n#1\tAnnotatorNotes E1\tn\n"+
		"R1\tr source:T1 target:T3\t\nA2\tNeg R1\n#2\tAnnotatorNotes R1\tm\n#3\tAnnotatorNotes R1\tdup\nA3\tNeg E7\nR2\tr Arg1:E1 Arg2:T1\nA4\tNeg R2\n")
	f.Fuzz(func(t *testing.T, text, ann string) {
		if !utf8.ValidString(text) {
			return
		}
		n := NormalizeString(text)
		set := newAnnSet(n, func(Problem) {})
		readBrat(set, []byte(ann), "x.ann")
		ix := annot.NewIndex(n.Text)
		for _, a := range set.anns {
			if err := annot.Check(a, ix.Len()); err != nil {
				t.Fatalf("kept an invalid annotation %+v: %v", a, err)
			}
			if a.HasSpan() && a.Text != "" && ix.Slice(a.Span()) != a.Text {
				t.Fatalf("annotation %+v covers %q", a, ix.Slice(a.Span()))
			}
			if v, ok := a.Attrs[FragmentsAttr]; ok {
				if _, fit := ParseFragments(v, a.End-a.Start); !fit {
					t.Fatalf("entity %+v: its fragments do not fit it", a)
				}
			}
		}
	})
}
