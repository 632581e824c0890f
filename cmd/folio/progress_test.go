package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"folio/store"
)

// TestProgressOnlyOnTerminal: the bar is drawn on a terminal (with its
// verb, the share done, and cleared at the end) and never elsewhere.
func TestProgressOnlyOnTerminal(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tty   bool
		total int64
		want  []string
	}{
		{"terminal, known size", true, 200, []string{"█", "50%", "\r\x1b[K"}},
		{"terminal, unknown size", true, 0, []string{"exporting… 0.0 MB"}},
		{"pipe", false, 200, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			p := newProgress(&b, "exporting", tc.total, tc.tty)
			p.after, p.every = 0, 0
			p.add(100)
			p.println("doc \x1b]52;c;x\x07: a warning")
			p.done()
			out := b.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output %q lacks %q", out, w)
				}
			}
			if !tc.tty && out != "doc ␛]52;c;x␇: a warning\n" {
				t.Errorf("piped output %q, want only the sanitized message", out)
			}
			if tc.tty && !strings.HasSuffix(out, "\r\x1b[K") {
				t.Errorf("the bar is not cleared at the end: %q", out)
			}
		})
	}
}

// TestExportProgressSize: the bar's total is the size of the documents
// an export selects when the filter decides on records alone, and
// unknown (0) when it must read texts; a piped export prints no bar.
func TestExportProgressSize(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	all, err := selectedBytes(s, "")
	if err != nil || all <= 0 {
		t.Fatalf("all: %d, %v", all, err)
	}
	some, err := selectedBytes(s, "id:001*")
	if err != nil || some <= 0 || some >= all {
		t.Fatalf("id:001*: %d of %d, %v", some, all, err)
	}
	if n, err := selectedBytes(s, "Köln"); err != nil || n != 0 {
		t.Fatalf("free word: %d, %v; want 0 (unknown)", n, err)
	}
	if _, err := selectedBytes(s, "label:"); err == nil {
		t.Fatal("a bad filter gave no error")
	}
	s.Close()
	_, errs := mustFolio(t, "--db", db, "export", "--out", filepath.Join(t.TempDir(), "x.jsonl"))
	if strings.ContainsAny(errs, "\r█") {
		t.Fatalf("a piped export drew a bar: %q", errs)
	}
}
