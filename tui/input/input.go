// Package input is folio's one-line text input: prompt, placeholder,
// completion from suggestions and, for corrections, line breaks shown as
// ␤. The list's filter, the overlays' prompts and the corpus entity view
// all use it.
package input

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"folio/tui/docview"
	"folio/tui/style"
)

// Model is a one-line text input with completion. (bubbles/textinput
// would pull in a clipboard module the build does not carry; this one also
// keeps control characters out of what it shows.)
type Model struct {
	Prompt      string
	Placeholder string
	PromptStyle lipgloss.Style
	HintStyle   lipgloss.Style
	CursorStyle lipgloss.Style
	// Suggestions complete the value: the first one that starts with it
	// (ignoring case) is shown after the cursor; tab takes it.
	Suggestions []string
	// Breaks lets the value hold line breaks (Insert types one), each
	// shown as ␤.
	Breaks bool
	// Keys are the editing keys (DefaultKeyMap unless set).
	Keys KeyMap

	value []rune
	pos   int // in runes, always where a display unit starts (or at the end)
}

// New returns an empty input with prompt, in the styles of st.
func New(st *style.Styles, prompt string) Model {
	return Model{
		Prompt:      prompt,
		PromptStyle: st.FilterPrompt,
		HintStyle:   st.Dim,
		CursorStyle: st.NewStyle().Reverse(true),
		Keys:        DefaultKeyMap(),
	}
}

