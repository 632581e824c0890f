package style

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"folio/config"
)

// Styles holds every lipgloss style of the interface. Colours adapt to
// light and dark terminals; with colour off (NO_COLOR) only attributes such
// as bold, underline and reverse remain, so that the cursor and selection
// stay visible.
type Styles struct {
	r     *lipgloss.Renderer
	color bool
	heat  bool // the confidence shading is drawn

	PaneTitle, PaneTitleFocused lipgloss.Style
	Separator                   lipgloss.Style
	Dim                         lipgloss.Style

	// document list
	Row, RowSelected, RowSelectedBlur lipgloss.Style
	GlyphTodo, GlyphDone, GlyphReject lipgloss.Style
	Chip, Counts                      lipgloss.Style
	FilterPrompt                      lipgloss.Style

	// status line
	Status, StatusKey, StatusMode, StatusErr, StatusMsg lipgloss.Style
	BarDone, BarTodo                                    lipgloss.Style

	// overlays
	Box, BoxTitle, Item, ItemSelected, KeyHint lipgloss.Style

	// panel
	Section, SubSection, Info lipgloss.Style

	// reader: the building blocks combined per character
	Mark, Sugg, Del, Ins, Corrected, Selection, Cursor, Match lipgloss.Style
	// the OCR's confidence, as a heat shading under the words: below
	// docview.ConfLow, and below docview.ConfMid
	ConfLow, ConfMid lipgloss.Style
	// Scan is the caption of the page image above the reader
	Scan      lipgloss.Style
	labels    map[string]lipgloss.TerminalColor
	LabelChip lipgloss.Style

	Help help.Styles
}

var defaultLabelColors = []lipgloss.AdaptiveColor{
	{Light: "#af0000", Dark: "#ff8787"},
	{Light: "#005fd7", Dark: "#87afff"},
	{Light: "#008700", Dark: "#87d787"},
	{Light: "#875f00", Dark: "#d7af5f"},
	{Light: "#8700af", Dark: "#d787ff"},
	{Light: "#005f5f", Dark: "#5fd7d7"},
}

