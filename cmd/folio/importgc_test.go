package main

import (
	"runtime/debug"
	"testing"
)

// gcPercent returns the collector's target without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestLessGC: an import raises the collector's target to
// importGCPercent and restores it after, but leaves a target the user
// set with GOGC, a higher one and a collector turned off alone.
func TestLessGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tt := range []struct {
		gogc          string
		before, while int
	}{
		{"", 100, importGCPercent},
		{"", 50, importGCPercent},
		{"", 400, 400},
		{"", -1, -1},
		{"100", 100, 100},
		{"off", -1, -1},
	} {
		debug.SetGCPercent(tt.before)
		restore := lessGC(func(k string) string {
			if k == "GOGC" {
				return tt.gogc
			}
			return ""
		})
		if got := gcPercent(); got != tt.while {
			t.Errorf("GOGC=%q, target %d before: %d during the import, want %d", tt.gogc, tt.before, got, tt.while)
		}
		restore()
		if got := gcPercent(); got != tt.before {
			t.Errorf("GOGC=%q: %d after the import, want %d restored", tt.gogc, got, tt.before)
		}
	}
}
