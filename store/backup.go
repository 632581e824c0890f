package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the store to w while other readers
// go on, and returns its size.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up %s: %w", s.path, err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the store to path (mode 0600). It
// never overwrites an existing file, and leaves no partial file behind.
func (s *Store) BackupFile(path string) error {
	return BackupToFile(path, s.Backup)
}

// BackupToFile writes the copy backup writes to path (mode 0600), as
// BackupFile does: never over an existing file, never leaving a partial
// one.
func BackupToFile(path string, backup func(io.Writer) (int64, error)) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("back up to %s: the file exists", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".folio-backup-*")
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if _, err := backup(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}
