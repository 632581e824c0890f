package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/action"
	"folio/tui/dashboard"
	"folio/tui/list"
	"folio/tui/overlay"
	"folio/tui/reader"
	"folio/tui/style"
)

// Intents: what overlays and keys ask for. Update turns each into one
// store command (one Do, one undoable step).

// labelReq is a span about to be labelled.
type labelReq struct {
	doc   string
	span  annot.Span
	text  string // its corrected text
	label string
}

// intent handles the messages that are not store results.
func (a *App) intent(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case action.DoneMsg:
		return a.actionDone(msg)
	case labelPickedMsg:
		req := msg.req
		known := aliasIndex(a.entities, req.label)
		if names := known[req.text]; len(names) == 1 {
			// the text is registered already: label it so at once
			return a.intent(canonicalMsg{req: req, canonical: names[0]})
		}
		a.overlay = overlay.NewCanonical(a.styles, a.keys.Dialog, req.label, req.text, entityNames(a.entities, req.label), known, func(c string) tea.Msg {
			return canonicalMsg{req: req, canonical: c}
		})
	case entitiesMsg:
		if msg.err != nil {
			a.status.fail(errText(msg.err))
			return nil
		}
		a.entities = msg.list
		switch o := a.overlay.(type) {
		case *overlay.Canonical:
			o.SetNames(entityNames(a.entities, o.Label()), aliasIndex(msg.list, o.Label()))
		case *overlay.Entities:
			o.SetEntities(msg.list)
		}
		if o, ok := a.under.(*overlay.Entities); ok {
			o.SetEntities(msg.list) // under the help
		}
	case overlay.HelpMsg:
		// the full help, over the overlay open now (the entity view)
		a.under = a.overlay
		a.overlay = overlay.NewHelp(a.styles, a.keys.Help, helpSections(a.keys, a.opt.Config.Tags, a.status.lastMessage()))
	case overlay.EntityDocsMsg, overlay.RenameEntityMsg, overlay.SaveEntityMsg, overlay.DeleteEntityMsg, overlay.UndoMsg:
		return a.entityIntent(msg)
	case noteMsg:
		var sp *annot.Span
		if msg.hasSpan {
			sp = &msg.span
		}
		cmd, err := a.act.Note(msg.doc, sp, msg.text)
		if err != nil {
			a.refused(err)
		} else if sp != nil {
			a.reader.ClearSelection()
		}
		return cmd
	case relateMsg:
		return a.act.Relate(msg.doc, msg.from, msg.to, msg.label, msg.what)
	case entitiesRefreshedMsg:
		return a.entitiesRefreshed(msg)

	case canonicalMsg:
		r := msg.req
		return a.act.Label(r.doc, r.span, r.text, r.label, msg.canonical)
	case correctMsg:
		var then tea.Cmd
		if s, ok := a.reader.CurrentSugg(); ok && s.Kind != suggest.KindEntity && a.cur != nil && msg.doc == a.cur.Doc.ID && s.Start == msg.span.Start && s.End == msg.span.End {
			// the correction decides the fix suggested under the cursor (a
			// suspect without one, c typed on it): move on, as a and r do;
			// an entity suggestion is still to decide on the text corrected
			then = decided(&a.reader, a.cur)
			a.followSuggestion()
		}
		return a.act.Correct(action.Correction{Doc: msg.doc, ID: msg.id, Class: msg.class, Value: msg.value,
			Span: msg.span, From: a.storedText(msg.span), Del: msg.del, Read: a.read(msg.doc), Then: then})
	case noChangeMsg:
		a.status.set(msg.what + " unchanged: nothing saved")
	case tagMsg:
		if msg.name == "" {
			return nil
		}
		if hasTag(a.read(msg.doc), msg.name) {
			a.status.set("already tagged #" + msg.name)
			return nil
		}
		return a.act.Tag(msg.doc, msg.name)
	case askTagInputMsg:
		a.askTagInput(msg.doc)
	case untagMsg:
		return a.act.Untag(msg.doc, msg.name)
	case setStatusMsg:
		return a.act.SetStatus(msg.doc, msg.status, nil)
	case searchMsg:
		if msg.q == "" {
			return nil
		}
		if !a.reader.Find(msg.q, false) {
			a.status.fail("not found: " + msg.q)
		}
	case filterMsg:
		return a.list.SetFilter(msg.expr)
	case askTagFilterMsg:
		in := newLineInput(a.styles, "tag: ")
		in.Suggestions = a.tags.list
		a.overlay = newPrompt(a.styles, a.keys, "Filter by tag", in, "tab completes",
			func(t string) tea.Msg { return filterMsg{expr: "tag:" + t} })
	case action.PlanMsg:
		return a.confirmEverywhere(msg)
	case action.ProgressMsg:
		return a.search.progress(msg)
	case dashboardMsg:
		if msg.err != nil {
			a.status.fail("dashboard: " + errText(msg.err))
			return nil
		}
		if a.overlay == nil {
			a.overlay = dashboard.New(a.styles, a.keys.Help, msg.d)
			a.status.clear()
		}
	case keptMsg:
		what, ops := msg.plan.Kept(msg.keep)
		return a.act.Do(what, ops, a.act.Learn(msg.plan.From, msg.plan.To))
	case nextTodoMsg:
		// the first todo document after it (wrapping), first in the
		// reviewer's queue when it is in it; the list finds it with the
		// indexes, in a command
		return a.list.NextTodo(findTodo, uint32(msg.seq), a.queue[msg.after])
	case nextSuggDocMsg:
		// the first document after it with open suggestions
		return a.list.NextWith(findSugg, uint32(msg.seq), func(d annot.Doc) bool { return d.Counts.Suggestions > 0 })
	}
	return nil
}

