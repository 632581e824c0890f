package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// A migration turns a schema v store into a schema v+1 store in steps of
// a batch of documents, one transaction each, so that a large store is
// never rewritten in one transaction and a migration cut short (a crash,
// a kill) goes on where it stopped the next time the store is opened. Its
// progress is a key of the meta bucket, present while it runs.
type migration struct {
	// progress is the meta key of the migration's progress.
	progress []byte
	// start prepares the migration (buckets, progress), in the
	// transaction of its first step.
	start func(tx *bolt.Tx) error
	// step migrates up to n more documents; done reports the migration
	// complete (its progress key deleted).
	step func(tx *bolt.Tx, n int) (done bool, err error)
	// versionOnly marks a migration that changes nothing but the
	// version: what older folios wrote stays readable as it is, and
	// the version keeps an older folio from taking what this one writes
	// for damage. It needs no backup.
	versionOnly bool
}

// migrations[v] turns a schema v store into a schema v+1 store. A store
// older than the oldest migration cannot be opened.
var migrations = map[int]migration{
	1: {progress: keyTwinNext, start: startTwins, step: stepTwins},
	2: {progress: keyIxNext, start: startIndex, step: stepIndex},
	3: {progress: keyPackNext, start: startPack, step: stepPack},
	// schema 4 → 5: the index's forward entries of version 2 (words kept
	// apart from the record's terms) and the word grams, which a folio of
	// schema 4 would report as damaged or leave out of date; this folio
	// still reads what schema 4 wrote.
	4: {progress: []byte("v5"), start: func(*bolt.Tx) error { return nil },
		step: func(*bolt.Tx, int) (bool, error) { return true, nil }, versionOnly: true},
	// schema 5 → 6: a cut of boilerplate is no longer one of a document's
	// corrections (annot.Counts), in has:corrections and the stats
	5: {progress: keyRecountNext, start: startRecount, step: stepRecount},
	// schema 6 → 7: the derived data of the documents an import adds may
	// wait for FileDerived (deferred.go); a folio of schema 6 would file
	// that of the documents it adds after them, and count them twice
	6: {progress: []byte("v7"), start: func(*bolt.Tx) error { return nil },
		step: func(*bolt.Tx, int) (bool, error) { return true, nil }, versionOnly: true},
	// schema 7 → 8: the twin lists leave the records for a bucket of
	// their own, and their terms the forward entries (twins.go)
	7: {progress: keyTwinsApartNext, start: startTwinsApart, step: stepTwinsApart},
	// schema 8 → 9: the twin band entries of the documents FileDerived
	// files may be held in memory, and left to the next process that
	// writes (heldbands.go); a folio of schema 8 would not find them
	8: {progress: []byte("v9"), start: func(*bolt.Tx) error { return nil },
		step: func(*bolt.Tx, int) (bool, error) { return true, nil }, versionOnly: true},
}

// migrateBatch is how many documents one step of a migration takes.
const migrateBatch = 2000

// keyTwinNext is the meta key of the twin migration's progress: the next
// document number (8 bytes) to file.
var keyTwinNext = []byte("twinnext")

// startTwins (schema 1 → 2) makes the buckets of sketches and bands.
func startTwins(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketSketch, bucketTwinBands} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(keyTwinNext, seqKey(1))
}

// stepTwins files the sketches of the next n documents in import order,
// finds their twins among the documents before them, and writes their
// records in the form of doc codec version 2. Filed in order, batch by
// batch, the twins come out as one pass over the corpus finds them.
func stepTwins(tx *bolt.Tx, n int) (bool, error) {
	m := tx.Bucket(bucketMeta)
	next := keySeq(m.Get(keyTwinNext))
	tb, err := newTwinBatch(tx, nil)
	if err != nil {
		return false, err
	}
	c := tx.Bucket(bucketOrder).Cursor()
	k, id := c.Seek(seqKey(next))
	for ; k != nil && n > 0; k, id = c.Next() {
		d, ok, err := getDoc(tx, string(id))
		if err != nil {
			return false, err
		}
		if !ok {
			return false, damaged(fmt.Errorf("document %q is listed but has no record", id))
		}
		d.Twins = nil // schema 1 had none
		if err := tb.update(&d, string(getText(tx, id))); err != nil {
			return false, fmt.Errorf("document %s: %w", id, err)
		}
		if err := putDoc(tx, d); err != nil {
			return false, err
		}
		next = keySeq(k) + 1
		n--
	}
	if err := tb.write(); err != nil {
		return false, err
	}
	if k == nil {
		return true, m.Delete(keyTwinNext)
	}
	return false, m.Put(keyTwinNext, seqKey(next))
}

