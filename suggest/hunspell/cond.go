package hunspell

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// maxCondLen bounds the number of characters of an affix condition.
const maxCondLen = 1024

// condElem is one position of an affix condition: any character ('.'), one
// of a set ([abc] or a plain character) or none of a set ([^abc]).
type condElem struct {
	any bool
	neg bool
	set []rune
}

// matches reports whether r satisfies the element.
func (e condElem) matches(r rune) bool {
	if e.any {
		return true
	}
	return slices.Contains(e.set, r) != e.neg
}

// condition is a parsed affix condition; an empty condition (".") always
// holds.
type condition []condElem

// parseCondition parses the condition field of a PFX or SFX entry. An
// unclosed bracket takes the rest of the field as its set, as hunspell does.
func parseCondition(s string) (condition, error) {
	if s == "." || s == "" {
		return nil, nil
	}
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("condition %q: invalid UTF-8", s)
	}
	if utf8.RuneCountInString(s) > maxCondLen {
		return nil, fmt.Errorf("condition of %d characters: limit is %d", utf8.RuneCountInString(s), maxCondLen)
	}
	var c condition
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '.':
			c = append(c, condElem{any: true})
		case '[':
			var e condElem
			i++
			if i < len(rs) && rs[i] == '^' {
				e.neg = true
				i++
			}
			for ; i < len(rs) && rs[i] != ']'; i++ {
				e.set = append(e.set, rs[i])
			}
			c = append(c, e)
		default:
			c = append(c, condElem{set: []rune{rs[i]}})
		}
	}
	return c, nil
}

// matchEnd reports whether the last characters of w satisfy c (suffix
// conditions).
func (c condition) matchEnd(w string) bool {
	end := len(w)
	for i := len(c) - 1; i >= 0; i-- {
		if end == 0 {
			return false
		}
		r, n := utf8.DecodeLastRuneInString(w[:end])
		if !c[i].matches(r) {
			return false
		}
		end -= n
	}
	return true
}

// matchStart reports whether the first characters of w satisfy c (prefix
// conditions).
func (c condition) matchStart(w string) bool {
	pos := 0
	for _, e := range c {
		if pos >= len(w) {
			return false
		}
		r, n := utf8.DecodeRuneInString(w[pos:])
		if !e.matches(r) {
			return false
		}
		pos += n
	}
	return true
}

// matchEndParts is matchEnd(head + tail) without building the string; head
// ends at a character boundary.
func (c condition) matchEndParts(head, tail string) bool {
	i := len(c) - 1
	for ; i >= 0 && tail != ""; i-- {
		r, n := utf8.DecodeLastRuneInString(tail)
		if !c[i].matches(r) {
			return false
		}
		tail = tail[:len(tail)-n]
	}
	for ; i >= 0; i-- {
		if head == "" {
			return false
		}
		r, n := utf8.DecodeLastRuneInString(head)
		if !c[i].matches(r) {
			return false
		}
		head = head[:len(head)-n]
	}
	return true
}

// matchStartParts is matchStart(head + tail) without building the string.
func (c condition) matchStartParts(head, tail string) bool {
	i := 0
	for ; i < len(c) && head != ""; i++ {
		r, n := utf8.DecodeRuneInString(head)
		if !c[i].matches(r) {
			return false
		}
		head = head[n:]
	}
	for ; i < len(c); i++ {
		if tail == "" {
			return false
		}
		r, n := utf8.DecodeRuneInString(tail)
		if !c[i].matches(r) {
			return false
		}
		tail = tail[n:]
	}
	return true
}
