package main

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// busyWith is the heavy work under way in a process (tui.Options.Busy),
// named for the message of a process that must stop at once.
type busyWith struct {
	mu   sync.Mutex
	next int
	work map[int]string // by the order it began in
}

// begin records that work named what began; done records its end.
func (b *busyWith) begin(what string) (done func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.work == nil {
		b.work = map[int]string{}
	}
	n := b.next
	b.next++
	b.work[n] = what
	return func() {
		b.mu.Lock()
		delete(b.work, n)
		b.mu.Unlock()
	}
}

// String names the work under way, in the order it began, each once: ""
// when there is none.
func (b *busyWith) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var names []string
	for _, k := range slices.Sorted(maps.Keys(b.work)) {
		if !slices.Contains(names, b.work[k]) {
			names = append(names, b.work[k])
		}
	}
	return strings.Join(names, " and ")
}
