package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"folio/annot"
	"folio/query"
	"folio/remote"
	"folio/store"
)

// holdAndServe opens the store at db as its owner does and serves it on
// its socket; quit stops serving and closes the store, as the owner does
// when it exits.
func holdAndServe(t *testing.T, db string) (quit func()) {
	t.Helper()
	s, err := store.Open(db, store.Options{Author: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	srv := remote.NewServer(s, nil)
	if err := srv.ServeUnix(remote.SocketPath(db)); err != nil {
		t.Fatal(err)
	}
	l := srv.Local()
	done := false
	quit = func() {
		if !done {
			done = true
			l.Close()
		}
	}
	t.Cleanup(quit)
	return quit
}

// leaveStaleSocket leaves a socket file at path that no one listens on, as
// an owner that was killed leaves it.
func leaveStaleSocket(t *testing.T, path string) {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
}

// testEnv is a command's environment on the store db, its messages in
// errs.
func testEnv(db string, errs io.Writer) *env {
	return &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: errs, db: db, reviewer: "rev-a", getenv: os.Getenv}
}

// actionsNamed counts the change log's actions named what in the store at
// db.
func actionsNamed(t *testing.T, db, what string) int {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 0
	if err := s.Log(func(a store.Action) error {
		if a.What == what {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A command that connected to the folio holding the store carries on when
// that folio quits before the command's next call (its socket gone, or
// left behind by an owner that was killed): a read is answered, a write
// is made once, by the command that now holds the store.
func TestTakeoverBetweenCalls(t *testing.T) {
	seeds := seedDir(t)
	for _, stale := range []bool{false, true} {
		for _, write := range []bool{false, true} {
			t.Run(fmt.Sprintf("stale socket %v, write %v", stale, write), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "f.db")
				mustFolio(t, "--db", db, "import", seeds)
				quit := holdAndServe(t, db)
				var errs bytes.Buffer
				e := testEnv(db, &errs)
				open := e.openRead
				if write {
					open = e.open
				}
				s, err := open()
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				ids, err := s.DocList()
				if err != nil || len(ids) == 0 {
					t.Fatalf("DocList through the owner: %d, %v", len(ids), err)
				}
				quit()
				if stale {
					leaveStaleSocket(t, remote.SocketPath(db))
				}
				// the first call after: a read, or a write, which
				// reached no one and is made here
				if write {
					tag := annot.Annotation{Kind: annot.KindTag, Label: "takeover"}
					if _, err := s.Do("tag it", store.Op{Doc: ids[0].ID, Put: &tag}); err != nil {
						t.Fatalf("a write after the owner quit: %v", err)
					}
				}
				st, err := s.Stats(&query.Query{})
				if err != nil || st.Documents != len(ids) {
					t.Fatalf("Stats after the owner quit: %+v, %v", st, err)
				}
				if !strings.Contains(errs.String(), "quit: this command opened it itself") {
					t.Errorf("no word of the takeover: %q", errs.String())
				}
				if !write {
					return
				}
				// the command holds the store now, and serves it
				c, err := remote.DialUnix(remote.SocketPath(db), remote.ClientOptions{})
				if err != nil {
					t.Fatalf("the command that took the store over serves it not: %v", err)
				}
				c.Close()
				s.Close()
				if n := actionsNamed(t, db, "tag it"); n != 1 {
					t.Errorf("the write is logged %d times, want once", n)
				}
			})
		}
	}
}

// The TUI's client stays one: it waits for the next owner (tui/live.go).
func TestTUIClientWaitsForOwner(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	holdAndServe(t, db)
	e := testEnv(db, io.Discard)
	e.waitForOwner = true
	s, err := e.open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.(*remote.Client); !ok {
		t.Fatalf("the TUI's store is a %T, want a *remote.Client", s)
	}
}

// An owner that quits while it streams the documents to an export: the
// export reads the rest from the store it took over, each document once,
// in import order.
func TestTakeoverMidStream(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// more than the socket's buffers hold: the owner is still writing
	// when it quits
	text := strings.Repeat("Die Stadt Köln liegt am Rhein, Bonn auch. ", 100)
	var docs []store.ImportDoc
	for i := range 400 {
		docs = append(docs, store.ImportDoc{ID: fmt.Sprintf("d%03d", i), Title: "T", Text: text})
	}
	if _, err := st.ImportBatch(docs, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()
	quit := holdAndServe(t, db)
	var errs bytes.Buffer
	s, err := testEnv(db, &errs).openRead()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	err = s.Documents(nil, func(d store.Document) error {
		got = append(got, d.Doc.ID)
		if len(got) == 1 {
			quit() // waits for the stream up to 2 s, then cuts it
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Documents: %v", err)
	}
	if !strings.Contains(errs.String(), "quit: this command opened it itself") {
		t.Fatalf("the stream was not cut (no takeover): %q", errs.String())
	}
	if len(got) != len(docs) {
		t.Fatalf("%d documents, want %d", len(got), len(docs))
	}
	for i, id := range got {
		if id != docs[i].ID {
			t.Fatalf("document %d is %s, want %s (each once, in import order)", i, id, docs[i].ID)
		}
	}
}

// A write the owner read and never answered may be saved or not: it is
// not made again, and the error says its fate is unknown.
func TestTakeoverWriteFateUnknown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	ln, err := net.Listen("unix", remote.SocketPath(db))
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/hello", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"path":"f.db","reviewer":"rev-a"}`)
	})
	mux.HandleFunc("POST /v1/call/{name}", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		calls.Add(1)
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close() // the owner died while it answered
		}
	})
	hs := &http.Server{Handler: mux}
	go hs.Serve(ln)
	defer hs.Close()
	s, err := testEnv(db, io.Discard).open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tag := annot.Annotation{Kind: annot.KindTag, Label: "lost"}
	_, err = s.Do("tag it", store.Op{Doc: "000_0de902f2da529e95", Put: &tag})
	if err == nil || !strings.Contains(err.Error(), "whether the change was saved is unknown") {
		t.Fatalf("a write whose answer was lost: %v, want its fate unknown", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the write was sent %d times, want once", n)
	}
	hs.Close()
	s.Close()
	if n := actionsNamed(t, db, "tag it"); n != 0 {
		t.Errorf("the write was made again here (%d times)", n)
	}
}

// TestSeqAfter: a walk taken up again after a takeover skips what the
// first gave (import order, by Seq), and only then; the first walk gives
// everything, in whatever order it comes.
func TestSeqAfter(t *testing.T) {
	var a seqAfter
	if a.again() {
		t.Fatal("the first walk goes on after another")
	}
	for _, seq := range []uint64{1, 2, 5, 3} {
		if !a.take(seq) {
			t.Errorf("the first walk skipped %d", seq)
		}
	}
	if !a.again() {
		t.Fatal("the second walk does not go on after the first")
	}
	var got []uint64
	for seq := uint64(1); seq <= 7; seq++ {
		if a.take(seq) {
			got = append(got, seq)
		}
	}
	if !slices.Equal(got, []uint64{6, 7}) {
		t.Errorf("taken up again: %v, want [6 7]", got)
	}
}
