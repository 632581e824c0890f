package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// A command is asked to stop from outside by SIGINT, SIGTERM or SIGHUP
// (forwarded by its supervisor, or sent to it), and, when supervised, when
// the folio that supervises it is gone (killed with kill -9: nothing is
// left to restore the terminal after it). A command that heeds the request
// (the TUI, import, serve) ends at its next safe point, the way it ends
// when it is done: the terminal restored, what it wrote saved, the store
// closed and its socket removed; it exits with status 1 and says so (an
// import says what it saved), except serve, whose end it is. Any other
// command is ended at once by its process, which restores the terminal
// and removes the socket first (exit hooks), as is one that does not end
// within stopGrace of its supervisor's end, or on a second signal.

// errSupervisorGone is why a command stops when the folio that started it
// (and supervised it) is gone.
var errSupervisorGone = errors.New("stopped: the folio that started this command is gone")

// interrupted is why a command stops when a signal asked it to.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string {
	name := i.sig.String()
	switch i.sig {
	case os.Interrupt:
		name = "SIGINT"
	case syscall.SIGTERM:
		name = "SIGTERM"
	case syscall.SIGHUP:
		name = "SIGHUP"
	}
	return "interrupted (" + name + ")"
}

// notifyStop relays to c the signals that ask a command to stop: SIGINT,
// SIGTERM and SIGHUP, except those ignored when folio started (nohup),
// which stay ignored, in the command too.
func notifyStop(c chan<- os.Signal) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(sig) {
			signal.Notify(c, sig)
		}
	}
}

// repeatAfter is how long after a first signal a second one ends the
// process at once: one sooner is the same (a ctrl-C reaches the command
// from the terminal and again from its supervisor).
const repeatAfter = time.Second

// stopOnSignals has the signals of notifyStop ask the command to stop.
// When it does not heed the request, and at a second signal, end ends
// the process at once, with a message for the user.
func (s *stopper) stopOnSignals(end func(msg string)) {
	sigs := make(chan os.Signal, 4)
	notifyStop(sigs)
	go func() {
		var first time.Time
		for sig := range sigs {
			why := interrupted{sig}
			switch {
			case first.IsZero():
				first = time.Now()
				if s.stop(why) {
					continue
				}
			case time.Since(first) < repeatAfter:
				continue
			}
			end("folio: " + why.Error())
		}
	}()
}

// stopGrace is how long a command that heeds a request to stop has to end
// on its own (a TUI: the terminal restored, the store closed, which waits
// up to two seconds for the calls of its clients).
const stopGrace = 5 * time.Second

// stopper carries requests to stop to the command of a process.
type stopper struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	heeded atomic.Bool // the command watches ctx

	mu    sync.Mutex
	hooks []func()
}

func newStopper() *stopper {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &stopper{ctx: ctx, cancel: cancel}
}

// heed returns the context that is done when the command is to stop
// (context.Cause says why), and records that the command watches it.
func (s *stopper) heed() context.Context {
	s.heeded.Store(true)
	return s.ctx
}

// stop asks the command to stop, for the reason why, and reports whether
// it heeds the request (else the process must end it).
func (s *stopper) stop(why error) (heeded bool) {
	s.cancel(why)
	return s.heeded.Load()
}

// onExit adds fn to what an end at once does first.
func (s *stopper) onExit(fn func()) {
	s.mu.Lock()
	s.hooks = append(s.hooks, fn)
	s.mu.Unlock()
}

// exitHooks runs what onExit added, once.
func (s *stopper) exitHooks() {
	s.mu.Lock()
	hooks := s.hooks
	s.hooks = nil
	s.mu.Unlock()
	for _, fn := range hooks {
		fn()
	}
}

// removeOnExit has an end at once remove the socket at path, that this
// process serves on, unless another file is there by then (a folio that
// held the store after this one).
func (s *stopper) removeOnExit(path string) {
	fi, err := os.Lstat(path)
	if err != nil {
		return
	}
	s.onExit(func() {
		if now, err := os.Lstat(path); err == nil && os.SameFile(fi, now) {
			os.Remove(path)
		}
	})
}

// stopContext is the context of a request to stop the command (see
// stopper.heed): one that is never done when no one can ask.
func (e *env) stopContext() context.Context {
	if e.stop == nil {
		return context.Background()
	}
	return e.stop.heed()
}

// stopped returns the reason the command was asked to stop, when it was
// (ctx is stopContext's), else err.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// supervisorGone reads lifeline, the pipe whose other end only the
// supervisor holds, and reports whether it ended: the supervisor is gone.
// It returns false at once when there is no such pipe.
func supervisorGone(lifeline *os.File) bool {
	var b [1]byte
	for {
		_, err := lifeline.Read(b[:])
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}
