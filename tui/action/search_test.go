package action

import (
	"context"
	"errors"
	"testing"
	"time"

	"folio/annot"
)

// TestSearchProgress: a search's command returns its progress while it
// runs, each ProgressMsg numbered as the search and waiting (Next) for
// what follows, and at last its plan, numbered too.
func TestSearchProgress(t *testing.T) {
	release := make(chan struct{})
	cmd := search(context.Background(), 7, func(ctx context.Context, tr *tracker) PlanMsg {
		tr.searched(1, 3)
		<-release
		return PlanMsg{What: "w", Places: 2}
	})
	p, ok := cmd().(ProgressMsg)
	if !ok || p.Seq != 7 || p.Searched != 1 || p.Docs != 3 || p.Next == nil {
		t.Fatalf("first message %#v, want the progress of search 7: 1 of 3 documents", p)
	}
	close(release)
	for msg := p.Next(); ; {
		switch m := msg.(type) {
		case ProgressMsg:
			msg = m.Next()
			continue
		case PlanMsg:
			if m.Seq != 7 || m.Places != 2 {
				t.Fatalf("plan %#v, want search 7's", m)
			}
		default:
			t.Fatalf("message %T", m)
		}
		break
	}
}

// TestPlanStops: a plan whose context is done stops with the context's
// error, whether the store can stop its search (WordFinder) or not.
func TestPlanStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	build := func(sp annot.Span) annot.Annotation {
		return annot.Annotation{Kind: annot.KindCorrection, Start: sp.Start, End: sp.End}
	}
	for name, st := range map[string]Store{"FindWord": &fakeStore{}, "WordFinder": &finder{}} {
		done := make(chan PlanMsg, 1)
		go func() { done <- New(st, "", nil).planWord(ctx, nil, "w", "Strasse", build) }()
		select {
		case m := <-done:
			if !errors.Is(m.Err, context.Canceled) || len(m.Ops) != 0 {
				t.Errorf("%s: %d ops, %v; want context.Canceled", name, len(m.Ops), m.Err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the plan did not stop", name)
		}
	}
}

// finder is a store that searches until its context is done.
type finder struct{ fakeStore }

func (*finder) FindWordContext(ctx context.Context, word string, progress func(done, total int)) (map[string][]annot.Span, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
