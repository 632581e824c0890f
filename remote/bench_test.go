package remote

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"folio/annot"
	"folio/store"
)

// benchStore serves a store of n documents of about 3 KB.
func benchStore(b *testing.B, n int) (*Local, *Client) {
	b.Helper()
	db := filepath.Join(b.TempDir(), "folio.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Köln liegt am Rhein, und Bonn liegt auch dort. ", 64)
	im := st.NewImporter(nil)
	for i := range n {
		im.Add(store.ImportDoc{ID: fmt.Sprintf("d%05d", i), Title: "Dokument", Text: text})
	}
	if _, err := im.Close(); err != nil {
		b.Fatal(err)
	}
	srv := NewServer(st, nil)
	if err := srv.ServeUnix(SocketPath(db)); err != nil {
		b.Fatal(err)
	}
	local := srv.Local()
	b.Cleanup(func() { local.Close() })
	c, err := DialUnix(SocketPath(db), ClientOptions{Reviewer: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return local, c
}

// BenchmarkDocList reads the records of 10 000 documents, in the owner
// and through the socket.
func BenchmarkDocList(b *testing.B) {
	local, c := benchStore(b, 10000)
	for name, st := range map[string]store.API{"local": local, "socket": c} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.DocList(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDocuments reads 10 000 documents of 3 KB with their text.
func BenchmarkDocuments(b *testing.B) {
	local, c := benchStore(b, 10000)
	for name, st := range map[string]store.API{"local": local, "socket": c} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := st.Documents(nil, func(store.Document) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDo is one action (a mark and its undo) through the socket:
// what a reviewer waits for on each key.
func BenchmarkDo(b *testing.B) {
	_, c := benchStore(b, 10)
	m := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	for b.Loop() {
		if _, err := c.Do("mark", store.Op{Doc: "d00001", Put: &m}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Undo(); err != nil {
			b.Fatal(err)
		}
	}
}
