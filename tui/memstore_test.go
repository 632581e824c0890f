package tui

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// memStore is an in-memory Store for benchmarks and rendering tests. It
// applies ops without checking the annotation rules and has no undo.
type memStore struct {
	mu    sync.Mutex
	docs  []annot.Doc
	texts map[string]string
	anns  map[string][]annot.Annotation
	byID  map[string]int
	seq   int
	ents  map[string]store.Entity  // the registry, by label\x00name
	lays  map[string]*annot.Layout // page layouts, by document
}

func newMemStore() *memStore {
	return &memStore{texts: map[string]string{}, anns: map[string][]annot.Annotation{}, byID: map[string]int{}}
}

func (m *memStore) add(id, title, text string, anns ...annot.Annotation) {
	d := annot.Doc{ID: id, Title: title, Hash: fmt.Sprintf("h%d", len(m.docs)), Size: annot.Runes(text), Bytes: len(text), Seq: uint64(len(m.docs) + 1)}
	annot.Summarize(&d, anns)
	m.byID[id] = len(m.docs)
	m.docs = append(m.docs, d)
	m.texts[id] = text
	m.anns[id] = anns
}

// genDocs fills the store with n generated documents of about 3 KB.
func (m *memStore) genDocs(n int) {
	words := strings.Fields("Köln tritt der Chinesisch-Deutschen Industriestädteallianz bei Wirtschaft Handel Forschung Stadt Rat Bürger Netzwerk Partner China Messe Jahrestreffen")
	for i := 0; i < n; i++ {
		title := fmt.Sprintf("%s %s Bericht %d", words[i%len(words)], words[(i*7)%len(words)], i)
		d := annot.Doc{ID: fmt.Sprintf("doc%06d", i), Title: title, Hash: fmt.Sprintf("h%d", i), Size: 3000, Bytes: 3000, Seq: uint64(i + 1),
			Status: annot.Statuses[i%3], Counts: annot.Counts{Corrections: i % 5, Suggestions: (i * 13) % 17}}
		if i%4 == 0 {
			d.Tags = []string{"ocr"}
		}
		if i%9 == 0 {
			d.Labels = map[string]int{"PER": 1}
		}
		m.byID[d.ID] = len(m.docs)
		m.docs = append(m.docs, d)
	}
}

// Select matches every document, as a store without indexes would.
func (m *memStore) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := roaring.New()
	for _, d := range m.docs {
		if fill != nil {
			fill(&d)
		}
		text := store.SearchText(m.texts[d.ID], m.anns[d.ID])
		if q.Match(query.Subject{Doc: d, Text: func() string { return text }}) {
			out.Add(uint32(d.Seq))
		}
	}
	return out, nil
}

// Indexed reports that Select answers for the store.
func (m *memStore) Indexed() bool { return true }

// Window returns the records at places [from, from+n) of sel.
func (m *memStore) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []annot.Doc
	for i, num := range sel.ToArray() {
		if i >= from && len(out) < n {
			out = append(out, m.docs[num-1])
		}
	}
	return out, nil
}

func (m *memStore) DocList() ([]annot.Doc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]annot.Doc(nil), m.docs...), nil
}

func (m *memStore) Doc(id string) (annot.Doc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.byID[id]
	if !ok {
		return annot.Doc{}, store.ErrNoDoc
	}
	return m.docs[i], nil
}

func (m *memStore) Document(id string) (store.Document, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i, ok := m.byID[id]
	if !ok {
		return store.Document{}, store.ErrNoDoc
	}
	text, ok := m.texts[id]
	if !ok {
		text = strings.Repeat("Köln ist eine Stadt am Rhein. ", 100)
	}
	return store.Document{Doc: m.docs[i], Text: text, Anns: append([]annot.Annotation(nil), m.anns[id]...)}, nil
}

