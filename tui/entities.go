package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/store"
	"folio/tui/style"
)

// The corpus entity view (E): every canonical entity of the registry,
// by label and name, with its mention and document counts and external
// id. It filters by name and alias, lists the documents that mention an
// entity, and renames, merges, identifies and deletes entities: each one
// undoable store action. It stays open across its actions (u and ctrl+r
// undo and redo inside it), and reloads the registry after each.

// entity view modes: what the keyboard is doing.
const (
	evList          = iota // moving through the entities
	evFilter               // typing the filter
	evRename               // typing a new name
	evExtID                // typing an external id
	evConfirmMerge         // y/n: merge into an existing entity
	evConfirmDelete        // y/n: delete from the registry
)

// entityView is the overlay of the corpus entities.
type entityView struct {
	st         *style.Styles
	keys       EntityKeys
	dialog     DialogKeys
	confirm    ConfirmKeys
	undo, redo key.Binding

	all    []store.Entity // as loaded, by label and name
	loaded bool
	shown  []int // indices into all, as shown
	sel    int   // index into view
	top    int   // first row shown
	rows   int   // rows shown last frame (for paging and scrolling)

	filter lineInput
	mode   int
	input  lineInput    // rename or external id
	target store.Entity // what the prompt or confirmation acts on
	into   store.Entity // the entity a merge goes into
	want   [2]string    // label and name to select after the next load
	note   string       // a complaint about the last input
}

func newEntityView(st *style.Styles, keys KeyMap) *entityView {
	f := newLineInput(st, "/")
	f.Placeholder = "name or alias"
	return &entityView{st: st, keys: keys.Entity, dialog: keys.Dialog, confirm: keys.Confirm,
		undo: keys.Global.Undo, redo: keys.Global.Redo, filter: f}
}

