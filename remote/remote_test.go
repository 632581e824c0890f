package remote

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// serve opens a store of two documents in a temporary folder, serves it on
// its socket and returns the owner's view and a client.
func serve(t *testing.T) (*Local, *Client, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "folio.db")
	st, err := store.Open(db, store.Options{Author: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(st, nil)
	if err := srv.ServeUnix(SocketPath(db)); err != nil {
		t.Fatal(err)
	}
	local := srv.Local()
	t.Cleanup(func() { local.Close() })
	c, err := DialUnix(SocketPath(db), ClientOptions{Path: db, Reviewer: "rev-a"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	im := c.NewImporter(nil)
	for _, d := range []store.ImportDoc{
		{ID: "d1", Title: "One", Text: "Köln liegt am Rhein."},
		{ID: "d2", Title: "Two", Text: "Bonn liegt auch dort."},
	} {
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := im.Close(); err != nil || st.Added != 2 {
		t.Fatalf("import through the client: %+v, %v", st, err)
	}
	return local, c, db
}

func TestSocketModeAndPeer(t *testing.T) {
	_, _, db := serve(t)
	fi, err := os.Stat(SocketPath(db))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != os.ModeSocket || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %v, want a socket of mode 0600", fi.Mode())
	}
}

// Every read through the client equals the same read of the store.
func TestClientReadsAsLocal(t *testing.T) {
	local, c, _ := serve(t)
	ent := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC", Canonical: "Köln"}
	if _, err := c.Do("label Köln", store.Op{Doc: "d1", Put: &ent}); err != nil {
		t.Fatal(err)
	}
	same := func(name string, a, b any, errA, errB error) {
		t.Helper()
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v / %v", name, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s differs:\nlocal  %#v\nremote %#v", name, a, b)
		}
	}
	l1, e1 := local.DocList()
	l2, e2 := c.DocList()
	same("DocList", l1, l2, e1, e2)
	d1, e1 := local.Document("d1")
	d2, e2 := c.Document("d1")
	same("Document", d1, d2, e1, e2)
	n1, e1 := local.Len()
	n2, e2 := c.Len()
	same("Len", n1, n2, e1, e2)
	_, e1 = local.Resolve("d")
	_, e2 = c.Resolve("d")
	if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
		t.Errorf("Resolve(d), an id that begins two: local %v, remote %v", e1, e2)
	}
	r1, e1 := local.Resolve("d2")
	r2, e2 := c.Resolve("d2")
	same("Resolve", r1, r2, e1, e2)
	en1, e1 := local.Entities()
	en2, e2 := c.Entities()
	same("Entities", en1, en2, e1, e2)
	if en2[0].Mentions != 1 {
		t.Errorf("entity counts lost on the wire: %+v", en2)
	}
	f1, e1 := local.FindWord("liegt")
	f2, e2 := c.FindWord("liegt")
	same("FindWord", f1, f2, e1, e2)
	var all1, all2 []store.Document
	e1 = local.Documents(nil, func(d store.Document) error { all1 = append(all1, d); return nil })
	e2 = c.Documents(nil, func(d store.Document) error { all2 = append(all2, d); return nil })
	same("Documents", all1, all2, e1, e2)
	var some []string
	e2 = c.Documents(func(d annot.Doc) bool { return d.ID == "d2" }, func(d store.Document) error { some = append(some, d.Doc.ID); return nil })
	same("Documents(keep)", []string{"d2"}, some, nil, e2)
	p1, e1 := local.CheckInvariants()
	p2, e2 := c.CheckInvariants()
	same("CheckInvariants", p1, p2, e1, e2)
	var b1, b2 bytes.Buffer
	_, e1 = local.Backup(&b1)
	_, e2 = c.Backup(&b2)
	if e1 != nil || e2 != nil || b2.Len() == 0 || b1.Len() != b2.Len() {
		t.Errorf("backup: local %d bytes (%v), remote %d bytes (%v)", b1.Len(), e1, b2.Len(), e2)
	}
	// the reviewer the client named is recorded
	var authors []string
	c.Log(func(a store.Action) error { authors = append(authors, a.Author); return nil })
	if authors[len(authors)-1] != "rev-a" {
		t.Errorf("log authors %v, want the last by rev-a", authors)
	}
}

