package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"folio/suggest"
)

// Open suggestions of every document, counted in the background: when the
// list has loaded, a chain of commands reads and runs the suggester over
// countChunk documents each, and Update merges each chunk's counts into
// the list (in memory only; the store keeps no counts). A document is
// counted again after every action on it; a count read before the last
// action on its document is dropped.

// countChunk is how many documents one command of the chain counts.
var countChunk = 200

// counter is the state of the background count.
type counter struct {
	ids      []string // every document, in list order
	next     int      // first id not yet asked for
	done     int      // ids counted by the chain
	running  bool
	seq      int            // edit sequence: one more per action
	lastEdit map[string]int // document → seq of the last action on it
}

// countCmd counts the open suggestions of the documents ids.
func countCmd(st Store, sg Suggester, ids []string, seq int, chain bool) tea.Cmd {
	return func() tea.Msg {
		out := make(map[string]int, len(ids))
		for _, id := range ids {
			d, err := st.Document(id)
			if err != nil {
				continue
			}
			out[id] = len(suggest.Open(sg.Suggest(id, d.Text, d.Anns), d.Anns))
		}
		return countsMsg{seq: seq, n: len(ids), counts: out, chain: chain}
	}
}

// startCounting starts the chain over every document of the list.
func (a *App) startCounting() tea.Cmd {
	if a.opt.Suggester == nil || len(a.list.docs) == 0 {
		return nil
	}
	c := &a.counter
	c.ids = make([]string, len(a.list.docs))
	for i, d := range a.list.docs {
		c.ids[i] = d.ID
	}
	c.next, c.done, c.running = 0, 0, true
	return a.nextCount()
}

// nextCount starts the next chunk of the chain, if any is left.
func (a *App) nextCount() tea.Cmd {
	c := &a.counter
	if c.next >= len(c.ids) {
		c.running = false
		return nil
	}
	end := min(c.next+max(countChunk, 1), len(c.ids))
	chunk := c.ids[c.next:end]
	c.next = end
	return countCmd(a.st, a.opt.Suggester, chunk, c.seq, true)
}

// recount counts the documents an action touched again.
func (a *App) recount(ids []string) tea.Cmd {
	c := &a.counter
	c.seq++
	if c.lastEdit == nil {
		c.lastEdit = map[string]int{}
	}
	for _, id := range ids {
		c.lastEdit[id] = c.seq
	}
	if a.opt.Suggester == nil || len(ids) == 0 {
		return nil
	}
	return countCmd(a.st, a.opt.Suggester, ids, c.seq, false)
}

// countsDone merges counts into the list.
func (a *App) countsDone(msg countsMsg) tea.Cmd {
	c := &a.counter
	for id, n := range msg.counts {
		if c.lastEdit[id] > msg.seq {
			continue // read before the last action on it: a recount follows
		}
		a.list.setSuggestions(id, n)
	}
	if !msg.chain {
		return nil
	}
	c.done += msg.n
	if next := a.nextCount(); next != nil {
		return next
	}
	// all counted: sort and filter again by the counts
	if a.list.recounted() {
		return a.openCurrent(false)
	}
	return nil
}

// countProgress is the status line's note while the chain runs.
func (a *App) countProgress() string {
	c := &a.counter
	if !c.running || len(c.ids) == 0 {
		return ""
	}
	return fmt.Sprintf("counting suggestions %d %%", c.done*100/len(c.ids))
}
