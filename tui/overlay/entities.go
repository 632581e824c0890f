package overlay

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/store"
	"folio/tui/docview"
	"folio/tui/input"
	"folio/tui/style"
)

// The corpus entity view (E): every canonical entity of the registry,
// by label and name, with its mention and document counts and external
// id. It filters by name and alias, lists the documents that mention an
// entity, and renames, merges, identifies and deletes entities: each one
// undoable store action. It stays open across its actions (u and ctrl+r
// undo and redo inside it), and reloads the registry after each.

// EntityMode is what the keyboard is doing in the entity view.
type EntityMode int

// The entity view's modes.
const (
	EntityList          EntityMode = iota // moving through the entities
	EntityFilter                          // typing the filter
	EntityRename                          // typing a new name
	EntityExtID                           // typing an external id
	EntityConfirmMerge                    // y/n: merge into an existing entity
	EntityConfirmDelete                   // y/n: delete from the registry
)

// String names the mode.
func (m EntityMode) String() string {
	switch m {
	case EntityList:
		return "list"
	case EntityFilter:
		return "filter"
	case EntityRename:
		return "rename"
	case EntityExtID:
		return "external id"
	case EntityConfirmMerge:
		return "confirm merge"
	case EntityConfirmDelete:
		return "confirm delete"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// The entity view's intents, handled by the root: each one store action
// (or an undo), after which the root gives the view the reloaded
// registry (SetEntities).
type (
	// EntityDocsMsg lists the documents that mention an entity.
	EntityDocsMsg struct{ Label, Name string }
	// RenameEntityMsg renames or merges a canonical entity.
	RenameEntityMsg struct {
		Label, From, To string
		Merge           bool
	}
	// SaveEntityMsg saves a registry entry (its external id).
	SaveEntityMsg struct{ Entity store.Entity }
	// DeleteEntityMsg deletes a registry entry.
	DeleteEntityMsg struct{ Label, Name string }
	// UndoMsg undoes (or redoes) from the entity view.
	UndoMsg struct{ Redo bool }
	// HelpMsg asks for the full help over the entity view, which comes
	// back when the help closes.
	HelpMsg struct{}
)

// EntityKeys work in the corpus entity view (E): the canonical entities
// of the registry with their mention counts.
type EntityKeys struct {
	Up, Down, Top, Bottom, Filter, Clear key.Binding
	PageDown, PageUp                     key.Binding
	Docs, Rename, ExternalID, Delete     key.Binding
	Close                                key.Binding
}

// DefaultEntityKeys returns the entity view's bindings.
func DefaultEntityKeys() EntityKeys {
	return EntityKeys{
		Up:         bind("k/↑", "up", "k", "up", "ctrl+p"),
		Down:       bind("j/↓", "down", "j", "down", "ctrl+n"),
		Top:        bind("g", "first", "g", "home"),
		Bottom:     bind("G", "last", "G", "end"),
		PageDown:   bind("ctrl+d", "page down", "ctrl+d", "pgdown"),
		PageUp:     bind("ctrl+u", "page up", "ctrl+u", "pgup"),
		Filter:     bind("/", "filter names and aliases", "/"),
		Clear:      bind("esc", "clear filter, close", "esc"),
		Docs:       bind("enter", "list its documents", "enter"),
		Rename:     bind("R", "rename or merge", "R"),
		ExternalID: bind("I", "set external id", "I"),
		Delete:     bind("D", "delete from registry", "D"),
		Close:      bind("q", "close", "q"),
	}
}

// ShortHelp is the one-line help of the entity view.
func (k EntityKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Filter, k.Docs, k.Rename, k.ExternalID, k.Delete, k.Close}
}

// FullHelp is the entity view's part of the full help.
func (k EntityKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Filter, k.Clear, k.Docs, k.Rename, k.ExternalID, k.Delete, k.Close}}
}

