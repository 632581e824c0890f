// Package action owns the store writes of folio's terminal interface:
// each store action (a label, a correction, a tag, a decision on a
// suggestion, an apply-everywhere, a registry change, an undo) is built
// here as one undoable step and run in a tea.Cmd whose result comes back
// as a DoneMsg (or a PlanMsg to confirm first). The root model asks for
// them and routes their results; it never calls the store's writes
// itself.
package action

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
	"folio/tui/docview"
)

// Store is what the actions need of folio's store: its writes, and the
// reads their plans make. *store.Store satisfies it. Every call happens
// inside a tea.Cmd.
type Store interface {
	Do(what string, ops ...store.Op) (store.Action, error)
	Undo() (store.Action, error)
	Redo() (store.Action, error)
	Document(id string) (store.Document, error)
	// FindWord returns every whole-word occurrence of word in the corpus.
	FindWord(word string) (map[string][]annot.Span, error)
	EntityDocs(label, name string) ([]string, error)
	RenameEntity(label, from, name string) error
	SaveEntity(e store.Entity) error
	DeleteEntity(label, name string) error
}

// Learner is told each fix the reviewer saves, from the stored text to
// the replacement (see tui.Learner). It is called inside a tea.Cmd.
type Learner interface {
	Learn(from, to string)
}

// Relearner is an optional interface of a Learner: after an undo or a
// redo that changed the confirmed fixes, Relearn reads them from the store
// again, so that a fix taken back no longer counts as evidence. It is
// called inside a tea.Cmd.
type Relearner interface {
	Relearn() error
}

// Curator accepts a reviewer's version, or some of its annotations, into
// the curated ones (see tui.Curator).
type Curator interface {
	Curate(doc, from string, ids []string) (store.Action, error)
}

// Errors of the actions refused before they reach the store.
var (
	// ErrNoCandidates: the suggestion proposes no fix to accept.
	ErrNoCandidates = errors.New("no fix proposed")
	// ErrEmptyNote: a note without text is not saved.
	ErrEmptyNote = errors.New("an empty note is not saved")
	// ErrNoOther: a label-all found no other place to label.
	ErrNoOther = errors.New("no other occurrence to label")
)

// Actions builds and runs the store actions of one reviewer.
type Actions struct {
	st      Store
	author  string
	learner Learner
	// saving counts the writes asked for (Do, Undo, the registry's,
	// Curate) whose DoneMsg has not been answered yet: shared by the copies of
	// Actions, and only touched on the event loop (the asking and
	// Answered), never inside a command.
	saving *int
}

// New returns the actions on st, made by author ("" lets the store use
// its own), telling learner (nil for none) about saved fixes.
func New(st Store, author string, learner Learner) Actions {
	return Actions{st: st, author: author, learner: learner, saving: new(int)}
}

// Saving reports whether a write asked for has not been answered yet:
// until then the documents it writes still read as before it, so keys
// that act on them wait (the root holds them).
func (x Actions) Saving() bool { return x.saving != nil && *x.saving > 0 }

// Answered is told each DoneMsg as it arrives: its write is no longer on
// its way.
func (x Actions) Answered() {
	if x.saving != nil && *x.saving > 0 {
		*x.saving--
	}
}

// asked counts a write on its way and returns it.
func (x Actions) asked(cmd tea.Cmd) tea.Cmd {
	if x.saving != nil && cmd != nil {
		*x.saving++
	}
	return cmd
}

// stamp records the author on an annotation made here.
func (x Actions) stamp(a annot.Annotation) annot.Annotation {
	if x.author != "" {
		a.Author = x.author
	}
	return a
}

// Do saves ops as one action named what; then runs after success.
func (x Actions) Do(what string, ops []store.Op, then tea.Cmd) tea.Cmd {
	st := x.st
	return x.asked(func() tea.Msg {
		act, err := st.Do(what, ops...)
		return DoneMsg{Kind: KindDo, What: what, Act: act, Err: err, Then: then}
	})
}

