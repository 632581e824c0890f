package external

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/config"
	"folio/internal/stubsuggester"
	"folio/suggest"
)

// The test binary is its own stub suggester: run with FOLIO_FAKE_SUGGESTER
// set, TestMain becomes a suggester written in Go that follows the
// protocol, and misbehaves on cue (see stubsuggester.Run).
func TestMain(m *testing.M) {
	if mode := os.Getenv("FOLIO_FAKE_SUGGESTER"); mode != "" {
		os.Exit(stubsuggester.Run(mode))
	}
	os.Exit(m.Run())
}

// fakeSet returns a Set of one stub suggester in mode, and the file that
// counts its starts.
func fakeSet(t *testing.T, mode, timeout string) (*Set, string) {
	t.Helper()
	if testing.Short() {
		// its timeouts are for a process that starts at full speed, not
		// under the race detector (-race -short)
		t.Skip("runs a suggester process with timeouts (-short)")
	}
	log := t.TempDir() + "/starts"
	t.Setenv("FOLIO_FAKE_SUGGESTER", mode)
	t.Setenv("FOLIO_FAKE_LOG", log)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := New([]config.Suggester{{Name: "stub", Command: []string{exe}, Timeout: timeout, StartTimeout: timeout}}, []string{"PER", "LOC"})
	t.Cleanup(func() { s.Close() })
	return s, log
}

func starts(t *testing.T, log string) int {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "start")
}

func ask(s *Set, doc, text string, anns ...annot.Annotation) ([]suggest.Suggestion, string) {
	list, rep := s.Suggest(context.Background(), doc, text, anns)
	return list, rep.String()
}

func TestCommandNormal(t *testing.T) {
	s, log := fakeSet(t, "on", "5s")
	text := "Grüße von Anna aus Koln."
	list, status := ask(s, "d1", text)
	if status != "" {
		t.Fatalf("status %q", status)
	}
	want := []suggest.Suggestion{
		{Doc: "d1", Start: 10, End: 14, Text: "Anna", Kind: suggest.KindEntity, Candidates: []suggest.Candidate{{Text: "PER", Score: 0.9}}, Reason: "stub (ner)"},
		{Doc: "d1", Start: 19, End: 23, Text: "Koln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.8}}, Reason: "stub"},
	}
	if fmt.Sprint(list) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", list, want)
	}
	// the same process answers the next document
	if list, status := ask(s, "d2", "Anna"); len(list) != 1 || status != "" {
		t.Fatalf("second document: %+v %q", list, status)
	}
	// an entity already labelled there is not suggested again (suggest.Open)
	ent := annot.Annotation{ID: "e1", Kind: annot.KindEntity, Start: 10, End: 14, Label: "PER"}
	if list, _ := ask(s, "d1", text, ent); len(list) != 1 || list[0].Kind != suggest.KindOCR {
		t.Fatalf("with the entity labelled: %+v", list)
	}
	if n := starts(t, log); n != 1 {
		t.Errorf("started %d times, want once", n)
	}
}

func TestCommandSlowIsStoppedAndRestarted(t *testing.T) {
	s, log := fakeSet(t, "on", "300ms")
	begin := time.Now()
	list, status := ask(s, "d1", "Anna SLOW")
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("a slow suggester held the caller %s", took)
	}
	if len(list) != 0 || !strings.Contains(status, "suggester stub: no answer in 300ms") {
		t.Fatalf("slow: %+v %q", list, status)
	}
	if list, status := ask(s, "d2", "Anna"); len(list) != 1 || status != "" {
		t.Fatalf("after the timeout: %+v %q", list, status)
	}
	if n := starts(t, log); n != 2 {
		t.Errorf("started %d times, want 2 (restarted after the timeout)", n)
	}
}

