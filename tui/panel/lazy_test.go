package panel

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/style"
)

// randomDoc is a document with up to many annotations of every kind and
// nSugg suggestions: candidates that wrap, suspects, reasons of one to
// several rows, entity suggestions with canonical names.
func randomDoc(rng *rand.Rand, nSugg int) (*store.Document, []suggest.Suggestion) {
	words := strings.Fields("Köln Bonn Rhein „Wissenschaft“ und Forschung — sehr lang geschrieben, damit es umbricht Zugang Markt")
	phrase := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	d := &store.Document{Doc: annot.Doc{ID: fmt.Sprint("d", rng.IntN(1000)), Hash: "0123456789abcdef0123", Size: 1234, Bytes: 1300}, Text: strings.Repeat("Köln und Bonn ", 400)}
	id := 0
	add := func(a annot.Annotation) {
		id++
		a.ID = fmt.Sprint("a", id)
		d.Anns = append(d.Anns, a)
	}
	for range rng.IntN(3) {
		add(annot.Annotation{Kind: annot.KindTag, Label: phrase(1)})
	}
	var ents []string
	for range rng.IntN(12) {
		s := rng.IntN(5000)
		add(annot.Annotation{Kind: annot.KindEntity, Start: s, End: s + 4, Label: []string{"PER", "LOC", "ORG"}[rng.IntN(3)], Text: phrase(1)})
		ents = append(ents, d.Anns[len(d.Anns)-1].ID)
	}
	for range rng.IntN(3) {
		if len(ents) > 1 {
			add(annot.Annotation{Kind: annot.KindRelation, Label: "in", From: ents[0], To: ents[len(ents)-1]})
		}
	}
	for range rng.IntN(20) {
		s := rng.IntN(5000)
		add(annot.Annotation{Kind: annot.KindCorrection, Start: s, End: s + 3, Text: phrase(1), Value: phrase(1 + rng.IntN(3))})
	}
	for range rng.IntN(4) {
		add(annot.Annotation{Kind: annot.KindNote, Value: phrase(1 + rng.IntN(12))})
	}
	var suggs []suggest.Suggestion
	for i := range nSugg {
		s := suggest.Suggestion{Start: i * 7, End: i*7 + 4, Text: phrase(1), Kind: suggest.KindOCR}
		if rng.IntN(5) == 0 {
			s.Kind = suggest.KindEntity
		}
		for j := range rng.IntN(12) {
			c := suggest.Candidate{Text: phrase(1 + rng.IntN(4)), Score: float64(j) / 10}
			if s.Kind == suggest.KindEntity && rng.IntN(2) == 0 {
				c.Canonical = phrase(2)
			}
			s.Candidates = append(s.Candidates, c)
		}
		if rng.IntN(3) > 0 {
			s.Reason = phrase(1 + rng.IntN(20))
		}
		suggs = append(suggs, s)
	}
	return d, suggs
}

// pair is the virtual panel and the eager reference, driven alike.
type pair struct {
	t   *testing.T
	m   Model
	r   refModel
	log []string
}

func newPair(t *testing.T, w, h int) *pair {
	st := style.New(nil, false, nil)
	p := &pair{t: t, m: New(DefaultKeyMap(), st, "c"), r: newRef(DefaultKeyMap(), st, "c")}
	p.m.SetSize(w, h)
	p.r.SetSize(w, h)
	return p
}

// do runs op on both and checks that they draw the same screen, stand
// on the same row and that the virtual one built a window, not the
// document.
func (p *pair) do(op string, f func(m *Model), g func(r *refModel)) {
	p.t.Helper()
	p.log = append(p.log, op)
	f(&p.m)
	g(&p.r)
	p.m.checkWindow(p.t, strings.Join(p.log, " "))
	got, want := strings.Join(p.m.View(true), "\n"), strings.Join(p.r.View(true), "\n")
	if got != want {
		p.t.Fatalf("after %s the screens differ:\nvirtual:\n%s\neager:\n%s", strings.Join(p.log, " "), got, want)
	}
	gc, gok := p.m.Current()
	wc, wok := p.r.Current()
	if gok != wok || gc.Text != wc.Text || gc.Sugg != wc.Sugg || (gc.Ann == nil) != (wc.Ann == nil) || gc.Ann != nil && gc.Ann.ID != wc.Ann.ID {
		p.t.Fatalf("after %s the cursor is on %+v, want %+v", strings.Join(p.log, " "), gc, wc)
	}
	if vis := max(p.m.h-1, 1); len(p.m.rows) > 8*vis+64+40 && !strings.HasPrefix(op, "scroll") {
		p.t.Fatalf("after %s the window holds %d rows for a pane of %d", strings.Join(p.log, " "), len(p.m.rows), vis)
	}
}

