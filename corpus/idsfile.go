package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IDsFile is the file that folio export writes beside the files of a
// folder export (brat, WebAnno TSV, text, hOCR, ALTO, PAGE): the line
// IDsHeader, then one line per document with its id and the name of its
// file, each field escaped by TSVField. Reading such a folder gives each
// file named there its document's id, so that ids no file name can carry
// ("a/b", "con", ids told apart only by letter case) come back as they
// were, and the file itself is not a document.
const IDsFile = "ids.tsv"

// IDsHeader is the first line of an IDsFile.
const IDsHeader = "id\tfile"

// IDsLine is the line of an IDsFile that names the file of document id,
// with its newline.
func IDsLine(id, file string) string {
	return TSVField(id) + "\t" + TSVField(file) + "\n"
}

// TSVField escapes a backslash, tab, newline and carriage return as \\,
// \t, \n and \r, and any other control character as \xHH, so that any
// string stays one field of one line and never reaches a terminal raw.
// unescapeTSVField reads it back.
func TSVField(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unescapeTSVField reads a field as TSVField writes it.
func unescapeTSVField(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", errors.New(`a "\" ends the field`)
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'x':
			if i+3 > len(s) {
				return "", errors.New(`a "\x" without two hex digits`)
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf(`"\x%s" is not two hex digits`, s[i+1:i+3])
			}
			b.WriteRune(rune(n))
			i += 2
		default:
			return "", fmt.Errorf(`unknown escape "\%c"`, s[i])
		}
	}
	return b.String(), nil
}

// ParseIDs reads an IDsFile: the id of each file it names, by the file's
// name (an id may be empty). A line it cannot read is left out and said
// in bad ("line 3: unknown escape \"\\q\""), and so is a file named with
// two ids, at each line that names it. err says why raw is not an IDsFile
// at all (another tool's ids.tsv, say).
func ParseIDs(raw string) (ids map[string]string, bad []string, err error) {
	raw = strings.TrimPrefix(raw, bom)
	if !utf8.ValidString(raw) {
		return nil, nil, errors.New("not UTF-8")
	}
	head, rest, _ := strings.Cut(raw, "\n")
	if strings.TrimSuffix(head, "\r") != IDsHeader {
		return nil, nil, fmt.Errorf("the first line is not %q", IDsHeader)
	}
	ids = make(map[string]string)
	lineOf := map[string]int{} // the line that named each file first
	twice := map[string]bool{}
	for n, line := range strings.Split(rest, "\n") {
		num := n + 2
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 2 {
			bad = append(bad, fmt.Sprintf("line %d: %d fields, not 2", num, len(f)))
			continue
		}
		id, err := unescapeTSVField(f[0])
		if err == nil {
			f[1], err = unescapeTSVField(f[1])
		}
		switch file := f[1]; {
		case err != nil:
			bad = append(bad, fmt.Sprintf("line %d: %v", num, err))
		case file == "":
			bad = append(bad, fmt.Sprintf("line %d: no file", num))
		case twice[file]:
			bad = append(bad, fmt.Sprintf("line %d: the file %s is named with two ids", num, strconv.Quote(file)))
		default:
			if prev, ok := ids[file]; ok && prev != id {
				bad = append(bad, fmt.Sprintf("line %d: the file %s is named with two ids (line %d)", num, strconv.Quote(file), lineOf[file]))
				delete(ids, file)
				twice[file] = true
				continue
			}
			if _, ok := ids[file]; !ok {
				lineOf[file] = num
			}
			ids[file] = id
		}
	}
	return ids, bad, nil
}