// EntitiesConfig is what the entity view is built from: its keys, those
// of its prompts and questions, the global undo and redo (which work in
// it), and the list's folding rule for its filter.
type EntitiesConfig struct {
	Keys       EntityKeys
	Dialog     DialogKeys
	Confirm    ConfirmKeys
	Undo, Redo key.Binding
	// Help is the global help key, which opens the full help over the
	// view while no prompt takes text.
	Help key.Binding
	// Fold folds case and accents; Subsequence reports whether the
	// runes of w occur in s in order. The filter matches folded names
	// and aliases as substrings first, then as subsequences.
	Fold        func(string) string
	Subsequence func(s, w string) bool
}

// Entities is the overlay of the corpus entities.
type Entities struct {
	st          *style.Styles
	keys        EntityKeys
	dialog      DialogKeys
	confirm     ConfirmKeys
	undo, redo  key.Binding
	help        key.Binding
	fold        func(string) string
	subsequence func(s, w string) bool

	all    []store.Entity // as loaded, by label and name
	loaded bool
	shown  []int // indices into all, as shown
	sel    int   // index into view
	top    int   // first row shown
	rows   int   // rows shown last frame (for paging and scrolling)

	filter input.Model
	mode   EntityMode
	input  input.Model  // rename or external id
	target store.Entity // what the prompt or confirmation acts on
	into   store.Entity // the entity a merge goes into
	want   [2]string    // label and name to select after the next load
	note   string       // a complaint about the last input
}

// NewEntities returns the entity view, empty until SetEntities.
func NewEntities(st *style.Styles, c EntitiesConfig) *Entities {
	f := input.New(st, "/")
	f.Placeholder = "name or alias"
	return &Entities{st: st, keys: c.Keys, dialog: c.Dialog, confirm: c.Confirm,
		undo: c.Undo, redo: c.Redo, help: c.Help, fold: c.Fold, subsequence: c.Subsequence, filter: f}
}

// Mode is what the keyboard is doing in the view.
func (e *Entities) Mode() EntityMode { return e.mode }

// Loaded reports whether the registry has arrived.
func (e *Entities) Loaded() bool { return e.loaded }

// All is the registry as loaded, by label and name.
func (e *Entities) All() []store.Entity { return e.all }

// Shown is how many entities the filter shows.
func (e *Entities) Shown() int { return len(e.shown) }

// FilterValue is the filter typed.
func (e *Entities) FilterValue() string { return e.filter.Value() }

// InputValue is the text of the open prompt (rename, external id).
func (e *Entities) InputValue() string { return e.input.Value() }

// SetEntities installs a (re)loaded registry, keeping the selection on
// the same entity (or on the one an action just named).
func (e *Entities) SetEntities(list []store.Entity) {
	keep := e.want
	if keep == [2]string{} {
		if c, ok := e.Current(); ok {
			keep = [2]string{c.Label, c.Name}
		}
	}
	e.want = [2]string{}
	e.all = append(e.all[:0], list...)
	sort.SliceStable(e.all, func(i, j int) bool {
		if e.all[i].Label != e.all[j].Label {
			return e.all[i].Label < e.all[j].Label
		}
		return e.all[i].Name < e.all[j].Name
	})
	e.loaded = true
	e.refilter(keep)
	if e.mode != EntityList && e.mode != EntityFilter {
		e.mode = EntityList // the entity a prompt was about may be gone
	}
}

// Current returns the entity under the cursor.
func (e *Entities) Current() (store.Entity, bool) {
	if e.sel < 0 || e.sel >= len(e.shown) {
		return store.Entity{}, false
	}
	return e.all[e.shown[e.sel]], true
}

// refilter applies the filter: names and aliases that contain it come
// first, then those that hold its letters in order; each group by label
// and name. The cursor stays on keep when it is still shown.
func (e *Entities) refilter(keep [2]string) {
	q := e.fold(strings.TrimSpace(e.filter.Value()))
	var exact, fuzzy []int
	for i := range e.all {
		if q == "" {
			exact = append(exact, i)
			continue
		}
		switch e.match(&e.all[i], q) {
		case 2:
			exact = append(exact, i)
		case 1:
			fuzzy = append(fuzzy, i)
		}
	}
	e.shown = append(exact, fuzzy...)
	e.sel = 0
	for j, i := range e.shown {
		if e.all[i].Label == keep[0] && e.all[i].Name == keep[1] {
			e.sel = j
			break
		}
	}
	e.move(e.sel)
}

