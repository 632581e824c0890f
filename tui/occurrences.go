package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
)

// Label all occurrences: after a span is labelled, L labels every other
// whole-word occurrence of its text in the document at once, and A (on an
// entity) plans the same for the corpus with apply-everywhere's preview.
// Places already labelled, or where the new entity would cross an
// entity it can neither nest in nor hold, are left alone and counted.
// Either way it is one action, undone by one u.

// entityAtCursor is the entity the selection covers exactly, else the
// innermost entity under the reader's cursor (entityUnderCursor).
func (a *App) entityAtCursor() (annot.Annotation, bool) { return a.entityUnderCursor() }

// labelOccurrences labels every other occurrence of the text of the
// entity under the cursor like it: in this document at once, or (corpus)
// in every document after a preview.
func (a *App) labelOccurrences(corpus bool) tea.Cmd {
	e, ok := a.entityAtCursor()
	if !ok {
		a.status.fail("no entity under the cursor (" + a.keys.Reader.Label.Help().Key + " labels the selection)")
		return nil
	}
	word := a.storedText(e.Span())
	author := a.opt.Author
	build := func(sp annot.Span) annot.Annotation {
		x := annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: e.Label, Canonical: e.Canonical}
		if author != "" {
			x.Author = author
		}
		return x
	}
	what := fmt.Sprintf("label %s %s", quoteShort(word, 30), e.Label)
	st := a.st
	if corpus {
		a.status.set("looking for " + quoteShort(word, 30) + " in the corpus…")
		return everywhereCmd(st, what+" everywhere", word, build)
	}
	doc := a.cur.Doc.ID
	return func() tea.Msg {
		d, err := st.Document(doc)
		if err != nil {
			return everywhereMsg{err: err}
		}
		var others []annot.Span // the labelled one is not an "other"
		for _, sp := range annot.WordSpans([]byte(d.Text), []byte(word)) {
			if sp != e.Span() {
				others = append(others, sp)
			}
		}
		found := map[string][]annot.Span{doc: others}
		m := planPlaces(st, what, found, build)
		m.direct = true
		return m
	}
}

// applyDirect saves a plan that needs no preview, saying how many places
// it labels and how many it leaves alone.
func (a *App) applyDirect(m everywhereMsg) tea.Cmd {
	if len(m.ops) == 0 {
		a.status.fail("no other occurrence to label (" + itoa(m.skipped) + " labelled already or in the way)")
		return nil
	}
	what := fmt.Sprintf("%s in %s", m.what, plural(len(m.ops), "more place", "more places"))
	if m.skipped > 0 {
		what += fmt.Sprintf(" (%d labelled already or in the way)", m.skipped)
	}
	return doCmd(a.st, what, m.ops, nil)
}
