package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/suggest"
	"folio/tui/action"
	"folio/tui/dashboard"
	"folio/tui/overlay"
)

// bergText has three whole-word "Ute Berg" (the second crossed by a MISC
// entity on "Berg wieder"), one inside "Ute Bergmann", and "U. Berg".
const bergText = "Ute Berg sprach. Dann kam Ute Berg wieder. Die Ute Bergmann blieb, Ute Berg ging.\nU. Berg kam spät.\n"

// bergStore is the seeds plus document "y" (bergText) with the MISC entity.
func bergStore(t *testing.T) *store.Store {
	t.Helper()
	st := seedStore(t)
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "y", Title: "Berg", Text: bergText}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(bergText, "Berg wieder")
	sp := annot.Span{Start: annot.Runes(bergText[:i]), End: annot.Runes(bergText[:i]) + len("Berg wieder")}
	misc := annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: "MISC"}
	if _, err := st.Do("label", store.Op{Doc: "y", Put: &misc}); err != nil {
		t.Fatal(err)
	}
	return st
}

// entitiesOf returns the entities of a document with a label.
func entitiesOf(t *testing.T, st *store.Store, id, label string) []annot.Annotation {
	t.Helper()
	var out []annot.Annotation
	for _, e := range annsOf(t, st, id, annot.KindEntity) {
		if e.Label == label {
			out = append(out, e)
		}
	}
	return out
}

// selectNth selects the n-th (from 0) occurrence of s in the open document.
func selectNth(t *testing.T, a *App, s string, n int) annot.Span {
	t.Helper()
	off := 0
	for k := 0; ; k++ {
		i := strings.Index(a.cur.Text[off:], s)
		if i < 0 {
			t.Fatalf("%q has no occurrence %d", s, n)
		}
		if k == n {
			b := off + i
			sp := annot.Span{Start: annot.Runes(a.cur.Text[:b]), End: annot.Runes(a.cur.Text[:b+len(s)])}
			a.reader.SelectSpan(sp)
			return sp
		}
		off += i + len(s)
	}
}

// TestLabelKeyAtOnce: with a selection, the label's key labels it at once
// when the text is registered already (under that label); an unknown text
// asks for the canonical name; a text registered as an alias labels with
// its name, here and in other documents.
func TestLabelKeyAtOnce(t *testing.T) {
	st := bergStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	selectDoc(t, a, "y")
	press(t, a, "alt+2")
	selectNth(t, a, "Ute Berg", 0)
	press(t, a, "e", "p")
	o, ok := a.overlay.(*overlay.Canonical)
	if !ok {
		t.Fatalf("an unknown name did not ask: %T", a.overlay)
	}
	if o.Choices()[0].Value != "Ute Berg" || !strings.HasPrefix(o.Choices()[0].Label, "new ") {
		t.Fatalf("choices %+v", o.Choices())
	}
	press(t, a, "enter")
	// the same text again: no prompt
	selectNth(t, a, "Ute Berg", 2)
	press(t, a, "e", "p")
	if a.overlay != nil {
		t.Fatalf("a registered name asked again: %T", a.overlay)
	}
	if es := entitiesOf(t, st, "y", "PER"); len(es) != 2 || es[1].Canonical != "Ute Berg" || es[1].Text != "Ute Berg" {
		t.Fatalf("PER %+v (status %q)", es, a.status.message())
	}
	// an alias: the prompt once, then at once
	selectNth(t, a, "U. Berg", 0)
	press(t, a, "e", "p", "ctrl+u")
	typeText(t, a, "Ute Berg")
	press(t, a, "enter")
	es := entitiesOf(t, st, "y", "PER")
	if len(es) != 3 || es[2].Canonical != "Ute Berg" || es[2].Text != "U. Berg" {
		t.Fatalf("PER %+v (status %q)", es, a.status.message())
	}
	press(t, a, "u") // the alias stays registered only through its mention: gone
	selectNth(t, a, "U. Berg", 0)
	press(t, a, "e", "p")
	if a.overlay == nil {
		t.Fatal("an undone alias still labels at once")
	}
	press(t, a, "ctrl+u")
	typeText(t, a, "Ute Berg")
	press(t, a, "enter")
	// another document: the name is known there too, and the label is
	// another label's business (LOC Ute Berg is not registered)
	scan := seedID(t, "001")
	selectDoc(t, a, scan)
	press(t, a, "alt+2")
	selectNth(t, a, "Ute Berg", 0)
	press(t, a, "e", "l")
	if _, ok := a.overlay.(*overlay.Canonical); !ok {
		t.Fatalf("LOC Ute Berg is not registered, yet no prompt: %T", a.overlay)
	}
	press(t, a, "esc", "e", "p")
	if a.overlay != nil {
		t.Fatalf("PER Ute Berg asked in another document: %T", a.overlay)
	}
	if es := entitiesOf(t, st, scan, "PER"); len(es) != 1 || es[0].Canonical != "Ute Berg" {
		t.Fatalf("PER in 001 %+v (status %q)", es, a.status.message())
	}
}

