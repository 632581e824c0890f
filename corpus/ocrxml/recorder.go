package ocrxml

import (
	"bufio"
	"io"
)

// recorder feeds the XML decoder byte by byte and keeps the bytes read
// since a mark, so that a page's XML can be copied out while the rest of
// the file streams past.
type recorder struct {
	r    *bufio.Reader
	off  int64  // bytes read so far
	from int64  // offset of buf[0]
	buf  []byte // the bytes from from to off
}

// ReadByte implements io.ByteReader, which encoding/xml uses directly.
func (r *recorder) ReadByte() (byte, error) {
	b, err := r.r.ReadByte()
	if err != nil {
		return 0, err
	}
	r.off++
	r.buf = append(r.buf, b)
	return b, nil
}

// Read implements io.Reader.
func (r *recorder) Read(p []byte) (int, error) {
	for i := range p {
		b, err := r.ReadByte()
		if err != nil {
			if i > 0 {
				return i, nil
			}
			return 0, err
		}
		p[i] = b
	}
	return len(p), nil
}

// bytes returns a copy of the bytes in [a, b), which must have been kept.
func (r *recorder) bytes(a, b int64) []byte {
	a, b = max(a, r.from), min(b, r.off)
	if a >= b {
		return nil
	}
	return append([]byte(nil), r.buf[a-r.from:b-r.from]...)
}

// peek returns the kept bytes from a on, without copying: valid until
// the next read.
func (r *recorder) peek(a int64) []byte {
	if a < r.from || a > r.off {
		return nil
	}
	return r.buf[a-r.from:]
}

// drop forgets the bytes before offset a.
func (r *recorder) drop(a int64) {
	if a <= r.from {
		return
	}
	a = min(a, r.off)
	n := copy(r.buf, r.buf[a-r.from:])
	r.buf = r.buf[:n]
	if cap(r.buf) > 1<<20 && n < cap(r.buf)/4 {
		r.buf = append([]byte(nil), r.buf...)
	}
	r.from = a
}

var _ io.ByteReader = (*recorder)(nil)
