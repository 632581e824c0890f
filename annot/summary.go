package annot

import (
	"slices"
	"sort"
)

// Summarize sets the fields of d that derive from its annotations: status,
// tags, counts, labels, canonical entities, and who changed it last.
// Suggestions are not annotations and are left as they are.
func Summarize(d *Doc, anns []Annotation) {
	d.Status = StatusTodo
	d.Tags = nil // new slices: d may share its arrays with another record
	sugg := d.Counts.Suggestions
	d.Counts = Counts{Suggestions: sugg}
	d.Labels = nil
	d.Entities = nil
	var latest Meta
	for _, a := range anns {
		if a.Time.After(latest.Time) {
			latest = a.Meta
		}
		if a.Stale {
			d.Counts.Stale++
		}
		switch a.Kind {
		case KindStatus:
			d.Status = Status(a.Label)
		case KindTag:
			d.Tags = append(d.Tags, a.Label)
		case KindEntity:
			d.Counts.Entities++
			if d.Labels == nil {
				d.Labels = map[string]int{}
			}
			d.Labels[a.Label]++
			if a.Canonical != "" {
				d.Entities = append(d.Entities, a.Canonical)
			}
		case KindCorrection:
			if a.Class != ClassBoilerplate {
				d.Counts.Corrections++
			}
		case KindMark:
			d.Counts.Marks++
		case KindNote:
			d.Counts.Notes++
		}
	}
	sort.Strings(d.Tags)
	sort.Strings(d.Entities)
	d.Entities = slices.Compact(d.Entities)
	d.ChangedBy, d.ChangedAt = latest.Author, latest.Time
}
