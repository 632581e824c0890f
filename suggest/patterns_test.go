package suggest

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestLoadPatterns(t *testing.T) {
	in := "\ufeff" + `{"label": "ORG", "pattern": "KölnBusiness"}
{"label":"ORG","pattern":[{"lower":"hannover"},{"lower":"messe"}],"id":"Hannover Messe"}

{"label":"LOC","pattern":[{"ORTH":"Köln"}],"id":null,"extra":1}
{"label":"ORG","pattern":[{"text":"a.D."}, {"lower":"x", "orth":"X"}]}` + "\r\n" +
		`not json
{"pattern": "x"}
{"label": "ORG", "pattern": ""}
{"label": "ORG", "pattern": "   "}
{"label": "ORG", "pattern": []}
{"label": "ORG", "pattern": [{}]}
{"label": "ORG", "pattern": [{"lower": "a", "op": "+"}]}
{"label": "ORG", "pattern": [{"lower": 5}]}
{"label": "ORG", "pattern": 7}
{"label": "ORG", "pattern": "x", "id": 7}
{"label": "ORG", "pattern": [{"lower": " "}]}
{"label": "ORG"}
{"label": "LOC", "pattern": "Chongqing"}`
	entries, errs := LoadPatterns(strings.NewReader(in))
	want := []Entry{
		{Pattern: "KölnBusiness", Label: "ORG", Source: SourcePattern},
		{Pattern: "hannover messe", Tokens: []TokenPattern{{Lower: "hannover"}, {Lower: "messe"}}, Label: "ORG",
			Canonical: "Hannover Messe", Source: SourcePattern},
		{Pattern: "Köln", Tokens: []TokenPattern{{Orth: "Köln"}}, Label: "LOC", Source: SourcePattern},
		{Pattern: "a.D. X", Tokens: []TokenPattern{{Text: "a.D."}, {Lower: "x", Orth: "X"}}, Label: "ORG", Source: SourcePattern},
		{Pattern: "Chongqing", Label: "LOC", Source: SourcePattern},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("entries:\n%+v\nwant\n%+v", entries, want)
	}
	wantErrs := []string{
		"line 6: not a JSON object",
		`line 7: "label" is missing`,
		`line 8: "pattern" is empty`,
		`line 9: "pattern" is empty`,
		`line 10: "pattern" has no tokens`,
		"line 11: token 1 has no lower, orth or text",
		`line 12: token 1: json: unknown field "op"`,
		"line 13: token 1: json: cannot unmarshal number",
		`line 14: "pattern" must be a string or a list of tokens, not 7`,
		`line 15: "id" must be a string`,
		"line 16: token 1 has no lower, orth or text",
		`line 17: "pattern" is missing`,
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors: %q, want %d", errs, len(wantErrs))
	}
	for i, err := range errs {
		if !strings.HasPrefix(err.Error(), wantErrs[i]) {
			t.Errorf("error %d = %q, want %q...", i, err, wantErrs[i])
		}
	}
}

// patFailReader fails after its text.
type patFailReader struct{ r io.Reader }

func (f *patFailReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestLoadPatternsReadError(t *testing.T) {
	entries, errs := LoadPatterns(&patFailReader{strings.NewReader(`{"label":"X","pattern":"a"}` + "\n")})
	if len(entries) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "disk on fire") {
		t.Fatalf("entries %v, errors %v", entries, errs)
	}
}

func TestLoadPatternsEmpty(t *testing.T) {
	entries, errs := LoadPatterns(strings.NewReader(""))
	if entries != nil || errs != nil {
		t.Fatalf("entries %v, errors %v", entries, errs)
	}
}
