package dashboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/query"
	"folio/store"
	"folio/tui/overlay"
	"folio/tui/style"
)

type fakeSource struct {
	docs []annot.Doc
	ents []store.Entity
	log  []store.Action // oldest first
	read int            // log entries handed out
	err  error
	// logErr is what Recent returns: the log closed to this reader
	logErr error
	// what Window read: calls, records, the most asked for at once
	windows, records, widest int
}

// Select selects every document (Load asks for no other): document i
// is number i+1.
func (f *fakeSource) Select(q *query.Query, _ func(*annot.Doc)) (*roaring.Bitmap, error) {
	if !q.Empty() {
		return nil, fmt.Errorf("Load asked for %q", q)
	}
	b := roaring.New()
	b.AddRange(1, uint64(len(f.docs))+1)
	return b, f.err
}

func (f *fakeSource) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.windows++
	f.widest = max(f.widest, n)
	var out []annot.Doc
	for i, num := range sel.ToArray() {
		if i >= from && len(out) < n {
			out = append(out, f.docs[num-1])
			f.records++
		}
	}
	return out, nil
}
func (f *fakeSource) Entities() ([]store.Entity, error) { return f.ents, nil }
func (f *fakeSource) Recent(fn func(store.Action) bool) error {
	if f.logErr != nil {
		return f.logErr
	}
	for i := len(f.log) - 1; i >= 0; i-- {
		f.read++
		if !fn(f.log[i]) {
			break
		}
	}
	return nil
}

var now = time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)

