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
// is none of them. It looks at the root element and at hOCR's class
// names, not at the file name.
func Detect(head []byte) Format {
	if h, ok := utf16ASCII(head); ok {
		head = h // Read refuses it, by its encoding
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return ""
	}
	switch {
	case rootIs(head, "alto"):
		return ALTO
	case rootIs(head, "PcGts"):
		return PAGE
	case rootIs(head, "html") && (bytes.Contains(head, []byte("ocr_page")) ||
		bytes.Contains(head, []byte("ocr-capabilities")) || bytes.Contains(head, []byte("ocr-system"))):
		return HOCR
	}
	return ""
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

// rootIs reports whether head has an element named local (with any
// prefix) before any other element besides the XML declaration,
// comments and a DOCTYPE.
func rootIs(head []byte, local string) bool {
	for i := 0; i < len(head); i++ {
		if head[i] != '<' || i+1 >= len(head) {
			continue
		}
		switch head[i+1] {
		case '?', '!':
			continue
		}
		name := head[i+1:]
		end := bytes.IndexAny(name, " \t\r\n/>")
		if end < 0 {
			return false
		}
		name = name[:end]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		return strings.EqualFold(string(name), local)
	}
	return false
}
