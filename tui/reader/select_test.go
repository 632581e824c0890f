package reader

import (
	"strings"
	"testing"

	"folio/tui/docview"
	"folio/tui/style"
)

// newReader lays out text at width w (the pane one column wider).
func newReader(t *testing.T, text string, w int) *Model {
	t.Helper()
	m := New(DefaultKeyMap(), style.New(nil, false, nil))
	m.SetSize(w+1, 20)
	m.Install(docview.Build(docview.Request{ID: "d", Text: text, Width: m.TextWidth()}))
	return &m
}

// selected is the text of the selection, "" for none.
func selected(m *Model) string {
	sel, ok := m.Selection()
	if !ok {
		return ""
	}
	return m.V.Slice(sel)
}

// keys sends each key of ks (one key a rune).
func keys(m *Model, ks string) {
	for _, r := range ks {
		m.Update(keyMsg(string(r)))
	}
}

// TestVisualWordSelection: w extends a selection by whole words: the
// selection stops at the end of the word before the cursor (no stray
// first letter of the next word, nor the space or punctuation before
// it), from a search's match as from v; a character motion after it
// takes the cursor's character again.
func TestVisualWordSelection(t *testing.T) {
	text := "Welcome to the Brat Rapid Annotation Tool (brat) tutorial!"
	for _, c := range []struct{ name, keys, want string }{
		{"search w w", "ww", "Brat Rapid Annotation"},
		{"search w w w", "www", "Brat Rapid Annotation Tool"},
		{"search w w w w", "wwww", "Brat Rapid Annotation Tool (brat"},
		{"search w w l", "wwl", "Brat Rapid Annotation To"},
		{"search v w w", "vww", "d Annotation"},
	} {
		m := newReader(t, text, 80)
		if !m.Find("Brat Rapid", false) {
			t.Fatal("/Brat Rapid found nothing")
		}
		keys(m, c.keys)
		if got := selected(m); got != c.want {
			t.Errorf("%s: selected %q, want %q", c.name, got, c.want)
		}
	}
	m := newReader(t, text, 80)
	keys(m, "vw")
	if got := selected(m); got != "Welcome" {
		t.Errorf("v w from the start: selected %q", got)
	}
	keys(m, "w")
	if got := selected(m); got != "Welcome to" {
		t.Errorf("v w w from the start: selected %q", got)
	}
}

// TestVisualAfterSearch: v on the match a search selected starts a new
// selection at the cursor, as the help says (it ended the match's
// selection); v on a selection v started ends it.
func TestVisualAfterSearch(t *testing.T) {
	m := newReader(t, "Welcome to the Brat Rapid Annotation Tool", 80)
	if !m.Find("Brat Rapid", false) {
		t.Fatal("/Brat Rapid found nothing")
	}
	keys(m, "v")
	if got := selected(m); got != "d" {
		t.Fatalf("v after a search: selected %q, want a new selection at the cursor", got)
	}
	keys(m, "w")
	if got := selected(m); got != "d" {
		t.Fatalf("v w after a search: selected %q", got)
	}
	keys(m, "v")
	if m.Selecting() {
		t.Fatalf("v on a selection v started: still selecting %q", selected(m))
	}
	m.Update(keyMsg("]")) // nothing to jump to: still no selection
	keys(m, "v")
	if !m.Selecting() {
		t.Fatal("v: no selection")
	}
}

// TestLineAndParagraphMotions: 0 and $ go to the start and end of the
// text's line, not of the line the layout wrapped; } and { to the empty
// line after and before a paragraph of several lines; v $ and v } select
// a wrapped line and a paragraph whole.
func TestLineAndParagraphMotions(t *testing.T) {
	para1 := "brat is a web-based tool für structured text annotation and visualizätion."
	para2 := "First line of twö,\nsecond line of two."
	text := "Welcome!\n\n" + para1 + "\n\n\n" + para2 + "\n\nEnd."
	m := newReader(t, text, 20)
	if len(m.V.Lines) < 10 {
		t.Fatalf("%d lines: the text does not wrap", len(m.V.Lines))
	}
	at := func(step, want string) {
		t.Helper()
		b := m.V.ByteOf(m.cursor)
		if !strings.HasPrefix(text[b:], want) {
			t.Fatalf("%s: the cursor is at %q, want %q", step, text[b:min(b+10, len(text))], want)
		}
	}
	m.Find("web-based", false)
	keys(m, "0")
	at("0 in a wrapped line", "brat is")
	keys(m, "$")
	at("$ in a wrapped line", ".\n\n\n")
	keys(m, "0v$")
	if got := selected(m); got != para1 {
		t.Fatalf("0 v $: selected %q, want the wrapped line whole", got)
	}
	m.ClearSelection()
	m.Find("line of twö,", false)
	m.ClearSelection()
	keys(m, "}")
	at("} in a paragraph", "\nEnd.")
	keys(m, "{")
	at("{ from the empty line after it", "\n"+para2)
	keys(m, "{")
	at("{ from the second of two empty lines", "\n"+para1)
	keys(m, "{")
	at("{ before the first paragraph", "Welcome!")
	keys(m, "}")
	at("} from the top", "\n"+para1)
	keys(m, "}")
	at("} from an empty line", "\n\n"+para2)
	m.Find("First", false)
	m.ClearSelection()
	keys(m, "0v}")
	if got := strings.TrimSpace(selected(m)); got != para2 {
		t.Fatalf("v }: selected %q, want the paragraph %q", got, para2)
	}
	keys(m, "G}")
	at("} in the last paragraph", ".")
}
