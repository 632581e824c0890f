package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestTerminalRelateAndExternal: in a real terminal, a document with
// nested entities is drawn bracketed, the stub external suggester's fix
// shows beside the text, and R on Anna Schmidt, R on Universität Köln, w
// saves a works_for relation that the export then holds.
func TestTerminalRelateAndExternal(t *testing.T) {
	bin, dir, db := realTerminal(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "folio.toml")
	toml := noWordLists + "[[relation]]\nname = \"works_for\"\nkey = \"w\"\n\n" +
		fmt.Sprintf("[[suggester]]\nname = \"stub\"\ncommand = [%q, \"stub-suggester\", \"on\"]\n", exe)
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	text := "Die Universität Köln ehrt Anna Schmidt aus Koln.\n"
	line, _ := json.Marshal(map[string]any{
		"text": text,
		"meta": map[string]string{"id": "rel", "title": "Ehrung"},
		"spans": []map[string]any{
			{"start": 4, "end": 20, "label": "ORG"},
			{"start": 16, "end": 20, "label": "LOC"},
			{"start": 26, "end": 38, "label": "PER"},
		},
	})
	jl := filepath.Join(dir, "rel.jsonl")
	if err := os.WriteFile(jl, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", jl)
	tm := startTerm(t, dir, 120, 30, bin+" --db "+db+" --config "+cfg+" --reviewer tester")
	tm.waitFor("Ehrung")
	tm.keys("Enter")
	tm.waitFor("Die ‹Universität ‹Köln[LOC][ORG] ehrt Anna")
	tm.waitFor("Koln→Köln") // the external suggester's fix
	tm.keys("/")
	tm.text("Anna")
	tm.keys("Enter", "R")
	tm.waitFor("RELATE")
	tm.keys("/")
	tm.text("Universität")
	tm.keys("Enter", "R")
	tm.waitFor("works_for")
	tm.keys("w")
	tm.waitFor("saved: relate")
	tm.waitFor("Relations (1)")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	r := exportRecords(t, db)["rel"]
	if len(r.Relations) != 1 {
		t.Fatalf("relations in the store: %+v", r.Relations)
	}
	rel := r.Relations[0]
	if rel.Label != "works_for" || r.Entities[rel.From].Text != "Anna Schmidt" || r.Entities[rel.To].Text != "Universität Köln" || rel.Author != "tester" {
		t.Fatalf("relation %+v between %+v and %+v", rel, r.Entities[rel.From], r.Entities[rel.To])
	}
}
