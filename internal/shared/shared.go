// Package shared finds the test data that lives beside the checkout, in
// ../shared (real OCR pairs, OCR XML files, other tools' datasets): tests
// read it where it is and never copy it into the repository.
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder ../shared/elem... beside the checkout that holds
// the calling test. Without it the test is skipped, except under CI
// (FOLIO_CI set), which lays the folder out and where its absence fails
// the test.
func Dir(tb testing.TB, elem ...string) string {
	tb.Helper()
	dir, err := find(elem)
	if err != nil {
		if os.Getenv("FOLIO_CI") != "" {
			tb.Fatalf("test data missing: %v", err)
		}
		tb.Skipf("test data missing (%v): skipped outside CI", err)
	}
	return dir
}

// find looks for the module root (the folder with go.mod) from the working
// directory up, and returns ../shared/elem... beside it.
func find(elem []string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(append([]string{filepath.Dir(d), "shared"}, elem...)...)
			if _, err := os.Stat(dir); err != nil {
				return "", err
			}
			return dir, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New(fmt.Sprint("no go.mod above ", wd))
		}
	}
}
