package store

import (
	"bytes"
	"fmt"

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

// addSums adds what a document's forward entry sums (docSums) to st.
func (st *Stats) addSums(s *docSums) {
	st.Bytes += s.Bytes
	st.Entities += int(s.Entities)
	st.Corrections += int(s.Corrections)
	st.Marks += int(s.Marks)
	st.Notes += int(s.Notes)
	st.Stale += int(s.Stale)
	for l, n := range s.Labels {
		st.Labels[l] += int(n)
	}
}

// Stats returns the stats of the documents q selects (every document
// when q is nil or empty), as this view sees them. Where the indexes
// cover the view they answer, reading no record and no text: the whole
// corpus's from the stored counters and posting lists; a selection's
// counts (statuses, tags) as the cardinalities of its intersections with
// the posting lists, and its sums (entities, corrections, labels, bytes
// …) from the sums (sums.go), a few bytes per document, or, until they
// are built, its documents' forward index entries, which hold them at
// their start. A view the indexes do not cover (a reviewer's layers, or
// indexes not built yet) matches and sums every record instead.
func (s *Store) Stats(q *query.Query) (Stats, error) {
	if !s.Indexed() {
		return s.scanStats(q)
	}
	if q.Empty() {
		return s.corpusStats()
	}
	sel, err := s.Select(q, nil)
	if err != nil {
		return NewStats(), err
	}
	return s.StatsOf(sel)
}

// scanStats is Stats over every record, as this view sees it.
func (s *Store) scanStats(q *query.Query) (Stats, error) {
	st := NewStats()
	err := s.view(func(tx *bolt.Tx) error {
		return s.scanEach(tx, withAliases(tx, q), nil, func(d annot.Doc) error { st.Add(d); return nil })
	})
	return st, err
}

// corpusStats is the stats of every document, from the counters and the
// posting lists.
func (s *Store) corpusStats() (Stats, error) {
	st := NewStats()
	err := s.view(func(tx *bolt.Tx) error {
		if err := indexReady(tx); err != nil {
			return err
		}
		if err := termStats(tx, &st, nil); err != nil {
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
	return st, err
}

// termStats sets st's counts of statuses and tags (among within, when not
// nil) from the posting lists.
func termStats(tx *bolt.Tx, st *Stats, within *roaring.Bitmap) error {
	x := txIndex{tx}
	statuses, err := x.termCounts(query.TermStatus, within)
	if err != nil {
		return err
	}
	tags, err := x.termCounts(query.TermTag, within)
	if err != nil {
		return err
	}
	for k, n := range statuses {
		st.ByStatus[k] = n
	}
	st.Tags = tags
	return nil
}

// StatsOf returns the stats of the documents numbered sel (as Select
// returns them), from the indexes: the cost follows the selection's size
// and the number of tags, never the corpus's, and no record or text is
// read. It answers for the curated annotations; Stats is what a view
// that may read a reviewer's layers asks.
func (s *Store) StatsOf(sel *roaring.Bitmap) (Stats, error) {
	st := NewStats()
	err := s.view(func(tx *bolt.Tx) error {
		if err := indexReady(tx); err != nil {
			return err
		}
		if err := termStats(tx, &st, sel); err != nil {
			return err
		}
		if sumsCurrent(tx) {
			return selSums(tx, sel, &st)
		}
		// sums not built yet: each document's forward entry
		c := tx.Bucket(bucketFwd).Cursor()
		var k, v []byte
		var prev uint32
		for it := sel.Iterator(); it.HasNext(); {
			n := it.Next()
			if k != nil && n == prev+1 {
				k, v = c.Next() // a run of numbers: the next entry
			} else {
				k, v = c.Seek(numKey(n))
			}
			prev = n
			if got, ok := keyNum(k); !ok || got != n {
				return damaged(fmt.Errorf("document number %d has no forward index entry", n))
			}
			sums, _, err := decodeFwdSums(v)
			if err != nil {
				return damaged(fmt.Errorf("document number %d: %w", n, err))
			}
			st.addSums(&sums)
			st.Documents++
		}
		return nil
	})
	return st, err
}
