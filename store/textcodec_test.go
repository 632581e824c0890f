package store

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/internal/corpusgen"
	"folio/query"
)

func TestTextCodec(t *testing.T) {
	g, err := corpusgen.New(3)
	if err != nil {
		t.Fatal(err)
	}
	long := g.Doc(3000)
	for _, tt := range []struct {
		name, text string
		packed     bool // stored compressed
	}{
		{"empty", "", false},
		{"short", "Kdln am Rhein.", false},
		{"a generated document", long, true},
		{"repeated", strings.Repeat("Straße ", 500), true},
		{"gains nothing compressed", randomText(200), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := encodeText(tt.text)
			if packed := len(v) > 0 && v[0] == textMark; packed != tt.packed {
				t.Fatalf("compressed %v, want %v (%d bytes for %d)", packed, tt.packed, len(v), len(tt.text))
			}
			if tt.packed && len(v) > len(tt.text)*6/10 {
				t.Errorf("%d bytes stored for %d: not much smaller", len(v), len(tt.text))
			}
			got, err := decodeText(v)
			if err != nil || string(got) != tt.text {
				t.Fatalf("round trip: %v, %d bytes back for %d", err, len(got), len(tt.text))
			}
		})
	}
	// a damaged compressed text is an error, and reads as a text whose
	// hash does not match
	v := encodeText(long)
	for _, bad := range [][]byte{{textMark}, {textMark, 9, 1, 2}, v[:len(v)/2], append(bytes.Clone(v[:2]), 0xff, 0xff, 0xff)} {
		if _, err := decodeText(bad); err == nil {
			t.Errorf("% x…: decoded without an error", bad[:min(len(bad), 4)])
		}
		if !bytes.Equal(readText(bad), bad) {
			t.Errorf("% x…: readText does not keep a bad value as it is", bad[:min(len(bad), 4)])
		}
	}
}

// randomText is n bytes of text that does not compress: letters chosen
// by a fixed generator.
func randomText(n int) string {
	var b strings.Builder
	x := uint64(88172645463325252)
	for b.Len() < n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b.WriteRune(rune(0x21 + x%0x5e))
	}
	return b.String()
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("Köln"), false)
	f.Add(encodeText(strings.Repeat("der Stadt Köln ", 40)), false)
	f.Add([]byte{textMark, textFlate, 0, 1}, false)
	f.Add([]byte(strings.Repeat("Bürger ", 40)), true)
	f.Fuzz(func(t *testing.T, v []byte, encode bool) {
		if encode {
			if !utf8.Valid(v) {
				return
			}
			got, err := decodeText(encodeText(string(v)))
			if err != nil || !bytes.Equal(got, v) {
				t.Fatalf("round trip of %q: %v, %q", v, err, got)
			}
			return
		}
		got, err := decodeText(v) // must not panic
		if err == nil && (len(v) == 0 || v[0] != textMark) && !bytes.Equal(got, v) {
			t.Fatalf("a plain value %q decoded to %q", v, got)
		}
	})
}

