// Package list is the document list of folio's interface: a window over
// the documents a filter selects. It holds the selection as a bitmap of
// document numbers (import order), a cursor and the records of the rows
// on screen, never the corpus: filtering, counting and jumping are
// answered by the store's indexes (Source), each inside a tea.Cmd, and
// memory stays flat as the corpus grows.
package list

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/query"
	"folio/tui/docview"
	"folio/tui/input"
	"folio/tui/style"
)

// Source is what the list reads from the store: *store.Store and
// remote.Client (store.API) satisfy it. Every call happens inside a
// tea.Cmd, never in Update or View.
type Source interface {
	// Select returns the numbers of the documents q selects; fill, if
	// not nil, completes a record before it is matched.
	Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error)
	// Window returns the records at places [from, from+n) of sel.
	Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error)
	// Doc returns the record of document id (its Seq is its number).
	Doc(id string) (annot.Doc, error)
}

// KeyMap holds the list's bindings. Open and FilterMenu are the root's
// to act on (it reads the document, or opens the filter menu).
type KeyMap struct {
	Up, Down, Top, Bottom, PageDown, PageUp key.Binding
	Open, Filter, FilterMenu, Clear, Sort   key.Binding
}

// InputKeys end the typing of a filter (Cancel, Submit) and edit it
// (Edit; input.DefaultKeyMap when it has no keys).
type InputKeys struct {
	Cancel, Submit key.Binding
	Edit           input.KeyMap
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the list's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:         bind("k/↑", "up", "k", "up"),
		Down:       bind("j/↓", "down", "j", "down"),
		Top:        bind("g", "first", "g", "home"),
		Bottom:     bind("G", "last", "G", "end"),
		PageDown:   bind("ctrl+d", "page down", "ctrl+d", "pgdown"),
		PageUp:     bind("ctrl+u", "page up", "ctrl+u", "pgup"),
		Open:       bind("enter", "read", "enter", "l"),
		Filter:     bind("/", "filter", "/"),
		FilterMenu: bind("f", "filter menu", "f"),
		Clear:      bind("esc", "clear filter", "esc"),
		Sort:       bind("S", "sort by suggestions", "S"),
	}
}

// ShortHelp is the one-line help of the list.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Open, k.Filter, k.FilterMenu, k.Sort}
}

// FullHelp is the list's part of the full help.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}, {k.Open, k.Filter, k.FilterMenu, k.Clear, k.Sort}}
}

// SelectedMsg carries a new selection (a filter's answer).
type SelectedMsg struct {
	gen       int
	filter    string
	segs      []*roaring.Bitmap
	done, all int
	err       error
}

// WindowMsg carries the records of rows [from, from+len(docs)).
type WindowMsg struct {
	gen, from int
	docs      []annot.Doc
	err       error
}

// JumpMsg carries the number of a document to put the cursor on (JumpID).
type JumpMsg struct {
	n   uint32
	err error
}

// FoundMsg answers NextTodo and NextWith: the document found, if any.
// The root moves the list there with Goto.
type FoundMsg struct {
	// Tag is what the root asked for (it tells its answers apart).
	Tag   string
	Found bool
	Doc   annot.Doc
	// InFirst says the document is among those shown first (the
	// reviewer's queue).
	InFirst bool
	// Outside is, when NextTodo found none, how many todo documents
	// the list does not show.
	Outside int
	Err     error
}

