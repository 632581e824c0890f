package action

import (
	"context"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
)

// A corpus-wide plan (apply everywhere, label all in the corpus) reads
// every text and checks every place found: on a large corpus, or a page
// of half a million words, that takes a while. It runs in a goroutine of
// its own under a context that the root cancels when the reviewer gives
// it up (esc, another A); its command returns a ProgressMsg now and then,
// whose Next waits on, and at last its PlanMsg. Both carry the number the
// root gave the search, so that the root drops what a search it gave up
// sends.

// WordFinder is an optional interface of a Store (*store.Store is one):
// FindWordContext finds what FindWord finds, stops with ctx's error once
// ctx is done, and tells progress (if not nil) after each document how
// many it searched of how many there are. A Store without it is searched
// by FindWord, which cannot be stopped halfway.
type WordFinder interface {
	FindWordContext(ctx context.Context, word string, progress func(done, total int)) (map[string][]annot.Span, error)
}

// progressEvery is the shortest time between two ProgressMsg of a search.
const progressEvery = 100 * time.Millisecond

// tracker is how far a search got: written by its goroutine, read by
// the command that waits for it. A nil tracker records nothing.
type tracker struct {
	mu   sync.Mutex
	now  ProgressMsg // Next unset
	last time.Time   // when the last change was signalled
	// changed holds a signal when there is progress not reported yet
	changed chan struct{}
}

// searched records that done documents of total were searched.
func (t *tracker) searched(done, total int) {
	if t != nil {
		t.set(func(p *ProgressMsg) { p.Searched, p.Docs = done, total })
	}
}

// checked records that done places of total were checked.
func (t *tracker) checked(done, total int) {
	if t != nil {
		t.set(func(p *ProgressMsg) { p.Checked, p.Places = done, total })
	}
}

// set changes the progress, and signals it at most every progressEvery.
func (t *tracker) set(change func(*ProgressMsg)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	change(&t.now)
	if time.Since(t.last) < progressEvery {
		return
	}
	t.last = time.Now()
	select {
	case t.changed <- struct{}{}:
	default: // one signal waits already
	}
}

// search runs plan in a goroutine under ctx: its command returns the
// plan numbered seq, or first a ProgressMsg whose Next waits for the
// rest. The goroutine never blocks, so a search given up (its context
// cancelled, its messages no longer asked for) ends at its next check.
func search(ctx context.Context, seq int, plan func(context.Context, *tracker) PlanMsg) tea.Cmd {
	return func() tea.Msg {
		t := &tracker{changed: make(chan struct{}, 1)}
		done := make(chan PlanMsg, 1)
		go func() {
			m := plan(ctx, t)
			m.Seq = seq
			done <- m
		}()
		return t.wait(seq, done)
	}
}

// wait returns the plan once done has it, or the progress when it
// changed before.
func (t *tracker) wait(seq int, done <-chan PlanMsg) tea.Msg {
	select {
	case m := <-done:
		return m
	case <-t.changed:
		t.mu.Lock()
		p := t.now
		t.mu.Unlock()
		p.Seq = seq
		p.Next = func() tea.Msg { return t.wait(seq, done) }
		return p
	}
}
