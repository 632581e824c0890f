package remote

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// Client is a store another folio serves. It implements store.API.
type Client struct {
	hc       *http.Client // calls
	stream   *http.Client // long streams (no timeout)
	base     string
	addr     string // the socket or host:port dialled
	path     string
	reviewer string
	token    string
	id       string  // sent as headerClient
	layer    *string // sent as headerLayer
}

var _ store.API = (*Client)(nil)

// ClientOptions configure a client.
type ClientOptions struct {
	// Path is what Path returns (the store's file as the user named it);
	// "" takes the server's.
	Path string
	// Reviewer is who the client works as (over the Unix socket; over TCP
	// the token decides).
	Reviewer string
	// Token authenticates the client over TCP.
	Token string
	// TLS is the TLS configuration over TCP (a pinned certificate).
	TLS *tls.Config
}

// DialUnix connects to the owner serving on the Unix socket at sock. It
// fails at once when no one serves there.
func DialUnix(sock string, opt ClientOptions) (*Client, error) {
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}
	return dial2(&http.Transport{DialContext: dial, MaxIdleConns: 4}, "http://folio", sock, opt)
}

// DialTCP connects to the owner serving at addr over TLS.
func DialTCP(addr string, opt ClientOptions) (*Client, error) {
	if opt.TLS == nil {
		return nil, errors.New("connect to " + addr + ": TLS is required over TCP")
	}
	return dial2(&http.Transport{TLSClientConfig: opt.TLS, MaxIdleConns: 4, ForceAttemptHTTP2: true}, "https://"+addr, addr, opt)
}

func dial2(tr *http.Transport, base, addr string, opt ClientOptions) (*Client, error) {
	c := &Client{
		hc:       &http.Client{Transport: tr, Timeout: 30 * time.Minute},
		stream:   &http.Client{Transport: tr},
		base:     base,
		addr:     addr,
		path:     opt.Path,
		reviewer: opt.Reviewer,
		token:    opt.Token,
		id:       newID(),
	}
	var h hello
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := c.do(ctx, c.hc, http.MethodGet, pathHello, nil)
	if err != nil {
		tr.CloseIdleConnections()
		return nil, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		tr.CloseIdleConnections()
		return nil, fmt.Errorf("connect: %w", err)
	}
	if c.path == "" {
		c.path = h.Path
	}
	c.reviewer = h.Reviewer
	return c, nil
}

// do sends one request and returns a 200 response, or the server's error.
func (c *Client) do(ctx context.Context, hc *http.Client, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if c.reviewer != "" {
		req.Header.Set(headerReviewer, c.reviewer)
	}
	req.Header.Set(headerClient, c.id)
	if c.layer != nil {
		req.Header[headerLayer] = []string{*c.layer}
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		if terr := tlsError(err); terr != nil {
			return nil, terr // the server is there: no owner quit
		}
		gone := fmt.Errorf("%w (%s): %w", ErrGone, c.where(), err)
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return nil, unsentError{gone} // no one listens: nothing was sent
		}
		return nil, gone
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var we wireError
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&we); err != nil || we.Msg == "" {
			return nil, fmt.Errorf("%s: the server answered %s", path, resp.Status)
		}
		return nil, decodeError(we)
	}
	return resp, nil
}

// where names the store in messages: its path, or before the server
// has said it, the address dialled.
func (c *Client) where() string {
	if c.path != "" {
		return c.path
	}
	return c.addr
}

// unsentError is ErrGone for a request that reached no owner: the
// connection to the socket failed, so nothing was sent.
type unsentError struct{ error }

func (e unsentError) Unwrap() error { return e.error }

// Unsent reports whether err says that a request reached no owner (no one
// listened on the socket any more, or it was gone), so that nothing was
// done: the request may be made again, to whoever holds the store next. A
// request that reached the owner and lost its answer is not unsent: a
// write's fate is then unknown (the protocol carries no request ids).
func Unsent(err error) bool {
	var u unsentError
	return errors.As(err, &u)
}

// call calls method name with argument a and decodes its result.
func call[R, A any](c *Client, name string, a A) (R, error) {
	var r R
	b, err := json.Marshal(a)
	if err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	resp, err := c.do(context.Background(), c.hc, http.MethodPost, pathCall+name, bytes.NewReader(b))
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, fmt.Errorf("%s: %w (%v)", name, ErrGone, err)
	}
	return r, nil
}

// Path is the store's file name.
func (c *Client) Path() string { return c.path }

// Author is who the server records for this client.
func (c *Client) Author() string { return c.reviewer }

// Close drops the connections.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// The methods below are store.API's, each one call to the owner (see
// store.Store for what they do).

func (c *Client) Len() (int, error)                { return call[int](c, "Len", none{}) }
func (c *Client) Doc(id string) (annot.Doc, error) { return call[annot.Doc](c, "Doc", id) }
func (c *Client) Resolve(idOrPrefix string) (string, error) {
	return call[string](c, "Resolve", idOrPrefix)
}
func (c *Client) DocList() ([]annot.Doc, error) { return call[[]annot.Doc](c, "DocList", none{}) }

