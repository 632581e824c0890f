package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTerminalLongDocumentPreview: j onto a document of 3 MB draws its
// beginning, and keys typed at once (alt+2, G) act on the whole of it,
// not on the preview drawn while it is laid out: G shows its last line;
// g brings back its first.
func TestTerminalLongDocumentPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	var long strings.Builder
	long.WriteString("Anfang des langen Dokuments\n")
	for i := 0; long.Len() < 3<<20; i++ {
		long.WriteString("Zeile " + strconv.Itoa(i) + " des langen Dokuments mit Köln und Bonn am Rhein.\n")
	}
	long.WriteString("Ende des langen Dokuments")
	var corpus strings.Builder
	enc := json.NewEncoder(&corpus)
	for _, d := range []map[string]string{{"id": "a", "text": "Ein kurzes Dokument."}, {"id": "b", "text": long.String()}} {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(in, []byte(corpus.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "folio.db")
	mustFolio(t, "--db", db, "import", in)
	tm := startTerm(t, dir, 120, 30, "LANG=C.UTF-8 "+bin+" --db "+db)
	tm.waitFor("Ein kurzes Dokument.")
	// at once: the keys after j wait for the document, and are let go
	// by its whole layout, not by the preview
	tm.run("send-keys", "-t", "t", "j", "M-2", "G")
	tm.waitFor("Ende des langen Dokuments")
	tm.keys("g")
	tm.waitFor("Zeile 3 des langen")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
}
