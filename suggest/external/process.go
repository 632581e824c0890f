package external

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// MaxLine is the longest response line read from a command, in bytes.
const MaxLine = 64 << 20

// The restart policy: after maxFails failures in a row, a command rests
// before it is started again, twice as long after each further failure.
const (
	maxFails    = 3
	firstRest   = 5 * time.Second
	longestRest = 5 * time.Minute
)

// process is a command suggester: one long-lived child, started at the
// first request and again after it died or was stopped for a timeout.
// One request is in flight at a time.
type process struct {
	name           string
	argv           []string
	timeout, start time.Duration

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  *os.File
	stdout *os.File
	lines  chan line     // from the reader goroutine; closed at end of output
	dead   chan struct{} // closed when the child has exited
	errs   *tail         // the end of its stderr
	fresh  bool          // started, not yet answered
	fails  int           // failures in a row
	rest   time.Time     // no start before
	last   string        // the last failure, for the rest message
	now    func() time.Time
}

type line struct {
	b   []byte
	err error
}

func newProcess(name string, argv []string, timeout, start time.Duration) *process {
	return &process{name: name, argv: argv, timeout: timeout, start: start, now: time.Now}
}

// ask sends req and waits for the answer with its id. Lines that are not
// a response are skipped and counted in skipped (with the first of them);
// an answer missing after the timeout stops the child, which the next
// request starts again.
func (p *process) ask(ctx context.Context, req Request) (Response, []string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		select {
		case <-p.dead: // died between requests: start it again at once
			p.stop()
		default:
		}
	}
	if p.cmd == nil {
		if wait := p.rest.Sub(p.now()); wait > 0 {
			return Response{}, nil, fmt.Errorf("stopped after %d failures in a row (last: %s); tried again in %s", p.fails, p.last, wait.Round(time.Second))
		}
		if err := p.launch(); err != nil {
			return Response{}, nil, p.failed(err)
		}
	}
	limit := p.timeout
	if p.fresh {
		limit = p.start
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, nil, fmt.Errorf("encode the request: %w", err)
	}
	if err := p.write(ctx, append(b, '\n')); err != nil {
		p.stop()
		return Response{}, nil, p.failed(err)
	}
	var notes []string
	for {
		select {
		case <-ctx.Done():
			p.stop()
			err := fmt.Errorf("no answer in %s; stopped, started again at the next document", limit)
			if ctx.Err() == context.Canceled {
				err = ctx.Err()
			}
			return Response{}, notes, p.failed(err)
		case l, ok := <-p.lines:
			if !ok || l.err != nil {
				why := "its output ended"
				if l.err != nil {
					why = l.err.Error()
				}
				err := fmt.Errorf("%s%s", why, p.exit())
				p.stop()
				return Response{}, notes, p.failed(err)
			}
			if len(strings.TrimSpace(string(l.b))) == 0 {
				continue
			}
			r, err := parseResponse(l.b)
			switch {
			case err != nil:
				notes = append(notes, fmt.Sprintf("skipped a line that is not a response (%v): %s", err, clip(string(l.b), 60)))
				continue
			case r.ID != req.ID:
				notes = append(notes, fmt.Sprintf("skipped an answer for another document %q", clip(r.ID, 40)))
				continue
			}
			p.fresh, p.fails = false, 0
			return r, notes, nil
		}
	}
}

// write writes b to the child's stdin, bounded by ctx: a child that does
// not read must not hold folio up.
func (p *process) write(ctx context.Context, b []byte) error {
	if dl, ok := ctx.Deadline(); ok {
		_ = p.stdin.SetWriteDeadline(dl)
	}
	if _, err := p.stdin.Write(b); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("it did not read the document in time")
		}
		return fmt.Errorf("send the document: %w%s", err, p.exit())
	}
	return nil
}

// failed counts a failure and returns err.
func (p *process) failed(err error) error {
	p.fails++
	p.last = clip(err.Error(), 200)
	if p.fails >= maxFails {
		rest := firstRest << (p.fails - maxFails)
		if rest > longestRest || rest <= 0 {
			rest = longestRest
		}
		p.rest = p.now().Add(rest)
	}
	return err
}

// launch starts the child.
func (p *process) launch() error {
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	inR, inW, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("start %s: %w", p.argv[0], err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return fmt.Errorf("start %s: %w", p.argv[0], err)
	}
	errs := &tail{max: 2048}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errs
	cmd.WaitDelay = time.Second
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		for _, f := range []*os.File{inR, inW, outR, outW} {
			f.Close()
		}
		return fmt.Errorf("start %s: %w", p.argv[0], err)
	}
	inR.Close()
	outW.Close()
	lines := make(chan line, 4)
	go func() {
		defer close(lines)
		defer outR.Close()
		br := bufio.NewReaderSize(outR, 64<<10)
		for {
			b, err := readLine(br)
			if err != nil {
				if !errors.Is(err, errEOF) {
					lines <- line{err: err}
				}
				return
			}
			lines <- line{b: b}
		}
	}()
	dead := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(dead)
	}()
	p.cmd, p.stdin, p.stdout, p.lines, p.dead, p.errs, p.fresh = cmd, inW, outR, lines, dead, errs, true
	return nil
}

var errEOF = errors.New("end of output")

// readLine reads one line of at most MaxLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(out)+len(chunk) > MaxLine {
			return nil, fmt.Errorf("it wrote a line longer than %d MiB", MaxLine>>20)
		}
		out = append(out, chunk...)
		switch {
		case err == nil:
			return out, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case len(out) > 0:
			return out, nil // a last line without its newline
		default:
			return nil, errEOF
		}
	}
}

// stop ends the child: its stdin is closed, then it is killed. Its
// output goroutine ends once the pipe closes.
func (p *process) stop() {
	if p.cmd == nil {
		return
	}
	p.stdin.Close()
	select {
	case <-p.dead:
	default:
		kill(p.cmd)
		<-p.dead
	}
	kill(p.cmd)      // what it started and left behind
	p.stdout.Close() // ends the reader goroutine even if a grandchild holds the pipe
	for range p.lines {
	}
	p.cmd = nil
}

// exit describes how the child ended, if it has: its exit status and the
// last line of its stderr.
func (p *process) exit() string {
	if p.cmd == nil {
		return ""
	}
	select {
	case <-p.dead:
	case <-time.After(200 * time.Millisecond):
		return ""
	}
	var b strings.Builder
	if st := p.cmd.ProcessState; st != nil {
		b.WriteString(" (" + st.String() + ")")
	}
	if last := p.errs.lastLine(); last != "" {
		b.WriteString(": " + clip(last, 120))
	}
	return b.String()
}

// close ends the child gently: stdin closed, a second to exit, then
// killed.
func (p *process) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return nil
	}
	p.stdin.Close()
	select {
	case <-p.dead:
	case <-time.After(time.Second):
	}
	p.stop()
	return nil
}

// tail keeps the last bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, b...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(b), nil
}

func (t *tail) lastLine() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// clip shortens s to about n bytes, on a rune boundary, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
