package action

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"folio/store"
)

// Kind says how a store write came about.
type Kind int

// The kinds of write.
const (
	KindDo Kind = iota
	KindUndo
	KindRedo
)

// String names the kind: do, undo or redo.
func (k Kind) String() string {
	switch k {
	case KindDo:
		return "do"
	case KindUndo:
		return "undo"
	case KindRedo:
		return "redo"
	}
	return "action(" + strconv.Itoa(int(k)) + ")"
}

// DoneMsg reports a store write: an action, an undo or a redo.
type DoneMsg struct {
	Kind Kind
	What string
	Act  store.Action
	Err  error
	// Then runs after success (opening the next document, say).
	Then tea.Cmd
	// Warn says what failed after a success (the suggester not told of
	// an undone fix), for the status line.
	Warn string
}

// PlanMsg is the plan of an apply-everywhere or a label-all: the ops to
// write and what they touch.
type PlanMsg struct {
	// Seq is the number the root gave a corpus-wide search (see search):
	// a plan of a search given up since is dropped.
	Seq      int
	What     string
	From, To string // the fix, for a learning suggester
	Ops      []store.Op
	// Where is, per op, its document and context line, for the preview.
	Where        []string
	Docs, Places int
	Skipped      int // done already or in the way of another annotation
	Foreign      int // left alone: the context says the word is right there
	// Direct applies the plan without a preview (this document's
	// occurrences of a label).
	Direct bool
	Err    error
}

// ProgressMsg says how far corpus-wide search Seq got: the documents
// searched of all, then the places found checked against the rules.
// Next waits for what follows (another ProgressMsg, or the PlanMsg): the
// root runs it while it still waits for search Seq, and drops it
// otherwise.
type ProgressMsg struct {
	Seq             int
	Searched, Docs  int
	Checked, Places int
	Next            tea.Cmd
}
