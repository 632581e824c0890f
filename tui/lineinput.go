package tui

import (
	"folio/tui/input"
	"folio/tui/style"
)

// lineInput is the root's name for input.Model, kept while the list
// (list.go) is still a file of this package.
type lineInput = input.Model

func newLineInput(st *style.Styles, prompt string) lineInput { return input.New(st, prompt) }
