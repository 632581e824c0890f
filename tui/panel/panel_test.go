package panel

import (
	"strings"
	"testing"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/style"
)

// TestRows: each suggestion is an item with one info row per candidate,
// wrapped to the width, and a suspect says it has no fix; a resize wraps
// again and keeps the cursor on its suggestion.
func TestRows(t *testing.T) {
	long := "Wissenschaft und Forschung, sehr lang geschrieben, damit sie umbricht"
	d := &store.Document{Doc: annot.Doc{ID: "d"}, Text: "x"}
	suggs := []suggest.Suggestion{
		{Start: 0, End: 4, Text: "Kdln", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.9}, {Text: "Kiln", Score: 0.5}}},
		{Start: 5, End: 9, Text: "Nirn", Kind: suggest.KindOCR},
		{Start: 10, End: 20, Text: "Wissen-", Kind: suggest.KindOCR, Candidates: []suggest.Candidate{{Text: long, Score: 0.5}}},
	}
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(30, 40)
	m.Set(d, suggs)
	var items, infos []string
	for _, r := range m.Rows() {
		switch r.Kind {
		case Item:
			items = append(items, r.Text)
		case Info:
			infos = append(infos, r.Text)
		}
	}
	all := strings.Join(infos, " ")
	if len(items) != 3 || items[1] != "suspect “Nirn”" || !strings.Contains(all, "no fix proposed: c") {
		t.Fatalf("items %q infos %q", items, infos)
	}
	for _, w := range strings.Fields(long) {
		if !strings.Contains(all, w) {
			t.Fatalf("the candidate lost %q: %q", w, infos)
		}
	}
	for _, l := range infos {
		if len([]rune(l)) > 30 {
			t.Fatalf("row %q is wider than the panel", l)
		}
	}
	m.SelectSugg(2)
	m.SetSize(80, 40)
	m.Rewrap()
	if it, ok := m.Current(); !ok || it.Sugg != 2 {
		t.Fatalf("after a resize the cursor is on %+v", it)
	}
}
