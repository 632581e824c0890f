package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/suggest"
	"folio/tui/action"
)

// acceptUndoSetup opens the scan 001 in the reader and accepts with a
// its fourth suggestion (the third and fourth are OCR fixes), which
// moves on to the fifth. It returns the open suggestions as they were
// before, and a function that reads 001's corrections from the store.
func acceptUndoSetup(t *testing.T) (*App, []suggest.Suggestion, func() []annot.Annotation) {
	t.Helper()
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]", "]", "]", "]")
	open := append([]suggest.Suggestion(nil), a.open...)
	if len(open) < 5 || open[2].Kind != suggest.KindOCR || open[3].Kind != suggest.KindOCR {
		t.Fatalf("open suggestions %+v, want at least 5, the third and fourth OCR fixes", open)
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start != open[3].Start {
		t.Fatalf("g ] ] ] ]: on %+v, want the fourth suggestion %+v", s, open[3])
	}
	press(t, a, "a")
	corrections := func() []annot.Annotation { return annsOf(t, st, id, annot.KindCorrection) }
	if cs := corrections(); len(cs) != 1 || cs[0].Start != open[3].Start {
		t.Fatalf("a: corrections %+v (status %q)", cs, a.status.message())
	}
	return a, open, corrections
}

// checkAcceptedPrev checks that the suggestion before the undone one,
// not the undone one again, is the one corrected, and that the reader
// and the panel agree on the suggestion they are on.
func checkAcceptedPrev(t *testing.T, a *App, open []suggest.Suggestion, cs []annot.Annotation) {
	t.Helper()
	if len(cs) != 1 || cs[0].Start != open[2].Start {
		t.Fatalf("u [ a: corrections %+v, want only the third suggestion %q at %d fixed (status %q)",
			cs, open[2].Text, open[2].Start, a.status.message())
	}
	s, ok := a.reader.CurrentSugg()
	it, pok := a.panel.Current()
	if !ok || !pok || it.Sugg < 0 || it.Sugg >= len(a.open) || a.open[it.Sugg].Start != s.Start {
		t.Fatalf("the reader is on %+v (%v), the panel on row %+v", s, ok, it)
	}
}

// TestUndoThenPrevSuggestion: after u brings a suggestion back (its span
// selected), [ goes to the suggestion before it, as from the suggestion
// itself, and a accepts the one [ highlighted, not the undone one again.
func TestUndoThenPrevSuggestion(t *testing.T) {
	a, open, corrections := acceptUndoSetup(t)
	press(t, a, "u")
	if cs := corrections(); len(cs) != 0 {
		t.Fatalf("u: corrections %+v", cs)
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start != open[3].Start {
		t.Fatalf("u: the reader is on %+v, want the undone suggestion %+v", s, open[3])
	}
	if it, ok := a.panel.Current(); !ok || it.Sugg < 0 || a.open[it.Sugg].Start != open[3].Start {
		t.Fatalf("u: the panel is on %+v, want the undone suggestion", it)
	}
	press(t, a, "[")
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start != open[2].Start {
		t.Fatalf("u [: the reader is on %+v, want the third suggestion %+v", s, open[2])
	}
	press(t, a, "a")
	checkAcceptedPrev(t, a, open, corrections())
}

// TestKeysTypedWhileAnUndoIsOnItsWay: [ and a typed while u's write is
// on its way wait for the document as undone, instead of acting on the
// view from before it (where [ went back from the suggestion after the
// undone one and the undo then put the cursor back on the undone one,
// which a saved again).
func TestKeysTypedWhileAnUndoIsOnItsWay(t *testing.T) {
	a, open, corrections := acceptUndoSetup(t)
	isDone := func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok }
	_, cmd := a.Update(keyMsg("u"))
	_, held := driveHolding(t, a, cmd, isDone)
	if len(held) != 1 {
		t.Fatalf("u asked for %d writes, want 1", len(held))
	}
	if !a.act.Saving() {
		t.Fatal("u's write on its way, and the actions do not say so")
	}
	// the store has undone it (the command ran); its answer is held
	press(t, a, "[", "a")
	if cs := corrections(); len(cs) != 0 {
		t.Fatalf("[ a acted before the undo was answered: corrections %+v", cs)
	}
	send(t, a, held[0])
	if a.act.Saving() {
		t.Fatal("the undo answered, and still counted as on its way")
	}
	checkAcceptedPrev(t, a, open, corrections())
}