// Model is the list's state: the selection as bitmaps of document
// numbers, shown one after the other (the documents shown first, then
// the rest; by open suggestions when sorted), and the records of the rows
// around the screen.
type Model struct {
	keys  KeyMap
	ikeys InputKeys
	st    *style.Styles
	src   Source

	segs   []*roaring.Bitmap // the documents shown, in order: each in number order
	total  int               // documents shown
	done   int               // documents done, in the store
	all    int               // documents in the store
	filter string            // the filter segs answer
	want   string            // the filter last asked for
	gen    int               // one more per selection, to drop stale answers
	latest *atomic.Int64     // gen, for the commands: an outdated one does nothing

	first  *roaring.Bitmap // shown first (a reviewer's queue), or nil
	sorted bool            // by open suggestions, most first
	counts map[string]int  // open suggestions counted in memory (KeepCounts)

	cursor, top int
	w, h        int

	// the window: records of rows [from, from+len(rows))
	from int
	rows []annot.Doc

	// kept is the document under the cursor before the selection was
	// answered again (a refresh): when the window brings the same one
	// back, the cursor's document did not change
	kept string

	loading bool
	err     string

	filtering bool // the filter input has the keyboard
	in        input.Model
	filterErr string
	// settle is how long a filter being typed waits for the next key
	// before it is answered: the key is drawn at once, and a query runs
	// only for the word the typing settles on
	settle time.Duration
}

// Settle is how long a filter being typed waits for another key before
// its query runs (Model.SetSettle changes it): two of the app's frames
// (8.3 ms each at 120 a second) and a little, so that the key is on the
// screen before its query takes a core, and a word typed fast asks once.
const Settle = 20 * time.Millisecond

// Pause is how long a filter being typed waits for another key when its
// free word has a run of letters the store answers by reading its whole
// lexicon (query.ShortWord: one or two letters that may lie inside a
// word, such as the j and ja of Jangtse). Such a query costs what the
// corpus costs and selects most of it; typed at a reviewer's pace (about
// 8 keys a second) the next key overtakes it before it reads anything,
// and a word left at one or two letters is answered once typing pauses.
const Pause = 300 * time.Millisecond

// shortRun is the length of the store's letter triples (store/grams.go):
// a run shorter than that has no triple to narrow it.
const shortRun = 3

// New returns an empty list reading src; Load fills it. ikeys end the
// typing of a filter.
func New(src Source, keys KeyMap, ikeys InputKeys, st *style.Styles) Model {
	in := input.New(st, "/")
	in.Placeholder = "words, tag:x status:todo label:PER …"
	if len(ikeys.Edit.Home.Keys()) > 0 {
		in.Keys = ikeys.Edit
	}
	return Model{keys: keys, ikeys: ikeys, st: st, src: src, loading: true, in: in, latest: new(atomic.Int64), settle: Settle}
}

// SetSettle sets how long a filter being typed waits for another key
// before its query runs (0: at once).
func (m *Model) SetSettle(d time.Duration) { m.settle = max(d, 0) }

// SetSize sets the pane's size; the cmd reads rows that came into view.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.w, m.h = w, h
	m.clamp()
	return m.ensure()
}

// Load selects every document (or refreshes the selection: the
// documents, their order and the counts, keeping the cursor on its
// document, or its place when the document went).
func (m *Model) Load() tea.Cmd { return m.reselect(m.want) }

// KeepCounts says that the open suggestions counted (SetSuggestions)
// are kept in memory, because the store does not keep them: they then
// outrank the records' counts.
func (m *Model) KeepCounts() {
	if m.counts == nil {
		m.counts = map[string]int{}
	}
}

// SetFirst shows the documents of first (a reviewer's queue) before the
// others; the cmd reads the list again.
func (m *Model) SetFirst(first *roaring.Bitmap) tea.Cmd {
	m.first = first
	return m.reselect(m.want)
}

// SetFilter asks for the documents expr selects, keeping the cursor on
// its document when that is still shown. A malformed expr sets FilterErr
// and changes nothing.
func (m *Model) SetFilter(expr string) tea.Cmd {
	m.filtering = false
	m.in.SetValue(expr)
	return m.reselect(expr)
}

// typingWait is how long the filter expr, being typed, waits for another
// key before its query runs: the settling time, or Pause for a query
// whose cost follows the corpus.
func (m *Model) typingWait(expr string) time.Duration {
	if m.settle == 0 {
		return 0
	}
	if q, err := query.Parse(expr); err == nil && q.ShortWord(shortRun) {
		return max(m.settle, Pause)
	}
	return m.settle
}

