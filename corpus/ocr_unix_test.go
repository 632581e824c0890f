//go:build unix

package corpus

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadOCRNotRegular: a FIFO given on the command line is not opened
// for sniffing (it would block).
func TestReadOCRNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	var probs []Problem
	if err := Read([]string{fifo}, func(Doc) error { return nil }, func(p Problem) { probs = append(probs, p) }); err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !probs[0].Skipped {
		t.Errorf("problems %v, want the FIFO skipped", probs)
	}
}
