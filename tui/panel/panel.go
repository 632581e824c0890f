package panel

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/style"
)

// RowKind is what a row of the panel is.
type RowKind int

// The kinds of row.
const (
	Section RowKind = iota // a section's title with its count
	Sub                    // a label's title inside Entities
	Item                   // an annotation or a suggestion: the cursor stands on these
	Info                   // a detail of the item above (a candidate, a reason), or document info
)

// String names the kind.
func (k RowKind) String() string {
	switch k {
	case Section:
		return "section"
	case Sub:
		return "sub"
	case Item:
		return "item"
	case Info:
		return "info"
	}
	return "row(" + strconv.Itoa(int(k)) + ")"
}

// Row is one row of the annotation panel.
type Row struct {
	Kind RowKind
	Text string // sanitized
	// Name is a section's name ("Entities"), which its fold is kept
	// under; sections only.
	Name string
	// items only
	Span    annot.Span
	HasSpan bool
	Ann     *annot.Annotation
	Sugg    int // index into the open suggestions, or -1
}

// Model lists the open document's annotations by section: tags,
// entities (by label, with canonical names), corrections, marks, notes,
// suggestions and document info. Each section folds and unfolds under its
// header (a key on the header or in the section, or a click on the
// header); the folds hold for the session, from document to document. The
// header of the section at the top of the pane stays drawn while the
// section's rows scroll under it.
//
// The panel is virtual: a document's 30 000 suggestions are 30 000
// blocks of plain data, and only the blocks near the cursor and the view
// are built into rows (formatted, measured, wrapped). Every other row is
// built when the document is set.
type Model struct {
	keys KeyMap
	st   *style.Styles

	eager  []Row               // the rows built at Set: headers, relations, document info
	items  []*annot.Annotation // the annotations listed as items, their rows built when shown
	texts  texts               // the document's text, for the annotations' surfaces
	all    []int32             // every block of the document, in order (see blockRows)
	folded map[string]bool     // by section name

	// the blocks shown: those of the unfolded sections
	blocks []int32
	heads  []int32 // for each block shown, the index of its section's header, or -1
	sugg0  int     // the index of suggestion 0's block among those shown, or -1
	sugHdr int     // the index of the Suggestions header among those shown, or -1

	// the window: the rows of blocks[lo:hi], built; rowBlk is the block
	// of each row. cursor and top index rows.
	lo, hi int
	rows   []Row
	rowBlk []int32
	cursor int // an item or a section header, -1 for none
	top    int
	w, h   int

	correctKey string // the reader's key that corrects, for the hint on suspects

	doc     *store.Document // what the rows show, kept to wrap them again
	suggs   []suggest.Suggestion
	pending string // what the Suggestions section says while they have not come
	wrapAt  int    // the width the rows were wrapped at
}

// A block is a row built at Set (0 <= b < annBlock: eager[b]), the row
// of annotation items[b-annBlock], or suggestion ^b with its candidates
// and reason; the last two are built when shown.
func (m *Model) blockRows(b int32) []Row {
	switch {
	case b < 0:
		return suggRows(m.suggs, int(^b), m.w, m.correctKey)
	case b >= annBlock:
		return []Row{annRow(m.items[b-annBlock], &m.texts)}
	}
	return m.eager[b : b+1]
}

// annBlock is where the blocks of annotation items start.
const annBlock = 1 << 30

// header returns the eager row of block b when it is a section header.
func (m *Model) header(b int32) (*Row, bool) {
	if b < 0 || b >= annBlock || m.eager[b].Kind != Section {
		return nil, false
	}
	return &m.eager[b], true
}

// isItem reports whether shown block i starts with an item.
func (m *Model) isItem(i int) bool {
	b := m.blocks[i]
	return b < 0 || b >= annBlock || m.eager[b].Kind == Item
}

// isStop reports whether the cursor may stand on shown block i's first
// row: an item or a section header.
func (m *Model) isStop(i int) bool {
	b := m.blocks[i]
	return b < 0 || b >= annBlock || m.eager[b].Kind == Item || m.eager[b].Kind == Section
}

