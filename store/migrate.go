package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// migrations[v] turns a schema v store into a schema v+1 store. A store
// older than the oldest migration cannot be opened.
var migrations = map[int]func(*bolt.Tx) error{
	1: migrateTwins,
}

// migrateTwins (schema 1 → 2) files every text's sketch, finds the twins
// of every document, and writes every record in the form of doc codec
// version 2.
func migrateTwins(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketSketch, bucketBands} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	var ids []string
	err := tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error {
		ids = append(ids, string(k))
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		d, ok, err := getDoc(tx, id)
		if err != nil || !ok {
			return err
		}
		d.Twins = nil // schema 1 had none
		if err := updateTwins(tx, &d, string(tx.Bucket(bucketText).Get([]byte(id)))); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		if err := putDoc(tx, d); err != nil {
			return err
		}
	}
	return nil
}

// migrate backs the store up next to itself, then runs each migration from
// version up to schemaVersion in one transaction.
func (s *Store) migrate(version int) error {
	for v := version; v < schemaVersion; v++ {
		if migrations[v] == nil {
			return fmt.Errorf("open store %s: schema %d is too old for this folio (no migration to %d)", s.path, v, v+1)
		}
	}
	backup := fmt.Sprintf("%s.bak-schema%d-%s", s.path, version, s.now().UTC().Format("20060102T150405"))
	if err := s.BackupFile(backup); err != nil {
		return fmt.Errorf("migrate %s: back up first: %w", s.path, err)
	}
	return s.update(func(tx *bolt.Tx) error {
		for v := version; v < schemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate %s from schema %d: %w (backup in %s)", s.path, v, err, backup)
			}
		}
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
	})
}
