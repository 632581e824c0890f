// Package safefile opens input files the way folio reads untrusted paths:
// regular files only, opened so that a FIFO, a device or a socket given as
// a file name can never block the reader, and read under a size limit.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is returned (wrapped) for a path that is not a regular
// file (or, where folders are read, a folder).
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is what a reader under a limit returns when its input
// holds more than Limit bytes.
type TooLargeError struct {
	What  string // what was read: "word list", "one JSONL line", …
	Limit int64  // the limit in bytes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than the limit of %s", e.What, FormatSize(e.Limit))
}

// FormatSize formats n bytes for a message: "512 MiB", "64 KiB", "100 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Kind names the type of a file mode for a message: "a FIFO", "a folder".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// Check reports, without opening it, whether name can be read: it must
// exist and be a regular file, or a folder when dirOK. Symbolic links are
// followed. The error names the path.
func Check(name string, dirOK bool) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fi.Mode().IsRegular() || dirOK && fi.IsDir() {
		return nil
	}
	return &fs.PathError{Op: "read", Path: name, Err: notRegular(fi.Mode())}
}

func notRegular(m fs.FileMode) error {
	return fmt.Errorf("%w (it is %s)", ErrNotRegular, Kind(m))
}

// Open opens name for reading if it is a regular file (or a folder when
// dirOK). It opens without blocking (O_NONBLOCK), so that a FIFO without a
// writer cannot hang it, and checks the type of what it opened, so that a
// file swapped after a Check is caught too.
func Open(name string, dirOK bool) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() && !(dirOK && fi.IsDir()) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(fi.Mode())}
	}
	return f, nil
}

// ReadFile reads the regular file name whole, refusing one of more than
// limit bytes with a *TooLargeError that names what it is.
func ReadFile(name string, limit int64, what string) ([]byte, error) {
	f, err := Open(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(LimitReader(f, limit, what))
}

// LimitReader returns a reader of r that fails with a *TooLargeError once
// r has given more than limit bytes.
func LimitReader(r io.Reader, limit int64, what string) io.Reader {
	return &limitReader{r: r, left: limit, limit: limit, what: what}
}

type limitReader struct {
	r           io.Reader
	left, limit int64
	what        string
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{What: l.what, Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n + int(l.left), &TooLargeError{What: l.what, Limit: l.limit}
	}
	return n, err
}

// DirFS is os.DirFS(dir) whose Open refuses what is neither a regular file
// nor a folder, without blocking (see Open).
func DirFS(dir string) fs.FS { return dirFS{root: dir, fsys: os.DirFS(dir)} }

type dirFS struct {
	root string
	fsys fs.FS
}

func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	// os.DirFS's rules for names (no "..", no absolute paths) hold: name
	// is valid, so joining it cannot leave root.
	f, err := Open(d.root+string(os.PathSeparator)+name, true)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, err
	}
	return f, nil
}

// Stat lets fs.Stat use os.Stat (it follows links, as Open does).
func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

// ReadDir lets fs.ReadDir list a folder without opening its entries.
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }
