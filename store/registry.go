package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"folio/annot"
	"folio/query"

	bolt "go.etcd.io/bbolt"
)

// Entity is a canonical entity of the registry: the name mentions are
// corrected to, its label, the surface forms seen, and an optional external
// id (a GND or Wikidata id). Mentions and Docs are counted on reading.
type Entity struct {
	Name       string   `json:"name"`
	Label      string   `json:"label"`
	Aliases    []string `json:"aliases,omitempty"`
	ExternalID string   `json:"external_id,omitempty"`
	Mentions   int      `json:"-"`
	Docs       int      `json:"-"`
}

func entityKey(label, name string) string { return label + "\x00" + name }

func (ed *editor) entity(label, name string) (Entity, bool, error) {
	v, err := ed.get("entities", "", entityKey(label, name))
	if err != nil || v == nil {
		return Entity{Name: name, Label: label}, false, err
	}
	var e Entity
	if err := json.Unmarshal(v, &e); err != nil {
		return e, false, fmt.Errorf("entity %s %q: %w", label, name, err)
	}
	return e, true, nil
}

func (ed *editor) putEntity(e Entity) error {
	sort.Strings(e.Aliases)
	e.Aliases = slices.Compact(e.Aliases)
	v, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return ed.set("entities", "", entityKey(e.Label, e.Name), v)
}

// noteAlias makes sure the registry holds (label, name) and knows surface
// as one of its forms.
func (ed *editor) noteAlias(label, name, surface string) error {
	e, _, err := ed.entity(label, name)
	if err != nil {
		return err
	}
	if surface != "" && !slices.Contains(e.Aliases, surface) {
		e.Aliases = append(e.Aliases, surface)
	}
	return ed.putEntity(e)
}

// withAliases is q with its entity: terms widened to the registry's
// entities whose aliases they match (query.Query.WithAliases). An entry
// that does not decode widens nothing; Entities and check report it.
func withAliases(tx *bolt.Tx, q *query.Query) *query.Query {
	b := tx.Bucket(bucketEntities)
	if b == nil {
		return q
	}
	return q.WithAliases(func(match func(string) bool) []string {
		var names []string
		b.ForEach(func(_, v []byte) error {
			var e Entity
			if json.Unmarshal(v, &e) == nil && slices.ContainsFunc(e.Aliases, match) {
				names = append(names, e.Name)
			}
			return nil
		})
		return names
	})
}

// Entities returns the registry, with mention and document counts, sorted
// by label and name.
func (s *Store) Entities() ([]Entity, error) {
	var out []Entity
	err := s.view(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMentions).Cursor()
		return tx.Bucket(bucketEntities).ForEach(func(k, v []byte) error {
			var e Entity
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("entity %q: %w", k, err)
			}
			prefix := append(append([]byte(nil), k...), 0)
			for mk, mv := m.Seek(prefix); mk != nil && bytes.HasPrefix(mk, prefix); mk, mv = m.Next() {
				n, _ := strconv.Atoi(string(mv))
				e.Mentions += n
				e.Docs++
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// EntityDocs returns the ids of the documents that mention (label, name).
func (s *Store) EntityDocs(label, name string) ([]string, error) {
	var ids []string
	err := s.view(func(tx *bolt.Tx) error {
		ids = mentioning(tx, label, name)
		return nil
	})
	return ids, err
}

func mentioning(tx *bolt.Tx, label, name string) []string {
	var ids []string
	prefix := []byte(entityKey(label, name) + "\x00")
	c := tx.Bucket(bucketMentions).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	return ids
}

// SaveEntity creates a registry entry or updates its aliases and external
// id, as one undoable action.
func (s *Store) SaveEntity(e Entity) error {
	if strings.TrimSpace(e.Name) == "" || strings.TrimSpace(e.Label) == "" {
		return &annot.RuleError{Msg: "a canonical entity needs a name and a label"}
	}
	return s.registryAction(func(ed *editor) (string, error) {
		return "save " + entityName(e.Label, e.Name), ed.putEntity(e)
	})
}

// RenameEntity renames the canonical entity (label, from) to name, and every
// mention with it, in one undoable action. If name already exists, the two
// are merged: aliases join, and from becomes an alias.
func (s *Store) RenameEntity(label, from, name string) error {
	if strings.TrimSpace(name) == "" {
		return &annot.RuleError{Msg: "a canonical entity needs a name"}
	}
	if from == name {
		return ErrNoChange
	}
	return s.registryAction(func(ed *editor) (string, error) {
		src, ok, err := ed.entity(label, from)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", &annot.RuleError{Msg: fmt.Sprintf("no canonical %s %q", label, from)}
		}
		dst, merge, err := ed.entity(label, name)
		if err != nil {
			return "", err
		}
		what := "rename " + entityName(label, from) + " to “" + name + "”"
		if merge {
			what = "merge " + entityName(label, from) + " into “" + name + "”"
		}
		dst.Aliases = append(append(dst.Aliases, src.Aliases...), from)
		if dst.ExternalID == "" {
			dst.ExternalID = src.ExternalID
		}
		if err := ed.set("entities", "", entityKey(label, from), nil); err != nil {
			return "", err
		}
		if err := ed.putEntity(dst); err != nil {
			return "", err
		}
		return what, ed.recanonical(label, from, name)
	})
}

// DeleteEntity removes a canonical entity from the registry; its mentions
// stay labelled but lose their canonical name. One undoable action.
func (s *Store) DeleteEntity(label, name string) error {
	return s.registryAction(func(ed *editor) (string, error) {
		if _, ok, err := ed.entity(label, name); err != nil || !ok {
			if err == nil {
				err = &annot.RuleError{Msg: fmt.Sprintf("no canonical %s %q", label, name)}
			}
			return "", err
		}
		if err := ed.set("entities", "", entityKey(label, name), nil); err != nil {
			return "", err
		}
		return "delete " + entityName(label, name) + " from the registry", ed.recanonical(label, name, "")
	})
}

// entityName names a canonical entity in an action's name, as the
// interface does: its label and its name in quotation marks.
func entityName(label, name string) string {
	return label + " “" + name + "”"
}

// recanonical points every mention of (label, from) at name.
func (ed *editor) recanonical(label, from, name string) error {
	for _, id := range mentioning(ed.tx, label, from) {
		st, err := ed.state(id)
		if err != nil {
			return err
		}
		for _, a := range st.set.All() {
			if a.Kind != annot.KindEntity || a.Label != label || a.Canonical != from {
				continue
			}
			a.Canonical = name
			if _, err := st.set.Put(a); err != nil {
				return err
			}
			v, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if err := ed.set("ann", id, a.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// registryAction runs fn as one undoable action, named as fn says.
func (s *Store) registryAction(fn func(*editor) (what string, err error)) error {
	return s.update(func(tx *bolt.Tx) error {
		ed := newEditor(tx, s)
		what, err := fn(ed)
		if err != nil {
			return err
		}
		if len(ed.changes) == 0 {
			return ErrNoChange
		}
		act := Action{What: what, Changes: ed.changes}
		return s.commit(tx, &act, ed.read())
	})
}
