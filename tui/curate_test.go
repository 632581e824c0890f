package tui

import (
	"folio/tui/overlay"
	"strings"
	"testing"

	"folio/annot"
	"folio/store"
)

// The curator's view (V) of a document two reviewers annotated apart
// shows their agreement, their versions and the annotations they differ
// on; a number accepts a version, enter one annotation.
func TestCuratorView(t *testing.T) {
	st := seedStore(t)
	id := seedID(t, "001")
	if _, err := st.Assign(map[string][]string{id: {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Document(id)
	at := func(word string) (int, int) {
		i := strings.Index(d.Text, word)
		s := annot.Runes(d.Text[:i])
		return s, s + annot.Runes(word)
	}
	s1, e1 := at("Wirtschaftsausschuss")
	s2, e2 := at("Kdln")
	org := annot.Annotation{Kind: annot.KindEntity, Start: s1, End: e1, Label: "ORG"}
	fix := annot.Annotation{Kind: annot.KindCorrection, Start: s2, End: e2, Value: "Köln"}
	if _, err := st.As("rev-a").Do("a", store.Op{Doc: id, Put: &org}, store.Op{Doc: id, Put: &fix}); err != nil {
		t.Fatal(err)
	}
	org2 := org
	if _, err := st.As("rev-b").Do("b", store.Op{Doc: id, Put: &org2}); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, st, 120, 40, nil) // the curator, "tester"
	selectDoc(t, a, id)
	press(t, a, "V")
	p, ok := a.overlay.(*overlay.Picker)
	if !ok {
		t.Fatalf("no curator's view (status %q)", a.status.message())
	}
	if p.Title() != "Versions: exact F1 1.00, κ 1.00" { // the same entity; corrections do not count here
		t.Errorf("title %q", p.Title())
	}
	var lines []string
	for _, it := range p.Items() {
		lines = append(lines, it.Key+" "+it.Label+" | "+it.Desc)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{
		"1 accept rev-a's version | 1 entities, 1 corrections",
		"2 accept rev-b's version | 1 entities, 0 corrections",
		// each reviewer with the id of theirs that curate --ann names
		"  entity “Wirtschaftsausschuss” ORG | rev-a a1, rev-b a1",
		"≠ correction “Kdln” → “Köln” | rev-a a2",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the view lacks %q:\n%s", want, got)
		}
	}
	// enter on the correction accepts it alone
	down := 0
	for i, it := range p.Items() {
		if strings.Contains(it.Label, "correction") {
			down = i
		}
	}
	for range down {
		press(t, a, "down")
	}
	press(t, a, "enter")
	cur, _ := st.Layer("").Annotations(id)
	if len(cur) != 1 || cur[0].Kind != annot.KindCorrection || cur[0].Value != "Köln" {
		t.Fatalf("curated after accepting the correction: %+v (status %q)", cur, a.status.message())
	}
	// 2 accepts rev-b's version whole: the correction goes, the entity comes
	press(t, a, "V")
	press(t, a, "2")
	cur, _ = st.Layer("").Annotations(id)
	if len(cur) != 1 || cur[0].Kind != annot.KindEntity || cur[0].Author != "rev-b" {
		t.Fatalf("curated after accepting rev-b's version: %+v (status %q)", cur, a.status.message())
	}
	if !strings.Contains(a.status.message(), "accept rev-b's version") {
		t.Errorf("status %q", a.status.message())
	}
	// with a second document annotated apart (the two disagree on its
	// label), the title measures both
	id3 := seedID(t, "003")
	if _, err := st.Assign(map[string][]string{id3: {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	d3, _ := st.Document(id3)
	w := strings.Fields(d3.Text)[0]
	ws := annot.Runes(d3.Text[:strings.Index(d3.Text, w)])
	for r, label := range map[string]string{"rev-a": "ORG", "rev-b": "LOC"} {
		x := annot.Annotation{Kind: annot.KindEntity, Start: ws, End: ws + annot.Runes(w), Label: label}
		if _, err := st.As(r).Do("label", store.Op{Doc: id3, Put: &x}); err != nil {
			t.Fatal(err)
		}
	}
	selectDoc(t, a, id)
	press(t, a, "V")
	if p, ok := a.overlay.(*overlay.Picker); !ok || !strings.HasPrefix(p.Title(), "Versions: exact F1 1.00, κ 1.00; all 2 documents: F1 0.50, κ ") {
		t.Fatalf("title with the corpus: %+v", a.overlay)
	}
	press(t, a, "esc")

	// rev-b skips a third document (the tag ignored, Prodigy's ignore):
	// its versions are not compared, and the corpus still counts two
	id4 := seedID(t, "004")
	if _, err := st.Assign(map[string][]string{id4: {"rev-a", "rev-b"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	x := annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 3, Label: "ORG"}
	skip := annot.Annotation{Kind: annot.KindTag, Label: annot.TagIgnored}
	if _, err := st.As("rev-a").Do("label", store.Op{Doc: id4, Put: &x}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.As("rev-b").Do("skip", store.Op{Doc: id4, Put: &skip}); err != nil {
		t.Fatal(err)
	}
	selectDoc(t, a, id4)
	press(t, a, "V")
	p, ok = a.overlay.(*overlay.Picker)
	if !ok || !strings.HasPrefix(p.Title(), "Versions: exact F1 –, κ –; all 2 documents: F1 0.50, κ ") {
		t.Fatalf("title with a skipped version: %+v", a.overlay)
	}
	if it := p.Items()[1]; it.Desc != "0 entities, 0 corrections; skipped (tag ignored), not compared" {
		t.Errorf("rev-b's skipped version: %q", it.Desc)
	}
	press(t, a, "esc")

	// a document dealt to two who have not annotated it yet says so
	id5 := seedID(t, "002")
	if _, err := st.Assign(map[string][]string{id5: {"rev-a", "rev-c"}}, "assign"); err != nil {
		t.Fatal(err)
	}
	selectDoc(t, a, id5)
	press(t, a, "V")
	if a.overlay != nil || !strings.Contains(a.status.message(), "no version yet: the document is dealt to rev-a, rev-c, and none of them has annotated it") {
		t.Errorf("V on a document dealt and not annotated: overlay %v, status %q", a.overlay, a.status.message())
	}
	if _, err := st.Assign(map[string][]string{id5: nil}, "unassign"); err != nil {
		t.Fatal(err)
	}

	// a document nobody annotated apart has no versions
	selectDoc(t, a, seedID(t, "002"))
	press(t, a, "V")
	if a.overlay != nil || !strings.Contains(a.status.message(), "no reviewer has a version") {
		t.Errorf("V on a plain document: overlay %v, status %q", a.overlay, a.status.message())
	}
}