// actionDone reports a store write and reloads what it touched.
func (a *App) actionDone(msg action.DoneMsg) tea.Cmd {
	a.act.Answered()
	// replayHeld builds the open document's view again when keys wait
	// for it and nothing else will show it (the write did not change
	// it, or failed): the view's arrival replays them (viewMsg)
	replayHeld := func() tea.Cmd {
		if a.cur == nil || !a.waiting.holds() || a.act.Saving() || a.reopening {
			return nil
		}
		return a.buildView()
	}
	if errors.Is(msg.Err, store.ErrNoChange) && msg.Then != nil {
		return tea.Batch(replayHeld(), msg.Then) // already so (space on a done document): go on
	}
	if msg.Err != nil {
		switch {
		case errors.Is(msg.Err, store.ErrNothingToUndo), errors.Is(msg.Err, store.ErrNothingToRedo):
			a.status.fail(msg.Err.Error())
		case msg.What != "" && msg.Kind == action.KindDo:
			a.status.fail("refused: " + errText(msg.Err))
		default:
			a.status.fail(errText(msg.Err))
		}
		conflict := errors.Is(msg.Err, store.ErrConflict)
		var cmd tea.Cmd
		if conflict {
			// someone else changed what it was about: look again
			cmd = a.reopen()
		}
		switch {
		case a.waiting.seeking && msg.Then != nil:
			// space's save failed: the keys typed after it act on the
			// document shown, once its view is built again
			a.waiting.found(shownID(a.cur))
			cmd = tea.Batch(cmd, a.buildView())
		case !conflict:
			// nothing changed: the keys typed while it saved act on the
			// document shown
			cmd = replayHeld()
		}
		return cmd
	}
	done := "saved: "
	switch msg.Kind {
	case action.KindUndo:
		done = "undone: "
	case action.KindRedo:
		done = "redone: "
	}
	if msg.Warn != "" {
		a.status.fail(done + msg.What + "; " + msg.Warn)
	} else {
		a.status.set(done + msg.What)
	}
	ids := action.ChangedDocs(msg.Act)
	cmds := []tea.Cmd{recordsCmd(a.st, ids), a.counter.recount(ids)}
	if _, ok := a.overlay.(*overlay.Entities); ok || action.TouchesEntities(msg.Act) {
		cmds = append(cmds, entitiesCmd(a.st, labelReq{}))
	}
	if msg.Kind != action.KindDo && len(ids) > 0 {
		// an undo or redo shows what it changed: its document opens
		// with the changed span selected
		cmds = append(cmds, a.showChange(ids, msg.Act))
	} else if a.cur != nil && slices.Contains(ids, a.cur.Doc.ID) {
		cmds = append(cmds, a.reopen())
	} else {
		// the open document did not change (a tag in the list, the
		// registry): the keys typed while it saved act on it as shown
		cmds = append(cmds, replayHeld())
	}
	if r, ok := a.opt.Suggester.(EntityRefresher); ok && action.TouchesEntities(msg.Act) {
		cmds = append(cmds, refreshEntitiesCmd(r))
	}
	cmds = append(cmds, msg.Then)
	return tea.Batch(cmds...)
}

