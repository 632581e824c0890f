package tui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/suggest"
)

// walkLogStore logs each step of the walk that marks documents, after
// its pause.
type walkLogStore struct {
	*store.Store
	log *[]string
}

func (s walkLogStore) StaleSuggestions(after string, limit int) ([]store.StaleDoc, int, error) {
	*s.log = append(*s.log, "marks")
	return s.Store.StaleSuggestions(after, limit)
}

func (s walkLogStore) MarkSuggestionEvidence(fingerprint string, all bool, pause func() bool) (int, error) {
	return s.Store.MarkSuggestionEvidence(fingerprint, all, func() bool {
		goOn := pause == nil || pause()
		*s.log = append(*s.log, "step")
		return goOn
	})
}

// fakeQuiet returns a quiet on a fake clock: its sleep advances the
// clock and logs the sleep.
func fakeQuiet(log *[]string) *quiet {
	return fakeClock(&quiet{after: quietAfter}, log)
}

// fakeClock puts q on a fake clock (see fakeQuiet) and returns it.
func fakeClock(q *quiet, log *[]string) *quiet {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	q.now = func() time.Time { return now }
	q.sleep = func(d time.Duration) {
		*log = append(*log, fmt.Sprintf("sleep %s", d))
		now = now.Add(d)
	}
	return q
}

func TestQuietWait(t *testing.T) {
	tests := []struct {
		name  string
		hold  time.Duration   // held this long from Wait's start
		heard []time.Duration // keys heard, this long before Wait (negative: during its first sleep)
		want  []string
	}{
		{"held at launch", time.Second, nil, []string{"sleep 1s"}},
		{"held, and a key", time.Second, []time.Duration{0}, []string{"sleep 1s"}},
		{"held, and a key during the hold", time.Second, []time.Duration{0, -900 * time.Millisecond}, []string{"sleep 1s", "sleep 200ms"}},
		{"no key yet", 0, nil, nil},
		{"a key just now", 0, []time.Duration{0}, []string{"sleep 300ms"}},
		{"a key 100 ms ago", 0, []time.Duration{100 * time.Millisecond}, []string{"sleep 200ms"}},
		{"a key long ago", 0, []time.Duration{time.Second}, nil},
		{"a key exactly quietAfter ago", 0, []time.Duration{quietAfter}, nil},
		{"the last of several keys counts", 0, []time.Duration{time.Second, 250 * time.Millisecond, 200 * time.Millisecond}, []string{"sleep 100ms"}},
		{"a key during the sleep holds it longer", 0, []time.Duration{0, -100 * time.Millisecond}, []string{"sleep 300ms", "sleep 100ms"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			q := fakeQuiet(&log)
			start := q.now()
			if tt.hold > 0 {
				q.hold(tt.hold)
			}
			at := func(d time.Duration) {
				clock := q.now
				q.now = func() time.Time { return start.Add(-d) }
				q.Heard()
				q.now = clock
			}
			var during []time.Duration
			for _, d := range tt.heard {
				if d < 0 {
					during = append(during, d)
					continue
				}
				at(d)
			}
			if len(during) > 0 {
				// heard while Wait sleeps its first sleep: d after Wait began
				sleep := q.sleep
				q.sleep = func(d time.Duration) {
					sleep(d)
					for _, h := range during {
						at(h)
					}
					during, q.sleep = nil, sleep
				}
			}
			if !q.Wait() {
				t.Fatal("Wait said stop")
			}
			if strings.Join(log, ", ") != strings.Join(tt.want, ", ") {
				t.Fatalf("slept %q, want %q", log, tt.want)
			}
		})
	}
	var q *quiet // an app without one: nothing waits
	q.Heard()
	if !q.Wait() || q.wait() != 0 {
		t.Fatal("a nil quiet waited")
	}
}

// hearingSuggester logs each document it is asked about, and tells q of
// a key each time (the reviewer types while the count runs).
type hearingSuggester struct {
	nSuggester
	q   *quiet
	log *[]string
}

