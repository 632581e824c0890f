package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"syscall"
	"time"

	"folio/internal/safetext"

	"golang.org/x/term"
)

// A folio command runs in a child process that this program supervises
// (the same binary, with superviseEnv set). Pages damaged into a loop make
// bbolt recurse until the stack overflows, or allocate without end: the
// Go runtime ends such a process with a fatal error that no recover
// catches, with exit status 2 (the bad-usage status) and a raw terminal
// if the TUI was running. The supervisor turns every such end into exit
// status 1 with a message, and puts the terminal back as it was.
const (
	superviseEnv = "FOLIO_SUPERVISED"
	// maxHeapEnv sets the heap size, in MiB, at which a supervised
	// command is stopped (default defaultMaxHeapMB).
	maxHeapEnv       = "FOLIO_MAX_HEAP_MB"
	defaultMaxHeapMB = 4096
	// maxStack bounds a goroutine's stack in a supervised command, so
	// that endless recursion in a damaged page tree ends in a moment
	// (the runtime's default is 1 GB, which takes seconds to fill).
	maxStack = 64 << 20
	// statusFD is the child's end of the pipe that carries its exit
	// status (one byte), and then a message for the supervisor to print
	// once the terminal is restored: a child that ends without writing
	// a status crashed.
	statusFD = 3
	// lifelineFD is the child's end of a pipe whose other end only the
	// supervisor holds: it ends when the supervisor does, killed or not,
	// and the child then stops its command (stop.go).
	lifelineFD = 4
)

// supervise runs the command line args in a supervised child and returns
// its exit status. ok is false when no child could be started; the caller
// then runs the command itself.
func supervise(args []string, stderr io.Writer) (code int, ok bool) {
	self, err := os.Executable()
	if err != nil {
		return 0, false
	}
	statusR, statusW, err := os.Pipe()
	if err != nil {
		return 0, false
	}
	defer statusR.Close()
	lifeR, lifeW, err := os.Pipe()
	if err != nil {
		statusW.Close()
		return 0, false
	}
	// held open (and so kept from the collector) until the child is done
	defer lifeW.Close()
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), superviseEnv+"=1")
	if os.Getenv("GOTRACEBACK") == "" {
		cmd.Env = append(cmd.Env, "GOTRACEBACK=none") // a crash prints one line, not every goroutine
	}
	cmd.Stdin, cmd.Stdout = os.Stdin, os.Stdout
	// the child's messages pass through a filter that holds back the
	// runtime's dump of a crash; the child draws its progress bar as if
	// it wrote to the terminal itself
	errR, errW, err := os.Pipe()
	if err != nil {
		statusW.Close()
		lifeR.Close()
		return 0, false
	}
	cmd.Stderr = errW
	if isTerminal(os.Stderr) {
		cmd.Env = append(cmd.Env, stderrTTYEnv+"=1")
	}
	cmd.ExtraFiles = []*os.File{statusW, lifeR} // fds 3 and 4 in the child
	saved := saveTerminal()
	defer saved.close()
	sigs := make(chan os.Signal, 4)
	notifyStop(sigs)
	defer signal.Stop(sigs)
	err = cmd.Start()
	statusW.Close()
	lifeR.Close()
	errW.Close()
	if err != nil {
		errR.Close()
		return 0, false
	}
	crash := make(chan string, 1)
	go func() { crash <- filterCrash(stderr, errR); errR.Close() }()
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s) // a signal sent to folio reaches the command
		}
	}()
	status := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(statusR) // to the child's end
		status <- b
	}()
	werr := cmd.Wait()
	st := <-status
	dump := <-crash
	if len(st) > 0 && st[0] == exitOK {
		return exitOK, true
	}
	// the child's last message is printed here, on the main screen: a
	// TUI's alternate screen, left by the restore, would take it along
	restoreTerminal(saved)
	if len(st) > 0 {
		if msg := st[1:]; len(msg) > 0 {
			fmt.Fprintln(stderr, safetext.Line(string(msg)))
		}
		return int(st[0]), true
	}
	var ee *exec.ExitError
	how := fmt.Sprint(werr)
	if errors.As(werr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			how = "killed by signal " + ws.Signal().String()
			if ws.Signal() == syscall.SIGPIPE {
				// the reader of the output went away (`folio export |
				// head`): the end every Unix filter has, said by the
				// shell's status alone
				return exitBrokenPipe, true
			}
			if ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM || ws.Signal() == syscall.SIGHUP {
				fmt.Fprintln(stderr, "folio: interrupted")
				return exitFail, true
			}
			if ws.Signal() == syscall.SIGKILL && dump == "" {
				// from outside: kill -9, or the system out of memory (the
				// heap cap stops a looping store before that, with its
				// own message)
				fmt.Fprintln(stderr, "folio: stopped: the command was killed (SIGKILL: by another process, or by the system when memory ran out); what it saved is saved")
				return exitFail, true
			}
		}
	}
	if dump != "" {
		how = dump
	}
	fmt.Fprintf(stderr, "folio: stopped: the command crashed (%s); a store damaged so that its pages loop does this: run folio check\n", how)
	return exitFail, true
}

// stderrTTYEnv tells a supervised child that its messages reach a
// terminal (through the supervisor's filter).
const stderrTTYEnv = "FOLIO_STDERR_TTY"