// match says how an entity's name or one of its aliases matches the
// folded query q: 2 as a substring, 1 as a subsequence, 0 not at all.
func (e *Entities) match(en *store.Entity, q string) int {
	best := 0
	for i := -1; i < len(en.Aliases); i++ {
		s := en.Name
		if i >= 0 {
			s = en.Aliases[i]
		}
		f := e.fold(s)
		switch {
		case strings.Contains(f, q):
			return 2
		case best == 0 && e.subsequence(f, q):
			best = 1
		}
	}
	return best
}

// move puts the cursor on row i of the view and scrolls to it.
func (e *Entities) move(i int) {
	e.sel = docview.Clamp(i, 0, len(e.shown)-1)
	if e.sel < e.top {
		e.top = e.sel
	}
	if e.rows > 0 && e.sel >= e.top+e.rows {
		e.top = e.sel - e.rows + 1
	}
	e.top = docview.Clamp(e.top, 0, max(len(e.shown)-max(e.rows, 1), 0))
}

// Title counts the entities.
func (e *Entities) Title() string {
	if !e.loaded {
		return "Entities"
	}
	return "Entities (" + docview.GroupDigits(len(e.all)) + ")"
}

// Bar reports false: the view is a box.
func (e *Entities) Bar() bool { return false }

// named returns the entity (label, name), if the registry has it.
func (e *Entities) named(label, name string) (store.Entity, bool) {
	for _, x := range e.all {
		if x.Label == label && x.Name == name {
			return x, true
		}
	}
	return store.Entity{}, false
}

// Update moves, filters, prompts and asks; a finished prompt or question
// gives its intent.
func (e *Entities) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	e.note = ""
	switch e.mode {
	case EntityFilter:
		switch d := e.dialog; {
		case key.Matches(msg, d.Cancel):
			e.filter.SetValue("")
			e.mode = EntityList
			e.refilter(e.key())
		case key.Matches(msg, d.Submit):
			e.mode = EntityList
		case key.Matches(msg, d.Down):
			e.move(e.sel + 1)
		case key.Matches(msg, d.Up):
			e.move(e.sel - 1)
		default:
			if e.filter.Update(msg) {
				e.refilter(e.key())
			}
		}
		return false, nil
	case EntityRename, EntityExtID:
		switch {
		case key.Matches(msg, e.dialog.Cancel):
			e.mode = EntityList
		case key.Matches(msg, e.dialog.Submit):
			return false, e.submit()
		default:
			e.input.Update(msg)
		}
		return false, nil
	case EntityConfirmMerge, EntityConfirmDelete:
		switch {
		case key.Matches(msg, e.confirm.Yes):
			m := e.mode
			e.mode = EntityList
			if m == EntityConfirmMerge {
				e.want = [2]string{e.into.Label, e.into.Name}
				return false, RenameEntityMsg{Label: e.target.Label, From: e.target.Name, To: e.into.Name, Merge: true}
			}
			return false, DeleteEntityMsg{Label: e.target.Label, Name: e.target.Name}
		case key.Matches(msg, e.confirm.No):
			e.mode = EntityList
		}
		return false, nil
	}
	k := e.keys
	cur, ok := e.Current()
	switch {
	case key.Matches(msg, k.Down):
		e.move(e.sel + 1)
	case key.Matches(msg, k.Up):
		e.move(e.sel - 1)
	case key.Matches(msg, k.Top):
		e.move(0)
	case key.Matches(msg, k.Bottom):
		e.move(len(e.shown) - 1)
	case key.Matches(msg, k.PageDown):
		e.move(e.sel + max(e.rows/2, 1))
	case key.Matches(msg, k.PageUp):
		e.move(e.sel - max(e.rows/2, 1))
	case key.Matches(msg, k.Filter):
		e.mode = EntityFilter
	case key.Matches(msg, k.Clear):
		if e.filter.Value() == "" {
			return true, nil
		}
		e.filter.SetValue("")
		e.refilter(e.key())
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, e.undo):
		return false, UndoMsg{}
	case key.Matches(msg, e.redo):
		return false, UndoMsg{Redo: true}
	case key.Matches(msg, e.help):
		return false, HelpMsg{}
	case !ok:
		if key.Matches(msg, k.Docs, k.Rename, k.ExternalID, k.Delete) {
			e.note = "no entity selected"
		}
	case key.Matches(msg, k.Docs):
		return true, EntityDocsMsg{Label: cur.Label, Name: cur.Name}
	case key.Matches(msg, k.Rename):
		e.mode, e.target = EntityRename, cur
		e.input = input.New(e.st, "new name: ")
		e.input.SetValue(cur.Name)
	case key.Matches(msg, k.ExternalID):
		e.mode, e.target = EntityExtID, cur
		e.input = input.New(e.st, "external id: ")
		e.input.Placeholder = "GND or Wikidata id, such as Q365"
		e.input.SetValue(cur.ExternalID)
	case key.Matches(msg, k.Delete):
		e.mode, e.target = EntityConfirmDelete, cur
	}
	return false, nil
}

