package corpus

import (
	"bytes"
	"encoding/json"
	"maps"
	"testing"
)

var stringObjectLines = []struct {
	line string
	ok   bool // read by stringObject, not left to encoding/json
}{
	{`{"id": "d1", "text": "Köln am Rhein."}`, true},
	{` { "id":"d1" , "text" : "a\"b\\c\/d\b\f\n\r\t\u00fcé" } ` + "\r", true},
	{`{}`, true},
	{`{"a": "1", "a": "2"}`, true}, // the last one counts
	{`{"text": "` + "\xff\xfe" + `"}`, true},
	{`{"": ""}`, true},
	{`{"te\u0078t": "x"}`, false}, // an escaped key
	{`{"tüxt": "x"}`, false},
	{`{"id": 1, "text": "x"}`, false},
	{`{"text": "x", "spans": []}`, false},
	{`{"text": null}`, false},
	{`{"text": "x"} x`, false},
	{`{"text": "x",}`, false},
	{`{"text": "x"`, false},
	{`{"text": "a` + "\n" + `b"}`, false},
	{`{"text": "\x"}`, false},
	{`{"text": "\u12g4"}`, false},
	{`{"text": "\u12`, false},
	{`{"text" "x"}`, false},
	{`["x", {}]`, false},
	{`null`, false},
	{``, false},
}

// TestStringObjectAsUnmarshal: what stringObject reads, it reads as
// json.Unmarshal does; what it leaves, encoding/json decodes.
func TestStringObjectAsUnmarshal(t *testing.T) {
	for _, c := range stringObjectLines {
		got, ok := stringObject([]byte(c.line))
		if ok != c.ok {
			t.Errorf("%q: read %v, want %v", c.line, ok, c.ok)
			continue
		}
		if ok {
			checkStringObject(t, []byte(c.line), got)
		}
	}
	// the values are copies: the line's buffer may be reused
	line := []byte(`{"text": "abc"}`)
	got, _ := stringObject(line)
	copy(line, bytes.Repeat([]byte("x"), len(line)))
	if string(got["text"]) != `"abc"` {
		t.Errorf("the value changed with the line: %s", got["text"])
	}
}

func checkStringObject(t *testing.T, line []byte, got map[string]json.RawMessage) {
	t.Helper()
	var want map[string]json.RawMessage
	if err := json.Unmarshal(line, &want); err != nil {
		t.Fatalf("%q: read, but encoding/json says %v", line, err)
	}
	if !maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
		t.Fatalf("%q: %q, encoding/json %q", line, got, want)
	}
}

func FuzzStringObject(f *testing.F) {
	for _, c := range stringObjectLines {
		f.Add([]byte(c.line))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if got, ok := stringObject(line); ok {
			checkStringObject(t, line, got)
		}
	})
}
