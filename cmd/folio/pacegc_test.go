package main

import (
	"runtime/debug"
	"testing"
)

// TestPaceGC: the interface collects at tuiGCPercent unless GOGC says
// otherwise, and restores the pace before when it ends.
func TestPaceGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, c := range []struct {
		gogc string
		want int
	}{{"", tuiGCPercent}, {"200", 100}, {"off", 100}} {
		restore := paceGC(tuiGCPercent, func(k string) string {
			if k == "GOGC" {
				return c.gogc
			}
			return ""
		})
		// SetGCPercent returns the pace it replaces: read it, keep it
		if got := debug.SetGCPercent(c.want); got != c.want {
			t.Errorf("GOGC=%q: collecting at %d %%, want %d", c.gogc, got, c.want)
		}
		restore()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("GOGC=%q: %d %% after the interface ended, want 100", c.gogc, got)
		}
	}
}