func TestCommandCrashRestarts(t *testing.T) {
	s, log := fakeSet(t, "on", "5s")
	_, status := ask(s, "d1", "CRASH")
	if !strings.Contains(status, "exit status 3") || !strings.Contains(status, "boom: the model fell over") {
		t.Fatalf("crash status %q: want the exit status and the last line of stderr", status)
	}
	if list, status := ask(s, "d2", "Anna"); len(list) != 1 || status != "" {
		t.Fatalf("after the crash: %+v %q", list, status)
	}
	if n := starts(t, log); n != 2 {
		t.Errorf("started %d times, want 2", n)
	}
}

func TestCommandRestsAfterFailuresInARow(t *testing.T) {
	s, log := fakeSet(t, "exit", "5s")
	p := s.sources[0].(*process)
	now := time.Now()
	p.now = func() time.Time { return now }
	for i := range maxFails {
		if _, status := ask(s, "d", "Anna"); !strings.Contains(status, "no model here") {
			t.Fatalf("failure %d: status %q", i+1, status)
		}
	}
	_, status := ask(s, "d", "Anna")
	if !strings.Contains(status, "stopped after 3 failures in a row") || !strings.Contains(status, "tried again in 5s") {
		t.Fatalf("resting: %q", status)
	}
	if n := starts(t, log); n != maxFails {
		t.Fatalf("started %d times while resting, want %d", n, maxFails)
	}
	now = now.Add(6 * time.Second)
	if _, status := ask(s, "d", "Anna"); !strings.Contains(status, "no model here") {
		t.Fatalf("after the rest: %q", status)
	}
	if n := starts(t, log); n != maxFails+1 {
		t.Errorf("started %d times after the rest, want %d", n, maxFails+1)
	}
}

func TestCommandGarbage(t *testing.T) {
	s, _ := fakeSet(t, "on", "500ms")
	list, status := ask(s, "d1", "Anna GARBAGE")
	if len(list) != 1 || list[0].Text != "Anna" {
		t.Fatalf("the answer after the garbage is used: %+v", list)
	}
	for _, want := range []string{`skipped a line that is not a response`, `Warning: this is not JSON`, `unknown field "text"`} {
		if !strings.Contains(status, want) {
			t.Errorf("status %q lacks %q", status, want)
		}
	}
	list, status = ask(s, "d2", "Anna SILENT")
	if len(list) != 0 || !strings.Contains(status, "no answer in 500ms") || !strings.Contains(status, "loading model") {
		t.Fatalf("only garbage: %+v %q", list, status)
	}
	list, status = ask(s, "d3", "Anna WRONGID")
	if len(list) != 0 || !strings.Contains(status, `skipped an answer for another document "another"`) {
		t.Fatalf("wrong id: %+v %q", list, status)
	}
}

func TestCommandRefusesBadSuggestions(t *testing.T) {
	s, _ := fakeSet(t, "on", "5s")
	list, status := ask(s, "d1", "Anna RANGE")
	if len(list) != 1 || list[0].Start != 0 || list[0].End != 4 || list[0].Candidates[0].Text != "PER" {
		t.Fatalf("only the valid suggestion stays: %+v", list)
	}
	for _, want := range []string{
		"1 refused: span [8,15) is outside the text of 10 code points",
		"1 refused: span [-1,2)",
		`2 refused: unknown label "GPE"`,
		`1 refused: both "label" and "replacement"`,
		`1 refused: neither "label" nor "replacement"`,
		"1 refused: score 7 is not between 0 and 1",
		"1 refused: span [3,3)",
	} {
		if !strings.Contains(status, want) {
			t.Errorf("status %q lacks %q", status, want)
		}
	}
}

func TestCommandMissing(t *testing.T) {
	s := New([]config.Suggester{{Name: "gone", Command: []string{t.TempDir() + "/no-such-program"}}}, nil)
	defer s.Close()
	if _, status := ask(s, "d", "x"); !strings.Contains(status, "suggester gone: start") {
		t.Fatalf("status %q", status)
	}
}