// New returns an empty panel with keys and styles st; correctKey is the
// reader's key that corrects, named in the hint on suspects.
func New(keys KeyMap, st *style.Styles, correctKey string) Model {
	return Model{keys: keys, st: st, cursor: -1, correctKey: correctKey, folded: map[string]bool{}, sugg0: -1, sugHdr: -1}
}

// Set rebuilds the rows for a document, keeping the cursor on the same
// annotation (or section header) when it still exists.
func (m *Model) Set(d *store.Document, suggs []suggest.Suggestion) {
	keep := m.mark(m.suggs) // the rows shown were built from m.suggs
	m.doc, m.suggs, m.wrapAt = d, suggs, m.w
	m.texts = texts{text: d.Text}
	m.eager, m.items, m.all = buildPanelRows(d, suggs, m.pending, m.w, m.correctKey, &m.texts)
	m.refold(keep, suggs)
}

// SetPending sets what the Suggestions section says in place of its count
// while the document's suggestions have not come (being prepared, or
// prepared on opening the document); "" once they came. Set applies it.
func (m *Model) SetPending(note string) { m.pending = note }

// place identifies the row under the cursor across a rebuild, and where
// the view stood.
type place struct {
	blk     int // the cursor's block, -1 for none
	annID   string
	sugg    *suggest.Suggestion
	section string
	// the view's top: a block and a row in it
	topBlk, topOff int
}

// mark records what the cursor is on; suggs are the suggestions the rows
// were built from.
func (m *Model) mark(suggs []suggest.Suggestion) place {
	p := place{blk: -1}
	if m.top >= 0 && m.top < len(m.rows) {
		p.topBlk = int(m.rowBlk[m.top])
		p.topOff = m.top - m.rowOf(p.topBlk)
	} else if len(m.rows) > 0 {
		p.topBlk, p.topOff = m.hi-1, m.top-m.rowOf(m.hi-1)
	}
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return p
	}
	p.blk = int(m.rowBlk[m.cursor])
	r := m.rows[m.cursor]
	switch {
	case r.Kind == Section:
		p.section = r.Name
	case r.Ann != nil:
		p.annID = r.Ann.ID
	case r.Sugg >= 0 && r.Sugg < len(suggs):
		s := suggs[r.Sugg]
		p.sugg = &s
	}
	return p
}

// refold shows the blocks of the unfolded sections and puts the cursor
// back on what p recorded (else on the nearest row it can stand on).
func (m *Model) refold(p place, suggs []suggest.Suggestion) {
	m.blocks, m.heads = make([]int32, 0, len(m.all)), make([]int32, 0, len(m.all))
	m.sugg0, m.sugHdr = -1, -1
	fold, head := false, int32(-1)
	for _, b := range m.all {
		if h, ok := m.header(b); ok {
			fold, head = m.folded[h.Name], int32(len(m.blocks))
			if h.Name == "Suggestions" {
				m.sugHdr = len(m.blocks)
			}
		} else if fold {
			continue
		}
		if b == ^int32(0) {
			m.sugg0 = len(m.blocks)
		}
		m.blocks = append(m.blocks, b)
		m.heads = append(m.heads, head)
	}
	cur := -1
	for i, b := range m.blocks {
		if b < 0 {
			if p.sugg != nil {
				if s := suggs[^b]; s.Start == p.sugg.Start && s.End == p.sugg.End && s.Kind == p.sugg.Kind {
					cur = i
				}
			}
			continue
		}
		if b >= annBlock {
			if p.annID != "" && m.items[b-annBlock].ID == p.annID {
				cur = i
			}
			continue
		}
		switch r := &m.eager[b]; {
		case r.Kind == Section:
			if p.section != "" && r.Name == p.section {
				cur = i
			}
		case r.Kind != Item:
		case r.Ann != nil && p.annID != "" && r.Ann.ID == p.annID:
			cur = i
		}
	}
	if cur < 0 && p.sugg != nil && m.sugg0 >= 0 {
		// the suggestion is dealt with: the cursor goes to the one after it
		for i := range suggs {
			if suggs[i].Start >= p.sugg.Start {
				cur = m.sugg0 + i
				break
			}
		}
	}
	if cur < 0 {
		cur = m.nearItem(max(min(p.blk, len(m.blocks)-1), 0))
	}
	m.goTo(cur, p.topBlk, p.topOff)
	m.Clamp()
}

