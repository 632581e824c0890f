package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/dashboard"
	"folio/tui/docview"
	"folio/tui/list"
	"folio/tui/overlay"
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
	case actionMsg:
		return a.actionDone(msg)
	case labelPickedMsg:
		req := msg.req
		known := aliasIndex(a.entities, req.label)
		if names := known[req.text]; len(names) == 1 {
			// the text is registered already: label it so at once
			return a.intent(canonicalMsg{req: req, canonical: names[0]})
		}
		a.overlay = overlay.NewCanonical(a.styles, a.keys.Dialog, req.label, req.text, a.entityNames(req.label), known, func(c string) tea.Msg {
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
			o.SetNames(a.entityNames(o.Label()), aliasIndex(msg.list, o.Label()))
		case *overlay.Entities:
			o.SetEntities(msg.list)
		}
	case overlay.EntityDocsMsg, overlay.RenameEntityMsg, overlay.SaveEntityMsg, overlay.DeleteEntityMsg, overlay.UndoMsg:
		return a.entityIntent(msg)
	case noteMsg:
		return a.saveNote(msg)
	case relateMsg:
		return a.saveRelation(msg)
	case entitiesRefreshedMsg:
		return a.entitiesRefreshed(msg)

	case canonicalMsg:
		r := msg.req
		an := a.ann(annot.Annotation{Kind: annot.KindEntity, Start: r.span.Start, End: r.span.End, Label: r.label, Canonical: msg.canonical})
		return a.do(fmt.Sprintf("label %s %s", quoteShort(r.text, 30), r.label), store.Op{Doc: r.doc, Put: &an})
	case correctMsg:
		an := a.ann(annot.Annotation{ID: msg.id, Kind: annot.KindCorrection, Start: msg.span.Start, End: msg.span.End, Value: msg.value, Class: msg.class})
		from := a.storedText(msg.span)
		what := fmt.Sprintf("correct %s → %s", quoteShort(from, 30), quoteShort(msg.value, 30))
		if msg.class == annot.ClassBoilerplate {
			what = fmt.Sprintf("cut %s as boilerplate", quoteShort(from, 30))
		}
		ops := make([]store.Op, 0, len(msg.del)+1)
		for _, id := range msg.del {
			ops = append(ops, store.Op{Doc: msg.doc, Delete: id, Was: a.was(msg.doc, id)})
		}
		ops = append(ops, store.Op{Doc: msg.doc, Put: &an, Was: a.was(msg.doc, msg.id)})
		return doCmd(a.st, what, ops, a.learn(from, msg.value))
	case noChangeMsg:
		a.status.set(msg.what + " unchanged: nothing saved")
	case tagMsg:
		if msg.name == "" {
			return nil
		}
		if a.hasTag(msg.doc, msg.name) {
			a.status.set("already tagged #" + msg.name)
			return nil
		}
		an := a.ann(annot.Annotation{Kind: annot.KindTag, Label: msg.name})
		return a.do("tag #"+msg.name, store.Op{Doc: msg.doc, Put: &an})
	case askTagInputMsg:
		a.askTagInput(msg.doc)
	case untagMsg:
		return a.do("untag #"+msg.name, store.Op{Doc: msg.doc, Delete: annot.TagID(msg.name)})
	case setStatusMsg:
		an := a.ann(annot.Annotation{Kind: annot.KindStatus, Label: msg.status})
		return a.do("status "+msg.status, store.Op{Doc: msg.doc, Put: &an})
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
		in.Suggestions = a.tagsUsed
		a.overlay = a.prompt("Filter by tag", in, "tab completes",
			func(t string) tea.Msg { return filterMsg{expr: "tag:" + t} })
	case everywhereMsg:
		return a.confirmEverywhere(msg)
	case dashboardMsg:
		if msg.err != nil {
			a.status.fail("dashboard: " + errText(msg.err))
			return nil
		}
		if a.overlay == nil {
			a.overlay = dashboard.New(a.styles, a.keys.Help, msg.d)
			a.status.clear()
		}
	case planMsg:
		return doCmd(a.st, msg.what, msg.ops, msg.then)
	case nextTodoMsg:
		return a.nextTodo(msg.after, msg.seq)
	case nextSuggDocMsg:
		return a.nextSuggDoc(msg.seq)
	}
	return nil
}

// learn tells a learning suggester about a saved fix (as a command run
// after the save).
func (a *App) learn(from, to string) tea.Cmd {
	l, ok := a.opt.Suggester.(Learner)
	if !ok || from == "" || to == "" || from == to {
		return nil
	}
	return func() tea.Msg {
		l.Learn(from, to)
		return nil
	}
}

