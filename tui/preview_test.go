package tui

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// longText is a document of about 300 KB whose first and last lines say
// so.
func longText() string {
	var b strings.Builder
	b.WriteString("Anfang des langen Dokuments\n")
	for i := 0; b.Len() < 300<<10; i++ {
		b.WriteString("Zeile " + strconv.Itoa(i) + " des langen Dokuments mit Köln und Bonn am Rhein.\n")
	}
	b.WriteString("Ende des langen Dokuments")
	return b.String()
}

// isWhole reports whether m is the whole layout of document id.
func isWhole(id string) func(tea.Msg) bool {
	return func(m tea.Msg) bool {
		v, ok := m.(viewMsg)
		return ok && !v.v.Partial && v.v.ID == id
	}
}

// TestLongDocumentPreview: a long document just opened shows its first
// screens from a preview while the whole is laid out; keys typed
// meanwhile wait for the whole (G goes to the document's end, not the
// preview's); a preview that comes after the whole is dropped, and a
// document reopened at a place beyond its preview shows no preview.
func TestLongDocumentPreview(t *testing.T) {
	st := newMemStore()
	st.add("a", "kurz", "Ein kurzes Dokument.")
	st.add("big", "lang", longText())
	a := newTestApp(t, st, 120, 30, nil)
	_, cmd := a.Update(keyMsg("j"))
	_, held := driveHolding(t, a, cmd, isWhole("big"))
	if len(held) != 1 {
		t.Fatalf("%d whole layouts held, want 1", len(held))
	}
	if a.reader.V == nil || !a.reader.V.Partial || a.reader.V.ID != "big" || a.reader.Shows("big") {
		t.Fatalf("the reader does not show a preview of big: %+v", a.reader.V)
	}
	if s := ansi.Strip(a.View()); !strings.Contains(s, "Anfang des langen Dokuments") || !strings.Contains(s, "Zeile 9 des") {
		t.Fatalf("the preview is not drawn:\n%s", s)
	}
	press(t, a, "alt+2", "G")
	if a.reader.Cursor() != 0 {
		t.Fatalf("G acted on the preview: cursor %d", a.reader.Cursor())
	}
	send(t, a, held[0])
	if a.reader.V.Partial || a.reader.Cursor() < a.reader.V.Len()-30 {
		t.Fatalf("after the whole came the cursor is at %d of %d (partial %v)", a.reader.Cursor(), a.reader.V.Len(), a.reader.V.Partial)
	}
	if s := ansi.Strip(a.View()); !strings.Contains(s, "Ende des langen Dokuments") {
		t.Fatalf("G did not show the end:\n%s", s)
	}

	// to a, then back to big: its place (the end) lies beyond a preview
	press(t, a, "alt+1", "k")
	_, cmd = a.Update(keyMsg("j"))
	_, held = driveHolding(t, a, cmd, isWhole("big"))
	if len(held) != 1 || a.reader.V.ID == "big" {
		t.Fatalf("a preview showed big away from its place (%d held): %+v", len(held), a.reader.V.ID)
	}
	send(t, a, held[0])
	if s := ansi.Strip(a.View()); !strings.Contains(s, "Ende des langen Dokuments") {
		t.Fatalf("big did not reopen at its end:\n%s", s)
	}

	// the whole first, the preview late: the preview is dropped
	b := newTestApp(t, st, 120, 30, nil)
	_, cmd = b.Update(keyMsg("j"))
	_, held = driveHolding(t, b, cmd, func(m tea.Msg) bool { v, ok := m.(viewMsg); return ok && v.v.Partial })
	if len(held) != 1 || b.reader.V.Partial || !b.reader.Shows("big") {
		t.Fatalf("%d previews held; the reader shows %+v", len(held), b.reader.V)
	}
	send(t, b, held[0])
	if b.reader.V.Partial {
		t.Fatal("a late preview replaced the whole layout")
	}
}
