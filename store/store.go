package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"folio/internal/safefile"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"
)

// Store is an open folio store. Its methods are safe for concurrent use;
// each write is one transaction, committed before the method returns.
type Store struct {
	db     *bolt.DB
	path   string
	author string
	now    func() time.Time
	mode   int    // viewAuto, viewMain or viewLayer (layers.go)
	layer  string // the layer viewLayer views
	// migrateBatch is how many documents one step of a migration takes.
	migrateBatch int
	// deferDerived is Options.DeferDerived
	deferDerived bool
	// tokenized counts the documents whose index entries were made from
	// their text (read, decompressed and tokenized) in write transactions
	// (tests hold writes that change no words to none); shared by the
	// copies As and Layer make.
	tokenized *atomic.Int64
	// held are the twin band entries held in memory (heldbands.go),
	// shared by the copies As and Layer make.
	held *heldBands
	// stepChanges is derivedStepChanges (tests set it)
	stepChanges int
}

// Options configure Open.
type Options struct {
	// Author is recorded on every change (the --reviewer). Default "folio".
	Author string
	// Timeout is how long Open waits for a store another process holds.
	// Default 2 s.
	Timeout time.Duration
	// ReadOnly opens the store for reading; other readers may share it.
	ReadOnly bool
	// Now is the clock (tests set it). Default time.Now.
	Now func() time.Time
	// MigrateBatch is how many documents one transaction of a migration
	// takes (tests set it). Default 2000.
	MigrateBatch int
	// DeferDerived leaves the word counts, sketches and twins of the
	// documents an import adds to FileDerived (deferred.go): a bulk
	// import then costs what its texts and indexes cost.
	DeferDerived bool
}

// ErrLocked is returned (wrapped) when another process holds the store.
var ErrLocked = errors.New("another folio holds it")

// ErrNotStore is returned (wrapped) for a file that is not a folio store.
var ErrNotStore = errors.New("not a folio store")

// ErrDamaged is returned (wrapped) when the store's pages are corrupt.
var ErrDamaged = errors.New("the store is damaged (run folio check)")

// OpenDamageError says that the store's file is damaged so that it cannot
// be opened at all: its header pages, or its length. It is ErrDamaged.
type OpenDamageError struct {
	Path string
	Why  string // what is wrong: "the file is truncated: …"
}

func (e *OpenDamageError) Error() string {
	return fmt.Sprintf("open store %s: %v: %s", e.Path, ErrDamaged, e.Why)
}

func (e *OpenDamageError) Unwrap() error { return ErrDamaged }

// bbolt's header: each of its first two pages holds a meta record after
// the page's own header (16 bytes): magic, version, page size and flags
// (4 bytes each), the root bucket (16), the freelist's page, the page
// count (the high-water mark), the transaction id and an FNV-64a checksum
// of what comes before it (8 bytes each), little-endian on the machines
// folio runs on. bbolt opens with the valid one of the higher
// transaction id.
const (
	boltMagic      = 0xED0CDAED
	boltMetaAt     = 16
	boltMetaLength = 64
	boltSumAt      = 56
)

// boltMeta is what checkLength reads of a meta record.
type boltMeta struct{ pageSize, pages, txid uint64 }

// readBoltMeta reads the meta record of the page that b begins, and
// reports whether it is one: bbolt's magic and a checksum that holds.
func readBoltMeta(b []byte) (boltMeta, bool) {
	if len(b) < boltMetaAt+boltMetaLength {
		return boltMeta{}, false
	}
	m := b[boltMetaAt : boltMetaAt+boltMetaLength]
	h := fnv.New64a()
	h.Write(m[:boltSumAt])
	le := binary.LittleEndian
	if le.Uint32(m) != boltMagic || h.Sum64() != le.Uint64(m[boltSumAt:]) {
		return boltMeta{}, false
	}
	return boltMeta{pageSize: uint64(le.Uint32(m[8:])), pages: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, true
}

// checkLength refuses a bbolt file shorter than its header says it is:
// bbolt itself would refuse one shorter than its two header pages with no
// word of why, and fault on the first page past the end of a longer one
// (a fault in opening for writing, which reads the freelist).
func checkLength(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports it
	}
	defer f.Close()
	buf := make([]byte, boltMetaAt+boltMetaLength)
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil
	}
	m, ok := readBoltMeta(buf)
	if !ok || m.pageSize == 0 {
		return nil // not bbolt's, or its first page damaged: bbolt says which
	}
	if uint64(size) < 2*m.pageSize {
		return &OpenDamageError{Path: path, Why: fmt.Sprintf("the file is truncated: it has %d bytes, fewer than the %d of the two header pages every store begins with", size, 2*m.pageSize)}
	}
	if _, err := f.ReadAt(buf, int64(m.pageSize)); err == nil {
		if m1, ok := readBoltMeta(buf); ok && m1.txid > m.txid {
			m = m1
		}
	}
	return truncated(path, size, m.pages*m.pageSize)
}

