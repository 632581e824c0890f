// Package tui is folio's terminal interface: a document list, a reader and
// an annotation panel, built with Bubble Tea.
//
// The root model App lays out the panes, routes keys and messages, and
// runs commands: the store writes are built by tui/action (one Actions
// value owning them, each returning a tea.Cmd whose DoneMsg or PlanMsg
// the root routes back). The list (tui/list:
// a window over the store's selection, never the corpus), the reader
// (tui/reader, with its text layout in tui/docview), the panel
// (tui/panel), the overlays (tui/overlay: pickers, the tag picker,
// prompts, the canonical-name chooser, the help, the apply-everywhere
// preview, the corpus entity view), the corpus dashboard (tui/dashboard)
// and the one-line input they share (tui/input) are packages of their
// own, each a Model with its KeyMap and the methods the root calls. The
// status line is still a file of this package. All store calls run in tea.Cmds and come
// back as messages (msgs.go) tagged with the document and a generation
// counter, so that stale results are dropped; counts.go counts every document's
// open suggestions that way, in the background, a chunk per command.
// Document text is untrusted: it passes through docview.Sanitize before
// it is measured or styled.
package tui
