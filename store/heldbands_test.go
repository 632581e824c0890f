package store

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"folio/annot"
)

// heldContents returns the band entries s holds, by band hash
// (heldKey), after loading them if no transaction has.
func heldContents(t *testing.T, s *Store) map[uint64][]uint32 {
	t.Helper()
	out := map[uint64][]uint32{}
	err := s.update(func(tx *bolt.Tx) error {
		h, err := s.heldBands(tx)
		if err != nil {
			return err
		}
		n := 0
		for b := range h.bands {
			hb := &h.bands[b]
			for key, c := range hb.chains {
				for i := c.first; i >= 0; i = hb.next[i] {
					out[key] = append(out[key], hb.num[i])
					n++
				}
				if k := len(out[key]); k != int(c.n) || hb.num[c.last] != out[key][k-1] {
					return fmt.Errorf("band hash %x: a chain of %d entries, last %d, says %d, last %d", key, k, out[key][k-1], c.n, hb.num[c.last])
				}
			}
		}
		if n != h.n {
			return fmt.Errorf("%d entries held, counted %d", n, h.n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bandsFrom returns the stored "bandsfrom": the first document number
// and band whose entries are held, ok false when none are.
func bandsFrom(t *testing.T, s *Store) (from uint64, band int, ok bool) {
	t.Helper()
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMeta).Get(keyBandsFrom)
		if v == nil {
			return nil
		}
		var err error
		from, band, err = decodeBandsFrom(v)
		ok = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return from, band, ok
}

// fileInSteps files what s left, step documents a transaction, and
// writes the entries held when a step says they are due, as FileDerived
// does; it stops after stop steps (0: at the end) and returns how many
// times it wrote them.
func fileInSteps(t *testing.T, s *Store, step, stop int) (writes int) {
	t.Helper()
	for i := 0; stop == 0 || i < stop; i++ {
		preps, _, err := s.prepareDerived(0, step, 2)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.fileDerivedStep(step, preps, func() {})
		left := st.left
		if err != nil {
			t.Fatal(err)
		}
		s.held.mu.Lock()
		if s.held.flush {
			writes++
		}
		s.held.mu.Unlock()
		if err := s.flushDue(); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
	}
	return writes
}

// FileDerived holds the band entries of the documents it files and
// writes them when it has held max or the filing ends; a process that
// stops with entries held leaves them to the next, which loads them from
// the sketches as they were. However it goes, the band index and the
// twins come out as an import that files them as it writes makes them.
func TestHeldBandsFileAsImport(t *testing.T) {
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := openTemp(t)
	importChunked(t, now, 400, docs)
	wantBands, wantTw := bandGroups(t, now), twinsOf(t, now)
	if len(wantBands) == 0 || len(wantTw) < 100 {
		t.Fatalf("%d band hashes, %d documents with twins: the corpus does not test them", len(wantBands), len(wantTw))
	}
	for _, tc := range []struct {
		name   string
		max    int
		stop   int // the steps of 100 the first process files (0: all)
		writes int // the fewest times the first process writes the entries
		cut    int // the bands it writes before it stops, the write cut short
	}{
		{"held to the end", heldBandsMax, 0, 1, 0},
		{"written as it goes", 8000, 0, 3, 0},
		{"left to the next process", heldBandsMax, 4, 0, 0},
		{"written, then left", 8000, 4, 1, 0},
		{"a write cut short", heldBandsMax, 4, 0, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "folio.db")
			s, err := Open(path, Options{DeferDerived: true})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			importChunked(t, s, 400, docs)
			s.held.max = tc.max
			writes := fileInSteps(t, s, 100, tc.stop)
			if writes < tc.writes || tc.stop > 0 && tc.writes == 0 && writes > 0 {
				t.Fatalf("the entries held were written %d times, want %d or more", writes, tc.writes)
			}
			if tc.stop > 0 {
				from, _, ok := bandsFrom(t, s)
				if !ok || (from > 1) != (writes > 0) {
					t.Fatalf("stopped after %d writes, entries held from %d (%v)", writes, from, ok)
				}
				for range tc.cut {
					if more, err := s.flushBand(); err != nil || !more {
						t.Fatalf("a band written: more %v, %v", more, err)
					}
				}
				if _, band, _ := bandsFrom(t, s); band != tc.cut {
					t.Fatalf("stopped with the bands from %d held, want %d", band, tc.cut)
				}
				mustCheck(t, s)
				held := heldContents(t, s)
				if len(held) == 0 {
					t.Fatal("stopped, with no entries held")
				}
				s.Close()
				if s, err = Open(path, Options{}); err != nil {
					t.Fatal(err)
				}
				if got := heldContents(t, s); !maps.EqualFunc(got, held, slices.Equal) {
					t.Fatalf("loaded %d band hashes held, want the %d held when it stopped", len(got), len(held))
				}
				s.held.max = tc.max
				// a write cut short is finished after the next step:
				// the bands below it take that step's entries meanwhile
				first := true
				opt := FileOptions{Progress: func(done, left int) {
					if _, band, _ := bandsFrom(t, s); first && left > 0 && tc.cut > 0 && band != 0 {
						t.Errorf("after the first step, the bands from %d held, want all written", band)
					}
					first = false
				}}
				if _, err := s.FileDerived(opt); err != nil {
					t.Fatal(err)
				}
			}
			if from, band, ok := bandsFrom(t, s); ok {
				t.Fatalf("filed, with entries held from %d, band %d", from, band)
			}
			if held := heldContents(t, s); len(held) > 0 {
				t.Fatalf("filed, with %d band hashes held", len(held))
			}
			if got := bandGroups(t, s); !maps.EqualFunc(got, wantBands, slices.Equal) {
				t.Fatalf("%d band hashes filed, want %d as an import files them", len(got), len(wantBands))
			}
			wantTwins(t, twinsOf(t, s), wantTw)
			mustCheck(t, s)
		})
	}
}

// A write transaction that changes the entries held and fails leaves
// them as they were: the next transaction loads them afresh.
func TestHeldBandsAfterFailedWrite(t *testing.T) {
	docs, err := crashCorpusDocs(0)
	if err != nil {
		t.Fatal(err)
	}
	s := openDeferred(t)
	importChunked(t, s, 400, docs)
	steps := 0
	if _, err := s.FileDerived(FileOptions{Pause: func() bool { steps++; return steps < 2 }}); err != nil {
		t.Fatal(err)
	}
	held := heldContents(t, s)
	if len(held) == 0 {
		t.Fatal("no entries held after a step")
	}
	failed := errors.New("failed")
	err = s.update(func(tx *bolt.Tx) error {
		h, err := s.heldBands(tx)
		if err != nil {
			return err
		}
		tb, err := newTwinBatch(tx, h)
		if err != nil {
			return err
		}
		for key, ns := range held {
			slot, tag := uint32(key>>32), uint32(key)
			b := int(slot >> 16)
			for _, n := range ns {
				if err := tb.file(b, uint64(slot&0xFFFF)<<48|uint64(tag), n, false); err != nil {
					return err
				}
			}
		}
		if h.n != 0 {
			return fmt.Errorf("%d entries held after taking them all off", h.n)
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("the write: %v", err)
	}
	if got := heldContents(t, s); !maps.EqualFunc(got, held, slices.Equal) {
		t.Fatalf("%d band hashes held after a failed write, want the %d before it", len(got), len(held))
	}
}

// A band hash keeps its first twinBandCap documents, by number, in
// twinbands and held together: the held ones past them are taken off,
// and a document of the file taken off makes room for the next held.
func TestHeldBandsCap(t *testing.T) {
	s := openDeferred(t)
	text, docs := oneTextDocs("Zeile", twinBandCap+40)
	n := len(docs)
	importDocs(t, s, docs...)
	s.held.max = 1000 // written after each step of 100: 200 in the file, then 96 held
	for {
		preps, _, err := s.prepareDerived(0, 100, 2)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.fileDerivedStep(100, preps, func() {})
		left := st.left
		if err == nil && left > 0 {
			err = s.flushDue()
		}
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
	}
	// each shared hash holds the first documents, in the file and held
	wantFirst := func(when string) {
		t.Helper()
		held, file := heldContents(t, s), bandGroups(t, s)
		if len(held) != annot.SketchBands {
			t.Fatalf("%s: %d band hashes held, want each of the %d bands' one", when, len(held), annot.SketchBands)
		}
		for key, ns := range held {
			slot, tag := uint64(key>>32), uint64(uint32(key))
			if got := append(slices.Clone(file[slot<<32|tag]), ns...); !slices.Equal(got, firstNumbers(twinBandCap)) {
				t.Fatalf("%s: band hash %x holds %d in the file and %v…%v held, want the first %d", when, key, len(file[slot<<32|tag]), ns[:min(len(ns), 3)], ns[max(len(ns)-2, 0):], twinBandCap)
			}
		}
		mustCheck(t, s)
	}
	wantFirst("filed")
	// d000 (number 1, in the file) leaves the shared hashes; one more
	// document of the text (297) is held in its room; d000 comes back
	// to the text, and the held one past the first 256 goes
	other := ImportDoc{ID: "d000", Text: "ein ganz anderer Text, " + strings.Repeat("Wort ", 60)}
	importDocs(t, s, other, ImportDoc{ID: "mehr", Text: text})
	preps, _, err := s.prepareDerived(0, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := s.fileDerivedStep(10, preps, func() {}); err != nil || st.filed != 1 {
		t.Fatalf("filed %d, %v", st.filed, err)
	}
	if held := heldContents(t, s); !slices.ContainsFunc(slices.Collect(maps.Values(held)), func(ns []uint32) bool { return slices.Contains(ns, uint32(n+1)) }) {
		t.Fatalf("document %d is not held in the room d000 left", n+1)
	}
	importDocs(t, s, ImportDoc{ID: "d000", Text: text})
	wantFirst("d000 back")
	// d000 leaves again; the next document filed is held in its room,
	// then written
	wantRoomTaken(t, s, text, n+1, func() {
		if _, err := s.FileDerived(FileOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCheckFindsHeldBandsDamage: check names a "bandsfrom" that is not a
// number and a band, one past the documents left to file, and entries
// in the file of documents whose entries are held.
func TestCheckFindsHeldBandsDamage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value []byte
		want  string
	}{
		{"short", []byte{1, 2, 3}, "not a number and a band"},
		{"band past the last", encodeBandsFrom(1, annot.SketchBands), "not a number and a band"},
		{"number 0", encodeBandsFrom(0, 0), "not a number and a band"},
		{"past the documents left", encodeBandsFrom(30, 0), "past the first left to file"},
		{"entries in the file", encodeBandsFrom(2, 5), "in the file, not held"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openDeferred(t)
			var docs []ImportDoc
			for i := range 20 {
				docs = append(docs, ImportDoc{ID: fmt.Sprintf("d%02d", i), Text: numberedWords(fmt.Sprintf("W%d", i%2))})
			}
			importDocs(t, s, docs...)
			if _, err := s.FileDerived(FileOptions{}); err != nil {
				t.Fatal(err)
			}
			importDocs(t, s, ImportDoc{ID: "left", Text: "ein Text, der wartet"})
			mustCheck(t, s)
			err := s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketMeta).Put(keyBandsFrom, tc.value)
			})
			if err != nil {
				t.Fatal(err)
			}
			probs, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, tc.want) }) {
				t.Fatalf("check: %q, want one that says %q", probs, tc.want)
			}
		})
	}
}