// TestCanonicalPromptDefault: the prompt puts the names registered for
// exactly this text first and selects the first, before any fuzzy match
// and instead of "new".
func TestCanonicalPromptDefault(t *testing.T) {
	a := newTestApp(t, newMemStore(), 80, 24, nil)
	known := map[string][]string{"U. Berg": {"Ute Berg", "Uwe Berg"}}
	names := []string{"U. Bergmann", "Ute Berg", "Uwe Berg"}
	o := overlay.NewCanonical(a.styles, a.keys.Dialog, "PER", "U. Berg", names, known, nil)
	var got []string
	for _, c := range o.Choices() {
		got = append(got, c.Label)
	}
	if o.Selected() != 0 || len(got) < 3 || got[0] != "Ute Berg" || got[1] != "Uwe Berg" || got[2] != "U. Bergmann" {
		t.Fatalf("choices %q, selected %d", got, o.Selected())
	}
	if got[len(got)-2] != "new “U. Berg”" {
		t.Fatalf("new is not after the registered names: %q", got)
	}
}

// onFirstUteBerg opens document y of bergStore in the reader with its
// first "Ute Berg" selected.
func onFirstUteBerg(t *testing.T) (*store.Store, *App) {
	t.Helper()
	st := bergStore(t)
	a := newTestAppConfig(t, st, 120, 40, nil, config.Default())
	selectDoc(t, a, "y")
	press(t, a, "alt+2")
	selectNth(t, a, "Ute Berg", 0)
	return st, a
}

// TestKeysTypedWhileAChangeReloads: e p enter then L, typed faster than
// the store reads the labelled document back: L waits for the document
// with its new entity and labels the other place, instead of finding no
// entity under the cursor (TestTerminalLabelFoldDashboard failed so on a
// busy machine).
func TestKeysTypedWhileAChangeReloads(t *testing.T) {
	st, a := onFirstUteBerg(t)
	press(t, a, "e", "p")
	_, cmd := a.Update(keyMsg("enter"))
	_, held := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(docMsg); return ok })
	if len(held) != 1 {
		t.Fatalf("the label's save read back %d documents, want the open one", len(held))
	}
	press(t, a, "L")
	if a.status.hasError() {
		t.Fatalf("L acted before the labelled document came back: %q", a.status.message())
	}
	send(t, a, held[0])
	if m := a.status.message(); !strings.Contains(m, "in 1 more place") {
		t.Fatalf("L was not replayed on the labelled document: status %q", m)
	}
	if es := entitiesOf(t, st, "y", "PER"); len(es) != 2 {
		t.Fatalf("PER %+v", es)
	}
}

