package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokWord
	tokMinus
	tokLParen
	tokRParen
	tokOR
)

// token is one lexeme. col is the 1-based code point column of its first
// character; glued reports that no space separates it from the token before.
type token struct {
	kind  tokKind
	col   int
	glued bool
	// for tokWord
	field    string // the field name, "" for a free word
	value    string // the value, unquoted and unescaped
	valueCol int    // column where the value starts
	quoted   bool   // some of the value was in quotes
}

// lexer splits a query into tokens, counting columns in code points.
type lexer struct {
	src  string
	pos  int // byte offset
	col  int // 1-based column of pos
	toks []token
}

func lex(s string) ([]token, error) {
	lx := &lexer{src: s, col: 1}
	glued := false
	for {
		r, size := lx.peek()
		switch {
		case size == 0:
			lx.toks = append(lx.toks, token{kind: tokEOF, col: lx.col, glued: glued})
			return lx.toks, nil
		case unicode.IsSpace(r):
			lx.advance(size)
			glued = false
			continue
		case r == '(':
			lx.toks = append(lx.toks, token{kind: tokLParen, col: lx.col, glued: glued})
			lx.advance(size)
		case r == ')':
			lx.toks = append(lx.toks, token{kind: tokRParen, col: lx.col, glued: glued})
			lx.advance(size)
		case r == '-':
			lx.toks = append(lx.toks, token{kind: tokMinus, col: lx.col, glued: glued})
			lx.advance(size)
		default:
			t, err := lx.word()
			if err != nil {
				return nil, err
			}
			t.glued = glued
			lx.toks = append(lx.toks, t)
		}
		glued = true
	}
}

func (lx *lexer) peek() (rune, int) {
	if lx.pos >= len(lx.src) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(lx.src[lx.pos:])
}

func (lx *lexer) advance(size int) {
	lx.pos += size
	lx.col++
}

// stopsWord reports whether r ends an unquoted run.
func stopsWord(r rune) bool {
	return r == '"' || r == '(' || r == ')' || unicode.IsSpace(r)
}

// word lexes a word: unquoted runs and quoted strings glued together, as in
// a shell. A first unquoted run of the form name:rest makes a field term.
func (lx *lexer) word() (token, error) {
	t := token{kind: tokWord, col: lx.col, valueCol: lx.col}
	var b strings.Builder
	first, quotedAny := true, false
	for {
		r, size := lx.peek()
		if size == 0 || r != '"' && stopsWord(r) {
			break
		}
		if r == '"' {
			if err := lx.quoted(&b); err != nil {
				return t, err
			}
			first, quotedAny = false, true
			continue
		}
		start, startCol := lx.pos, lx.col
		for {
			r, size := lx.peek()
			if size == 0 || stopsWord(r) {
				break
			}
			lx.advance(size)
		}
		run := lx.src[start:lx.pos]
		if first {
			if name, rest, ok := splitField(run); ok {
				t.field = name
				t.valueCol = startCol + utf8.RuneCountInString(name) + 1
				run = rest
			}
		}
		b.WriteString(run)
		first = false
	}
	t.value, t.quoted = b.String(), quotedAny
	if t.field == "" && !quotedAny && t.value == "OR" {
		t.kind = tokOR
	}
	return t, nil
}

// quoted reads a quoted string at lx.pos into b: \" and \\ are escapes, any
// other backslash is itself.
func (lx *lexer) quoted(b *strings.Builder) error {
	openCol := lx.col
	lx.advance(1)
	for {
		r, size := lx.peek()
		switch {
		case size == 0:
			return errAt(openCol, "unterminated quote")
		case r == '"':
			lx.advance(size)
			return nil
		case r == '\\':
			if next, nsize := utf8.DecodeRuneInString(lx.src[lx.pos+size:]); next == '"' || next == '\\' {
				lx.advance(size)
				b.WriteRune(next)
				lx.advance(nsize)
				continue
			}
		}
		b.WriteString(lx.src[lx.pos : lx.pos+size])
		lx.advance(size)
	}
}

// splitField splits name:rest when name is one or more lower-case ASCII
// letters.
func splitField(run string) (name, rest string, ok bool) {
	i := strings.IndexByte(run, ':')
	if i <= 0 {
		return "", "", false
	}
	for j := 0; j < i; j++ {
		if run[j] < 'a' || run[j] > 'z' {
			return "", "", false
		}
	}
	return run[:i], run[i+1:], true
}
