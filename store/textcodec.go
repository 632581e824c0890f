package store

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"

	kflate "github.com/klauspost/compress/flate"
	bolt "go.etcd.io/bbolt"
)

// A stored text (bucket text) is either the text itself, UTF-8, or, from
// schema 4 on, the text compressed with DEFLATE behind a mark that no
// UTF-8 text begins with:
//
//	0xFF, version 1, raw DEFLATE (RFC 1951) of the text
//
// A text that compression would not make smaller is stored as it is.
// DEFLATE halves German text even in a 3 KB document (snappy and lz4 are
// faster but compress less); the texts were most of a store's size
// (docs/PERFORMANCE.md). Texts are compressed with
// github.com/klauspost/compress/flate, whose fast levels write the same
// format five times as fast as the standard library's (which also clears
// a 512 KB table for each 3 KB text), and read back with compress/flate:
// stores written before read as they did.

// textMark begins a compressed text; 0xFF is no byte of UTF-8.
const textMark, textFlate = 0xFF, 1

// textLevel is the DEFLATE level: on generated German text of 3 KB
// documents, klauspost's level 3 stores 50.5 % at about 75 MB/s on one
// core, its level 1 52.7 % at 66 MB/s, its level 4 50.2 % at 38 MB/s (the
// standard library's level 4: 49.9 % at 15 MB/s).
const textLevel = 3

// textMin is the shortest text worth compressing.
const textMin = 128

// flaters and inflaters keep compressors for reuse: a flate.Writer is
// large to make. They hold no data between uses.
var (
	flaters = sync.Pool{New: func() any {
		w, _ := kflate.NewWriter(nil, textLevel) // the level is valid
		return w
	}}
	inflaters = sync.Pool{New: func() any { return flate.NewReader(nil) }}
)

// encodeText returns the stored form of text.
func encodeText(text string) []byte {
	var e textEncoder
	defer e.release()
	return e.encode([]byte(text))
}

// A textEncoder makes the stored form of texts, keeping its compressor
// and buffer from one text to the next: an import's preparation has one
// per goroutine (a pooled compressor was made anew after each garbage
// collection, and the buffer grew for most texts). The zero value is
// ready; release returns its compressor to the pool.
type textEncoder struct {
	w   *kflate.Writer
	out bytes.Buffer
}

// encode returns the stored form of text, in memory of its own.
func (e *textEncoder) encode(text []byte) []byte {
	if len(text) < textMin {
		return append([]byte{}, text...) // never nil, as bbolt wants
	}
	if e.w == nil {
		e.w = flaters.Get().(*kflate.Writer)
	}
	e.out.Reset()
	e.out.Write([]byte{textMark, textFlate})
	e.w.Reset(&e.out)
	if _, err := e.w.Write(text); err != nil || e.w.Close() != nil || e.out.Len() >= len(text) {
		return bytes.Clone(text) // a bytes.Buffer does not fail; stored as it is
	}
	return bytes.Clone(e.out.Bytes())
}

// release returns e's compressor to the pool; e stays usable.
func (e *textEncoder) release() {
	if e.w != nil {
		flaters.Put(e.w)
		e.w = nil
	}
}

// decodeText returns the text of a stored value v.
func decodeText(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != textMark {
		return v, nil
	}
	if len(v) < 2 || v[1] != textFlate {
		return nil, fmt.Errorf("a stored text of unknown form")
	}
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(v[2:]), nil); err != nil {
		return nil, err
	}
	out := make([]byte, 0, 3*len(v))
	out, err := readAllInto(r, out)
	if err != nil {
		return nil, fmt.Errorf("a stored text does not decompress: %w", err)
	}
	return out, nil
}

// readAllInto reads r to its end, appending to b.
func readAllInto(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// readText returns the text of stored value v; a value that does not
// decode is returned as it is, so that its hash fails to match the
// record's and the document reads as damaged (verifyText, check).
func readText(v []byte) []byte {
	t, err := decodeText(v)
	if err != nil {
		return v
	}
	return t
}

// getText returns the text of document id, nil when it has none.
func getText(tx *bolt.Tx, id []byte) []byte {
	return readText(tx.Bucket(bucketText).Get(id))
}
