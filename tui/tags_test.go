package tui

import (
	"slices"
	"strings"
	"testing"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/tui/overlay"
)

// vocabConfig is the default config with the tag vocabulary ocr (o) and
// web (w).
func vocabConfig() config.Config {
	c := config.Default()
	c.Tags = []config.Tag{{Name: "ocr", Key: "o"}, {Name: "web", Key: "w"}}
	return c
}

// tagsOf returns the tags of a document, sorted.
func tagsOf(t *testing.T, st *store.Store, id string) []string {
	t.Helper()
	var out []string
	for _, x := range annsOf(t, st, id, annot.KindTag) {
		out = append(out, x.Label)
	}
	slices.Sort(out)
	return out
}

// lineWith returns the first line of the screen that contains s.
func lineWith(view, s string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestTagPicker(t *testing.T) {
	st := seedStore(t)
	a := newTestAppConfig(t, st, 100, 30, nil, vocabConfig())
	doc, _ := a.list.Current()
	id := doc.ID

	// t opens the picker: one line per tag, its key and name, and the
	// way to the free-text input
	press(t, a, "t")
	if _, ok := a.overlay.(*overlay.TagPicker); !ok {
		t.Fatalf("overlay %T, want the tag picker", a.overlay)
	}
	v := a.View()
	for _, want := range []string{"o   ocr", "w   web", "tab other tag…"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the picker lacks %q:\n%s", want, v)
		}
	}
	help := lineWith(v, "apply that tag")
	if !strings.Contains(help, "o/w") || !strings.Contains(help, "type another tag") || !strings.Contains(help, "cancel") {
		t.Fatalf("short help %q", help)
	}

	// its key applies a tag at once, one undoable action
	press(t, a, "o")
	if a.overlay != nil {
		t.Fatalf("the picker stays open: %T", a.overlay)
	}
	if got := tagsOf(t, st, id); !slices.Equal(got, []string{"ocr"}) {
		t.Fatalf("tags %v (status %q)", got, a.status.message())
	}
	if d, _ := a.list.Current(); !slices.Equal(d.Tags, []string{"ocr"}) {
		t.Fatalf("list record not refreshed: %v", d.Tags)
	}
	press(t, a, "u")
	if got := tagsOf(t, st, id); len(got) != 0 {
		t.Fatalf("after undo %v", got)
	}
	press(t, a, "ctrl+r")

	// the picker marks the tags the document has; applying one again
	// writes nothing
	press(t, a, "t")
	v = a.View()
	if !strings.Contains(v, "o ✓ ocr") || !strings.Contains(v, "w   web") {
		t.Fatalf("ocr is not marked, or web is:\n%s", v)
	}
	press(t, a, "o")
	if !strings.Contains(a.status.message(), "already tagged #ocr") || a.status.hasError() {
		t.Fatalf("status %q", a.status.message())
	}

	// esc cancels
	press(t, a, "t", "esc")
	if a.overlay != nil {
		t.Fatalf("esc left %T open", a.overlay)
	}

	// tab opens the free-text input: a new tag
	press(t, a, "t", "tab")
	if _, ok := a.overlay.(*overlay.Prompt); !ok {
		t.Fatalf("overlay %T, want the tag input", a.overlay)
	}
	typeText(t, a, "neu")
	press(t, a, "enter")
	if got := tagsOf(t, st, id); !slices.Equal(got, []string{"neu", "ocr"}) {
		t.Fatalf("tags %v (status %q)", got, a.status.message())
	}

	// enter alone opens the input too (the last line is selected), and
	// the input completes the vocabulary
	selectDoc(t, a, seedID(t, "002"))
	press(t, a, "t", "enter")
	if _, ok := a.overlay.(*overlay.Prompt); !ok {
		t.Fatalf("overlay %T, want the tag input", a.overlay)
	}
	press(t, a, "w", "tab", "enter")
	if got := tagsOf(t, st, seedID(t, "002")); !slices.Equal(got, []string{"web"}) {
		t.Fatalf("completed tags %v", got)
	}

	// arrows and enter pick a line
	press(t, a, "t", "up", "up", "enter")
	if got := tagsOf(t, st, seedID(t, "002")); !slices.Equal(got, []string{"ocr", "web"}) {
		t.Fatalf("tags %v", got)
	}
	press(t, a, "u")
	if got := tagsOf(t, st, seedID(t, "002")); !slices.Equal(got, []string{"web"}) {
		t.Fatalf("undo took more than the one tag: %v", got)
	}

	// the full help lists the vocabulary and the picker's keys
	a2 := newTestAppConfig(t, st, 200, 60, nil, vocabConfig())
	press(t, a2, "?")
	v = a2.View()
	for _, want := range []string{"Tag picker", "#ocr", "#web", "type another tag"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestTagWithoutVocabulary(t *testing.T) {
	st := seedStore(t)
	unkeyed := config.Default()
	unkeyed.Tags = []config.Tag{{Name: "ocr"}} // a vocabulary without keys
	for name, cfg := range map[string]config.Config{"none": config.Default(), "unkeyed": unkeyed} {
		t.Run(name, func(t *testing.T) {
			a := newTestAppConfig(t, st, 100, 30, nil, cfg)
			id := seedID(t, "003")
			selectDoc(t, a, id)
			press(t, a, "t")
			if _, ok := a.overlay.(*overlay.Prompt); !ok {
				t.Fatalf("overlay %T, want the tag input", a.overlay)
			}
			typeText(t, a, name)
			press(t, a, "enter")
			if got := tagsOf(t, st, id); !slices.Contains(got, name) {
				t.Fatalf("tags %v", got)
			}
			press(t, a, "?")
			if strings.Contains(a.View(), "Tag picker") {
				t.Fatal("the help shows the tag picker without keyed tags")
			}
		})
	}
}
