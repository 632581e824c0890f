package tui

import (
	"strings"
	"testing"

	"folio/annot"
)

// suggTexts walks ] or [ from the current position n times and returns
// the text of each suggestion it lands on, with its start.
func walkSuggs(t *testing.T, a *App, k string, n int) []int {
	t.Helper()
	var out []int
	for range n {
		press(t, a, k)
		s, ok := a.reader.currentSugg()
		if !ok {
			t.Fatalf("%s landed on no suggestion (cursor %d)", k, a.reader.cursor)
		}
		sel, _ := a.reader.selection()
		if a.reader.v.spanToStored(sel) != (annot.Span{Start: s.Start, End: s.End}) {
			t.Fatalf("%s selected %v, the suggestion is %d-%d", k, sel, s.Start, s.End)
		}
		out = append(out, s.Start)
	}
	return out
}

// TestSuggestionWalkBothWays: ] ] ] [ [ goes three forward and two back
// (it used to stay on the third), and [ from the first wraps to the last.
func TestSuggestionWalkBothWays(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2", "g")
	if len(a.open) < 4 {
		t.Fatalf("%d open suggestions, want at least 4", len(a.open))
	}
	fwd := walkSuggs(t, a, "]", 3)
	back := walkSuggs(t, a, "[", 2)
	if fwd[0] != a.open[0].Start || fwd[1] != a.open[1].Start || fwd[2] != a.open[2].Start {
		t.Fatalf("] walked %v, open suggestions start at %d %d %d", fwd, a.open[0].Start, a.open[1].Start, a.open[2].Start)
	}
	if back[0] != fwd[1] || back[1] != fwd[0] {
		t.Fatalf("[ [ after %v walked %v", fwd, back)
	}
	if last := walkSuggs(t, a, "[", 1); last[0] != a.open[len(a.open)-1].Start {
		t.Fatalf("[ from the first went to %d, want the last at %d", last[0], a.open[len(a.open)-1].Start)
	}
	if first := walkSuggs(t, a, "]", 1); first[0] != a.open[0].Start {
		t.Fatalf("] from the last went to %d, want the first", first[0])
	}
}

// TestSuggestionAtOffsetZero: ] from the top lands on a suggestion that
// starts the document.
func TestSuggestionAtOffsetZero(t *testing.T) {
	st := newMemStore()
	st.add("a", "Kdln", "Kdln ist schön. Ein Biindnis.\n")
	a := newTestApp(t, st, 100, 30, wordSuggester{})
	selectDoc(t, a, "a")
	press(t, a, "alt+2")
	if got := walkSuggs(t, a, "]", 2); got[0] != 0 || got[1] != 20 {
		t.Fatalf("] ] walked %v, want [0 20]", got)
	}
}

// TestDigitsPickNotFocus: on a suggestion in the reader, 1 picks the first
// candidate and never moves the focus; alt+1 focuses the list.
func TestDigitsPickNotFocus(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]")
	s, ok := a.reader.currentSugg()
	if !ok {
		t.Fatal("no suggestion")
	}
	press(t, a, "1")
	if a.focus != paneReader {
		t.Fatalf("1 moved the focus to %d", a.focus)
	}
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != s.Candidates[0].Text {
		t.Fatalf("1 did not pick candidate 1: %+v", cs)
	}
	// away from a suggestion a digit says so and still does not focus
	press(t, a, "g", "9")
	if a.focus != paneReader {
		t.Fatalf("9 moved the focus to %d", a.focus)
	}
	press(t, a, "alt+1")
	if a.focus != paneList {
		t.Fatalf("alt+1: focus %d", a.focus)
	}
	// the tab bar of a narrow terminal names the panes without digits
	n := newTestApp(t, st, 60, 20, wordSuggester{})
	if bar := n.tabBar(); !containsAll(bar, "List", "Reader", "Panel") || containsAny(bar, "1", "2", "3") {
		t.Fatalf("tab bar %q", bar)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