// showChange opens the document an undo or redo changed (the open one if
// it is among them, else the first) with the span it changed selected.
func (a *App) showChange(ids []string, act store.Action) tea.Cmd {
	id := ids[0]
	for _, x := range ids {
		if a.cur != nil && x == a.cur.Doc.ID {
			id = x
		}
	}
	if sp, ok := action.ChangedSpan(act, id); ok {
		a.reader.Want(id, sp)
	}
	if a.cur != nil && a.cur.Doc.ID == id {
		return a.reopen()
	}
	// the list follows, if it shows it; it opens all the same
	return tea.Batch(a.list.JumpID(id), a.openID(id))
}

// read is the annotations of document doc as this app last read them:
// the open document's, or none.
func (a *App) read(doc string) []annot.Annotation {
	if a.cur == nil || a.cur.Doc.ID != doc {
		return nil
	}
	return a.cur.Anns
}

// hasTag reports whether anns have tag name.
func hasTag(anns []annot.Annotation, name string) bool {
	for _, x := range anns {
		if x.Kind == annot.KindTag && x.Label == name {
			return true
		}
	}
	return false
}

// storedText is the stored text of a span of the open document.
func (a *App) storedText(sp annot.Span) string {
	if a.cur == nil {
		return ""
	}
	return a.reader.StoredText(a.cur.Doc.ID, a.cur.Text, sp)
}

// target is the span an action in the reader applies to.
func (a *App) target() (annot.Span, bool) {
	if a.cur == nil || !a.reader.Shows(a.cur.Doc.ID) {
		a.status.fail("no document open")
		return annot.Span{}, false
	}
	sp, ok := a.reader.Target()
	if !ok {
		a.status.fail("nothing selected (v selects, or put the cursor on a word)")
	}
	return sp, ok
}

func (a *App) askLabel() tea.Cmd {
	sp, ok := a.target()
	if !ok {
		return nil
	}
	if len(a.opt.Config.Labels) == 0 {
		a.status.fail("no labels configured")
		return nil
	}
	// an entity is its words, not the line breaks or spaces the
	// selection took in at its ends (brat and CoNLL cannot hold them)
	if sp = sp.TrimSpace(a.storedText(sp)); sp.Len() == 0 {
		a.status.fail("only white space selected: nothing to label")
		return nil
	}
	req := labelReq{doc: a.cur.Doc.ID, span: sp, text: a.reader.CorrectedText(a.cur.Doc.ID, a.cur.Text, a.cur.Anns, sp)}
	load := entitiesCmd(a.st, req) // ready by the time a label is picked
	var items []overlay.Item
	plain := map[string]bool{}
	for _, l := range a.opt.Config.Labels {
		items = append(items, overlay.Item{Key: l.Key, Label: l.Name, Desc: l.Description, Value: l.Name})
		plain[l.Name] = l.Plain
	}
	a.overlay = overlay.NewPicker(a.styles, a.keys.Picker, "Label "+quoteShort(req.text, 30), items,
		func(it overlay.Item) tea.Msg {
			r := req
			r.label = it.Value
			if plain[it.Value] {
				// a plain label (a date) takes no canonical name: no prompt
				return canonicalMsg{req: r}
			}
			return labelPickedMsg{req: r}
		})
	return load
}

// aliasIndex maps each form of the canonical entities of label (the
// name and every alias, which a label with a canonical name records) to
// the names it belongs to, the name itself first.
func aliasIndex(ents []store.Entity, label string) map[string][]string {
	idx := map[string][]string{}
	for _, e := range ents {
		if e.Label == label {
			idx[e.Name] = append([]string{e.Name}, idx[e.Name]...)
		}
	}
	for _, e := range ents {
		if e.Label != label {
			continue
		}
		for _, al := range e.Aliases {
			if al != e.Name && !slices.Contains(idx[al], e.Name) {
				idx[al] = append(idx[al], e.Name)
			}
		}
	}
	return idx
}

