package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// errStopped tells a Source that the export stopped (the cause is
// returned by Write).
var errStopped = errors.New("export stopped")

// job is one document on its way through the pipeline.
type job struct {
	it   Item
	ctx  docCtx
	buf  *bytes.Buffer
	err  error
	done chan struct{}
}

// pipeline renders the documents of src on all CPUs and writes them to w
// in source order. At most a few documents per CPU are in flight, so
// memory stays flat however long the source is. Warnings are emitted in
// document order, from one goroutine.
func (r *run) pipeline(src Source, render renderer, w io.Writer, name string) error {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *job, workers)
	order := make(chan *job, 2*workers)
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range work {
				j.err = render(&j.ctx, j.it, j.buf)
				close(j.done)
			}
		})
	}

	var stop atomic.Bool
	werr := make(chan error, 1)
	go func() {
		var err error
		for j := range order {
			<-j.done
			if err == nil {
				err = r.put(j, w, name)
				if err != nil {
					stop.Store(true)
				}
			}
			j.buf.Reset()
			bufs.Put(j.buf)
		}
		werr <- err
	}()

	serr := src(func(it Item) error {
		if stop.Load() {
			return errStopped
		}
		// The source may reuse its slices for the next document.
		it.Anns = slices.Clone(it.Anns)
		it.Doc.Tags = slices.Clone(it.Doc.Tags)
		j := &job{it: it, ctx: docCtx{opt: &r.opt}, buf: bufs.Get().(*bytes.Buffer), done: make(chan struct{})}
		order <- j
		work <- j
		return nil
	})
	close(work)
	close(order)
	wg.Wait()
	if err := <-werr; err != nil {
		return err
	}
	if serr != nil {
		return fmt.Errorf("export: read documents: %w", serr)
	}
	return nil
}

// put writes one rendered document and emits its warnings.
func (r *run) put(j *job, w io.Writer, name string) error {
	if j.err != nil {
		return fmt.Errorf("%s: %w", r.opt.Format, j.err)
	}
	r.emit(&j.ctx)
	if _, err := w.Write(j.buf.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	r.stats.Docs++
	r.countLeftOut(j.it)
	return nil
}
