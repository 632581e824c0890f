package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// Action is one entry of the change log: a user action (one transaction),
// an undo or redo of one, or an import.
type Action struct {
	Seq     uint64    `json:"seq"`
	Kind    string    `json:"kind"` // "edit", "undo", "redo" or "import"
	Author  string    `json:"author"`
	Time    time.Time `json:"time"`
	What    string    `json:"what"`
	Changes []Change  `json:"changes,omitempty"`
	// Target is the action an undo or redo replays.
	Target uint64 `json:"target,omitempty"`
}

// Change is one key of one bucket before and after an action; a nil side
// means the key was absent. Bucket is "ann" (then Doc names the document),
// "entities" or "lexicon"; or derived data the action changed with them:
// "mentions" (the mention counts of Doc), "summary" (the fields of Doc's
// record that derive from its annotations; Key is the document's id);
// "assign" (the reviewers of document Doc; Key is its id).
type Change struct {
	Bucket string `json:"bucket"`
	Doc    string `json:"doc,omitempty"`
	// Layer is the reviewer's layer an "ann" change is in ("" the curated
	// annotations; see layers.go).
	Layer  string          `json:"layer,omitempty"`
	Key    string          `json:"key"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// The kinds of Action.
const (
	ActEdit   = "edit"
	ActUndo   = "undo"
	ActRedo   = "redo"
	ActImport = "import"
)

// ErrNothingToUndo and ErrNothingToRedo say the stacks are empty.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// changeBucket returns the bucket a change writes to.
func changeBucket(tx *bolt.Tx, c Change, create bool) (*bolt.Bucket, error) {
	switch c.Bucket {
	case "ann":
		if c.Layer != "" {
			return layerBucket(tx, c.Doc, c.Layer, create)
		}
		return annBucket(tx, c.Doc, create)
	case "entities":
		return tx.Bucket(bucketEntities), nil
	case "lexicon":
		return tx.Bucket(bucketLexicon), nil
	case "mentions":
		return tx.Bucket(bucketMentions), nil
	case string(bucketAssign):
		if b := tx.Bucket(bucketAssign); b != nil || !create {
			return b, nil
		}
		b, err := tx.CreateBucket(bucketAssign)
		if err != nil {
			return nil, fmt.Errorf("create bucket %s: %w", bucketAssign, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("change to unknown bucket %q", c.Bucket)
}

// applyChanges writes the After side of each change (reverse: the Before
// side, last change first), then brings the derived data of every
// document touched up to date: its record's summary and its mentions. It
// first checks that each key still holds the side it is about to replace,
// so that a replay never clobbers a later change.
//
// An action logs its derived data as changes of its own (bucket
// "summary", the record's fields that derive from the annotations, and
// bucket "mentions"), returned as logged for a new action (reverse false,
// no summary among cs) for the caller to log. A replay restores them like
// any key, so that undo and redo cost what the action touched, not what
// its documents hold. Entries logged before that carry no summary: their
// documents are recounted (one pass over their annotations). known, if
// not nil, holds the annotations of documents already read in this
// transaction.
func applyChanges(tx *bolt.Tx, cs []Change, reverse bool, known map[string][]annot.Annotation) ([]Change, error) {
	logged := map[string][]byte{} // doc → its summary as this replay restores it
	for _, c := range cs {
		if c.Bucket != bucketSummary {
			continue
		}
		from := c.Before
		if reverse {
			from = c.After
		}
		// another reviewer's action since changed the document: its
		// logged summary no longer fits, and it is recounted
		if ok, err := summaryIs(tx, c.Doc, from); err != nil {
			return nil, err
		} else if ok {
			logged[c.Doc] = nil
		}
	}
	old := map[string][]annot.Annotation{} // of each document to recount
	for _, c := range cs {
		if _, ok := old[c.Doc]; c.Bucket != "ann" || c.Layer != "" || ok {
			continue
		}
		if _, ok := logged[c.Doc]; ok {
			continue
		}
		if prev, ok := known[c.Doc]; ok {
			old[c.Doc] = prev
			continue
		}
		prev, err := getAnns(tx, c.Doc)
		if err != nil {
			return nil, err
		}
		old[c.Doc] = prev
	}
	// documents whose logged summary skips the recount below but whose
	// corrected text changes: their word counts are recounted
	texts, err := correctedBefore(tx, cs, logged)
	if err != nil {
		return nil, err
	}
	now := map[string]map[string]*annot.Annotation{} // doc → key → value written (nil: deleted)
	for i := range cs {
		c := cs[i]
		from, to := c.Before, c.After
		if reverse {
			c = cs[len(cs)-1-i]
			from, to = c.After, c.Before
		}
		if c.Bucket == bucketSummary || c.Bucket == "mentions" {
			if _, ok := logged[c.Doc]; !ok {
				continue // recounted below
			}
		}
		if c.Bucket == bucketSummary {
			logged[c.Doc] = to
			continue
		}
		b, err := changeBucket(tx, c, true)
		if err != nil {
			return nil, err
		}
		if cur := b.Get([]byte(c.Key)); !jsonEqual(cur, from) {
			return nil, fmt.Errorf("%s %s of %q has changed since", c.Bucket, c.Key, c.Doc)
		}
		if to == nil {
			err = b.Delete([]byte(c.Key))
		} else {
			err = b.Put([]byte(c.Key), to)
		}
		if err != nil {
			return nil, fmt.Errorf("write %s %s: %w", c.Bucket, c.Key, err)
		}
		if _, ok := old[c.Doc]; c.Bucket != "ann" || c.Layer != "" || !ok {
			continue
		}
		if now[c.Doc] == nil {
			now[c.Doc] = map[string]*annot.Annotation{}
		}
		var a *annot.Annotation
		if to != nil {
			a = new(annot.Annotation)
			if err := json.Unmarshal(to, a); err != nil {
				return nil, fmt.Errorf("document %s: annotation %s: %w", c.Doc, c.Key, err)
			}
		}
		now[c.Doc][c.Key] = a
	}
	for id, sum := range logged {
		if err := restoreSummary(tx, id, sum); err != nil {
			return nil, err
		}
	}
	if err := texts.recount(tx); err != nil {
		return nil, err
	}
	var derived []Change
	for _, id := range slices.Sorted(maps.Keys(old)) {
		prev := old[id]
		cs, err := refreshLogged(tx, id, prev, withChanges(prev, now[id]))
		if err != nil {
			return nil, err
		}
		derived = append(derived, cs...)
	}
	return derived, markChanged(tx, cs)
}

// withChanges returns prev with the annotations of changed (by key; nil
// deletes) put in, in key order as the bucket holds them.
func withChanges(prev []annot.Annotation, changed map[string]*annot.Annotation) []annot.Annotation {
	out := make([]annot.Annotation, 0, len(prev)+len(changed))
	for _, a := range prev {
		if _, ok := changed[a.ID]; !ok {
			out = append(out, a)
		}
	}
	for _, a := range changed {
		if a != nil {
			out = append(out, *a)
		}
	}
	slices.SortFunc(out, func(a, b annot.Annotation) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func jsonEqual(a, b []byte) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return bytes.Equal(a, b)
}

// appendLog writes act to the log, giving it its sequence number.
func appendLog(tx *bolt.Tx, act *Action) error {
	b := tx.Bucket(bucketLog)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	act.Seq = seq
	v, err := json.Marshal(act)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	return b.Put(seqKey(seq), v)
}

func getAction(tx *bolt.Tx, seq uint64) (Action, error) {
	var a Action
	v := tx.Bucket(bucketLog).Get(seqKey(seq))
	if v == nil {
		return a, fmt.Errorf("log entry %d is missing: %w", seq, ErrDamaged)
	}
	if err := json.Unmarshal(v, &a); err != nil {
		return a, fmt.Errorf("log entry %d: %w", seq, err)
	}
	return a, nil
}

// commit applies and logs a user action and makes it the top of the undo
// stack, clearing the redo stack.
func (s *Store) commit(tx *bolt.Tx, act *Action, known map[string][]annot.Annotation) error {
	derived, err := applyChanges(tx, act.Changes, false, known)
	if err != nil {
		return err
	}
	act.Changes = append(act.Changes, derived...)
	act.Kind, act.Author, act.Time = ActEdit, s.author, s.now()
	if err := appendLog(tx, act); err != nil {
		return err
	}
	if err := s.clearOwnRedo(tx); err != nil {
		return err
	}
	return tx.Bucket(bucketUndo).Put(seqKey(act.Seq), nil)
}

// clearOwnRedo drops this author's actions from the redo stack: a new
// action of theirs ends what they could redo. Others keep theirs (a redo
// checks that every key it writes still holds what it expects).
func (s *Store) clearOwnRedo(tx *bolt.Tx) error {
	b := tx.Bucket(bucketRedo)
	var drop [][]byte
	err := b.ForEach(func(k, _ []byte) error {
		a, err := getAction(tx, keySeq(k))
		if err != nil || a.Author == s.author {
			drop = append(drop, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range drop {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// ownTop returns the key of the stack's top action by this author: the
// last of the undo stack, the first of the redo stack; nil if none.
func (s *Store) ownTop(tx *bolt.Tx, stack *bolt.Bucket, last bool) ([]byte, error) {
	c := stack.Cursor()
	k, _ := c.First()
	next := c.Next
	if last {
		k, _ = c.Last()
		next = c.Prev
	}
	for ; k != nil; k, _ = next() {
		a, err := getAction(tx, keySeq(k))
		if err != nil {
			return nil, err
		}
		if a.Author == s.author {
			return append([]byte(nil), k...), nil
		}
	}
	return nil, nil
}

func clearBucket(tx *bolt.Tx, name []byte) error {
	if err := tx.DeleteBucket(name); err != nil {
		return fmt.Errorf("clear %s: %w", name, err)
	}
	_, err := tx.CreateBucket(name)
	return err
}

// Undo reverts the last action not yet undone, in one transaction, and
// returns it. Undo works across sessions: the stacks live in the store.
func (s *Store) Undo() (Action, error) { return s.replay(true) }

// Redo applies again the last action undone.
func (s *Store) Redo() (Action, error) { return s.replay(false) }

func (s *Store) replay(undo bool) (Action, error) {
	var done Action
	err := s.update(func(tx *bolt.Tx) error {
		from, to := tx.Bucket(bucketUndo), tx.Bucket(bucketRedo)
		kind, empty := ActUndo, ErrNothingToUndo
		if !undo {
			from, to = to, from
			kind, empty = ActRedo, ErrNothingToRedo
		}
		// each reviewer undoes their own actions, never another's
		k, err := s.ownTop(tx, from, undo)
		if err != nil {
			return err
		}
		if k == nil {
			return empty
		}
		act, err := getAction(tx, keySeq(k))
		if err != nil {
			return err
		}
		if _, err := applyChanges(tx, act.Changes, undo, nil); err != nil {
			return &replayError{kind: kind, what: act.What, key: k, err: err}
		}
		if err := validateTouched(tx, act.Changes); err != nil {
			return &replayError{kind: kind, what: act.What, key: k, err: err}
		}
		if err := from.Delete(k); err != nil {
			return err
		}
		if err := to.Put(k, nil); err != nil {
			return err
		}
		done = act
		rec := Action{Kind: kind, Author: s.author, Time: s.now(), What: act.What, Target: act.Seq}
		return appendLog(tx, &rec)
	})
	var re *replayError
	if errors.As(err, &re) {
		// What cannot be replayed would block everything beneath it:
		// drop it from its stack and say so.
		stack := bucketUndo
		if !undo {
			stack = bucketRedo
		}
		if derr := s.update(func(tx *bolt.Tx) error { return tx.Bucket(stack).Delete(re.key) }); derr != nil {
			return done, errors.Join(err, derr)
		}
	}
	return done, err
}

// replayError is an undo or redo that no longer fits the store.
type replayError struct {
	kind, what string
	key        []byte
	err        error
}

func (e *replayError) Error() string {
	return fmt.Sprintf("cannot %s %q: %v; it was taken off the %s stack", e.kind, e.what, e.err, e.kind)
}

func (e *replayError) Unwrap() error { return e.err }

// validateTouched checks each annotation a replay wrote on its own
// against its document (the text may have changed since, by an import).
// The overlap rules need no check: every key a replay writes still held
// what the action left there (applyChanges checks), and the stacks are
// cleared by every import that touches annotations, so a replay restores
// a state the rules accepted. It costs what the replay touched.
func validateTouched(tx *bolt.Tx, cs []Change) error {
	sizes := map[string]int{}
	for _, c := range cs {
		if c.Bucket != "ann" {
			continue
		}
		cur, err := changeBucket(tx, c, false)
		if err != nil || cur == nil {
			continue
		}
		v := cur.Get([]byte(c.Key))
		if v == nil {
			continue // deleted
		}
		var a annot.Annotation
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("document %q: annotation %s: %w", c.Doc, c.Key, err)
		}
		n, ok := sizes[c.Doc]
		if !ok {
			d, found, err := getDoc(tx, c.Doc)
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("document %q: %w", c.Doc, ErrNoDoc)
			}
			n, sizes[c.Doc] = d.Size, d.Size
		}
		if err := annot.Check(a, n); err != nil {
			return fmt.Errorf("document %q: annotation %s: %w", c.Doc, a.ID, err)
		}
	}
	return nil
}

// Log calls fn with each log entry, oldest first.
func (s *Store) Log(fn func(Action) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLog).ForEach(func(_, v []byte) error {
			var a Action
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("log: %w", err)
			}
			return fn(a)
		})
	})
}

// Recent calls fn with each log entry, newest first, until fn returns
// false: the recent activity, without reading the whole log.
func (s *Store) Recent(fn func(Action) bool) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketLog).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var a Action
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("log: %w", err)
			}
			if !fn(a) {
				return nil
			}
		}
		return nil
	})
}

// History describes the actions this author's undo and redo would replay
// next ("" when there is none).
func (s *Store) History() (undo, redo string, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		for _, st := range []struct {
			stack []byte
			last  bool
			what  *string
		}{{bucketUndo, true, &undo}, {bucketRedo, false, &redo}} {
			k, err := s.ownTop(tx, tx.Bucket(st.stack), st.last)
			if err != nil {
				return err
			}
			if k == nil {
				continue
			}
			a, err := getAction(tx, keySeq(k))
			if err != nil {
				return err
			}
			*st.what = a.What
		}
		return nil
	})
	return undo, redo, err
}
