package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// Op is one step of a user action: add or replace an annotation (Put; an
// empty ID adds a new one), or delete one (Delete names its id).
type Op struct {
	Doc    string
	Put    *annot.Annotation
	Delete string
	// Was, if set, is the annotation the op replaces or deletes as the
	// client last read it. When the store holds another by that id, or
	// none, someone changed it meanwhile: the action is refused with
	// ErrConflict and nothing is written.
	Was *annot.Annotation `json:",omitempty"`
}

// ErrNoChange is returned when an action would change nothing.
var ErrNoChange = errors.New("nothing changed")

// ErrConflict is returned (wrapped) for an action on an annotation that
// someone else changed or deleted since the client read it.
var ErrConflict = errors.New("changed by someone else meanwhile")

// ErrGone is returned (wrapped) by a store served by another process when
// that process is no longer there: nothing is read or saved until a
// folio holds the store again.
var ErrGone = errors.New("the folio that holds the store is gone")

// Do performs one user action, all its ops in one transaction, checked
// against the annotation rules: a refused op refuses the whole action and
// nothing is written. The action is logged and can be undone. It returns
// the logged action; the annotations as stored are in its changes and in
// Put's return.
func (s *Store) Do(what string, ops ...Op) (Action, error) {
	var act Action
	err := s.update(func(tx *bolt.Tx) error {
		ed := newEditor(tx, s)
		for _, op := range ops {
			if err := ed.apply(op); err != nil {
				return err
			}
		}
		if len(ed.changes) == 0 {
			return ErrNoChange
		}
		act = Action{What: what, Changes: ed.changes}
		return s.commit(tx, &act, ed.read())
	})
	return act, err
}

// Put adds or replaces one annotation and returns it as stored.
func (s *Store) Put(doc string, a annot.Annotation, what string) (annot.Annotation, error) {
	act, err := s.Do(what, Op{Doc: doc, Put: &a})
	if err != nil {
		return a, err
	}
	for _, c := range act.Changes {
		if c.Bucket == "ann" && c.Doc == doc && c.After != nil {
			var out annot.Annotation
			if json.Unmarshal(c.After, &out) == nil && out.Kind == a.Kind {
				return out, nil
			}
		}
	}
	return a, nil
}

// Delete deletes one annotation.
func (s *Store) Delete(doc, id, what string) error {
	_, err := s.Do(what, Op{Doc: doc, Delete: id})
	return err
}

// docState is what an editor knows of one document during an action.
type docState struct {
	doc    annot.Doc
	text   string
	ix     *annot.Index // built on the fourth slice: most actions need one or two
	slices int
	set    *annot.Set         // the annotations, under the rules of annot
	orig   []annot.Annotation // as read, before the action
	layer  string             // the reviewer's layer they are in ("" the curated ones)
}

// slice returns the text of sp. An action costs what its spans cost, not
// what the document does, until it slices often.
func (st *docState) slice(sp annot.Span) string {
	if st.ix == nil {
		if st.slices++; st.slices < 4 {
			return annot.Slice(st.text, sp)
		}
		st.ix = annot.NewIndex(st.text)
	}
	return st.ix.Slice(sp)
}

// editor turns ops into changes, keeping the state they lead to so that
// later ops in the same action see earlier ones.
type editor struct {
	tx      *bolt.Tx
	s       *Store
	docs    map[string]*docState
	values  map[string][]byte // bucket\x00doc\x00key → value as of now
	changes []Change
}

// read returns the annotations of each document the editor read, as they
// were before its changes.
func (ed *editor) read() map[string][]annot.Annotation {
	m := make(map[string][]annot.Annotation, len(ed.docs))
	for id, st := range ed.docs {
		if st.layer == "" { // a layer counts in no record
			m[id] = st.orig
		}
	}
	return m
}

func newEditor(tx *bolt.Tx, s *Store) *editor {
	return &editor{tx: tx, s: s, docs: map[string]*docState{}, values: map[string][]byte{}}
}

func (ed *editor) state(id string) (*docState, error) {
	if st := ed.docs[id]; st != nil {
		return st, nil
	}
	d, ok, err := getDoc(ed.tx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("document %q: %w", id, ErrNoDoc)
	}
	layer, err := ed.s.layerOf(ed.tx, id)
	if err != nil {
		return nil, err
	}
	anns, err := annsIn(ed.tx, id, layer)
	if err != nil {
		return nil, err
	}
	st := &docState{doc: d, text: string(getText(ed.tx, []byte(id))), orig: anns, layer: layer}
	st.set = annot.NewSet(d.Size, func() (string, error) { return nextAnnID(ed.tx, id, layer) })
	st.set.Load(anns)
	ed.docs[id] = st
	return st, nil
}

