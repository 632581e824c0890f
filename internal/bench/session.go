package bench

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
)

// Session is a program running in a pseudo-terminal, its output read as
// it comes into a Screen. Every change of the screen is timed when its
// bytes arrive, so a wait reports when the screen first showed what it
// waited for, not when the wait noticed.
type Session struct {
	cmd   *exec.Cmd
	tty   *os.File
	Start time.Time // when the program was started

	mu      sync.Mutex
	screen  *Screen
	changed chan struct{} // closed and replaced on every output
	at      time.Time     // when the last output arrived
	done    bool
	err     error

	closeOnce sync.Once
	closeErr  error
}

// StartSession starts name with args in a w×h pseudo-terminal, with env
// added to the environment.
func StartSession(w, h int, env []string, name string, args ...string) (*Session, error) {
	return StartSessionTyping("", w, h, env, name, args...)
}

// StartSessionTyping is StartSession with keys typed while the program
// asks the terminal what it is: they reach it just before the terminal's
// answer to its first device-attributes query (DA1), as keys a user types
// right after the command does.
func StartSessionTyping(keys string, w, h int, env []string, name string, args ...string) (*Session, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	s := &Session{cmd: cmd, screen: NewScreen(h), changed: make(chan struct{})}
	s.screen.typed = []byte(keys)
	s.Start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(h), Cols: uint16(w)})
	if err != nil {
		return nil, fmt.Errorf("start %s in a terminal: %w", name, err)
	}
	s.tty = tty
	go s.read()
	return s, nil
}

// Pid is the process id of the program.
func (s *Session) Pid() int { return s.cmd.Process.Pid }

func (s *Session) read() {
	buf := make([]byte, 64<<10)
	for {
		n, err := s.tty.Read(buf)
		now := time.Now()
		if n > 0 {
			s.mu.Lock()
			reply := s.screen.Write(buf[:n])
			s.at = now
			close(s.changed)
			s.changed = make(chan struct{})
			s.mu.Unlock()
			if len(reply) > 0 {
				_, _ = s.tty.Write(reply)
			}
		}
		if err != nil {
			s.mu.Lock()
			s.done = true
			if !errors.Is(err, io.EOF) && !errors.Is(err, syscall.EIO) {
				s.err = err
			}
			close(s.changed)
			s.changed = make(chan struct{})
			s.mu.Unlock()
			return
		}
	}
}

// Send writes keys to the program and returns when it did.
func (s *Session) Send(keys string) (time.Time, error) {
	t := time.Now()
	if _, err := io.WriteString(s.tty, keys); err != nil {
		return t, fmt.Errorf("send %q: %w", keys, err)
	}
	return t, nil
}

// ErrTimeout is returned by Wait when the screen never showed what was
// waited for.
var ErrTimeout = errors.New("timed out")

// Wait waits until ok holds for the screen and returns when the output
// that made it hold arrived (if it holds already, when the last output
// arrived). It returns the screen's text with an error when timeout
// passes first or the program ends first.
func (s *Session) Wait(timeout time.Duration, ok func(*Screen) bool) (time.Time, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if ok(s.screen) {
			at := s.at
			s.mu.Unlock()
			return at, nil
		}
		ch, done, err := s.changed, s.done, s.err
		s.mu.Unlock()
		if done {
			return time.Time{}, fmt.Errorf("the program ended (%v) before the screen showed it; it shows:\n%s", err, s.ScreenText())
		}
		select {
		case <-ch:
		case <-deadline.C:
			return time.Time{}, fmt.Errorf("%w after %v; the screen shows:\n%s", ErrTimeout, timeout, s.ScreenText())
		}
	}
}

// ScreenText returns what the screen shows now.
func (s *Session) ScreenText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.screen.String()
}

// Close ends the program (SIGTERM, then SIGKILL after a second) and its
// process group, and closes the terminal. Closing again does nothing.
func (s *Session) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Session) close() error {
	pid := s.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		_ = s.cmd.Process.Kill()
		<-exited
	}
	return s.tty.Close()
}