// startIndex (schema 2 → 3) makes the buckets of the indexes, with no
// document indexed yet.
func startIndex(tx *bolt.Tx) error {
	for _, b := range indexBuckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	if err := buildGrams(tx); err != nil { // the terms kept, if any
		return err
	}
	if err := buildSums(tx); err != nil { // of the entries kept, if any
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyIxNext, numKey(1))
}

// stepIndex numbers and indexes the next n documents: it marks them
// written, and moves the progress past them, so that flushIndex, at the
// end of the transaction, indexes them.
func stepIndex(tx *bolt.Tx, n int) (bool, error) {
	m := tx.Bucket(bucketMeta)
	next, ok := keyNum(m.Get(keyIxNext))
	if !ok {
		return false, damaged(fmt.Errorf("bad index progress %q", m.Get(keyIxNext)))
	}
	last := tx.Bucket(bucketOrder).Sequence()
	nums := tx.Bucket(bucketDocNum)
	for ; uint64(next) <= last && n > 0; next, n = next+1, n-1 {
		id := tx.Bucket(bucketOrder).Get(seqKey(uint64(next)))
		if id == nil {
			return false, damaged(fmt.Errorf("document number %d is not in the order", next))
		}
		if err := nums.Put(id, numKey(next)); err != nil {
			return false, err
		}
		if err := markDirty(tx, string(id)); err != nil {
			return false, err
		}
	}
	if uint64(next) > last {
		return true, m.Delete(keyIxNext)
	}
	return false, m.Put(keyIxNext, numKey(next))
}

// keyPackNext is the meta key of the schema 3 → 4 migration's progress:
// the next document number (8 bytes) to rewrite.
var keyPackNext = []byte("packnext")

// startPack (schema 3 → 4) makes the bucket of twin band slots and
// starts at the first document.
func startPack(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketTwinBands); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyPackNext, seqKey(1))
}

// stepPack rewrites the next n documents in import order in the form of
// schema 4: their texts compressed (textcodec.go), their sketches filed in
// the twin band slots (twins.go), and those with open suggestions marked
// for flushIndex to index has:suggestions, which schema 3 left to a scan.
// The last step deletes schema 3's band index.
func stepPack(tx *bolt.Tx, n int) (bool, error) {
	m := tx.Bucket(bucketMeta)
	tb, err := newTwinBatch(tx, nil)
	if err != nil {
		return false, err
	}
	next := keySeq(m.Get(keyPackNext))
	texts := tx.Bucket(bucketText)
	texts.FillPercent = 0.95
	c := tx.Bucket(bucketOrder).Cursor()
	k, id := c.Seek(seqKey(next))
	for ; k != nil && n > 0; k, id = c.Next() {
		if v := texts.Get(id); len(v) > 0 && v[0] != textMark {
			if err := texts.Put(id, encodeText(string(v))); err != nil {
				return false, err
			}
		}
		d, ok, err := getDoc(tx, string(id))
		if err != nil {
			return false, err
		}
		if ok && d.Counts.Suggestions > 0 {
			if err := markDirty(tx, d.ID); err != nil {
				return false, err
			}
		}
		if sk, ok := tb.sketch(string(id)); ok {
			if err := tb.fileSketch(sk, uint32(keySeq(k)), true); err != nil {
				return false, err
			}
		}
		next = keySeq(k) + 1
		n--
	}
	if err := tb.write(); err != nil {
		return false, err
	}
	if k == nil {
		if tx.Bucket(bucketBands) != nil {
			if err := tx.DeleteBucket(bucketBands); err != nil {
				return false, err
			}
		}
		return true, m.Delete(keyPackNext)
	}
	return false, m.Put(keyPackNext, seqKey(next))
}

// keyRecountNext is the meta key of the recount's progress (schema 5 →
// 6): "\x00" before the first step, else "\x01" and the id of the last
// record looked at.
var keyRecountNext = []byte("recountnext")

// startRecount (schema 5 → 6) begins the recount at the first record.
func startRecount(tx *bolt.Tx) error {
	return tx.Bucket(bucketMeta).Put(keyRecountNext, []byte{0})
}

