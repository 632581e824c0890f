package store

import (
	"encoding/binary"
	"reflect"
	"slices"
	"testing"
	"time"

	"folio/annot"
)

func TestDocCodecRoundTrip(t *testing.T) {
	for _, d := range []annot.Doc{
		{},
		{ID: "a", Status: annot.StatusTodo},
		{ID: "001_x", Title: "Köln tritt bei", Source: "seeds/001.txt", Hash: annot.Hash("x"), Size: 2257, Bytes: 2300,
			Status: annot.StatusDone, Tags: []string{"ocr", "web"},
			Counts:    annot.Counts{Entities: 3, Corrections: 2, Marks: 1, Notes: 4, Stale: 1, Suggestions: 7},
			ChangedBy: "ute", ChangedAt: time.Date(2026, 11, 22, 9, 0, 0, 5, time.UTC),
			Labels: map[string]int{"PER": 2, "LOC": 1}, Entities: []string{"Köln", "Ute Berg"}, Seq: 1 << 40},
	} {
		got, err := decodeDoc(encodeDoc(d))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, d)
		}
	}
	// the twins are kept apart since schema 8: a record leaves them out,
	// and a record of schema 7 that has them still decodes them (for the
	// migration)
	d := annot.Doc{ID: "a", Twins: []string{"b", "c"}, Seq: 3}
	got, err := decodeDoc(encodeDoc(d))
	if err != nil || got.Twins != nil {
		t.Fatalf("twins written into the record: %+v, %v", got, err)
	}
	old := binary.AppendUvarint(encodeDoc(d), docTagTwins)
	old = append(binary.AppendUvarint(old, 2), 1, 'b', 1, 'c')
	if got, err := decodeDoc(old); err != nil || !slices.Equal(got.Twins, d.Twins) {
		t.Fatalf("a schema 7 record's twins: %+v, %v", got, err)
	}
}

// FuzzDecodeDoc: a damaged record is an error, never a panic, and what
// decodes encodes back to the same record (but for the twins a record of
// schema 7 held).
func FuzzDecodeDoc(f *testing.F) {
	f.Add(encodeDoc(annot.Doc{ID: "a", Title: "t", Tags: []string{"x"}, Labels: map[string]int{"PER": 1}}))
	f.Add([]byte{1, 200, 200, 200})
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeDoc(b)
		if err != nil {
			return
		}
		d.Twins = nil // a record of schema 7 has them; encodeDoc leaves them out
		again, err := decodeDoc(encodeDoc(d))
		if err != nil || !reflect.DeepEqual(again, d) {
			t.Fatalf("re-encoding changed the record: %v\n%+v\n%+v", err, d, again)
		}
	})
}