// Errors keep their kind across the wire, and their message.
func TestClientErrors(t *testing.T) {
	local, c, _ := serve(t)
	_, errL := local.Doc("nope")
	_, errR := c.Doc("nope")
	if !errors.Is(errR, store.ErrNoDoc) || errR.Error() != errL.Error() {
		t.Errorf("Doc(nope): remote %v, local %v", errR, errL)
	}
	bad := annot.Annotation{Kind: annot.KindEntity, Start: 5, End: 99, Label: "LOC"}
	_, errR = c.Do("bad", store.Op{Doc: "d1", Put: &bad})
	var re *annot.RuleError
	if !errors.As(errR, &re) {
		t.Errorf("a refused op: %T %v, want a *annot.RuleError", errR, errR)
	}
	if _, err := c.Layout("d1"); !errors.Is(err, store.ErrNoLayout) {
		t.Errorf("Layout: %v, want ErrNoLayout", err)
	}
	// the owner gone, a call says so
	local.Close()
	if _, err := c.Len(); !errors.Is(err, ErrGone) {
		t.Errorf("after the owner closed: %v, want ErrGone", err)
	}
}

// A change by a client is an event for the owner and for other clients,
// not for itself; the owner's own change is one for the clients.
func TestEvents(t *testing.T) {
	local, c, db := serve(t)
	c2, err := DialUnix(SocketPath(db), ClientOptions{Reviewer: "rev-b"})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	lw, cw, selfw := local.Watch(ctx), c2.Watch(ctx), c.Watch(ctx)
	time.Sleep(200 * time.Millisecond) // the streams are open
	m := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	if _, err := c.Do("mark", store.Op{Doc: "d2", Put: &m}); err != nil {
		t.Fatal(err)
	}
	next := func(name string, ch <-chan Event) Event {
		t.Helper()
		select {
		case ev := <-ch:
			return ev
		case <-ctx.Done():
			t.Fatalf("%s saw no event", name)
		}
		return Event{}
	}
	for name, ch := range map[string]<-chan Event{"owner": lw, "client": cw} {
		if ev := next(name, ch); ev.Author != "rev-a" || ev.What != "mark" || !reflect.DeepEqual(ev.Docs, []string{"d2"}) {
			t.Errorf("%s saw %+v", name, ev)
		}
	}
	tag := annot.Annotation{Kind: annot.KindTag, Label: "ocr"}
	if _, err := local.Do("tag", store.Op{Doc: "d1", Put: &tag}); err != nil {
		t.Fatal(err)
	}
	for name, ch := range map[string]<-chan Event{"client": cw, "the client that marked": selfw} {
		if ev := next(name, ch); ev.Author != "owner" || ev.What != "tag" {
			t.Errorf("%s saw %+v, want the owner's tag (not its own mark)", name, ev)
		}
	}
	select {
	case ev := <-lw:
		t.Errorf("the owner saw its own change: %+v", ev)
	case <-time.After(200 * time.Millisecond):
	}
	// the owner goes: the clients hear of it
	local.Close()
	if ev := next("client", cw); !ev.Gone {
		t.Errorf("after the owner closed: %+v, want Gone", ev)
	}
	if _, err := c2.Len(); !errors.Is(err, ErrGone) {
		t.Errorf("a call with no owner: %v, want ErrGone", err)
	}
	// a new owner starts: the client is back, and reloads
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(st, nil)
	defer func() { srv.Close(); st.Close() }()
	if err := srv.ServeUnix(SocketPath(db)); err != nil {
		t.Fatal(err)
	}
	if ev := next("client", cw); !ev.Back || !ev.All() {
		t.Errorf("after a new owner started: %+v, want Back", ev)
	}
	if n, err := c2.Len(); err != nil || n != 2 {
		t.Errorf("through the new owner: %d, %v", n, err)
	}
}

// A process of another user is refused by SO_PEERCRED (here: a listener
// that expects another uid than this test's).
func TestPeerOfAnotherUserRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "folio.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(st, nil)
	defer func() { srv.Close(); st.Close() }()
	ln, err := net.Listen("unix", SocketPath(db))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.serve(&peerListener{Listener: ln, uid: os.Getuid() + 1, errs: srv.errs}, unixAuth, false); err != nil {
		t.Fatal(err)
	}
	if _, err := DialUnix(SocketPath(db), ClientOptions{}); err == nil {
		t.Fatal("a peer of another uid was let in")
	}
}

