package panel

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

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

// foldDoc is a document with two notes, three entities and three
// suggestions, enough rows to scroll a short panel.
func foldDoc() (*store.Document, []suggest.Suggestion) {
	d := &store.Document{Doc: annot.Doc{ID: "d"}, Text: "Ute Berg und Köln und Bonn"}
	for i, l := range []string{"PER", "LOC", "LOC"} {
		d.Anns = append(d.Anns, annot.Annotation{ID: "e" + string(rune('0'+i)), Kind: annot.KindEntity, Start: i * 5, End: i*5 + 3, Label: l, Text: "x"})
	}
	d.Anns = append(d.Anns,
		annot.Annotation{ID: "n1", Kind: annot.KindNote, Value: "first note"},
		annot.Annotation{ID: "n2", Kind: annot.KindNote, Value: "second note"})
	var suggs []suggest.Suggestion
	for i := range 3 {
		suggs = append(suggs, suggest.Suggestion{Start: i, End: i + 1, Text: "s", Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: "t", Score: 0.5}}})
	}
	return d, suggs
}

func keyOf(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// shownText is the panel's view as plain text, one line a row.
func shownText(m *Model) string { return ansi.Strip(strings.Join(m.View(true), "\n")) }

// TestFoldSections: z folds the section the cursor is in (its header
// keeps the count and says ▸), j stops on headers, z unfolds, a click on
// a header folds it, and the folds hold for the next document.
func TestFoldSections(t *testing.T) {
	d, suggs := foldDoc()
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(40, 40)
	m.Set(d, suggs)
	if it, ok := m.Current(); !ok || it.Ann == nil || it.Ann.Kind != annot.KindEntity {
		t.Fatalf("first item %+v", it)
	}
	m.Update(keyOf("z")) // in Entities: fold it
	v := shownText(&m)
	if !m.Folded("Entities") || !strings.Contains(v, "▸ Entities (3)") || strings.Contains(v, " PER") {
		t.Fatalf("Entities not folded:\n%s", v)
	}
	if i := m.cursor; m.rows[i].Kind != Section || m.rows[i].Name != "Entities" {
		t.Fatalf("cursor on %+v, want the Entities header", m.rows[i])
	}
	m.Update(keyOf("j")) // the next stop is the next header
	if r := m.rows[m.cursor]; r.Kind != Section || r.Name != "Corrections" {
		t.Fatalf("j went to %+v", r)
	}
	m.Update(keyOf("k"))
	m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // enter on a header unfolds it
	if m.Folded("Entities") || !strings.Contains(shownText(&m), "▾ Entities (3)") {
		t.Fatalf("enter did not unfold:\n%s", shownText(&m))
	}
	// a click on the Notes header folds it
	y := -1
	for i, l := range m.View(true) {
		if strings.Contains(ansi.Strip(l), "Notes (2)") {
			y = i
		}
	}
	m.Click(y)
	if !m.Folded("Notes") || strings.Contains(shownText(&m), "first note") {
		t.Fatalf("the click did not fold Notes:\n%s", shownText(&m))
	}
	// the next document keeps the fold
	d2, _ := foldDoc()
	d2.Doc.ID = "d2"
	m.Set(d2, nil)
	if !m.Folded("Notes") || strings.Contains(shownText(&m), "second note") || !strings.Contains(shownText(&m), "▸ Notes (2)") {
		t.Fatalf("the fold did not hold:\n%s", shownText(&m))
	}
	// Z folds all, Z again unfolds all
	m.Update(keyOf("Z"))
	for _, r := range m.Rows() {
		if r.Kind != Section {
			t.Fatalf("Z left %+v shown", r)
		}
	}
	m.Update(keyOf("Z"))
	if m.Folded("Notes") || m.Folded("Tags") || !strings.Contains(shownText(&m), "second note") {
		t.Fatalf("Z did not unfold all:\n%s", shownText(&m))
	}
}

// TestStickyHeader: the section a scrolled panel shows at its top keeps
// its header drawn, and the cursor's row is never hidden under it.
func TestStickyHeader(t *testing.T) {
	d, suggs := foldDoc()
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(40, 6) // the title and five rows
	m.Set(d, suggs)
	m.SelectSugg(2) // deep in Suggestions
	lines := m.View(true)
	if got := ansi.Strip(lines[1]); !strings.Contains(got, "▾ Suggestions (3)") {
		t.Fatalf("row 1 is %q, want the pinned Suggestions header:\n%s", got, strings.Join(lines, "\n"))
	}
	// the cursor's row is drawn, below the pinned header
	if m.rows[m.cursor].Sugg != 2 || m.cursor < m.top || m.cursor >= m.top+len(lines)-2 ||
		!strings.HasPrefix(ansi.Strip(lines[2+m.cursor-m.top]), "  ocr “s”") {
		t.Fatalf("the cursor's suggestion is not shown:\n%s", strings.Join(lines, "\n"))
	}
	// a click on the pinned header folds Suggestions
	m.Click(1)
	if !m.Folded("Suggestions") {
		t.Fatalf("the pinned header's click did not fold:\n%s", shownText(&m))
	}
	// following a suggestion into a folded section lands on its header
	m.SelectSugg(1)
	if r := m.rows[m.cursor]; r.Kind != Section || r.Name != "Suggestions" {
		t.Fatalf("cursor on %+v", r)
	}
}

// TestTwinStatus: the Document section says that the document has a
// clean twin when a twin's wording leads suggestions, and names its
// near-duplicates otherwise.
func TestTwinStatus(t *testing.T) {
	d := &store.Document{Doc: annot.Doc{ID: "001", Twins: []string{"004"}}, Text: "Kdln und Koln"}
	fromTwin := suggest.Suggestion{Start: 0, End: 4, Text: "Kdln", Kind: suggest.KindOCR,
		Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.99}}, Reason: "the copy in 004 reads “Köln”"}
	own := suggest.Suggestion{Start: 9, End: 13, Text: "Koln", Kind: suggest.KindOCR,
		Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.9}}, Reason: "unknown word"}
	if twin, ok := suggest.FromTwin(fromTwin); !ok || twin != "004" {
		t.Fatalf("FromTwin = %q, %v", twin, ok)
	}
	for _, tc := range []struct {
		suggs []suggest.Suggestion
		want  string
	}{
		{[]suggest.Suggestion{fromTwin, own}, "twins   has a clean twin: 004 (1 fixes from it)"},
		{[]suggest.Suggestion{own}, "twins   near-duplicates: 004"},
	} {
		m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
		m.SetSize(80, 60)
		m.Set(d, tc.suggs)
		found := false
		for _, r := range m.Rows() {
			found = found || r.Kind == Info && r.Text == tc.want
		}
		if !found {
			t.Errorf("no row %q in %+v", tc.want, m.Rows())
		}
	}
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(80, 60)
	m.Set(&store.Document{Doc: annot.Doc{ID: "002"}}, []suggest.Suggestion{own})
	for _, r := range m.Rows() {
		if strings.HasPrefix(r.Text, "twins") {
			t.Errorf("a document without twins shows %q", r.Text)
		}
	}
}

