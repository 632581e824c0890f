// Package tui is folio's terminal interface: a document list, a reader and
// an annotation panel, built with Bubble Tea.
//
// The root model App only lays out the panes and routes messages; each
// pane (list.go, reader.go, panel.go, status.go) and each overlay
// (overlay*.go, the corpus entity view in entities.go) keeps its own
// state. All store calls run in tea.Cmds and come back as messages tagged
// with the document and a generation counter, so that stale results are
// dropped; counts.go counts every document's open suggestions that way,
// in the background, a chunk per command. Document text is untrusted: it passes
// through sanitize.go before it is measured or styled.
package tui
