//go:build unix

package corpus

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOCRNotRegular: a FIFO given on the command line is not opened
// for sniffing (it would block): it is refused by name.
func TestReadOCRNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	err := Read([]string{fifo}, func(Doc) error { return nil }, func(Problem) {})
	if err == nil || !strings.Contains(err.Error(), "pipe.xml") || !strings.Contains(err.Error(), "FIFO") {
		t.Errorf("Read(FIFO) = %v, want an error naming it", err)
	}
}