// reselect asks for the answer to expr.
func (m *Model) reselect(expr string) tea.Cmd { return m.reselectAfter(expr, 0) }

// reselectAfter asks for the answer to expr once wait passed without a
// newer question: Update returns at once (the key that asked is drawn
// before any query runs), and a question overtaken while it waits reads
// nothing.
func (m *Model) reselectAfter(expr string, wait time.Duration) tea.Cmd {
	q, err := query.Parse(expr)
	if err != nil {
		m.filterErr = err.Error()
		return nil
	}
	m.filterErr = ""
	m.want = expr
	m.gen++
	m.latest.Store(int64(m.gen))
	gen, src, first, sorted, latest := m.gen, m.src, m.first, m.sorted, m.latest
	var fill func(*annot.Doc)
	if len(m.counts) > 0 && (sorted || q.NeedsSuggestions()) {
		fill = fillFrom(maps.Clone(m.counts))
	}
	return func() tea.Msg {
		if wait > 0 {
			time.Sleep(wait) // in the command's goroutine, never in Update
		}
		if latest.Load() != int64(gen) {
			return nil // a newer filter is on its way
		}
		msg := SelectedMsg{gen: gen, filter: expr}
		msg.segs, msg.done, msg.all, msg.err = selection(src, q, fill, first, sorted)
		return msg
	}
}

var (
	everything     = query.MustParse("")
	hasSuggestions = query.MustParse("has:suggestions")
	statusDone     = query.MustParse("status:done")
	statusTodo     = query.MustParse("status:todo")
)

