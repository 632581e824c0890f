// Package reader is the reader pane: one document laid out by docview,
// with a cursor, a selection, search, and the walk over open suggestions.
// It moves and draws; what a key asks of the store (label, correct,
// accept) the root model does, through the methods here.
package reader
