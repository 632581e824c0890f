package tui

import (
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"

	"folio/query"
)

// Assigner is an optional interface of a Store whose documents are dealt
// to reviewers (folio assign): the reviewers of each assigned document.
type Assigner interface {
	Assignments() (map[string][]string, error)
}

// numberer is an optional interface of a Store that numbers documents by
// id in one read, without their records.
type numberer interface {
	DocNums(ids []string) ([]uint32, error)
}

// docNums returns the numbers (Doc.Seq) of the documents ids: in one read
// where the store can, else a record read per document. A document the
// store does not hold is an error.
func docNums(st Store, ids []string) ([]uint32, error) {
	if n, ok := st.(numberer); ok {
		nums, err := n.DocNums(ids)
		if err != nil {
			return nil, err
		}
		for i, num := range nums {
			if num == 0 {
				return nil, fmt.Errorf("document %q is not in the store", ids[i])
			}
		}
		return nums, nil
	}
	nums := make([]uint32, len(ids))
	for i, id := range ids {
		d, err := st.Doc(id)
		if err != nil {
			return nil, err
		}
		nums[i] = uint32(d.Seq)
	}
	return nums, nil
}

// queueCmd reads the documents dealt to who (nil when the store deals
// none): the list shows them first, and space goes through them first.
// The list's first selection waits for it (setQueue), so that it opens on
// the queue.
func queueCmd(st Store, who string) tea.Cmd {
	as, ok := st.(Assigner)
	if !ok || who == "" {
		return nil
	}
	return func() tea.Msg {
		plan, err := as.Assignments()
		if err != nil {
			return queueMsg{err: err}
		}
		msg := queueMsg{ids: map[string]bool{}, nums: roaring.New()}
		var mine []string
		for id, revs := range plan {
			if slices.Contains(revs, who) {
				mine = append(mine, id)
				msg.ids[id] = true
			}
		}
		nums, err := docNums(st, mine)
		if err != nil {
			return queueMsg{err: err}
		}
		msg.nums.AddMany(nums)
		if len(msg.ids) == 0 {
			return queueMsg{}
		}
		todo, err := st.Select(query.MustParse("status:todo"), nil)
		if err != nil {
			return queueMsg{err: err}
		}
		msg.left = int(todo.AndCardinality(msg.nums))
		return msg
	}
}

// setQueue keeps the reviewer's queue, shows it first and says how much
// of it is left; the list then reads its first selection.
func (a *App) setQueue(msg queueMsg) tea.Cmd {
	if msg.err != nil {
		a.status.fail("your queue: " + errText(msg.err))
		return a.list.Load()
	}
	if len(msg.ids) == 0 {
		return a.list.Load()
	}
	a.queue = msg.ids
	// said when the list shows it
	a.queueNote = fmt.Sprintf("your queue first: %s, %d to do", plural(len(msg.ids), "document", "documents"), msg.left)
	return a.list.SetFirst(msg.nums)
}