// selection answers q: the documents shown, in order, with the counts of
// the store (done, all).
func selection(src Source, q *query.Query, fill func(*annot.Doc), first *roaring.Bitmap, sorted bool) (segs []*roaring.Bitmap, done, all int, err error) {
	sel, err := src.Select(q, fill)
	if err != nil {
		return nil, 0, 0, err
	}
	whole := sel
	if !q.Empty() {
		if whole, err = src.Select(everything, nil); err != nil {
			return nil, 0, 0, err
		}
	}
	d, err := src.Select(statusDone, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	segs = []*roaring.Bitmap{sel}
	if first != nil && !first.IsEmpty() {
		segs = []*roaring.Bitmap{roaring.And(sel, first), roaring.AndNot(sel, first)}
	}
	if sorted {
		if segs, err = bySuggestions(src, segs, fill); err != nil {
			return nil, 0, 0, err
		}
	}
	return segs, int(d.GetCardinality()), int(whole.GetCardinality()), nil
}

// bySuggestions splits each segment by open suggestions, most first. It
// reads the records (in chunks, not their texts) of the documents with
// suggestions alone when the store keeps the counts (fill is nil: its
// index answers has:suggestions), else of the whole selection.
func bySuggestions(src Source, segs []*roaring.Bitmap, fill func(*annot.Doc)) ([]*roaring.Bitmap, error) {
	const chunk = 1024
	var with *roaring.Bitmap
	if fill == nil {
		var err error
		if with, err = src.Select(hasSuggestions, nil); err != nil {
			return nil, err
		}
	}
	var out []*roaring.Bitmap
	for _, s := range segs {
		by := map[int]*roaring.Bitmap{}
		if with != nil {
			if none := roaring.AndNot(s, with); !none.IsEmpty() {
				by[0] = none // no record read: none has suggestions
			}
			s = roaring.And(s, with)
		}
		n := int(s.GetCardinality())
		for from := 0; from < n; from += chunk {
			docs, err := src.Window(s, from, chunk)
			if err != nil {
				return nil, err
			}
			if len(docs) == 0 {
				break
			}
			for i := range docs {
				if fill != nil {
					fill(&docs[i])
				}
				c := docs[i].Counts.Suggestions
				if by[c] == nil {
					by[c] = roaring.New()
				}
				by[c].Add(uint32(docs[i].Seq))
			}
		}
		keys := slices.Sorted(maps.Keys(by))
		slices.Reverse(keys)
		for _, k := range keys {
			out = append(out, by[k])
		}
	}
	return out, nil
}

func fillFrom(counts map[string]int) func(*annot.Doc) {
	return func(d *annot.Doc) {
		if n, ok := counts[d.ID]; ok {
			d.Counts.Suggestions = n
		}
	}
}

// numAt returns the number of the document at place p of segs.
func numAt(segs []*roaring.Bitmap, p int) (uint32, bool) {
	if p < 0 {
		return 0, false
	}
	for _, s := range segs {
		c := int(s.GetCardinality())
		if p < c {
			n, err := s.Select(uint32(p))
			return n, err == nil
		}
		p -= c
	}
	return 0, false
}

// posOf returns the place of document number n in segs.
func posOf(segs []*roaring.Bitmap, n uint32) (int, bool) {
	off := 0
	for _, s := range segs {
		if s.Contains(n) {
			return off + int(s.Rank(n)) - 1, true
		}
		off += int(s.GetCardinality())
	}
	return 0, false
}

// window reads the records of places [from, from+n) of segs.
func window(src Source, segs []*roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	var out []annot.Doc
	off := 0
	for _, s := range segs {
		c := int(s.GetCardinality())
		if len(out) < n && from+len(out) < off+c {
			docs, err := src.Window(s, from+len(out)-off, n-len(out))
			if err != nil {
				return nil, err
			}
			out = append(out, docs...)
		}
		off += c
	}
	return out, nil
}

// nextAfter returns the first document of cands at a place after start
// in segs, wrapping to the first one before it.
func nextAfter(segs []*roaring.Bitmap, cands *roaring.Bitmap, start int) (uint32, bool) {
	off := 0
	var wrap uint32
	wrapped := false
	for _, s := range segs {
		c := int(s.GetCardinality())
		in := roaring.And(s, cands)
		if !in.IsEmpty() {
			switch {
			case start < off:
				return in.Minimum(), true
			case start < off+c:
				cur, err := s.Select(uint32(start - off))
				if err == nil {
					it := in.Iterator()
					it.AdvanceIfNeeded(cur + 1)
					if it.HasNext() {
						return it.Next(), true
					}
				}
			}
			if !wrapped {
				wrap, wrapped = in.Minimum(), true
			}
		}
		off += c
	}
	return wrap, wrapped
}

// Filter is the filter the list shows the answer of.
func (m *Model) Filter() string { return m.filter }

// Filtering reports whether the filter input has the keyboard.
func (m *Model) Filtering() bool { return m.filtering }

// FilterErr is why the filter typed last does not parse, "" if it does.
func (m *Model) FilterErr() string { return m.filterErr }

// Sorted reports whether the list is sorted by open suggestions.
func (m *Model) Sorted() bool { return m.sorted }

// Err is the last error, "" for none.
func (m *Model) Err() string { return m.err }

// Loaded reports whether the first selection arrived.
func (m *Model) Loaded() bool { return !m.loading }

// Counts returns the cursor's place (from 1), the documents shown, and
// how many documents the store holds and of them are done.
func (m *Model) Counts() (pos, shown, done, all int) {
	return min(m.cursor+1, m.total), m.total, m.done, m.all
}

// Cursor is the cursor's place (from 0).
func (m *Model) Cursor() int { return m.cursor }

// Current returns the document under the cursor, when its row is read.
func (m *Model) Current() (annot.Doc, bool) {
	i := m.cursor - m.from
	if m.total == 0 || i < 0 || i >= len(m.rows) {
		return annot.Doc{}, false
	}
	return m.rows[i], true
}

// Visible returns the records of the rows on screen that are read.
func (m *Model) Visible() []annot.Doc {
	var out []annot.Doc
	for i := m.top; i < min(m.top+max(m.rowsVisible(), 1), m.total); i++ {
		if j := i - m.from; j >= 0 && j < len(m.rows) {
			out = append(out, m.rows[j])
		}
	}
	return out
}

// Suggestions returns the open suggestions counted in memory for id.
func (m *Model) Suggestions(id string) (int, bool) {
	n, ok := m.counts[id]
	return n, ok
}

// Selection returns the documents shown, by number (a new bitmap).
func (m *Model) Selection() *roaring.Bitmap { return roaring.FastOr(m.segs...) }

// At returns the number of the document at place i of the list.
func (m *Model) At(i int) (uint32, bool) { return numAt(m.segs, i) }

// KeptCounts returns the open suggestions counted in memory (nil unless
// KeepCounts): the caller must not change it.
func (m *Model) KeptCounts() map[string]int { return m.counts }

// SetSuggestions records how many open suggestions document id has.
func (m *Model) SetSuggestions(id string, n int) {
	if m.counts != nil {
		m.counts[id] = n
	}
	for i := range m.rows {
		if m.rows[i].ID == id {
			m.rows[i].Counts.Suggestions = n
		}
	}
}

// Jump moves the cursor to document number n and reports whether the
// list shows it; the cmd reads its rows (Update then reports the change).
func (m *Model) Jump(n uint32) (bool, tea.Cmd) {
	p, ok := posOf(m.segs, n)
	if !ok {
		return false, nil
	}
	_, cmd := m.move(p)
	return true, cmd
}

// JumpID moves the cursor to document id, if the list shows it, once the
// cmd found its number (Update then reports the change).
func (m *Model) JumpID(id string) tea.Cmd {
	src := m.src
	return func() tea.Msg {
		d, err := src.Doc(id)
		return JumpMsg{n: uint32(d.Seq), err: err}
	}
}

// Goto moves the cursor to the document msg found.
func (m *Model) Goto(msg FoundMsg) (changed bool, cmd tea.Cmd) {
	if !msg.Found {
		return false, nil
	}
	// by its number: the selection may have changed since (its place
	// with it)
	p, ok := posOf(m.segs, uint32(msg.Doc.Seq))
	if !ok {
		return false, nil
	}
	return m.move(p)
}

// NextTodo finds the first todo document after document number after
// (wrapping), among those shown first when inFirst is set and one is
// left there, else among all shown. tag is the FoundMsg's.
func (m *Model) NextTodo(tag string, after uint32, inFirst bool) tea.Cmd {
	src, segs, first := m.src, m.segs, m.first
	start, ok := posOf(segs, after)
	if !ok {
		// it went from the list (a refresh after its change): its
		// place holds the next one now
		start = m.cursor - 1
	}
	return func() tea.Msg {
		msg := FoundMsg{Tag: tag}
		todo, err := src.Select(statusTodo, nil)
		if err != nil {
			msg.Err = err
			return msg
		}
		todo = todo.Clone()
		todo.Remove(after)
		if inFirst && first != nil {
			if n, ok := nextAfter(segs, roaring.And(todo, first), start); ok {
				msg.InFirst = true
				return found(src, msg, n)
			}
		}
		if n, ok := nextAfter(segs, todo, start); ok {
			msg.InFirst = first != nil && first.Contains(n)
			return found(src, msg, n)
		}
		msg.Outside = int(todo.GetCardinality())
		return msg
	}
}

// NextWith finds the first document after document number after (not
// wrapping) for which keep is true, reading the records in chunks; keep
// sees the counts kept in memory. tag is the FoundMsg's.
func (m *Model) NextWith(tag string, after uint32, keep func(annot.Doc) bool) tea.Cmd {
	src, segs, total := m.src, m.segs, m.total
	start, ok := posOf(segs, after)
	if !ok {
		// it went from the list (a refresh after its change): its
		// place holds the next one now
		start = m.cursor - 1
	}
	var fill func(*annot.Doc)
	if len(m.counts) > 0 {
		fill = fillFrom(maps.Clone(m.counts))
	}
	return func() tea.Msg {
		const chunk = 256
		msg := FoundMsg{Tag: tag}
		for from := start + 1; from < total; from += chunk {
			docs, err := window(src, segs, from, chunk)
			if err != nil {
				msg.Err = err
				return msg
			}
			for i := range docs {
				if fill != nil {
					fill(&docs[i])
				}
				if keep(docs[i]) {
					msg.Found, msg.Doc = true, docs[i]
					return msg
				}
			}
			if len(docs) == 0 {
				break
			}
		}
		return msg
	}
}

// found completes msg with document n.
func found(src Source, msg FoundMsg, n uint32) FoundMsg {
	docs, err := src.Window(roaring.BitmapOf(n), 0, 1)
	if err != nil || len(docs) == 0 {
		msg.Err = err
		return msg
	}
	msg.Found, msg.Doc = true, docs[0]
	return msg
}

// Update handles the list's keys and messages. changed reports that the
// document under the cursor changed (the root then opens it); it may
// change later, when the cmd's rows arrive (Update reports it then).
func (m *Model) Update(msg tea.Msg) (changed bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case SelectedMsg:
		if msg.gen != m.gen {
			return false, nil // a newer filter is on its way
		}
		m.loading = false
		if msg.err != nil {
			m.err = msg.err.Error()
			return false, nil
		}
		m.err = ""
		// the cursor stays on its document (it may have moved while
		// the answer was on its way)
		keep, hasKeep := numAt(m.segs, m.cursor)
		refresh := msg.filter == m.filter // the same filter, answered again
		if d, ok := m.Current(); ok {
			m.kept = ""
			if refresh {
				m.kept = d.ID
			}
		} else if !refresh {
			m.kept = "" // else a refresh before the last one's rows came
		}
		m.segs, m.done, m.all, m.filter = msg.segs, msg.done, msg.all, msg.filter
		m.total = 0
		for _, s := range m.segs {
			m.total += int(s.GetCardinality())
		}
		m.rows, m.from = nil, 0
		if hasKeep {
			if p, ok := posOf(m.segs, keep); ok {
				m.cursor = p
			} else if !refresh {
				m.cursor = 0
			} // else its place holds the next document now
		} else {
			m.cursor = 0
		}
		m.clamp()
		return false, m.ensure()
	case WindowMsg:
		if msg.gen != m.gen {
			return false, nil
		}
		if msg.err != nil {
			m.err = msg.err.Error()
			return false, nil
		}
		_, had := m.Current()
		for i := range msg.docs {
			if n, ok := m.counts[msg.docs[i].ID]; ok {
				msg.docs[i].Counts.Suggestions = n
			}
		}
		m.from, m.rows = msg.from, msg.docs
		d, has := m.Current()
		kept := m.kept
		if has {
			m.kept = ""
		}
		// a refresh that brings back the document the cursor was on
		// changes nothing (the one open may be another: u opens the
		// document it changes even where the filter hides it)
		return !had && has && d.ID != kept, m.ensure()
	case JumpMsg:
		if msg.err != nil {
			return false, nil
		}
		if p, ok := posOf(m.segs, msg.n); ok {
			return m.move(p)
		}
		return false, nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	return false, nil
}

func (m *Model) key(msg tea.KeyMsg) (bool, tea.Cmd) {
	if m.filtering {
		switch {
		case key.Matches(msg, m.ikeys.Cancel):
			m.filtering = false
			m.in.SetValue("")
			return false, m.reselect("")
		case key.Matches(msg, m.ikeys.Submit) && m.filterErr != "":
			// the list shows the last filter that parsed, not what the
			// input holds: stay, and let the status say why
			return false, nil
		case key.Matches(msg, m.ikeys.Submit):
			m.filtering = false
			return false, nil
		}
		m.in.Update(msg)
		if v := m.in.Value(); v != m.want {
			return false, m.reselectAfter(v, m.typingWait(v))
		}
		return false, nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Down):
		return m.move(m.cursor + 1)
	case key.Matches(msg, k.Up):
		return m.move(m.cursor - 1)
	case key.Matches(msg, k.Top):
		return m.move(0)
	case key.Matches(msg, k.Bottom):
		return m.move(m.total - 1)
	case key.Matches(msg, k.PageDown):
		return m.move(m.cursor + max(m.rowsVisible()/2, 1))
	case key.Matches(msg, k.PageUp):
		return m.move(m.cursor - max(m.rowsVisible()/2, 1))
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.in.SetValue(m.want)
	case key.Matches(msg, k.Clear):
		if m.want != "" {
			m.in.SetValue("")
			return false, m.reselect("")
		}
	case key.Matches(msg, k.Sort):
		m.sorted = !m.sorted
		return false, m.reselect(m.want)
	}
	return false, nil
}

