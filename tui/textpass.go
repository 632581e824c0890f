package tui

import (
	"fmt"
	"maps"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
)

// The text pass. Free words of the list filter match the document text
// too, as with --where; reading 100 000 texts takes about a second, far
// too long for a key. So a key runs the fast pass alone (title, id and
// tags, in memory), whose result shows at once as a preview, and when the
// filter has free words it also starts a chain of commands that read the
// texts of textChunk documents each (store.Document) and decide each
// document with its text, as --where does (query.Match). Update merges
// each chunk into the list: documents found by their text are added
// (marked "in text"), and documents of the preview that the filter rules
// out are dropped (those a -word finds in their text, and those the fast
// pass matched fuzzily only); the cursor stays on its document. When the
// chain ends, the list is exactly what --where selects. Every refilter
// starts a new generation; a chunk of an older one is dropped and ends
// its chain.

// textChunk is how many documents one command of the text pass decides.
var textChunk = 500

// what the text pass knows of each document (textPass.mark)
const (
	markNone    uint8 = iota // not shown by the preview, not (yet) found
	markPreview              // shown by the preview
	markDrop                 // shown by the preview, ruled out by its text
	markText                 // not in the preview, found by its text
)

// textPass is the state of the text pass of the list's filter.
type textPass struct {
	gen     int        // the filter generation (listModel.filterGen)
	q       *textQuery // nil: no pass
	start   bool       // set by refilter: the app starts the chain
	running bool
	next    int             // first document not yet asked for
	done    int             // documents decided
	mark    []uint8         // per document, made when the first chunk arrives
	sel     *roaring.Bitmap // the indexes' answer, from the first chunk
}

// searchText is the text a free word of the filter searches: the
// corrected text, so without the boilerplate cut from it.
func searchText(d store.Document) string { return store.SearchText(d.Text, d.Anns) }

// textCmd decides docs, the documents [lo, lo+len(docs)) of the list.
// The store's indexes answer the filter once (sel, asked for by the first
// chunk and kept for the rest), so a chunk reads no text: the cost
// follows the answer, not the corpus. Without them (a store that is not
// an IndexedStore, one whose indexes do not cover what it reads, such as
// a reviewer's layers, or an error), it reads
// the text of a document only when the filter needs it (a free word not
// in its title, id or tags); a text that cannot be read counts as empty.
// counts are the open suggestions counted here, for has:suggestions.
func textCmd(st Store, q *textQuery, gen, lo int, docs []annot.Doc, sel *roaring.Bitmap, counts map[string]int) tea.Cmd {
	return func() tea.Msg {
		msg := textMsg{gen: gen, lo: lo, hi: lo + len(docs)}
		if sel == nil {
			fill := func(d *annot.Doc) {
				if n, ok := counts[d.ID]; ok {
					d.Counts.Suggestions = n
				}
			}
			if ix, ok := st.(IndexedStore); ok && ix.Indexed() {
				if s, err := ix.Select(q.q, fill); err == nil {
					sel, msg.sel = s, s
				}
			}
		}
		for i := range docs {
			d := &docs[i]
			if sel != nil {
				if sel.Contains(uint32(d.Seq)) {
					msg.match = append(msg.match, int32(lo+i))
				}
				continue
			}
			load := func() string {
				full, err := st.Document(d.ID)
				if err != nil {
					return ""
				}
				return searchText(full)
			}
			if q.match(d, load) {
				msg.match = append(msg.match, int32(lo+i))
			}
		}
		return msg
	}
}

// begin starts the pass that refilter asked for. The key that changed
// the filter only sends a message: the first chunk starts when Update
// gets it, so that keys typed meanwhile (a newer generation) read no text
// at all, and the key's Update copies no records.
func (p *textPass) begin() tea.Cmd {
	p.start = false
	gen := p.gen
	return func() tea.Msg { return textMsg{gen: gen} }
}