// Undo undoes the last action, or redoes the last undone one. It is a
// write on its way like any other (Saving): keys typed after u act on
// the document as undone, not on the view from before it.
func (x Actions) Undo(redo bool) tea.Cmd {
	st, l := x.st, x.learner
	return x.asked(func() tea.Msg {
		m := DoneMsg{Kind: KindUndo}
		if redo {
			m.Kind = KindRedo
			m.Act, m.Err = st.Redo()
		} else {
			m.Act, m.Err = st.Undo()
		}
		m.What = m.Act.What
		if r, ok := l.(Relearner); ok && m.Err == nil && TouchesFixes(m.Act) {
			if err := r.Relearn(); err != nil {
				m.Warn = "suggestions not updated for the fixes: " + err.Error()
			}
		}
		return m
	})
}

// Learn tells the learner about a saved fix (nil when there is nothing
// to tell).
func (x Actions) Learn(from, to string) tea.Cmd {
	l := x.learner
	if l == nil || from == "" || to == "" || from == to {
		return nil
	}
	return func() tea.Msg {
		l.Learn(from, to)
		return nil
	}
}

// put saves one annotation of doc, stamped.
func (x Actions) put(what, doc string, a annot.Annotation, then tea.Cmd) tea.Cmd {
	a = x.stamp(a)
	return x.Do(what, []store.Op{{Doc: doc, Put: &a}}, then)
}

// Label labels span sp (whose corrected text is text) of doc, with a
// canonical name ("" for none).
func (x Actions) Label(doc string, sp annot.Span, text, label, canonical string) tea.Cmd {
	return x.put(fmt.Sprintf("label %s %s", docview.Quote(text, 30), label), doc,
		annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: label, Canonical: canonical}, nil)
}

// Correction is a correction to save.
type Correction struct {
	Doc   string
	ID    string // the correction it edits ("" for a new one)
	Class string
	Value string
	Span  annot.Span
	From  string   // the stored text of Span
	Del   []string // corrections the new one replaces
	// Read is the document's annotations as the app last read them: the
	// store refuses the edit if one it replaces changed since.
	Read []annot.Annotation
	// Then runs after the save (the next document's suggestions, when
	// the correction decided the open document's last).
	Then tea.Cmd
}

// Correct saves a correction (a cut, for the boilerplate class),
// replacing the corrections of c.Del, in one action.
func (x Actions) Correct(c Correction) tea.Cmd {
	an := x.stamp(annot.Annotation{ID: c.ID, Kind: annot.KindCorrection, Start: c.Span.Start, End: c.Span.End, Value: c.Value, Class: c.Class})
	what := fmt.Sprintf("correct %s → %s", docview.Quote(c.From, 30), docview.Quote(c.Value, 30))
	if c.Class == annot.ClassBoilerplate {
		what = fmt.Sprintf("cut %s as boilerplate", docview.Quote(c.From, 30))
	}
	ops := make([]store.Op, 0, len(c.Del)+1)
	for _, id := range c.Del {
		ops = append(ops, store.Op{Doc: c.Doc, Delete: id, Was: Was(c.Read, id)})
	}
	ops = append(ops, store.Op{Doc: c.Doc, Put: &an, Was: Was(c.Read, c.ID)})
	return x.Do(what, ops, tea.Batch(x.Learn(c.From, c.Value), c.Then))
}

// Was is the annotation id among read (a copy), for an op that replaces
// or deletes it; nil if there is none by that id.
func Was(read []annot.Annotation, id string) *annot.Annotation {
	if id == "" {
		return nil
	}
	for i := range read {
		if read[i].ID == id {
			a := read[i]
			return &a
		}
	}
	return nil
}

// Mark marks span sp (stored text text) of doc as an error.
func (x Actions) Mark(doc string, sp annot.Span, text string) tea.Cmd {
	return x.put("mark "+docview.Quote(text, 30), doc, annot.Annotation{Kind: annot.KindMark, Start: sp.Start, End: sp.End}, nil)
}

