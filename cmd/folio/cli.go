package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/user"
	"strings"
	"time"

	"folio/config"
	"folio/internal/safetext"
	"folio/remote"
	"folio/store"

	"github.com/spf13/cobra"
)

// Exit statuses of DESIGN.md, and exitBrokenPipe: a command whose
// output's reader closed it (`folio export | head`) ends as every Unix
// filter does, with the status a shell gives a process ended by SIGPIPE
// and no message.
const (
	exitOK         = 0
	exitFail       = 1
	exitUsage      = 2
	exitBrokenPipe = 128 + 13
)

// usageError marks an error as bad usage (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// env is what every command shares: the streams and the global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	db             string
	reviewer       string
	configPath     string
	// server, token and fingerprint reach a store that folio serve
	// serves over TCP
	server, token, fingerprint string
	getenv                     func(string) string
	// supervise, when set, is the command line to run again in a
	// supervised child (supervise.go) at the moment the store is opened.
	supervise []string
	// quiet keeps the server's messages off stderr (the TUI's screen)
	quiet bool
	// waitForOwner keeps a client of another folio's store one when that
	// folio quits: the TUI waits for the next owner and reloads
	// (tui/live.go) rather than take the store over as a command does
	waitForOwner bool
	// busy, when set, hears of the heavy work the command does
	// (tui.Options.Busy), for the message of a heap that passed its cap
	busy *busyWith
	// stop, when set, carries requests from outside to stop the command
	// (stop.go)
	stop *stopper
	// deferDerived opens the store with store.Options.DeferDerived (folio
	// import: derived.go)
	deferDerived bool
}

// childExited is what opening the store returns in a supervising process:
// the supervised child has run the command, and exited with code.
type childExited struct{ code int }

func (c childExited) Error() string { return fmt.Sprintf("exit status %d", c.code) }

// run executes the folio command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(&env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}, args)
}

// runEnv is run with its environment.
func runEnv(e *env, args []string) int {
	root := e.rootCmd()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ce childExited
	if errors.As(err, &ce) {
		return ce.code // the child said why
	}
	for _, msg := range messages(err) {
		fmt.Fprintln(e.stderr, "folio:", safetext.Text(msg))
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFail
}

// messages are the messages of err to print, each after "folio:": one,
// or one for each error that err joins (errors.Join: a problem with each
// of several paths).
func messages(err error) []string {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []string{err.Error()}
	}
	var msgs []string
	for _, e := range j.Unwrap() {
		msgs = append(msgs, e.Error())
	}
	if strings.Join(msgs, "\n") != err.Error() {
		return []string{err.Error()} // fmt.Errorf with several %w
	}
	return msgs
}

// defaultReviewer is the login name, else $USER, else "folio".
func defaultReviewer(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := getenv("USER"); u != "" {
		return u
	}
	return "folio"
}

func (e *env) addGlobalFlags(c *cobra.Command) {
	db := e.getenv("FOLIO_DB")
	if db == "" {
		db = "folio.db"
	}
	f := c.PersistentFlags()
	f.StringVar(&e.db, "db", db, "the store file (env FOLIO_DB)")
	f.StringVar(&e.reviewer, "reviewer", defaultReviewer(e.getenv), "who is recorded on each change")
	f.StringVar(&e.configPath, "config", "", "the config file (default ./folio.toml if present)")
	f.StringVar(&e.server, "server", e.getenv("FOLIO_SERVER"), "work on the store folio serve --listen serves at host:port (env FOLIO_SERVER)")
	f.StringVar(&e.token, "token", e.getenv("FOLIO_TOKEN"), "your token for --server (env FOLIO_TOKEN)")
	f.StringVar(&e.fingerprint, "fingerprint", e.getenv("FOLIO_FINGERPRINT"), "the server's certificate fingerprint to pin, as folio serve prints it (env FOLIO_FINGERPRINT)")
}

// open opens the store for writing. When another folio holds it and
// serves it, it is that folio's store, through its socket; else this
// process holds it, and serves it to the others until it closes it.
func (e *env) open() (store.API, error) { return e.openShared(false) }

// openRead opens an existing store for reading; other readers may share
// it. A store another folio holds is read through its socket.
func (e *env) openRead() (store.API, error) { return e.openShared(true) }

// openShared opens the store as open and openRead do: through a
// supervised child, the --server given, the socket of the folio that
// holds the store, or the file itself. A command's client of the folio
// that holds it takes the store over when that folio quits (takeover.go);
// the TUI's waits for the next one instead (waitForOwner).
func (e *env) openShared(readOnly bool) (store.API, error) {
	if err := e.handOver(); err != nil {
		return nil, err
	}
	if e.server != "" {
		return e.dialTCP()
	}
	s, err := e.openHere(readOnly, 0)
	if c, ok := s.(*remote.Client); ok && !e.waitForOwner {
		reopen := func() (store.API, error) { return e.openHere(readOnly, takeoverWait) }
		return newTakeover(c, reopen, e.stderr), nil
	}
	return s, err
}

// openHere opens the store on this host: the socket of the folio that
// holds it, else the file itself, waiting up to wait (0: the store's
// default) for its lock. Opened for writing, this process serves it to
// the others until it closes it.
func (e *env) openHere(readOnly bool, wait time.Duration) (store.API, error) {
	if c := e.dial(); c != nil {
		return c, nil
	}
	s, c, err := e.openLocal(store.Options{Author: e.reviewer, ReadOnly: readOnly, Timeout: wait, DeferDerived: e.deferDerived})
	if c != nil || err != nil {
		return c, err
	}
	if readOnly {
		return s, nil
	}
	var errs io.Writer = e.stderr
	if e.quiet {
		errs = nil
	}
	srv := remote.NewServer(s, errs)
	if err := srv.ServeUnix(remote.SocketPath(e.db)); err != nil {
		fmt.Fprintf(e.stderr, "folio: other folios cannot share the store while this one holds it: %s\n", safetext.Line(err.Error()))
	} else if e.stop != nil {
		e.stop.removeOnExit(remote.SocketPath(e.db))
	}
	return srv.Local(), nil
}

