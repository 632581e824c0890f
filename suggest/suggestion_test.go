package suggest

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSuggestionJSONCandidates: a suggestion without candidates (a
// garbled passage) writes an empty list, not null; the rest is what the
// encoder writes, HTML escaped as json.Marshal does.
func TestSuggestionJSONCandidates(t *testing.T) {
	b, err := json.Marshal(Suggestion{Doc: "d", Text: "<Verwaltungsbl\\&ttcr>", Kind: KindOCR})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); !strings.Contains(got, `"candidates":[]`) || !strings.Contains(got, `\u003cVerwaltungsbl`) {
		t.Errorf("got %s", got)
	}
	var back Suggestion
	if err := json.Unmarshal(b, &back); err != nil || back.Text != "<Verwaltungsbl\\&ttcr>" || len(back.Candidates) != 0 {
		t.Errorf("read back %+v, %v", back, err)
	}
}
