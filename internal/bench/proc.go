package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StatusKB returns the field (such as "RssAnon") of a /proc/PID/status
// file's contents, in kB.
func StatusKB(status []byte, field string) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("status field %s: %q is not a size in kB", field, rest)
		}
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("status field %s: %q is not a size in kB", field, rest)
		}
		return v, nil
	}
	return 0, fmt.Errorf("status has no field %s", field)
}

// Tree returns pid and its descendants, as /proc lists them now.
func Tree(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", out[i]))
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if c, err := strconv.Atoi(f); err == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// AnonBytes returns the anonymous resident memory (RssAnon) of pid and
// its descendants: folio runs each command in a supervised child process,
// so the parent alone would leave out the program.
func AnonBytes(pid int) (int64, error) {
	var sum int64
	for _, p := range Tree(pid) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			if p == pid {
				return 0, err
			}
			continue // a child that just ended
		}
		kb, err := StatusKB(b, "RssAnon")
		if err != nil {
			return 0, fmt.Errorf("process %d: %w", p, err)
		}
		sum += kb << 10
	}
	return sum, nil
}

// MemWatch samples AnonBytes of a process tree until stopped and keeps the
// peak.
type MemWatch struct {
	stop chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak int64
	last int64
}

// WatchMem samples pid's tree every interval.
func WatchMem(pid int, interval time.Duration) *MemWatch {
	w := &MemWatch{stop: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			w.Sample(pid)
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

// Sample takes one sample now and returns it.
func (w *MemWatch) Sample(pid int) int64 {
	n, err := AnonBytes(pid)
	if err != nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = n
	w.peak = max(w.peak, n)
	return n
}

// Peak returns the largest sample so far.
func (w *MemWatch) Peak() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}

// Stop ends the sampling.
func (w *MemWatch) Stop() {
	close(w.stop)
	w.wg.Wait()
}
