package main

import (
	"fmt"
	"io"
	"time"

	"folio/internal/safetext"
)

// progress draws the progress of a long import or export on a terminal
// once it has taken more than a moment; elsewhere (a pipe, a file) it
// draws nothing and only passes messages through.
type progress struct {
	w            io.Writer
	verb         string // "importing", "exporting"
	tty          bool
	total, n     int64
	start, drawn time.Time
	shown        bool
	// after is how long the work runs before the bar shows; every is how
	// often it is drawn again.
	after, every time.Duration
}

// newProgress returns a progress over total bytes (0: unknown) that
// draws on w when tty is set.
func newProgress(w io.Writer, verb string, total int64, tty bool) *progress {
	return &progress{w: w, verb: verb, tty: tty, total: total, start: time.Now(),
		after: 500 * time.Millisecond, every: 100 * time.Millisecond}
}

// add counts n more bytes done, and draws the bar when it is time to.
func (p *progress) add(n int64) {
	p.n += n
	if !p.tty || time.Since(p.start) < p.after || time.Since(p.drawn) < p.every {
		return
	}
	p.drawn = time.Now()
	p.shown = true
	const width = 30
	mb := float64(p.n) / 1e6
	rate := mb / max(time.Since(p.start).Seconds(), 1e-9)
	if p.total <= 0 || p.n > p.total {
		fmt.Fprintf(p.w, "\r\x1b[K%s… %.1f MB (%.1f MB/s)", p.verb, mb, rate)
		return
	}
	done := min(int(float64(p.n)/float64(p.total)*width), width)
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '░'
		if i < done {
			bar[i] = '█'
		}
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s %3.0f%% %.1f MB (%.1f MB/s)", string(bar), 100*float64(p.n)/float64(p.total), mb, rate)
}

// println prints a message that may carry data (file names, ids, labels):
// sanitized, so that data never reaches the terminal as control.
func (p *progress) println(msg string) {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintln(p.w, safetext.Line(msg))
}

// done clears the bar.
func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