func (s *hearingSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	*s.log = append(*s.log, "suggest")
	s.q.Heard()
	return s.nSuggester.Suggest(doc, text, anns)
}

// TestKeysHoldTheCountBack: a key tells the background count, which
// waits for a quiet moment before its walk and before each document it
// counts; the recount after an action waits for nothing.
func TestKeysHoldTheCountBack(t *testing.T) {
	defer func(n int) { countChunk = n }(countChunk)
	countChunk = 3
	st := seedStore(t)
	var log []string
	sg := &hearingSuggester{nSuggester: nSuggester{"002": 5}, log: &log}
	a, _ := launch(t, walkLogStore{st, &log}, sg, "ev1")
	q := fakeClock(a.counter.quiet, &log)
	sg.q = q

	a.Update(keyMsg("j"))
	q.mu.Lock()
	heard := q.last
	q.mu.Unlock()
	if !heard.Equal(q.now()) {
		t.Fatalf("Update did not tell quiet of the key (last %v)", heard)
	}
	log = nil
	msg, ok := a.startCounting(false)().(countsMsg)
	if !ok || msg.err != nil || msg.n != 3 {
		t.Fatalf("the chain's first command: %#v", msg)
	}
	// the walk's step waited for the key before it; each document the
	// one before it (its suggester heard a key)
	want := "sleep 300ms, step, marks, suggest, sleep 300ms, suggest, sleep 300ms, suggest"
	if got := strings.Join(log, ", "); got != want {
		t.Fatalf("the chain ran\n%s\nwant\n%s", got, want)
	}

	id := seedID(t, "002")
	if _, err := st.Put(id, annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err) // an action: its write marks the document
	}
	log = nil
	a.Update(tea.MouseMsg{X: 1, Y: 1, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	a.counter.recount([]string{id})()
	if got := strings.Join(log, ", "); got != "suggest" {
		t.Fatalf("an action's recount ran %q, want a suggest and no sleep", got)
	}
	log = nil
	a.counter.nextChunk()()
	if len(log) == 0 || log[0] != "sleep 300ms" {
		t.Fatalf("the chain's next chunk after a mouse event ran %q, want a sleep first", log)
	}

	// the next launch, the evidence recorded and every document counted:
	// no walk, no wait, nothing read (TestNothingToCountEndsAtOnce has a
	// launch with a document marked)
	a, _ = launch(t, walkLogStore{st, &log}, sg, "ev1")
	q = fakeClock(a.counter.quiet, &log)
	sg.q = q
	a.Update(keyMsg("j"))
	log = nil
	a.startCounting(false)()
	if len(log) != 0 {
		t.Fatalf("the chain of a launch with nothing to count ran %q, want nothing", log)
	}
}

// TestNothingToCountEndsAtOnce: a launch whose evidence is recorded and
// whose documents are all counted ends its chain at once, keys or not:
// no sleep, no read of the marks, and no "counting suggestions" on the
// status line while the reviewer types (it said so until they paused).
func TestNothingToCountEndsAtOnce(t *testing.T) {
	st := seedStore(t)
	if _, err := st.MarkSuggestionEvidence("ev1", false, nil); err != nil {
		t.Fatal(err)
	}
	marked, _, err := st.StaleSuggestions("", 100)
	if err != nil || len(marked) == 0 {
		t.Fatalf("the import marked %d documents (%v)", len(marked), err)
	}
	counts := make([]store.SuggestionCount, len(marked))
	for i, m := range marked {
		counts[i] = store.SuggestionCount{StaleDoc: m}
	}
	if _, err := st.SetSuggestionCounts(counts); err != nil {
		t.Fatal(err)
	}
	if stale, err := st.AnyStale(); err != nil || stale {
		t.Fatalf("AnyStale after every count: %v, %v", stale, err)
	}

	var log []string
	sg := &hearingSuggester{nSuggester: nSuggester{"002": 5}, log: &log}
	a, _ := launch(t, walkLogStore{st, &log}, sg, "ev1")
	sg.q = fakeClock(a.counter.quiet, &log)
	a.Update(keyMsg("j"))
	log = nil
	cmd := a.startCounting(false)
	if p := a.counter.progress(); p == "" {
		t.Fatal("no progress while the chain's first command runs")
	}
	msg, ok := cmd().(countsMsg)
	if !ok || msg.err != nil || msg.n != 0 || msg.total != 0 {
		t.Fatalf("the chain's first command: %#v", msg)
	}
	if len(log) != 0 {
		t.Fatalf("the chain with nothing to count ran %q, want nothing", log)
	}
	a.Update(msg)
	if p := a.counter.progress(); p != "" || strings.Contains(a.View(), "counting suggestions") {
		t.Fatalf("the chain ended, the status says %q", p)
	}

	// one edit marks a document: the next launch's chain waits for the
	// quiet, then reads the marks
	if _, err := st.Put(seedID(t, "002"), annot.Annotation{Kind: annot.KindTag, Label: "x"}, "tag"); err != nil {
		t.Fatal(err)
	}
	a, _ = launch(t, walkLogStore{st, &log}, sg, "ev1")
	sg.q = fakeClock(a.counter.quiet, &log)
	a.Update(keyMsg("j"))
	log = nil
	if msg := a.startCounting(false)().(countsMsg); msg.n != 1 || len(log) < 2 || log[0] != "sleep 300ms" || log[1] != "marks" {
		t.Fatalf("one document marked: the chain counted %d and ran %q, want a sleep before the marks", msg.n, log)
	}
}

// pacedSuggester is a Paced suggester that keeps its pause.
type pacedSuggester struct {
	nSuggester
	pause   func() bool
	hurried atomic.Bool
}

func (s *pacedSuggester) SetPause(pause func() bool) { s.pause = pause }

func (s *pacedSuggester) Hurry() { s.hurried.Store(true) }

// TestPacedSuggesterWaitsForKeys: New gives a Paced suggester the app's
// wait, which sleeps after a key until the reviewer is quiet.
func TestPacedSuggesterWaitsForKeys(t *testing.T) {
	sg := &pacedSuggester{nSuggester: nSuggester{"002": 1}}
	a, _ := launch(t, seedStore(t), sg, "ev1")
	if sg.pause == nil {
		t.Fatal("New gave the suggester no pause")
	}
	var log []string
	fakeClock(a.counter.quiet, &log)
	if !sg.pause() || len(log) != 0 {
		t.Fatalf("the pause slept %q before any key", log)
	}
	a.Update(keyMsg("j"))
	if !sg.pause() || strings.Join(log, ", ") != "sleep 300ms" {
		t.Fatalf("the pause after a key slept %q, want 300ms", log)
	}
	if sg.hurried.Load() {
		t.Fatal("hurried before the reader asked")
	}
	d, err := a.st.Document(seedID(t, "002"))
	if err != nil {
		t.Fatal(err)
	}
	suggestCmd(sg, d, "k")()
	if !sg.hurried.Load() {
		t.Fatal("the reader asked for suggestions, the preparation was not hurried")
	}
}

// TestLaunchHoldsTheBackground: the app Run launches holds background
// work for quietAtLaunch from its start; one New makes (model tests)
// does not.
func TestLaunchHoldsTheBackground(t *testing.T) {
	st := seedStore(t)
	opt := Options{Config: config.Default(), Author: "tester"}
	before := time.Now()
	a := launched(st, opt)
	after := time.Now()
	a.counter.quiet.mu.Lock()
	until := a.counter.quiet.until
	a.counter.quiet.mu.Unlock()
	if until.Sub(before) < quietAtLaunch || until.Sub(after) > quietAtLaunch {
		t.Fatalf("held until %v, want %v after the launch (between %v and %v)", until, quietAtLaunch, before, after)
	}
	if u := New(st, opt).counter.quiet.until; !u.IsZero() {
		t.Fatalf("New holds the background until %v", u)
	}
}
