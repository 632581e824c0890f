package tui

import (
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/tui/action"
)

// driveDocs is drive, except that the documents it opens are held back
// and returned, as if the store were slow to answer.
func driveDocs(t *testing.T, a *App, cmd tea.Cmd) (held []docMsg) {
	t.Helper()
	_, msgs := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(docMsg); return ok })
	for _, m := range msgs {
		held = append(held, m.(docMsg))
	}
	return held
}

// onFirstInList opens the list's first document, with the list focused,
// and returns the first two documents' ids.
func onFirstInList(t *testing.T, a *App) (first, second string) {
	t.Helper()
	first, second = shownDoc(t, a, 0).ID, shownDoc(t, a, 1).ID
	selectDoc(t, a, first)
	a.setFocus(paneList)
	return first, second
}

// j t in the list, typed faster than the store answers: the tag goes to
// the document j moved to, once it is shown, never to the one still on
// the screen (TestTerminalUndoUnderFilter tagged the wrong one so).
func TestKeysTypedWhileADocumentOpens(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, second := onFirstInList(t, a)
	_, cmd := a.Update(keyMsg("j"))
	held := driveDocs(t, a, cmd)
	if len(held) != 1 || held[0].id != second {
		t.Fatalf("j opened %+v, want %s", held, second)
	}
	send(t, a, keyMsg("t"))
	if a.overlay != nil {
		t.Fatal("t asked for a tag while the document it is for was still on its way")
	}
	send(t, a, held[0])
	if a.overlay == nil {
		t.Fatal("t was not replayed once the document came")
	}
	typeText(t, a, "later")
	press(t, a, "enter")
	tagOnlyOn(t, st, "later", second, first)
}

