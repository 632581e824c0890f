package shared

import (
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	if _, err := find([]string{"no-such-folder-here"}); err == nil {
		t.Error("found a folder that does not exist")
	}
	if dir := Dir(t); filepath.Base(dir) != "shared" {
		t.Errorf("Dir() = %q", dir)
	}
}
