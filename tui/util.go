package tui

import (
	"strconv"

	"github.com/charmbracelet/x/ansi"

	"folio/tui/docview"
)

func itoa(n int) string { return strconv.Itoa(n) }

// ansiStrip removes styling from already sanitized text.
func ansiStrip(s string) string { return ansi.Strip(s) }

func clampInt(v, lo, hi int) int { return docview.Clamp(v, lo, hi) }
