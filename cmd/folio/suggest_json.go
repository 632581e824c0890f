package main

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"folio/suggest"
)

// appendSuggestionLine appends the line `folio suggest` writes for s: the
// bytes a json.Encoder with SetEscapeHTML(false) writes, newline
// included. It writes them without reflection, on the goroutine that
// judged the document (the encoder was a twentieth of a corpus run, on
// the one goroutine that writes). A value JSON cannot hold (a NaN or
// infinite score) returns the encoder's error.
func appendSuggestionLine(b []byte, s suggest.Suggestion) ([]byte, error) {
	if !jsonFinite(s.Likelihood) || slices.ContainsFunc(s.Candidates, func(c suggest.Candidate) bool { return !jsonFinite(c.Score) }) {
		_, err := json.Marshal(s)
		return b, err
	}
	b = append(b, `{"doc":`...)
	b = appendJSONString(b, s.Doc)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(s.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(s.End), 10)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, s.Text)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(s.Kind))
	b = append(b, `,"candidates":`...)
	if s.Candidates == nil {
		b = append(b, "[]"...) // as Suggestion.MarshalJSON writes none
	} else {
		b = append(b, '[')
		for i, c := range s.Candidates {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"text":`...)
			b = appendJSONString(b, c.Text)
			b = append(b, `,"score":`...)
			b = appendJSONFloat(b, c.Score)
			if c.Canonical != "" {
				b = append(b, `,"canonical":`...)
				b = appendJSONString(b, c.Canonical)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"reason":`...)
	b = appendJSONString(b, s.Reason)
	if s.Likelihood != 0 {
		b = append(b, `,"likelihood":`...)
		b = appendJSONFloat(b, s.Likelihood)
	}
	return append(b, '}', '\n'), nil
}

// jsonFinite reports whether JSON can hold f.
func jsonFinite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

// appendJSONFloat appends f as encoding/json writes a float64: the
// shortest form, with an exponent only below 1e-6 or from 1e21 on, and
// that without a leading zero.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString appends s quoted as encoding/json quotes a string
// without HTML escapes: `"` and `\` escaped, control characters as
// \b \f \n \r \t or \u00XX, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
