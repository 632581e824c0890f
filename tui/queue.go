package tui

import (
	"fmt"
	"slices"

	"folio/annot"
)

// Assigner is an optional interface of a Store whose documents are dealt
// to reviewers (folio assign): the reviewers of each assigned document.
type Assigner interface {
	Assignments() (map[string][]string, error)
}

// queueFirst puts the documents assigned to who first, in their order,
// and returns them as a set (nil when none are, or the store deals none).
func queueFirst(st Store, who string, docs []annot.Doc) ([]annot.Doc, map[string]bool, error) {
	as, ok := st.(Assigner)
	if !ok || who == "" {
		return docs, nil, nil
	}
	plan, err := as.Assignments()
	if err != nil {
		return nil, nil, err
	}
	queue := map[string]bool{}
	for id, revs := range plan {
		if slices.Contains(revs, who) {
			queue[id] = true
		}
	}
	if len(queue) == 0 {
		return docs, nil, nil
	}
	out := make([]annot.Doc, 0, len(docs))
	for _, d := range docs {
		if queue[d.ID] {
			out = append(out, d)
		}
	}
	for _, d := range docs {
		if !queue[d.ID] {
			out = append(out, d)
		}
	}
	return out, queue, nil
}

// setQueue keeps the reviewer's queue and says how much of it is left.
func (a *App) setQueue(q map[string]bool) {
	first := a.queue == nil
	a.queue = q
	if len(q) == 0 || !first {
		return
	}
	left := 0
	for _, d := range a.list.docs {
		if q[d.ID] && (d.Status == annot.StatusTodo || d.Status == "") {
			left++
		}
	}
	a.status.set(fmt.Sprintf("your queue first: %d documents, %d to do", len(q), left))
}