// Refresh replaces the records of changed documents held in the window
// (the root reads them after an action).
func (m *Model) Refresh(docs []annot.Doc) {
	for _, d := range docs {
		if n, ok := m.counts[d.ID]; ok {
			d.Counts.Suggestions = n
		}
		for i := range m.rows {
			if m.rows[i].ID == d.ID {
				m.rows[i] = d
			}
		}
	}
}

// Click selects the document on row y of the pane (0 is the header).
func (m *Model) Click(y int) (bool, tea.Cmd) {
	if y < 1 || m.top+y-1 >= m.total {
		return false, nil
	}
	return m.move(m.top + y - 1)
}

// Scroll moves the cursor by n rows.
func (m *Model) Scroll(n int) (bool, tea.Cmd) { return m.move(m.cursor + n) }

// move puts the cursor on row to; changed reports another document.
func (m *Model) move(to int) (bool, tea.Cmd) {
	old := m.cursor
	m.cursor = to
	m.clamp()
	if m.cursor == old {
		return false, nil
	}
	_, ok := m.Current()
	return ok, m.ensure()
}

func (m *Model) rowsVisible() int { return max(m.h-1, 0) }

// clamp keeps cursor and scroll offset in range and the cursor visible.
func (m *Model) clamp() {
	n, vis := m.total, m.rowsVisible()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	if vis <= 0 {
		m.top = m.cursor
		return
	}
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+vis {
		m.top = m.cursor - vis + 1
	}
	m.top = min(max(m.top, 0), max(n-vis, 0))
}