// entityNames lists the canonical entities of a label.
func entityNames(ents []store.Entity, label string) []string {
	var names []string
	for _, e := range ents {
		if e.Label == label {
			names = append(names, e.Name)
		}
	}
	return names
}

// coverFixes widens sp over the corrections of anns it overlaps: a
// correction there edits them. It returns the widened span, the id and
// class of the first (which the edit keeps) and the ids of the others
// (which it replaces).
func coverFixes(anns []annot.Annotation, sp annot.Span) (annot.Span, string, string, []string) {
	id, class := "", ""
	var del []string
	for _, x := range anns {
		if x.Kind != annot.KindCorrection || x.Stale || !x.Span().Overlaps(sp) {
			continue
		}
		if id == "" {
			id, class = x.ID, x.Class
		} else {
			del = append(del, x.ID)
		}
		sp = annot.Span{Start: min(sp.Start, x.Start), End: max(sp.End, x.End)}
	}
	return sp, id, class, del
}

// cutBoilerplate cuts the selection (or the word under the cursor) as
// boilerplate: a correction to nothing of its own class, dimmed in the
// reader, left out of the text export and of free-text search.
func (a *App) cutBoilerplate() tea.Cmd {
	sp, ok := a.target()
	if !ok {
		return nil
	}
	sp, id, _, del := coverFixes(a.cur.Anns, sp)
	a.reader.ClearSelection()
	doc := a.cur.Doc.ID
	return func() tea.Msg {
		return correctMsg{doc: doc, id: id, class: annot.ClassBoilerplate, value: "", span: sp, del: del}
	}
}

func (a *App) askCorrection() tea.Cmd {
	sp, ok := a.target()
	if !ok {
		return nil
	}
	doc := a.cur.Doc.ID
	sp, id, class, del := coverFixes(a.cur.Anns, sp)
	if class == "" {
		class = annot.ClassEdit
	}
	for _, x := range a.cur.Anns {
		if x.Kind == annot.KindMark && x.Span() == sp && id == "" {
			class = annot.ClassOCR
		}
	}
	for _, s := range a.open {
		if s.Start == sp.Start && s.End == sp.End && s.Kind != suggest.KindEntity && id == "" {
			class = string(s.Kind)
		}
	}
	orig := a.storedText(sp)
	prefill := a.reader.CorrectedText(doc, a.cur.Text, a.cur.Anns, sp)
	in := newLineInput(a.styles, "→ ")
	in.Breaks = true
	in.SetValue(prefill)
	a.overlay = newPrompt(a.styles, a.keys, "Correct "+quoteShort(orig, 30), in,
		"enter saves · ctrl+j line break · esc cancels · empty deletes the text",
		func(v string) tea.Msg {
			if v == prefill {
				return noChangeMsg{what: "correction"}
			}
			return correctMsg{doc: doc, id: id, class: class, value: v, span: sp, del: del}
		})
	return nil
}

// deleteUnderCursor deletes the smallest annotation under the cursor (or
// the one the selection covers exactly).
func (a *App) deleteUnderCursor() tea.Cmd {
	if a.cur == nil {
		return nil
	}
	x, ok := a.reader.AnnotationAt(a.cur.Doc.ID, a.cur.Anns, func(x annot.Annotation) bool { return x.Kind != annot.KindRejected })
	if !ok {
		a.status.fail("no annotation under the cursor")
		return nil
	}
	return a.deleteAnn(x)
}

func (a *App) deleteAnn(x annot.Annotation) tea.Cmd {
	if a.cur == nil {
		return nil
	}
	a.reader.ClearSelection()
	return a.act.Delete(a.cur.Doc.ID, x, a.storedText(x.Span()), a.cur.Anns)
}

func (a *App) askUntag() tea.Cmd {
	if a.cur == nil {
		return nil
	}
	doc := a.cur.Doc.ID
	var items []overlay.Item
	keys := "123456789abcdefghi"
	for _, x := range annot.Sorted(a.cur.Anns) {
		if x.Kind != annot.KindTag {
			continue
		}
		k := ""
		if len(items) < len(keys) {
			k = keys[len(items) : len(items)+1]
		}
		items = append(items, overlay.Item{Key: k, Label: "#" + x.Label, Value: x.Label})
	}
	if len(items) == 0 {
		a.status.fail("the document has no tags")
		return nil
	}
	a.overlay = overlay.NewPicker(a.styles, a.keys.Picker, "Remove tag", items,
		func(it overlay.Item) tea.Msg { return untagMsg{doc: doc, name: it.Value} })
	return nil
}

