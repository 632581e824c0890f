package reader

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/style"
)

func keyMsg(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestWalk: ] from the top lands on a suggestion at offset 0, ] ] ] [ [
// walks three forward and two back, [ from the first wraps to the last;
// a decision moves on past overlapping ones of the same kind.
func TestWalk(t *testing.T) {
	text := "Kdln und fur und Biindnis und fiir"
	var suggs []suggest.Suggestion
	for _, s := range [][2]int{{0, 4}, {9, 12}, {17, 25}, {30, 34}} {
		suggs = append(suggs, suggest.Suggestion{Start: s[0], End: s[1], Text: text[s[0]:s[1]], Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: "x"}}})
	}
	m := New(DefaultKeyMap(), style.New(nil, false, nil))
	m.SetSize(80, 10)
	m.Install(docview.Build(docview.Request{ID: "d", Text: text, Suggs: suggs, Width: m.TextWidth()}))
	var got []int
	for _, k := range []string{"]", "]", "]", "[", "[", "[", "]"} {
		m.Update(keyMsg(k))
		s, ok := m.CurrentSugg()
		if !ok {
			t.Fatalf("%s: no suggestion", k)
		}
		got = append(got, s.Start)
	}
	want := []int{0, 9, 17, 9, 0, 30, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("walked %v, want %v", got, want)
		}
	}
	if !m.NextAfterDecision() {
		t.Fatal("no suggestion after the first")
	}
	if s, _ := m.CurrentSugg(); s.Start != 9 {
		t.Fatalf("after a decision on the first: %d", s.Start)
	}
}

// TestFind types what a reader types: / from the top finds the match at
// offset 0, n steps on and wraps, N steps back and wraps, a new query
// from a match of the old one takes a match of its own at the cursor,
// and n after the cursor moved off a match takes the first at or after
// the cursor.
func TestFind(t *testing.T) {
	text := "Köln liegt am Rhein. Köln ist alt, Köln ist am Rhein."
	m := New(DefaultKeyMap(), style.New(nil, false, nil))
	m.SetSize(80, 10)
	m.Install(docview.Build(docview.Request{ID: "d", Text: text, Width: m.TextWidth()}))
	at := func(step string, want int) {
		t.Helper()
		sel, ok := m.Selection()
		if !ok || sel.Start != want {
			t.Fatalf("%s: selected %v (%v), want a match at %d", step, sel, ok, want)
		}
	}
	if !m.Find("Köln", false) {
		t.Fatal("/Köln found nothing")
	}
	at("/Köln from the top", 0)
	for _, c := range []struct {
		key  string
		want int
	}{{"n", 21}, {"n", 35}, {"n", 0}, {"N", 35}, {"N", 21}} {
		m.Update(keyMsg(c.key))
		at(c.key, c.want)
	}
	// a new query takes a match at the selection's start: the cursor
	// is on the old match's last letter
	if !m.Find("Köln ist", false) {
		t.Fatal("/Köln ist found nothing")
	}
	at("/Köln ist from a match of Köln at 21", 21)
	if !m.Find("Köln", false) {
		t.Fatal("/Köln found nothing")
	}
	at("/Köln from Köln ist at 21", 21)
	if !m.Find("Köln", false) {
		t.Fatal("/Köln found nothing")
	}
	at("/Köln again, from that match", 35)
	if !m.Find("am", false) {
		t.Fatal("/am found nothing")
	}
	at("/am from Köln at 35", 44)
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.move(30, false) // on "alt", nothing selected
	if !m.Find("Köln", false) {
		t.Fatal("/Köln found nothing")
	}
	at("/Köln from alt", 35)
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.move(35, false)
	m.Update(keyMsg("n"))
	at("n with the cursor on Köln at 35, unselected", 35)
	m.Update(keyMsg("n"))
	at("n from that match", 0)
}
