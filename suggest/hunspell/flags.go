package hunspell

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flag is one affix or property flag. Hunspell stores flags in 16 bits;
// 0 means "no flag".
type flag uint16

// flagSet is a sorted list of flags.
type flagSet []flag

// has reports whether f is in s; the zero flag is in no set.
func (s flagSet) has(f flag) bool {
	if f == 0 {
		return false
	}
	for _, x := range s {
		if x >= f {
			return x == f
		}
	}
	return false
}

// flagMode is the FLAG setting of an affix file.
type flagMode int

const (
	flagChar flagMode = iota // one byte per flag (default)
	flagLong                 // two bytes per flag
	flagNum                  // comma-separated decimal numbers
	flagUTF8                 // one character per flag
)

// Hunspell's reserved flag values.
const (
	defaultForbidden flag = 65510 // FORBIDDENWORD when the .aff sets none
	onlyUpcaseFlag   flag = 65511 // marks hidden capitalised forms
	maxNumFlag            = 65000 // largest flag of FLAG num
)

// decodeFlags parses a flag string according to mode and returns the flags
// sorted.
func decodeFlags(s string, mode flagMode) (flagSet, error) {
	var out flagSet
	switch mode {
	case flagChar:
		out = make(flagSet, 0, len(s))
		for i := 0; i < len(s); i++ {
			out = append(out, flag(s[i]))
		}
	case flagLong:
		if len(s)%2 != 0 {
			return nil, fmt.Errorf("long flags %q: odd length", s)
		}
		out = make(flagSet, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			out = append(out, flag(s[i])<<8|flag(s[i+1]))
		}
	case flagNum:
		for part := range strings.SplitSeq(s, ",") {
			n, err := strconv.Atoi(part)
			if err != nil || n < 1 || n > maxNumFlag {
				return nil, fmt.Errorf("numeric flag %q: want 1..%d", part, maxNumFlag)
			}
			out = append(out, flag(n))
		}
	case flagUTF8:
		for i, r := range s {
			if r == utf8.RuneError && !strings.HasPrefix(s[i:], string(utf8.RuneError)) {
				return nil, fmt.Errorf("UTF-8 flags %q: invalid UTF-8", s)
			}
			if r > 0xFFFF {
				return nil, fmt.Errorf("UTF-8 flag %q: outside the 16-bit range", r)
			}
			out = append(out, flag(r))
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// decodeFlag parses a single flag (an option's argument or an affix name).
// Like hunspell it reads the first flag and ignores the rest.
func decodeFlag(s string, mode flagMode) (flag, error) {
	switch mode {
	case flagChar:
		if s != "" {
			return flag(s[0]), nil
		}
	case flagLong:
		if len(s) >= 2 {
			return flag(s[0])<<8 | flag(s[1]), nil
		}
	case flagNum:
		first, _, _ := strings.Cut(s, ",")
		fs, err := decodeFlags(first, mode)
		if err != nil {
			return 0, err
		}
		return fs[0], nil
	case flagUTF8:
		r, _ := utf8.DecodeRuneInString(s)
		if s != "" && r != utf8.RuneError && r <= 0xFFFF {
			return flag(r), nil
		}
	}
	return 0, fmt.Errorf("flag %q: not a valid flag", s)
}