// Select returns the numbers of the documents q selects, answered by the
// serving store (from its indexes where they cover the view). fill is not
// called: the served records hold the counts it would complete.
func (c *Client) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	b, err := call[[]byte](c, "Select", selectArgs{Query: q.String()})
	if err != nil {
		return nil, err
	}
	sel, err := decodeSel(b)
	if err != nil {
		return nil, fmt.Errorf("select: %w (%v)", ErrGone, err)
	}
	return sel, nil
}

// Window returns the records at places [from, from+n) of sel.
func (c *Client) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	b, err := sel.ToBytes()
	if err != nil {
		return nil, err
	}
	return call[[]annot.Doc](c, "Window", windowArgs{Sel: b, From: from, N: n})
}

// Stats returns the stats of the documents q selects, counted by the
// serving store (from its indexes where they cover the view), so that no
// record crosses the socket.
func (c *Client) Stats(q *query.Query) (store.Stats, error) {
	return call[store.Stats](c, "Stats", selectArgs{Query: q.String()})
}

func (c *Client) Fixes() ([]store.Fix, error)   { return call[[]store.Fix](c, "Fixes", none{}) }
func (c *Client) CheckPages() ([]string, error) { return call[[]string](c, "CheckPages", none{}) }
func (c *Client) CheckInvariants() ([]string, error) {
	return call[[]string](c, "CheckInvariants", none{})
}
func (c *Client) Undo() (store.Action, error) { return call[store.Action](c, "Undo", none{}) }
func (c *Client) Redo() (store.Action, error) { return call[store.Action](c, "Redo", none{}) }

func (c *Client) Document(id string) (store.Document, error) {
	return call[store.Document](c, "Document", id)
}

func (c *Client) Annotations(id string) ([]annot.Annotation, error) {
	return call[[]annot.Annotation](c, "Annotations", id)
}

func (c *Client) FindWord(word string) (map[string][]annot.Span, error) {
	return call[map[string][]annot.Span](c, "FindWord", word)
}

func (c *Client) Layout(id string) (*annot.Layout, error) {
	w, err := call[wireLayout](c, "Layout", id)
	return w.layout(), err
}

func (c *Client) Do(what string, ops ...store.Op) (store.Action, error) {
	return call[store.Action](c, "Do", doArgs{What: what, Ops: ops})
}

func (c *Client) Assign(plan map[string][]string, what string) (store.Action, error) {
	return call[store.Action](c, "Assign", assignArgs{Plan: plan, What: what})
}

func (c *Client) Assignments() (map[string][]string, error) {
	return call[map[string][]string](c, "Assignments", none{})
}

// Layer views reviewer name's layer ("" the curated annotations).
func (c *Client) Layer(name string) store.API {
	v := *c
	v.layer = &name
	return &v
}

func (c *Client) Layers() (map[string][]string, error) {
	return call[map[string][]string](c, "Layers", none{})
}

func (c *Client) Curate(doc, from string, ids []string) (store.Action, error) {
	return call[store.Action](c, "Curate", curateArgs{Doc: doc, From: from, IDs: ids})
}

func (c *Client) History() (undo, redo string, err error) {
	h, err := call[historyResult](c, "History", none{})
	return h.Undo, h.Redo, err
}