// set records a change of one key to v (nil deletes).
func (ed *editor) set(bucket, doc, key string, v []byte) error {
	id := bucket + "\x00" + doc + "\x00" + key
	layer := ""
	if st := ed.docs[doc]; st != nil && bucket == "ann" {
		layer = st.layer
	}
	before, seen := ed.values[id]
	if !seen {
		b, err := changeBucket(ed.tx, Change{Bucket: bucket, Doc: doc, Layer: layer}, false)
		if err != nil {
			return err
		}
		if b != nil {
			if cur := b.Get([]byte(key)); cur != nil {
				before = append([]byte(nil), cur...)
			}
		}
	}
	if jsonEqual(before, v) {
		return nil
	}
	ed.values[id] = v
	ed.changes = append(ed.changes, Change{Bucket: bucket, Doc: doc, Layer: layer, Key: key, Before: before, After: v})
	return nil
}

func (ed *editor) get(bucket, doc, key string) ([]byte, error) {
	if v, ok := ed.values[bucket+"\x00"+doc+"\x00"+key]; ok {
		return v, nil
	}
	layer := ""
	if st := ed.docs[doc]; st != nil && bucket == "ann" {
		layer = st.layer
	}
	b, err := changeBucket(ed.tx, Change{Bucket: bucket, Doc: doc, Layer: layer}, false)
	if err != nil || b == nil {
		return nil, err
	}
	if v := b.Get([]byte(key)); v != nil {
		return append([]byte(nil), v...), nil
	}
	return nil, nil
}

func (ed *editor) apply(op Op) error {
	st, err := ed.state(op.Doc)
	if err != nil {
		return err
	}
	if op.Was != nil {
		cur, ok := st.set.Get(op.Was.ID)
		switch {
		case !ok:
			return fmt.Errorf("document %q: annotation %s was deleted: %w", op.Doc, op.Was.ID, ErrConflict)
		case !cur.Same(*op.Was):
			by := ""
			if cur.Author != "" {
				by = " by " + cur.Author
			}
			return fmt.Errorf("document %q: annotation %s was changed%s: %w", op.Doc, op.Was.ID, by, ErrConflict)
		}
	}
	if op.Put == nil {
		d, err := st.set.Delete(op.Delete)
		if err != nil {
			return &annot.RuleError{Msg: fmt.Sprintf("document %q has no annotation %q", op.Doc, op.Delete)}
		}
		for _, h := range d.Deleted { // an entity takes its relations along
			if err := ed.set("ann", op.Doc, h.ID, nil); err != nil {
				return err
			}
		}
		return nil
	}
	a := *op.Put
	if a.Author == "" {
		a.Author = ed.s.author
	}
	if a.Time.IsZero() {
		a.Time = ed.s.now()
	}
	if a.Origin == "" {
		a.Origin = annot.OriginManual
	}
	if err := annot.Check(a, st.doc.Size); err != nil {
		return err
	}
	if a.HasSpan() {
		a.Text = st.slice(a.Span())
	}
	d, err := st.set.Put(a)
	if err != nil || d.Put == nil {
		return err // refused, or already there
	}
	a = *d.Put
	for _, h := range d.Deleted { // the marks a fix resolves
		if err := ed.set("ann", op.Doc, h.ID, nil); err != nil {
			return err
		}
	}
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := ed.set("ann", op.Doc, a.ID, v); err != nil {
		return err
	}
	switch {
	case st.layer != "":
		return nil // the registry and the fixes learn from curated work only
	case a.Kind == annot.KindEntity && a.Canonical != "":
		return ed.noteAlias(a.Label, a.Canonical, ed.surface(st, a))
	case a.Kind == annot.KindCorrection && a.Value != "" && a.Class != annot.ClassBoilerplate:
		return ed.noteFix(a.Text, a.Value)
	}
	return nil
}

// surface is the corrected text of an entity's span: what its mention says
// once the OCR fixes inside it are applied (an entity covers whole
// corrections or none).
func (ed *editor) surface(st *docState, a annot.Annotation) string {
	var inside []annot.Annotation
	for _, h := range st.set.Overlapping(a.Span()) {
		if h.Kind == annot.KindCorrection && a.Span().Contains(h.Span()) {
			h.Start, h.End = h.Start-a.Start, h.End-a.Start
			inside = append(inside, h)
		}
	}
	return annot.Apply(st.slice(a.Span()), inside).Text
}

// nextAnnID is the id of a new annotation of document doc: "a" and the
// next number of its annotation bucket.
func nextAnnID(tx *bolt.Tx, doc, layer string) (string, error) {
	b, err := annBucket(tx, doc, true)
	if layer != "" {
		b, err = layerBucket(tx, doc, layer, true)
	}
	if err != nil {
		return "", err
	}
	n, err := b.NextSequence()
	if err != nil {
		return "", fmt.Errorf("document %q: %w", doc, err)
	}
	return "a" + strconv.FormatUint(n, 10), nil
}
