package tui

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"

	"folio/query"

	"folio/store"
	"folio/suggest"
)

// Open suggestions of every document, counted in the background.
//
// With a store that keeps the counts (SuggestionJournal), the list shows
// the counts the records hold, and a chain of commands counts only the
// documents the store marked out of date: those a write changed since they
// were counted, or all of them once when the evidence's fingerprint
// (Options.Evidence) changed. Each command counts countChunk of them and
// writes their counts back, each with the clearing of its mark, in short
// transactions that touch the records and has:suggestions alone (no text
// is read again; an action waits for none long), so the work survives a
// crash or a quit and the next launch resumes it; a launch after nothing
// changed counts nothing.
//
// With any other store, the chain reads and counts every document (a
// window of the selection of all at a time), and the counts stay in
// memory (list.Model.KeepCounts).
//
// In both, Update merges each chunk's counts into the list, and a document
// is counted again after every action on it; a count read before the last
// action on its document is dropped. The chain (the walk that marks, and
// each document it counts) waits while the reviewer types (quiet); the
// recount after an action does not.

// countChunk is how many documents one command of the chain counts.
var countChunk = 200

// counter is the state of the background count.
type counter struct {
	st       Store
	sg       Suggester
	evidence string // Options.Evidence
	quiet    *quiet // the chain's steps wait while the reviewer types

	all      *roaring.Bitmap // every document (without a journal)
	next     int             // first place of all not yet asked for (without a journal)
	after    string          // last id read (with a journal)
	total    int             // documents to count (-1: not known yet)
	done     int             // ids counted by the chain
	running  bool
	chain    int            // the chain's number: one more per start
	seq      int            // edit sequence: one more per action
	lastEdit map[string]int // document → seq of the last action on it
}

// countOne counts the open suggestions of document id.
func countOne(st Store, sg Suggester, id string) (int, bool) {
	d, err := st.Document(id)
	if err != nil {
		return 0, false
	}
	return len(suggest.Open(sg.Suggest(id, d.Text, d.Anns), d.Anns)), true
}

// countCmd counts the open suggestions of the documents ids (after an
// action: at once).
func countCmd(st Store, sg Suggester, ids []string, seq int) tea.Cmd {
	return func() tea.Msg { return countIDs(st, sg, ids, seq, false, nil) }
}

// countIDs counts the documents ids, each when q is quiet (the chain's
// q; nil: at once).
func countIDs(st Store, sg Suggester, ids []string, seq int, chain bool, q *quiet) countsMsg {
	out := make(map[string]int, len(ids))
	for _, id := range ids {
		q.Wait()
		if n, ok := countOne(st, sg, id); ok {
			out[id] = n
		}
	}
	return countsMsg{seq: seq, n: len(ids), counts: out, chain: chain}
}

// windowCount counts the documents at places [from, from+n) of all (the
// chain's first command selects all, and sends it).
func windowCount(st Store, sg Suggester, all *roaring.Bitmap, from, n, seq int, q *quiet) tea.Cmd {
	return func() tea.Msg {
		q.Wait()
		var sel *roaring.Bitmap
		if all == nil {
			var err error
			if all, err = st.Select(query.MustParse(""), nil); err != nil {
				return countsMsg{seq: seq, chain: true, err: err}
			}
			sel = all
		}
		docs, err := st.Window(all, from, n)
		if err != nil {
			return countsMsg{seq: seq, chain: true, err: err}
		}
		ids := make([]string, len(docs))
		for i, d := range docs {
			ids[i] = d.ID
		}
		msg := countIDs(st, sg, ids, seq, true, q)
		msg.all, msg.total = sel, -1
		if sel != nil {
			msg.total = int(sel.GetCardinality())
		}
		return msg
	}
}

// journalCount counts marked documents and writes their counts: with ids,
// those of ids that are marked; else the chain's next chunk after after
// (first marking every document if mark asks so: the evidence changed),
// each step and each document when q is quiet.
func journalCount(j SuggestionJournal, st Store, sg Suggester, ids []string, after string, mark *markAsk, seq int, q *quiet) tea.Cmd {
	if ids != nil {
		q = nil // an action's recount: at once
	}
	return func() tea.Msg {
		msg := countsMsg{seq: seq, chain: ids == nil, total: -1, counts: map[string]int{}}
		if mark != nil {
			// each step of a walk waits; evidence recorded, nothing does
			if _, err := j.MarkSuggestionEvidence(mark.evidence, mark.all, q.Wait); err != nil {
				msg.err = err
				return msg
			}
			// nothing marked: the chain ends at once, and its progress
			// with it, instead of saying it counts until the reviewer
			// pauses
			stale, err := j.AnyStale()
			if err != nil || !stale {
				msg.err, msg.total = err, 0
				return msg
			}
		}
		q.Wait() // before the marks are read (at a million, a long read)
		var marked []store.StaleDoc
		var err error
		if ids != nil {
			marked, err = j.StaleMarks(ids)
		} else {
			var total int
			marked, total, err = j.StaleSuggestions(after, max(countChunk, 1))
			if after == "" {
				msg.total = total
			}
		}
		if err != nil {
			msg.err = err
			return msg
		}
		counts := make([]store.SuggestionCount, 0, len(marked))
		for _, m := range marked {
			q.Wait()
			if n, ok := countOne(st, sg, m.ID); ok {
				counts = append(counts, store.SuggestionCount{StaleDoc: m, N: n})
				msg.counts[m.ID] = n
			}
			msg.after = m.ID
		}
		msg.n = len(marked)
		if _, err := j.SetSuggestionCounts(counts); err != nil {
			msg.err = err
		}
		return msg
	}
}

