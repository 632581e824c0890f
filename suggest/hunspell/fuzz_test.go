package hunspell

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzMax caps the size of fuzzed inputs so that one run stays fast.
const fuzzMax = 4 << 10

// FuzzLoad loads random .aff and .dic texts: Load must return a dictionary
// or an error, never panic or hang, and a loaded dictionary must answer
// Spell, Compound and Forms.
func FuzzLoad(f *testing.F) {
	for _, c := range smallCases {
		f.Add(c.aff, c.dic, c.good[0])
	}
	f.Add("FLAG long\nSFX Ab Y 1\nSFX Ab 0 x/Cd [^a\n", "1\nw/Ab\n", "wx")
	f.Add("AF 1\nAF ab\nPFX a Y 1\nPFX a 0 z/1 .\n", "2\nv/1\n\tcomment\n", "zv")
	f.Add("COMPOUNDFLAG c\nCOMPOUNDMIN 0\nBREAK 1\nBREAK ^x\n", "1\na/c\n", "xaaaa")
	f.Fuzz(func(t *testing.T, aff, dic, word string) {
		if len(aff) > fuzzMax || len(dic) > fuzzMax || len(word) > 64 {
			t.Skip("input over the fuzz size cap")
		}
		d, err := Load(strings.NewReader(aff), strings.NewReader(dic))
		if err != nil {
			if d != nil {
				t.Fatal("Load returned a dictionary and an error")
			}
			return
		}
		d.Spell(word)
		checkCompound(t, d, word)
		n := 0
		d.Forms(func(form string) bool {
			if !utf8.ValidString(form) {
				t.Fatalf("Forms yields invalid UTF-8 %q", form)
			}
			n++
			return n < 2000
		})
	})
}

// FuzzSpell checks random words against the hand-written dictionaries.
func FuzzSpell(f *testing.F) {
	var dicts []*Dict
	for _, c := range smallCases {
		dicts = append(dicts, loadSmall(f, c))
		for _, w := range append(c.good, c.bad...) {
			f.Add(w)
		}
	}
	f.Fuzz(func(t *testing.T, word string) {
		if len(word) > 1024 {
			t.Skip("input over the fuzz size cap")
		}
		for _, d := range dicts {
			checkCompound(t, d, word)
		}
	})
}

// checkCompound checks the invariants between Spell and Compound.
func checkCompound(t *testing.T, d *Dict, word string) {
	ok := d.Spell(word)
	parts := d.Compound(word)
	if parts == nil {
		return
	}
	if !ok {
		t.Fatalf("Compound(%q) = %q but Spell is false", word, parts)
	}
	if len(parts) < 2 {
		t.Fatalf("Compound(%q) = %q: fewer than two parts", word, parts)
	}
	for _, p := range parts {
		if p == "" {
			t.Fatalf("Compound(%q) = %q: empty part", word, parts)
		}
	}
}