// Delete deletes annotation a of doc (text is the stored text of its
// span); read is the document's annotations as the app last read them.
func (x Actions) Delete(doc string, a annot.Annotation, text string, read []annot.Annotation) tea.Cmd {
	what := "delete " + string(a.Kind)
	switch {
	case a.Kind == annot.KindTag:
		what = "untag #" + a.Label
	case a.HasSpan():
		what += " " + docview.Quote(text, 30)
	}
	if a.Kind == annot.KindEntity {
		// the store deletes an entity's relations with it: say so
		n := 0
		for _, r := range read {
			if r.Kind == annot.KindRelation && (r.From == a.ID || r.To == a.ID) {
				n++
			}
		}
		switch {
		case n == 1:
			what += " and its relation"
		case n > 1:
			what += fmt.Sprintf(" and its %d relations", n)
		}
	}
	return x.Do(what, []store.Op{{Doc: doc, Delete: a.ID, Was: Was(read, a.ID)}}, nil)
}

// Note saves a note on span sp of doc, or on the whole of it when sp is
// nil. Surrounding space is dropped; an empty note is refused.
func (x Actions) Note(doc string, sp *annot.Span, text string) (tea.Cmd, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ErrEmptyNote
	}
	an := annot.Annotation{Kind: annot.KindNote, Value: text}
	if sp != nil {
		an.Start, an.End = sp.Start, sp.End
	}
	return x.put("note "+docview.Quote(text, 30), doc, an, nil), nil
}

// Relate saves a relation labelled label from entity from to entity to
// of doc, named what.
func (x Actions) Relate(doc, from, to, label, what string) tea.Cmd {
	return x.put(what, doc, annot.Annotation{Kind: annot.KindRelation, From: from, To: to, Label: label}, nil)
}

// Tag tags doc with name.
func (x Actions) Tag(doc, name string) tea.Cmd {
	return x.put("tag #"+name, doc, annot.Annotation{Kind: annot.KindTag, Label: name}, nil)
}

// Untag removes tag name from doc.
func (x Actions) Untag(doc, name string) tea.Cmd {
	return x.Do("untag #"+name, []store.Op{{Doc: doc, Delete: annot.TagID(name)}}, nil)
}

// SetStatus sets doc's review status; then runs after the save (and when
// the document had that status already).
func (x Actions) SetStatus(doc, status string, then tea.Cmd) tea.Cmd {
	return x.put("status "+status, doc, annot.Annotation{Kind: annot.KindStatus, Label: status}, then)
}

// Accept applies candidate i of suggestion s in doc; then runs after the
// save. A suggestion without candidates, or an i it has not, is refused.
func (x Actions) Accept(doc string, s suggest.Suggestion, i int, then tea.Cmd) (tea.Cmd, error) {
	if len(s.Candidates) == 0 {
		return nil, ErrNoCandidates
	}
	if i < 0 || i >= len(s.Candidates) {
		return nil, fmt.Errorf("the suggestion has %s", docview.Plural(len(s.Candidates), "candidate", "candidates"))
	}
	an, what := SuggestionAnn(s, i, annot.Span{Start: s.Start, End: s.End})
	if an.Kind == annot.KindCorrection {
		then = tea.Batch(x.Learn(s.Text, an.Value), then)
	}
	return x.put(what, doc, an, then), nil
}

// Reject records that suggestion s of doc was rejected, so that it is not
// offered again; then runs after the save.
func (x Actions) Reject(doc string, s suggest.Suggestion, then tea.Cmd) tea.Cmd {
	return x.put("reject "+docview.Quote(s.Text, 30), doc,
		annot.Annotation{Kind: annot.KindRejected, Start: s.Start, End: s.End, Label: string(s.Kind), Value: s.Text}, then)
}

