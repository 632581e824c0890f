package corpus

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonString decodes raw, a JSON value that encoding/json has already
// checked (a field of a line it decoded into json.RawMessage), as a
// string, as json.Unmarshal would: escapes, surrogate pairs, and a lone
// surrogate or a byte that is not UTF-8 becoming U+FFFD. ok is false
// when raw is not a string this reads; the caller then asks
// encoding/json, which checks the value once more and tells why. A
// document's text is most of a line, and json.Unmarshal would scan it
// twice more.
func jsonString(raw []byte) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	in := raw[1 : len(raw)-1]
	var b strings.Builder
	b.Grow(len(in))
	for i := 0; i < len(in); {
		c := in[i]
		switch {
		case c == '\\':
			if i+1 >= len(in) {
				return "", false
			}
			switch e := in[i+1]; e {
			case '"', '\\', '/', '\'':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r := jsonHex4(in[i:])
				if r < 0 {
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if d := utf16.DecodeRune(r, jsonHex4(in[i:])); d != unicode.ReplacementChar {
						i += 6
						b.WriteRune(d)
						continue
					}
					r = unicode.ReplacementChar
				}
				b.WriteRune(r)
				continue
			default:
				return "", false
			}
			i += 2
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf:
			j := i + 1
			for j < len(in) && in[j] >= ' ' && in[j] < utf8.RuneSelf && in[j] != '\\' && in[j] != '"' {
				j++
			}
			b.Write(in[i:j])
			i = j
		default:
			r, size := utf8.DecodeRune(in[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteRune(utf8.RuneError)
			} else {
				b.Write(in[i : i+size])
			}
			i += size
		}
	}
	return b.String(), true
}

// jsonHex4 reads the escape \uXXXX at the start of s, or returns -1.
func jsonHex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