// key names the entity under the cursor.
func (e *Entities) key() [2]string {
	c, _ := e.Current()
	return [2]string{c.Label, c.Name}
}

// submit ends a rename or external id prompt.
func (e *Entities) submit() tea.Msg {
	v := strings.TrimSpace(e.input.Value())
	t := e.target
	if e.mode == EntityExtID {
		e.mode = EntityList
		if v == t.ExternalID {
			return nil
		}
		t.ExternalID = v
		t.Mentions, t.Docs = 0, 0
		e.want = [2]string{t.Label, t.Name}
		return SaveEntityMsg{Entity: t}
	}
	switch {
	case v == "":
		e.note = "a canonical entity needs a name"
		return nil
	case v == t.Name:
		e.mode = EntityList
		return nil
	}
	if into, ok := e.named(t.Label, v); ok {
		e.mode, e.into = EntityConfirmMerge, into
		return nil
	}
	e.mode = EntityList
	e.want = [2]string{t.Label, v}
	return RenameEntityMsg{Label: t.Label, From: t.Name, To: v}
}

// ShortHelp is the one-line help while the view is open.
func (e *Entities) ShortHelp() []key.Binding {
	switch e.mode {
	case EntityFilter:
		return []key.Binding{e.dialog.Submit, e.dialog.Cancel, e.dialog.Down, e.dialog.Up}
	case EntityRename, EntityExtID:
		return e.dialog.ShortHelp()
	case EntityConfirmMerge, EntityConfirmDelete:
		return e.confirm.ShortHelp()
	}
	return append(e.keys.ShortHelp(), e.undo)
}

// EntityName is a label and name for messages: LOC “Köln”.
func EntityName(label, name string) string {
	return docview.Sanitize(label) + " " + docview.Quote(name, 40)
}

