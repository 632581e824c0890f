package store

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Fix is a correction the reviewer confirmed: From was corrected to To,
// Count times. Suggestions learn from them.
type Fix struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

func (ed *editor) noteFix(from, to string) error {
	if from == "" || from == to {
		return nil
	}
	key := from + "\x00" + to
	f := Fix{From: from, To: to}
	if v, err := ed.get("lexicon", "", key); err != nil {
		return err
	} else if v != nil {
		if err := json.Unmarshal(v, &f); err != nil {
			return fmt.Errorf("lexicon %q: %w", strings.ReplaceAll(key, "\x00", "→"), err)
		}
	}
	f.Count++
	v, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return ed.set("lexicon", "", key, v)
}

// Fixes returns every confirmed fix.
func (s *Store) Fixes() ([]Fix, error) {
	var out []Fix
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketLexicon).ForEach(func(k, v []byte) error {
			var f Fix
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("lexicon %q: %w", k, err)
			}
			out = append(out, f)
			return nil
		})
	})
	return out, err
}
