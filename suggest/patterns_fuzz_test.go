package suggest

import (
	"strings"
	"testing"
)

// FuzzLoadPatterns reads arbitrary pattern files: no panic, every entry
// kept has a label and a pattern, and every error names its line.
func FuzzLoadPatterns(f *testing.F) {
	f.Add(`{"label": "ORG", "pattern": "KölnBusiness"}` + "\n" + `{"label": "LOC", "pattern": [{"lower": "hannover"}, {"lower": "messe"}]}`)
	f.Add(`{"label": "ORG", "pattern": [{"op": "+"}]}` + "\nnot json\n")
	f.Add("\ufeff{\"label\":\"X\",\"pattern\":\"y\",\"id\":\"Z\"}\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		entries, errs := LoadPatterns(strings.NewReader(text))
		for _, e := range entries {
			if e.Label == "" || e.Pattern == "" && len(e.Tokens) == 0 {
				t.Fatalf("kept an empty entry %+v", e)
			}
		}
		for _, err := range errs {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
		}
		NewGazetteer(entries).Find(text)
	})
}