// View draws the prompt or filter and the entities.
func (e *Entities) View(w, h int) []string {
	var head []string
	dim := func(s string) string { return docview.Fit(e.st.Dim.Render(docview.Truncate(s, w)), w) }
	t := e.target
	switch e.mode {
	case EntityFilter:
		head = append(head, e.filter.View(w))
	case EntityRename:
		head = append(head, e.input.View(w))
		v := strings.TrimSpace(e.input.Value())
		if into, ok := e.named(t.Label, v); ok && v != t.Name {
			head = append(head, docview.Fit(e.st.StatusErr.Render(docview.Truncate("enter merges "+docview.Quote(t.Name, 30)+" into "+
				docview.Quote(into.Name, 30)+" ("+docview.Plural(t.Mentions+into.Mentions, "mention", "mentions")+")", w)), w))
		} else {
			head = append(head, dim("rename "+EntityName(t.Label, t.Name)+" and its "+docview.Plural(t.Mentions, "mention", "mentions")+
				" · an existing name merges · esc cancels"))
		}
	case EntityExtID:
		head = append(head, e.input.View(w), dim("external id of "+EntityName(t.Label, t.Name)+" · empty clears · esc cancels"))
	case EntityConfirmMerge:
		head = append(head,
			docview.Fit(e.st.StatusErr.Render(docview.Truncate("merge "+docview.Quote(t.Name, 30)+" into "+docview.Quote(e.into.Name, 30)+
				" ("+docview.Plural(t.Mentions+e.into.Mentions, "mention", "mentions")+")?", w)), w),
			docview.Fit(e.st.KeyHint.Render("y")+" yes   "+e.st.KeyHint.Render("n")+" no   "+
				e.st.Dim.Render("one step: u undoes it"), w))
	case EntityConfirmDelete:
		head = append(head,
			docview.Fit(e.st.StatusErr.Render(docview.Truncate("delete "+EntityName(t.Label, t.Name)+" from the registry?", w)), w),
			docview.Fit(e.st.KeyHint.Render("y")+" yes   "+e.st.KeyHint.Render("n")+" no   "+
				e.st.Dim.Render(docview.Truncate("its "+docview.Plural(t.Mentions, "mention keeps its", "mentions keep their")+
					" label · u undoes", max(w-14, 0))), w))
	default:
		if f := e.filter.Value(); f != "" {
			head = append(head, docview.Fit(e.st.FilterPrompt.Render("/")+docview.Truncate(docview.Sanitize(f), w-1)+
				e.st.Dim.Render(fmt.Sprintf("  %s of %s", docview.GroupDigits(len(e.shown)), docview.GroupDigits(len(e.all)))), w))
		} else {
			head = append(head, dim("/ filters by name or alias · enter lists the documents · ? help"))
		}
	}
	if e.note != "" {
		head = append(head, docview.Fit(e.st.StatusErr.Render(docview.Truncate(docview.Sanitize(e.note), w)), w))
	}
	if len(head) >= h {
		return head[:max(h, 0)]
	}
	out := head
	e.rows = h - len(head)
	switch {
	case !e.loaded:
		return append(out, dim("loading…"))
	case len(e.all) == 0:
		return append(out, dim("no canonical entities yet: label a mention (e in the reader)"))
	case len(e.shown) == 0:
		return append(out, dim("no entity matches"))
	}
	e.move(e.sel)
	lw := 0
	for _, i := range e.shown {
		lw = max(lw, docview.Width(docview.Sanitize(e.all[i].Label)))
	}
	lw = min(lw, 10, max(w/4, 1))
	for j := e.top; j < len(e.shown) && len(out) < h; j++ {
		out = append(out, e.row(&e.all[e.shown[j]], j == e.sel, w, lw))
	}
	return out
}

// aliasShown is an alias as the entity row lists it, after ", ": quoted
// if it holds a comma itself ("Müller, Hans"), so that it reads as one.
func aliasShown(a string) string {
	if strings.Contains(a, ",") {
		return "“" + a + "”"
	}
	return a
}

// row draws one entity: label, name, aliases, external id, counts.
func (e *Entities) row(en *store.Entity, chosen bool, w, lw int) string {
	label := docview.Fit(docview.Truncate(docview.Sanitize(en.Label), lw), lw)
	right := fmt.Sprintf("%d× %s", en.Mentions, docview.Plural(en.Docs, "doc", "docs"))
	if en.ExternalID != "" {
		right = docview.Sanitize(en.ExternalID) + "  " + right
	}
	right = docview.Truncate(right, max(w-lw-1-min(16, w/2), 0))
	nameW := max(w-lw-1-docview.Width(right)-1, 0)
	name := docview.Sanitize(en.Name)
	var alias []string
	for _, a := range en.Aliases {
		if a != en.Name {
			alias = append(alias, aliasShown(docview.Sanitize(a)))
		}
	}
	left := docview.Truncate(name, nameW)
	if len(alias) > 0 && docview.Width(left) < nameW-2 {
		left += e.st.Dim.Render(docview.Truncate(" = "+strings.Join(alias, ", "), nameW-docview.Width(left)))
	}
	line := e.st.Label(en.Label).Render(label) + " " + docview.Fit(left, nameW) + " " + e.st.Counts.Render(right)
	line = docview.Fit(line, w)
	if chosen {
		return selected(e.st, line)
	}
	return line
}
