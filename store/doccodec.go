package store

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"time"

	"folio/annot"
)

// Document records are read for every document whenever the list opens or
// stats run, so they use a compact binary form rather than JSON: a
// version byte, then each field as a uvarint or a length-prefixed string,
// in the order of encodeDoc, then optional fields, each a uvarint tag and
// its value (version 2; version 1 had only the confidence, untagged).
const docCodecVersion = 2

// The tags of the optional fields.
const (
	docTagConf = 1 // the lowest OCR confidence in millionths, plus 1
	// docTagTwins, the ids of near-duplicate documents, is written by
	// stores of schema 7 and before; schema 8 keeps them apart (twins.go)
	// and its migration moves them there
	docTagTwins = 2
)

var errBadRecord = errors.New("bad document record")

func encodeDoc(d annot.Doc) []byte {
	b := make([]byte, 0, 64+len(d.ID)+len(d.Title)+len(d.Source)+len(d.Hash))
	b = append(b, docCodecVersion)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendUvarint(b, uint64(max(n, 0))) }
	strs := func(ss []string) {
		num(len(ss))
		for _, s := range ss {
			str(s)
		}
	}
	str(d.ID)
	str(d.Title)
	str(d.Source)
	str(d.Hash)
	num(d.Size)
	num(d.Bytes)
	str(string(d.Status))
	strs(d.Tags)
	c := d.Counts
	for _, n := range []int{c.Entities, c.Corrections, c.Marks, c.Notes, c.Stale, c.Suggestions} {
		num(n)
	}
	str(d.ChangedBy)
	if d.ChangedAt.IsZero() {
		b = binary.AppendVarint(b, math.MinInt64)
	} else {
		b = binary.AppendVarint(b, d.ChangedAt.UnixNano())
	}
	labels := make([]string, 0, len(d.Labels))
	for l := range d.Labels {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	num(len(labels))
	for _, l := range labels {
		str(l)
		num(d.Labels[l])
	}
	strs(d.Entities)
	b = binary.AppendUvarint(b, d.Seq)
	if d.HasConf {
		num(docTagConf)
		b = binary.AppendUvarint(b, uint64(math.Round(min(max(d.MinConf, 0), 1)*1e6))+1)
	}
	return b // d.Twins: kept apart (twins.go)
}

// docDecoder reads the fields of one record, remembering the first error.
type docDecoder struct {
	b   []byte
	err error
}

func (r *docDecoder) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errBadRecord
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *docDecoder) num() int {
	v := r.uvarint()
	if v > math.MaxInt32 {
		r.err = errBadRecord
		return 0
	}
	return int(v)
}

func (r *docDecoder) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errBadRecord
		return ""
	}
	s := string(r.b[:n]) // copies out of the transaction's memory
	r.b = r.b[n:]
	return s
}

func (r *docDecoder) strs() []string {
	n := r.num()
	if n == 0 || r.err != nil || n > len(r.b) {
		if n > len(r.b) {
			r.err = errBadRecord
		}
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func decodeDoc(b []byte) (annot.Doc, error) {
	var d annot.Doc
	if len(b) == 0 || b[0] != docCodecVersion && b[0] != 1 {
		return d, errBadRecord
	}
	version := b[0]
	r := &docDecoder{b: b[1:]}
	d.ID = r.str()
	d.Title = r.str()
	d.Source = r.str()
	d.Hash = r.str()
	d.Size = r.num()
	d.Bytes = r.num()
	d.Status = annot.Status(r.str())
	d.Tags = r.strs()
	c := &d.Counts
	for _, p := range []*int{&c.Entities, &c.Corrections, &c.Marks, &c.Notes, &c.Stale, &c.Suggestions} {
		*p = r.num()
	}
	d.ChangedBy = r.str()
	if r.err == nil {
		t, n := binary.Varint(r.b)
		if n <= 0 {
			r.err = errBadRecord
		} else {
			r.b = r.b[n:]
			if t != math.MinInt64 {
				d.ChangedAt = time.Unix(0, t).UTC()
			}
		}
	}
	if n := r.num(); n > 0 && n <= len(r.b) {
		d.Labels = make(map[string]int, n)
		for range n {
			l := r.str()
			d.Labels[l] = r.num()
		}
	} else if n > len(r.b) {
		r.err = errBadRecord
	}
	d.Entities = r.strs()
	d.Seq = r.uvarint()
	conf := func() {
		if v := r.uvarint(); v > 0 && v <= 1e6+1 {
			d.MinConf, d.HasConf = float64(v-1)/1e6, true
		} else {
			r.err = errBadRecord
		}
	}
	if version == 1 {
		if r.err == nil && len(r.b) != 0 {
			conf()
		}
	} else {
		for r.err == nil && len(r.b) != 0 {
			switch r.uvarint() {
			case docTagConf:
				conf()
			case docTagTwins:
				d.Twins = r.strs()
			default:
				r.err = errBadRecord
			}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errBadRecord
	}
	return d, r.err
}
