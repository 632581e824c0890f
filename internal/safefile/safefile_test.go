package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	file := filepath.Join(dir, "f.txt")
	os.WriteFile(file, []byte("hallo"), 0o600)
	for _, c := range []struct {
		path  string
		dirOK bool
		kind  string
	}{{fifo, false, "a FIFO"}, {"/dev/zero", false, "a character device"}, {dir, false, "a folder"}} {
		done := make(chan error, 1)
		go func() {
			f, err := Open(c.path, c.dirOK)
			if f != nil {
				f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), c.kind) || !strings.Contains(err.Error(), c.path) {
				t.Errorf("Open(%s) = %v, want a not-regular error naming %s", c.path, err, c.kind)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Open(%s) blocked", c.path)
		}
		if err := Check(c.path, c.dirOK); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Check(%s) = %v", c.path, err)
		}
	}
	if f, err := Open(dir, true); err != nil {
		t.Errorf("Open(dir, dirOK) = %v", err)
	} else {
		f.Close()
	}
	if b, err := ReadFile(file, 5, "the file"); err != nil || string(b) != "hallo" {
		t.Errorf("ReadFile at the limit = %q, %v", b, err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(file, 4, "the file"); !errors.As(err, &tl) || err.Error() != "the file is larger than the limit of 4 bytes" {
		t.Errorf("ReadFile over the limit = %v", err)
	}
	// a DirFS never opens the FIFO it lists
	fsys := DirFS(dir)
	if _, err := fs.ReadFile(fsys, "fifo"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("DirFS read the FIFO: %v", err)
	}
	if b, err := fs.ReadFile(fsys, "f.txt"); err != nil || string(b) != "hallo" {
		t.Errorf("DirFS f.txt = %q, %v", b, err)
	}
	if _, err := fsys.Open("../x"); err == nil {
		t.Error("DirFS opened a path outside its root")
	}
}

func TestLimitReaderEndless(t *testing.T) {
	zero, err := os.Open("/dev/zero") // an endless input, read through the limit
	if err != nil {
		t.Skip("no /dev/zero")
	}
	defer zero.Close()
	n, err := io.Copy(io.Discard, LimitReader(zero, 1<<20, "zeros"))
	var tl *TooLargeError
	if !errors.As(err, &tl) || n != 1<<20 {
		t.Errorf("copied %d bytes, %v; want 1 MiB and a TooLargeError", n, err)
	}
	if FormatSize(512<<20) != "512 MiB" || FormatSize(3<<30) != "3 GiB" || FormatSize(1000) != "1000 bytes" {
		t.Error("FormatSize")
	}
}
