package ocrxml

import (
	"strconv"
	"strings"
)

// rawAttr is an attribute as written in a start tag: its qualified name
// and the byte range of its value (without the quotes) in the tag.
type rawAttr struct {
	name       string
	val0, val1 int
}

// scanTag reads a raw start tag ("<pc:Word id='w1'>"): its qualified name
// and its attributes in order. It is lenient: what it cannot read ends
// the list.
func scanTag(tag []byte) (name string, attrs []rawAttr) {
	name = scanName(tag)
	if name == "" {
		return "", nil
	}
	i := 1 + len(name)
	for {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			return name, attrs
		}
		n0 := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) && tag[i] != '>' {
			i++
		}
		a := rawAttr{name: string(tag[n0:i])}
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			continue // an HTML attribute without a value
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) {
			return name, attrs
		}
		if q := tag[i]; q == '"' || q == '\'' {
			i++
			a.val0 = i
			for i < len(tag) && tag[i] != q {
				i++
			}
			a.val1 = i
			i++
		} else {
			a.val0 = i
			for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' {
				i++
			}
			a.val1 = i
		}
		attrs = append(attrs, a)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// escapeAttr escapes s for an attribute value in double or single quotes.
func escapeAttr(s string) string {
	return attrEscaper.Replace(s)
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;",
	"\t", "&#9;", "\n", "&#10;", "\r", "&#13;")

// escapeText escapes s for character data.
func escapeText(s string) string {
	return textEscaper.Replace(s)
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")

// scanName returns the qualified name of a raw start tag.
func scanName(tag []byte) string {
	if len(tag) < 2 || tag[0] != '<' {
		return ""
	}
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	return string(tag[1:i])
}

// title is an hOCR title attribute: properties separated by ";", each a
// key and its value.
type title []string

// get returns the value of key ("" and false if missing).
func (t title) get(key string) (string, bool) {
	for _, p := range t {
		p = strings.TrimSpace(p)
		k, v, _ := strings.Cut(p, " ")
		if k == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

func parseTitle(s string) title { return strings.Split(s, ";") }

// ints parses space-separated integers (hOCR bbox, x_wconf); floats are
// rounded.
func ints(s string) ([]int, bool) {
	f := strings.Fields(s)
	out := make([]int, len(f))
	for i, x := range f {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, false
		}
		out[i] = int(v + 0.5)
		if v < 0 {
			out[i] = int(v - 0.5)
		}
	}
	return out, true
}

// unquote strips one pair of matching quotes from s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}
