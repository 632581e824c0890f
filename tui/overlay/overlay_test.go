package overlay

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/store"
	"folio/tui/input"
	"folio/tui/style"
)

// k is the key message of a key named as key.Binding names it, or of the
// runes s.
func k(s string) tea.KeyMsg {
	if s == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	for t, name := range map[tea.KeyType]string{
		tea.KeyEnter: "enter", tea.KeyEsc: "esc", tea.KeyCtrlJ: "ctrl+j", tea.KeyDown: "down",
		tea.KeyCtrlD: "ctrl+d", tea.KeyCtrlU: "ctrl+u", tea.KeyHome: "home", tea.KeyEnd: "end",
		tea.KeyPgDown: "pgdown",
	} {
		if s == name {
			return tea.KeyMsg{Type: t}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

var st = style.New(nil, false, nil)

// TestPicker: an item's own key picks it at once; j and enter pick the
// next; esc cancels with no result.
func TestPicker(t *testing.T) {
	items := []Item{{Key: "p", Label: "PER", Value: "PER"}, {Key: "o", Label: "ORG", Value: "ORG"}}
	pick := func(it Item) tea.Msg { return it.Value }
	for _, tc := range []struct {
		keys []string
		want any
	}{
		{[]string{"o"}, "ORG"},
		{[]string{"j", "enter"}, "ORG"},
		{[]string{"enter"}, "PER"},
		{[]string{"esc"}, nil},
	} {
		p := NewPicker(st, DefaultPickerKeys(), "Label", items, pick)
		var done bool
		var res tea.Msg
		for _, s := range tc.keys {
			done, res = p.Update(k(s))
		}
		if !done || res != tc.want {
			t.Errorf("%v: done %v, result %v; want %v", tc.keys, done, res, tc.want)
		}
	}
}

// TestPrompt: typed text is submitted; ctrl+j types a break only where
// breaks are allowed; esc gives nothing.
func TestPrompt(t *testing.T) {
	for _, breaks := range []bool{false, true} {
		in := input.New(st, "→ ")
		in.Breaks = breaks
		p := NewPrompt(st, DefaultDialogKeys(), "Correct", in, func(v string) tea.Msg { return v })
		for _, s := range []string{"a", "ctrl+j", "b"} {
			if done, _ := p.Update(k(s)); done {
				t.Fatalf("%q closed the prompt", s)
			}
		}
		want := "ab"
		if breaks {
			want = "a\nb"
		}
		if done, res := p.Update(k("enter")); !done || res != want {
			t.Errorf("breaks %v: %v %q, want %q", breaks, done, res, want)
		}
	}
	p := NewPrompt(st, DefaultDialogKeys(), "Note", input.New(st, ""), func(v string) tea.Msg { return v })
	p.Update(k("x"))
	if done, res := p.Update(k("esc")); !done || res != nil {
		t.Errorf("esc: %v %v", done, res)
	}
}

// TestPreview: dropped places are left out of what is applied; applying
// with none kept applies nothing.
func TestPreview(t *testing.T) {
	places := []string{"a: ⟦fur⟧ x", "b: ⟦fur⟧ y", "c: ⟦fur⟧ z"}
	var got []bool
	p := NewPreview(st, DefaultPreviewKeys(), "fix", places, "1 marked foreign", func(keep []bool) tea.Msg { got = keep; return "applied" })
	p.Update(k("j"))
	p.Update(k("space"))
	v := ansi.Strip(strings.Join(p.View(60, 10), "\n"))
	if !strings.Contains(v, "2 of 3 places kept; left alone: 1 marked foreign") || !strings.Contains(v, "[ ] b: ⟦fur⟧ y") {
		t.Fatalf("view:\n%s", v)
	}
	if done, res := p.Update(k("y")); !done || res != "applied" || len(got) != 3 || !got[0] || got[1] || !got[2] {
		t.Fatalf("apply: %v %v %v", done, res, got)
	}
	p = NewPreview(st, DefaultPreviewKeys(), "fix", places[:1], "", func([]bool) tea.Msg { return "applied" })
	p.Update(k("x"))
	if done, res := p.Update(k("enter")); !done || res != nil {
		t.Fatalf("applying nothing: %v %v", done, res)
	}
}

// TestPager types a reader's keys into a page of 20 lines in a box of 5,
// each from where the key before left it, and checks the first line shown.
func TestPager(t *testing.T) {
	lines := make([]string, 20)
	for i := range lines {
		lines[i] = fmt.Sprint(i)
	}
	var p Pager
	if got := p.Cut(lines, 5); len(got) != 5 || got[0] != "0" {
		t.Fatalf("first draw: %q", got)
	}
	for _, c := range []struct {
		key   string
		first string
	}{
		{"G", "15"}, {"j", "15"}, {"ctrl+u", "11"}, {"k", "10"}, {"g", "0"}, {"k", "0"},
		{"ctrl+d", "4"}, {" ", "8"}, {"pgdown", "12"}, {"f", "15"}, {"b", "11"},
		{"home", "0"}, {"end", "15"}, {"down", "15"},
	} {
		if p.Update(DefaultHelpKeys(), k(c.key)) {
			t.Fatalf("%q closed the page", c.key)
		}
		if got := p.Cut(lines, 5); len(got) != 5 || got[0] != c.first {
			t.Fatalf("after %q: %q, want it from %s", c.key, got, c.first)
		}
	}
	if !p.Update(DefaultHelpKeys(), k("esc")) {
		t.Fatal("esc left the page open")
	}
	// keys that come together, with no drawing between them
	p.Update(DefaultHelpKeys(), k("g"))
	for _, key := range []string{"G", "j", "j", "k"} {
		p.Update(DefaultHelpKeys(), k(key))
	}
	if got := p.Cut(lines, 5); got[0] != "14" {
		t.Fatalf("G j j k in one burst: from %s, want 14", got[0])
	}
	short := lines[:3]
	p.Update(DefaultHelpKeys(), k("G"))
	if got := p.Cut(short, 5); len(got) != 3 || got[0] != "0" {
		t.Fatalf("a page shorter than its box: %q", got)
	}
}

// TestHelpAndShow: the help lists its sections' bindings and scrolls
// within bounds; Show draws a box of exactly the screen's width, and a
// bar on the last line.
func TestHelpAndShow(t *testing.T) {
	sec := HelpSection{Name: "Reader", Groups: [][]key.Binding{{bind("e", "label entity", "e")}, {bind("L", "label all", "L")}}}
	h := NewHelp(st, DefaultHelpKeys(), []HelpSection{sec, sec, sec})
	if v := strings.Join(h.View(80, 100), "\n"); !strings.Contains(v, "label entity") || !strings.Contains(v, "label all") {
		t.Fatalf("help:\n%s", v)
	}
	for range 50 {
		h.Update(k("j"))
	}
	if lines := h.View(80, 3); len(lines) != 3 || h.page.top > 6 {
		t.Fatalf("scrolled to %d: %q", h.page.top, lines)
	}
	for _, o := range []Overlay{h, &Prompt{st: st, keys: DefaultDialogKeys(), name: "Search", input: input.New(st, "/"), AsBar: true}} {
		for _, w := range []int{3, 20, 80} {
			screen := make([]string, 10)
			for i := range screen {
				screen[i] = strings.Repeat("x", w)
			}
			Show(st, o, screen, w, len(screen))
			for i, l := range screen {
				if ansi.StringWidth(l) != w {
					t.Fatalf("%s at %d: line %d is %d cells: %q", o.Title(), w, i, ansi.StringWidth(l), l)
				}
			}
			if o.Bar() && !strings.HasPrefix(ansi.Strip(screen[9]), "/") {
				t.Fatalf("the bar is not on the last line: %q", screen)
			}
		}
	}
}

// TestHelpText: a section of text (the last message) is wrapped to the
// help's width (docview.Wrap), before the sections of keys.
func TestHelpText(t *testing.T) {
	const msg = "refused: export: /home/reviewer/Korpora/Zeitungen_1889/ids.tsv exists (use --force to overwrite it)"
	h := NewHelp(st, DefaultHelpKeys(), []HelpSection{{Name: "Last message", Text: msg}, {Name: "Reader", Groups: [][]key.Binding{{bind("e", "label entity", "e")}}}})
	lines := h.View(20, 100)
	if strings.TrimSpace(ansi.Strip(lines[0])) != "Last message" || strings.TrimSpace(ansi.Strip(lines[1])) != "refused: export:" || strings.TrimSpace(ansi.Strip(lines[7])) != "Reader" {
		t.Fatalf("help at 20 cells:\n%s", strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		if ansi.StringWidth(l) != 20 {
			t.Fatalf("line %d is %d cells: %q", i, ansi.StringWidth(l), l)
		}
	}
}

// TestEntityRowAliasWithComma: the entity view lists aliases after the
// name, each after ", ": an alias holding a comma of its own is quoted,
// so that "Müller, Hans" reads as one alias, not two.
func TestEntityRowAliasWithComma(t *testing.T) {
	e := NewEntities(st, EntitiesConfig{Keys: DefaultEntityKeys(), Fold: strings.ToLower,
		Subsequence: func(s, w string) bool { return strings.Contains(s, w) }})
	e.SetEntities([]store.Entity{{Label: "PER", Name: "Hans Müller", Aliases: []string{"H. Müller", "Hans Müller", "Müller, Hans"}, Mentions: 3, Docs: 2}})
	v := ansi.Strip(strings.Join(e.View(100, 10), "\n"))
	if !strings.Contains(v, "Hans Müller = H. Müller, “Müller, Hans”") {
		t.Fatalf("the row does not list the aliases apart:\n%s", v)
	}
}