// stepRecount summarizes again the next n records, in id order, that
// count corrections: those that counted a cut of boilerplate among them
// are written again, and flushIndex brings their postings (has:), sums
// and counters along with them. A record that counts none has no cut to
// take out, and its annotations are not read.
func stepRecount(tx *bolt.Tx, n int) (bool, error) {
	m := tx.Bucket(bucketMeta)
	p := m.Get(keyRecountNext)
	c := tx.Bucket(bucketDocs).Cursor()
	k, v := c.First()
	if len(p) > 1 {
		last := p[1:]
		if k, v = c.Seek(last); k != nil && bytes.Equal(k, last) {
			k, v = c.Next()
		}
	}
	var changed []annot.Doc // written after the walk: a write may move the cursor's pages
	var last []byte
	for ; k != nil && n > 0; k, v = c.Next() {
		n--
		last = k
		d, err := decodeDoc(v)
		if err != nil {
			return false, damaged(fmt.Errorf("document %q: %w", k, err))
		}
		if d.Counts.Corrections == 0 {
			continue
		}
		anns, err := getAnns(tx, d.ID)
		if err != nil {
			return false, err
		}
		want := d
		annot.Summarize(&want, anns)
		if want.Counts != d.Counts {
			changed = append(changed, want)
		}
	}
	last = bytes.Clone(last)
	for _, d := range changed {
		// its record is written without the twins schema 5 kept in it
		if err := keepRecordTwins(tx, d); err != nil {
			return false, err
		}
		if err := putDocRecord(tx, d); err != nil {
			return false, err
		}
	}
	if k == nil {
		return true, m.Delete(keyRecountNext)
	}
	return false, m.Put(keyRecountNext, append([]byte{1}, last...))
}

// keyTwinsApartNext is the meta key of the schema 7 → 8 migration's
// progress: the next document number (8 bytes).
var keyTwinsApartNext = []byte("twinsapartnext")

// startTwinsApart (schema 7 → 8) makes the bucket of twin lists and
// starts at the first document.
func startTwinsApart(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketTwins); err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyTwinsApartNext, seqKey(1))
}

// stepTwinsApart moves the twin lists of the next n documents in import
// order out of their records (keepRecordTwins), takes their terms out of
// their forward entries, and makes sure their postings hold them (a
// migration before this one that indexed or reindexed a document from
// its record left them out).
func stepTwinsApart(tx *bolt.Tx, n int) (bool, error) {
	m := tx.Bucket(bucketMeta)
	next := keySeq(m.Get(keyTwinsApartNext))
	docs, fwd := tx.Bucket(bucketDocs), tx.Bucket(bucketFwd)
	var ix *indexer
	if fwd != nil && tx.Bucket(bucketTerms) != nil {
		ix = newIndexer(tx)
	}
	twins := newTwinReader(tx)
	c := tx.Bucket(bucketOrder).Cursor()
	k, id := c.Seek(seqKey(next))
	for ; k != nil && n > 0; k, id = c.Next() {
		next, n = keySeq(k)+1, n-1
		d, ok, err := docIn(docs.Get(id), string(id))
		if err != nil {
			return false, damaged(err)
		}
		if !ok {
			continue // check reports it
		}
		held := d.Twins
		if len(held) > 0 {
			if err := keepRecordTwins(tx, d); err != nil {
				return false, err
			}
			d.Twins = nil
			if err := docs.Put(bytes.Clone(id), encodeDoc(d)); err != nil {
				return false, err
			}
		}
		num := uint32(keySeq(k))
		var fv []byte
		if ix != nil {
			fv = fwd.Get(numKey(num))
		}
		if fv == nil {
			continue // indexed later, with its list's terms (reindex)
		}
		list, err := twins.ids(num)
		if err != nil {
			return false, err
		}
		var keys, were []string
		query.TwinTerms(list, func(t query.Term) { keys = append(keys, string(termKey(t))) })
		if err := ix.addTerms(keys, num); err != nil {
			return false, err
		}
		query.TwinTerms(slices.Concat(held, list), func(t query.Term) { were = append(were, string(termKey(t))) })
		if v, changed, err := withoutTwinTerms(ix, fv, were); err != nil {
			return false, damaged(fmt.Errorf("document %q: %w", id, err))
		} else if changed {
			if err := fwd.Put(numKey(num), v); err != nil {
				return false, err
			}
		}
	}
	if ix != nil {
		if err := ix.write(); err != nil {
			return false, err
		}
	}
	if k == nil {
		return true, m.Delete(keyTwinsApartNext)
	}
	return false, m.Put(keyTwinsApartNext, seqKey(next))
}

