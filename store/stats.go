package store

import "folio/annot"

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
