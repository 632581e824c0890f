package tui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"

	"folio/config"
	"folio/tui/style"
)

// pickItem is one choice of a picker: the key that picks it, what it
// shows, and the value it gives.
type pickItem struct {
	key, label, desc, value string
}

// pickerOverlay picks one item: by its key, or by moving and enter.
type pickerOverlay struct {
	st     *style.Styles
	km     *KeyMap
	name   string
	items  []pickItem
	sel    int
	onPick func(pickItem) tea.Msg
}

func (p *pickerOverlay) title() string { return p.name }
func (p *pickerOverlay) bar() bool     { return false }

func (p *pickerOverlay) update(msg tea.KeyMsg) (bool, tea.Msg) {
	// an item's own key first
	if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace {
		s := msg.String()
		for _, it := range p.items {
			if it.key != "" && s == it.key {
				return true, p.onPick(it)
			}
		}
	}
	k := p.km.Picker
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Down):
		p.sel = min(p.sel+1, len(p.items)-1)
	case key.Matches(msg, k.Up):
		p.sel = max(p.sel-1, 0)
	case key.Matches(msg, k.Pick):
		if p.sel < len(p.items) {
			return true, p.onPick(p.items[p.sel])
		}
		return true, nil
	}
	return false, nil
}

func (p *pickerOverlay) shortHelp() []key.Binding { return p.km.Picker.ShortHelp() }

func (p *pickerOverlay) view(w, h int) []string {
	var out []string
	for i, it := range p.items {
		k := ""
		if it.key != "" {
			k = p.st.KeyHint.Render(Sanitize(it.key)) + " "
		}
		line := k + Sanitize(it.label)
		if it.desc != "" {
			line += " " + p.st.Dim.Render(Sanitize(it.desc))
		}
		line = fit(line, w)
		if i == p.sel {
			line = p.st.ItemSelected.Render(ansiStrip(line))
		}
		out = append(out, line)
	}
	return scrollLines(out, p.sel, h)
}

// scrollLines cuts lines to h, keeping line sel visible.
func scrollLines(lines []string, sel, h int) []string {
	if h <= 0 || len(lines) <= h {
		return lines
	}
	top := clampInt(sel-h+1, 0, len(lines)-h)
	if sel < top {
		top = sel
	}
	return lines[top : top+h]
}

// inputOverlay asks for one line of text.
type inputOverlay struct {
	st       *style.Styles
	km       *KeyMap
	name     string
	input    lineInput
	isBar    bool
	hint     string
	onSubmit func(string) tea.Msg
}

func (o *inputOverlay) title() string { return o.name }
func (o *inputOverlay) bar() bool     { return o.isBar }

func (o *inputOverlay) update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.km.Dialog
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case o.input.Breaks && key.Matches(msg, k.Newline):
		o.input.Insert("\n")
	case key.Matches(msg, k.Submit):
		return true, o.onSubmit(o.input.Value())
	default:
		o.input.Update(msg)
	}
	return false, nil
}

func (o *inputOverlay) shortHelp() []key.Binding {
	if o.input.Breaks {
		return []key.Binding{o.km.Dialog.Submit, o.km.Dialog.Newline, o.km.Dialog.Cancel}
	}
	return o.km.Dialog.ShortHelp()
}

func (o *inputOverlay) view(w, h int) []string {
	if o.isBar {
		return []string{o.input.View(w)}
	}
	out := []string{o.input.View(w)}
	if o.hint != "" && h > 1 {
		out = append(out, fit(o.st.Dim.Render(truncate(o.hint, w)), w))
	}
	return out
}

// entityOverlay chooses the canonical entity of a new entity: existing
// ones of its label, fuzzy-matched on what is typed (prefilled with the
// span's corrected text), a new one, or none.
type entityOverlay struct {
	st      *style.Styles
	km      *KeyMap
	label   string
	input   lineInput
	names   []string
	known   map[string][]string // a form (name or alias) → the names registered for it
	choices []pickItem
	sel     int
	onPick  func(canonical string) tea.Msg
}

func newEntityOverlay(st *style.Styles, km *KeyMap, label, text string, names []string, known map[string][]string, onPick func(string) tea.Msg) *entityOverlay {
	o := &entityOverlay{st: st, km: km, label: label, names: names, known: known, onPick: onPick, input: newLineInput(st, "name: ")}
	o.input.SetValue(text)
	o.refresh()
	return o
}

func (o *entityOverlay) refresh() {
	v := o.input.Value()
	o.choices = o.choices[:0]
	// the names registered for exactly this text come first: the text was
	// labelled with them before
	found := slices.Clone(o.known[v])
	if v != "" {
		var fuzzyFound []string
		for _, m := range fuzzy.Find(v, o.names) {
			if !slices.Contains(found, m.Str) {
				fuzzyFound = append(fuzzyFound, m.Str)
			}
		}
		// the name itself first, then the same name in other case: the
		// fuzzy score ties them, and the registry's order would decide
		rank := func(n string) int {
			switch {
			case n == v:
				return 0
			case strings.EqualFold(n, v):
				return 1
			}
			return 2
		}
		sort.SliceStable(fuzzyFound, func(i, j int) bool { return rank(fuzzyFound[i]) < rank(fuzzyFound[j]) })
		found = append(found, fuzzyFound...)
	} else {
		found = o.names
	}
	exact := false
	for _, n := range found {
		o.choices = append(o.choices, pickItem{label: n, value: n, desc: "existing"})
		exact = exact || n == v
	}
	if v != "" && !exact {
		o.choices = append(o.choices, pickItem{label: "new " + quoteShort(v, 40), value: v, desc: "new canonical entity"})
	}
	o.choices = append(o.choices, pickItem{label: "none", desc: "no canonical name"})
	o.sel = min(o.sel, len(o.choices)-1)
}