func (a *App) askStatus() tea.Cmd {
	if a.cur == nil {
		return nil
	}
	doc := a.cur.Doc.ID
	a.overlay = overlay.NewPicker(a.styles, a.keys.Picker, "Status", statusItems(),
		func(it overlay.Item) tea.Msg { return setStatusMsg{doc: doc, status: it.Value} })
	return nil
}

// doneNext marks the open document done and opens the next todo one.
// Until the open document has arrived, it is the one under the list's
// cursor (which is being opened).
func (a *App) doneNext() tea.Cmd {
	var d annot.Doc
	switch cur, ok := a.list.Current(); {
	case a.cur != nil:
		d = a.cur.Doc
	case ok:
		d = cur
	case !a.list.Loaded():
		a.status.fail("the list is still loading: press " + a.keys.Global.DoneNext.Help().Key + " again in a moment")
		return nil
	default:
		return nil
	}
	doc, seq := d.ID, d.Seq
	next := func() tea.Msg { return nextTodoMsg{after: doc, seq: seq} }
	a.waiting.seek() // the keys typed until the next is found are for it
	return a.act.SetStatus(doc, string(annot.StatusDone), next)
}

// filterItems are the choices of the list's filter menu (f): a query
// each, or "\x00tag" to ask for a tag.
func filterItems() []overlay.Item {
	return []overlay.Item{
		{Key: "t", Label: "todo", Value: "status:todo"},
		{Key: "d", Label: "done", Value: "status:done"},
		{Key: "r", Label: "rejected", Value: "status:rejected"},
		{Key: "s", Label: "with suggestions", Value: "has:suggestions"},
		{Key: "c", Label: "with corrections", Value: "has:corrections"},
		{Key: "g", Label: "tag…", Value: "\x00tag"},
		{Key: "a", Label: "all", Value: ""},
	}
}

// filterMenu is the list's filter menu.
func filterMenu(styles *style.Styles, keys KeyMap) overlay.Overlay {
	return overlay.NewPicker(styles, keys.Picker, "Filter", filterItems(), func(it overlay.Item) tea.Msg {
		if it.Value == "\x00tag" {
			return askTagFilterMsg{}
		}
		return filterMsg{expr: it.Value}
	})
}

// refused says why an action was refused before it reached the store.
func (a *App) refused(err error) {
	if errors.Is(err, action.ErrNoCandidates) {
		a.status.fail(err.Error() + ": " + a.keys.Reader.Correct.Help().Key + " to correct")
		return
	}
	a.status.fail(err.Error())
}

// accept applies candidate i of suggestion s of the open document; then
// runs after the save.
func (a *App) accept(s suggest.Suggestion, i int, then tea.Cmd) tea.Cmd {
	if a.cur == nil || s.Doc != "" && s.Doc != a.cur.Doc.ID {
		return nil
	}
	cmd, err := a.act.Accept(a.cur.Doc.ID, s, i, then)
	if err != nil {
		a.refused(err)
	}
	return cmd
}

// decide saves a decision on the suggestion under the reader's cursor
// (candidate i, or a rejection when i < 0) and moves on to the next open
// suggestion in text order, or, after the last, to the next document's
// first.
func (a *App) decide(i int) tea.Cmd {
	s, ok := a.reader.CurrentSugg()
	if !ok {
		a.status.fail("no suggestion under the cursor (" + a.keys.Reader.NextSugg.Help().Key + " jumps to the next)")
		return nil
	}
	then := decided(&a.reader, a.cur)
	var cmd tea.Cmd
	if i < 0 {
		cmd = a.act.Reject(a.cur.Doc.ID, s, then)
	} else {
		cmd = a.accept(s, i, then)
	}
	if cmd == nil {
		// refused (no such candidate): stay on it
		a.reader.SelectSuggAt(s)
		return nil
	}
	a.followSuggestion()
	return cmd
}