// New builds the styles for renderer r. color false drops all
// colours (NO_COLOR). labels are the configured entity labels.
func New(r *lipgloss.Renderer, color bool, labels []config.Label) *Styles {
	if r == nil {
		r = lipgloss.NewRenderer(nil, termenv.WithProfile(termenv.Ascii))
	}
	s := &Styles{r: r, color: color, labels: map[string]lipgloss.TerminalColor{}}
	ns := r.NewStyle
	fg := func(st lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style {
		if !color {
			return st
		}
		return st.Foreground(c)
	}
	bg := func(st lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style {
		if !color {
			return st
		}
		return st.Background(c)
	}
	accent := lipgloss.AdaptiveColor{Light: "#5f00d7", Dark: "#af87ff"}
	subtle := lipgloss.AdaptiveColor{Light: "#8a8a8a", Dark: "#6c6c6c"}
	red := lipgloss.AdaptiveColor{Light: "#d70000", Dark: "#ff5f5f"}
	green := lipgloss.AdaptiveColor{Light: "#008700", Dark: "#5fd75f"}
	amber := lipgloss.AdaptiveColor{Light: "#af5f00", Dark: "#ffaf00"}
	selBg := lipgloss.AdaptiveColor{Light: "#d0d0ff", Dark: "#3a3a6a"}

	s.PaneTitle = fg(ns().Bold(true), subtle)
	s.PaneTitleFocused = fg(ns().Bold(true).Underline(true), accent)
	s.Separator = fg(ns(), subtle)
	s.Dim = fg(ns().Faint(true), subtle)

	s.Row = ns()
	s.RowSelected = bg(ns().Reverse(!color).Bold(true), selBg)
	s.RowSelectedBlur = bg(ns().Underline(!color), lipgloss.AdaptiveColor{Light: "#e4e4e4", Dark: "#303030"})
	s.GlyphTodo = fg(ns(), subtle)
	s.GlyphDone = fg(ns().Bold(true), green)
	s.GlyphReject = fg(ns(), red)
	s.Chip = fg(ns(), lipgloss.AdaptiveColor{Light: "#005f87", Dark: "#5fafd7"})
	s.Counts = fg(ns(), subtle)
	s.FilterPrompt = fg(ns().Bold(true), accent)

	s.Status = ns()
	s.StatusKey = fg(ns().Bold(true), accent)
	s.StatusMode = fg(ns().Bold(true).Reverse(true), accent)
	s.StatusErr = fg(ns().Bold(true), red)
	s.StatusMsg = fg(ns(), green)
	s.BarDone = fg(ns(), green)
	s.BarTodo = fg(ns(), subtle)

	s.Box = fg(ns(), accent)
	s.BoxTitle = fg(ns().Bold(true), accent)
	s.Item = ns()
	s.ItemSelected = bg(ns().Reverse(!color).Bold(true), selBg)
	s.KeyHint = fg(ns().Bold(true), accent)

	s.Section = fg(ns().Bold(true), accent)
	s.SubSection = fg(ns().Bold(true), subtle)
	s.Info = fg(ns(), subtle)

	s.Mark = fg(ns().Underline(true), red)
	s.Sugg = fg(ns().Underline(true).Italic(true), amber)
	s.Del = fg(ns().Strikethrough(true), red)
	s.Ins = fg(ns().Bold(true), green)
	s.Corrected = fg(ns(), green)
	s.Selection = bg(ns().Reverse(!color), selBg)
	s.Cursor = ns().Reverse(true)
	s.Match = bg(ns().Bold(true), lipgloss.AdaptiveColor{Light: "#ffd787", Dark: "#5f5f00"})
	s.LabelChip = ns().Faint(true)
	// without colours the heat is dropped: underline and reverse already
	// mean other things
	// and sixteen colours are too loud for it
	s.heat = color && r.ColorProfile() != termenv.ANSI
	if s.heat {
		s.ConfLow = ns().Background(lipgloss.AdaptiveColor{Light: "#ffc8c8", Dark: "#5f2020"})
		s.ConfMid = ns().Background(lipgloss.AdaptiveColor{Light: "#ffecc0", Dark: "#4a3a10"})
	} else {
		s.ConfLow, s.ConfMid = ns(), ns()
	}
	s.Scan = fg(ns(), subtle)

	for i, l := range labels {
		var c lipgloss.TerminalColor = defaultLabelColors[i%len(defaultLabelColors)]
		if l.Color != "" {
			c = lipgloss.Color(l.Color)
		}
		s.labels[l.Name] = c
	}

	s.Help = help.Styles{
		Ellipsis:       s.Dim,
		ShortKey:       s.StatusKey,
		ShortDesc:      s.Dim,
		ShortSeparator: s.Dim,
		FullKey:        s.StatusKey,
		FullDesc:       ns(),
		FullSeparator:  s.Dim,
	}
	return s
}

// Label returns the style of an entity of the given label.
func (s *Styles) Label(name string) lipgloss.Style {
	st := s.r.NewStyle().Bold(true)
	if c, ok := s.labels[name]; ok && s.color {
		st = st.Foreground(c)
	}
	return st
}

// NewStyle returns an empty style of the renderer.
func (s *Styles) NewStyle() lipgloss.Style { return s.r.NewStyle() }

// Heat reports whether OCR confidences are shaded (colours on, and more
// than sixteen of them).
func (s *Styles) Heat() bool { return s.heat }

// Title is a pane's title style: PaneTitleFocused when the pane has the
// keyboard, else PaneTitle.
func (s *Styles) Title(focused bool) lipgloss.Style {
	if focused {
		return s.PaneTitleFocused
	}
	return s.PaneTitle
}
