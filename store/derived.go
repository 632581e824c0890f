package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// refresh recomputes what derives from a document's annotations after they
// changed: its record's summary and its entries in the mentions bucket.
// old holds the annotations before the change.
func refresh(tx *bolt.Tx, id string, old []annot.Annotation) error {
	anns, err := getAnns(tx, id)
	if err != nil {
		return err
	}
	return refreshWith(tx, id, old, anns)
}

// refreshWith is refresh for a caller that knows the annotations as they
// are now (anns), in the bucket's key order.
func refreshWith(tx *bolt.Tx, id string, old, anns []annot.Annotation) error {
	d, ok, err := getDoc(tx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("document %q: %w", id, ErrNoDoc)
	}
	annot.Summarize(&d, anns)
	if err := putDoc(tx, d); err != nil {
		return err
	}
	return updateMentions(tx, id, old, anns)
}

// mentionKeys counts a document's mentions of each canonical entity.
func mentionKeys(id string, anns []annot.Annotation) map[string]int {
	m := map[string]int{}
	for _, a := range anns {
		if a.Kind == annot.KindEntity && a.Canonical != "" {
			m[entityKey(a.Label, a.Canonical)+"\x00"+id]++
		}
	}
	return m
}

func updateMentions(tx *bolt.Tx, id string, old, anns []annot.Annotation) error {
	b := tx.Bucket(bucketMentions)
	before, after := mentionKeys(id, old), mentionKeys(id, anns)
	for k := range before {
		if _, ok := after[k]; !ok {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
	}
	for k, n := range after {
		if before[k] != n {
			if err := b.Put([]byte(k), []byte(strconv.Itoa(n))); err != nil {
				return err
			}
		}
	}
	return nil
}

// bucketSummary names, in the change log, the fields of a document's record
// that derive from its annotations (not a bucket of the file: they live in
// the record).
const bucketSummary = "summary"

// summary is the part of a document's record that derives from its
// annotations, as the change log keeps it. Suggestion counts are not
// annotations and are not in it.
type summary struct {
	Status    annot.Status   `json:"status"`
	Tags      []string       `json:"tags,omitempty"`
	Counts    annot.Counts   `json:"counts"`
	ChangedBy string         `json:"changed_by,omitempty"`
	ChangedAt time.Time      `json:"changed_at,omitzero"`
	Labels    map[string]int `json:"labels,omitempty"`
	Entities  []string       `json:"entities,omitempty"`
}

func summaryOf(d annot.Doc) summary {
	c := d.Counts
	c.Suggestions = 0
	return summary{Status: d.Status, Tags: d.Tags, Counts: c, ChangedBy: d.ChangedBy, ChangedAt: d.ChangedAt, Labels: d.Labels, Entities: d.Entities}
}

// summaryIs reports whether document id's record holds the summary v.
func summaryIs(tx *bolt.Tx, id string, v []byte) (bool, error) {
	d, ok, err := getDoc(tx, id)
	if err != nil || !ok {
		return false, err
	}
	cur, err := json.Marshal(summaryOf(d))
	if err != nil {
		return false, err
	}
	return jsonEqual(cur, v), nil
}

// restoreSummary writes the logged summary v into document id's record.
func restoreSummary(tx *bolt.Tx, id string, v []byte) error {
	var sum summary
	if err := json.Unmarshal(v, &sum); err != nil {
		return fmt.Errorf("document %q: logged summary: %w", id, err)
	}
	d, ok, err := getDoc(tx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("document %q: %w", id, ErrNoDoc)
	}
	sugg := d.Counts.Suggestions
	d.Status, d.Tags, d.Counts, d.ChangedBy, d.ChangedAt, d.Labels, d.Entities =
		sum.Status, sum.Tags, sum.Counts, sum.ChangedBy, sum.ChangedAt, sum.Labels, sum.Entities
	d.Counts.Suggestions = sugg
	return putDoc(tx, d)
}

// refreshLogged is refreshWith that returns what it changed as changes
// for the log: the summary (always, so that a replay knows it need not
// recount) and each mention count.
func refreshLogged(tx *bolt.Tx, id string, old, anns []annot.Annotation) ([]Change, error) {
	d, ok, err := getDoc(tx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("document %q: %w", id, ErrNoDoc)
	}
	before, err := json.Marshal(summaryOf(d))
	if err != nil {
		return nil, err
	}
	if err := recountWords(tx, id, old, anns); err != nil {
		return nil, err
	}
	annot.Summarize(&d, anns)
	if err := putDoc(tx, d); err != nil {
		return nil, err
	}
	after, err := json.Marshal(summaryOf(d))
	if err != nil {
		return nil, err
	}
	out := []Change{{Bucket: bucketSummary, Doc: id, Key: id, Before: before, After: after}}
	b := tx.Bucket(bucketMentions)
	was, now := mentionKeys(id, old), mentionKeys(id, anns)
	keys := slices.Sorted(maps.Keys(was))
	for k := range now {
		if _, ok := was[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if was[k] == now[k] {
			continue
		}
		var cur []byte
		if v := b.Get([]byte(k)); v != nil {
			cur = append([]byte(nil), v...)
		}
		var next []byte
		if n := now[k]; n > 0 {
			next = []byte(strconv.Itoa(n))
			err = b.Put([]byte(k), next)
		} else {
			err = b.Delete([]byte(k))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Change{Bucket: "mentions", Doc: id, Key: k, Before: cur, After: next})
	}
	return out, nil
}
