package tui

import (
	"strconv"

	"folio/tui/docview"
)

func itoa(n int) string { return strconv.Itoa(n) }

func clampInt(v, lo, hi int) int { return docview.Clamp(v, lo, hi) }