// j space, then a click on the third document before the second came:
// the space was for a document left before it came; it is dropped with
// a word, and nothing is marked done.
func TestKeysTypedForADocumentLeft(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	onFirstInList(t, a)
	_, cmd := a.Update(keyMsg("j"))
	held := driveDocs(t, a, cmd)
	send(t, a, keyMsg("space"))
	// row 0 is the list's header
	_, cmd = a.Update(tea.MouseMsg{X: 3, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	held = append(held, driveDocs(t, a, cmd)...)
	if len(held) != 2 {
		t.Fatalf("held %d documents, want 2", len(held))
	}
	send(t, a, held[0]) // an older answer: ignored
	send(t, a, held[1])
	if msg := a.status.message(); !strings.Contains(msg, "typed for a document left before it opened") {
		t.Fatalf("status %q", msg)
	}
	if done := doneCount(a); done != 0 {
		t.Fatalf("%d documents done, want none", done)
	}
}

// j space j, typed before the second document came: the keys keep their
// order, each for the document it was typed on: space marks the second
// done (it was typed on it), and the last j moves on from where space
// went.
func TestKeysTypedKeepTheirOrder(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	_, second := onFirstInList(t, a)
	held := typeHolding(t, a, "j", "space", "j")
	if len(held) != 1 || held[0].id != second {
		t.Fatalf("opened %d documents before the first came, want 1 (%s)", len(held), second)
	}
	drive(t, a, func() tea.Msg { return held[0] })
	if got := statusOf(t, st, second); got != "done" {
		t.Errorf("%s is %q, want done", second, got)
	}
	if done := doneCount(a); done != 1 {
		t.Errorf("%d documents done, want 1", done)
	}
}

// space w x in the reader, typed before the next document came: x marks
// the word under the cursor of the document space went to, not of the
// one being left (reader keys act on the document shown).
func TestReaderKeysTypedWhileTheNextOpens(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, _ := onFirstInList(t, a)
	a.setFocus(paneReader)
	held := typeHolding(t, a, "space", "w", "x")
	if len(held) == 0 {
		t.Fatal("space opened no document")
	}
	next := held[len(held)-1].id
	if next == first {
		t.Fatalf("space opened %s, the document it left", next)
	}
	if n := len(annsOf(t, st, first, annot.KindMark)); n != 0 {
		t.Fatalf("x marked %d words of %s, the document being left", n, first)
	}
	for _, m := range held {
		drive(t, a, func() tea.Msg { return m })
	}
	if n := len(annsOf(t, st, next, annot.KindMark)); n != 1 {
		t.Errorf("%s has %d marks after space x, want 1 (status %q)", next, n, a.status.message())
	}
	if n := len(annsOf(t, st, first, annot.KindMark)); n != 0 {
		t.Errorf("%s, left by space, has %d marks", first, n)
	}
}

// j space ? typed before the second document came: help opens once
// space was done on it; help typed after the held space neither opens
// first nor swallows the space.
func TestHelpTypedAfterAHeldKey(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	_, second := onFirstInList(t, a)
	held := typeHolding(t, a, "j", "space", "?")
	if a.overlay != nil {
		t.Fatal("? opened help before the space typed before it was done")
	}
	for _, m := range held {
		drive(t, a, func() tea.Msg { return m })
	}
	if got := statusOf(t, st, second); got != "done" {
		t.Errorf("%s is %q after j space ?, want done", second, got)
	}
	if a.overlay == nil {
		t.Error("? after the space opened no help")
	}
}

// typeHolding types keys one by one as driveDocs drives them: the documents
// they open are held back and returned.
func typeHolding(t *testing.T, a *App, keys ...string) (held []docMsg) {
	t.Helper()
	for _, k := range keys {
		_, cmd := a.Update(keyMsg(k))
		held = append(held, driveDocs(t, a, cmd)...)
	}
	return held
}

// j t good ⏎ typed before the next document comes: the tag's name and
// its enter follow the t they were typed after, into its prompt, and not
// to the list (where g jumps to the first document and the tag is lost).
func TestKeysTypedAfterAHeldKeyFollowIt(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, second := onFirstInList(t, a)
	held := typeHolding(t, a, "j", "t", "g", "o", "o", "d", "enter")
	for _, m := range held {
		send(t, a, m)
	}
	tagOnlyOn(t, st, "good", second, first)
	if a.cur == nil || a.cur.Doc.ID != second {
		t.Errorf("shown %v, want %s", a.cur, second)
	}
}

// A document that cannot be opened holds no keys back: t then asks for
// a tag for the document still shown (before, it was held for the one
// that failed, silently, and lost).
func TestKeysAfterAFailedOpen(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	onFirstInList(t, a)
	held := typeHolding(t, a, "j")
	if len(held) != 1 {
		t.Fatalf("held %d documents, want 1", len(held))
	}
	failed := held[0]
	failed.err = errors.New("the document is gone")
	send(t, a, failed)
	send(t, a, keyMsg("t"))
	if a.overlay == nil {
		t.Fatalf("t after a failed open did nothing (status %q)", a.status.message())
	}
}

// A write to the shown document that is saved after j asked for the
// next one reloads the next one, not the one shown: reloading that one
// cancelled j's (the list on the next, the reader on the one left, and
// t then tagged the one left).
func TestWriteSavedWhileTheNextOpens(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, second := onFirstInList(t, a)
	press(t, a, "t")
	typeText(t, a, "keep")
	// enter saves the tag; its answer comes after j
	_, cmd := a.Update(keyMsg("enter"))
	_, saved := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok })
	if len(saved) != 1 {
		t.Fatalf("enter saved %d actions, want 1", len(saved))
	}
	held := typeHolding(t, a, "j")
	_, cmd = a.Update(saved[0])
	held = append(held, driveDocs(t, a, cmd)...)
	for _, m := range held {
		send(t, a, m)
	}
	if a.cur == nil || a.cur.Doc.ID != second {
		t.Fatalf("shown %v after j, want %s", a.cur.Doc.ID, second)
	}
	tagOnlyOn(t, st, "keep", first)
}

// heldOpen is what driveOpen held back: the documents and the views on
// their way.
type heldOpen struct {
	docs  []docMsg
	views []viewMsg
}

// driveOpen is drive, except that the documents and the reader views it
// brings are held back and returned, as if the store and the layout were
// slow.
func driveOpen(t *testing.T, a *App, cmd tea.Cmd) (h heldOpen) {
	t.Helper()
	_, msgs := driveHolding(t, a, cmd, func(m tea.Msg) bool {
		switch m.(type) {
		case docMsg, viewMsg:
			return true
		}
		return false
	})
	for _, m := range msgs {
		switch m := m.(type) {
		case docMsg:
			h.docs = append(h.docs, m)
		case viewMsg:
			h.views = append(h.views, m)
		}
	}
	return h
}

