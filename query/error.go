package query

import "strconv"

// Error is a malformed query. Col is the 1-based column, in code points, of
// the character at fault; len+1 means the end of the query.
type Error struct {
	Col int
	Msg string
}

func (e *Error) Error() string { return "col " + strconv.Itoa(e.Col) + ": " + e.Msg }

func errAt(col int, msg string) *Error { return &Error{Col: col, Msg: msg} }