// ann stamps an annotation made here with the author.
func (a *App) ann(x annot.Annotation) annot.Annotation {
	if a.opt.Author != "" {
		x.Author = a.opt.Author
	}
	return x
}

// do saves one action.
func (a *App) do(what string, ops ...store.Op) tea.Cmd {
	return doCmd(a.st, what, ops, nil)
}

// actionDone reports a store write and reloads what it touched.
func (a *App) actionDone(msg actionMsg) tea.Cmd {
	if errors.Is(msg.err, store.ErrNoChange) && msg.then != nil {
		return msg.then // already so (space on a done document): go on
	}
	if msg.err != nil {
		switch {
		case errors.Is(msg.err, store.ErrNothingToUndo), errors.Is(msg.err, store.ErrNothingToRedo):
			a.status.fail(msg.err.Error())
		case msg.what != "" && msg.kind == actDo:
			a.status.fail("refused: " + errText(msg.err))
		default:
			a.status.fail(errText(msg.err))
		}
		return a.conflicted(msg.err)
	}
	switch msg.kind {
	case actUndo:
		a.status.set("undone: " + msg.what)
	case actRedo:
		a.status.set("redone: " + msg.what)
	default:
		a.status.set("saved: " + msg.what)
	}
	ids := changedDocs(msg.act)
	cmds := []tea.Cmd{recordsCmd(a.st, ids), a.recount(ids)}
	if _, ok := a.overlay.(*overlay.Entities); ok || touchesEntities(msg.act) {
		cmds = append(cmds, entitiesCmd(a.st, labelReq{}))
	}
	if msg.kind != actDo && len(ids) > 0 {
		// an undo or redo shows what it changed: its document opens
		// with the changed span selected
		cmds = append(cmds, a.showChange(ids, msg.act))
	} else {
		for _, id := range ids {
			if a.cur != nil && id == a.cur.Doc.ID {
				cmds = append(cmds, a.reopen())
				break
			}
		}
	}
	if r, ok := a.opt.Suggester.(EntityRefresher); ok && touchesEntities(msg.act) {
		cmds = append(cmds, refreshEntitiesCmd(r))
	}
	cmds = append(cmds, msg.then)
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
	if sp, ok := changedSpan(act, id); ok {
		a.reader.Want(id, sp)
	}
	if a.cur != nil && a.cur.Doc.ID == id {
		return a.reopen()
	}
	// the list follows, if it shows it; it opens all the same
	return tea.Batch(a.list.JumpID(id), a.openID(id))
}

// changedSpan is the span of the first annotation with a span that act
// changed in document id, as it is after act.
func changedSpan(act store.Action, id string) (annot.Span, bool) {
	for _, c := range act.Changes {
		if c.Bucket != "ann" || c.Doc != id {
			continue
		}
		for _, raw := range [][]byte{c.After, c.Before} {
			var x annot.Annotation
			if len(raw) > 0 && json.Unmarshal(raw, &x) == nil && x.HasSpan() {
				return x.Span(), true
			}
		}
	}
	return annot.Span{}, false
}

// storedText is the stored text of a span of the open document.
func (a *App) storedText(sp annot.Span) string {
	if v := a.reader.V; v != nil && a.cur != nil && v.ID == a.cur.Doc.ID && v.Mode == docview.Original {
		return v.Slice(sp)
	}
	if a.cur == nil {
		return ""
	}
	return annot.Slice(a.cur.Text, sp)
}

// correctedText is the corrected text of a span of the open document.
func (a *App) correctedText(sp annot.Span) string {
	if a.cur == nil {
		return ""
	}
	if v := a.reader.V; v != nil && v.Mode == docview.Corrected && v.ID == a.cur.Doc.ID {
		return v.Slice(v.SpanToView(sp))
	}
	c := annot.Apply(a.cur.Text, a.cur.Anns)
	return annot.Slice(c.Text, c.Map.SpanToCorrected(sp))
}

