package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTerminalResumeFolds: a section folded in the panel (z) is folded
// again after folio quits and starts on the same store.
func TestTerminalResumeFolds(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, bin, db := openScan(t)
	tm.waitFor("▾ Suggestions (")
	tm.keys("M-3", "G", "z") // the panel's last section: Suggestions
	tm.waitFor("▸ Suggestions (")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	// the same folder, so the same cache
	tm2 := startTerm(t, filepath.Dir(db), 120, 40, bin+" --db "+db+" --reviewer tester")
	// the scan is open again beside the list; its suggestions are in, or
	// (when the first run had counted every document) prepared on enter
	tm2.waitFor("ist auf Initiative")
	s := tm2.waitFor("▸ Suggestions (")
	if strings.Contains(s, "▾ Suggestions (") || !strings.Contains(s, "▾ Entities (") {
		t.Fatalf("after the restart only Suggestions should be folded:\n%s", s)
	}
	tm2.keys("Enter")
	tm2.waitFor("Kdln→Köln")
	if s := tm2.waitFor("▸ Suggestions ("); strings.Contains(s, "▾ Suggestions (") {
		t.Fatalf("the suggestions came and unfolded their section:\n%s", s)
	}
	tm2.keys("q")
	tm2.waitFor("FOLIO-EXIT=0")
}
