package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// bucketAssign holds who reviews each document: document id → the JSON
// list of its reviewers, sorted. It is made by the first assignment, as
// stores before it have none.
var bucketAssign = []byte("assign")

// Assign sets the reviewers of each document of plan (an empty list
// unassigns it), as one undoable action.
func (s *Store) Assign(plan map[string][]string, what string) (Action, error) {
	var act Action
	err := s.update(func(tx *bolt.Tx) error {
		ed := newEditor(tx, s)
		for _, id := range slices.Sorted(maps.Keys(plan)) {
			if _, ok, err := getDoc(tx, id); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("document %q: %w", id, ErrNoDoc)
			}
			revs := slices.Clone(plan[id])
			for _, r := range revs {
				if err := reviewerName(r); err != nil {
					return fmt.Errorf("assign: %w", err)
				}
			}
			slices.Sort(revs)
			revs = slices.Compact(revs)
			var v []byte
			if len(revs) > 0 {
				var err error
				if v, err = json.Marshal(revs); err != nil {
					return err
				}
			}
			if err := ed.set(string(bucketAssign), id, id, v); err != nil {
				return err
			}
		}
		if len(ed.changes) == 0 {
			return ErrNoChange
		}
		act = Action{What: what, Changes: ed.changes}
		return s.commit(tx, &act, nil)
	})
	return act, err
}

// reviewerName says why r cannot name a reviewer: an assignment lists
// them apart by commas, and a layer's key ends with its reviewer after a
// NUL.
func reviewerName(r string) error {
	if r == "" || strings.ContainsAny(r, ",\x00\n") {
		return fmt.Errorf("%q is not a reviewer name", r)
	}
	return nil
}

// Assignments returns the reviewers of every assigned document.
func (s *Store) Assignments() (map[string][]string, error) {
	out := map[string][]string{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAssign)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var revs []string
			if err := json.Unmarshal(v, &revs); err != nil {
				return damaged(fmt.Errorf("assignment of %q: %w", k, err))
			}
			out[string(k)] = revs
			return nil
		})
	})
	return out, err
}