func (p *pair) key(k string) {
	p.t.Helper()
	msg := keyOf(k)
	switch k {
	case "enter":
		msg = tea.KeyMsg{Type: tea.KeyEnter}
	case "down":
		msg = tea.KeyMsg{Type: tea.KeyDown}
	}
	p.do(k, func(m *Model) { m.Update(msg) }, func(r *refModel) { r.Update(msg) })
}

// TestVirtualAsEager drives the virtual panel and the eager one with
// random keys, clicks, wheel scrolls, jumps to suggestions, resizes and
// new suggestions (one accepted, new ones come) over random documents
// small and large: every screen and every cursor must be equal.
func TestVirtualAsEager(t *testing.T) {
	for seed := range 60 {
		rng := rand.New(rand.NewPCG(uint64(seed), 11))
		n := []int{0, 3, 40, 400}[seed%4]
		d, suggs := randomDoc(rng, n)
		p := newPair(t, 1+rng.IntN(80), rng.IntN(42))
		p.do(fmt.Sprintf("seed=%d set(%d)", seed, n), func(m *Model) { m.Set(d, suggs) }, func(r *refModel) { r.Set(d, suggs) })
		for range 250 {
			switch x := rng.IntN(100); {
			case x < 40:
				p.key([]string{"j", "j", "j", "k", "down"}[rng.IntN(5)])
			case x < 46:
				p.key([]string{"g", "G"}[rng.IntN(2)])
			case x < 50:
				p.key([]string{"z", "Z", "enter"}[rng.IntN(3)])
			case x < 60:
				k := rng.IntN(40) - 20
				p.do(fmt.Sprint("scroll", k), func(m *Model) { m.Scroll(k) }, func(r *refModel) { r.Scroll(k) })
			case x < 72:
				i := rng.IntN(len(suggs) + 1)
				p.do(fmt.Sprint("sugg", i), func(m *Model) { m.SelectSugg(i) }, func(r *refModel) { r.SelectSugg(i) })
			case x < 80:
				y := rng.IntN(p.m.h + 1)
				p.do(fmt.Sprint("click", y), func(m *Model) { m.Click(y) }, func(r *refModel) { r.Click(y) })
			case x < 84:
				w, h := 1+rng.IntN(80), rng.IntN(42)
				resize := func(m interface {
					SetSize(int, int)
					Rewrap()
					Clamp()
				}) {
					m.SetSize(w, h)
					m.Rewrap()
					m.Clamp()
				}
				p.do(fmt.Sprintf("size%dx%d", w, h), func(m *Model) { resize(m) }, func(r *refModel) { resize(r) })
			case x < 90 && len(suggs) > 0:
				// the suggestion under the cursor is accepted: the rest stay
				i := rng.IntN(len(suggs))
				if c, ok := p.m.Current(); ok && c.Sugg >= 0 {
					i = c.Sugg
				}
				suggs = append(append([]suggest.Suggestion(nil), suggs[:i]...), suggs[i+1:]...)
				p.do(fmt.Sprint("accept", i), func(m *Model) { m.Set(d, suggs) }, func(r *refModel) { r.Set(d, suggs) })
			case x < 92:
				// another document, its suggestions not come yet
				d2, _ := randomDoc(rng, 0)
				p.do("pending", func(m *Model) { m.SetPending("finding suggestions…"); m.Set(d2, nil) },
					func(r *refModel) { r.pending = "finding suggestions…"; r.Set(d2, nil) })
				d, suggs = d2, nil
			case x < 94:
				_, more := randomDoc(rng, n)
				p.do("arrive", func(m *Model) { m.SetPending(""); m.Set(d, more) }, func(r *refModel) { r.pending = ""; r.Set(d, more) })
				suggs = more
			}
		}
	}
}