// TestSetFolds: the folds a restart restores fold their sections at once
// and are listed back sorted; SetFolds(nil) unfolds every section.
func TestSetFolds(t *testing.T) {
	d, suggs := foldDoc()
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(40, 40)
	m.SetFolds([]string{"Notes", "Entities"}) // before any document, as at a start
	m.Set(d, suggs)
	v := shownText(&m)
	if !strings.Contains(v, "▸ Notes (2)") || !strings.Contains(v, "▸ Entities (3)") || strings.Contains(v, "first note") {
		t.Fatalf("folds not applied:\n%s", v)
	}
	if got := strings.Join(m.Folds(), ","); got != "Entities,Notes" {
		t.Fatalf("Folds() = %q", got)
	}
	m.SetFolds(nil)
	if len(m.Folds()) != 0 || !strings.Contains(shownText(&m), "first note") {
		t.Fatalf("SetFolds(nil) left %v:\n%s", m.Folds(), shownText(&m))
	}
}

// TestBoilerplateSection: boilerplate cuts have a section of their own,
// shown when there are some, and do not count as corrections.
func TestBoilerplateSection(t *testing.T) {
	d := &store.Document{Doc: annot.Doc{ID: "d"}, Text: "Kdln am Rhein. Impressum"}
	m := New(DefaultKeyMap(), style.New(nil, false, nil), "c")
	m.SetSize(50, 40)
	m.Set(d, nil)
	if v := shownText(&m); strings.Contains(v, "Boilerplate") {
		t.Errorf("a document without cuts shows a Boilerplate section:\n%s", v)
	}
	d.Anns = []annot.Annotation{
		{ID: "c1", Kind: annot.KindCorrection, Start: 0, End: 4, Value: "Köln", Text: "Kdln"},
		{ID: "c2", Kind: annot.KindCorrection, Class: annot.ClassBoilerplate, Start: 14, End: 24, Text: " Impressum"},
	}
	m.Set(d, nil)
	v := shownText(&m)
	if !strings.Contains(v, "Corrections (1)") || !strings.Contains(v, "Boilerplate (1)") {
		t.Errorf("want one correction and one cut apart:\n%s", v)
	}
}
