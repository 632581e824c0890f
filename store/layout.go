package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

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

// sameSource reports whether document id has a stored layout read from
// exactly src: the page it was imported from, unchanged.
func sameSource(tx *bolt.Tx, id string, src []byte) bool {
	b := tx.Bucket(bucketLayout)
	if b == nil || len(src) == 0 {
		return false
	}
	v := b.Get([]byte(id))
	if v == nil {
		return false
	}
	l, err := decodeLayout(v)
	return err == nil && bytes.Equal(l.Source, src)
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

// checkLayouts checks every stored layout: it decodes, belongs to a
// document, its spans lie in order inside that document's text, and the
// record's lowest confidence is the layout's.
func checkLayouts(tx *bolt.Tx, add func(format string, args ...any)) {
	b := tx.Bucket(bucketLayout)
	if b == nil {
		return
	}
	_ = b.ForEach(func(k, v []byte) error {
		id := string(k)
		l, err := decodeLayout(v)
		if err != nil {
			add("layout of %q: %v", id, err)
			return nil
		}
		d, ok, err := getDoc(tx, id)
		text := getText(tx, k)
		if err != nil || !ok || text == nil {
			add("layout of %q: no such document", id)
			return nil
		}
		n := annot.Runes(string(text))
		prev := 0
		for i, w := range l.Words {
			if w.Start < prev || w.End > n || w.Start > w.End || w.Line < 0 || w.Line >= len(l.Lines) {
				add("layout of %q: word %d %v does not fit a text of %d code points", id, i, w.Span, n)
				return nil
			}
			prev = w.End
		}
		prev = 0
		for i, ln := range l.Lines {
			if ln.Start < prev || ln.End > n || ln.Start > ln.End {
				add("layout of %q: line %d %v does not fit a text of %d code points", id, i, ln.Span, n)
				return nil
			}
			prev = ln.End
		}
		if c, has := l.MinConf(); has != d.HasConf || has && math.Abs(c-d.MinConf) > 1e-6 {
			add("document %q: its record's lowest OCR confidence does not match its layout", id)
		}
		return nil
	})
}
