// Package workers runs independent pieces of work side by side, on at
// most a given number of goroutines: a command uses every core, the
// interface leaves one to the keys.
package workers

import "sync"

// Run calls every fn and returns when all have returned, with at most n
// of them running at once; n ≤ 0 runs them all at once, and n = 1 runs
// them one after the other, in order, on the calling goroutine.
func Run(n int, fns ...func()) {
	if n <= 0 || n > len(fns) {
		n = len(fns)
	}
	if n <= 1 {
		for _, fn := range fns {
			fn()
		}
		return
	}
	slots := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, fn := range fns {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			fn()
		})
	}
	wg.Wait()
}

// Background is how many goroutines background work of the interface
// uses on a machine of procs processors: all but one, which the keys
// need, and at least one.
func Background(procs int) int { return max(procs-1, 1) }