func TestCommandCloseEndsIt(t *testing.T) {
	s, _ := fakeSet(t, "on", "5s")
	if list, _ := ask(s, "d", "Anna"); len(list) != 1 {
		t.Fatal("no answer")
	}
	p := s.sources[0].(*process)
	dead := p.dead
	s.Close()
	select {
	case <-dead:
	case <-time.After(3 * time.Second):
		t.Fatal("the command still runs after Close")
	}
}

func TestURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req Request
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		switch req.ID {
		case "slow":
			time.Sleep(time.Second)
		case "broken":
			http.Error(w, "model not loaded", http.StatusServiceUnavailable)
			return
		case "garbage":
			fmt.Fprint(w, "<html>")
			return
		}
		fmt.Fprintf(w, `{"id":%q,"suggestions":[{"start":0,"end":4,"label":"LOC","score":0.5}]}`, req.ID)
	}))
	defer srv.Close()
	s := New([]config.Suggester{{Name: "web", URL: srv.URL, Timeout: "200ms"}}, []string{"LOC"})
	defer s.Close()
	if list, status := ask(s, "ok", "Bonn"); len(list) != 1 || list[0].Candidates[0].Text != "LOC" || status != "" {
		t.Fatalf("ok: %+v %q", list, status)
	}
	for id, want := range map[string]string{
		"slow":    "suggester web: no answer in 200ms",
		"broken":  "answered 503 Service Unavailable: model not loaded",
		"garbage": "the answer is not a response",
	} {
		if list, status := ask(s, id, "Bonn"); len(list) != 0 || !strings.Contains(status, want) {
			t.Errorf("%s: %+v %q, want %q", id, list, status, want)
		}
	}
}

func TestMerge(t *testing.T) {
	own := []suggest.Suggestion{
		{Start: 0, End: 4, Text: "Koln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.7}, {Text: "Kolm", Score: 0.3}}, Reason: "lexicon", Likelihood: 0.6},
		{Start: 10, End: 14, Text: "Anna", Kind: suggest.KindEntity, Candidates: []suggest.Candidate{{Text: "PER", Score: 0.6}}, Reason: "alias"},
	}
	ext := []suggest.Suggestion{
		{Start: 0, End: 4, Text: "Koln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.9}}, Reason: "m", Likelihood: 0.8},
		{Start: 0, End: 4, Text: "Koln", Kind: suggest.KindEntity, Candidates: []suggest.Candidate{{Text: "LOC", Score: 0.8}}, Reason: "m"},
		{Start: 10, End: 14, Text: "Anna", Kind: suggest.KindEntity, Candidates: []suggest.Candidate{{Text: "LOC", Score: 0.7}}, Reason: "m"},
	}
	got := Merge(own, ext)
	// the likelier of the two likelihoods
	want := `[{ 0 4 Koln ocr [{Köln 0.9 } {Kolm 0.3 }] lexicon; m 0.8} { 0 4 Koln entity [{LOC 0.8 }] m 0} { 10 14 Anna entity [{LOC 0.7 } {PER 0.6 }] alias; m 0}]`
	if fmt.Sprint(got) != want {
		t.Fatalf("got  %v\nwant %s", got, want)
	}
	if own[0].Candidates[0].Score != 0.7 || own[1].Reason != "alias" {
		t.Fatalf("Merge changed own: %+v", own)
	}
}

func FuzzParseResponse(f *testing.F) {
	f.Add([]byte(`{"id":"a","suggestions":[{"start":0,"end":1,"label":"PER","score":0.5}]}`), 3)
	f.Add([]byte(`{"id":"a","suggestions":[{"start":0,"end":9,"replacement":""}]}`), 3)
	f.Add([]byte(`{"id":"a","error":"x"} {}`), 1)
	f.Fuzz(func(t *testing.T, line []byte, n int) {
		r, err := parseResponse(line)
		if err != nil {
			return
		}
		if n < 0 || n > 1<<20 {
			return
		}
		for _, it := range r.Suggestions {
			if it.check(n, nil) == nil && (*it.Start < 0 || *it.End > n || *it.Start >= *it.End) {
				t.Fatalf("check accepted %+v for n=%d", it, n)
			}
		}
	})
}