// target is the span an action in the reader applies to.
func (a *App) target() (annot.Span, bool) {
	if a.cur == nil || a.reader.V == nil || a.reader.V.ID != a.cur.Doc.ID {
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
	req := labelReq{doc: a.cur.Doc.ID, span: sp, text: a.correctedText(sp)}
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
func (a *App) entityNames(label string) []string {
	var names []string
	for _, e := range a.entities {
		if e.Label == label {
			names = append(names, e.Name)
		}
	}
	return names
}

// coverFixes widens sp over the corrections it overlaps: a correction
// there edits them. It returns the widened span, the id and class of the
// first (which the edit keeps) and the ids of the others (which it
// replaces).
func (a *App) coverFixes(sp annot.Span) (annot.Span, string, string, []string) {
	id, class := "", ""
	var del []string
	for _, x := range a.cur.Anns {
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
	sp, id, _, del := a.coverFixes(sp)
	a.reader.ClearSelection()
	return func() tea.Msg {
		return correctMsg{doc: a.cur.Doc.ID, id: id, class: annot.ClassBoilerplate, value: "", span: sp, del: del}
	}
}

func (a *App) askCorrection() tea.Cmd {
	sp, ok := a.target()
	if !ok {
		return nil
	}
	doc := a.cur.Doc.ID
	sp, id, class, del := a.coverFixes(sp)
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
	prefill := a.correctedText(sp)
	in := newLineInput(a.styles, "→ ")
	in.Breaks = true
	in.SetValue(prefill)
	a.overlay = a.prompt("Correct "+quoteShort(orig, 30), in,
		"enter saves · ctrl+j line break · esc cancels · empty deletes the text",
		func(v string) tea.Msg {
			if v == prefill {
				return noChangeMsg{what: "correction"}
			}
			return correctMsg{doc: doc, id: id, class: class, value: v, span: sp, del: del}
		})
	return nil
}

func (a *App) markError() tea.Cmd {
	sp, ok := a.target()
	if !ok {
		return nil
	}
	an := a.ann(annot.Annotation{Kind: annot.KindMark, Start: sp.Start, End: sp.End})
	return a.do("mark "+quoteShort(a.storedText(sp), 30), store.Op{Doc: a.cur.Doc.ID, Put: &an})
}

// deleteUnderCursor deletes the smallest annotation under the cursor (or
// the one the selection covers exactly).
func (a *App) deleteUnderCursor() tea.Cmd {
	if a.cur == nil || a.reader.V == nil {
		return nil
	}
	x, ok := a.annotationAt(func(x annot.Annotation) bool { return x.Kind != annot.KindRejected })
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
	what := "delete " + string(x.Kind)
	switch {
	case x.Kind == annot.KindTag:
		what = "untag #" + x.Label
	case x.HasSpan():
		what += " " + quoteShort(a.storedText(x.Span()), 30)
	}
	a.reader.ClearSelection()
	return a.do(what, store.Op{Doc: a.cur.Doc.ID, Delete: x.ID, Was: a.was(a.cur.Doc.ID, x.ID)})
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
	an := a.ann(annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)})
	doc, seq := d.ID, d.Seq
	next := func() tea.Msg { return nextTodoMsg{after: doc, seq: seq} }
	return doCmd(a.st, "status done", []store.Op{{Doc: doc, Put: &an}}, next)
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

func (a *App) filterMenu() overlay.Overlay {
	return overlay.NewPicker(a.styles, a.keys.Picker, "Filter", filterItems(), func(it overlay.Item) tea.Msg {
		if it.Value == "\x00tag" {
			return askTagFilterMsg{}
		}
		return filterMsg{expr: it.Value}
	})
}

// accept applies candidate i of suggestion s; then runs after the save.
func (a *App) accept(s suggest.Suggestion, i int, then tea.Cmd) tea.Cmd {
	if a.cur == nil || s.Doc != "" && s.Doc != a.cur.Doc.ID {
		return nil
	}
	if len(s.Candidates) == 0 {
		a.status.fail("no fix proposed: " + a.keys.Reader.Correct.Help().Key + " to correct")
		return nil
	}
	if i < 0 || i >= len(s.Candidates) {
		a.status.fail(fmt.Sprintf("the suggestion has %s", plural(len(s.Candidates), "candidate", "candidates")))
		return nil
	}
	an, what := suggestionAnn(s, i, annot.Span{Start: s.Start, End: s.End})
	an = a.ann(an)
	if an.Kind == annot.KindCorrection {
		then = tea.Batch(a.learn(s.Text, an.Value), then)
	}
	return doCmd(a.st, what, []store.Op{{Doc: a.cur.Doc.ID, Put: &an}}, then)
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
	var then tea.Cmd
	if !a.reader.NextAfterDecision() {
		id, seq := a.cur.Doc.ID, a.cur.Doc.Seq
		then = func() tea.Msg { return nextSuggDocMsg{after: id, seq: seq} }
	}
	var cmd tea.Cmd
	if i < 0 {
		cmd = a.reject(s, then)
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

// What the app asks the list to find (list.FoundMsg.Tag).
const (
	findSugg = "sugg" // the next document with open suggestions
	findTodo = "todo" // the next todo document, after a space
)

// nextSuggDoc opens the first document after document seq in the list
// that has open suggestions, with its first suggestion selected: the list
// reads its records after seq in a command until one has.
func (a *App) nextSuggDoc(seq uint64) tea.Cmd {
	return a.list.NextWith(findSugg, uint32(seq), func(d annot.Doc) bool { return d.Counts.Suggestions > 0 })
}

// found opens what the list found (nextSuggDoc, nextTodo).
func (a *App) found(msg list.FoundMsg) tea.Cmd {
	if msg.Err != nil {
		a.status.fail(errText(msg.Err))
		return nil
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
		return nil
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
	_, cmd := a.list.Goto(msg)
	return tea.Batch(cmd, a.openID(msg.Doc.ID))
}

// suggestionAnn is the annotation accepting candidate i of s makes at sp.
func suggestionAnn(s suggest.Suggestion, i int, sp annot.Span) (annot.Annotation, string) {
	c := s.Candidates[i]
	if s.Kind == suggest.KindEntity {
		return annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: c.Text,
				Canonical: c.Canonical, Meta: annot.Meta{Origin: annot.OriginSuggestion}},
			fmt.Sprintf("label %s %s", quoteShort(s.Text, 30), c.Text)
	}
	return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: c.Text,
			Class: string(s.Kind), Meta: annot.Meta{Origin: annot.OriginSuggestion}},
		fmt.Sprintf("correct %s → %s", quoteShort(s.Text, 30), quoteShort(c.Text, 30))
}

// reject records that s was rejected, so that it is not offered again;
// then runs after the save.
func (a *App) reject(s suggest.Suggestion, then tea.Cmd) tea.Cmd {
	if a.cur == nil {
		return nil
	}
	an := a.ann(annot.Annotation{Kind: annot.KindRejected, Start: s.Start, End: s.End, Label: string(s.Kind), Value: s.Text})
	return doCmd(a.st, "reject "+quoteShort(s.Text, 30), []store.Op{{Doc: a.cur.Doc.ID, Put: &an}}, then)
}

// applyEverywhere plans applying s's first candidate to every whole-word
// occurrence of its text in the corpus; a confirmation follows.
func (a *App) applyEverywhere(s suggest.Suggestion) tea.Cmd {
	if len(s.Candidates) == 0 {
		a.status.fail("no fix proposed: " + a.keys.Reader.Correct.Help().Key + " to correct")
		return nil
	}
	_, what := suggestionAnn(s, 0, annot.Span{})
	what += " everywhere"
	author := a.opt.Author
	a.status.set("looking for " + quoteShort(s.Text, 30) + " in the corpus…")
	plan := everywhereCmd(a.st, what, s.Text, func(sp annot.Span) annot.Annotation {
		an, _ := suggestionAnn(s, 0, sp)
		if author != "" {
			an.Author = author
		}
		return an
	})
	from, to := "", ""
	if s.Kind != suggest.KindEntity {
		from, to = s.Text, s.Candidates[0].Text
	}
	return func() tea.Msg {
		m := plan().(everywhereMsg)
		m.from, m.to = from, to
		return m
	}
}

func (a *App) confirmEverywhere(m everywhereMsg) tea.Cmd {
	if m.err != nil {
		a.status.fail(errText(m.err))
		return nil
	}
	if m.direct {
		return a.applyDirect(m)
	}
	if len(m.ops) == 0 {
		a.status.fail("nothing to apply: every occurrence is done or in the way of another annotation")
		return nil
	}
	var left []string
	if m.skipped > 0 {
		left = append(left, groupDigits(m.skipped)+" done or in the way")
	}
	if m.foreign > 0 {
		left = append(left, groupDigits(m.foreign)+" marked foreign")
	}
	then := a.learn(m.from, m.to)
	a.overlay = overlay.NewPreview(a.styles, a.keys.Preview, m.what, m.where, strings.Join(left, ", "), func(keep []bool) tea.Msg {
		var ops []store.Op
		for i, op := range m.ops {
			if keep[i] {
				ops = append(ops, op)
			}
		}
		what := m.what
		if len(ops) < len(m.ops) {
			what += " (" + plural(len(ops), "place", "places") + ")"
		}
		return planMsg{what: what, ops: ops, then: then}
	})
	a.status.set(describeCount(m.places, m.docs) + " found")
	return nil
}

// prompt opens a prompt titled name over in, with a hint under it.
func (a *App) prompt(name string, in lineInput, hint string, onSubmit func(string) tea.Msg) *overlay.Prompt {
	p := overlay.NewPrompt(a.styles, a.keys.Dialog, name, in, onSubmit)
	p.Hint = hint
	return p
}

// nextTodo moves the list to the first todo document after document
// id, number seq (wrapping), and opens it: first in the reviewer's queue
// when id is in it. The list finds it with the indexes, in a command.
func (a *App) nextTodo(id string, seq uint64) tea.Cmd {
	return a.list.NextTodo(findTodo, uint32(seq), a.queue[id])
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
		cmds = append(cmds, suggestCmd(a.opt.Suggester, *a.cur, a.docGen))
	}
	return tea.Batch(append(cmds, a.startCounting(true))...)
}