// ensure returns a cmd reading the rows on screen (and the cursor's)
// when the window does not hold them all: a screen above and below as
// well, so that scrolling reads again only every screen or so.
func (m *Model) ensure() tea.Cmd {
	vis := max(m.rowsVisible(), 1)
	lo, hi := min(m.top, m.cursor), min(max(m.top+vis, m.cursor+1), m.total)
	if m.total == 0 || lo >= m.from && hi <= m.from+len(m.rows) {
		return nil
	}
	from := max(lo-vis, 0)
	n := max(3*vis, hi-from)
	gen, segs, src := m.gen, m.segs, m.src
	return func() tea.Msg {
		docs, err := window(src, segs, from, n)
		return WindowMsg{gen: gen, from: from, docs: docs, err: err}
	}
}

// View draws the list at its size: exactly h lines of w cells.
func (m *Model) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	out = append(out, m.header(focused))
	if m.filtering && m.filterErr != "" {
		// a typo while typing: the whole reason, wrapped, where the
		// status line has room for its start only
		for _, l := range docview.Wrap(docview.Sanitize(m.filterErr), m.w) {
			if len(out) >= m.h-1 && m.h > 2 {
				break // a row of the list stays in sight
			}
			out = append(out, docview.Fit(m.st.StatusErr.Render(l), m.w))
		}
	}
	switch {
	case len(out) > 1:
	case m.loading:
		out = append(out, docview.Fit(m.st.Dim.Render("loading…"), m.w))
	case m.err != "":
		out = append(out, docview.Fit(m.st.StatusErr.Render(docview.Truncate(docview.Sanitize(m.err), m.w)), m.w))
	case m.total == 0 && m.h > 1:
		msg := "no documents"
		if m.filter != "" {
			msg = "no document matches"
		}
		out = append(out, docview.Fit(m.st.Dim.Render(msg), m.w))
	}
	blank := strings.Repeat(" ", m.w)
	for i := m.top; len(out) < m.h && i < m.total && !m.loading; i++ {
		j := i - m.from
		if j < 0 || j >= len(m.rows) {
			out = append(out, blank) // on its way
			continue
		}
		out = append(out, Row(m.st, &m.rows[j], m.w, "", i == m.cursor, focused))
	}
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

