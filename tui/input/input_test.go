package input

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/tui/style"
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestEdit: typing, moving and deleting; completion; line breaks only
// where allowed; controls and bidi overrides never get in.
func TestEdit(t *testing.T) {
	st := style.New(nil, false, nil)
	for _, tc := range []struct {
		name   string
		breaks bool
		sugg   []string
		keys   []tea.KeyMsg
		want   string
	}{
		{"type", false, nil, []tea.KeyMsg{runes("Köln"), {Type: tea.KeySpace}, runes("ist")}, "Köln ist"},
		{"backspace and left", false, nil, []tea.KeyMsg{runes("abc"), {Type: tea.KeyLeft}, {Type: tea.KeyBackspace}, runes("X")}, "aXc"},
		{"ctrl+w", false, nil, []tea.KeyMsg{runes("Ute Berg"), {Type: tea.KeyCtrlW}}, "Ute "},
		{"ctrl+u", false, nil, []tea.KeyMsg{runes("abc"), {Type: tea.KeyCtrlU}, runes("d")}, "d"},
		{"tab completes", false, []string{"ocr-checked", "other"}, []tea.KeyMsg{runes("oc"), {Type: tea.KeyTab}}, "ocr-checked"},
		{"controls dropped", false, nil, []tea.KeyMsg{runes("a\x1b[31m\u202eb\tc")}, "a[31mb c"},
		{"breaks kept", true, nil, []tea.KeyMsg{runes("a\r\nb\rc")}, "a\nb\nc"},
		{"breaks become spaces", false, nil, []tea.KeyMsg{runes("a\nb")}, "a b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := New(st, "> ")
			in.Breaks, in.Suggestions = tc.breaks, tc.sugg
			for _, k := range tc.keys {
				in.Update(k)
			}
			if got := in.Value(); got != tc.want {
				t.Fatalf("value %q, want %q", got, tc.want)
			}
		})
	}
}

// TestViewWidth: the input is drawn in exactly w cells, the cursor
// scrolled into view, a break drawn as ␤.
func TestViewWidth(t *testing.T) {
	in := New(style.New(nil, false, nil), "→ ")
	in.Breaks = true
	in.SetValue("Wirtschaftsausschuss\nKöln 北京 " + string(rune(0x301)))
	for w := 0; w < 40; w++ {
		if got := ansi.StringWidth(in.View(w)); got != w {
			t.Fatalf("View(%d) is %d cells: %q", w, got, in.View(w))
		}
	}
	if v := ansi.Strip(in.View(60)); !strings.Contains(v, "␤") {
		t.Fatalf("no ␤ in %q", v)
	}
}

// FuzzView: whatever is typed, the view is exactly w cells and holds no
// escape but the styles'.
func FuzzView(f *testing.F) {
	f.Add("Köln\x1b]52;c;x\x07", 20)
	f.Add("北京\u0301\u200b", 3)
	f.Add("Stu\u0364k 🇩🇪👨\u200d👩 \u06dda", 9)
	f.Fuzz(func(t *testing.T, s string, w int) {
		w = w % 200
		if w < 0 {
			w = -w
		}
		in := New(style.New(nil, false, nil), "> ")
		in.Breaks = len(s)%2 == 0
		in.Update(runes(s))
		v := in.View(w)
		if got := ansi.StringWidth(v); got != w {
			t.Fatalf("View(%d) of %q is %d cells: %q", w, s, got, v)
		}
		// editing by display units keeps the cursor on one's start
		for _, k := range []tea.KeyType{tea.KeyLeft, tea.KeyLeft, tea.KeyBackspace, tea.KeyRight, tea.KeyDelete, tea.KeyLeft} {
			in.Update(tea.KeyMsg{Type: k})
			if b := in.bounds(); !slices.Contains(b, in.pos) {
				t.Fatalf("%v on %q: the cursor at rune %d, inside a unit (%v)", k, s, in.pos, b)
			}
			if got := ansi.StringWidth(in.View(w)); got != w {
				t.Fatalf("%v on %q: View(%d) is %d cells", k, s, w, got)
			}
		}
	})
}

// TestKeysRebound: the editing keys are the KeyMap's: rebinding one moves
// its edit to the new key and frees the old, and a Model made without New
// edits with the defaults.
func TestKeysRebound(t *testing.T) {
	in := New(style.New(nil, false, nil), "> ")
	in.Keys.DeleteWord = bind("alt+backspace", "delete the word before", "alt+backspace")
	in.SetValue("Köln Kdln")
	in.Update(tea.KeyMsg{Type: tea.KeyCtrlW})
	if got := in.Value(); got != "Köln Kdln" {
		t.Fatalf("ctrl+w still deletes: %q", got)
	}
	in.Update(tea.KeyMsg{Type: tea.KeyBackspace, Alt: true})
	if got := in.Value(); got != "Köln " {
		t.Fatalf("alt+backspace left %q, want %q", got, "Köln ")
	}
	var bare Model
	bare.SetValue("a b")
	bare.Update(tea.KeyMsg{Type: tea.KeyCtrlA})
	bare.Update(tea.KeyMsg{Type: tea.KeyCtrlK})
	if got := bare.Value(); got != "" {
		t.Fatalf("ctrl+a ctrl+k on a bare Model left %q", got)
	}
}

// TestGraphemeCells: a letter with a combining mark (Stuͤk: u and
// U+0364, as old prints and their OCR write it) is one cell of the
// input, drawn as the reader draws it (it was drawn "Stu ͤk", the mark
// on a cell of its own), which the cursor steps over and the deletions
// take whole.
func TestGraphemeCells(t *testing.T) {
	const word = "Stu\u0364k"
	in := New(style.New(nil, false, nil), "→ ")
	in.SetValue(word)
	if v := ansi.Strip(in.View(12)); v != "→ "+word+strings.Repeat(" ", 6) {
		t.Fatalf("View(12) is %q, want %q then the cursor and padding", v, "→ "+word)
	}
	left := tea.KeyMsg{Type: tea.KeyLeft}
	for _, c := range []struct {
		keys []tea.KeyMsg
		want string
	}{
		{[]tea.KeyMsg{left, {Type: tea.KeyBackspace}, runes("üc")}, "Stück"},
		{[]tea.KeyMsg{left, left, {Type: tea.KeyDelete}}, "Stk"},
		{[]tea.KeyMsg{left, left, {Type: tea.KeyRight}, {Type: tea.KeyBackspace}}, "Stk"},
		{[]tea.KeyMsg{left, left, runes("x")}, "Stxu\u0364k"},
		{[]tea.KeyMsg{{Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}, runes("\u0308")}, "St\u0308"},
	} {
		in.SetValue(word)
		for _, k := range c.keys {
			in.Update(k)
		}
		if got := in.Value(); got != c.want {
			t.Errorf("%v: value %q, want %q", c.keys, got, c.want)
		}
	}
	// two steps left: the cursor stands on the cluster, not inside it
	in.SetValue(word)
	in.Update(left)
	in.Update(left)
	if in.pos != 2 {
		t.Fatalf("left left: the cursor at rune %d, want 2 (before u\u0364)", in.pos)
	}
}
