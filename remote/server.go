package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// Server serves one open store to other folio processes. The owner's own
// work goes through Local, so that its changes reach the clients too.
type Server struct {
	st   *store.Store
	hub  *hub
	id   string
	errs *log.Logger

	mu      sync.Mutex
	servers []*http.Server
	sockets []string // Unix sockets to remove on Close
	closed  bool
}

// NewServer serves st (opened for writing). errs receives the messages of
// connections that failed (nil: discarded).
func NewServer(st *store.Store, errs io.Writer) *Server {
	id := newID()
	if errs == nil {
		errs = io.Discard
	}
	return &Server{st: st, hub: newHub(id), id: id, errs: log.New(errs, "folio: serve: ", 0)}
}

// Local is the owner's view of the store: its writes publish change
// events to the clients, and Watch tells of the clients' changes.
func (s *Server) Local() *Local {
	return &Local{API: publishing{Store: s.st, hub: s.hub, origin: s.id}, srv: s}
}

// Local is the owning process's store, served to others.
type Local struct {
	store.API
	srv *Server
}

// Close stops serving and closes the store.
func (l *Local) Close() error {
	l.srv.Close()
	return l.API.Close()
}

// Watch returns the clients' change events from now on; they end when ctx
// ends or the server closes.
func (l *Local) Watch(ctx context.Context) <-chan Event {
	in, stop := l.srv.hub.subscribe()
	out := make(chan Event)
	go func() {
		defer close(out)
		defer stop()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-in:
				if !ok {
					return
				}
				if ev.Origin == l.srv.id {
					continue // the owner's own
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// SocketPath is where the owner of the store at path serves it.
func SocketPath(path string) string { return path + ".sock" }

// ServeUnix serves on a Unix socket at path (mode 0600), to processes of
// this user only. A socket left there by an owner that died is replaced;
// any other file is not.
func (s *Server) ServeUnix(path string) error {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return fmt.Errorf("serve on %s: a file that is not a socket is in the way", path)
		}
		// the caller holds the store's lock: no other owner is there
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("serve on %s: %w", path, err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("serve on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		os.Remove(path)
		return fmt.Errorf("serve on %s: %w", path, err)
	}
	uid := os.Getuid()
	s.mu.Lock()
	s.sockets = append(s.sockets, path)
	s.mu.Unlock()
	return s.serve(&peerListener{Listener: ln, uid: uid, errs: s.errs}, unixAuth, false)
}

// serve answers on ln, asking auth who each request comes from. A
// reviewer on a restricted listener (TCP) reads no other reviewer's layer.
func (s *Server) serve(ln net.Listener, auth func(*http.Request) (string, error), restricted bool) error {
	hs := &http.Server{
		Handler:           s.handler(auth, restricted),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          s.errs,
		ConnContext:       connContext,
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return errors.New("serve: the server is closed")
	}
	s.servers = append(s.servers, hs)
	s.mu.Unlock()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.errs.Print(err)
		}
	}()
	return nil
}

// Close stops serving: the change streams end, calls under way finish
// (for up to two seconds), and the sockets are removed.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	servers, sockets := s.servers, s.sockets
	s.mu.Unlock()
	s.hub.closeAll()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, hs := range servers {
		if err := hs.Shutdown(ctx); err != nil {
			hs.Close()
		}
	}
	for _, p := range sockets {
		os.Remove(p)
	}
}

func (s *Server) handler(auth func(*http.Request) (string, error), restricted bool) http.Handler {
	mux := http.NewServeMux()
	for _, m := range methods() {
		mux.HandleFunc("POST "+pathCall+m.name, func(w http.ResponseWriter, r *http.Request) {
			if restricted && m.editor {
				writeError(w, fmt.Errorf("%w: %s is the editor's, on the store's host", ErrUnauthorized, m.what))
				return
			}
			st, err := s.as(r, restricted)
			if err != nil {
				writeError(w, err)
				return
			}
			res, err := m.call(st, http.MaxBytesReader(w, r.Body, 1<<30))
			if err != nil {
				writeError(w, err)
				return
			}
			writeJSON(w, http.StatusOK, res)
		})
	}
	mux.HandleFunc("GET "+pathHello, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, hello{Path: s.st.Path(), Reviewer: reviewerOf(r)})
	})
	mux.HandleFunc("POST "+pathDocuments, func(w http.ResponseWriter, r *http.Request) {
		st, err := s.as(r, restricted)
		if err != nil {
			writeError(w, err)
			return
		}
		s.documents(st, w, r)
	})
	mux.HandleFunc("GET "+pathBackup, func(w http.ResponseWriter, r *http.Request) {
		if restricted { // the copy holds every reviewer's layer
			writeError(w, fmt.Errorf("%w: a backup is the editor's, on the store's host", ErrUnauthorized))
			return
		}
		s.backup(w, r)
	})
	mux.HandleFunc("GET "+pathEvents, s.events)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := auth(r)
		if err != nil {
			writeError(w, fmt.Errorf("%w: %v", ErrUnauthorized, err))
			return
		}
		mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), reviewerKey{}, who)))
	})
}

type reviewerKey struct{}

