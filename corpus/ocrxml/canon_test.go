package ocrxml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
)

// canonical lists a file's elements in document order as comparable
// lines: start tags with their attributes sorted, end tags, and text
// with white space trimmed. skip(path) leaves out the element at path
// (local names from the root, joined by "/") and everything inside it.
func canonical(src []byte, skip func(path string) bool) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var out, stack []string
	skipping := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if skipping > 0 || skip(strings.Join(stack, "/")) {
				skipping++
				continue
			}
			var attrs []string
			for _, a := range t.Attr {
				attrs = append(attrs, fmt.Sprintf("%s{%s}=%q", a.Name.Local, a.Name.Space, a.Value))
			}
			slices.Sort(attrs)
			out = append(out, fmt.Sprintf("<{%s}%s %s>", t.Name.Space, t.Name.Local, strings.Join(attrs, " ")))
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if skipping > 0 {
				skipping--
				continue
			}
			out = append(out, "</"+t.Name.Local+">")
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); s != "" && skipping == 0 {
				out = append(out, s)
			}
		}
	}
}
