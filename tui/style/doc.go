// Package style holds the lipgloss styles of folio's interface, shared by
// the root model and the panes.
package style
