package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// layoutVersion is the first byte of a stored layout.
const layoutVersion = 1

// encodeLayout writes l as: version byte, then DEFLATE of (uvarint
// length of the JSON, the JSON of l, l.Source). The page's XML is kept
// as it was read, compressed (OCR XML compresses about tenfold).
func encodeLayout(l *annot.Layout) ([]byte, error) {
	js, err := json.Marshal(l)
	if err != nil {
		return nil, fmt.Errorf("encode layout: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteByte(layoutVersion)
	zw, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	var n [binary.MaxVarintLen64]byte
	if _, err := zw.Write(n[:binary.PutUvarint(n[:], uint64(len(js)))]); err != nil {
		return nil, err
	}
	if _, err := zw.Write(js); err != nil {
		return nil, err
	}
	if _, err := zw.Write(l.Source); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxLayout bounds a decoded layout, so that a damaged value cannot
// fill memory.
const maxLayout = 1 << 30

// decodeLayout reads what encodeLayout wrote.
func decodeLayout(b []byte) (*annot.Layout, error) {
	if len(b) == 0 || b[0] != layoutVersion {
		return nil, fmt.Errorf("%w: layout record of unknown version", ErrDamaged)
	}
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(b[1:])), maxLayout))
	if err != nil {
		return nil, fmt.Errorf("%w: layout record: %v", ErrDamaged, err)
	}
	n, k := binary.Uvarint(raw)
	if k <= 0 || n > uint64(len(raw)-k) {
		return nil, fmt.Errorf("%w: layout record: bad length", ErrDamaged)
	}
	var l annot.Layout
	if err := json.Unmarshal(raw[k:k+int(n)], &l); err != nil {
		return nil, fmt.Errorf("%w: layout record: %v", ErrDamaged, err)
	}
	l.Source = raw[k+int(n):]
	return &l, nil
}

// putLayout stores the layout of document id, in the import's
// transaction. Without a layout, a changed text drops the old one (its
// spans no longer fit); an unchanged text keeps it.
func putLayout(tx *bolt.Tx, id string, l *annot.Layout, textChanged bool) error {
	if l == nil {
		if b := tx.Bucket(bucketLayout); b != nil && textChanged {
			return b.Delete([]byte(id))
		}
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketLayout)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketLayout, err)
	}
	v, err := encodeLayout(l)
	if err != nil {
		return err
	}
	return b.Put([]byte(id), v)
}

// ErrNoLayout is returned by Layout for a document imported from
// anything but hOCR, ALTO or PAGE XML.
var ErrNoLayout = errors.New("no page layout")

// Layout returns the page layout of document id (imported from hOCR,
// ALTO or PAGE XML), or ErrNoLayout.
func (s *Store) Layout(id string) (*annot.Layout, error) {
	var l *annot.Layout
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLayout)
		if b == nil {
			return ErrNoLayout
		}
		v := b.Get([]byte(id))
		if v == nil {
			return ErrNoLayout
		}
		var err error
		l, err = decodeLayout(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("layout of %q: %w", id, err)
	}
	return l, nil
}
