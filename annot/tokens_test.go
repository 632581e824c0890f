package annot

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	text := "Ich wasn’t  da,\n„ja“ x"
	toks := []Span{{0, 3}, {4, 7}, {7, 10}, {12, 14}, {14, 15}, {16, 17}, {17, 19}, {19, 20}} // "x" is in none
	rec := NewTokens(text, toks, []int{0, 16}, []SentenceComments{{Sentence: 1, Lines: []string{"# 2"}}})
	if want := []int{7, 14, 17, 19}; !slices.Equal(rec.Joins, want) {
		t.Errorf("joins %v, want %v", rec.Joins, want)
	}
	back, err := ParseTokens(rec.Value())
	if err != nil || !back.For(Hash(text)) || back.For(Hash(text+" ")) {
		t.Fatalf("%v: %+v, not for its text", err, back)
	}
	if got, want := back.Spans(text), append(slices.Clone(toks), Span{21, 22}); !slices.Equal(got, want) {
		t.Errorf("spans %v, want %v", got, want)
	}
	// a token that holds white space is cut there
	if got := NewTokens("a b", []Span{{0, 3}}, nil, nil).Spans("a b"); !slices.Equal(got, []Span{{0, 1}, {2, 3}}) {
		t.Errorf("spans %v", got)
	}
	// the rules: a document's one record, whose offsets fit its text
	s := NewSet(Runes(text), nil)
	d, err := s.Put(Annotation{Kind: KindTokens, Value: rec.Value()})
	if err != nil || d.Put == nil || d.Put.ID != TokensID {
		t.Errorf("Put: %v %+v", err, d)
	}
	for _, bad := range []string{`{"text":"x"}`, `[1]`, strings.Replace(rec.Value(), "[7,", "[70,", 1), strings.Replace(rec.Value(), `"sentence":1`, `"sentence":5`, 1)} {
		if err := Check(Annotation{Kind: KindTokens, Value: bad}, Runes(text)); err == nil {
			t.Errorf("Check(%s) passed", bad)
		}
	}
}
