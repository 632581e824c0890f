package bratcmp

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLines: ids and order do not matter; what every line says, and what
// its references are, does.
func TestLines(t *testing.T) {
	text := "He had\nhad eyes"
	base := "T1\tA 0 2\tHe\nT2\tP 3 6\thad\nT3\tX 0 2;7 10\tHe had\nR1\tr Arg1:T1 Arg2:T2\t\nE1\tP:T2 arg:T1\nA1\tNeg E1\n#1\tAnnotatorNotes R1\tn\nN1\tReference T1 Wikipedia:1\tHe\n*\tEq T1 T2\n"
	cases := []struct {
		name, ann string
		same      bool
		against   string // "" for base
	}{
		{"renumbered and reordered", "T9\tP 3 6\thad\nT8\tA 0 2\tHe\nT7\tX 0 2;7 10\tHe had\nE4\tP:T9 arg:T8\nR5\tr Arg1:T8 Arg2:T9\t\nA3\tNeg E4\n#2\tAnnotatorNotes R5\tn\nN7\tReference T8 Wikipedia:1\tHe\n*\tEq T9 T8\n", true, ""},
		{"fragments parted by a line break are one span", "T5\tY 3 6;7 10\thad had\n", true, "T1\tY 3 10\thad had\n"},
		{"relation reversed", "T1\tA 0 2\tHe\nT2\tP 3 6\thad\nT3\tX 0 2;7 10\tHe had\nR1\tr Arg1:T2 Arg2:T1\t\nE1\tP:T2 arg:T1\nA1\tNeg E1\n#1\tAnnotatorNotes R1\tn\nN1\tReference T1 Wikipedia:1\tHe\n*\tEq T1 T2\n", false, ""},
		{"attribute on the trigger, not the event", "T1\tA 0 2\tHe\nT2\tP 3 6\thad\nT3\tX 0 2;7 10\tHe had\nR1\tr Arg1:T1 Arg2:T2\t\nE1\tP:T2 arg:T1\nA1\tNeg T2\n#1\tAnnotatorNotes R1\tn\nN1\tReference T1 Wikipedia:1\tHe\n*\tEq T1 T2\n", false, ""},
		{"role renamed", "T1\tA 0 2\tHe\nT2\tP 3 6\thad\nT3\tX 0 2;7 10\tHe had\nR1\tr source:T1 Arg2:T2\t\nE1\tP:T2 arg:T1\nA1\tNeg E1\n#1\tAnnotatorNotes R1\tn\nN1\tReference T1 Wikipedia:1\tHe\n*\tEq T1 T2\n", false, ""},
		{"a line lost", "T1\tA 0 2\tHe\nT2\tP 3 6\thad\nT3\tX 0 2;7 10\tHe had\nR1\tr Arg1:T1 Arg2:T2\t\nE1\tP:T2 arg:T1\n#1\tAnnotatorNotes R1\tn\nN1\tReference T1 Wikipedia:1\tHe\n*\tEq T1 T2\n", false, ""},
		{"a copy more", base + "T4\tA 0 2\tHe\n", false, ""},
	}
	dir := t.TempDir()
	write := func(name, ann string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(ann), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	want, err := Lines(write("base.ann", base), text)
	if err != nil || len(want) != 9 {
		t.Fatalf("Lines = %q, %v", want, err)
	}
	for i, c := range cases {
		got, err := Lines(write(c.name+".ann", c.ann), text)
		if err != nil {
			t.Fatal(err)
		}
		want := want
		if c.against != "" {
			want, _ = Lines(write(c.name+".against.ann", c.against), text)
		}
		if slices.Equal(got, want) != c.same {
			t.Errorf("%d %s: same = %v, want %v:\n got %q\nwant %q", i, c.name, !c.same, c.same, got, want)
		}
	}
	if _, err := Lines(filepath.Join(dir, "missing.ann"), text); err == nil {
		t.Error("a missing file read without an error")
	}
}

// FuzzLines: any .ann against any text parses without a panic (reference
// cycles included), one string for each non-blank line.
func FuzzLines(f *testing.F) {
	f.Add("He had\nhad eyes", "T1\tA 0 2\tHe\nT3\tX 0 2;7 10\tHe had\nR1\tr Arg1:T1 Arg2:E1\t\nE1\tP:E1 arg:R1\nA1\tNeg R1\n*\tEq T1 E1\n")
	f.Add("x", "R1\tr Arg1:R1 Arg2:R1\nE1\tP:E2\nE2\tP:E1\nT1\tA 5 1;x\n#1\tAnnotatorNotes\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text, ann string) {
		p := filepath.Join(dir, "f.ann")
		if err := os.WriteFile(p, []byte(ann), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Lines(p, text)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range strings.Split(strings.ReplaceAll(ann, "\r\n", "\n"), "\n") {
			if strings.TrimSpace(l) != "" {
				n++
			}
		}
		if len(got) != n {
			t.Fatalf("%d strings for %d lines", len(got), n)
		}
	})
}
