package tui

import (
	"strings"
	"testing"

	"folio/annot"
	"folio/tui/overlay"
	"folio/tui/panel"
)

func TestNotes(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)

	// in the reader with a selection: a note on the selection
	press(t, a, "alt+2", "/")
	typeText(t, a, "Ute Berg")
	press(t, a, "enter", "m")
	in, ok := a.overlay.(*overlay.Prompt)
	if !ok || !strings.Contains(in.Title(), "Ute Berg") {
		t.Fatalf("overlay %T %+v", a.overlay, a.overlay)
	}
	typeText(t, a, "Beigeordnete, nicht Dezernentin")
	press(t, a, "enter")
	ns := annsOf(t, st, id, annot.KindNote)
	if len(ns) != 1 || !ns[0].HasSpan() || ns[0].Text != "Ute Berg" || ns[0].Value != "Beigeordnete, nicht Dezernentin" || ns[0].Author != "tester" {
		t.Fatalf("span note %+v (status %q)", ns, a.status.message())
	}
	if _, ok := a.reader.Selection(); ok {
		t.Fatal("the selection stays after the note")
	}

	// in the reader without a selection: a note on the document
	press(t, a, "m")
	typeText(t, a, "Seite 2 fehlt")
	press(t, a, "enter")
	// in the list: a note on the document under the cursor
	press(t, a, "alt+1", "m")
	typeText(t, a, "Dublette von 004?")
	press(t, a, "enter")
	ns = annsOf(t, st, id, annot.KindNote)
	if len(ns) != 3 {
		t.Fatalf("notes %+v", ns)
	}
	docNotes := 0
	for _, n := range ns {
		if !n.HasSpan() {
			docNotes++
		}
	}
	if docNotes != 2 {
		t.Fatalf("document notes: %d of %+v", docNotes, ns)
	}
	// an empty note is not saved; esc cancels
	press(t, a, "m", "enter")
	if !a.status.hasError() {
		t.Fatalf("empty note: status %q", a.status.message())
	}
	press(t, a, "m", "x", "esc")
	if n := len(annsOf(t, st, id, annot.KindNote)); n != 3 {
		t.Fatalf("%d notes after an empty and a cancelled one", n)
	}

	// the panel lists them; d deletes one, u brings it back
	var texts []string
	for _, r := range a.panel.Rows() {
		if r.Kind == panel.Item && r.Ann != nil && r.Ann.Kind == annot.KindNote {
			texts = append(texts, r.Text)
		}
	}
	if len(texts) != 3 || !strings.Contains(strings.Join(texts, "|"), "“Ute Berg”: Beigeordnete") {
		t.Fatalf("panel notes %q", texts)
	}
	if listDoc(t, a, id).Counts.Notes != 3 {
		t.Fatalf("list counts %+v", listDoc(t, a, id).Counts)
	}
	press(t, a, "alt+3", "G") // no suggestions: the last item is a note
	it, ok := a.panel.Current()
	if !ok || it.Ann == nil || it.Ann.Kind != annot.KindNote {
		t.Fatalf("panel item %+v", it)
	}
	press(t, a, "d")
	if n := len(annsOf(t, st, id, annot.KindNote)); n != 2 {
		t.Fatalf("%d notes after d (status %q)", n, a.status.message())
	}
	press(t, a, "u")
	if n := len(annsOf(t, st, id, annot.KindNote)); n != 3 {
		t.Fatalf("%d notes after u", n)
	}
}
