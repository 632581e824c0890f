package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"time"

	"folio/internal/english"
	"folio/internal/safetext"
	"folio/remote"
	"folio/store"

	"github.com/spf13/cobra"
)

func (e *env) serveCmd() *cobra.Command {
	var listen, certFile, keyFile string
	c := &cobra.Command{
		Use:   "serve",
		Short: "Hold the store and serve it to other folios, without a TUI",
		Long: `serve holds the store and serves it until interrupted: on its Unix socket
(STORE.sock, to this user's processes), and with --listen on TCP, over TLS
only, to reviewers with a token (folio token add NAME). Without --cert and
--key, a self-signed certificate is made beside the store on the first run;
its fingerprint is printed for clients to pin (--fingerprint).`,
		Example: `  folio serve
  folio serve --listen :7340
  folio --server host:7340 --token folio_… --fingerprint sha256:… stats`,
		Args: wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			if (certFile == "") != (keyFile == "") {
				return usageError{errors.New("--cert and --key go together")}
			}
			if e.server != "" {
				return usageError{errors.New("serve serves a local store: drop --server")}
			}
			s, err := e.open()
			if err != nil {
				return err
			}
			defer s.Close()
			local, ok := s.(*remote.Local)
			if !ok {
				return fmt.Errorf("%s is held and served by another folio already", e.db)
			}
			sock := remote.SocketPath(e.db)
			if _, err := os.Stat(sock); err != nil {
				return fmt.Errorf("serve %s: no socket: %w", e.db, err)
			}
			fmt.Fprintf(e.stderr, "serving %s on %s\n", safetext.Line(e.db), safetext.Line(sock))
			// the word counts and twins the last import left, filed
			// while it serves (derived.go), until it stops
			quit, filed := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(filed)
				going := func() bool {
					select {
					case <-quit:
						return false
					default:
						return true
					}
				}
				var n int
				err := withFilingMemory(func() (err error) {
					n, err = local.Store().FileDerived(store.FileOptions{Pause: going, Short: true})
					return err
				})
				switch {
				case err != nil:
					fmt.Fprintf(e.stderr, "folio: %s\n", safetext.Line(err.Error()))
				case n > 0:
					fmt.Fprintf(e.stderr, "filed the word counts and twins of the %s the last import added\n", english.Count(n, "document", "documents"))
				}
			}()
			defer func() { close(quit); <-filed }()
			if listen != "" {
				cert, err := e.serverCert(listen, certFile, keyFile)
				if err != nil {
					return err
				}
				tokens := remote.NewTokens(remote.TokensPath(e.db))
				if names, err := tokens.Names(); err != nil {
					return err
				} else if len(names) == 0 {
					fmt.Fprintln(e.stderr, "no reviewer has a token yet: folio token add NAME makes one")
				}
				addr, err := local.Server().ServeTLS(listen, cert, tokens)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "serving on %s over TLS, certificate %s\n", addr, remote.Fingerprint(cert))
			}
			// serving ends when interrupted: exit status 0
			sigs := make(chan os.Signal, 1)
			notifyStop(sigs)
			defer signal.Stop(sigs)
			stop := e.stopContext()
			select {
			case <-sigs:
			case <-stop.Done():
				if !errors.As(context.Cause(stop), new(interrupted)) {
					return context.Cause(stop)
				}
			}
			fmt.Fprintln(e.stderr, "stopped serving")
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&listen, "listen", "", "also serve on this TCP address (host:port), over TLS")
	f.StringVar(&certFile, "cert", "", "the TLS certificate (PEM; default: a self-signed one beside the store)")
	f.StringVar(&keyFile, "key", "", "the TLS certificate's key (PEM)")
	return c
}

// serverCert is the certificate given, or the store's self-signed one,
// made on the first run for the host of listen.
func (e *env) serverCert(listen, certFile, keyFile string) (tls.Certificate, error) {
	if certFile != "" {
		c, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return c, fmt.Errorf("load --cert %s and --key %s: %w", certFile, keyFile, err)
		}
		return c, nil
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return tls.Certificate{}, usageError{fmt.Errorf("--listen %q: want host:port (%v)", listen, err)}
	}
	hosts := []string{host}
	if h, err := os.Hostname(); err == nil {
		hosts = append(hosts, h)
	}
	cf, kf := remote.CertPaths(e.db)
	c, made, err := remote.LoadOrMakeCert(cf, kf, hosts, time.Now())
	if made {
		fmt.Fprintf(e.stderr, "made a self-signed certificate: %s (key %s)\n", safetext.Line(cf), safetext.Line(kf))
	}
	return c, err
}

func (e *env) tokenCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "token",
		Short: "Manage the reviewers' tokens for folio serve --listen",
		Args:  wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return usageError{errors.New("token wants add NAME, remove NAME or list")}
		},
	}
	tokens := func() (*remote.Tokens, error) {
		if e.server != "" {
			// the tokens file is the server's: never edit a local one
			// in its place, nor reach it over the network
			return nil, usageError{fmt.Errorf("tokens are managed on the store's host, with folio token there: this folio works on the store %s serves (--server, or FOLIO_SERVER)", safetext.Line(e.server))}
		}
		if _, err := os.Stat(e.db); err != nil {
			return nil, fmt.Errorf("no store at %s (tokens are kept beside it)", e.db)
		}
		if err := store.CheckFile(e.db); err != nil {
			return nil, err
		}
		return remote.NewTokens(remote.TokensPath(e.db)), nil
	}
	add := &cobra.Command{
		Use:     "add NAME",
		Short:   "Make a token for reviewer NAME (shown once; a new one replaces theirs)",
		Example: "  folio token add rev-a",
		Args:    wantArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			t, err := tokens()
			if err != nil {
				return err
			}
			tok, err := t.Add(args[0], time.Now())
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintln(e.stdout, tok)
			fmt.Fprintf(e.stderr, "token for %s: give it to them now, it is not kept (only its hash is)\n", safetext.Line(args[0]))
			return nil
		},
	}
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove reviewer NAME's token",
		Args:  wantArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			t, err := tokens()
			if err != nil {
				return err
			}
			return t.Remove(args[0])
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the reviewers who have a token",
		Args:  wantArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			t, err := tokens()
			if err != nil {
				return err
			}
			names, err := t.Names()
			for _, n := range names {
				fmt.Fprintln(e.stdout, safetext.Line(n))
			}
			return err
		},
	}
	c.AddCommand(add, remove, list)
	for _, s := range c.Commands() {
		s.SilenceUsage, s.SilenceErrors = true, true
	}
	return c
}