// TestTextsStoredCompressed: an import stores its texts compressed, and
// every reader gets them back.
func TestTextsStoredCompressed(t *testing.T) {
	s, _ := openTemp(t)
	g, err := corpusgen.New(5)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ImportDoc
	for i := range 20 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: g.Doc(3000)})
	}
	docs = append(docs, ImportDoc{ID: "k", Text: kolnText + " " + strings.Repeat("Köln am Rhein. ", 20)})
	importDocs(t, s, docs...)
	var stored, plain int
	err = s.view(func(tx *bolt.Tx) error {
		for _, d := range docs {
			v := tx.Bucket(bucketText).Get([]byte(d.ID))
			if len(v) == 0 || v[0] != textMark {
				t.Errorf("%s: stored uncompressed", d.ID)
			}
			stored += len(v)
			plain += len(d.Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored*10 > plain*6 {
		t.Errorf("texts take %d bytes stored, %d plain: no more than 60 %% expected", stored, plain)
	}
	for _, d := range docs {
		got, err := s.Document(d.ID)
		if err != nil || got.Text != d.Text {
			t.Fatalf("%s: %v, text differs", d.ID, err)
		}
	}
	spans, err := s.FindWord("Kdln")
	if err != nil || len(spans["k"]) != 2 {
		t.Errorf("FindWord over compressed texts: %v %v", spans, err)
	}
	sel, err := s.Select(query.MustParse(`"Köln am Rhein"`), nil)
	if err != nil || !slices.Equal(sel.ToArray(), []uint32{21}) {
		t.Errorf("a phrase over compressed texts: %v %v", sel.ToArray(), err)
	}
	mustCheck(t, s)
}

// toSchema3 turns s into a schema 3 store: texts as they are, schema 3's
// band index in place of the slots, and has:suggestions not indexed (the
// term, its postings and its place in the forward entries gone). Texts
// of the documents in packed stay compressed, as a migration cut short
// leaves them.
func toSchema3(t *testing.T, s *Store, packed map[string]bool) {
	t.Helper()
	err := s.db.Update(func(tx *bolt.Tx) error {
		texts := tx.Bucket(bucketText)
		var ids []string
		_ = texts.ForEach(func(k, _ []byte) error { ids = append(ids, string(k)); return nil })
		for _, id := range ids {
			if !packed[id] {
				if err := texts.Put([]byte(id), getText(tx, []byte(id))); err != nil {
					return err
				}
			}
		}
		if err := tx.DeleteBucket(bucketTwinBands); err != nil {
			return err
		}
		old, err := tx.CreateBucket(bucketBands)
		if err != nil {
			return err
		}
		if err := old.Put([]byte("\x00band+hash+id"), nil); err != nil {
			return err
		}
		key := termKey(query.Term{Kind: query.TermHas, Value: "suggestions"})
		if v := tx.Bucket(bucketTerms).Get(key); v != nil {
			id, _ := keyNum(v)
			if err := tx.Bucket(bucketTerms).Delete(key); err != nil {
				return err
			}
			post := tx.Bucket(bucketPost)
			var parts [][]byte
			c := post.Cursor()
			for k, _ := c.Seek(numKey(id)); k != nil && bytes.HasPrefix(k, numKey(id)); k, _ = c.Next() {
				parts = append(parts, bytes.Clone(k))
			}
			for _, k := range parts {
				if err := post.Delete(k); err != nil {
					return err
				}
			}
			fwd := tx.Bucket(bucketFwd)
			entries := map[string]fwdEntry{}
			err := fwd.ForEach(func(k, v []byte) error {
				e, err := decodeFwd(v)
				if err == nil && e.terms.Contains(id) {
					e.terms.Remove(id)
					entries[string(k)] = e
				}
				return err
			})
			if err != nil {
				return err
			}
			for k, e := range entries {
				v, err := encodeFwd(e)
				if err != nil {
					return err
				}
				if err := fwd.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("3"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigratedFromSchema3: a schema 3 store (texts as they are, has:
// suggestions not indexed, schema 3's band index) opened by this folio
// has its texts compressed, has:suggestions indexed and its sketches
// filed in the band slots.
func TestMigratedFromSchema3(t *testing.T) {
	path := filepath.Join(t.TempDir(), "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	g, err := corpusgen.New(9)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ImportDoc
	for i := range 60 {
		docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: g.Doc(1500)})
	}
	importDocs(t, s, docs...)
	want := map[string]bool{}
	packed := map[string]bool{}
	var counts []SuggestionCount
	for i, d := range docs {
		if i < 20 {
			packed[d.ID] = true
		}
		if i%3 == 0 && i >= 20 {
			want[d.ID] = true
			counts = append(counts, SuggestionCount{StaleDoc: StaleDoc{ID: d.ID}, N: 2})
		}
	}
	marks, err := s.StaleMarks(slices.Sorted(maps.Keys(want)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range counts {
		counts[i].StaleDoc = marks[i]
	}
	if n, err := s.SetSuggestionCounts(counts); err != nil || n != len(counts) {
		t.Fatalf("set %d suggestion counts: %v", n, err)
	}
	toSchema3(t, s, packed)
	if probs, err := s.Check(); err != nil || len(probs) == 0 {
		t.Fatalf("check finds nothing to mend before the migration: %v", err)
	}
	s.Close()
	s, err = Open(path, Options{Author: "ute", Now: clock(), MigrateBatch: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	err = s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keySchema); string(v) != fmt.Sprint(schemaVersion) {
			t.Errorf("schema %s after migrating", v)
		}
		if tx.Bucket(bucketMeta).Get(keyPackNext) != nil {
			t.Error("the migration's progress is left behind")
		}
		for _, d := range docs {
			if v := tx.Bucket(bucketText).Get([]byte(d.ID)); len(v) == 0 || v[0] != textMark {
				t.Errorf("%s: not compressed", d.ID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := s.Select(query.MustParse("has:suggestions"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	if err := s.DocsOf(sel, func(d annot.Doc) error { got[d.ID] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) != 13 {
		t.Fatalf("has:suggestions selects %d documents, want %d", len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("has:suggestions misses %s", id)
		}
	}
	for _, d := range docs {
		if got, err := s.Document(d.ID); err != nil || got.Text != d.Text {
			t.Fatalf("%s after migrating: %v", d.ID, err)
		}
	}
	// the sketches are filed again: a copy of a migrated text finds it
	if err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBands) != nil {
			t.Error("schema 3's band index is left behind")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "copy", Text: docs[45].Text + " Nachtrag."})
	d, err := s.Document("copy")
	if err != nil || !slices.Equal(d.Doc.Twins, []string{docs[45].ID}) {
		t.Errorf("the copy of %s lists twins %v (%v)", docs[45].ID, d.Doc.Twins, err)
	}
}

// TestMigratedFromSchema4: schema 5 changes only the version (forward
// entries of version 2 and the grams, which a folio of schema 4 would take
// for damage), schema 6 the count of corrections: a schema 4 store opens,
// keeps what it holds, and is then of the current schema. The migration
// of the version alone needs no backup copy (versionOnly); the recount
// after it makes the one copy, of the store as schema 4 left it.
func TestMigratedFromSchema4(t *testing.T) {
	if !migrations[4].versionOnly || migrations[5].versionOnly {
		t.Fatal("the migration from 4 should change the version only, the one from 5 the records")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "folio.db")
	s, err := Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	importDocs(t, s, ImportDoc{ID: "a", Text: kolnText})
	if err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("4")) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{Author: "ute", Now: clock()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCheck(t, s)
	if d, err := s.Document("a"); err != nil || d.Text != kolnText {
		t.Fatalf("document a after the migration: %v", err)
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keySchema); string(v) != strconv.Itoa(schemaVersion) {
			t.Errorf("schema %s after migrating, want %d", v, schemaVersion)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if baks, _ := filepath.Glob(path + ".bak-schema4-*"); len(baks) != 1 {
		t.Errorf("backups %v, want one", baks)
	}
}

// TestTextEncoderReused: one textEncoder, kept across texts of every
// kind (compressed, too short, not made smaller), writes what a fresh
// compressor writes for each, and its results do not share its memory.
func TestTextEncoderReused(t *testing.T) {
	reference := func(text string) []byte {
		if len(text) < textMin {
			return []byte(text)
		}
		var b bytes.Buffer
		b.Write([]byte{textMark, textFlate})
		w, err := kflate.NewWriter(&b, textLevel)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil || w.Close() != nil {
			t.Fatal("compressing failed")
		}
		if b.Len() >= len(text) {
			return []byte(text)
		}
		return b.Bytes()
	}
	noise := make([]byte, 600)
	for i := range noise {
		noise[i] = byte(i*7919>>3) ^ byte(i*31)
	}
	texts := []string{
		strings.Repeat("der Stadt Köln am Rhein ", 200),
		"kurz",
		string(noise),
		strings.Repeat("Jangtse ", 30),
		"",
		strings.Repeat("der Stadt Köln am Rhein ", 200),
	}
	var e textEncoder
	defer e.release()
	var got [][]byte
	for _, text := range texts {
		got = append(got, e.encode([]byte(text)))
	}
	for i, text := range texts {
		if want := reference(text); !bytes.Equal(got[i], want) {
			t.Errorf("text %d (%d bytes): %d bytes stored, want %d", i, len(text), len(got[i]), len(want))
		}
		if !bytes.Equal(encodeText(text), got[i]) {
			t.Errorf("text %d: encodeText differs from a kept encoder", i)
		}
		if got[i] == nil {
			t.Errorf("text %d: nil stored", i)
		}
	}
}