// openLocal opens the store's file. When another folio took it in the
// meantime and has started to serve it, the store comes through its
// socket instead: the client, and no *store.Store.
func (e *env) openLocal(o store.Options) (*store.Store, store.API, error) {
	s, err := store.Open(e.db, o)
	if errors.Is(err, store.ErrLocked) {
		if c := e.dial(); c != nil { // it was starting to serve
			return nil, c, nil
		}
	}
	if err != nil {
		return nil, nil, err
	}
	return s, nil, nil
}

// dial connects to the folio serving the store, or returns nil when none
// does.
func (e *env) dial() *remote.Client {
	c, err := remote.DialUnix(remote.SocketPath(e.db), remote.ClientOptions{Path: e.db, Reviewer: e.reviewer})
	if err != nil {
		return nil
	}
	return c
}

// handOver runs the command line in a supervised child when this process
// supervises, and returns its exit status as a childExited. It returns nil
// when this process is to open the store itself.
func (e *env) handOver() error {
	if e.supervise == nil {
		return nil
	}
	code, ok := supervise(e.supervise, e.stderr)
	if !ok {
		// no child could be started: run here, unsupervised, and stop
		// on the same signals
		saved := saveTerminal()
		e.stop = newStopper()
		e.stop.stopOnSignals(func(msg string) {
			restoreTerminal(saved)
			e.stop.exitHooks()
			fmt.Fprintln(e.stderr, msg)
			os.Exit(exitFail)
		})
		return nil
	}
	return childExited{code}
}

// dialTCP connects to the store folio serve serves at --server.
func (e *env) dialTCP() (store.API, error) {
	cfg, err := remote.PinnedTLS(e.fingerprint)
	if err != nil {
		return nil, usageError{err}
	}
	c, err := remote.DialTCP(e.server, remote.ClientOptions{TLS: cfg, Token: e.token})
	var op *net.OpError
	switch {
	case remote.Unsent(err) && errors.As(err, &op):
		return nil, fmt.Errorf("connect to %s: no folio serves there (%w)", e.server, op.Err)
	case err != nil:
		return nil, fmt.Errorf("connect to %s: %w", e.server, untrustedHint(err, e.fingerprint != ""))
	}
	return c, nil
}

// untrustedHint adds to a server's untrusted certificate what to do about
// it: pin the fingerprint folio serve printed (pinned says one was given).
func untrustedHint(err error, pinned bool) error {
	var pin *remote.PinError
	switch {
	case errors.As(err, &pin):
		return fmt.Errorf("%w: it is %s, not %s as --fingerprint pins it: pass the fingerprint folio serve printed when it started (\"serving on … over TLS, certificate sha256:…\"); if you did, this is not your server", remote.ErrUntrusted, pin.Got, pin.Pinned)
	case errors.Is(err, remote.ErrUntrusted) && !pinned:
		return fmt.Errorf("%w: pass --fingerprint sha256:… as folio serve printed it when it started (\"serving on … over TLS, certificate sha256:…\")", err)
	}
	return err
}

func (e *env) config() (config.Config, error) {
	return config.Load(e.configPath)
}

// wantArgs is cobra.ExactArgs etc. with a usage error.
func wantArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func (e *env) rootCmd() *cobra.Command {
	var cpuprofile string
	root := &cobra.Command{
		Use:   "folio [PATH...]",
		Short: "Review and annotate a text corpus in the terminal",
		Long: strings.TrimSpace(`
folio opens a document list, a reader and an annotation panel over a local
store (--db, default ./folio.db). PATHs (.txt files, folders, .jsonl) are
imported first; with no PATH and an empty store, the bundled seed corpus is
imported.`),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          wantArgs(cobra.ArbitraryArgs), // PATHs, not subcommands
		RunE: func(c *cobra.Command, args []string) error {
			for _, a := range args {
				if _, err := os.Stat(a); err != nil {
					if sug := c.SuggestionsFor(a); len(sug) > 0 {
						return usageError{fmt.Errorf("unknown command %q (did you mean %q?) and no such file", safetext.Line(a), sug[0])}
					}
					if !strings.ContainsAny(a, "./") {
						return usageError{fmt.Errorf("unknown command %q and no such file (see folio --help)", safetext.Line(a))}
					}
				}
			}
			return e.runTUI(args, cpuprofile)
		},
	}
	// every command takes --config: one that reads no setting still
	// refuses a config file given that is missing, not a regular file,
	// or broken, rather than let a typo pass. The implicit ./folio.toml
	// is the business of the commands that read settings: a broken one
	// must not stop help, check or backup.
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if e.configPath == "" || c.Name() == "help" {
			return nil
		}
		_, err := e.config()
		return err
	}
	root.Flags().StringVar(&cpuprofile, "cpuprofile", "", "write a CPU profile of the session to this file (for go tool pprof)")
	_ = root.Flags().MarkHidden("cpuprofile")
	root.SuggestionsMinimumDistance = 2
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	e.addGlobalFlags(root)
	root.AddCommand(e.importCmd(), e.statsCmd(), e.backupCmd(), e.checkCmd(), e.exportCmd(), e.suggestCmd(), e.serveCmd(), e.tokenCmd(), e.assignCmd(), e.agreeCmd(), e.curateCmd())
	for _, c := range root.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return root
}
