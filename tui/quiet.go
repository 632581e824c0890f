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

// quiet tells background work whether the reviewer is typing. It is
// shared by the event loop (Heard) and the commands that run in the
// background (Wait), and safe for both.
type quiet struct {
	after time.Duration         // quiet this long before a step
	now   func() time.Time      // the clock (tests: a fake one)
	sleep func(d time.Duration) // waits d (tests: advance the fake clock)
	mu    sync.Mutex            // guards last
	last  time.Time             // the last key or mouse event heard
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

// Wait returns once the reviewer has been quiet for q.after (at once if
// they were), sleeping meanwhile; it reports how many times it slept. It
// always returns true, so that it can be given as a step's pause
// (store.Store.MarkSuggestionEvidence).
func (q *quiet) Wait() bool {
	q.wait()
	return true
}

func (q *quiet) wait() (slept int) {
	if q == nil {
		return 0
	}
	for {
		q.mu.Lock()
		last := q.last
		q.mu.Unlock()
		left := q.after - q.now().Sub(last)
		if last.IsZero() || left <= 0 {
			return slept
		}
		q.sleep(left)
		slept++
	}
}
