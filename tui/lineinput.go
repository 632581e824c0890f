package tui

import (
	"folio/tui/input"
	"folio/tui/style"
)

// lineInput is the root's name for input.Model (the prompts' input).
type lineInput = input.Model

func newLineInput(st *style.Styles, prompt string) lineInput { return input.New(st, prompt) }