// What a reviewer does in their layer is announced without what it says:
// the others reload, and learn nothing of it.
func TestEventsKeepLayersApart(t *testing.T) {
	local, c, db := serve(t)
	if _, err := local.Assign(map[string][]string{"d1": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	cb, err := DialUnix(SocketPath(db), ClientOptions{Reviewer: "rev-b"})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ch := cb.Watch(ctx)
	time.Sleep(200 * time.Millisecond)
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}
	if _, err := c.Do("label “Köln” LOC", store.Op{Doc: "d1", Put: &loc}); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-ch:
		if ev.What != "" || !reflect.DeepEqual(ev.Docs, []string{"d1"}) {
			t.Errorf("rev-b was told %+v", ev)
		}
	case <-ctx.Done():
		t.Fatal("no event")
	}
	if anns, _ := cb.Annotations("d1"); len(anns) != 0 {
		t.Errorf("rev-b sees rev-a's layer: %+v", anns)
	}
}

// The owner's view answers queries from the store's indexes (the TUI's
// list filter uses them), also for documents a client imported.
func TestLocalSelectsFromIndexes(t *testing.T) {
	local, _, _ := serve(t)
	if !local.Indexed() {
		t.Fatal("the owner's view of a store without assignments is not Indexed")
	}
	sel, err := local.Select(query.MustParse("koeln"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := local.Store().DocsOf(sel, func(d annot.Doc) error { got = append(got, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"d1"}) {
		t.Errorf("koeln selects %v, want [d1]", got)
	}
}

// Select and Window through the socket equal the store's own, and a
// reviewer's Select is answered over their layer, not the curated
// indexes.
func TestClientSelectWindow(t *testing.T) {
	local, c, _ := serve(t)
	for _, expr := range []string{"", "koeln", "liegt", "-koeln", "id:d2", "status:todo", "status:done", "nirgends"} {
		q := query.MustParse(expr)
		want, err := local.Select(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Select(q, nil)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		if !got.Equals(want) {
			t.Errorf("%q: the client selects %v, the store %v", expr, got.ToArray(), want.ToArray())
		}
		for from := range 3 {
			lw, err := local.Window(want, from, 1)
			if err != nil {
				t.Fatal(err)
			}
			cw, err := c.Window(got, from, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(lw), ids(cw)) {
				t.Errorf("%q from %d: the client's window %v, the store's %v", expr, from, ids(cw), ids(lw))
			}
		}
	}

	// d1 dealt to rev-a (the client) and rev-b: rev-a's done is in their
	// layer alone
	if _, err := local.Assign(map[string][]string{"d1": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	if _, err := c.Do("done", store.Op{Doc: "d1", Put: &done}); err != nil {
		t.Fatal(err)
	}
	q := query.MustParse("status:done")
	got, err := c.Select(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Window(got, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids(w), []string{"d1"}) || w[0].Status != annot.StatusDone {
		t.Errorf("rev-a's done documents: %v", w)
	}
	if cur, err := local.Store().Select(q, nil); err != nil || !cur.IsEmpty() {
		t.Errorf("the curated view's done documents: %v, %v", cur, err)
	}

	// bad requests are errors, not panics
	if _, err := windowMethod(local, windowArgs{Sel: []byte("not a bitmap"), N: 5}); err == nil {
		t.Error("a damaged selection was read")
	}
	if _, err := selectMethod(local, selectArgs{Query: "tag:"}); err == nil {
		t.Error("a malformed query was answered")
	}
	if docs, err := windowMethod(local, windowArgs{Sel: mustBytes(t, got), From: -3, N: -1}); err != nil || len(docs) != 0 {
		t.Errorf("a negative window: %v, %v", docs, err)
	}
}

func mustBytes(t *testing.T, b interface{ ToBytes() ([]byte, error) }) []byte {
	t.Helper()
	out, err := b.ToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ids(docs []annot.Doc) []string {
	out := []string{}
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

// Stats through the socket is answered by the owner: the store's own
// stats, for the curated view and for a reviewer's layer, and a bad
// query is an error.
func TestClientStats(t *testing.T) {
	local, c, _ := serve(t)
	for _, expr := range []string{"", "koeln", "liegt", "-koeln", "id:d2", "status:done", "nirgends"} {
		q := query.MustParse(expr)
		want, err := local.Stats(q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Stats(q)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: the client's stats %+v, the store's %+v", expr, got, want)
		}
	}
	if st, err := c.Stats(query.MustParse("koeln")); err != nil || st.Documents != 1 || st.Bytes != int64(len("Köln liegt am Rhein.")) {
		t.Errorf("koeln: %+v, %v", st, err)
	}

	// d1 dealt to rev-a (the client) and rev-b: rev-a's done and entity
	// count in rev-a's stats, not in the curated ones
	if _, err := local.Assign(map[string][]string{"d1": {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	done := annot.Annotation{Kind: annot.KindStatus, Label: "done"}
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}
	if _, err := c.Do("done", store.Op{Doc: "d1", Put: &done}, store.Op{Doc: "d1", Put: &loc}); err != nil {
		t.Fatal(err)
	}
	st, err := c.Stats(query.MustParse("status:done"))
	if err != nil || st.Documents != 1 || st.Labels["LOC"] != 1 || st.Entities != 1 {
		t.Errorf("rev-a's stats of done documents: %+v, %v", st, err)
	}
	if cur, err := local.Store().Stats(query.MustParse("status:done")); err != nil || cur.Documents != 0 {
		t.Errorf("the curated view's stats of done documents: %+v, %v", cur, err)
	}
	if _, err := statsMethod(local, selectArgs{Query: "tag:"}); err == nil {
		t.Error("a malformed query was answered")
	}
}

// An import through the socket keeps annotators' answers in their
// layers, as a local import does (store.ImportDoc.Answers and Layers
// cross the wire).
func TestClientImportsAnswersIntoLayers(t *testing.T) {
	local, c, _ := serve(t)
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}
	org := loc
	org.Label = "ORG"
	st, err := c.ImportBatch([]store.ImportDoc{{ID: "d1", Text: "Köln liegt am Rhein.", Layers: true,
		Answers: []annot.Answer{{Annotator: "ner-a", Anns: []annot.Annotation{loc}}, {Annotator: "ner-b", Anns: []annot.Annotation{org}}}}}, nil)
	if err != nil || st.AnnsAdded != 2 {
		t.Fatalf("import through the client: %+v, %v", st, err)
	}
	layers, err := local.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if got := layers["d1"]; !reflect.DeepEqual(got, []string{"ner-a", "ner-b"}) {
		t.Fatalf("layers of d1 %q, want both annotators'", got)
	}
	for who, label := range map[string]string{"ner-a": "LOC", "ner-b": "ORG"} {
		anns, err := local.Layer(who).Annotations("d1")
		if err != nil || len(anns) != 1 || anns[0].Label != label {
			t.Errorf("%s's layer %+v, %v; want %s", who, anns, err, label)
		}
	}
}

// staleSocket leaves a socket file at path that no one listens on, as an
// owner that was killed leaves it.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
}

// lossyOwner serves hello on a socket in a temporary folder, and drops
// the connection of every call after reading it, as an owner that quits
// while it answers: it returns the socket and a count of the calls read.
func lossyOwner(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "folio.db.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	calls := new(atomic.Int32)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+pathHello, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, hello{Path: "folio.db", Reviewer: "rev-a"})
	})
	mux.HandleFunc("POST "+pathCall+"{name}", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		calls.Add(1)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	hs := &http.Server{Handler: mux}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return sock, calls
}

// A call that reached no owner (its socket gone, or left by an owner that
// died) is unsent: nothing was done and it may be made again. One the
// owner read and never answered is gone but not unsent: whether it was
// done is unknown.
func TestUnsent(t *testing.T) {
	tag := annot.Annotation{Kind: annot.KindTag, Label: "ocr"}
	var lost *atomic.Int32 // the calls the lossy owner read
	for _, tc := range []struct {
		name   string
		client func(t *testing.T) *Client
		unsent bool
	}{
		{"owner closed between calls", func(t *testing.T) *Client {
			local, c, _ := serve(t)
			local.Close()
			return c
		}, true},
		{"stale socket", func(t *testing.T) *Client {
			local, c, db := serve(t)
			local.Close()
			staleSocket(t, SocketPath(db))
			return c
		}, true},
		{"answer lost", func(t *testing.T) *Client {
			sock, calls := lossyOwner(t)
			lost = calls
			c, err := DialUnix(sock, ClientOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.client(t)
			_, err := c.Do("tag", store.Op{Doc: "d1", Put: &tag})
			if !errors.Is(err, ErrGone) || Unsent(err) != tc.unsent {
				t.Fatalf("Do: %v (unsent %v), want ErrGone, unsent %v", err, Unsent(err), tc.unsent)
			}
			if !tc.unsent && lost.Load() != 1 {
				t.Errorf("the owner read the call %d times, want once (never sent again)", lost.Load())
			}
		})
	}
}
