package query

import (
	"strings"
	"unicode/utf8"
)

// format appends n in canonical form to b.
func (n *node) format(b []byte) []byte {
	switch n.op {
	case opWord:
		if bareWord(n.value) {
			return append(b, n.value...)
		}
		return appendQuoted(b, n.value)
	case opField:
		b = append(b, n.field.String()...)
		b = append(b, ':')
		if bareValue(n.value) {
			b = append(b, n.value...)
		} else {
			b = appendQuoted(b, n.value)
		}
		if n.prefix {
			b = append(b, '*')
		}
		return b
	case opNot:
		b = append(b, '-')
		return n.kids[0].formatIn(b, opNot)
	case opAnd:
		for i, k := range n.kids {
			if i > 0 {
				b = append(b, ' ')
			}
			b = k.formatIn(b, opAnd)
		}
		return b
	default: // opOr
		for i, k := range n.kids {
			if i > 0 {
				b = append(b, " OR "...)
			}
			b = k.formatIn(b, opOr)
		}
		return b
	}
}

// formatIn formats n as an operand of parent, adding parentheses where the
// parent binds tighter.
func (n *node) formatIn(b []byte, parent op) []byte {
	paren := n.op == opOr && parent != opOr || n.op == opAnd && parent == opNot
	if !paren {
		return n.format(b)
	}
	b = append(b, '(')
	b = n.format(b)
	return append(b, ')')
}

// bareValue reports whether a field value can be written without quotes.
func bareValue(v string) bool {
	if v == "" || strings.HasSuffix(v, "*") {
		return false
	}
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		if stopsWord(r) || r == '\\' {
			return false
		}
		i += size
	}
	return true
}

// bareWord reports whether a free word can be written without quotes: it
// must not read as an operator, a negation or a field, and a star at
// either end, which a bare word drops (termNode), must stay in quotes.
func bareWord(v string) bool {
	if !bareValue(v) || strings.HasPrefix(v, "*") {
		return false
	}
	if v == "OR" || v[0] == '-' {
		return false
	}
	_, _, field := splitField(v)
	return !field
}

// appendQuoted appends v in double quotes, escaping \ and ".
func appendQuoted(b []byte, v string) []byte {
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		if v[i] == '"' || v[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, v[i])
	}
	return append(b, '"')
}
