package corpus

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