// header is the pane's first line: its title and filter, or the filter
// input while it has the keyboard.
func (m *Model) header(focused bool) string {
	if m.filtering {
		return m.in.View(m.w)
	}
	s := m.st.Title(focused).Render("Documents")
	if m.filter != "" {
		s += " " + m.st.FilterPrompt.Render("/") + docview.Sanitize(m.filter)
	}
	if m.filterErr != "" {
		s += " " + m.st.StatusErr.Render(docview.Sanitize(m.filterErr))
	}
	if m.sorted {
		s += " " + m.st.Dim.Render("↓sugg")
	}
	return docview.Fit(s, m.w)
}

var glyphs = map[annot.Status]string{
	annot.StatusTodo:     "○",
	annot.StatusDone:     "✓",
	annot.StatusRejected: "✗",
}

// Title is the title a row shows: the record's, or its id.
func Title(d *annot.Doc) string {
	if t := docview.Sanitize(strings.TrimSpace(d.Title)); t != "" {
		return t
	}
	return docview.Sanitize(d.ID)
}

// Row draws one document in w cells: status glyph, title, tag chips,
// counts (after note, such as "in text").
func Row(st *style.Styles, d *annot.Doc, w int, note string, selected, focused bool) string {
	g, gs := glyphs[d.Status], st.GlyphTodo
	switch d.Status {
	case annot.StatusDone:
		gs = st.GlyphDone
	case annot.StatusRejected:
		gs = st.GlyphReject
	default:
		g = glyphs[annot.StatusTodo]
	}
	var counts []string
	if n := d.Counts.Corrections; n > 0 {
		counts = append(counts, "c"+strconv.Itoa(n))
	}
	if n := d.Counts.Marks; n > 0 {
		counts = append(counts, "m"+strconv.Itoa(n))
	}
	if n := d.Counts.Suggestions; n > 0 {
		counts = append(counts, "s"+strconv.Itoa(n))
	}
	cnt := strings.TrimSpace(note + " " + strings.Join(counts, " "))
	var chips string
	for _, t := range d.Tags {
		chips += " #" + docview.Sanitize(t)
	}
	avail := w - 2 // glyph and space
	right := docview.Width(cnt)
	if right > 0 {
		right++
	}
	chipW := docview.Width(chips)
	if avail-right-chipW < min(12, avail/2) {
		chips = docview.Truncate(chips, max(avail-right-min(12, avail/2), 0))
		chipW = docview.Width(chips)
	}
	titleW := max(avail-right-chipW, 0)
	title := docview.Truncate(Title(d), titleW)
	pad := max(avail-docview.Width(title)-chipW-right, 0)
	line := gs.Render(g) + " " + title + st.Chip.Render(chips) + strings.Repeat(" ", pad)
	if right > 0 {
		line += " " + st.Counts.Render(cnt)
	}
	line = docview.Fit(line, w)
	if selected {
		plain := stripANSI(line)
		if focused {
			return st.RowSelected.Render(plain)
		}
		return st.RowSelectedBlur.Render(plain)
	}
	return line
}

func stripANSI(s string) string { return ansi.Strip(s) }
