package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
// "entities" or "lexicon".
type Change struct {
	Bucket string          `json:"bucket"`
	Doc    string          `json:"doc,omitempty"`
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
		return annBucket(tx, c.Doc, create)
	case "entities":
		return tx.Bucket(bucketEntities), nil
	case "lexicon":
		return tx.Bucket(bucketLexicon), nil
	}
	return nil, fmt.Errorf("change to unknown bucket %q", c.Bucket)
}

// applyChanges writes the After side of each change (reverse: the Before
// side, last change first; known, if not nil, holds the annotations of
// documents already read in this transaction), then refreshes the derived records of every
// document touched. It first checks that each key still holds the side it
// is about to replace, so that a replay never clobbers a later change. It
// returns the annotations of each document touched, as they are now.
//
// It reads each touched document's annotations once and derives the new
// set from the changes, so that an action costs one pass over its
// documents' annotations, not several.
func applyChanges(tx *bolt.Tx, cs []Change, reverse bool, known map[string][]annot.Annotation) (map[string][]annot.Annotation, error) {
	old := map[string][]annot.Annotation{} // of each document touched
	for _, c := range cs {
		if _, ok := old[c.Doc]; c.Bucket == "ann" && !ok {
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
	}
	now := map[string]map[string]*annot.Annotation{} // doc → key → value written (nil: deleted)
	for i := range cs {
		c := cs[i]
		from, to := c.Before, c.After
		if reverse {
			c = cs[len(cs)-1-i]
			from, to = c.After, c.Before
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
		if c.Bucket != "ann" {
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
	after := make(map[string][]annot.Annotation, len(old))
	for id, prev := range old {
		anns := withChanges(prev, now[id])
		if err := refreshWith(tx, id, prev, anns); err != nil {
			return nil, err
		}
		after[id] = anns
	}
	return after, nil
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
	if _, err := applyChanges(tx, act.Changes, false, known); err != nil {
		return err
	}
	act.Kind, act.Author, act.Time = ActEdit, s.author, s.now()
	if err := appendLog(tx, act); err != nil {
		return err
	}
	if err := clearBucket(tx, bucketRedo); err != nil {
		return err
	}
	return tx.Bucket(bucketUndo).Put(seqKey(act.Seq), nil)
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
		k, _ := from.Cursor().Last()
		kind, empty := ActUndo, ErrNothingToUndo
		if !undo {
			from, to = to, from
			k, _ = from.Cursor().First()
			kind, empty = ActRedo, ErrNothingToRedo
		}
		if k == nil {
			return empty
		}
		k = append([]byte(nil), k...)
		act, err := getAction(tx, keySeq(k))
		if err != nil {
			return err
		}
		after, err := applyChanges(tx, act.Changes, undo, nil)
		if err != nil {
			return &replayError{kind: kind, what: act.What, key: k, err: err}
		}
		if err := validateTouched(tx, act.Changes, after); err != nil {
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

// validateTouched checks the annotation rules on the annotations a replay
// wrote, against the rest of their documents (after: as they are now):
// the store may have changed around them since (an import). It costs what
// the replay touched times the size of its documents' sets, not the
// square of a document's annotations.
func validateTouched(tx *bolt.Tx, cs []Change, after map[string][]annot.Annotation) error {
	byID := map[string]map[string]annot.Annotation{}
	for _, c := range cs {
		if c.Bucket != "ann" {
			continue
		}
		ids := byID[c.Doc]
		if ids == nil {
			ids = make(map[string]annot.Annotation, len(after[c.Doc]))
			for _, a := range after[c.Doc] {
				ids[a.ID] = a
			}
			byID[c.Doc] = ids
		}
		a, ok := ids[c.Key]
		if !ok {
			continue // deleted
		}
		d, found, err := getDoc(tx, c.Doc)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("document %q: %w", c.Doc, ErrNoDoc)
		}
		if err := annot.Check(a, d.Size); err != nil {
			return fmt.Errorf("document %q: annotation %s: %w", c.Doc, a.ID, err)
		}
		if err := annot.Conflict(a, after[c.Doc]); err != nil {
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

// History describes the actions undo and redo would replay next ("" when
// a stack is empty).
func (s *Store) History() (undo, redo string, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketUndo).Cursor().Last(); k != nil {
			a, err := getAction(tx, keySeq(k))
			if err != nil {
				return err
			}
			undo = a.What
		}
		if k, _ := tx.Bucket(bucketRedo).Cursor().First(); k != nil {
			a, err := getAction(tx, keySeq(k))
			if err != nil {
				return err
			}
			redo = a.What
		}
		return nil
	})
	return undo, redo, err
}