// j, and the second document comes but its view is still being built,
// then j t: the t is for the third document, still on its way when the
// second one's view comes. That view must leave it held for the third
// (it dropped it as typed for a document left, and the third came
// without its tag prompt).
func TestKeysForTheNextKeptWhenTheViewBeforeComes(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	_, second := onFirstInList(t, a)
	_, cmd := a.Update(keyMsg("j"))
	h := driveOpen(t, a, cmd)
	if len(h.docs) != 1 || h.docs[0].id != second {
		t.Fatalf("j opened %+v, want %s", h.docs, second)
	}
	_, cmd = a.Update(h.docs[0])
	h2 := driveOpen(t, a, cmd)
	if len(h2.views) != 1 {
		t.Fatalf("the second document asked for %d views, want 1", len(h2.views))
	}
	_, cmd = a.Update(keyMsg("j"))
	h3 := driveOpen(t, a, cmd)
	if len(h3.docs) != 1 || h3.docs[0].id == second {
		t.Fatalf("the second j opened %+v", h3.docs)
	}
	third := h3.docs[0].id
	send(t, a, keyMsg("t"))
	if a.overlay != nil {
		t.Fatal("t asked for a tag while the document it is for was on its way")
	}
	send(t, a, h2.views[0]) // the second document's view, late
	if msg := a.status.message(); strings.Contains(msg, "not applied") {
		t.Fatalf("the second document's view dropped the key typed for the third: %q", msg)
	}
	send(t, a, h3.docs[0])
	if a.cur == nil || a.cur.Doc.ID != third {
		t.Fatalf("shown %v, want %s", a.cur, third)
	}
	if a.overlay == nil {
		t.Fatalf("t typed for %s was not replayed once it came (status %q)", third, a.status.message())
	}
	typeText(t, a, "late")
	press(t, a, "enter")
	tagOnlyOn(t, st, "late", third, second)
}

// j t, the second document comes (its view not yet), then a click on the
// third: the t was typed for the second, which came; its view replays
// the t on it, not held again for the third (where it tagged the third).
func TestKeysReplayedOnTheirDocumentWhenAnotherOpens(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	_, second := onFirstInList(t, a)
	_, cmd := a.Update(keyMsg("j"))
	h := driveOpen(t, a, cmd)
	if len(h.docs) != 1 || h.docs[0].id != second {
		t.Fatalf("j opened %+v, want %s", h.docs, second)
	}
	_, cmd = a.Update(h.docs[0])
	h2 := driveOpen(t, a, cmd)
	if len(h2.views) != 1 {
		t.Fatalf("the second document asked for %d views, want 1", len(h2.views))
	}
	send(t, a, keyMsg("t"))
	if a.overlay != nil {
		t.Fatal("t asked for a tag before its document was shown")
	}
	// row 0 is the list's header
	_, cmd = a.Update(tea.MouseMsg{X: 3, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	h3 := driveOpen(t, a, cmd)
	if len(h3.docs) != 1 || h3.docs[0].id == second {
		t.Fatalf("the click opened %+v", h3.docs)
	}
	third := h3.docs[0].id
	send(t, a, h2.views[0])
	if a.overlay == nil {
		t.Fatalf("t was not replayed once %s was shown (status %q)", second, a.status.message())
	}
	typeText(t, a, "mine")
	press(t, a, "enter")
	drive(t, a, func() tea.Msg { return h3.docs[0] })
	tagOnlyOn(t, st, "mine", second, third)
}

// j space q, typed before the second document came: q quits once the
// space was done on it, not at once with the space still held (it quit
// and the second was never marked done).
func TestQuitTypedAfterAHeldKey(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	_, second := onFirstInList(t, a)
	held := typeHolding(t, a, "j", "space")
	_, cmd := a.Update(keyMsg("q"))
	quit, more := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(docMsg); return ok })
	if quit {
		t.Fatal("q quit with the space typed before it still held")
	}
	for _, m := range more {
		held = append(held, m.(docMsg))
	}
	quit = false
	for _, m := range held {
		quit = send(t, a, m) || quit
	}
	if got := statusOf(t, st, second); got != "done" {
		t.Errorf("%s is %q after j space q, want done", second, got)
	}
	if !quit {
		t.Error("q after the held space did not quit once it was done")
	}
}

