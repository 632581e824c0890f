package remote

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/store"
)

// serveTCP serves a new store over TLS on a free port, with a token for
// rev-a, and returns the address, the fingerprint, the token and the
// store's path.
func serveTCP(t *testing.T) (addr, fp, tok, db string, local *Local) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "folio.db")
	st, err := store.Open(db, store.Options{Author: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	im := st.NewImporter(nil)
	im.Add(store.ImportDoc{ID: "d1", Text: "Köln liegt am Rhein."})
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	srv := NewServer(st, nil)
	local = srv.Local()
	t.Cleanup(func() { local.Close() })
	certFile, keyFile := CertPaths(db)
	cert, made, err := LoadOrMakeCert(certFile, keyFile, nil, time.Now())
	if err != nil || !made {
		t.Fatalf("certificate: made %v, %v", made, err)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	tokens := NewTokens(TokensPath(db))
	tok, err = tokens.Add("rev-a", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.ServeTLS("127.0.0.1:0", cert, tokens)
	if err != nil {
		t.Fatal(err)
	}
	return a.String(), Fingerprint(cert), tok, db, local
}

func dialTCP(addr, fp, tok, reviewer string) (*Client, error) {
	cfg, err := PinnedTLS(fp)
	if err != nil {
		return nil, err
	}
	return DialTCP(addr, ClientOptions{TLS: cfg, Token: tok, Reviewer: reviewer})
}

// The token's reviewer is what the change log records, whoever the client
// claims to be.
func TestTCPTokenNamesReviewer(t *testing.T) {
	addr, fp, tok, db, local := serveTCP(t)
	c, err := dialTCP(addr, fp, tok, "mallory")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Author() != "rev-a" {
		t.Errorf("the server records the client as %q, want rev-a", c.Author())
	}
	m := annot.Annotation{Kind: annot.KindMark, Start: 0, End: 4}
	m.Author = "mallory" // as a TUI stamps its --reviewer
	act, err := c.Do("mark", store.Op{Doc: "d1", Put: &m})
	if err != nil {
		t.Fatal(err)
	}
	var last store.Action
	local.Log(func(a store.Action) error { last = a; return nil })
	if last.Seq != act.Seq || last.Author != "rev-a" {
		t.Fatalf("the log's last action %+v, want rev-a's mark", last)
	}
	anns, _ := c.Annotations("d1")
	if len(anns) != 1 || anns[0].Author != "rev-a" {
		t.Fatalf("annotations %+v, want rev-a's", anns)
	}
	// the token file keeps only hashes
	b, _ := os.ReadFile(TokensPath(db))
	if strings.Contains(string(b), tok) || !strings.Contains(string(b), hashToken(tok)) {
		t.Fatalf("the token file holds %s", b)
	}
}

// Without a token, with a wrong or removed one, with a wrong pin, or in
// plain text, the server refuses.
func TestTCPRefusals(t *testing.T) {
	addr, fp, tok, db, _ := serveTCP(t)
	for name, dial := range map[string]func() (*Client, error){
		"no token":    func() (*Client, error) { return dialTCP(addr, fp, "", "") },
		"wrong token": func() (*Client, error) { return dialTCP(addr, fp, tok+"x", "") },
		"other token": func() (*Client, error) {
			return dialTCP(addr, fp, "folio_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "")
		},
		"wrong pin": func() (*Client, error) {
			return dialTCP(addr, "sha256:"+strings.Repeat("ab", 32), tok, "")
		},
		"no TLS": func() (*Client, error) { return DialTCP(addr, ClientOptions{Token: tok}) },
	} {
		c, err := dial()
		if err == nil {
			c.Close()
			t.Errorf("%s: let in", name)
			continue
		}
		if strings.HasSuffix(name, "token") && !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s: %v, want ErrUnauthorized", name, err)
		}
	}
	// plain HTTP to the TLS port gets no answer of the API
	if resp, err := http.Get("http://" + addr + pathHello); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP answered: %s", b)
		}
	}
	// a removed token no longer works
	if err := NewTokens(TokensPath(db)).Remove("rev-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := dialTCP(addr, fp, tok, ""); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("a removed token: %v, want ErrUnauthorized", err)
	}
}

// The server serves its store and nothing else: no method takes a path,
// and paths outside the API are not found.
func TestTCPServesNoPath(t *testing.T) {
	addr, fp, tok, _, _ := serveTCP(t)
	cfg, _ := PinnedTLS(fp)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	for _, p := range []string{"/v1/call/BackupFile", "/etc/passwd", "/v1/call/../../etc/passwd", "/v1/backup/../../../etc/passwd", "/folio.db", "/folio.db.tokens"} {
		req, _ := http.NewRequest(http.MethodPost, "https://"+addr+p, strings.NewReader(`"/etc/passwd"`))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || strings.Contains(string(b), "root:") {
			t.Errorf("%s: %s %q", p, resp.Status, b)
		}
	}
	for _, m := range methods() {
		if strings.Contains(strings.ToLower(m.name), "file") || strings.Contains(strings.ToLower(m.name), "path") {
			t.Errorf("method %s looks like it takes a path", m.name)
		}
	}
}

// Over TCP a reviewer reads their own layer and the curated annotations,
// never another reviewer's.
func TestTCPNoOtherLayer(t *testing.T) {
	addr, fp, tok, db, _ := serveTCP(t)
	c, err := dialTCP(addr, fp, tok, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Layer("rev-a").Annotations("d1"); err != nil {
		t.Errorf("rev-a's own layer: %v", err)
	}
	if _, err := c.Layer("").Annotations("d1"); err != nil {
		t.Errorf("the curated annotations: %v", err)
	}
	if _, err := c.Layer("rev-b").Annotations("d1"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("rev-b's layer read by rev-a: %v, want ErrUnauthorized", err)
	}
	err = c.Layer("rev-b").Documents(nil, func(store.Document) error { return nil })
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("rev-b's documents read by rev-a: %v, want ErrUnauthorized", err)
	}
	_ = db
	// dealing and curating are the editor's
	if _, err := c.Assign(map[string][]string{"d1": {"rev-a"}}, "assign"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("assign over TCP: %v, want ErrUnauthorized", err)
	}
	if _, err := c.Curate("d1", "rev-a", nil); !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "curating (folio curate) is the editor's") {
		t.Errorf("curate over TCP: %v, want ErrUnauthorized saying what is the editor's", err)
	}
	// the log and a backup hold every layer
	if err := c.Log(func(store.Action) error { return nil }); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("the log over TCP: %v, want ErrUnauthorized", err)
	}
	if _, err := c.Backup(io.Discard); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("a backup over TCP: %v, want ErrUnauthorized", err)
	}
}

// A reviewer over the network may not import answers into other
// annotators' layers, which would also deal the document to them: that
// is the editor's, as Assign is. Their plain import still works.
func TestTCPReviewerImportsNoLayers(t *testing.T) {
	addr, fp, tok, _, local := serveTCP(t)
	c, err := dialTCP(addr, fp, tok, "rev-a")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	loc := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Label: "LOC"}
	docs := []store.ImportDoc{{ID: "d1", Text: "Köln liegt am Rhein.", Layers: true,
		Answers: []annot.Answer{{Annotator: "rev-b", Anns: []annot.Annotation{loc}}}}}
	if _, err := c.ImportBatch(docs, nil); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("a reviewer's import into rev-b's layer: %v, want ErrUnauthorized", err)
	}
	if layers, _ := local.Layers(); len(layers) != 0 {
		t.Errorf("layers after the refused import: %v", layers)
	}
	if dealt, _ := local.Assignments(); len(dealt) != 0 {
		t.Errorf("assignments after the refused import: %v", dealt)
	}
	docs[0].Layers = false
	if _, err := c.ImportBatch(docs, nil); err != nil {
		t.Fatalf("a reviewer's plain import: %v", err)
	}
}
