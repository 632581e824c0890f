package main

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"folio/query"
	"folio/remote"
	"folio/store"
)

// serveTLSHere serves a new store over TLS on a free port, in this
// process, with a token for rev-a; it returns the address, the
// certificate's fingerprint and the token.
func serveTLSHere(t *testing.T) (addr, fp, tok string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "folio.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	s, err := store.Open(db, store.Options{Author: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	srv := remote.NewServer(s, nil)
	l := srv.Local()
	t.Cleanup(func() { l.Close() })
	cert := selfSigned(t)
	tokens := remote.NewTokens(remote.TokensPath(db))
	tok, err = tokens.Add("rev-a", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.ServeTLS("127.0.0.1:0", cert, tokens)
	if err != nil {
		t.Fatal(err)
	}
	return a.String(), remote.Fingerprint(cert), tok
}

// selfSigned is a new self-signed certificate, as folio serve makes one.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	dir := t.TempDir()
	c, _, err := remote.LoadOrMakeCert(filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem"), nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A server whose certificate the client does not trust is up: the
// message says the certificate is not trusted and how to pin it, or that
// it is not the one pinned; never that the owner is gone.
func TestServerCertificateNotTrusted(t *testing.T) {
	addr, fp, tok := serveTLSHere(t)
	wrong := "sha256:" + strings.Repeat("0", 64)
	for _, tc := range []struct {
		name string
		pin  []string
		want []string
	}{
		{"no fingerprint", nil, []string{
			"connect to " + addr + ": the server's certificate is not trusted (x509: certificate signed by unknown authority)",
			"pass --fingerprint sha256:… as folio serve printed it",
		}},
		{"another fingerprint", []string{"--fingerprint", wrong}, []string{
			"connect to " + addr + ": the server's certificate is not trusted: it is " + fp + ", not " + wrong + " as --fingerprint pins it",
			"pass the fingerprint folio serve printed",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--db", filepath.Join(t.TempDir(), "none.db"), "--server", addr, "--token", tok}, tc.pin...)
			out, errs, code := folio(t, append(args, "stats")...)
			if code != exitFail || out != "" {
				t.Fatalf("exit %d, stdout %q, want 1 and nothing", code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("the message\n%s\ndoes not say\n%s", errs, w)
				}
			}
			if strings.Contains(errs, "gone") || strings.Contains(errs, "()") {
				t.Errorf("the message says the owner is gone: %s", errs)
			}
		})
	}
	if out, errs, code := folio(t, "--server", addr, "--fingerprint", fp, "--token", tok, "stats"); code != 0 || !strings.Contains(out, "documents") {
		t.Fatalf("with the right fingerprint: exit %d %s", code, errs)
	}
}

// Nothing listens at the address given: the message says so, and names
// the address.
func TestServerNotListening(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, errs, code := folio(t, "--server", addr, "--token", "t", "stats")
	if want := "connect to " + addr + ": no folio serves there"; code != exitFail || !strings.Contains(errs, want) {
		t.Fatalf("exit %d %q, want %q", code, errs, want)
	}
}

// A call that fails for TLS or a token, not for an owner that quit, is
// never taken for one: the command does not take the store over, and
// the error says what failed.
func TestTakeoverNotOnTrustOrToken(t *testing.T) {
	first, second := selfSigned(t), selfSigned(t)
	for _, tc := range []struct {
		name string
		// from the second call on the server presents another
		// certificate (changeCert), or refuses the token
		changeCert bool
		want       error
	}{
		{"certificate changed", true, remote.ErrUntrusted},
		{"token refused", false, remote.ErrUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var refuse atomic.Bool
			mux := http.NewServeMux()
			mux.HandleFunc("GET /v1/hello", func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, `{"path":"f.db","reviewer":"rev-a"}`)
			})
			mux.HandleFunc("POST /v1/call/{name}", func(w http.ResponseWriter, r *http.Request) {
				if refuse.Load() {
					w.WriteHeader(http.StatusUnauthorized)
					io.WriteString(w, `{"error":"refused by the server: unknown token","code":"unauthorized"}`)
					return
				}
				io.WriteString(w, "5")
			})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			cfg := &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
				if tc.changeCert && refuse.Load() {
					return &second, nil
				}
				return &first, nil
			}}
			hs := &http.Server{Handler: mux}
			go hs.Serve(tls.NewListener(ln, cfg))
			defer hs.Close()
			pinned, err := remote.PinnedTLS(remote.Fingerprint(first))
			if err != nil {
				t.Fatal(err)
			}
			c, err := remote.DialTCP(ln.Addr().String(), remote.ClientOptions{TLS: pinned, Token: "t"})
			if err != nil {
				t.Fatal(err)
			}
			reopened := 0
			reopen := func() (store.API, error) {
				reopened++
				return nil, errors.New("no store here")
			}
			s := newTakeover(c, reopen, io.Discard)
			defer s.Close()
			if n, err := s.Len(); err != nil || n != 5 {
				t.Fatalf("Len: %d, %v", n, err)
			}
			refuse.Store(true)
			c.Close() // the next call connects again: a new handshake
			_, err = s.Stats(&query.Query{})
			if !errors.Is(err, tc.want) || errors.Is(err, store.ErrGone) {
				t.Errorf("Stats: %v, want %v and not gone", err, tc.want)
			}
			if reopened != 0 {
				t.Errorf("the store was taken over %d times: %v", reopened, err)
			}
		})
	}
}

// folio token with --server refuses: the tokens are the server's, kept on
// its host; the local store's tokens file (FOLIO_DB's) stays as it was.
func TestTokenRefusesServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "folio.db")
	mustFolio(t, "--db", db, "import", seedDir(t))
	mustFolio(t, "--db", db, "token", "add", "rev-a")
	before, err := os.ReadFile(remote.TokensPath(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("FOLIO_DB", db)
	server := []string{"--server", "host.example:7341", "--fingerprint", "sha256:" + strings.Repeat("0", 64), "--token", "folio_x"}
	for _, cmd := range [][]string{{"token", "add", "rev-q"}, {"token", "remove", "rev-a"}, {"token", "list"}} {
		for _, env := range []bool{false, true} {
			args := append(slices.Clone(server), cmd...)
			t.Setenv("FOLIO_SERVER", "")
			if env {
				t.Setenv("FOLIO_SERVER", "host.example:7341")
				args = cmd
			}
			out, errs, code := folio(t, args...)
			if code != exitUsage || out != "" || !strings.Contains(errs, "tokens are managed on the store's host, with folio token there") {
				t.Errorf("%q (FOLIO_SERVER %v): exit %d, stdout %q, stderr %q; want 2 and a refusal", cmd, env, code, out, errs)
			}
		}
	}
	if after, _ := os.ReadFile(remote.TokensPath(db)); !bytes.Equal(after, before) {
		t.Error("the local tokens file was changed")
	}
}