// decided moves r's cursor on from the suggestion just decided in d, to
// the next open one in text order; after the last it returns the command
// that opens the next document with suggestions, to run once the
// decision is saved.
func decided(r *reader.Model, d *store.Document) tea.Cmd {
	if r.NextAfterDecision() {
		return nil
	}
	id, seq := d.Doc.ID, d.Doc.Seq
	return func() tea.Msg { return nextSuggDocMsg{after: id, seq: seq} }
}

// What the app asks the list to find (list.FoundMsg.Tag).
const (
	findSugg = "sugg" // the next document with open suggestions
	findTodo = "todo" // the next todo document, after a space
)

// found opens what the list found (the next document with suggestions,
// the next todo one).
func (a *App) found(msg list.FoundMsg) tea.Cmd {
	var view tea.Cmd
	if msg.Tag == findTodo && a.waiting.seeking && (msg.Err != nil || !msg.Found) {
		// no next document: the keys typed after space act on the one
		// shown, once its view is built again (viewMsg replays them)
		a.waiting.found(shownID(a.cur))
		view = a.buildView()
	}
	if msg.Err != nil {
		a.status.fail(errText(msg.Err))
		return view
	}
	if !msg.Found {
		switch {
		case msg.Tag == findSugg:
			a.status.set("no open suggestion left in the list")
		case msg.Outside > 0:
			a.status.set(fmt.Sprintf("done; no todo document left in this filter, %s outside it (esc in the list clears the filter)",
				plural(msg.Outside, "todo document", "todo documents")))
		default:
			a.status.set("done; no todo document left")
		}
		return view
	}
	title := list.Title(&msg.Doc)
	switch {
	case msg.Tag == findSugg:
		a.reader.WantFirst(msg.Doc.ID)
		a.status.set("next document with suggestions: " + title)
	case msg.InFirst && a.queue != nil:
		a.status.set("done; next in your queue: " + title)
	default:
		a.status.set("done; next: " + title)
	}
	if msg.Tag == findTodo && a.waiting.seeking {
		a.waiting.found(msg.Doc.ID)
	}
	_, cmd := a.list.Goto(msg)
	return tea.Batch(cmd, a.openID(msg.Doc.ID))
}

// confirmEverywhere previews a plan (an apply-everywhere, a label-all in
// the corpus), or saves it at once when it needs no preview; the plan of
// a search given up is dropped.
func (a *App) confirmEverywhere(m action.PlanMsg) tea.Cmd {
	if !a.search.wanted(m) {
		return nil // a search given up (esc, another A)
	}
	if m.Err != nil {
		a.status.fail(errText(m.Err))
		return nil
	}
	if m.Direct {
		cmd, err := a.act.ApplyDirect(m)
		if err != nil {
			a.refused(err)
		}
		return cmd
	}
	if len(m.Ops) == 0 {
		a.status.fail("nothing to apply: every occurrence is done or in the way of another annotation")
		return nil
	}
	var left []string
	if m.Skipped > 0 {
		left = append(left, groupDigits(m.Skipped)+" done or in the way")
	}
	if m.Foreign > 0 {
		left = append(left, groupDigits(m.Foreign)+" marked foreign")
	}
	a.overlay = overlay.NewPreview(a.styles, a.keys.Preview, m.What, m.Where, strings.Join(left, ", "), func(keep []bool) tea.Msg {
		return keptMsg{plan: m, keep: keep}
	})
	a.status.set(describeCount(m.Places, m.Docs) + " found")
	return nil
}

// newPrompt opens a prompt titled name over in, with a hint under it.
func newPrompt(styles *style.Styles, keys KeyMap, name string, in lineInput, hint string, onSubmit func(string) tea.Msg) *overlay.Prompt {
	in.Keys = keys.Input
	p := overlay.NewPrompt(styles, keys.Dialog, name, in, onSubmit)
	p.Hint = hint
	return p
}

// entitiesRefreshed asks for the suggestions of the open document and of
// every other one again, once the suggester knows the changed entities.
func (a *App) entitiesRefreshed(msg entitiesRefreshedMsg) tea.Cmd {
	if msg.err != nil {
		a.status.fail("entity suggestions not updated: " + errText(msg.err))
		return nil
	}
	var cmds []tea.Cmd
	if a.cur != nil {
		cmds = append(cmds, suggestCmd(a.opt.Suggester, *a.cur, a.curKey))
	}
	return tea.Batch(append(cmds, a.startCounting(true))...)
}