// crashMarks start the lines of the Go runtime's report of a crash.
var crashMarks = [][]byte{[]byte("fatal error: "), []byte("runtime: "), []byte("panic: "), []byte("goroutine "), []byte("SIGSEGV"), []byte("unexpected fault")}

// filterCrash copies the child's messages from r to w until a line starts
// like the runtime's report of a crash; it holds back the rest (stack
// dumps mean nothing to a user) and returns the report's first line.
func filterCrash(w io.Writer, r io.Reader) string {
	buf := make([]byte, 32<<10)
	lineStart := true
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 {
			if lineStart {
				for _, m := range crashMarks {
					if bytes.HasPrefix(chunk, m) {
						first := chunk
						if i := bytes.IndexByte(first, '\n'); i >= 0 {
							first = first[:i]
						}
						io.Copy(io.Discard, r)
						if bytes.Contains(first, []byte("stack exceeds")) {
							return "stack overflow"
						}
						return safetext.Line(string(first))
					}
				}
			}
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				w.Write(chunk)
				lineStart = false
				break
			}
			w.Write(chunk[:i+1])
			chunk, lineStart = chunk[i+1:], true
		}
		if err != nil {
			return ""
		}
	}
}

// runSupervised runs the command line as a supervised child: a bounded
// stack, a heap watchdog, and its exit status reported on statusFD.
func runSupervised(args []string) int {
	os.Unsetenv(superviseEnv) // not for the children this one starts
	status := os.NewFile(statusFD, "status")
	lifeline := os.NewFile(lifelineFD, "lifeline")
	// the supervisor reads the status to its end, and the lifeline is
	// this process's: not for the programs it runs
	syscall.CloseOnExec(statusFD)
	syscall.CloseOnExec(lifelineFD)
	debug.SetMaxStack(maxStack)
	limit := int64(defaultMaxHeapMB)
	if n, err := strconv.ParseInt(os.Getenv(maxHeapEnv), 10, 64); err == nil && n > 0 {
		limit = n
	}
	saved := saveTerminal()
	defer saved.close()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, busy: &busyWith{}, stop: newStopper()}
	// end ends the process at once, with exit status code and a message
	// for the supervisor to print ("" for none)
	end := func(code int, msg string) {
		e.stop.exitHooks()
		report(status, code, msg)
		os.Exit(code)
	}
	go watchHeap(limit<<20, func() {
		// the supervisor prints it, once it has restored the terminal
		end(exitFail, heapMessage(limit, e.busy.String()))
	})
	e.stop.stopOnSignals(func(msg string) {
		restoreTerminal(saved)
		end(exitFail, msg)
	})
	go func() {
		if !supervisorGone(lifeline) {
			return
		}
		// no one reads the messages any more: a write to them must not
		// end the process before it has restored the terminal
		signal.Ignore(syscall.SIGPIPE)
		if e.stop.stop(errSupervisorGone) {
			time.Sleep(stopGrace)
		}
		restoreTerminal(saved)
		end(exitFail, "")
	}()
	code := runEnv(e, args)
	report(status, code, "")
	return code
}

// heapMessage says that a command was stopped as its heap passed limit
// MiB while it was doing what (tui.Options.Busy; "" if not known).
func heapMessage(limit int64, doing string) string {
	if doing != "" {
		doing = " while " + doing
	}
	return fmt.Sprintf("folio: stopped: memory use passed %d MiB%s: the work may need more (%s raises the limit), or the store may be damaged (folio check tells)",
		limit, doing, maxHeapEnv)
}

// report tells the supervisor the exit status code and a message for it
// to print once the terminal is restored ("" for none).
func report(status *os.File, code int, msg string) {
	if status != nil {
		status.Write(append([]byte{byte(code)}, msg...))
	}
}

// watchHeap calls stop when the live heap passes limit bytes.
func watchHeap(limit int64, stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(sample)
		if int64(sample[0].Value.Uint64()) > limit {
			stop()
			return
		}
	}
}

// savedTerminal is the mode of the terminal a TUI takes its keys from:
// standard input, or /dev/tty when that is not a terminal (as Bubble Tea
// and tui.Run choose it).
type savedTerminal struct {
	f     *os.File
	state *term.State
	owned bool // f was opened here
}

// saveTerminal saves the mode of the terminal the keys come from; none
// is saved when there is no terminal.
func saveTerminal() savedTerminal {
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		st, _ := term.GetState(fd)
		return savedTerminal{f: os.Stdin, state: st}
	}
	f, err := os.Open("/dev/tty")
	if err != nil {
		return savedTerminal{}
	}
	st, err := term.GetState(int(f.Fd()))
	if err != nil {
		f.Close()
		return savedTerminal{}
	}
	return savedTerminal{f: f, state: st, owned: true}
}

// close closes the terminal saveTerminal opened.
func (s savedTerminal) close() {
	if s.owned {
		s.f.Close()
	}
}

// restoreTerminal puts the terminal back as it was before the command, in
// case a TUI ended without doing so: its saved mode (echo, line editing),
// the main screen, a visible cursor, no mouse or bracketed-paste reports.
func restoreTerminal(saved savedTerminal) {
	if saved.state == nil {
		return
	}
	term.Restore(int(saved.f.Fd()), saved.state)
	if term.IsTerminal(int(os.Stdout.Fd())) {
		os.Stdout.WriteString("\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?25h\x1b[?1049l")
	}
}
