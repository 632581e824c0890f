package docview

import (
	"strings"
	"testing"
)

// TestWrap: text is wrapped at spaces to the width, a word wider than
// the line cut into pieces of the width; every word is there in order.
func TestWrap(t *testing.T) {
	const msg = "refused: export: /home/reviewer/Korpora/Zeitungen_1889/ids.tsv exists (use --force to overwrite it)"
	for _, tt := range []struct {
		w    int
		want []string
	}{
		{80, []string{"refused: export: /home/reviewer/Korpora/Zeitungen_1889/ids.tsv exists (use", "--force to overwrite it)"}},
		{20, []string{"refused: export:", "/home/reviewer/Korpo", "ra/Zeitungen_1889/id", "s.tsv exists (use", "--force to overwrite", "it)"}},
		{4, []string{"refu", "sed:", "expo", "rt:", "/hom", "e/re", "view", "er/K", "orpo", "ra/Z", "eitu", "ngen", "_188", "9/id", "s.ts", "v", "exis", "ts", "(use", "--fo", "rce", "to", "over", "writ", "e", "it)"}},
	} {
		got := Wrap(msg, tt.w)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("at %d: %q, want %q", tt.w, got, tt.want)
		}
	}
	if got := Wrap("Köln „Straßenskandal“ ok", 6); strings.Join(got, "|") != "Köln|„Straß|enskan|dal“|ok" {
		t.Errorf("runes of two and three bytes: %q", got)
	}
}