// setEntities installs a (re)loaded registry, keeping the selection on
// the same entity (or on the one an action just named).
func (e *entityView) setEntities(list []store.Entity) {
	keep := e.want
	if keep == [2]string{} {
		if c, ok := e.current(); ok {
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
	if e.mode != evList && e.mode != evFilter {
		e.mode = evList // the entity a prompt was about may be gone
	}
}

// current returns the entity under the cursor.
func (e *entityView) current() (store.Entity, bool) {
	if e.sel < 0 || e.sel >= len(e.shown) {
		return store.Entity{}, false
	}
	return e.all[e.shown[e.sel]], true
}

// refilter applies the filter: names and aliases that contain it come
// first, then those that hold its letters in order; each group by label
// and name. The cursor stays on keep when it is still shown.
func (e *entityView) refilter(keep [2]string) {
	q := fold(strings.TrimSpace(e.filter.Value()))
	var exact, fuzzy []int
	for i := range e.all {
		if q == "" {
			exact = append(exact, i)
			continue
		}
		switch entityMatch(&e.all[i], q) {
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

// entityMatch says how an entity's name or one of its aliases matches the
// folded query q: 2 as a substring, 1 as a subsequence, 0 not at all.
func entityMatch(en *store.Entity, q string) int {
	best := 0
	for i := -1; i < len(en.Aliases); i++ {
		s := en.Name
		if i >= 0 {
			s = en.Aliases[i]
		}
		f := fold(s)
		switch {
		case strings.Contains(f, q):
			return 2
		case best == 0 && subsequence(f, q):
			best = 1
		}
	}
	return best
}

// move puts the cursor on row i of the view and scrolls to it.
func (e *entityView) move(i int) {
	e.sel = clampInt(i, 0, len(e.shown)-1)
	if e.sel < e.top {
		e.top = e.sel
	}
	if e.rows > 0 && e.sel >= e.top+e.rows {
		e.top = e.sel - e.rows + 1
	}
	e.top = clampInt(e.top, 0, max(len(e.shown)-max(e.rows, 1), 0))
}

func (e *entityView) Title() string {
	if !e.loaded {
		return "Entities"
	}
	return "Entities (" + groupDigits(len(e.all)) + ")"
}

func (e *entityView) Bar() bool { return false }

// named returns the entity (label, name), if the registry has it.
func (e *entityView) named(label, name string) (store.Entity, bool) {
	for _, x := range e.all {
		if x.Label == label && x.Name == name {
			return x, true
		}
	}
	return store.Entity{}, false
}

func (e *entityView) Update(msg tea.KeyMsg) (bool, tea.Msg) {
	e.note = ""
	switch e.mode {
	case evFilter:
		switch d := e.dialog; {
		case key.Matches(msg, d.Cancel):
			e.filter.SetValue("")
			e.mode = evList
			e.refilter(e.key())
		case key.Matches(msg, d.Submit):
			e.mode = evList
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
	case evRename, evExtID:
		switch {
		case key.Matches(msg, e.dialog.Cancel):
			e.mode = evList
		case key.Matches(msg, e.dialog.Submit):
			return false, e.submit()
		default:
			e.input.Update(msg)
		}
		return false, nil
	case evConfirmMerge, evConfirmDelete:
		switch {
		case key.Matches(msg, e.confirm.Yes):
			m := e.mode
			e.mode = evList
			if m == evConfirmMerge {
				e.want = [2]string{e.into.Label, e.into.Name}
				return false, renameEntityMsg{label: e.target.Label, from: e.target.Name, to: e.into.Name, merge: true}
			}
			return false, deleteEntityMsg{label: e.target.Label, name: e.target.Name}
		case key.Matches(msg, e.confirm.No):
			e.mode = evList
		}
		return false, nil
	}
	k := e.keys
	cur, ok := e.current()
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
		e.mode = evFilter
	case key.Matches(msg, k.Clear):
		if e.filter.Value() == "" {
			return true, nil
		}
		e.filter.SetValue("")
		e.refilter(e.key())
	case key.Matches(msg, k.Close):
		return true, nil
	case key.Matches(msg, e.undo):
		return false, undoReqMsg{}
	case key.Matches(msg, e.redo):
		return false, undoReqMsg{redo: true}
	case !ok:
		if key.Matches(msg, k.Docs, k.Rename, k.ExternalID, k.Delete) {
			e.note = "no entity selected"
		}
	case key.Matches(msg, k.Docs):
		return true, entityDocsMsg{label: cur.Label, name: cur.Name}
	case key.Matches(msg, k.Rename):
		e.mode, e.target = evRename, cur
		e.input = newLineInput(e.st, "new name: ")
		e.input.SetValue(cur.Name)
	case key.Matches(msg, k.ExternalID):
		e.mode, e.target = evExtID, cur
		e.input = newLineInput(e.st, "external id: ")
		e.input.Placeholder = "GND or Wikidata id, such as Q365"
		e.input.SetValue(cur.ExternalID)
	case key.Matches(msg, k.Delete):
		e.mode, e.target = evConfirmDelete, cur
	}
	return false, nil
}

// key names the entity under the cursor.
func (e *entityView) key() [2]string {
	c, _ := e.current()
	return [2]string{c.Label, c.Name}
}

// submit ends a rename or external id prompt.
func (e *entityView) submit() tea.Msg {
	v := strings.TrimSpace(e.input.Value())
	t := e.target
	if e.mode == evExtID {
		e.mode = evList
		if v == t.ExternalID {
			return nil
		}
		t.ExternalID = v
		t.Mentions, t.Docs = 0, 0
		e.want = [2]string{t.Label, t.Name}
		return saveEntityMsg{e: t}
	}
	switch {
	case v == "":
		e.note = "a canonical entity needs a name"
		return nil
	case v == t.Name:
		e.mode = evList
		return nil
	}
	if into, ok := e.named(t.Label, v); ok {
		e.mode, e.into = evConfirmMerge, into
		return nil
	}
	e.mode = evList
	e.want = [2]string{t.Label, v}
	return renameEntityMsg{label: t.Label, from: t.Name, to: v}
}

// shortHelp is the one-line help while the view is open.
func (e *entityView) ShortHelp() []key.Binding {
	switch e.mode {
	case evFilter:
		return []key.Binding{e.dialog.Submit, e.dialog.Cancel, e.dialog.Down, e.dialog.Up}
	case evRename, evExtID:
		return e.dialog.ShortHelp()
	case evConfirmMerge, evConfirmDelete:
		return e.confirm.ShortHelp()
	}
	return append(e.keys.ShortHelp(), e.undo)
}

// entityName is a label and name for messages: LOC “Köln”.
func entityName(label, name string) string {
	return Sanitize(label) + " " + quoteShort(name, 40)
}

func (e *entityView) View(w, h int) []string {
	var head []string
	dim := func(s string) string { return fit(e.st.Dim.Render(truncate(s, w)), w) }
	t := e.target
	switch e.mode {
	case evFilter:
		head = append(head, e.filter.View(w))
	case evRename:
		head = append(head, e.input.View(w))
		v := strings.TrimSpace(e.input.Value())
		if into, ok := e.named(t.Label, v); ok && v != t.Name {
			head = append(head, fit(e.st.StatusErr.Render(truncate("enter merges "+quoteShort(t.Name, 30)+" into "+
				quoteShort(into.Name, 30)+" ("+plural(t.Mentions+into.Mentions, "mention", "mentions")+")", w)), w))
		} else {
			head = append(head, dim("rename "+entityName(t.Label, t.Name)+" and its "+plural(t.Mentions, "mention", "mentions")+
				" · an existing name merges · esc cancels"))
		}
	case evExtID:
		head = append(head, e.input.View(w), dim("external id of "+entityName(t.Label, t.Name)+" · empty clears · esc cancels"))
	case evConfirmMerge:
		head = append(head,
			fit(e.st.StatusErr.Render(truncate("merge "+quoteShort(t.Name, 30)+" into "+quoteShort(e.into.Name, 30)+
				" ("+plural(t.Mentions+e.into.Mentions, "mention", "mentions")+")?", w)), w),
			fit(e.st.KeyHint.Render("y")+" yes   "+e.st.KeyHint.Render("n")+" no   "+
				e.st.Dim.Render("one step: u undoes it"), w))
	case evConfirmDelete:
		head = append(head,
			fit(e.st.StatusErr.Render(truncate("delete "+entityName(t.Label, t.Name)+" from the registry?", w)), w),
			fit(e.st.KeyHint.Render("y")+" yes   "+e.st.KeyHint.Render("n")+" no   "+
				e.st.Dim.Render(truncate("its "+plural(t.Mentions, "mention keeps its", "mentions keep their")+
					" label · u undoes", max(w-14, 0))), w))
	default:
		if f := e.filter.Value(); f != "" {
			head = append(head, fit(e.st.FilterPrompt.Render("/")+truncate(Sanitize(f), w-1)+
				e.st.Dim.Render(fmt.Sprintf("  %s of %s", groupDigits(len(e.shown)), groupDigits(len(e.all)))), w))
		} else {
			head = append(head, dim("/ filters by name or alias · enter lists the documents · ? help"))
		}
	}
	if e.note != "" {
		head = append(head, fit(e.st.StatusErr.Render(truncate(Sanitize(e.note), w)), w))
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
		lw = max(lw, width(Sanitize(e.all[i].Label)))
	}
	lw = min(lw, 10, max(w/4, 1))
	for j := e.top; j < len(e.shown) && len(out) < h; j++ {
		out = append(out, e.row(&e.all[e.shown[j]], j == e.sel, w, lw))
	}
	return out
}

// row draws one entity: label, name, aliases, external id, counts.
func (e *entityView) row(en *store.Entity, selected bool, w, lw int) string {
	label := fit(truncate(Sanitize(en.Label), lw), lw)
	right := fmt.Sprintf("%d× %s", en.Mentions, plural(en.Docs, "doc", "docs"))
	if en.ExternalID != "" {
		right = Sanitize(en.ExternalID) + "  " + right
	}
	right = truncate(right, max(w-lw-1-min(16, w/2), 0))
	nameW := max(w-lw-1-width(right)-1, 0)
	name := Sanitize(en.Name)
	var alias []string
	for _, a := range en.Aliases {
		if a != en.Name {
			alias = append(alias, Sanitize(a))
		}
	}
	left := truncate(name, nameW)
	if len(alias) > 0 && width(left) < nameW-2 {
		left += e.st.Dim.Render(truncate(" = "+strings.Join(alias, ", "), nameW-width(left)))
	}
	line := e.st.Label(en.Label).Render(label) + " " + fit(left, nameW) + " " + e.st.Counts.Render(right)
	line = fit(line, w)
	if selected {
		return e.st.ItemSelected.Render(ansiStrip(line))
	}
	return line
}

// entityFilter is the list filter of the documents that mention an
// entity: entity:"NAME", with its label when the name has several.
func entityFilter(label, name string, all []store.Entity) string {
	expr := "entity:" + quoteQuery(name)
	for _, x := range all {
		if x.Label != label && strings.EqualFold(x.Name, name) {
			return "label:" + quoteQuery(label) + " " + expr
		}
	}
	return expr
}

// quoteQuery quotes a value for the filter language.
func quoteQuery(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// registryCmd runs one registry action. docs lists, before it runs, the
// documents whose mentions it rewrites, so that their list records and
// the reader are refreshed as after any action.
func registryCmd(st Store, what string, docs func() ([]string, error), run func() error) tea.Cmd {
	return func() tea.Msg {
		var ids []string
		if docs != nil {
			var err error
			if ids, err = docs(); err != nil {
				return actionMsg{kind: actDo, what: what, err: err}
			}
		}
		if err := run(); err != nil {
			return actionMsg{kind: actDo, what: what, err: err}
		}
		act := store.Action{What: what}
		for _, id := range ids {
			act.Changes = append(act.Changes, store.Change{Bucket: "ann", Doc: id})
		}
		return actionMsg{kind: actDo, what: what, act: act}
	}
}

// openEntities opens the entity view and loads the registry.
func (a *App) openEntities() tea.Cmd {
	ev := newEntityView(a.styles, a.keys)
	if a.entities != nil {
		ev.setEntities(a.entities) // shown at once, refreshed below
	}
	a.overlay = ev
	return entitiesCmd(a.st, labelReq{})
}

// entityIntent handles the entity view's intents.
func (a *App) entityIntent(msg tea.Msg) tea.Cmd {
	st := a.st
	switch m := msg.(type) {
	case entityDocsMsg:
		expr := entityFilter(m.label, m.name, a.entities)
		a.setFocus(paneList)
		a.list.filtering = false
		cmd := tea.Cmd(nil)
		if a.list.setFilter(expr) {
			cmd = a.openCurrent(false)
		}
		a.status.set(fmt.Sprintf("%s mentioned in %s", entityName(m.label, m.name), plural(len(a.list.view), "document", "documents")))
		return cmd
	case renameEntityMsg:
		what := "rename " + entityName(m.label, m.from) + " to " + quoteShort(m.to, 40)
		if m.merge {
			what = "merge " + entityName(m.label, m.from) + " into " + quoteShort(m.to, 40)
		}
		return registryCmd(st, what, func() ([]string, error) { return st.EntityDocs(m.label, m.from) },
			func() error { return st.RenameEntity(m.label, m.from, m.to) })
	case saveEntityMsg:
		what := "external id of " + entityName(m.e.Label, m.e.Name)
		if m.e.ExternalID == "" {
			what += " cleared"
		} else {
			what += ": " + quoteShort(m.e.ExternalID, 40)
		}
		return registryCmd(st, what, nil, func() error { return st.SaveEntity(m.e) })
	case deleteEntityMsg:
		what := "delete " + entityName(m.label, m.name) + " from the registry"
		return registryCmd(st, what, func() ([]string, error) { return st.EntityDocs(m.label, m.name) },
			func() error { return st.DeleteEntity(m.label, m.name) })
	case undoReqMsg:
		return undoCmd(st, m.redo)
	}
	return nil
}