// space w x in the reader, the w x typed before space's save came back
// (Bubble Tea runs the save, the search for the next todo document and
// its opening as commands, while the keys typed meanwhile come in): the
// x is for the next document, and waits for it, not for the one space
// marked done (the tmux session marked a word of the one left).
func TestKeysTypedWhileSpaceLooksForTheNext(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, _ := onFirstInList(t, a)
	a.setFocus(paneReader)
	_, cmd := a.Update(keyMsg("space"))
	_, saves := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok })
	if len(saves) != 1 {
		t.Fatalf("space saved %d actions, want 1", len(saves))
	}
	send(t, a, keyMsg("w"))
	send(t, a, keyMsg("x"))
	if n := len(annsOf(t, st, first, annot.KindMark)); n != 0 {
		t.Fatalf("x marked %d words of %s, the document space left", n, first)
	}
	send(t, a, saves[0])
	if a.cur == nil || a.cur.Doc.ID == first {
		t.Fatalf("space did not move on from %s", first)
	}
	next := a.cur.Doc.ID
	if n := len(annsOf(t, st, next, annot.KindMark)); n != 1 {
		t.Errorf("%s has %d marks after space w x, want 1 (status %q)", next, n, a.status.message())
	}
	if n := len(annsOf(t, st, first, annot.KindMark)); n != 0 {
		t.Errorf("%s, left by space, has %d marks", first, n)
	}
}

// space w x where no todo document is left: the keys typed after space
// act on the document shown, once that is known (never held for good).
func TestKeysTypedAfterSpaceWithNoNext(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	ids := shownIDs(t, a)
	for _, id := range ids[1:] {
		selectDoc(t, a, id)
		a.setFocus(paneReader)
		press(t, a, "space")
	}
	selectDoc(t, a, ids[0])
	a.setFocus(paneReader)
	_, cmd := a.Update(keyMsg("space"))
	_, saves := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok })
	send(t, a, keyMsg("w"))
	send(t, a, keyMsg("x"))
	for _, m := range saves {
		send(t, a, m)
	}
	if n := len(annsOf(t, st, ids[0], annot.KindMark)); n != 1 {
		t.Errorf("%s, the last todo, has %d marks after space w x, want 1 (status %q)", ids[0], n, a.status.message())
	}
	if len(a.waiting.held) != 0 {
		t.Errorf("%d keys still held", len(a.waiting.held))
	}
}

// space w x where space's save fails: the keys typed after it act on the
// document shown, which space could not leave (never held for good).
func TestKeysTypedAfterAFailedSpace(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	first, _ := onFirstInList(t, a)
	a.setFocus(paneReader)
	_, cmd := a.Update(keyMsg("space"))
	_, saves := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok })
	if len(saves) != 1 {
		t.Fatalf("space saved %d actions, want 1", len(saves))
	}
	send(t, a, keyMsg("w"))
	send(t, a, keyMsg("x"))
	failed := saves[0].(action.DoneMsg)
	failed.Err = errors.New("the disk is full")
	send(t, a, failed)
	if n := len(annsOf(t, st, first, annot.KindMark)); n != 1 {
		t.Errorf("%s has %d marks after a failed space, then w x, want 1 (status %q)", first, n, a.status.message())
	}
	if len(a.waiting.held) != 0 || a.waiting.seeking {
		t.Errorf("%d keys still held (seeking %v)", len(a.waiting.held), a.waiting.seeking)
	}
}

// j space tab space w x typed before the second document came: the keys
// replayed once it is shown keep waiting after the replayed space, for
// the document it goes to (the tmux session marked a word of the second
// with the x typed after the second space).
func TestKeysReplayedAfterASpaceWaitForTheNext(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	ids := shownIDs(t, a)
	onFirstInList(t, a)
	held := typeHolding(t, a, "j", "space", "tab", "space", "w", "x")
	for len(held) > 0 {
		m := held[0]
		_, cmd := a.Update(m)
		held = append(held[1:], driveDocs(t, a, cmd)...)
	}
	for i, want := range []string{"todo", "done", "done"} {
		if got := statusOf(t, st, ids[i]); got != want {
			t.Errorf("%s is %q, want %q", ids[i], got, want)
		}
	}
	if n := len(annsOf(t, st, ids[1], annot.KindMark)); n != 0 {
		t.Errorf("%s, left by the first space, has %d marks", ids[1], n)
	}
	if n := len(annsOf(t, st, ids[3], annot.KindMark)); n != 1 {
		t.Errorf("%s, where the second space went, has %d marks, want 1 (status %q)", ids[3], n, a.status.message())
	}
}

// tagOnlyOn fails t unless document on holds the one tag name and every
// document of off holds none.
func tagOnlyOn(t *testing.T, st *store.Store, name, on string, off ...string) {
	t.Helper()
	if got := tagsOf(t, st, on); len(got) != 1 || got[0] != name {
		t.Errorf("%s tags %v, want [%s]", on, got, name)
	}
	for _, id := range off {
		if got := tagsOf(t, st, id); len(got) != 0 {
			t.Errorf("%s tags %v, want none", id, got)
		}
	}
}
