package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/internal/shared"
	"folio/store"
	"folio/tui/overlay"
)

// bratIntroStore opens a real store in a temporary folder with the brat
// tutorial's introduction (../shared/interop/brat), whose paragraphs are
// one long line each, as document "intro"; it returns its text too.
func bratIntroStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := shared.Dir(t, "interop", "brat", "example-data", "tutorials", "news")
	b, err := os.ReadFile(filepath.Join(dir, "000-introduction.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	st, err := store.Open(filepath.Join(t.TempDir(), "folio.db"), store.Options{Author: "tester", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "intro", Title: "brat intro", Source: "000-introduction.txt", Text: text}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	return st, text
}

// findInReader types / q enter in the reader.
func findInReader(t *testing.T, a *App, q string) {
	t.Helper()
	press(t, a, "/")
	typeText(t, a, q)
	press(t, a, "enter")
}

// TestSelectWholeWords types the user's keys: /Brat Rapid enter w w e
// asks for the label of "Brat Rapid Annotation", not of "Brat Rapid
// Annotation T"; v right after a search starts a selection; 0 v $ B cuts
// a paragraph the layout wraps over several lines whole, as does v } B.
func TestSelectWholeWords(t *testing.T) {
	st, text := bratIntroStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	selectDoc(t, a, "intro")
	press(t, a, "alt+2")
	findInReader(t, a, "Brat Rapid")
	press(t, a, "w", "w", "e")
	p, ok := a.overlay.(*overlay.Picker)
	if !ok {
		t.Fatalf("/Brat Rapid w w e: overlay %T, want the label picker", a.overlay)
	}
	if p.Title() != "Label “Brat Rapid Annotation”" {
		t.Fatalf("/Brat Rapid w w e: %q", p.Title())
	}
	press(t, a, "esc")

	findInReader(t, a, "Brat Rapid")
	press(t, a, "v")
	if a.mode() != modeVisual {
		t.Fatalf("v after a search: mode %s, want a new selection", a.mode())
	}
	press(t, a, "esc")

	para := text[strings.Index(text, "brat is"):]
	para = para[:strings.IndexByte(para, '\n')]
	findInReader(t, a, "web-based")
	press(t, a, "esc", "0", "v", "$", "B")
	start := annot.Runes(text[:strings.Index(text, para)])
	want := annot.Span{Start: start, End: start + annot.Runes(para)}
	cut := annsOf(t, st, "intro", annot.KindCorrection)
	if len(cut) != 1 || cut[0].Class != annot.ClassBoilerplate || cut[0].Span() != want {
		t.Fatalf("0 v $ B: cuts %+v, want the paragraph %v whole (status %q)", cut, want, a.status.message())
	}
	press(t, a, "u")
	findInReader(t, a, "web-based")
	press(t, a, "esc", "0", "v", "}", "B")
	cut = annsOf(t, st, "intro", annot.KindCorrection)
	if len(cut) != 1 || cut[0].Start != want.Start || cut[0].End < want.End {
		t.Fatalf("0 v } B: cuts %+v, want the paragraph %v whole (status %q)", cut, want, a.status.message())
	}
}