// nearItem is the first item block at or after block i, else the last
// before it, else -1 (a header gets the cursor only when the reviewer
// moves it there).
func (m *Model) nearItem(i int) int {
	for j := i; j < len(m.blocks); j++ {
		if m.isItem(j) {
			return j
		}
	}
	for j := min(i, len(m.blocks)) - 1; j >= 0; j-- {
		if m.isItem(j) {
			return j
		}
	}
	return -1
}

// edgeItem is the first (dir 1) or last (dir -1) item block, else the
// first or last header, else -1.
func (m *Model) edgeItem(dir int) int {
	from := 0
	if dir < 0 {
		from = len(m.blocks) - 1
	}
	for j := from; j >= 0 && j < len(m.blocks); j += dir {
		if m.isItem(j) {
			return j
		}
	}
	for j := from; j >= 0 && j < len(m.blocks); j += dir {
		if m.isStop(j) {
			return j
		}
	}
	return -1
}

// edgeStop is the first block the cursor may stand on, or -1.
func (m *Model) edgeStop() int {
	for j := range m.blocks {
		if m.isStop(j) {
			return j
		}
	}
	return -1
}

// near is how many blocks apart the cursor and the view's top may be for
// the window to hold both and the blocks between.
func (m *Model) near() int { return 2*max(m.h, 1) + 16 }

// reset empties the window and starts it at block i.
func (m *Model) reset(i int) {
	m.lo, m.hi = i, i
	m.rows, m.rowBlk = m.rows[:0], m.rowBlk[:0]
	m.cursor, m.top = -1, 0
}

// grow builds the next block below the window; false at the end.
func (m *Model) grow() bool {
	if m.hi >= len(m.blocks) {
		return false
	}
	rs := m.blockRows(m.blocks[m.hi])
	m.rows = append(m.rows, rs...)
	for range rs {
		m.rowBlk = append(m.rowBlk, int32(m.hi))
	}
	m.hi++
	return true
}

// growUp builds the block above the window and returns how many rows it
// added (the cursor and the top move down by as many); 0 at the start.
func (m *Model) growUp() int {
	if m.lo <= 0 {
		return 0
	}
	m.lo--
	rs := m.blockRows(m.blocks[m.lo])
	n := len(rs)
	rows := make([]Row, 0, n+len(m.rows))
	rows = append(append(rows, rs...), m.rows...)
	blk := make([]int32, 0, n+len(m.rowBlk))
	for range rs {
		blk = append(blk, int32(m.lo))
	}
	m.rows, m.rowBlk = rows, append(blk, m.rowBlk...)
	if m.cursor >= 0 {
		m.cursor += n
	}
	m.top += n
	return n
}

// rowOf is the first row of block i, which must be in the window.
func (m *Model) rowOf(i int) int {
	return sort.Search(len(m.rowBlk), func(r int) bool { return int(m.rowBlk[r]) >= i })
}