// SuggestionAnn is the annotation accepting candidate i of s makes at sp,
// and the action's name.
func SuggestionAnn(s suggest.Suggestion, i int, sp annot.Span) (annot.Annotation, string) {
	c := s.Candidates[i]
	if s.Kind == suggest.KindEntity {
		return annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: c.Text,
				Canonical: c.Canonical, Meta: annot.Meta{Origin: annot.OriginSuggestion}},
			fmt.Sprintf("label %s %s", docview.Quote(s.Text, 30), c.Text)
	}
	return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End, Value: c.Text,
			Class: string(s.Kind), Meta: annot.Meta{Origin: annot.OriginSuggestion}},
		fmt.Sprintf("correct %s → %s", docview.Quote(s.Text, 30), docview.Quote(c.Text, 30))
}

// Registry actions, each one undoable step. docs lists, before it runs,
// the documents whose mentions it rewrites, so that the app reloads them
// as after any action.

// RenameEntity renames (label, from) to name, or merges it into name.
func (x Actions) RenameEntity(what, label, from, name string) tea.Cmd {
	st := x.st
	return x.asked(registry(what, func() ([]string, error) { return st.EntityDocs(label, from) },
		func() error { return st.RenameEntity(label, from, name) }))
}

// SaveEntity creates or updates a registry entry.
func (x Actions) SaveEntity(what string, e store.Entity) tea.Cmd {
	st := x.st
	return x.asked(registry(what, nil, func() error { return st.SaveEntity(e) }))
}

// DeleteEntity removes (label, name) from the registry.
func (x Actions) DeleteEntity(what, label, name string) tea.Cmd {
	st := x.st
	return x.asked(registry(what, func() ([]string, error) { return st.EntityDocs(label, name) },
		func() error { return st.DeleteEntity(label, name) }))
}

func registry(what string, docs func() ([]string, error), run func() error) tea.Cmd {
	return func() tea.Msg {
		var ids []string
		if docs != nil {
			var err error
			if ids, err = docs(); err != nil {
				return DoneMsg{Kind: KindDo, What: what, Err: err}
			}
		}
		if err := run(); err != nil {
			return DoneMsg{Kind: KindDo, What: what, Err: err}
		}
		act := store.Action{What: what}
		for _, id := range ids {
			act.Changes = append(act.Changes, store.Change{Bucket: "ann", Doc: id})
		}
		return DoneMsg{Kind: KindDo, What: what, Act: act}
	}
}

// Curate accepts reviewer from's version of doc (ids nil), or some of its
// annotations, into the curated ones: nil when the store has no
// reviewers' versions.
func (x Actions) Curate(doc, from string, ids []string) tea.Cmd {
	c, ok := x.st.(Curator)
	if !ok {
		return nil
	}
	return x.asked(func() tea.Msg {
		act, err := c.Curate(doc, from, ids)
		return DoneMsg{Kind: KindDo, What: act.What, Act: act, Err: err}
	})
}

// ChangedDocs lists the documents an action touched.
func ChangedDocs(act store.Action) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range act.Changes {
		if c.Doc != "" && !seen[c.Doc] {
			seen[c.Doc] = true
			out = append(out, c.Doc)
		}
	}
	return out
}

// TouchesEntities reports whether an action changed the registry or a
// labelled span.
func TouchesEntities(act store.Action) bool {
	for _, c := range act.Changes {
		if c.Bucket == "entities" {
			return true
		}
		if c.Bucket != "ann" {
			continue
		}
		for _, raw := range []json.RawMessage{c.Before, c.After} {
			var k struct {
				Kind annot.Kind `json:"kind"`
			}
			if len(raw) > 0 && json.Unmarshal(raw, &k) == nil && k.Kind == annot.KindEntity {
				return true
			}
		}
	}
	return false
}

// TouchesFixes reports whether act changed the confirmed fixes.
func TouchesFixes(act store.Action) bool {
	return slices.ContainsFunc(act.Changes, func(c store.Change) bool { return c.Bucket == "lexicon" })
}

// ChangedSpan is the span of the first annotation with a span that act
// changed in document id, as it is after act.
func ChangedSpan(act store.Action, id string) (annot.Span, bool) {
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