// TestLabelAllOccurrences: L labels the other whole-word occurrences in
// the document like the entity under the cursor, in one undoable action,
// leaving out the one a crossing entity is in the way of and the one
// inside a longer word; A on the entity previews the corpus's places.
func TestLabelAllOccurrences(t *testing.T) {
	st, a := onFirstUteBerg(t)
	press(t, a, "e", "p", "enter", "L")
	es := entitiesOf(t, st, "y", "PER")
	if len(es) != 2 || es[1].Text != "Ute Berg" || es[1].Canonical != "Ute Berg" || strings.Index(bergText, "Ute Berg ging") != es[1].Start {
		t.Fatalf("PER %+v (status %q)", es, a.status.message())
	}
	if m := a.status.message(); !strings.Contains(m, "in 1 more place (1 labelled already or in the way)") {
		t.Fatalf("status %q", m)
	}
	// again: nothing left, said so
	press(t, a, "L")
	if !a.status.hasError() || !strings.Contains(a.status.message(), "no other occurrence") {
		t.Fatalf("status %q", a.status.message())
	}
	// one u undoes the whole step
	press(t, a, "u")
	if es := entitiesOf(t, st, "y", "PER"); len(es) != 1 {
		t.Fatalf("after undo %+v", es)
	}
	if len(entitiesOf(t, st, "y", "MISC")) != 1 {
		t.Fatal("the undo touched the MISC entity")
	}
	// the corpus: 001 has one, 004 two, y one more (the crossed one left alone)
	selectNth(t, a, "Ute Berg", 0)
	press(t, a, "esc", "A")
	o, ok := a.overlay.(*overlay.Preview)
	if !ok {
		t.Fatalf("overlay %T (status %q)", a.overlay, a.status.message())
	}
	view := strings.Join(o.View(110, 20), "\n")
	if len(o.Places()) != 4 || !strings.Contains(a.status.message(), "4 places in 3 documents") || !strings.Contains(view, "left alone: 2 done or in the way") {
		t.Fatalf("plan (status %q):\n%s", a.status.message(), view)
	}
	press(t, a, "y")
	for id, want := range map[string]int{seedID(t, "001"): 1, seedID(t, "004"): 2, "y": 2} {
		if es := entitiesOf(t, st, id, "PER"); len(es) != want {
			t.Errorf("%s: %d PER, want %d", id, len(es), want)
		}
	}
	press(t, a, "u")
	if es := entitiesOf(t, st, seedID(t, "004"), "PER"); len(es) != 0 {
		t.Fatalf("one u left %+v in 004", es)
	}
}

// TestDashboard: D opens the corpus at a glance, gathered from the store
// in a command: documents by status, open suggestions (the list's
// count), the correction just made in today's activity and the latest
// changes; with a filter set it covers the filtered documents only.
func TestDashboard(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "/")
	typeText(t, a, "Kdln")
	press(t, a, "enter", "a", "space", "D")
	o, ok := a.overlay.(*dashboard.Model)
	if !ok {
		t.Fatalf("overlay %T (status %q)", a.overlay, a.status.message())
	}
	if a.mode() != modeDashboard {
		t.Fatalf("mode %s", a.mode())
	}
	d := o.Data()
	if d.Stats.Documents != 5 || d.Stats.ByStatus["done"] != 1 || d.Stats.Corrections != 1 {
		t.Fatalf("stats %+v", d.Stats)
	}
	if d.Suggested == 0 || !d.Scope.Counted {
		t.Fatalf("open suggestions %d (counted %v)", d.Suggested, d.Scope.Counted)
	}
	if d.Fixes[dashboard.Days-1] != 1 || d.Done[dashboard.Days-1] != 1 || len(d.Recent) < 2 || d.Recent[0].What != "status done" || !strings.Contains(d.Recent[1].What, "Kdln") {
		t.Fatalf("activity %v %v, recent %+v", d.Fixes, d.Done, d.Recent)
	}
	if v := a.View(); !strings.Contains(v, "At a glance: the corpus") || !strings.Contains(v, "Documents 5") {
		t.Fatalf("screen:\n%s", v)
	}
	press(t, a, "esc")
	if a.overlay != nil {
		t.Fatalf("esc left %T open", a.overlay)
	}
	send(t, a, filterMsg{expr: "status:done"})
	press(t, a, "D")
	o, ok = a.overlay.(*dashboard.Model)
	if !ok || o.Data().Stats.Documents != 1 || o.Data().Scope.Name != "filter status:done" {
		t.Fatalf("filtered dashboard %T %+v", a.overlay, o)
	}
}