// truncated is an *OpenDamageError when the store's file at path has
// fewer bytes (size) than its pages need, else nil.
func truncated(path string, size int64, need uint64) error {
	if uint64(size) >= need {
		return nil
	}
	return &OpenDamageError{Path: path, Why: fmt.Sprintf("the file is truncated: it has %d bytes, its pages need %d", size, need)}
}

// ErrNoStore is returned by Open for a store file that is not there when
// it is opened for reading only.
var ErrNoStore = errors.New("no such file (import documents first)")

// Open opens the store at path, creating it (mode 0600) if it does not
// exist. It never overwrites a file that is not a folio store, refuses a
// store written by a newer folio, and migrates an older one after backing
// it up.
func Open(path string, opt Options) (_ *Store, err error) {
	if opt.Timeout == 0 {
		opt.Timeout = 2 * time.Second
	}
	if opt.Author == "" {
		opt.Author = "folio"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := CheckFile(path); err != nil {
		return nil, err
	}
	fi, statErr := os.Stat(path)
	switch {
	case statErr == nil:
		if err := checkLength(path, fi.Size()); err != nil {
			return nil, err
		}
	case errors.Is(statErr, os.ErrNotExist):
		if opt.ReadOnly {
			return nil, fmt.Errorf("open store %s: %w", path, ErrNoStore)
		}
		if dir := filepath.Dir(path); dir != "" {
			if _, err := os.Stat(dir); err != nil {
				return nil, fmt.Errorf("open store %s: folder %s does not exist", path, dir)
			}
		}
	case statErr != nil:
		return nil, fmt.Errorf("open store %s: %w", path, statErr)
	}
	// bbolt reads the meta and freelist pages as it opens: damage there
	// is a panic or a memory fault, which become an error
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &OpenDamageError{Path: path, Why: fmt.Sprintf("reading its header pages failed (%v)", r)}
		}
	}()
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      opt.Timeout,
		ReadOnly:     opt.ReadOnly,
		FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		switch {
		case errors.Is(err, bolterr.ErrTimeout):
			return nil, fmt.Errorf("open store %s: %w (gave up after %s)", path, ErrLocked, opt.Timeout)
		case errors.Is(err, bolterr.ErrInvalid), errors.Is(err, bolterr.ErrVersionMismatch):
			return nil, fmt.Errorf("open store %s: %w (not a bbolt file)", path, ErrNotStore)
		case errors.Is(err, bolterr.ErrChecksum):
			return nil, &OpenDamageError{Path: path, Why: fmt.Sprintf("its header pages fail their checksum (%v)", err)}
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if opt.MigrateBatch <= 0 {
		opt.MigrateBatch = migrateBatch
	}
	s := &Store{db: db, path: path, author: opt.Author, now: opt.Now, migrateBatch: opt.MigrateBatch, deferDerived: opt.DeferDerived, tokenized: new(atomic.Int64),
		held: &heldBands{max: heldBandsMax}, stepChanges: derivedStepChanges}
	if err := s.init(opt.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// CheckFile returns the error Open returns for a path that exists and
// cannot be a store: a folder, a FIFO, a device or a socket (never read:
// it would block or never end), an empty file. It returns nil for any
// other path, one that does not exist included.
func CheckFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil
	case fi.IsDir():
		return fmt.Errorf("open store %s: is a directory", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("open store %s: %w (it is %s): %w", path, safefile.ErrNotRegular, safefile.Kind(fi.Mode()), ErrNotStore)
	case fi.Size() == 0:
		return fmt.Errorf("open store %s: the file is empty: %w", path, ErrNotStore)
	}
	return nil
}

// init checks that the file is a folio store of a version this binary
// reads, creating the buckets of a new store and migrating an old one.
func (s *Store) init(readOnly bool) error {
	var version int
	empty := false
	err := s.view(func(tx *bolt.Tx) error {
		// A truncated file would fault on the first page past its end.
		if fi, err := os.Stat(s.path); err == nil {
			if err := truncated(s.path, fi.Size(), uint64(tx.Size())); err != nil {
				return err
			}
		}
		m := tx.Bucket(bucketMeta)
		if m == nil {
			k, _ := tx.Cursor().First()
			empty = k == nil // no buckets at all: a new file
			if !empty {
				return fmt.Errorf("open store %s: %w (a bbolt file without folio's buckets)", s.path, ErrNotStore)
			}
			return nil
		}
		if string(m.Get(keyMagic)) != string(magic) {
			return fmt.Errorf("open store %s: %w (no folio marker)", s.path, ErrNotStore)
		}
		v, err := strconv.Atoi(string(m.Get(keySchema)))
		if err != nil {
			return &OpenDamageError{Path: s.path, Why: fmt.Sprintf("its schema version %q is not a number", m.Get(keySchema))}
		}
		version = v
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case empty && readOnly:
		return fmt.Errorf("open store %s: %w (empty bbolt file)", s.path, ErrNotStore)
	case empty:
		return s.update(func(tx *bolt.Tx) error {
			for _, b := range allBuckets {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return fmt.Errorf("create bucket %s: %w", b, err)
				}
			}
			if err := resetGrams(tx); err != nil {
				return err
			}
			if err := buildSums(tx); err != nil {
				return err
			}
			m := tx.Bucket(bucketMeta)
			if err := m.Put(keyMagic, magic); err != nil {
				return err
			}
			return m.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
		})
	case version > schemaVersion:
		return fmt.Errorf("open store %s: it was written by a newer folio (schema %d, this folio knows %d): upgrade folio", s.path, version, schemaVersion)
	case version < schemaVersion:
		if readOnly {
			return fmt.Errorf("open store %s: schema %d needs migrating to %d: open it once without --read-only", s.path, version, schemaVersion)
		}
		if err := s.migrate(version); err != nil {
			return err
		}
		if err := s.ensureGrams(); err != nil {
			return err
		}
		return s.ensureSums()
	case !readOnly:
		if err := s.resumeIndex(); err != nil {
			return err
		}
		if err := s.ensureGrams(); err != nil {
			return err
		}
		return s.ensureSums()
	}
	return nil
}

// Close closes the store.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// Path is the store's file name.
func (s *Store) Path() string { return s.path }

// Author is who the store records as making changes.
func (s *Store) Author() string { return s.author }

// view runs fn in a read transaction, turning a panic or a memory fault
// from a damaged page into an error.
func (s *Store) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverDamage(&err)
	return s.db.View(fn)
}