// keepRecordTwins files the twins d's record held (schemas before 8) as
// its twin list, unless it has one.
func keepRecordTwins(tx *bolt.Tx, d annot.Doc) error {
	if len(d.Twins) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketTwins)
	if err != nil {
		return err
	}
	key := numKey(uint32(d.Seq))
	if b.Get(key) != nil {
		return nil
	}
	nums := tx.Bucket(bucketDocNum)
	var list []uint32
	for _, t := range d.Twins {
		var v []byte
		if nums != nil {
			v = nums.Get([]byte(t))
		}
		if n, ok := keyNum(v); ok && n != uint32(d.Seq) {
			list = append(list, n)
			continue
		}
		// not numbered yet (an index being built): by the order
		c := tx.Bucket(bucketOrder).Cursor()
		for k, id := c.First(); k != nil; k, id = c.Next() {
			if string(id) == t {
				list = append(list, uint32(keySeq(k)))
				break
			}
		}
	}
	slices.Sort(list)
	list = slices.Compact(list)
	if len(list) > twinListCap {
		list = list[:twinListCap]
	}
	if len(list) == 0 {
		return nil
	}
	return b.Put(key, encodeTwinList(list))
}

// withoutTwinTerms returns forward entry v without the terms keys
// (those of a twin list), in its version, and whether it held any.
func withoutTwinTerms(ix *indexer, v []byte, keys []string) ([]byte, bool, error) {
	e, err := decodeFwd(v)
	if err != nil {
		return nil, false, err
	}
	drop := roaring.New()
	for _, k := range keys {
		id, err := ix.termIDString(k, false)
		if err != nil {
			return nil, false, err
		}
		if id != 0 && e.terms.Contains(id) {
			drop.Add(id)
		}
	}
	if drop.IsEmpty() {
		return v, false, nil
	}
	e.terms.AndNot(drop)
	if v[0] == 1 { // version 1: every term in one bitmap, words not known
		b, err := encodeBitmap(e.terms)
		if err != nil {
			return nil, false, err
		}
		return append(appendSums([]byte{1}, e.sums), b...), true, nil
	}
	out, err := encodeFwd(e)
	return out, true, err
}

// migrate backs the store up next to itself (unless it resumes a
// migration cut short), then runs each migration from version up to
// schemaVersion, batch by batch.
func (s *Store) migrate(version int) error {
	for v := version; v < schemaVersion; v++ {
		if migrations[v].step == nil {
			return fmt.Errorf("open store %s: schema %d is too old for this folio (no migration to %d)", s.path, v, v+1)
		}
	}
	var resuming bool
	if err := s.view(func(tx *bolt.Tx) error {
		resuming = tx.Bucket(bucketMeta).Get(migrations[version].progress) != nil
		return nil
	}); err != nil {
		return err
	}
	backup := "(none: resumed)"
	versionOnly := true
	for v := version; v < schemaVersion; v++ {
		versionOnly = versionOnly && migrations[v].versionOnly
	}
	if versionOnly {
		backup = "(none: only the version changes)"
	}
	if !resuming && !versionOnly {
		backup = fmt.Sprintf("%s%s%d-%s", s.path, migrationBackup, version, s.now().UTC().Format("20060102T150405"))
		// a migration killed before its first step may have backed up
		// in the same second: keep that one, take the next name
		for i := 2; fileExists(backup); i++ {
			backup = fmt.Sprintf("%s%s%d-%s-%d", s.path, migrationBackup, version, s.now().UTC().Format("20060102T150405"), i)
		}
		if err := s.BackupFile(backup); err != nil {
			return fmt.Errorf("migrate %s: back up first: %w", s.path, err)
		}
	}
	for v := version; v < schemaVersion; v++ {
		m := migrations[v]
		for done := false; !done; {
			err := s.update(func(tx *bolt.Tx) error {
				meta := tx.Bucket(bucketMeta)
				if meta.Get(m.progress) == nil {
					if err := m.start(tx); err != nil {
						return err
					}
				}
				var err error
				if done, err = m.step(tx, s.migrateBatch); err != nil || !done {
					return err
				}
				if v+1 == schemaVersion {
					for _, b := range allBuckets {
						if _, err := tx.CreateBucketIfNotExists(b); err != nil {
							return err
						}
					}
				}
				return meta.Put(keySchema, []byte(strconv.Itoa(v+1)))
			})
			if err != nil {
				return fmt.Errorf("migrate %s from schema %d: %w (backup in %s)", s.path, v, err, backup)
			}
		}
	}
	return nil
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// migrationBackup follows the store's name in the name of the backup a
// migration makes: folio.db.bak-schema5-20260101T120000.
const migrationBackup = ".bak-schema"

// MigrationBackups are the backups migrations made of the store at path
// that are still beside it, in name order (by schema, then time).
func MigrationBackups(path string) []string {
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return nil
	}
	var baks []string
	prefix := filepath.Base(path) + migrationBackup
	for _, d := range entries {
		if strings.HasPrefix(d.Name(), prefix) && d.Type().IsRegular() {
			baks = append(baks, filepath.Join(filepath.Dir(path), d.Name()))
		}
	}
	return baks
}
