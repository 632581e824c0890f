package query

import "testing"

// TestShortWord: the free words an index answers by reading its whole
// lexicon (a run shorter than 3 letters that may lie inside a word).
func TestShortWord(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"", false},
		{"j", true},
		{"ja", true},
		{"jan", false},
		{"Jangtse", false},
		{"ü", true},   // folds to "ue": two letters
		{"üb", false}, // "ueb"
		{"tag:j", false},
		{"status:todo", false},
		{"köln ja", true},
		{"-ja", true},
		{"köln OR x", true},
		{"(a OR köln) tag:x", true},
		{"-köln", false},
		{"\"ja\"", true},
		{"ab-cde", true},  // "ab" may end any word: every word is read
		{"abc-de", false}, // "de" starts a word: a prefix
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if got := q.ShortWord(3); got != c.want {
			t.Errorf("ShortWord(%q, 3) = %v, want %v", c.q, got, c.want)
		}
	}
}