// goTo puts the cursor on block cur (-1: none) and rebuilds the window
// about it, with the view's top at row off of block tb when the two are
// near; when they are far apart the top is put above or below the
// cursor, on the side tb was, for Clamp to bring the cursor into view
// from that side.
func (m *Model) goTo(cur, tb, off int) {
	if len(m.blocks) == 0 {
		m.reset(0)
		return
	}
	tb = docview.Clamp(tb, 0, len(m.blocks)-1)
	if cur < 0 || abs(cur-tb) <= m.near() {
		first, last := tb, tb
		if cur >= 0 {
			first, last = min(cur, tb), max(cur, tb)
		}
		m.reset(first)
		for m.hi <= last {
			m.grow()
		}
		m.top = m.rowOf(tb) + max(off, 0)
		for m.top >= len(m.rows) && m.grow() {
		}
		if cur >= 0 {
			m.cursor = m.rowOf(cur)
		}
		return
	}
	m.reset(cur)
	m.grow()
	m.cursor = 0
	if tb < cur {
		for m.cursor < max(m.h, 1) && m.growUp() > 0 {
		}
		m.top = 0
		return
	}
	m.top = len(m.rows)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Fold folds or unfolds the section the cursor is in (or on).
func (m *Model) Fold() {
	if i := m.sectionOf(m.cursor); i >= 0 {
		m.foldSection(i)
	}
}

// foldSection folds or unfolds the section of header block i; the cursor
// goes to the header, as the section's rows may go.
func (m *Model) foldSection(i int) {
	name := m.eager[m.blocks[i]].Name
	m.folded[name] = !m.folded[name]
	p := m.mark(m.suggs)
	p.blk, p.annID, p.sugg, p.section = i, "", nil, name
	m.refold(p, m.suggs)
}

// FoldAll folds every section, or unfolds them all when all are folded.
func (m *Model) FoldAll() {
	all := true
	for _, r := range m.eager {
		if r.Kind == Section && !m.folded[r.Name] {
			all = false
		}
	}
	for _, r := range m.eager {
		if r.Kind == Section {
			m.folded[r.Name] = !all
		}
	}
	p := m.mark(m.suggs)
	if i := m.sectionOf(m.cursor); i >= 0 {
		p.blk, p.annID, p.sugg, p.section = i, "", nil, m.eager[m.blocks[i]].Name
	}
	m.refold(p, m.suggs)
}

// Folded reports whether section name is folded.
func (m *Model) Folded(name string) bool { return m.folded[name] }

// Folds lists the names of the folded sections, sorted: what a restart
// restores with SetFolds.
func (m *Model) Folds() []string {
	var out []string
	for name, f := range m.folded {
		if f {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// SetFolds folds the sections named (and unfolds the others): the rows
// shown follow at once.
func (m *Model) SetFolds(names []string) {
	m.folded = map[string]bool{}
	for _, n := range names {
		m.folded[n] = true
	}
	m.refold(m.mark(m.suggs), m.suggs)
}

// sectionOf is the block index of the header of the section row i is
// in, or -1.
func (m *Model) sectionOf(i int) int {
	if i < 0 || i >= len(m.rows) {
		return -1
	}
	if m.rows[i].Kind == Section {
		return int(m.rowBlk[i])
	}
	return int(m.heads[m.rowBlk[i]])
}

// buildPanelRows builds the rows of the sections' headers, the relations
// and the document's info, and lists the annotations and suggestions as
// blocks to build when shown: all lists the document's blocks in order
// (see Model.blockRows).
func buildPanelRows(d *store.Document, suggs []suggest.Suggestion, pending string, w int, correctKey string, tx *texts) (rows []Row, items []*annot.Annotation, all []int32) {
	rows = make([]Row, 0, 32)
	items = make([]*annot.Annotation, 0, len(d.Anns))
	all = make([]int32, 0, 32+len(d.Anns)+len(suggs))
	add := func(r Row) {
		all = append(all, int32(len(rows)))
		rows = append(rows, r)
	}
	section := func(title string, n int) {
		add(Row{Kind: Section, Name: title, Text: fmt.Sprintf("%s (%d)", title, n), Sugg: -1})
	}
	// the document's own annotations, in annot.Sorted's order: pointers
	// sorted, not 30 000 copies
	anns := make([]*annot.Annotation, len(d.Anns))
	for i := range d.Anns {
		anns[i] = &d.Anns[i]
	}
	slices.SortStableFunc(anns, annot.Compare)
	by := map[annot.Kind][]*annot.Annotation{}
	var cuts []*annot.Annotation // boilerplate cuts: a section of their own
	for _, a := range anns {
		if a.Kind == annot.KindCorrection && a.Class == annot.ClassBoilerplate {
			cuts = append(cuts, a)
			continue
		}
		by[a.Kind] = append(by[a.Kind], a)
	}
	// an annotation's row is built when shown (annRow)
	item := func(a *annot.Annotation) {
		all = append(all, annBlock+int32(len(items)))
		items = append(items, a)
	}
	surface := tx.surface

	section("Tags", len(by[annot.KindTag]))
	for _, a := range by[annot.KindTag] {
		item(a)
	}

	ents := by[annot.KindEntity]
	section("Entities", len(ents))
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Label < ents[j].Label })
	last := ""
	for _, a := range ents {
		if a.Label != last {
			last = a.Label
			add(Row{Kind: Sub, Text: docview.Sanitize(a.Label), Sugg: -1})
		}
		item(a)
	}

	if rels := by[annot.KindRelation]; len(rels) > 0 {
		section("Relations", len(rels))
		byID := map[string]*annot.Annotation{}
		for _, e := range ents {
			byID[e.ID] = e
		}
		end := func(id string) (string, *annot.Annotation) {
			e, ok := byID[id]
			if !ok {
				return docview.Quote(id, 20) + " (missing)", nil
			}
			return surface(e) + " " + docview.Sanitize(e.Label), e
		}
		for _, r := range rels {
			head, h := end(r.From)
			tail, _ := end(r.To)
			row := Row{Kind: Item, Text: docview.Sanitize(r.Label) + ": " + head, Ann: r, Sugg: -1}
			if h != nil { // enter shows the head in the reader
				row.Span, row.HasSpan = h.Span(), true
			}
			add(row)
			for _, l := range wrapCells("→ "+tail, w-4) {
				add(Row{Kind: Info, Text: "    " + l, Sugg: -1})
			}
		}
	}

	for _, k := range []struct {
		title string
		kind  annot.Kind
	}{{"Corrections", annot.KindCorrection}, {"Marks", annot.KindMark}, {"Notes", annot.KindNote}} {
		section(k.title, len(by[k.kind]))
		for _, a := range by[k.kind] {
			item(a)
		}
		if k.kind == annot.KindCorrection && len(cuts) > 0 {
			// shown only when there are some, as few documents have
			section("Boilerplate", len(cuts))
			for _, a := range cuts {
				item(a)
			}
		}
	}
	if pending != "" {
		// not "(0)": they have not been looked for yet
		add(Row{Kind: Section, Name: "Suggestions", Text: "Suggestions (…)", Sugg: -1})
		for _, l := range wrapCells(pending, w-4) {
			add(Row{Kind: Info, Text: "    " + l, Sugg: -1})
		}
	} else {
		section("Suggestions", len(suggs))
	}
	for i := range suggs {
		all = append(all, ^int32(i))
	}

	add(Row{Kind: Section, Name: "Document", Text: "Document", Sugg: -1})
	doc := d.Doc
	info := func(k, v string) {
		add(Row{Kind: Info, Text: k + " " + docview.Sanitize(v), Sugg: -1})
	}
	info("id     ", doc.ID)
	if doc.Source != "" {
		info("source ", doc.Source)
	}
	h := doc.Hash
	if len(h) > 16 {
		h = h[:16] + "…"
	}
	info("hash   ", h)
	info("size   ", fmt.Sprintf("%s chars, %s bytes", docview.GroupDigits(doc.Size), docview.GroupDigits(doc.Bytes)))
	status := string(doc.Status)
	if status == "" {
		status = string(annot.StatusTodo)
	}
	info("status ", status)
	if len(doc.Twins) > 0 {
		info("twins  ", twinStatus(doc.Twins, suggs))
	}
	if doc.ChangedBy != "" || !doc.ChangedAt.IsZero() {
		when := ""
		if !doc.ChangedAt.IsZero() {
			when = doc.ChangedAt.Format("2006-01-02 15:04")
		}
		info("changed", strings.TrimSpace(doc.ChangedBy+" "+when))
	}
	return rows, items, all
}

// texts slices the document's text for the annotations that do not
// record the text they cover, indexing it on the first.
type texts struct {
	text string
	ix   *annot.Index
}

// surface is the quoted text annotation a covers.
func (t *texts) surface(a *annot.Annotation) string {
	s := a.Text
	if s == "" && a.HasSpan() {
		if t.ix == nil {
			t.ix = annot.NewIndex(t.text)
		}
		s = t.ix.Slice(a.Span())
	}
	return docview.Quote(s, 40)
}

// annRow builds the row of annotation a (a tag, an entity, a correction,
// a mark or a note).
func annRow(a *annot.Annotation, tx *texts) Row {
	var t string
	switch a.Kind {
	case annot.KindTag:
		t = "#" + docview.Sanitize(a.Label)
	case annot.KindEntity:
		t = tx.surface(a)
		if a.Canonical != "" {
			t += " → " + docview.Sanitize(a.Canonical)
		}
	case annot.KindCorrection:
		repl := docview.Quote(a.Value, 40)
		if a.Value == "" {
			repl = "(deleted)"
		}
		t = tx.surface(a) + " → " + repl
	case annot.KindMark:
		t = tx.surface(a)
		if a.Value != "" {
			t += " " + docview.Sanitize(a.Value)
		}
	case annot.KindNote:
		t = docview.Sanitize(a.Value)
		if a.HasSpan() {
			t = tx.surface(a) + ": " + t
		}
	}
	if a.Stale && a.Kind != annot.KindTag {
		t += " (stale)"
	}
	return Row{Kind: Item, Text: t, Span: a.Span(), HasSpan: a.HasSpan(), Ann: a, Sugg: -1}
}

// suggRows builds the rows of suggestion i of suggs: an item, the hint
// on a suspect, each candidate and the reason, wrapped to w.
func suggRows(suggs []suggest.Suggestion, i, w int, correctKey string) []Row {
	s := &suggs[i]
	rows := make([]Row, 0, 2+min(len(s.Candidates), 9))
	head := string(s.Kind) + " " + docview.Quote(s.Text, 30)
	suspect := len(s.Candidates) == 0 && s.Kind != suggest.KindEntity
	if suspect {
		head = "suspect " + docview.Quote(s.Text, 30)
	}
	rows = append(rows, Row{Kind: Item, Text: head, Span: annot.Span{Start: s.Start, End: s.End}, HasSpan: true, Sugg: i})
	if suspect {
		for _, l := range wrapCells("no fix proposed: "+correctKey+" corrects", w-4) {
			rows = append(rows, Row{Kind: Info, Text: "    " + l, Sugg: -1})
		}
	}
	// every candidate whole, on its own rows
	for j, c := range s.Candidates {
		if j == 9 {
			break
		}
		t := docview.Sanitize(c.Text)
		if c.Canonical != "" {
			t += " " + docview.Sanitize(c.Canonical)
		}
		for _, l := range wrapCells(strconv.Itoa(j+1)+" → "+t+"  "+strconv.FormatFloat(c.Score, 'f', 2, 64), w-4) {
			rows = append(rows, Row{Kind: Info, Text: "    " + l, Sugg: -1})
		}
	}
	if s.Reason != "" {
		for _, l := range wrapCells(docview.Sanitize(s.Reason), w-4) {
			rows = append(rows, Row{Kind: Info, Text: "    " + l, Sugg: -1})
		}
	}
	return rows
}

// twinStatus says what the document's near-duplicates are to it: "has a
// clean twin" when a twin's wording leads some suggestions (the twin is
// the cleaner copy), else only their ids.
func twinStatus(twins []string, suggs []suggest.Suggestion) string {
	from := map[string]int{}
	for _, s := range suggs {
		if t, ok := suggest.FromTwin(s); ok {
			from[t]++
		}
	}
	for _, t := range twins {
		if n := from[t]; n > 0 {
			return fmt.Sprintf("has a clean twin: %s (%d fixes from it)", t, n)
		}
	}
	return "near-duplicates: " + strings.Join(twins, ", ")
}

// wrapCells breaks sanitized text into lines of at most w cells, at
// spaces where it can.
func wrapCells(s string, w int) []string {
	if w < 8 || docview.Width(s) <= w {
		return []string{s}
	}
	var out []string
	for docview.Width(s) > w {
		cut := docview.Cut(s, w)
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/3 {
			cut = cut[:i]
		}
		if cut == "" {
			break
		}
		out = append(out, cut)
		s = strings.TrimLeft(s[len(cut):], " ")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// Rewrap builds the rows again when the width changed.
func (m *Model) Rewrap() {
	if m.doc != nil && m.wrapAt != m.w {
		m.Set(m.doc, m.suggs)
	}
}

// Current returns the item under the cursor; a section header is none.
func (m *Model) Current() (Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || m.rows[m.cursor].Kind != Item {
		return Row{}, false
	}
	return m.rows[m.cursor], true
}

// stop reports whether the cursor may stand on row i: an item or a
// section header.
func (m *Model) stop(i int) bool {
	k := m.rows[i].Kind
	return k == Item || k == Section
}

// sticky is the block index of the header drawn pinned above row top:
// the header of the section top is in, when it has scrolled away; else
// -1.
func (m *Model) sticky(top int) int {
	if top < 0 || top == 0 && m.lo == 0 || top >= len(m.rows) || m.rows[top].Kind == Section {
		return -1
	}
	return m.sectionOf(top)
}

// shown is how many rows show from top (the title and a pinned header
// take theirs).
func (m *Model) shown(top int) int {
	vis := max(m.h-1, 0)
	if m.sticky(top) >= 0 {
		vis--
	}
	return max(vis, 0)
}

// Clamp keeps the cursor and its rows in view.
func (m *Model) Clamp() {
	vis := max(m.h-1, 0)
	if m.cursor >= 0 {
		if m.cursor < m.top {
			m.top = m.cursor
			// show the section header above the first item
			for m.cursor-m.top+1 < vis && (m.top > 0 || m.growUp() > 0) && m.rows[m.top-1].Kind != Item {
				m.top--
				if m.rows[m.top].Kind == Section {
					break
				}
			}
		}
		// the item's own rows (a suggestion's candidates and reason)
		// show with it, as far as they fit
		end := m.cursor
		for m.rows[m.cursor].Sugg >= 0 && (end+1 < len(m.rows) || m.grow()) && m.rows[end+1].Kind == Info && m.rows[end+1].Sugg < 0 {
			end++
		}
		if vis > 0 && end >= m.top+vis {
			m.top = min(m.cursor, end-vis+1)
		}
		// a pinned header takes a row
		for m.top < m.cursor && m.cursor >= m.top+m.shown(m.top) {
			m.top++
		}
	}
	m.clampEnd()
	m.trim()
}

// clampEnd builds the rows of the view and keeps the top where the last
// row can be no higher than the pane's bottom.
func (m *Model) clampEnd() {
	vis := max(m.h-1, 0)
	for m.top+vis > len(m.rows) && m.grow() {
	}
	if m.top+vis <= len(m.rows) {
		return
	}
	// the end shows: the rows above fill the pane
	for len(m.rows) < vis && m.growUp() > 0 {
	}
	m.top = max(len(m.rows)-vis, 0)
}

// trim drops the built blocks far from both the cursor and the view, so
// that walking a long panel keeps a window of about a few screens.
func (m *Model) trim() {
	vis := max(m.h-1, 1)
	if len(m.rows) <= 8*vis+64 {
		return
	}
	from, to := m.top-2*vis, m.top+3*vis
	if m.cursor >= 0 {
		from, to = min(from, m.cursor-2*vis), max(to, m.cursor+2*vis)
	}
	if to < len(m.rows) {
		// keep the block of row to whole
		m.hi = int(m.rowBlk[to]) + 1
		end := m.rowOf(m.hi)
		m.rows, m.rowBlk = m.rows[:end], m.rowBlk[:end]
	}
	if from > 0 {
		b := int(m.rowBlk[from])
		cut := m.rowOf(b)
		m.lo = b
		m.rows = append([]Row(nil), m.rows[cut:]...)
		m.rowBlk = append([]int32(nil), m.rowBlk[cut:]...)
		m.top -= cut
		if m.cursor >= 0 {
			m.cursor -= cut
		}
	}
}

// step moves the cursor to the next or previous item or header.
func (m *Model) step(dir int) {
	if m.cursor < 0 {
		// no cursor yet: down goes to the first row it can stand on
		if dir > 0 {
			p := m.mark(m.suggs)
			m.goTo(m.edgeStop(), p.topBlk, p.topOff)
			m.Clamp()
		}
		return
	}
	for j := m.cursor + dir; ; j += dir {
		if j < 0 {
			n := m.growUp()
			if n == 0 {
				break
			}
			j += n
		}
		if j >= len(m.rows) && !m.grow() {
			break
		}
		if m.stop(j) {
			m.cursor = j
			break
		}
	}
	m.Clamp()
}

// Update moves through the panel and folds its sections; it reports
// whether it used the key (enter on an item, d and a are the app's).
func (m *Model) Update(msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, m.keys.Down):
		m.step(1)
	case key.Matches(msg, m.keys.Up):
		m.step(-1)
	case key.Matches(msg, m.keys.Top):
		m.goTo(m.edgeItem(1), 0, 0)
		m.Clamp()
	case key.Matches(msg, m.keys.Bottom):
		if b := m.edgeItem(-1); b >= 0 {
			m.goTo(b, len(m.blocks)-1, 0)
			m.top = len(m.rows)
			m.Clamp()
		}
	case key.Matches(msg, m.keys.Fold):
		m.Fold()
	case key.Matches(msg, m.keys.FoldAll):
		m.FoldAll()
	case key.Matches(msg, m.keys.Jump) && m.cursor >= 0 && m.cursor < len(m.rows) && m.rows[m.cursor].Kind == Section:
		m.Fold() // enter on a header folds it
	default:
		return false
	}
	return true
}

// SelectSugg puts the cursor on open suggestion i (on the Suggestions
// header when the section is folded).
func (m *Model) SelectSugg(i int) {
	b := -1
	switch {
	case m.sugg0 >= 0 && i >= 0 && i < len(m.suggs):
		b = m.sugg0 + i
	case m.sugHdr >= 0 && m.folded["Suggestions"]:
		b = m.sugHdr
	default:
		return
	}
	p := m.mark(m.suggs)
	m.goTo(b, p.topBlk, p.topOff)
	m.Clamp()
}

// Scroll moves the view by n rows.
func (m *Model) Scroll(n int) {
	m.top += n
	for m.top < 0 && m.growUp() > 0 {
	}
	m.top = max(m.top, 0)
	m.clampEnd()
	m.trim()
}

// View draws the panel: exactly h lines of w cells.
func (m *Model) View(focused bool) []string {
	out := make([]string, 0, m.h)
	if m.h <= 0 || m.w <= 0 {
		return out
	}
	out = append(out, docview.Fit(m.st.Title(focused).Render("Annotations"), m.w))
	if len(m.blocks) == 0 && m.h > 1 {
		out = append(out, docview.Fit(m.st.Dim.Render("no document open"), m.w))
	}
	if p := m.sticky(m.top); p >= 0 && len(out) < m.h {
		cur := m.cursor >= 0 && m.cursor < len(m.rows) && m.rows[m.cursor].Kind == Section && int(m.rowBlk[m.cursor]) == p
		out = append(out, m.row(m.eager[m.blocks[p]], cur, focused))
	}
	for i := m.top; i < len(m.rows) && len(out) < m.h; i++ {
		out = append(out, m.row(m.rows[i], i == m.cursor, focused))
	}
	blank := strings.Repeat(" ", m.w)
	for len(out) < m.h {
		out = append(out, blank)
	}
	return out
}

// row draws row r, selected when the cursor is on it.
func (m *Model) row(r Row, selected, focused bool) string {
	var s string
	switch r.Kind {
	case Section:
		mark := "▾ "
		if m.folded[r.Name] {
			mark = "▸ "
		}
		s = docview.Fit(m.st.Section.Render(docview.Truncate(mark+r.Text, m.w)), m.w)
	case Sub:
		return docview.Fit(" "+m.st.Label(r.Text).Render(docview.Truncate(r.Text, m.w-1)), m.w)
	case Info:
		return docview.Fit(m.st.Info.Render(docview.Truncate(r.Text, m.w)), m.w)
	default:
		s = docview.Fit("  "+docview.Truncate(r.Text, m.w-2), m.w)
	}
	if selected {
		if focused {
			s = m.st.ItemSelected.Render(ansi.Strip(s))
		} else {
			s = m.st.RowSelectedBlur.Render(ansi.Strip(s))
		}
	}
	return s
}

// SetSize gives the panel its pane's size.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Rows are all the rows shown, every block built: for tests (the panel
// itself builds only the rows near the view).
func (m *Model) Rows() []Row {
	var out []Row
	for _, b := range m.blocks {
		out = append(out, m.blockRows(b)...)
	}
	return out
}

// Click acts on the row drawn at pane row y (row 0 is the title): the
// cursor goes to an item, and a section header (the pinned one too)
// folds or unfolds.
func (m *Model) Click(y int) {
	if y < 1 {
		return
	}
	i := m.top + y - 1
	if p := m.sticky(m.top); p >= 0 {
		if y == 1 {
			m.foldSection(p)
			return
		}
		i--
	}
	for i >= len(m.rows) && m.grow() {
	}
	if i >= len(m.rows) {
		return
	}
	switch m.rows[i].Kind {
	case Item:
		m.cursor = i
	case Section:
		m.cursor = i
		m.Fold()
	}
}
