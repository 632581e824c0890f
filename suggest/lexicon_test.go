package suggest

import (
	"reflect"
	"strings"
	"testing"
)

func TestLexiconCounts(t *testing.T) {
	lex := NewLexicon()
	lex.AddDocument("Köln und Köln. Die Wissen-\nschaft, die Hannover-Messe.")
	lex.AddDocument("köln ist groß")
	tests := []struct {
		word      string
		count, df int
	}{
		{"Köln", 3, 2}, {"köln", 3, 2}, {"die", 2, 1}, {"wissenschaft", 1, 1},
		{"wissen", 0, 0}, {"schaft", 0, 0}, {"hannover-messe", 1, 1}, {"messe", 1, 1},
	}
	for _, tt := range tests {
		if c, df := lex.Count(tt.word), lex.DocFreq(tt.word); c != tt.count || df != tt.df {
			t.Errorf("%s: count %d df %d, want %d %d", tt.word, c, df, tt.count, tt.df)
		}
	}
	lex.AddWord("Bündnis", 1)
	if !lex.Known("bündnis") || lex.Count("Bündnis") != 1 {
		t.Error("AddWord did not add Bündnis")
	}
}

func TestLoadWordList(t *testing.T) {
	lex := NewLexicon()
	err := lex.LoadWordList(strings.NewReader("# a comment\nAbend\n\n  Zeitung \r\nÄrger\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"abend", "Zeitung", "ärger"} {
		if !lex.Known(w) {
			t.Errorf("%s not loaded", w)
		}
	}
	if lex.Known("# a comment") || lex.Len() != 3 {
		t.Errorf("loaded %d words, want 3", lex.Len())
	}
}

func TestCompoundSplit(t *testing.T) {
	known := map[string]bool{
		"wirtschaft": true, "ausschuss": true, "jahr": true, "treffen": true,
		"projekt": true, "bezogen": true, "straße": true, "bahn": true, "stadt": true,
		"allianz": true, "industrie": true, "bin": true, "aus": true, "frau": true, "zimmer": true,
	}
	trusted := func(k string) bool { return known[k] }
	tests := []struct {
		word    string
		minPart int
		want    []string
	}{
		{"wirtschaftsausschuss", 3, []string{"wirtschaft", "ausschuss"}},
		{"jahrestreffen", 3, []string{"jahr", "treffen"}},
		{"projektbezogen", 3, []string{"projekt", "bezogen"}},
		{"straßenbahn", 3, []string{"straße", "bahn"}},
		{"frauenzimmer", 3, []string{"frau", "zimmer"}},
		{"industriestadtallianz", 3, []string{"industrie", "stadt", "allianz"}},
		{"industriestadteallianz", 3, nil}, // e is no linking element here
		{"binaus", 3, []string{"bin", "aus"}},
		{"binaus", 4, nil},
		{"wirtschaft", 3, nil}, // one part is no compound
		{"schwanhold", 3, nil},
	}
	for _, tt := range tests {
		if got := morphCompound(tt.word, tt.minPart, trusted); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("morphCompound(%q, %d) = %q, want %q", tt.word, tt.minPart, got, tt.want)
		}
	}
}

func TestInflection(t *testing.T) {
	known := map[string]bool{"netzwerk": true, "stadt": true, "groß": true}
	trusted := func(k string) bool { return known[k] }
	tests := []struct{ word, want string }{
		{"netzwerkes", "netzwerk"}, {"großen", "groß"}, {"stadte", "stadt"}, {"köln", ""},
	}
	for _, tt := range tests {
		if got := morphInflected(tt.word, trusted); got != tt.want {
			t.Errorf("morphInflected(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if !morphInflectionOnly("synergien", "synergie") || morphInflectionOnly("werden", "worden") {
		t.Error("morphInflectionOnly")
	}
}