// chunk starts the next command of the pass over docs (the list's
// records), if any is left; suggCount holds the open suggestions counted
// so far, which has:suggestions selects by. The command gets copies of
// the records, which Update may replace meanwhile.
func (p *textPass) chunk(st Store, docs []annot.Doc, suggCount map[string]int) tea.Cmd {
	if p.q == nil || !p.running || p.next >= len(docs) {
		return nil
	}
	lo, hi := p.next, min(p.next+max(textChunk, 1), len(docs))
	p.next = hi
	var counts map[string]int
	if p.sel == nil && p.q.q.NeedsSuggestions() {
		counts = maps.Clone(suggCount)
	}
	return textCmd(st, p.q, p.gen, lo, slices.Clone(docs[lo:hi]), p.sel, counts)
}

// progress is the status line's note while the pass runs over total
// documents.
func (p *textPass) progress(total int) string {
	if !p.running || total == 0 {
		return ""
	}
	return fmt.Sprintf("searching text… %d %%", p.done*100/total)
}

// textDone merges a chunk of the text pass into the list and starts the
// next one.
func (a *App) textDone(msg textMsg) tea.Cmd {
	p := &a.list.text
	if msg.gen != p.gen || !p.running {
		return nil // an older filter's
	}
	if msg.sel != nil {
		p.sel = msg.sel
	}
	changed := a.list.mergeText(msg)
	next := p.chunk(a.st, a.list.docs, a.list.suggCount)
	if changed {
		return tea.Batch(next, a.openCurrent(false))
	}
	return next
}

// mergeText applies the verdicts of one chunk to the view, keeping the
// cursor on its document (or its row, when the document goes); it
// reports whether the document under the cursor changed.
func (m *listModel) mergeText(msg textMsg) bool {
	p := &m.text
	if msg.lo < 0 || msg.hi > len(m.docs) || msg.lo >= msg.hi {
		return false // the start of the pass, or a wrong range
	}
	if p.mark == nil {
		p.mark = make([]uint8, len(m.docs))
		for _, ix := range m.view {
			p.mark[ix] = markPreview
		}
	}
	var added []int32
	dropped := false
	j := 0
	for i := msg.lo; i < msg.hi; i++ {
		hit := j < len(msg.match) && int(msg.match[j]) == i
		if hit {
			j++
		}
		switch {
		case hit && p.mark[i] == markNone:
			p.mark[i] = markText
			added = append(added, int32(i))
		case !hit && p.mark[i] == markPreview:
			p.mark[i] = markDrop
			dropped = true
		}
	}
	p.done += msg.hi - msg.lo
	if p.done >= len(m.docs) {
		p.running = false
	}
	if len(added) == 0 && !dropped {
		return false
	}
	old := int32(-1)
	if m.cursor >= 0 && m.cursor < len(m.view) {
		old = m.view[m.cursor]
	}
	view := m.view
	if dropped {
		view = slices.DeleteFunc(view, func(ix int32) bool { return p.mark[ix] == markDrop })
	}
	if len(added) > 0 {
		view = m.mergeAdded(view, added)
	}
	m.view = view
	if old >= 0 && p.mark[old] != markDrop {
		if i := slices.Index(m.view, old); i >= 0 {
			m.cursor = i
		}
	}
	m.clamp()
	now := int32(-1)
	if m.cursor < len(m.view) {
		now = m.view[m.cursor]
	}
	return now != old
}

// mergeAdded adds the documents found by their text to view: after it,
// or by open suggestions when the list is sorted so.
func (m *listModel) mergeAdded(view, added []int32) []int32 {
	if !m.sortSugg {
		return append(view, added...)
	}
	sugg := func(ix int32) int { return m.docs[ix].Counts.Suggestions }
	slices.SortStableFunc(added, func(a, b int32) int { return sugg(b) - sugg(a) })
	out := make([]int32, 0, len(view)+len(added))
	i, j := 0, 0
	for i < len(view) && j < len(added) {
		if sugg(added[j]) > sugg(view[i]) {
			out = append(out, added[j])
			j++
		} else {
			out = append(out, view[i])
			i++
		}
	}
	out = append(append(out, view[i:]...), added[j:]...)
	return out
}

// foundInText reports whether document i shows only because of its text.
func (m *listModel) foundInText(i int) bool {
	return i < len(m.text.mark) && m.text.mark[i] == markText
}

// joinBusy joins the notes of the work going on in the background.
func joinBusy(notes ...string) string {
	out := ""
	for _, n := range notes {
		if n == "" {
			continue
		}
		if out != "" {
			out += "  "
		}
		out += n
	}
	return out
}