// update runs fn in a write transaction, committed before it returns.
// inWriter runs fn in a writable transaction that it rolls back: fn reads
// while no other writer runs, and writes nothing.
func (s *Store) inWriter(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverDamage(&err)
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

func (s *Store) update(fn func(*bolt.Tx) error) (err error) {
	return s.updateTexts(nil, fn)
}

// updateTexts is update for a transaction that writes texts and gathers
// them in texts (doc id → text as stored last, and its words if known),
// so that the indexes are brought up to date without reading them back.
func (s *Store) updateTexts(texts map[string]writtenText, fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.recoverDamage(&err)
	return s.db.Update(func(tx *bolt.Tx) error {
		// the one writer sets it, and bbolt reads it as this commit grows
		// the file
		s.db.AllocSize = allocSize(tx.Size())
		if err := fn(tx); err != nil {
			return err
		}
		n, err := flushIndex(tx, texts)
		if s.tokenized != nil {
			s.tokenized.Add(int64(n))
		}
		return err
	})
}

// allocSize is how far ahead of its pages a store of size bytes grows
// its file: a sixteenth of it, between 1 and 16 MB. bbolt's default, a
// fixed 16 MB, left a store of 10 000 documents (62 MB of pages) at
// 2.56× its text; growing by a share of the file keeps the number of
// grows (each a truncate and fsync) logarithmic up to a store of 256 MB,
// and above it one every 16 MB, as before.
func allocSize(size int64) int {
	return int(min(max(size/allocShare, allocMin), allocMax))
}

const (
	allocShare = 16
	allocMin   = 1 << 20
	allocMax   = 16 << 20
)

func (s *Store) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("store %s: %w: %v", s.path, ErrDamaged, r)
	}
}