// reviewerOf is who the request was authenticated as.
func reviewerOf(r *http.Request) string {
	who, _ := r.Context().Value(reviewerKey{}).(string)
	return who
}

// as is the store as the request's reviewer, publishing its writes, in
// the layer the request asks for. restricted refuses another reviewer's.
func (s *Server) as(r *http.Request, restricted bool) (store.API, error) {
	who := reviewerOf(r)
	p := publishing{Store: s.st.As(who), hub: s.hub, origin: r.Header.Get(headerClient), stamp: true, restricted: restricted}
	if l, ok := r.Header[headerLayer]; ok && len(l) == 1 {
		if restricted && l[0] != "" && l[0] != who {
			return nil, fmt.Errorf("%w: %s reads no other reviewer's layer (%s's) over the network", ErrUnauthorized, who, l[0])
		}
		return p.Layer(l[0]), nil
	}
	return p, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	status, we := encodeError(err)
	writeJSON(w, status, we)
}

// documents streams the documents named (all when none are), with text
// and annotations, one JSON line each, in import order.
func (s *Server) documents(st store.API, w http.ResponseWriter, r *http.Request) {
	var a damageArgs
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<30)).Decode(&a); err != nil {
		writeError(w, fmt.Errorf("documents: bad request: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/jsonl")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	fl, _ := w.(http.Flusher)
	n := 0
	err := st.Documents(keepIDs(a.IDs), func(d store.Document) error {
		if err := enc.Encode(docLine{Doc: &d}); err != nil {
			return err
		}
		if n++; n%64 == 0 && fl != nil {
			fl.Flush()
		}
		return nil
	})
	if err != nil {
		_, we := encodeError(err)
		enc.Encode(docLine{Err: &we})
	}
}

// backup streams a consistent copy of the store; an error after the
// first byte is sent in the trailer.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Trailer", trailerError)
	w.Header().Set("Content-Type", "application/octet-stream")
	if _, err := s.st.Backup(w); err != nil {
		w.Header().Set(trailerError, err.Error())
	}
}

const trailerError = "Folio-Error"

// events streams change events as Server-Sent Events, first a hello
// naming the owner and its last event, then one per change, and a comment
// every 10 s so that a client notices a dead connection.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, errors.New("events: streaming is not supported"))
		return
	}
	ch, stop := s.hub.subscribe()
	defer stop()
	s.hub.mu.Lock()
	first := Event{Seq: s.hub.seq, Owner: s.id, Docs: []string{}}
	s.hub.mu.Unlock()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	send := func(ev Event) bool {
		b, _ := json.Marshal(ev)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false
		}
		fl.Flush()
		return true
	}
	if !send(first) {
		return
	}
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok || !send(ev) {
				return
			}
		case <-tick.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// Server is the server that serves l.
func (l *Local) Server() *Server { return l.srv }

// Store returns the store Local serves, for what is not served: its
// indexes (Select, Stats, Window, RebuildIndex) answer in this process
// alone. Its writes reach no client: use Local's.
func (l *Local) Store() *store.Store { return l.srv.st }

// Select returns the numbers of the documents q selects, from the
// store's indexes (see store.Store.Select).
func (l *Local) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	return l.srv.st.Select(q, fill)
}

// Indexed reports whether the store's indexes answer for the owner's
// view of it (see store.Store.Indexed).
func (l *Local) Indexed() bool { return l.srv.st.Indexed() }

// WordCounts reads the corpus lexicon's stored word counts
// ((*store.Store).WordCounts).
func (l *Local) WordCounts(fn func(word string, count, docs int64)) (tokens, docs int64, ok bool, err error) {
	return l.srv.st.WordCounts(fn)
}

// AnyStale reports whether any document is marked for a recount of its
// suggestions ((*store.Store).AnyStale).
func (l *Local) AnyStale() (bool, error) { return l.srv.st.AnyStale() }

// StaleSuggestions lists the documents marked for a recount of their
// suggestions ((*store.Store).StaleSuggestions).
func (l *Local) StaleSuggestions(after string, limit int) ([]store.StaleDoc, int, error) {
	return l.srv.st.StaleSuggestions(after, limit)
}

// StaleMarks returns the marks of those of ids that are marked
// ((*store.Store).StaleMarks).
func (l *Local) StaleMarks(ids []string) ([]store.StaleDoc, error) { return l.srv.st.StaleMarks(ids) }

// DocNums returns the numbers of documents by id
// ((*store.Store).DocNums).
func (l *Local) DocNums(ids []string) ([]uint32, error) { return l.srv.st.DocNums(ids) }

// SetSuggestionCounts writes suggestion counts and clears their marks
// ((*store.Store).SetSuggestionCounts).
func (l *Local) SetSuggestionCounts(counts []store.SuggestionCount) (int, error) {
	return l.srv.st.SetSuggestionCounts(counts)
}

// MarkSuggestionEvidence marks every document for a recount when the
// evidence changed ((*store.Store).MarkSuggestionEvidence).
func (l *Local) MarkSuggestionEvidence(fingerprint string, all bool, pause func() bool) (int, error) {
	return l.srv.st.MarkSuggestionEvidence(fingerprint, all, pause)
}
