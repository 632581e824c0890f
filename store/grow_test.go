package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/internal/corpusgen"
)

func TestAllocSize(t *testing.T) {
	for _, c := range []struct {
		size int64
		want int
	}{
		{0, 1 << 20},
		{8 << 20, 1 << 20},
		{32 << 20, 2 << 20},
		{64 << 20, 4 << 20},
		{256 << 20, 16 << 20},
		{4 << 30, 16 << 20},
	} {
		if got := allocSize(c.size); got != c.want {
			t.Errorf("allocSize(%d) = %d, want %d", c.size, got, c.want)
		}
	}
}

// TestFileGrowsByAShare imports about 5 MB of pages and checks that the
// file is no more than a share of its pages (or 1 MB), and the page bbolt
// asks for past them, larger than they are. With bbolt's fixed 16 MB
// AllocSize the file grew to its mapping, the next power of two (8 MB
// here), up to 16 MB, and then 16 MB at a time: a store of 10 000
// documents was 2.56× its text.
func TestFileGrowsByAShare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := corpusgen.New(1)
	if err != nil {
		t.Fatal(err)
	}
	im := s.NewImporter(nil)
	for i := range 600 {
		if err := im.Add(ImportDoc{ID: fmt.Sprintf("doc%05d", i), Text: g.Doc(3000)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	var pages int64
	if err := s.db.View(func(tx *bolt.Tx) error { pages = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if pages < 4<<20 || pages > 6<<20 {
		t.Fatalf("the import made %d bytes of pages; the test needs 4 to 6 MB", pages)
	}
	if max := pages + int64(allocSize(pages)+s.db.Info().PageSize); fi.Size() > max {
		t.Errorf("file %d bytes for %d bytes of pages: more than %d", fi.Size(), pages, max)
	}
	t.Logf("file %d bytes, pages %d", fi.Size(), pages)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
