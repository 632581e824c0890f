package corpus

import (
	"fmt"
	"strings"
)

// sniffLen is how much of a file sniff looks at.
const sniffLen = 8 << 10

// sniff looks at the start of a file and says why it is not UTF-8 text,
// or "" if it may be: UTF-16 (a byte order mark), NUL bytes, or more than
// one byte in ten a control character other than tab, line ends, form
// feed and escape.
func sniff(head []byte) string {
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return "UTF-16 text: convert it to UTF-8"
	}
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return "binary file (it has NUL bytes)"
		case c == '\t', c == '\n', c == '\r', c == '\f', c == '\v', c == 0x1b:
		case c < 0x20, c == 0x7f:
			controls++
		}
	}
	if controls*10 > len(head) {
		return "binary file (too many control characters)"
	}
	return ""
}

// notRead says why a file that no reader of folio takes is skipped: the
// same reason for the same kind of file, whatever its name. root is the
// name of its XML root element, "" if it is not XML.
func notRead(root string) string {
	_, local, ok := strings.Cut(root, ":")
	if !ok {
		local = root
	}
	switch {
	case root == "":
		return "not a .txt, .jsonl, Label Studio or spaCy .json, WebAnno .tsv or CoNLL (.conll, .conllu, .iob, .bio) file, nor hOCR, ALTO or PAGE XML"
	case local == "schema":
		return "an XML schema, not a document (folio reads hOCR, ALTO and PAGE XML)"
	}
	return fmt.Sprintf("XML whose root element is <%s>, not hOCR, ALTO or PAGE XML", root)
}