// TestVirtualLongPanels: panels of many suggestions that wrap, walked
// to the end and back: j held to the last item draws what the eager
// panel draws, G and g land as they do there, and no more than a few
// screens of rows are ever built.
func TestVirtualLongPanels(t *testing.T) {
	for _, tc := range []struct {
		n, w, h int
	}{
		{3000, 40, 30},
		{3000, 24, 8},
		{1000, 80, 3},
		{500, 30, 60},
	} {
		t.Run(fmt.Sprintf("%d@%dx%d", tc.n, tc.w, tc.h), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.w)))
			d, suggs := randomDoc(rng, tc.n)
			p := newPair(t, tc.w, tc.h)
			p.do("set", func(m *Model) { m.Set(d, suggs) }, func(r *refModel) { r.Set(d, suggs) })
			if len(p.m.rows) > 4*tc.h+40 {
				t.Fatalf("Set built %d rows for a pane of %d", len(p.m.rows), tc.h)
			}
			for p.r.rows[p.r.cursor].Name != "Document" {
				p.key("j")
			}
			if r := p.m.rows[p.m.cursor]; r.Kind != Section || r.Name != "Document" {
				t.Fatalf("j to the end stands on %+v, want the Document header", r)
			}
			p.key("k")
			last := p.m.View(true)
			if it, ok := p.m.Current(); !ok || it.Sugg != len(suggs)-1 {
				t.Fatalf("k from the end stands on %+v, want suggestion %d:\n%s", it, len(suggs)-1, strings.Join(last, "\n"))
			}
			p.key("g")
			p.key("G")
			if it, ok := p.m.Current(); !ok || it.Sugg != len(suggs)-1 {
				t.Fatalf("G stands on %+v, want suggestion %d:\n%s", it, len(suggs)-1, strings.Join(p.m.View(true), "\n"))
			}
			for range 50 {
				p.key("k")
			}
			p.do("size", func(m *Model) { m.SetSize(tc.w+17, tc.h); m.Rewrap(); m.Clamp() },
				func(r *refModel) { r.SetSize(tc.w+17, tc.h); r.Rewrap(); r.Clamp() })
			p.do("sugg", func(m *Model) { m.SelectSugg(tc.n / 2) }, func(r *refModel) { r.SelectSugg(tc.n / 2) })
			p.key("G")
			p.key("g")
			if it, ok := p.m.Current(); !ok || it.Ann == nil {
				t.Fatalf("g stands on %+v, want the first annotation", it)
			}
		})
	}
}

// checkWindow fails unless the window's rows are those of its blocks.
func (m *Model) checkWindow(t *testing.T, after string) {
	t.Helper()
	var want []Row
	var blk []int32
	for i := m.lo; i < m.hi; i++ {
		rs := m.blockRows(m.blocks[i])
		want = append(want, rs...)
		for range rs {
			blk = append(blk, int32(i))
		}
	}
	if len(want) != len(m.rows) || len(blk) != len(m.rowBlk) {
		t.Fatalf("after %s the window [%d,%d) holds %d rows, its blocks %d", after, m.lo, m.hi, len(m.rows), len(want))
	}
	for i := range want {
		if want[i].Text != m.rows[i].Text || blk[i] != m.rowBlk[i] {
			t.Fatalf("after %s window row %d is %q of block %d, want %q of %d", after, i, m.rows[i].Text, m.rowBlk[i], want[i].Text, blk[i])
		}
	}
	if m.cursor >= len(m.rows) || m.top < 0 || m.top > len(m.rows) {
		t.Fatalf("after %s the cursor %d and top %d are outside the window of %d rows", after, m.cursor, m.top, len(m.rows))
	}
}

// TestAnnotationRows: each kind of annotation reads in its row as it
// did when every row was built at Set: a tag by its label, an entity by
// its text and canonical name, a correction by its text and replacement
// (or "(deleted)"), a mark with its value, a note with the text it is
// on; all but tags say when they are stale; the covered text is sliced
// from the document when the annotation does not record it.
func TestAnnotationRows(t *testing.T) {
	d := &store.Document{Doc: annot.Doc{ID: "d"}, Text: "Köln am Rhein"}
	for _, tc := range []struct {
		a    annot.Annotation
		want string
	}{
		{annot.Annotation{Kind: annot.KindTag, Label: "gut", Stale: true}, "#gut"},
		{annot.Annotation{Kind: annot.KindEntity, Start: 0, End: 4, Text: "Köln", Label: "LOC", Canonical: "Köln (Stadt)"}, "“Köln” → Köln (Stadt)"},
		{annot.Annotation{Kind: annot.KindEntity, Start: 8, End: 13, Label: "LOC", Stale: true}, "“Rhein” (stale)"},
		{annot.Annotation{Kind: annot.KindCorrection, Start: 0, End: 4, Text: "Köln", Value: "Koeln"}, "“Köln” → “Koeln”"},
		{annot.Annotation{Kind: annot.KindCorrection, Start: 5, End: 7, Text: "am"}, "“am” → (deleted)"},
		{annot.Annotation{Kind: annot.KindMark, Start: 5, End: 7, Text: "am", Value: "unsure", Stale: true}, "“am” unsure (stale)"},
		{annot.Annotation{Kind: annot.KindNote, Value: "ganzes\nDokument"}, "ganzes␤Dokument"},
		{annot.Annotation{Kind: annot.KindNote, Start: 0, End: 4, Value: "Stadt"}, "“Köln”: Stadt"},
	} {
		r := annRow(&tc.a, &texts{text: d.Text})
		if r.Text != tc.want || r.Kind != Item || r.Ann != &tc.a || r.Sugg != -1 || r.HasSpan != tc.a.HasSpan() {
			t.Errorf("%v row %+v, want text %q", tc.a.Kind, r, tc.want)
		}
	}
}
