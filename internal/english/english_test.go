package english

import "testing"

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, "0 documents"},
		{1, "1 document"},
		{2, "2 documents"},
		{-1, "-1 documents"},
	} {
		if got := Count(tt.n, "document", "documents"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := Noun(1, "entity", "entities"); got != "entity" {
		t.Errorf("Noun(1) = %q", got)
	}
}