func (m *memStore) Do(what string, ops ...store.Op) (store.Action, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	act := store.Action{What: what}
	for _, op := range ops {
		anns := m.anns[op.Doc]
		if op.Put != nil {
			a := *op.Put
			if a.ID == "" {
				m.seq++
				a.ID = fmt.Sprintf("m%d", m.seq)
			}
			anns = append(anns, a)
		} else {
			for i, a := range anns {
				if a.ID == op.Delete {
					anns = append(anns[:i], anns[i+1:]...)
					break
				}
			}
		}
		m.anns[op.Doc] = anns
		d := &m.docs[m.byID[op.Doc]]
		annot.Summarize(d, anns)
		act.Changes = append(act.Changes, store.Change{Bucket: "ann", Doc: op.Doc})
	}
	return act, nil
}

// Entities is the registry plus every canonical name the mentions use,
// with counts.
func (m *memStore) Entities() ([]store.Entity, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	reg := map[string]store.Entity{}
	for k, e := range m.ents {
		reg[k] = e
	}
	for _, d := range m.docs {
		seen := map[string]bool{}
		for _, a := range m.anns[d.ID] {
			if a.Kind != annot.KindEntity || a.Canonical == "" {
				continue
			}
			k := a.Label + "\x00" + a.Canonical
			e, ok := reg[k]
			if !ok {
				e = store.Entity{Name: a.Canonical, Label: a.Label}
			}
			e.Mentions++
			if !seen[k] {
				seen[k] = true
				e.Docs++
			}
			reg[k] = e
		}
	}
	out := make([]store.Entity, 0, len(reg))
	for _, e := range reg {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Label+"\x00"+out[i].Name < out[j].Label+"\x00"+out[j].Name
	})
	return out, nil
}

func (m *memStore) EntityDocs(label, name string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for _, d := range m.docs {
		for _, a := range m.anns[d.ID] {
			if a.Kind == annot.KindEntity && a.Label == label && a.Canonical == name {
				ids = append(ids, d.ID)
				break
			}
		}
	}
	return ids, nil
}

func (m *memStore) SaveEntity(e store.Entity) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ents == nil {
		m.ents = map[string]store.Entity{}
	}
	e.Mentions, e.Docs = 0, 0
	m.ents[e.Label+"\x00"+e.Name] = e
	return nil
}

func (m *memStore) RenameEntity(label, from, name string) error {
	if from == name {
		return store.ErrNoChange
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ents == nil {
		m.ents = map[string]store.Entity{}
	}
	src := m.ents[label+"\x00"+from]
	dst, ok := m.ents[label+"\x00"+name]
	if !ok {
		dst = store.Entity{Name: name, Label: label}
	}
	dst.Aliases = slices.Compact(slices.Sorted(slices.Values(append(append(dst.Aliases, src.Aliases...), from))))
	delete(m.ents, label+"\x00"+from)
	m.ents[label+"\x00"+name] = dst
	m.recanonical(label, from, name)
	return nil
}

func (m *memStore) DeleteEntity(label, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.ents, label+"\x00"+name)
	m.recanonical(label, name, "")
	return nil
}

func (m *memStore) recanonical(label, from, name string) {
	for id, anns := range m.anns {
		for i, a := range anns {
			if a.Kind == annot.KindEntity && a.Label == label && a.Canonical == from {
				anns[i].Canonical = name
			}
		}
		annot.Summarize(&m.docs[m.byID[id]], anns)
	}
}

func (m *memStore) Undo() (store.Action, error) { return store.Action{}, store.ErrNothingToUndo }
func (m *memStore) Redo() (store.Action, error) { return store.Action{}, store.ErrNothingToRedo }
func (m *memStore) Path() string                { return "mem.db" }

func (m *memStore) Layout(id string) (*annot.Layout, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l, ok := m.lays[id]; ok {
		return l, nil
	}
	return nil, fmt.Errorf("layout of %q: %w", id, store.ErrNoLayout)
}

// Recent reads the change log, which a memStore does not keep.
func (m *memStore) Recent(func(store.Action) bool) error { return nil }

func (m *memStore) FindWord(word string) (map[string][]annot.Span, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string][]annot.Span{}
	for id, text := range m.texts {
		ix := annot.NewIndex(text)
		for off := 0; ; {
			i := strings.Index(text[off:], word)
			if i < 0 {
				break
			}
			s := ix.Rune(off + i)
			out[id] = append(out[id], annot.Span{Start: s, End: s + annot.Runes(word)})
			off += i + len(word)
		}
	}
	return out, nil
}