// markAsk asks the first command of a chain to mark documents first.
type markAsk struct {
	evidence string
	all      bool
}

// newCounter returns the count of sg's open suggestions in st, with
// evidence the fingerprint of what sg reads besides the corpus.
func newCounter(st Store, sg Suggester, evidence string) counter {
	return counter{st: st, sg: sg, evidence: evidence, quiet: newQuiet()}
}

// journal returns the store's suggestion journal, if it keeps one for the
// view the app counts with: the counts are stored in the shared records,
// so a view that may read a reviewer's layers (IndexedStore.Indexed is
// false) counts in memory instead.
func (c *counter) journal() (SuggestionJournal, bool) {
	j, ok := c.st.(SuggestionJournal)
	if !ok {
		return nil, false
	}
	if ix, ok := c.st.(IndexedStore); ok && !ix.Indexed() {
		return nil, false
	}
	return j, true
}

// start starts the chain: over the marked documents with a journal (every
// document when all is true: the entities changed), else over every
// document of the store. Without a suggester there is nothing to count.
func (c *counter) start(all bool) tea.Cmd {
	if c.sg == nil {
		return nil
	}
	c.chain++ // a chain still running ends with its command on the way
	if j, ok := c.journal(); ok {
		c.after, c.done, c.total, c.running = "", 0, -1, true // total known with the first chunk
		return c.ofChain(journalCount(j, c.st, c.sg, nil, "", &markAsk{c.evidence, all}, c.seq, c.quiet))
	}
	c.all, c.next, c.done, c.total, c.running = nil, 0, 0, -1, true
	return c.nextChunk()
}

// ofChain numbers the countsMsg of cmd, a command of the chain, with the
// chain's number: merge drops the chain's part of one from a chain since
// started again (its counts still count).
func (c *counter) ofChain(cmd tea.Cmd) tea.Cmd {
	chain := c.chain
	return func() tea.Msg {
		msg := cmd()
		if m, ok := msg.(countsMsg); ok {
			m.chainN = chain
			return m
		}
		return msg
	}
}

// nextChunk starts the next chunk of the chain, if any is left.
func (c *counter) nextChunk() tea.Cmd {
	if j, ok := c.journal(); ok {
		return c.ofChain(journalCount(j, c.st, c.sg, nil, c.after, nil, c.seq, c.quiet))
	}
	if c.all != nil && c.next >= int(c.all.GetCardinality()) {
		c.running = false
		return nil
	}
	n := max(countChunk, 1)
	from := c.next
	c.next += n
	return c.ofChain(windowCount(c.st, c.sg, c.all, from, n, c.seq, c.quiet))
}

// recount counts the documents an action touched again.
func (c *counter) recount(ids []string) tea.Cmd {
	c.seq++
	if c.lastEdit == nil {
		c.lastEdit = map[string]int{}
	}
	for _, id := range ids {
		c.lastEdit[id] = c.seq
	}
	if c.sg == nil || len(ids) == 0 {
		return nil
	}
	if j, ok := c.journal(); ok {
		return journalCount(j, c.st, c.sg, ids, "", nil, c.seq, nil)
	}
	return countCmd(c.st, c.sg, ids, c.seq)
}

// merge takes a chunk's counts: those still fresh (a count read before
// the last action on its document is dropped, a recount follows), the
// next chunk of the chain, and whether the chain ended having counted
// some (the list then sorts and filters again by the counts).
func (c *counter) merge(msg countsMsg) (fresh map[string]int, next tea.Cmd, ended bool) {
	fresh = make(map[string]int, len(msg.counts))
	for id, n := range msg.counts {
		if c.lastEdit[id] <= msg.seq {
			fresh[id] = n
		}
	}
	if msg.err != nil {
		if msg.chain && msg.chainN == c.chain {
			c.running = false
		}
		return fresh, nil, false
	}
	if !msg.chain || msg.chainN != c.chain {
		return fresh, nil, false // an action's recount, or a chain started again since
	}
	if msg.total >= 0 {
		c.total = msg.total
	}
	if msg.all != nil {
		c.all = msg.all
	}
	if msg.after != "" {
		c.after = msg.after
	}
	c.done += msg.n
	if msg.n > 0 {
		if next := c.nextChunk(); next != nil {
			return fresh, next, false
		}
	}
	c.running = false
	return fresh, nil, c.done > 0
}

// progress is the status line's note while the chain runs.
func (c *counter) progress() string {
	switch {
	case !c.running || c.total == 0:
		return ""
	case c.total < 0:
		return "counting suggestions 0 %"
	}
	return fmt.Sprintf("counting suggestions %d %%", min(c.done*100/c.total, 100))
}

// startCounting starts the count (see counter.start) once the list knows
// of documents.
func (a *App) startCounting(all bool) tea.Cmd {
	if _, shown, _, n := a.list.Counts(); n == 0 && shown == 0 {
		return nil
	}
	return a.counter.start(all)
}

// countsDone merges a chunk's counts into the list.
func (a *App) countsDone(msg countsMsg) tea.Cmd {
	fresh, next, ended := a.counter.merge(msg)
	for id, n := range fresh {
		a.list.SetSuggestions(id, n)
	}
	if msg.err != nil {
		a.status.fail("suggestion counts: " + errText(msg.err))
		return nil
	}
	if next != nil {
		return next
	}
	if ended && (a.list.Sorted() || a.list.Filter() != "") {
		return a.list.Load() // sorted and filtered by the new counts
	}
	return nil
}