func (c *Client) Log(fn func(store.Action) error) error {
	acts, err := call[[]store.Action](c, "Log", none{})
	if err != nil {
		return err
	}
	for _, a := range acts {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// recentPage is one page of the change log, newest first.
type recentPage struct {
	Skip, Limit int
}

// recentPageSize is how many log entries one Recent call fetches.
const recentPageSize = 256

// Recent reads the change log newest first, a page at a time, until fn
// returns false.
func (c *Client) Recent(fn func(store.Action) bool) error {
	for skip := 0; ; skip += recentPageSize {
		acts, err := call[[]store.Action](c, "Recent", recentPage{Skip: skip, Limit: recentPageSize})
		if err != nil {
			return err
		}
		for _, a := range acts {
			if !fn(a) {
				return nil
			}
		}
		if len(acts) < recentPageSize {
			return nil
		}
	}
}

func (c *Client) Entities() ([]store.Entity, error) {
	ws, err := call[[]wireEntity](c, "Entities", none{})
	out := make([]store.Entity, len(ws))
	for i, w := range ws {
		out[i] = w.Entity
		out[i].Mentions, out[i].Docs = w.Mentions, w.Docs
	}
	return out, err
}

func (c *Client) EntityDocs(label, name string) ([]string, error) {
	return call[[]string](c, "EntityDocs", entityArgs{Label: label, Name: name})
}

func (c *Client) SaveEntity(e store.Entity) error {
	_, err := call[none](c, "SaveEntity", e)
	return err
}

func (c *Client) RenameEntity(label, from, name string) error {
	_, err := call[none](c, "RenameEntity", entityArgs{Label: label, From: from, Name: name})
	return err
}

func (c *Client) DeleteEntity(label, name string) error {
	_, err := call[none](c, "DeleteEntity", entityArgs{Label: label, Name: name})
	return err
}

// NewImporter starts an import whose chunks the owner writes.
func (c *Client) NewImporter(report func(id, msg string)) *store.Importer {
	return store.NewImporterTo(c, report)
}

func (c *Client) ImportBatch(docs []store.ImportDoc, report func(id, msg string)) (store.ImportStats, error) {
	in := make([]wireImportDoc, len(docs))
	for i, d := range docs {
		in[i] = wireImportDoc{ImportDoc: d}
		if d.Layout != nil {
			in[i].LayoutSource = d.Layout.Source
		}
	}
	res, err := call[importResult](c, "ImportBatch", in)
	if report != nil {
		for _, r := range res.Reports {
			report(r[0], r[1])
		}
	}
	return res.Stats, err
}

// Docs calls fn with every document record in import order.
func (c *Client) Docs(fn func(annot.Doc) error) error { return store.EachDoc(c.DocList, fn) }

// selected names the documents keep selects (nil: all).
func (c *Client) selected(keep func(annot.Doc) bool) ([]string, error) {
	if keep == nil {
		return nil, nil
	}
	docs, err := c.DocList()
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, d := range docs {
		if keep(d) {
			ids = append(ids, d.ID)
		}
	}
	return ids, nil
}

func (c *Client) Damage(keep func(annot.Doc) bool) ([]string, error) {
	ids, err := c.selected(keep)
	if err != nil {
		return nil, err
	}
	return call[[]string](c, "Damage", damageArgs{IDs: ids})
}

// Documents calls fn with each document keep selects (all when nil), with
// text and annotations, in import order, as the owner streams them.
func (c *Client) Documents(keep func(annot.Doc) bool, fn func(store.Document) error) error {
	ids, err := c.selected(keep)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(damageArgs{IDs: ids})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := c.do(ctx, c.stream, http.MethodPost, pathDocuments, bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(resp.Body, 1<<16))
	for {
		var l docLine
		if err := dec.Decode(&l); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("documents: %w (%v)", ErrGone, err)
		}
		switch {
		case l.Err != nil:
			return decodeError(*l.Err)
		case l.Doc != nil:
			if err := fn(*l.Doc); err != nil {
				return err
			}
		}
	}
}

// Backup writes a consistent copy of the store to w.
func (c *Client) Backup(w io.Writer) (int64, error) {
	resp, err := c.do(context.Background(), c.stream, http.MethodGet, pathBackup, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("back up %s: %w (%v)", c.path, ErrGone, err)
	}
	if msg := resp.Trailer.Get(trailerError); msg != "" {
		return n, errors.New(msg)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the store to path, as
// store.BackupFile does.
func (c *Client) BackupFile(path string) error {
	return store.BackupToFile(path, c.Backup)
}

// Watch returns the changes other processes make to the store, until ctx
// ends. When the owner goes away it sends an event with Gone set and
// tries again every half second; once an owner serves again it sends one
// with Back set (reload everything). Missed events become one that asks
// to reload everything.
func (c *Client) Watch(ctx context.Context) <-chan store.Event {
	out := make(chan store.Event, 16)
	go func() {
		defer close(out)
		var owner string
		var seq uint64
		gone := false
		emit := func(ev store.Event) bool {
			select {
			case out <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for ctx.Err() == nil {
			first := true
			err := c.watchOnce(ctx, func(ev store.Event) bool {
				if first { // the hello
					first = false
					changed := owner != "" && (ev.Owner != owner || ev.Seq != seq)
					back := gone
					owner, seq, gone = ev.Owner, ev.Seq, false
					if back || changed {
						return emit(store.Event{Owner: owner, Seq: seq, Back: back})
					}
					return true
				}
				missed := ev.Seq != seq+1
				seq = ev.Seq
				switch {
				case missed:
					ev.Docs = nil
				case ev.Origin == c.id:
					return true // our own
				}
				return emit(ev)
			})
			if ctx.Err() != nil {
				return
			}
			if !gone && owner != "" {
				gone = true
				if !emit(store.Event{Owner: owner, Gone: true, What: err.Error()}) {
					return
				}
			}
			select {
			case <-time.After(500 * time.Millisecond):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// watchOnce reads one stream of events, calling fn with each until fn
// returns false or the stream ends.
func (c *Client) watchOnce(ctx context.Context, fn func(store.Event) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	resp, err := c.do(ctx, c.stream, http.MethodGet, pathEvents, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// the server pings every 10 s: a silence of 25 s is a dead owner
	alive := time.AfterFunc(25*time.Second, cancel)
	defer alive.Stop()
	err = readEvents(resp.Body, fn, func() { alive.Reset(25 * time.Second) })
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return ErrGone
}

// readEvents reads a stream of Server-Sent Events: fn gets each event
// (reading stops when it returns false), beat is called for every line.
func readEvents(r io.Reader, fn func(store.Event) bool, beat func()) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		beat()
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var ev store.Event
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if !fn(ev) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrGone, err)
	}
	return nil
}

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
