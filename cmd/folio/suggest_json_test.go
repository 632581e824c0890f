package main

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"folio/suggest"
)

// encoderLine is the line json.Encoder writes for s, as `folio suggest`
// wrote it before appendSuggestionLine.
func encoderLine(s suggest.Suggestion) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(s)
	return buf.Bytes(), err
}

// TestSuggestionLineAsEncoder: the lines of `folio suggest` are byte for
// byte the encoder's: escapes, invalid UTF-8, U+2028, HTML characters
// left as they are, floats in both notations, nil and empty candidates,
// the fields left out when empty.
func TestSuggestionLineAsEncoder(t *testing.T) {
	for _, s := range []suggest.Suggestion{
		{},
		{Doc: "001_x", Start: 3, End: 7, Text: "Kdln", Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.968}, {Text: "Kdln", Score: 0.032}},
			Reason:     "unknown word; looks like OCR damage: d→ö gives Köln", Likelihood: 0.9123456789},
		{Doc: "d", Text: "a\"b\\c\n\r\t\b\f\x00\x1f\x7f<>&", Kind: suggest.KindEntity,
			Candidates: []suggest.Candidate{{Text: "ORG", Score: 1, Canonical: "Stadt <Köln> & Co"}}},
		{Doc: "bad\xff\xfe utf8 \xe2\x82", Text: "\u2028\u2029 \U0001F600 ß", Candidates: []suggest.Candidate{}},
		{Start: -1, End: math.MaxInt32, Likelihood: 1e-7, Candidates: []suggest.Candidate{{Score: 1e21}, {Score: 1e-6}, {Score: 123456789012345678}, {Score: -0.0000001}, {Score: 5e-324}, {Score: math.MaxFloat64}}},
		{Likelihood: math.Copysign(0, -1)},
	} {
		want, err := encoderLine(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendSuggestionLine([]byte("kept"), s)
		if err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		if !bytes.Equal(got, append([]byte("kept"), want...)) {
			t.Errorf("line\n%s\nwant\n%s", got, want)
		}
	}
}

// TestSuggestionLineUnsupported: a score JSON cannot hold is the
// encoder's error, and nothing is appended.
func TestSuggestionLineUnsupported(t *testing.T) {
	for _, s := range []suggest.Suggestion{
		{Likelihood: math.NaN()},
		{Likelihood: math.Inf(1)},
		{Candidates: []suggest.Candidate{{Score: 0.5}, {Score: math.Inf(-1)}}},
	} {
		_, want := encoderLine(s)
		got, err := appendSuggestionLine([]byte("kept"), s)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%+v: error %v, want %v", s, err, want)
		}
		if string(got) != "kept" {
			t.Errorf("%+v: appended %q", s, got)
		}
	}
}

// FuzzSuggestionLine holds appendSuggestionLine to the encoder on any
// strings, numbers and candidates.
func FuzzSuggestionLine(f *testing.F) {
	f.Add("001", 1, 5, "Kdln", "ocr", "Köln", 0.968, "", "d→ö", 0.5, true)
	f.Add("a\x00\"\\", -3, 0, "\u2028\xff", "entity", "ORG", 1e21, "<&>", "", 0.0, false)
	f.Add("", 0, 0, "", "", "", 1e-7, "\n", "\t", -2.5e-9, true)
	f.Fuzz(func(t *testing.T, doc string, start, end int, text, kind, cand string, score float64, canonical, reason string, like float64, two bool) {
		s := suggest.Suggestion{Doc: doc, Start: start, End: end, Text: text, Kind: suggest.Kind(kind),
			Candidates: []suggest.Candidate{{Text: cand, Score: score, Canonical: canonical}}, Reason: reason, Likelihood: like}
		if two {
			s.Candidates = append(s.Candidates, suggest.Candidate{Text: reason, Score: like})
		} else if cand == "" {
			s.Candidates = nil
		}
		want, werr := encoderLine(s)
		got, err := appendSuggestionLine(nil, s)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%+v: error %v, want %v", s, err, werr)
		}
		if err == nil && !bytes.Equal(got, want) {
			t.Fatalf("line\n%q\nwant\n%q", got, want)
		}
	})
}

// BenchmarkSuggestionLines is the JSON of a corpus run's typical
// suggestion, by appendSuggestionLine and by the encoder it replaced.
func BenchmarkSuggestionLines(b *testing.B) {
	s := suggest.Suggestion{Doc: "doc0000001", Start: 1204, End: 1208, Text: "Kdln", Kind: suggest.KindOCR,
		Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.968}, {Text: "Kdln", Score: 0.032}},
		Reason:     "unknown word; looks like OCR damage: d→ö gives Köln", Likelihood: 0.912}
	b.Run("append", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = appendSuggestionLine(buf[:0], s)
		}
	})
	b.Run("encoder", func(b *testing.B) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			_ = enc.Encode(s)
		}
	})
}
