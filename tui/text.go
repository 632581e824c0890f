package tui

import "folio/tui/docview"

// Sanitize returns s as one line of safe display text: every control
// character and escape sequence becomes a visible symbol (see
// docview.Sanitize). Apply it before measuring or styling untrusted text.
func Sanitize(s string) string { return docview.Sanitize(s) }

// width is the display width of already sanitized text.
func width(s string) int { return docview.Width(s) }

// truncate cuts sanitized text to at most w cells, ending it with ….
func truncate(s string, w int) string { return docview.Truncate(s, w) }

// fit pads or cuts sanitized text to exactly w cells.
func fit(s string, w int) string { return docview.Fit(s, w) }
