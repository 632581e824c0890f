package workers

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRun: every function runs once, never more than n at a time, and
// with n = 1 in order on the caller's goroutine.
func TestRun(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 8} {
		var running, most, calls atomic.Int32
		fns := make([]func(), 6)
		for i := range fns {
			fns[i] = func() {
				calls.Add(1)
				now := running.Add(1)
				for {
					m := most.Load()
					if now <= m || most.CompareAndSwap(m, now) {
						break
					}
				}
				time.Sleep(20 * time.Millisecond)
				running.Add(-1)
			}
		}
		Run(n, fns...)
		limit := int32(n)
		if n <= 0 {
			limit = int32(len(fns))
		}
		if calls.Load() != int32(len(fns)) {
			t.Errorf("n=%d: %d calls, want %d", n, calls.Load(), len(fns))
		}
		if most.Load() > limit {
			t.Errorf("n=%d: %d ran at once", n, most.Load())
		}
		if n >= 2 && most.Load() < 2 {
			t.Errorf("n=%d: never more than one at once", n)
		}
	}
	var order []int
	var mu sync.Mutex
	Run(1, func() { mu.Lock(); order = append(order, 1); mu.Unlock() }, func() { mu.Lock(); order = append(order, 2); mu.Unlock() })
	if len(order) != 2 || order[0] != 1 || order[1] != 2 {
		t.Errorf("n=1 ran %v, want [1 2]", order)
	}
}

func TestBackground(t *testing.T) {
	for procs, want := range map[int]int{1: 1, 2: 1, 4: 3, 16: 15} {
		if got := Background(procs); got != want {
			t.Errorf("Background(%d) = %d, want %d", procs, got, want)
		}
	}
}
