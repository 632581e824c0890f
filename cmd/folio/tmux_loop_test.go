package main

import (
	"strings"
	"testing"
)

// TestTerminalLabelFoldDashboard runs the review loop's newer keys in a
// real terminal and then checks the store: a new name asks for its
// canonical name once; in another document the label key labels the
// selection at once; L labels the other occurrence there; z folds the
// panel section under the cursor; D shows the corpus at a glance.
func TestTerminalLabelFoldDashboard(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	tm, _, db := openScan(t)
	selectUteBerg := func() { // a search selects its match
		t.Helper()
		tm.keys("g", "/")
		tm.text("Ute Berg")
		tm.keys("Enter")
		tm.waitFor("VISUAL")
	}
	selectUteBerg()
	tm.keys("e", "p")
	tm.waitFor("canonical name") // a new name: asked once
	tm.keys("Enter")
	tm.waitFor("saved: label “Ute Berg” PER")

	// 004 has it twice: the first labelled at once, L labels the other
	tm.keys("Tab", "Tab", "G", "Enter")
	tm.waitFor("READ")
	selectUteBerg()
	tm.keys("e", "p")
	s := tm.waitFor("saved: label “Ute Berg” PER")
	if strings.Contains(s, "canonical name") {
		t.Fatalf("a registered name asked again:\n%s", s)
	}
	tm.keys("L")
	tm.waitFor("in 1 more place")

	// the panel: g puts its cursor on the first item, an entity; z folds
	// the section it is in
	tm.keys("Tab")
	tm.waitFor("PANEL")
	tm.waitFor("▾ Entities (2)")
	tm.keys("g", "z")
	s = tm.waitFor("▸ Entities (2)")
	if strings.Contains(s, "Ute Berg → Ute Berg") {
		t.Fatalf("the folded section still shows its rows:\n%s", s)
	}

	// the corpus at a glance: three mentions of one canonical PER
	tm.keys("D")
	tm.waitFor("At a glance: the corpus")
	tm.waitFor("1 canonical: Ute Berg 3")
	tm.keys("Escape", "q")
	tm.waitFor("FOLIO-EXIT=0")

	recs := exportRecords(t, db)
	for id, want := range map[string]int{"001_879768a2f144ad87": 1, "004_b1b4a13e5fce09e4": 2} {
		es := recs[id].Entities
		if len(es) != want {
			t.Fatalf("%s: entities %+v, want %d", id, es, want)
		}
		for _, e := range es {
			if e.Label != "PER" || e.Canonical != "Ute Berg" || e.Text != "Ute Berg" {
				t.Fatalf("%s: entity %+v", id, e)
			}
		}
	}
}