func (o *entityOverlay) title() string { return "Entity " + Sanitize(o.label) + ": canonical name" }
func (o *entityOverlay) bar() bool     { return false }

func (o *entityOverlay) update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.km.Dialog
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Submit):
		return true, o.onPick(o.choices[o.sel].value)
	case key.Matches(msg, k.Down):
		o.sel = min(o.sel+1, len(o.choices)-1)
		return false, nil
	case key.Matches(msg, k.Up):
		o.sel = max(o.sel-1, 0)
		return false, nil
	}
	if o.input.Update(msg) {
		o.sel = 0
		o.refresh()
	}
	return false, nil
}

func (o *entityOverlay) view(w, h int) []string {
	out := []string{o.input.View(w)}
	var items []string
	for i, c := range o.choices {
		line := fit(Sanitize(c.label)+" "+o.st.Dim.Render(c.desc), w)
		if i == o.sel {
			line = o.st.ItemSelected.Render(ansiStrip(line))
		}
		items = append(items, line)
	}
	return append(out, scrollLines(items, o.sel, max(h-1, 1))...)
}

// helpOverlay shows every key binding, by pane, with bubbles/help.
type helpOverlay struct {
	st   *style.Styles
	keys KeyMap
	tags []config.Tag // the tag vocabulary, for the tag picker's keys
	top  int
}

func (o *helpOverlay) title() string {
	k := o.keys.Help
	return "Keys (" + k.Down.Help().Key + " " + k.Up.Help().Key + " scroll, " + k.Close.Help().Key + " closes)"
}
func (o *helpOverlay) bar() bool { return false }

func (o *helpOverlay) update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.keys.Help
	switch {
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, k.Down):
		o.top++
	case key.Matches(msg, k.Up):
		o.top = max(o.top-1, 0)
	}
	return false, nil
}

func (o *helpOverlay) shortHelp() []key.Binding { return o.keys.Help.ShortHelp() }

func (o *helpOverlay) view(w, h int) []string {
	hm := help.New()
	hm.Styles = o.st.Help
	hm.Width = w
	hm.FullSeparator = "  "
	var out []string
	hm.Width = 0
	sec := func(name string, groups [][]key.Binding) {
		out = append(out, fit(o.st.Section.Render(name), w))
		// as many groups side by side as fit, then the next row of groups
		for len(groups) > 0 {
			n := 1
			for n < len(groups) && width(widest(hm.FullHelpView(groups[:n+1]))) <= w {
				n++
			}
			for _, l := range strings.Split(hm.FullHelpView(groups[:n]), "\n") {
				out = append(out, fit(l, w))
			}
			groups = groups[n:]
		}
	}
	sec("Everywhere", o.keys.Global.FullHelp())
	sec("Document list", o.keys.List.FullHelp())
	sec("Reader", o.keys.Reader.FullHelp())
	sec("Annotation panel", o.keys.Panel.FullHelp())
	sec("Corpus entities (E; u and ctrl+r undo and redo here too)", o.keys.Entity.FullHelp())
	if groups := tagHelp(o.keys.Tag, o.tags); len(groups) > 0 {
		sec("Tag picker (t; T removes a tag)", groups)
	}
	sec("Inputs", o.keys.Dialog.FullHelp())
	sec("Pickers (each choice's own key picks it)", o.keys.Picker.FullHelp())
	sec("Questions", [][]key.Binding{o.keys.Confirm.ShortHelp()})
	sec("Apply everywhere (A): the places", o.keys.Preview.FullHelp())
	sec("This help", [][]key.Binding{o.keys.Help.ShortHelp()})
	o.top = clampInt(o.top, 0, max(len(out)-h, 0))
	if len(out) > h {
		out = out[o.top : o.top+h]
	}
	return out
}

// widest returns the widest line of s.
func widest(s string) string {
	best := ""
	for _, l := range strings.Split(s, "\n") {
		if width(l) > width(best) {
			best = l
		}
	}
	return best
}

// statusItems are the choices of the status picker.
func statusItems() []pickItem {
	return []pickItem{
		{key: "t", label: "todo", value: "todo"},
		{key: "d", label: "done", value: "done"},
		{key: "r", label: "rejected", value: "rejected"},
	}
}

// describeCount says "3 places in 2 documents".
func describeCount(places, docs int) string {
	return fmt.Sprintf("%s in %s", plural(places, "place", "places"), plural(docs, "document", "documents"))
}
