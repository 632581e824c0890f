package store

import (
	"bytes"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestGetterAsGet checks that a getter answers as Bucket.Get does, for
// keys present and absent, a nested bucket, and after puts and deletes
// made between its lookups.
func TestGetterAsGet(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys := []string{"", "a", "aa", "b", "ba", "c", "n", "z", "\xff"}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		if _, err := b.CreateBucket([]byte("n")); err != nil {
			return err
		}
		for _, k := range []string{"a", "b", "c"} {
			if err := b.Put([]byte(k), []byte("v"+k)); err != nil {
				return err
			}
		}
		g := newGetter(b)
		same := func(when string) {
			for _, k := range keys {
				if got, want := g.get([]byte(k)), b.Get([]byte(k)); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
					t.Errorf("%s: get(%q) = %q, Get gives %q", when, k, got, want)
				}
			}
		}
		same("as written")
		if err := b.Put([]byte("aa"), []byte("vaa")); err != nil {
			return err
		}
		if err := b.Delete([]byte("b")); err != nil {
			return err
		}
		if err := b.Put([]byte("z"), nil); err != nil {
			return err
		}
		same("after a put and a delete")
		if g.get([]byte("aa")) == nil || g.get([]byte("b")) != nil {
			t.Errorf("the getter missed the changes: aa %q, b %q", g.get([]byte("aa")), g.get([]byte("b")))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
