package store

import (
	"bytes"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// Stats summarizes a set of documents.
type Stats struct {
	Documents   int            `json:"documents"`
	ByStatus    map[string]int `json:"by_status"`
	Tags        map[string]int `json:"tags"`
	Labels      map[string]int `json:"labels"`
	Entities    int            `json:"entities"`
	Corrections int            `json:"corrections"`
	Marks       int            `json:"marks"`
	Notes       int            `json:"notes"`
	Stale       int            `json:"stale"`
	Bytes       int64          `json:"bytes"`
}

// NewStats returns empty stats, every status counted at zero.
func NewStats() Stats {
	return Stats{ByStatus: map[string]int{"todo": 0, "done": 0, "rejected": 0},
		Tags: map[string]int{}, Labels: map[string]int{}}
}

// Add counts one document in.
func (st *Stats) Add(d annot.Doc) {
	st.Documents++
	st.ByStatus[string(d.Status)]++
	for _, t := range d.Tags {
		st.Tags[t]++
	}
	for l, n := range d.Labels {
		st.Labels[l] += n
	}
	st.Entities += d.Counts.Entities
	st.Corrections += d.Counts.Corrections
	st.Marks += d.Counts.Marks
	st.Notes += d.Counts.Notes
	st.Stale += d.Counts.Stale
	st.Bytes += int64(d.Bytes)
}

// Stats returns the stats of the documents of sel, or of every document
// when sel is nil. Every document's are kept as counters and posting
// lists, so they cost what the number of tags and labels costs, not the
// corpus; a selection's counts come from the posting lists, its sums from
// the records of its documents alone.
func (s *Store) Stats(sel *roaring.Bitmap) (Stats, error) {
	st := NewStats()
	if sel != nil {
		err := s.DocsOf(sel, func(d annot.Doc) error { st.Add(d); return nil })
		return st, err
	}
	statuses, err := s.TermCounts(query.TermStatus, nil)
	if err != nil {
		return st, err
	}
	tags, err := s.TermCounts(query.TermTag, nil)
	if err != nil {
		return st, err
	}
	err = s.view(func(tx *bolt.Tx) error {
		if err := indexReady(tx); err != nil {
			return err
		}
		st.Documents = int(tx.Bucket(bucketOrder).Sequence())
		c := tx.Bucket(bucketCounters)
		st.Bytes = getCounter(c, counterBytes)
		st.Entities = int(getCounter(c, counterEntities))
		st.Corrections = int(getCounter(c, counterCorrections))
		st.Marks = int(getCounter(c, counterMarks))
		st.Notes = int(getCounter(c, counterNotes))
		st.Stale = int(getCounter(c, counterStale))
		cur := c.Cursor()
		pre := []byte(counterLabel)
		for k, _ := cur.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, _ = cur.Next() {
			if n := getCounter(c, string(k)); n != 0 {
				st.Labels[string(k[len(pre):])] = int(n)
			}
		}
		return nil
	})
	for k, n := range statuses {
		st.ByStatus[k] = n
	}
	st.Tags = tags
	return st, err
}
