package corpus

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
)

// FuzzNormalize checks the stored-text contract on any input: valid UTF-8,
// NFC, no CR, no leading BOM; the whole input maps onto the whole text;
// positions map in order; normalizing again changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Köln", "\uFEFFa\r\nb\rc", "\uFEFF\uFEFFx", "Ko\u0308ln\r\n", "a\xffb\xe2\x82", "\x00\t\x1b[31m", "e\u0301\u0323\u0308x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := Normalize(data)
		if !utf8.ValidString(n.Text) || !norm.NFC.IsNormalString(n.Text) || strings.ContainsRune(n.Text, '\r') {
			t.Fatalf("Text %+q is not stored form", n.Text)
		}
		if isNFC(string(data)) != norm.NFC.IsNormalString(string(data)) && utf8.Valid(data) {
			t.Fatalf("isNFC(%+q) disagrees with norm", data)
		}
		if again := NormalizeString(n.Text); again.Text != n.Text || len(again.Warnings) != 0 {
			t.Fatalf("normalizing %+q again gave %+q, %q", n.Text, again.Text, again.Warnings)
		}
		in, out := utf8.RuneCount(data), utf8.RuneCountInString(n.Text)
		if n.InputLen() != in {
			t.Fatalf("InputLen = %d, want %d", n.InputLen(), in)
		}
		sp, ok := n.MapSpan(0, in)
		if out > 0 && (!ok || sp != annot.Span{Start: 0, End: out}) {
			t.Fatalf("MapSpan(0, %d) = %v, %v; want [0,%d)", in, sp, ok, out)
		}
		if out == 0 && in > 0 && ok {
			t.Fatalf("MapSpan(0, %d) = %v onto an empty text", in, sp)
		}
		if _, ok := n.MapSpan(0, in+1); ok {
			t.Fatal("MapSpan past the end succeeded")
		}
		last := 0
		for p := 0; p <= in && p < 200; p++ {
			if q, ok := n.MapSpan(p, p); ok {
				if q.Start < last || q.Start > out {
					t.Fatalf("position %d maps to %d, after %d (text of %d)", p, q.Start, last, out)
				}
				last = q.Start
			}
		}
	})
}

// FuzzJSONLLine checks that no line makes decodeLine panic, and that a
// document it returns is stored form with valid annotations.
func FuzzJSONLLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"Ute Berg wohnt in Köln.","label":[[0,8,"PER"],[18,22,"LOC"]]}`,
		`{"text":"\ufeffZeile\r\nKo\u0308ln","spans":[{"start":8,"end":13,"label":"LOC"}]}`,
		`{"text":"x","corrected_text":"x","entities":[{"start":0,"end":1,"label":"PER","text":"x"}],"tags":["a"],"status":"done"}`,
		`{"text":5}`, `not json`, `[]`, `{"text":"a","meta":{"title":"T"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		d, probs, skip := decodeLine(line, "f.jsonl:1", false)
		for _, p := range probs {
			if p.Where != "f.jsonl:1" {
				t.Fatalf("problem at %q", p.Where)
			}
		}
		if skip != "" {
			return
		}
		if d.ID == "" || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("doc without id or text: %+v", d)
		}
		if !utf8.ValidString(d.Text) || !norm.NFC.IsNormalString(d.Text) || strings.ContainsRune(d.Text, '\r') {
			t.Fatalf("text %+q is not stored form", d.Text)
		}
		n := utf8.RuneCountInString(d.Text)
		if err := annot.Validate(d.Anns, n); err != nil {
			t.Fatalf("annotations break the rules: %v", err)
		}
		for _, a := range d.Anns {
			if a.HasSpan() && a.Text != annot.Slice(d.Text, a.Span()) {
				t.Fatalf("annotation %+v: text is not what it covers", a)
			}
			if a.Origin == "" {
				t.Fatalf("annotation %+v has no origin", a)
			}
		}
	})
}

// FuzzDecodeObject holds decodeObject's fast decoder to encoding/json: on
// any input both decode it or neither does, to the same fields with the
// same raw bytes, and an error is encoding/json's own.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{"text":"Köln","id":1}`, `null`, `[1]`, `{"a":{"b":[1,2,{"c":null}]},"a":"x"}`,
		`{"text":"a\u00e9\ud83d\ude00\n"}`, "{\"text\":\"a\xffb\"}", "{\"t\":\"a\x01b\"}", `{"x":1e999}`, `{"x":01}`,
		`{"x":"\ud800"}`, ` {"x" : true } `, `{"x":tru}`, `{"x":1}x`, `{}`, `{"":""}`, `"text"`, `{"x":-0.5E+3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(data, &want)
		got, err := decodeObject(data)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%q: error %v, encoding/json's %v", data, err, wantErr)
		}
		if err != nil {
			if err.Error() != wantErr.Error() {
				t.Fatalf("%q: error %q, encoding/json's %q", data, err, wantErr)
			}
			return
		}
		if (got == nil) != (want == nil) || len(got) != len(want) {
			t.Fatalf("%q: %q, encoding/json's %q", data, got, want)
		}
		for k, v := range want {
			if g, ok := got[k]; !ok || !bytes.Equal(g, v) {
				t.Fatalf("%q: field %q is %q, encoding/json's %q", data, k, g, v)
			}
		}
	})
}
