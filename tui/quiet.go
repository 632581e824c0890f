package tui

import (
	"sync"
	"time"
)

// Background work gives way to the reviewer's keys.
//
// The background count of suggestions (and, before it, the walk that
// marks every document after a change of evidence) runs in commands
// beside the event loop, on the same few cores. At a million documents
// each of its steps reads and decodes records, allocates and commits, and
// a key that came meanwhile waited for a core and for the collector: its
// echo took two or three frames. Update tells a quiet of each key and
// mouse event (Heard); the background work asks it before each step
// (Wait) and sleeps until the reviewer has been quiet for a while. The
// work still ends (the reviewer stops typing), and it stays resumable and
// crash-safe as before: a step held back is a step not started.

// quietAfter is how long the reviewer must leave the keys alone before
// background work takes its next step: longer than the pause between two
// keys of a word typed at a reviewer's pace, short enough that a count
// goes on while the reviewer reads.
const quietAfter = 300 * time.Millisecond

// quietAtLaunch is how long after the launch background work waits
// (Run): the reviewer's first second is the busiest (a filter typed, a
// document opened), and what the work cannot hold once started (package
// suggest's word lists and first indexes, over a second at a million
// documents) then starts after it, unless the reviewer is still typing.
const quietAtLaunch = time.Second

// quiet tells background work whether the reviewer is typing. It is
// shared by the event loop (Heard) and the commands that run in the
// background (Wait), and safe for both.
type quiet struct {
	after time.Duration         // quiet this long before a step
	now   func() time.Time      // the clock (tests: a fake one)
	sleep func(d time.Duration) // waits d (tests: advance the fake clock)
	mu    sync.Mutex            // guards last and until
	last  time.Time             // the last key or mouse event heard
	until time.Time             // no step before (hold)
}

// newQuiet returns a quiet on the real clock.
func newQuiet() *quiet {
	return &quiet{after: quietAfter, now: time.Now, sleep: time.Sleep}
}

// Heard records a key or mouse event of the reviewer's, now.
func (q *quiet) Heard() {
	if q == nil {
		return
	}
	t := q.now()
	q.mu.Lock()
	q.last = t
	q.mu.Unlock()
}

// hold holds background work back for d from now, as a key would for
// q.after.
func (q *quiet) hold(d time.Duration) {
	t := q.now().Add(d)
	q.mu.Lock()
	q.until = t
	q.mu.Unlock()
}

// Wait returns once the reviewer has been quiet for q.after (at once if
// they were) and the hold has passed, sleeping meanwhile. It always
// returns true, so that it can be given as a step's pause
// (store.Store.MarkSuggestionEvidence).
func (q *quiet) Wait() bool {
	q.wait()
	return true
}

// wait is Wait, and reports how many times it slept.
func (q *quiet) wait() (slept int) {
	if q == nil {
		return 0
	}
	for {
		q.mu.Lock()
		last, until := q.last, q.until
		q.mu.Unlock()
		now := q.now()
		left := until.Sub(now)
		if !last.IsZero() {
			left = max(left, q.after-now.Sub(last))
		}
		if left <= 0 {
			return slept
		}
		q.sleep(left)
		slept++
	}
}