// cleanRunes keeps the runes an input may hold: no controls, no bidi or
// zero-width characters; tabs and line breaks become spaces, unless breaks
// is set, which keeps line breaks (a CRLF or a lone CR is one).
func cleanRunes(rs []rune, breaks bool) []rune {
	out := rs[:0:0]
	for i, r := range rs {
		switch {
		case breaks && r == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
		case breaks && (r == '\n' || r == '\r'):
			out = append(out, '\n')
		case r == '\t' || r == '\n' || r == '\r':
			out = append(out, ' ')
		case r < 0x20:
		default:
			if _, _, sp := docview.Special(r); sp {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// SetValue replaces the value and puts the cursor at its end.
func (in *Model) SetValue(s string) {
	in.value = cleanRunes([]rune(s), in.Breaks)
	in.pos = len(in.value)
}

// Value is the text typed.
func (in *Model) Value() string { return string(in.value) }

// completion returns the rest of the first suggestion the value starts.
func (in *Model) completion() string {
	v := strings.ToLower(string(in.value))
	if v == "" || in.pos != len(in.value) {
		return ""
	}
	for _, s := range in.Suggestions {
		if len(s) > len(v) && strings.HasPrefix(strings.ToLower(s), v) {
			return string([]rune(s)[len(in.value):])
		}
	}
	return ""
}

// Insert types s at the cursor (line breaks only if Breaks is set).
func (in *Model) Insert(s string) {
	in.insert(cleanRunes([]rune(s), in.Breaks))
}

func (in *Model) insert(rs []rune) {
	in.value = append(in.value[:in.pos], append(rs, in.value[in.pos:]...)...)
	in.pos = in.snap(in.pos + len(rs))
}

// units are the value's display units, as the reader draws text: a
// letter and its combining marks are one cell, which the cursor steps
// over and the deletions take whole.
func (in *Model) units() []docview.Unit { return docview.Units(string(in.value)) }

// bounds returns the rune offsets where the value's units start, and
// its length last.
func (in *Model) bounds() []int {
	us := in.units()
	out := make([]int, 0, len(us)+1)
	p := 0
	for _, u := range us {
		out = append(out, p)
		p += u.Runes
	}
	return append(out, p)
}

// snap returns the start of the unit that holds rune offset p (an edit
// may join what was two units into one).
func (in *Model) snap(p int) int {
	b := in.bounds()
	i := sort.SearchInts(b, p+1) - 1
	return b[max(i, 0)]
}

// prevBound and nextBound are the unit boundaries before and after the
// cursor (the cursor itself at either end).
func (in *Model) prevBound() int {
	b := in.bounds()
	i := sort.SearchInts(b, in.pos) - 1
	return b[max(i, 0)]
}

func (in *Model) nextBound() int {
	b := in.bounds()
	i := sort.SearchInts(b, in.pos+1)
	return b[min(i, len(b)-1)]
}

// Update edits the value; it reports whether the value changed.
func (in *Model) Update(msg tea.KeyMsg) bool {
	old := string(in.value)
	k := in.Keys
	if len(k.Home.Keys()) == 0 {
		k = DefaultKeyMap() // a Model made without New
	}
	switch {
	case msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace:
		rs := cleanRunes(msg.Runes, in.Breaks)
		if msg.Type == tea.KeySpace {
			rs = []rune{' '}
		}
		in.insert(rs)
	case key.Matches(msg, k.Backspace):
		if p := in.prevBound(); p < in.pos {
			in.value = append(in.value[:p], in.value[in.pos:]...)
			in.pos = in.snap(p)
		}
	case key.Matches(msg, k.Delete):
		if e := in.nextBound(); e > in.pos {
			in.value = append(in.value[:in.pos], in.value[e:]...)
			in.pos = in.snap(in.pos)
		}
	case key.Matches(msg, k.Left):
		in.pos = in.prevBound()
	case key.Matches(msg, k.Right):
		in.pos = in.nextBound()
	case key.Matches(msg, k.Home):
		in.pos = 0
	case key.Matches(msg, k.End):
		in.pos = len(in.value)
	case key.Matches(msg, k.DeleteToStart):
		in.value = in.value[in.pos:]
		in.pos = 0
	case key.Matches(msg, k.DeleteToEnd):
		in.value = in.value[:in.pos]
	case key.Matches(msg, k.DeleteWord):
		i := in.pos
		for i > 0 && unicode.IsSpace(in.value[i-1]) {
			i--
		}
		for i > 0 && !unicode.IsSpace(in.value[i-1]) {
			i--
		}
		in.value = append(in.value[:i], in.value[in.pos:]...)
		in.pos = in.snap(i)
	case key.Matches(msg, k.Complete):
		if c := in.completion(); c != "" {
			in.value = append(in.value, []rune(c)...)
			in.pos = len(in.value)
		}
	}
	return string(in.value) != old
}

// View draws the input in exactly w cells, scrolled so that the cursor
// shows.
func (in *Model) View(w int) string {
	if w <= 0 {
		return ""
	}
	prompt := in.PromptStyle.Render(in.Prompt)
	avail := w - ansi.StringWidth(in.Prompt)
	if avail <= 1 {
		return docview.Fit(prompt, w)
	}
	if len(in.value) == 0 && in.Placeholder != "" {
		return docview.Fit(prompt+in.CursorStyle.Render(" ")+in.HintStyle.Render(docview.Truncate(in.Placeholder, avail-1)), w)
	}
	// the units, one cell or two each, as the reader draws them (a
	// letter and its combining marks are one); find a window of them
	// [from, cur] that fits
	us := in.units()
	cur, p := len(us), 0 // the unit at the cursor
	for i, u := range us {
		if p >= in.pos {
			cur = i
			break
		}
		p += u.Runes
	}
	for i, u := range us {
		switch {
		case u.W == 0:
			// nothing to draw (a dropped character first): a cell the
			// cursor can stand on
			us[i].Disp, us[i].W = " "+u.Disp, 1
		case u.Disp[len(u.Disp)-1] >= utf8.RuneSelf && ansi.StringWidth(u.Disp+"x") != u.W+1:
			// a unit that joins what is drawn after it (one that ends
			// with Unicode's Prepend, such as U+06DD, at the value's
			// end) would swallow its cells: a stand-in
			us[i].Disp, us[i].W = "·", 1
		}
	}
	from, used := cur, 1
	for from > 0 && used+us[from-1].W <= avail {
		from--
		used += us[from].W
	}
	var b strings.Builder
	b.WriteString(prompt)
	col := 0
	for i := from; i < len(us) && col < avail; i++ {
		s := us[i].Disp
		if col+us[i].W > avail {
			break
		}
		if i == cur {
			s = in.CursorStyle.Render(s)
		}
		b.WriteString(s)
		col += us[i].W
	}
	if cur == len(us) && col < avail {
		c := in.completion()
		if c != "" {
			r := []rune(c)
			b.WriteString(in.CursorStyle.Render(string(r[0])))
			b.WriteString(in.HintStyle.Render(docview.Truncate(docview.Sanitize(string(r[1:])), max(avail-col-1, 0))))
		} else {
			b.WriteString(in.CursorStyle.Render(" "))
		}
	}
	return docview.Fit(b.String(), w)
}
