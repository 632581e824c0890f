package suggest

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Köln tritt bei.", []string{"Köln", "tritt", "bei"}},
		{"Chinesisch-Deutsche Allianz", []string{"Chinesisch-Deutsche", "Allianz"}},
		{"feierli-\nchem Rahmen", []string{"feierli", "chem", "Rahmen"}},
		{"Bao’an und geht's", []string{"Bao’an", "und", "geht's"}},
		{"'zitiert' -- Strich -", []string{"zitiert", "Strich"}},
		{"Industrie 4.0 im Jahr 2025", []string{"Industrie", "4", "0", "im", "Jahr", "2025"}},
		{"K0ln und 1ch", []string{"K0ln", "und", "1ch"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range Tokens(tt.text) {
			got = append(got, tk.Text)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "Die Stadt Köln, Städte-Partnerschaft"
	toks := Tokens(text)
	want := []struct {
		start, end int
		hyphen     bool
	}{{0, 3, false}, {4, 9, false}, {10, 14, false}, {16, 36, true}}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(toks), len(want))
	}
	rs := []rune(text)
	for i, w := range want {
		tk := toks[i]
		if tk.Start != w.start || tk.End != w.end || tk.HasHyphen != w.hyphen {
			t.Errorf("token %d %q: [%d,%d) hyphen %v, want [%d,%d) %v", i, tk.Text, tk.Start, tk.End, tk.HasHyphen, w.start, w.end, w.hyphen)
		}
		if string(rs[tk.Start:tk.End]) != tk.Text || text[tk.ByteStart:tk.ByteEnd] != tk.Text {
			t.Errorf("token %d: offsets do not slice %q", i, tk.Text)
		}
	}
}
