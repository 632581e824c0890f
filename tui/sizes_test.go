package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/tui/overlay"
)

// TestSizes draws the app at many sizes, in every pane and with an
// overlay: every frame is exactly w×h cells.
func TestSizes(t *testing.T) {
	st := seedStore(t)
	// one canonical entity for the entity view, with a long name
	found, _ := st.FindWord("Köln")
	id := seedID(t, "000")
	en := annot.Annotation{Kind: annot.KindEntity, Start: found[id][0].Start, End: found[id][0].End, Label: "LOC",
		Canonical: "Köln (kreisfreie Stadt in Nordrhein-Westfalen, Deutschland)"}
	if _, err := st.Do("label", store.Op{Doc: id, Put: &en}); err != nil {
		t.Fatal(err)
	}
	sizes := [][2]int{{20, 6}, {1, 1}, {5, 2}, {10, 3}, {20, 10}, {40, 12}, {79, 24}, {80, 24}, {80, 6}, {100, 30},
		{119, 40}, {120, 40}, {121, 7}, {150, 50}, {200, 60}, {250, 80}, {33, 17}, {87, 9}}
	// a tag vocabulary with keys, one tag with a long name, for the tag
	// picker
	cfg := vocabConfig()
	cfg.Tags = append(cfg.Tags, config.Tag{Name: "Digitalisat-aus-dem-Stadtarchiv-mit-schlechter-Vorlage", Key: "ü"},
		config.Tag{Name: "ohne-Taste"})
	a := newTestAppConfig(t, st, 80, 24, wordSuggester{}, cfg)
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
		for _, k := range []string{"alt+1", "j", "alt+2", "]", "v", "w", "alt+3", "j", "alt+2", "o", "?"} {
			press(t, a, k)
			checkFrame(t, a.View(), w, h)
		}
		press(t, a, "esc", "alt+1", "/")
		checkFrame(t, a.View(), w, h)
		press(t, a, "esc", "alt+2", "e")
		checkFrame(t, a.View(), w, h)
		press(t, a, "esc", "o")
		// the entity view in each of its modes, and the note input
		for _, k := range []string{"E", "/", "k", "esc", "j", "R", "x", "esc", "I", "esc", "D", "n", "q", "m"} {
			press(t, a, k)
			checkFrame(t, a.View(), w, h)
		}
		press(t, a, "esc")
		// the tag picker, moved through, then its free-text input
		for _, k := range []string{"t", "up", "up", "up", "up", "down", "tab", "esc", "?"} {
			press(t, a, k)
			checkFrame(t, a.View(), w, h)
		}
		press(t, a, "esc")
	}
}

// TestNarrowMessageWhole: on a terminal of 20 columns the status line
// cuts a message; ? shows it whole, wrapped, at the top of the help, also
// after the key that opened the help cleared the line.
func TestNarrowMessageWhole(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 20, 12, nil)
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2", "a")
	msg := a.status.message()
	if !strings.HasPrefix(msg, "no suggestion under the cursor") {
		t.Fatalf("status %q", msg)
	}
	if v := a.View(); strings.Contains(v, msg) {
		t.Fatalf("the status line of 20 cells holds the whole message: the test shows nothing\n%s", v)
	}
	press(t, a, "?")
	h, ok := a.overlay.(*overlay.Help)
	if !ok {
		t.Fatalf("? opened %T", a.overlay)
	}
	var text []string
	for _, l := range h.View(18, 100) {
		text = append(text, strings.TrimSpace(ansi.Strip(l)))
	}
	if text[0] != "Last message" {
		t.Fatalf("the help starts with %q", text[0])
	}
	if got := strings.Join(strings.Fields(strings.Join(text[1:6], " ")), " "); !strings.HasPrefix(got, msg) {
		t.Fatalf("the help shows %q, want the message %q whole", got, msg)
	}
}
