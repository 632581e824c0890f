package corpus

import (
	"encoding/json"
	"testing"
)

// jsonStringCases take every path of jsonString: plain ASCII and UTF-8,
// every escape, surrogate pairs, lone and broken surrogates, bytes that
// are not UTF-8, and values that are not strings.
var jsonStringCases = []string{
	`""`, `"Köln"`, `"a\nb\tc\rd\"e\\f\/g\bh\fi"`, `"\u00fc\u00DF\u20ac"`,
	`"\ud83d\ude00 emoji"`, `"\ud83d alone"`, `"\ude00 low"`, `"\ud83d\u0041"`, `"\ud83d\ud83d"`,
	"\"bad \xff byte \xc3\"", "\"cut \xe2\x82\"", `"Zeile 1\nZeile 2 \u2010 Bindestrich"`,
	`5`, `null`, `["a"]`, `{"a":1}`, `"\x"`, `"\u12"`, `"\u12zz"`, "\"ctl \x01\"", `"`, `"a"b"`,
}

// TestJSONStringAsEncodingJSON checks jsonString against json.Unmarshal.
func TestJSONStringAsEncodingJSON(t *testing.T) {
	for _, raw := range jsonStringCases {
		checkJSONString(t, []byte(raw))
	}
}

// FuzzJSONString compares jsonString with json.Unmarshal on any value
// json.Valid accepts, and on any string encoded by json.Marshal.
func FuzzJSONString(f *testing.F) {
	for _, raw := range jsonStringCases {
		f.Add([]byte(raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if json.Valid(raw) {
			checkJSONString(t, raw)
		}
		enc, err := json.Marshal(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		checkJSONString(t, enc)
	})
}

// checkJSONString: a string value (quote to quote) that json.Valid
// accepts is read, as encoding/json reads it; what jsonString reads at
// all, it reads as encoding/json does (anything else goes to
// encoding/json).
func checkJSONString(t *testing.T, raw []byte) {
	t.Helper()
	var want string
	err := json.Unmarshal(raw, &want)
	got, ok := jsonString(raw)
	switch {
	case ok && (err != nil || got != want):
		t.Errorf("jsonString(%q) = %q; encoding/json: %q, %v", raw, got, want, err)
	case !ok && len(raw) > 1 && raw[0] == '"' && raw[len(raw)-1] == '"' && json.Valid(raw):
		t.Errorf("jsonString(%q) did not read a valid string", raw)
	}
}
