// Package input is folio's one-line text input: prompt, placeholder,
// completion from suggestions and, for corrections, line breaks shown as
// ␤. The list's filter, the overlays' prompts and the corpus entity view
// all use it.
package input

import (
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
	pos   int
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
	rs := cleanRunes([]rune(s), in.Breaks)
	in.value = append(in.value[:in.pos], append(rs, in.value[in.pos:]...)...)
	in.pos += len(rs)
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
		in.value = append(in.value[:in.pos], append(rs, in.value[in.pos:]...)...)
		in.pos += len(rs)
	case key.Matches(msg, k.Backspace):
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case key.Matches(msg, k.Delete):
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
		}
	case key.Matches(msg, k.Left):
		in.pos = max(in.pos-1, 0)
	case key.Matches(msg, k.Right):
		in.pos = min(in.pos+1, len(in.value))
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
		in.pos = i
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
	// find a window of runes [from, pos] that fits
	shown, widths := make([]string, len(in.value)), make([]int, len(in.value))
	for i, r := range in.value {
		shown[i] = shownRune(r)
		widths[i] = max(ansi.StringWidth(shown[i]), 0)
		if r >= utf8.RuneSelf && ansi.StringWidth(shown[i]+"x") != widths[i]+1 {
			// a rune that joins the one after it (Unicode's Prepend,
			// such as U+06DD) would swallow that one's cells: a stand-in
			shown[i], widths[i] = "·", 1
		}
	}
	from, used := in.pos, 1
	for from > 0 && used+widths[from-1] <= avail {
		from--
		used += widths[from]
	}
	var b strings.Builder
	b.WriteString(prompt)
	col := 0
	for i := from; i < len(in.value) && col < avail; i++ {
		s := shown[i]
		if widths[i] == 0 {
			s = " " + s
			widths[i] = 1
		}
		if col+widths[i] > avail {
			break
		}
		if i == in.pos {
			s = in.CursorStyle.Render(s)
		}
		b.WriteString(s)
		col += widths[i]
	}
	if in.pos == len(in.value) && col < avail {
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

// shownRune is how the input draws r: a line break as ␤.
func shownRune(r rune) string {
	if r == '\n' {
		return "␤"
	}
	return string(r)
}
