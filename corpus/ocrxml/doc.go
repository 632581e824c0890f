// Package ocrxml reads and rewrites the OCR formats hOCR, ALTO (v2–v4)
// and PAGE XML (2013–2019).
//
// Read streams a file with encoding/xml and hands over one Page at a time:
// the page's text in reading order (words joined by one space, lines by a
// line break, blocks by a blank line, line-end hyphens as printed), its
// layout (every word's box, polygon, confidence on a 0–1 scale and line;
// see annot.Layout) and the page's own XML, so that Rewrite can later put
// corrected text back in place and leave every other byte as it was. Memory
// holds the file's header and at most two pages, never a whole file.
//
// Choices where the formats leave room:
//
//   - Text is read at one level: words if a line has any, else the line's
//     own text. PAGE TextEquiv is taken by lowest index (one without an
//     index ranks after every indexed one); the other readings are kept as
//     Alt. ALTO SUBS_CONTENT is never read; a HYP is printed as "-" when
//     its CONTENT is a soft hyphen (U+00AD) or empty, else as it is.
//   - A "block", separated by a blank line, is a top-level ALTO block
//     (ComposedBlock or TextBlock), a PAGE TextRegion and an hOCR
//     ocr_carea (else ocr_par), so that the three files of one Tesseract
//     run give the same text.
//   - PAGE regions follow the ReadingOrder (else the regions'
//     custom="readingOrder {index:n;}"), regions it leaves out come after,
//     in file order. ALTO and hOCR follow file order.
//   - Whitespace inside a word or a line's text becomes one space; texts
//     are put into NFC.
//   - A file with several pages gives one Page each, numbered from 1.
package ocrxml

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/annot"
)

// Format is an OCR file format.
type Format string

// The formats Read understands.
const (
	HOCR Format = "hocr"
	ALTO Format = "alto"
	PAGE Format = "page"
)

// Page is one page read from an OCR file.
type Page struct {
	// Text is the page's text, in NFC.
	Text string
	// Layout holds the page's words and lines with spans on Text, its
	// image reference, size and XML (Layout.Source).
	Layout annot.Layout
	// MultiPage reports whether the file has more than one page.
	MultiPage bool
	// Warnings are problems that did not stop the reading (boxes in units
	// other than pixels, a confidence out of range).
	Warnings []string

	units  []*unit // the text units (words, or lines without words) in text order
	lines  []*lineB
	blocks []*blockB
}

// Detect says which OCR format the start of a file is in, or "" if it
// is none of them. It looks at the root element (Root) and at hOCR's
// class names, not at the file name.
func Detect(head []byte) Format {
	if h, ok := utf16ASCII(head); ok {
		head = h // Read refuses it, by its encoding
	}
	root := Root(head)
	if c := strings.IndexByte(root, ':'); c >= 0 {
		root = root[c+1:]
	}
	switch {
	case strings.EqualFold(root, "alto"):
		return ALTO
	case strings.EqualFold(root, "PcGts"):
		return PAGE
	case strings.EqualFold(root, "html") && (bytes.Contains(head, []byte("ocr_page")) ||
		bytes.Contains(head, []byte("ocr-capabilities")) || bytes.Contains(head, []byte("ocr-system"))):
		return HOCR
	}
	return ""
}

// maxRootName bounds the root element name Root returns.
const maxRootName = 128

// Root returns the name of the root element of the XML file that head
// starts (with its prefix: "xsd:schema"), or "" if head does not start
// with markup (after a byte order mark and white space), ends before the
// root element, or the name is not an XML name. The XML declaration,
// processing instructions, comments (whatever they hold: "<alto>" in a
// schema's change notes is no element) and a DOCTYPE are skipped. A file
// in UTF-16 is read as its ASCII characters.
func Root(head []byte) string {
	if h, ok := utf16ASCII(head); ok {
		head = h
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return ""
	}
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return ""
		}
		head = head[i:]
		var rest int // where the markup skipped ends, -1 if head does
		switch {
		case bytes.HasPrefix(head, []byte("<?")):
			rest = after(head, "?>")
		case bytes.HasPrefix(head, []byte("<!--")):
			rest = after(head[2:], "-->")
			if rest >= 0 {
				rest += 2
			}
		case head[1] == '!':
			rest = afterDecl(head)
		default:
			name := head[1:]
			end := bytes.IndexAny(name, " \t\r\n/>")
			if end < 0 || end > maxRootName || !xmlName(name[:end]) {
				return ""
			}
			return string(name[:end])
		}
		if rest < 0 {
			return ""
		}
		head = head[rest:]
	}
}

// after returns the index in b just after the first end, or -1.
func after(b []byte, end string) int {
	i := bytes.Index(b, []byte(end))
	if i < 0 {
		return -1
	}
	return i + len(end)
}

// afterDecl returns the index in b (starting "<!", a DOCTYPE) just after
// its closing ">", which its internal subset ("[…]") does not hold, or -1.
func afterDecl(b []byte) int {
	depth := 0
	for i := 2; i < len(b); i++ {
		switch b[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return i + 1
			}
		}
	}
	return -1
}

// xmlName reports whether b is a plausible XML name: letters, digits,
// "_", "-", "." and ":", starting with a letter or "_". It holds no
// character that could not be shown in a message as it is.
func xmlName(b []byte) bool {
	if len(b) == 0 || !utf8.Valid(b) {
		return false
	}
	for i, r := range string(b) {
		if !unicode.IsLetter(r) && r != '_' && (i == 0 || !unicode.IsDigit(r) && r != '-' && r != '.' && r != ':') {
			return false
		}
	}
	return true
}

// utf16ASCII returns the ASCII characters of head, a text in UTF-16
// with a byte order mark, each other character as '?'; ok is false if
// head has no such mark.
func utf16ASCII(head []byte) (ascii []byte, ok bool) {
	if len(head) < 2 || !(head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return nil, false
	}
	lo := 0 // the byte of a unit that holds an ASCII character
	if head[0] == 0xFE {
		lo = 1
	}
	for i := 2; i+1 < len(head); i += 2 {
		c := head[i+lo]
		if head[i+1-lo] != 0 || c >= 0x80 {
			c = '?'
		}
		ascii = append(ascii, c)
	}
	return ascii, true
}
