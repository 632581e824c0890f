package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/suggest"
	"folio/suggest/external"
)

// extSuggester is wordSuggester with an external suggester beside it: PER
// on "Anna", a second fix for "Kdln", and a status line; block holds its
// answer on a text with "wohnt" back until closed (a slow model).
type extSuggester struct {
	wordSuggester
	block   chan struct{}
	waiting chan struct{} // when set, told when a call starts to wait on block
}

func (e extSuggester) SuggestExternal(doc, text string, anns []annot.Annotation) ([]suggest.Suggestion, string) {
	if e.block != nil && strings.Contains(text, "wohnt") {
		if e.waiting != nil {
			e.waiting <- struct{}{}
		}
		<-e.block
	}
	var out []suggest.Suggestion
	ix := annot.NewIndex(text)
	if i := strings.Index(text, "Anna"); i >= 0 {
		s := ix.Rune(i)
		out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 4, Text: "Anna", Kind: suggest.KindEntity,
			Candidates: []suggest.Candidate{{Text: "PER", Score: 0.9}}, Reason: "stub (ner)"})
	}
	if i := strings.Index(text, "Kdln"); i >= 0 {
		s := ix.Rune(i)
		out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 4, Text: "Kdln", Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.95}, {Text: "Kaln", Score: 0.1}}, Reason: "stub"})
	}
	return suggest.Open(out, anns), `suggester stub: 1 refused: unknown label "GPE"`
}

// TestExternalSuggestions: the external suggester's proposals join
// folio's own (a shared span merges its candidates), its problems show on
// the status line, and accepting one saves it like folio's own.
func TestExternalSuggestions(t *testing.T) {
	st := newMemStore()
	st.add("a", "Anna", "Anna wohnt in Kdln.\n")
	a := newTestApp(t, st, 100, 30, extSuggester{})
	selectDoc(t, a, "a")
	if len(a.open) != 2 {
		t.Fatalf("open suggestions %+v, want Anna and Kdln", a.open)
	}
	anna, kdln := a.open[0], a.open[1]
	if anna.Text != "Anna" || anna.Kind != suggest.KindEntity || anna.Reason != "stub (ner)" {
		t.Errorf("Anna: %+v", anna)
	}
	var cands []string
	for _, c := range kdln.Candidates {
		cands = append(cands, c.Text)
	}
	if strings.Join(cands, ",") != "Köln,Kiln,Kaln" || !strings.HasSuffix(kdln.Reason, "; stub") {
		t.Errorf("Kdln merged as %v %q, want Köln,Kiln,Kaln and the reason naming stub", cands, kdln.Reason)
	}
	if !a.status.hasError() || !strings.Contains(a.status.message(), `unknown label "GPE"`) {
		t.Errorf("status %q: want the suggester's problem", a.status.message())
	}
	press(t, a, "alt+2", "g", "]")
	if s, ok := a.reader.CurrentSugg(); !ok || s.Text != "Anna" {
		t.Fatalf("] went to %+v", s)
	}
	press(t, a, "a")
	var ents []annot.Annotation
	for _, an := range st.anns["a"] {
		if an.Kind == annot.KindEntity {
			ents = append(ents, an)
		}
	}
	if len(ents) != 1 || ents[0].Label != "PER" || ents[0].Start != 0 || ents[0].End != 4 || ents[0].Origin != annot.OriginSuggestion {
		t.Fatalf("accepting the external suggestion saved %+v", ents)
	}
	if len(a.open) != 1 || a.open[0].Text != "Kdln" {
		t.Fatalf("after accepting Anna: open %+v", a.open)
	}
}

// TestExternalSuggesterSlow: a slow external suggester holds up neither
// the document nor folio's own suggestions.
func TestExternalSuggesterSlow(t *testing.T) {
	st := newMemStore()
	st.add("a", "Erst", "Nichts.\n")
	st.add("b", "Anna", "Anna wohnt in Kdln.\n")
	block := make(chan struct{})
	defer func() {
		select {
		case <-block:
		default:
			close(block)
		}
	}()
	waiting := make(chan struct{}, 1)
	a := newTestApp(t, st, 100, 30, extSuggester{block: block, waiting: waiting})
	a.setFocus(paneList)
	moveTo(t, a, 1)
	pending := driveAround(t, a, a.openCurrent(false), waiting)
	if a.cur == nil || a.cur.Doc.ID != "b" {
		t.Fatal("the document did not open while the external suggester was busy")
	}
	if len(a.open) != 1 || a.open[0].Text != "Kdln" || len(a.open[0].Candidates) != 2 {
		t.Fatalf("folio's own suggestions while waiting: %+v", a.open)
	}
	if len(pending) != 1 {
		t.Fatalf("%d commands still running, want the external suggester's", len(pending))
	}
	close(block)
	select {
	case m := <-pending[0]:
		send(t, a, m)
	case <-time.After(5 * time.Second):
		t.Fatal("the external answer never came")
	}
	if len(a.open) != 2 {
		t.Fatalf("after the external answer: %+v", a.open)
	}
}

// driveAround is drive for commands that may block: each runs in its own
// goroutine, and one that says on waiting that it blocks is set aside; its
// answer will come on the channel returned for it. (A time limit instead
// set aside a slow command under load, and the test failed.)
func driveAround(t *testing.T, a *App, cmd tea.Cmd, waiting <-chan struct{}) []chan tea.Msg {
	t.Helper()
	var pending []chan tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		select {
		case msg := <-ch:
			switch m := msg.(type) {
			case nil:
			case tea.BatchMsg:
				queue = append(queue, m...)
			default:
				_, next := a.Update(m)
				queue = append(queue, next)
			}
		case <-waiting:
			pending = append(pending, ch)
		case <-time.After(time.Minute):
			t.Fatal("a command neither answered nor said it waits")
		}
	}
	return pending
}

// TestPredictionsAcceptReject: a document's predictions (Label Studio's)
// are offered as entity suggestions; a accepts one (an entity is made, the
// prediction stays as the model's record), r rejects the other; neither
// is offered again.
func TestPredictionsAcceptReject(t *testing.T) {
	st := newMemStore()
	st.add("a", "Anna", "Anna wohnt in Bonn.\n",
		annot.Annotation{ID: "p1", Kind: annot.KindPrediction, Start: 0, End: 4, Label: "PER", Value: "0.8", Class: "model 1"},
		annot.Annotation{ID: "p2", Kind: annot.KindPrediction, Start: 14, End: 18, Label: "LOC", Value: "0.6", Class: "model 1"},
	)
	a := newTestApp(t, st, 100, 30, SuggestFunc(external.Predictions))
	selectDoc(t, a, "a")
	if len(a.open) != 2 || a.open[0].Reason != "prediction (model 1)" || a.open[0].Candidates[0].Score != 0.8 {
		t.Fatalf("open suggestions %+v", a.open)
	}
	press(t, a, "alt+2", "g", "]", "a")
	press(t, a, "]", "r")
	var ents, rejected, preds int
	for _, an := range st.anns["a"] {
		switch an.Kind {
		case annot.KindEntity:
			if an.Label != "PER" || an.Start != 0 || an.End != 4 {
				t.Errorf("entity %+v", an)
			}
			ents++
		case annot.KindRejected:
			rejected++
		case annot.KindPrediction:
			preds++
		}
	}
	if ents != 1 || rejected != 1 || preds != 2 {
		t.Fatalf("after a and r: %d entities, %d rejected, %d predictions; want 1, 1, 2", ents, rejected, preds)
	}
	if len(a.open) != 0 {
		t.Fatalf("still offered: %+v", a.open)
	}
}
