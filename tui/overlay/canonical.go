package overlay

import (
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"

	"folio/tui/docview"
	"folio/tui/input"
	"folio/tui/style"
)

// Canonical chooses the canonical entity of a new entity: the names
// registered for exactly its text first, then existing ones of its label
// fuzzy-matched on what is typed (prefilled with the span's corrected
// text), a new one, or none.
type Canonical struct {
	st      *style.Styles
	keys    DialogKeys
	label   string
	input   input.Model
	names   []string
	known   map[string][]string // a form (name or alias) → the names registered for it
	choices []Item
	sel     int
	onPick  func(canonical string) tea.Msg
}

// NewCanonical returns the chooser for an entity of label over text;
// names are the label's canonical entities, known maps each registered
// form to its names, and onPick makes the result of a choice ("" for
// none).
func NewCanonical(st *style.Styles, keys DialogKeys, label, text string, names []string, known map[string][]string, onPick func(string) tea.Msg) *Canonical {
	o := &Canonical{st: st, keys: keys, label: label, names: names, known: known, onPick: onPick, input: input.New(st, "name: ")}
	o.input.SetValue(text)
	o.refresh()
	return o
}

// Label is the label of the entity being made.
func (o *Canonical) Label() string { return o.label }

// Value is the name typed so far.
func (o *Canonical) Value() string { return o.input.Value() }

// Choices are the choices offered, and Selected the one enter takes.
func (o *Canonical) Choices() []Item { return o.choices }

// Selected is the index of the choice enter takes.
func (o *Canonical) Selected() int { return o.sel }

// SetNames gives the chooser the registry as it is now.
func (o *Canonical) SetNames(names []string, known map[string][]string) {
	o.names, o.known = names, known
	o.refresh()
}

func (o *Canonical) refresh() {
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
		o.choices = append(o.choices, Item{Label: n, Value: n, Desc: "existing"})
		exact = exact || n == v
	}
	if v != "" && !exact {
		o.choices = append(o.choices, Item{Label: "new " + docview.Quote(v, 40), Value: v, Desc: "new canonical entity"})
	}
	o.choices = append(o.choices, Item{Label: "none", Desc: "no canonical name"})
	o.sel = min(o.sel, len(o.choices)-1)
}

// Title names the label.
func (o *Canonical) Title() string { return "Entity " + docview.Sanitize(o.label) + ": canonical name" }

// Bar reports false: the chooser is a box.
func (o *Canonical) Bar() bool { return false }

// Update edits the name, moves through the choices, takes one or cancels.
func (o *Canonical) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Submit):
		return true, o.onPick(o.choices[o.sel].Value)
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

// View draws the input and the choices.
func (o *Canonical) View(w, h int) []string {
	out := []string{o.input.View(w)}
	var items []string
	for i, c := range o.choices {
		line := docview.Fit(docview.Sanitize(c.Label)+" "+o.st.Dim.Render(c.Desc), w)
		if i == o.sel {
			line = selected(o.st, line)
		}
		items = append(items, line)
	}
	return append(out, ScrollLines(items, o.sel, max(h-1, 1))...)
}