// TestPanelFoldByMouse: a click on a section's header in the panel folds
// it; the fold holds when another document opens.
func TestPanelFoldByMouse(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	selectDoc(t, a, seedID(t, "001"))
	x, y := -1, -1
	for i, l := range strings.Split(a.View(), "\n") {
		if j := strings.Index(l, "▾ Suggestions ("); j >= 0 {
			x, y = width(l[:j]), i
		}
	}
	if y < 0 {
		t.Fatalf("no Suggestions header:\n%s", a.View())
	}
	send(t, a, tea.MouseMsg{X: x + 2, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if !a.panel.Folded("Suggestions") || !strings.Contains(a.View(), "▸ Suggestions (") {
		t.Fatalf("the click did not fold Suggestions:\n%s", a.View())
	}
	selectDoc(t, a, seedID(t, "004"))
	if !strings.Contains(a.View(), "▸ Suggestions (") {
		t.Fatalf("the fold did not hold in the next document:\n%s", a.View())
	}
}

// TestKeysTypedWhileASaveIsOnItsWay: a, then a and r typed before the
// store answers the first save, as a reviewer types on a busy machine:
// the second a waits for the document as the first saved it and accepts
// the next suggestion, r rejects the one after, instead of both acting
// on the suggestion the first a saved (a conflict, a lost decision).
// A save that fails lets the keys typed meanwhile act on the document
// as shown.
func TestKeysTypedWhileASaveIsOnItsWay(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]")
	want := append([]suggest.Suggestion(nil), a.open...)
	if len(want) < 4 {
		t.Fatalf("%d open suggestions", len(want))
	}
	isDone := func(m tea.Msg) bool { _, ok := m.(action.DoneMsg); return ok }
	_, cmd := a.Update(keyMsg("a"))
	_, held := driveHolding(t, a, cmd, isDone)
	if len(held) != 1 {
		t.Fatalf("a asked for %d saves, want 1", len(held))
	}
	if !a.act.Saving() {
		t.Fatal("a's save on its way, and the actions do not say so")
	}
	press(t, a, "a", "r")
	if n := len(annsOf(t, st, id, annot.KindCorrection)) + len(annsOf(t, st, id, annot.KindRejected)); n != 1 {
		t.Fatalf("%d decisions saved before the first save was answered, want 1 (status %q)", n, a.status.message())
	}
	// the first save answered: the second a is replayed and saves, and r
	// waits for that save in turn (one save at a time)
	_, cmd = a.Update(held[0])
	if _, held = driveHolding(t, a, cmd, isDone); len(held) != 1 {
		t.Fatalf("the keys replayed after the first save asked for %d saves at once, want 1", len(held))
	}
	send(t, a, held[0])
	if a.act.Saving() || a.status.hasError() {
		t.Fatalf("after the keys: saving %v, status %q", a.act.Saving(), a.status.message())
	}
	decided := map[int]annot.Kind{}
	for _, k := range []annot.Kind{annot.KindCorrection, annot.KindEntity, annot.KindRejected} {
		for _, an := range annsOf(t, st, id, k) {
			decided[an.Start] = k
		}
	}
	for i, rejected := range []bool{false, false, true} {
		got, ok := decided[want[i].Start]
		if !ok || (got == annot.KindRejected) != rejected {
			t.Errorf("suggestion %d (%q at %d): decided %q (%v), want rejected=%v, in the order typed", i, want[i].Text, want[i].Start, got, ok, rejected)
		}
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start != want[3].Start {
		t.Fatalf("after a a r: on %+v, want the fourth suggestion at %d", s, want[3].Start)
	}

	// a save that fails: its command is never run (the store is left
	// as it was) and its answer is an error
	if _, cmd := a.Update(keyMsg("a")); cmd == nil || !a.act.Saving() {
		t.Fatal("a asked for no save")
	}
	on, ok := a.reader.CurrentSugg() // a moved on at once
	if !ok {
		t.Fatal("a left no suggestion under the cursor")
	}
	press(t, a, "r")
	send(t, a, action.DoneMsg{Kind: action.KindDo, What: "correct", Err: errors.New("disk full")})
	if a.act.Saving() {
		t.Fatal("a failed save is still counted as on its way")
	}
	rs := annsOf(t, st, id, annot.KindRejected)
	if len(rs) != 2 || !slices.ContainsFunc(rs, func(an annot.Annotation) bool { return an.Start == on.Start }) {
		t.Fatalf("r typed while a failing save was on its way: rejections %+v, want %q at %d's too (status %q)", rs, on.Text, on.Start, a.status.message())
	}
}