func correction(t *testing.T) store.Change {
	t.Helper()
	b, err := json.Marshal(annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln"})
	if err != nil {
		t.Fatal(err)
	}
	return store.Change{Bucket: "ann", Doc: "a", After: b}
}

func source(t *testing.T) *fakeSource {
	f := &fakeSource{
		docs: []annot.Doc{
			{ID: "a", Title: "Köln", Status: annot.StatusDone, Tags: []string{"ocr"}, Labels: map[string]int{"PER": 3}},
			{ID: "b", Title: "Bonn", Status: annot.StatusTodo, Tags: []string{"ocr", "press"}, Labels: map[string]int{"LOC": 1}},
			{ID: "c", Title: "Bottrop", Status: annot.StatusTodo},
		},
		ents: []store.Entity{{Label: "PER", Name: "Ute Berg", Mentions: 2}, {Label: "PER", Name: "Hans Meier", Mentions: 5}},
	}
	c := correction(t)
	done, err := json.Marshal(annot.Annotation{Kind: annot.KindStatus, Label: string(annot.StatusDone)})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range []store.Action{
		{Kind: "edit", Author: "old", Time: now.AddDate(0, 0, -40), What: "long ago", Changes: []store.Change{c}},
		{Kind: "edit", Author: "ana", Time: now.AddDate(0, 0, -3), What: "correct “Kdln” → “Köln”", Changes: []store.Change{c}},
		{Kind: "edit", Author: "ana", Time: now.AddDate(0, 0, -3), What: "tag #ocr"},
		{Kind: "edit", Author: "ana", Time: now.AddDate(0, 0, -2), What: "status done", Changes: []store.Change{{Bucket: "ann", Doc: "a", After: done}}},
		{Kind: "edit", Author: "ben", Time: now.Add(-time.Hour), What: "correct “fiir” → “für”", Changes: []store.Change{c, c}},
		{Kind: "undo", Author: "ben", Time: now, What: "tag #ocr"},
	} {
		a.Seq = uint64(i + 1)
		f.log = append(f.log, a)
	}
	return f
}

// TestLoad: statuses, suggestions, labels with their canonical entities
// (most mentioned first), tags, and the activity of the last Days days
// per day and reviewer, the latest first; the filter's scope counts only
// its documents.
func TestLoad(t *testing.T) {
	src := source(t)
	d, err := Load(src, Scope{Name: "the corpus", Suggestions: map[string]int{"b": 4, "c": 9}, Counted: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Stats.Documents != 3 || d.Stats.ByStatus["todo"] != 2 || d.Stats.ByStatus["done"] != 1 {
		t.Fatalf("stats %+v", d.Stats)
	}
	if d.Suggested != 13 || d.SuggDocs != 2 || d.Top[0].ID != "c" || d.Top[1].N != 4 {
		t.Fatalf("suggestions %d in %d: %+v", d.Suggested, d.SuggDocs, d.Top)
	}
	if len(d.Labels) != 2 || d.Labels[0].Label != "PER" || d.Labels[0].Mentions != 3 || d.Labels[0].Entities[0].Name != "Hans Meier" {
		t.Fatalf("labels %+v", d.Labels)
	}
	if len(d.Tags) != 2 || d.Tags[0] != (DocCount{ID: "ocr", N: 2}) {
		t.Fatalf("tags %+v", d.Tags)
	}
	if d.Actions[Days-1] != 2 || d.Actions[Days-4] != 2 || d.Fixes[Days-1] != 2 || d.Fixes[Days-4] != 1 || d.Done[Days-3] != 1 || d.Done[Days-1] != 0 {
		t.Fatalf("per day: actions %v, corrections %v, done %v", d.Actions, d.Fixes, d.Done)
	}
	if len(d.Reviewers) != 2 || d.Reviewers[0].Name != "ana" && d.Reviewers[0].Name != "ben" {
		t.Fatalf("reviewers %+v", d.Reviewers)
	}
	for _, r := range d.Reviewers {
		if r.Name == "old" {
			t.Fatal("an action of 40 days ago counts in the activity")
		}
	}
	if len(d.Recent) != 6 || d.Recent[0].Kind != "undo" || d.Recent[5].What != "long ago" {
		t.Fatalf("recent %+v", d.Recent)
	}
	// a filter: only its documents
	scoped := source(t)
	d, err = Load(scoped, Scope{Name: "filter tag:ocr", Sel: roaring.BitmapOf(1, 2)}, now)
	if err != nil || d.Stats.Documents != 2 || d.Stats.ByStatus["todo"] != 1 {
		t.Fatalf("scoped: %+v, %v", d.Stats, err)
	}
	if scoped.records != 2 {
		t.Errorf("the filter's dashboard read %d records for its 2 documents", scoped.records)
	}
	// errors reach the caller
	bad := source(t)
	bad.err = errors.New("damaged")
	if _, err := Load(bad, Scope{}, now); err == nil {
		t.Fatal("no error from a failing store")
	}
}

// Load reads the records a chunk at a time, each once: its memory does
// not grow with the corpus. The documents with the most suggestions are
// the same as a sort of all would give.
func TestLoadReadsInChunks(t *testing.T) {
	src := &fakeSource{}
	for i := range 3000 {
		src.docs = append(src.docs, annot.Doc{ID: fmt.Sprintf("d%04d", i), Status: annot.StatusTodo,
			Counts: annot.Counts{Suggestions: (i * 37) % 101}})
	}
	d, err := Load(src, Scope{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if src.records != 3000 || src.widest > chunk || src.windows < 3 {
		t.Fatalf("read %d records in %d windows, at most %d at once", src.records, src.windows, src.widest)
	}
	if d.Stats.Documents != 3000 || len(d.Top) != topN {
		t.Fatalf("%d documents, top %v", d.Stats.Documents, d.Top)
	}
	// the reference: every document sorted, the first of equals first
	var all []DocCount
	sum := 0
	for _, doc := range src.docs {
		if n := doc.Counts.Suggestions; n > 0 {
			all = append(all, DocCount{ID: doc.ID, N: n})
			sum += n
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].N > all[j].N })
	if fmt.Sprint(d.Top) != fmt.Sprint(all[:topN]) || d.Suggested != sum || d.SuggDocs != len(all) {
		t.Errorf("top %v (%d in %d), want %v (%d in %d)", d.Top, d.Suggested, d.SuggDocs, all[:topN], sum, len(all))
	}
}

// TestLoadReadsLogBackOnly: the log is read back to the first day shown
// (and the latest changes), not to its start.
func TestLoadReadsLogBackOnly(t *testing.T) {
	src := source(t)
	var log []store.Action
	for i := range 1000 { // a long past: 1000 days ago and older
		log = append(log, store.Action{Seq: uint64(i + 1), Kind: "edit", Time: now.AddDate(0, 0, -2000+i), What: "old"})
	}
	src.log = append(log, src.log...)
	if _, err := Load(src, Scope{}, now); err != nil {
		t.Fatal(err)
	}
	if src.read > 20 {
		t.Fatalf("read %d log entries for 14 days and 8 changes", src.read)
	}
}

// TestLoadWithoutTheLog: a log the reader may not read (over TCP only
// the editor reads it) leaves the activity empty with the reason, and the
// rest of the dashboard stands.
func TestLoadWithoutTheLog(t *testing.T) {
	src := source(t)
	src.logErr = errors.New("refused by the server: the editor's")
	d, err := Load(src, Scope{}, now)
	if err != nil {
		t.Fatalf("the dashboard failed with the log: %v", err)
	}
	if d.ActivityErr == "" || len(d.Recent) != 0 || d.Stats.Documents == 0 {
		t.Fatalf("ActivityErr %q, %d recent, %d documents", d.ActivityErr, len(d.Recent), d.Stats.Documents)
	}
	view := strings.Join(New(style.New(nil, false, nil), overlay.DefaultHelpKeys(), d).View(80, 60), "\n")
	if !strings.Contains(view, "the change log could not be read: refused by the server") {
		t.Errorf("the view does not say why the activity is empty:\n%s", view)
	}
}

// TestView: every line is exactly w cells at every width; the numbers
// show; data is sanitized; scrolling stays in bounds.
func TestView(t *testing.T) {
	src := source(t)
	src.docs[0].ID = "evil\x1b]52;c;x\x07"
	d, err := Load(src, Scope{Name: "the corpus", Suggestions: map[string]int{"b": 4}}, now)
	if err != nil {
		t.Fatal(err)
	}
	m := New(style.New(nil, false, nil), overlay.DefaultHelpKeys(), d)
	for _, w := range []int{1, 20, 57, 120} {
		for _, l := range m.View(w, 200) {
			if ansi.StringWidth(l) != w {
				t.Fatalf("width %d: line of %d cells: %q", w, ansi.StringWidth(l), l)
			}
			if strings.Contains(ansi.Strip(l), "\x1b") || strings.Contains(l, "\x07") {
				t.Fatalf("an escape reached the screen: %q", l)
			}
		}
	}
	text := ansi.Strip(strings.Join(m.View(100, 200), "\n"))
	for _, want := range []string{"Documents 3", "todo", "66 %", "Open suggestions 4 in 1 document (still counting)",
		"PER", "2 canonical: Hans Meier 5, Ute Berg 2", "#ocr", "corrections", "ana", "1 correction, 3 actions", "marked done", "undo: tag #ocr", "Activity 03-01 … 03-14"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard lacks %q:\n%s", want, text)
		}
	}
	for range 500 {
		m.Update(keyJ)
	}
	if got := m.View(100, 5); len(got) != 5 {
		t.Fatalf("scrolled past the end: %q", got)
	}
	if done, _ := m.Update(keyQ); !done {
		t.Fatal("q does not close")
	}
}

// TestSparkAndBar: the sparkline scales to its largest value and draws
// nothing for 0; a bar has at least one cell for any count.
func TestSparkAndBar(t *testing.T) {
	if got := Spark([]int{0, 1, 4, 8}); got != " ▁▄█" {
		t.Errorf("Spark = %q", got)
	}
	if got := Spark([]int{0, 0}); got != "  " {
		t.Errorf("Spark of zeros = %q", got)
	}
	for _, tc := range []struct{ n, most, w, want int }{{0, 5, 10, 0}, {1, 1000, 10, 1}, {5, 5, 10, 10}, {2, 4, 10, 5}} {
		if got := ansi.StringWidth(Bar(tc.n, tc.most, tc.w)); got != tc.want {
			t.Errorf("Bar(%d, %d, %d) is %d cells, want %d", tc.n, tc.most, tc.w, got, tc.want)
		}
	}
}

var (
	keyJ = teaKey("j")
	keyQ = teaKey("q")
)

func teaKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// BenchmarkLoad gathers the dashboard of 100 000 documents with 50 000
// log entries, 2 000 of them in the last 14 days.
func BenchmarkLoad(b *testing.B) {
	src := &fakeSource{}
	sugg := map[string]int{}
	for i := range 100000 {
		id := fmt.Sprintf("doc%06d", i)
		src.docs = append(src.docs, annot.Doc{ID: id, Title: id, Status: annot.StatusTodo, Tags: []string{"t" + fmt.Sprint(i%7)}, Labels: map[string]int{"PER": i % 3}})
		if i%5 == 0 {
			sugg[id] = i % 17
		}
	}
	for i := range 50000 {
		src.log = append(src.log, store.Action{Seq: uint64(i + 1), Kind: "edit", Author: "r" + fmt.Sprint(i%4),
			Time: now.Add(-time.Duration(50000-i) * 10 * time.Minute), What: "x"})
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Load(src, Scope{Name: "the corpus", Suggestions: sugg, Counted: true}, now); err != nil {
			b.Fatal(err)
		}
	}
}
