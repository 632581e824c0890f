package action

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
	"folio/tui/docview"
)

// Apply everywhere (A) plans one fix or label for every whole-word
// occurrence in the corpus, then previews the places, each with its
// context line: the reviewer drops the ones that are right as they are
// and applies the rest in one undoable step. Places whose context marks
// the word as foreign ("(engl. fur)") are left out of a fix from the
// start, and counted. Label all (L) plans the same for the other
// occurrences of a labelled span in its document, and applies it at once.

// Everywhere plans applying s's first candidate to every whole-word
// occurrence of its text in the corpus: a PlanMsg numbered seq to
// preview, after a ProgressMsg now and then while it searches (see
// search). The search stops once ctx is done.
func (x Actions) Everywhere(ctx context.Context, seq int, s suggest.Suggestion) (tea.Cmd, error) {
	if len(s.Candidates) == 0 {
		return nil, ErrNoCandidates
	}
	_, what := SuggestionAnn(s, 0, annot.Span{})
	what += " everywhere"
	from, to := "", ""
	if s.Kind != suggest.KindEntity {
		from, to = s.Text, s.Candidates[0].Text
	}
	return search(ctx, seq, func(ctx context.Context, t *tracker) PlanMsg {
		m := x.planWord(ctx, t, what, s.Text, func(sp annot.Span) annot.Annotation {
			an, _ := SuggestionAnn(s, 0, sp)
			return an
		})
		m.From, m.To = from, to
		return m
	}), nil
}

// LabelOccurrences plans labelling every other whole-word occurrence of
// word (the stored text of entity e of doc) like e: in doc (a direct
// plan), or in the corpus (to preview, numbered seq, searched as
// Everywhere searches, until ctx is done).
func (x Actions) LabelOccurrences(ctx context.Context, seq int, doc string, e annot.Annotation, word string, corpus bool) tea.Cmd {
	build := func(sp annot.Span) annot.Annotation {
		return annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: e.Label, Canonical: e.Canonical}
	}
	what := fmt.Sprintf("label %s %s", docview.Quote(word, 30), e.Label)
	if corpus {
		return search(ctx, seq, func(ctx context.Context, t *tracker) PlanMsg {
			return x.planWord(ctx, t, what+" everywhere", word, build)
		})
	}
	st := x.st
	return func() tea.Msg {
		d, err := st.Document(doc)
		if err != nil {
			return PlanMsg{Err: err}
		}
		var others []annot.Span // the labelled one is not an "other"
		for _, sp := range annot.WordSpans([]byte(d.Text), []byte(word)) {
			if sp != e.Span() {
				others = append(others, sp)
			}
		}
		m := x.planPlaces(context.Background(), nil, what, map[string][]annot.Span{doc: others}, build)
		m.Direct = true
		return m
	}
}

// ApplyDirect saves a plan that needs no preview, named by how many
// places it labels and how many it leaves alone; a plan with none is
// refused.
func (x Actions) ApplyDirect(m PlanMsg) (tea.Cmd, error) {
	if len(m.Ops) == 0 {
		return nil, fmt.Errorf("%w (%d labelled already or in the way)", ErrNoOther, m.Skipped)
	}
	what := fmt.Sprintf("%s in %s", m.What, docview.Plural(len(m.Ops), "more place", "more places"))
	if m.Skipped > 0 {
		what += fmt.Sprintf(" (%d labelled already or in the way)", m.Skipped)
	}
	return x.Do(what, m.Ops, nil), nil
}

// Kept is the plan's name and ops with only the places keep marks (one
// flag per op), named with their count when some were dropped.
func (m PlanMsg) Kept(keep []bool) (string, []store.Op) {
	var ops []store.Op
	for i, op := range m.Ops {
		if i < len(keep) && keep[i] {
			ops = append(ops, op)
		}
	}
	what := m.What
	if len(ops) < len(m.Ops) {
		what += " (" + docview.Plural(len(ops), "place", "places") + ")"
	}
	return what, ops
}

// planWord plans the annotation build makes at every whole-word
// occurrence of word in the corpus, telling t how far it got, until ctx
// is done.
func (x Actions) planWord(ctx context.Context, t *tracker, what, word string, build func(sp annot.Span) annot.Annotation) PlanMsg {
	var found map[string][]annot.Span
	var err error
	if f, ok := x.st.(WordFinder); ok {
		found, err = f.FindWordContext(ctx, word, t.searched)
	} else if found, err = x.st.FindWord(word); err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return PlanMsg{Err: err}
	}
	return x.planPlaces(ctx, t, what, found, build)
}

// planPlaces plans the annotation build makes (stamped) at each place
// found (spans by document id) through the one rule path (annot.Set), as
// the store applies it: a place that breaks a rule, says what the
// document says already, would put an entity where one is or across one
// it can neither nest in nor hold, or (for a fix) is marked foreign by
// its context, is left out. It tells t (nil for none) how many places it
// checked, and stops with ctx's error once ctx is done.
func (x Actions) planPlaces(ctx context.Context, t *tracker, what string, found map[string][]annot.Span, build func(sp annot.Span) annot.Annotation) PlanMsg {
	ids := make([]string, 0, len(found))
	all := 0
	for id, sps := range found {
		ids = append(ids, id)
		all += len(sps)
	}
	sort.Strings(ids)
	m := PlanMsg{What: what}
	checked := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return PlanMsg{Err: fmt.Errorf("plan %s: %w", what, err)}
		}
		d, err := x.st.Document(id)
		if err != nil {
			return PlanMsg{Err: err}
		}
		set := annot.NewSet(annot.Runes(d.Text), nil)
		set.Load(d.Anns)
		// the text read once per document, not once per place: a page
		// of 500 000 words holds 50 000 places of a common misreading
		ix, rs := annot.NewIndex(d.Text), []rune(d.Text)
		have := d.Anns
		n := 0
		for _, sp := range found[id] {
			if checked++; checked%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return PlanMsg{Err: fmt.Errorf("plan %s: %w", what, err)}
				}
				t.checked(checked, all)
			}
			a := x.stamp(build(sp))
			if a.Kind == annot.KindCorrection && foreignAt(d.Text, ix, sp) {
				m.Foreign++
				continue
			}
			if crossesEntity(a, have) {
				m.Skipped++
				continue
			}
			if diff, err := set.Put(a); err != nil || diff.Put == nil {
				m.Skipped++
				continue
			}
			have = append(have, a)
			m.Ops = append(m.Ops, store.Op{Doc: id, Put: &a})
			m.Where = append(m.Where, contextLine(d.Doc.ID, rs, sp))
			n++
		}
		if n > 0 {
			m.Docs++
			m.Places += n
		}
	}
	return m
}

// checkEvery is how many places the plan checks between two looks at
// its context (and two reports of its progress).
const checkEvery = 256

// crossesEntity reports whether entity a would sit where an entity is
// already (on the same span, whatever its label) or cross one that it
// can neither nest in nor hold.
func crossesEntity(a annot.Annotation, have []annot.Annotation) bool {
	if a.Kind != annot.KindEntity {
		return false
	}
	sp := a.Span()
	for _, h := range have {
		if h.Kind != annot.KindEntity || !h.Span().Overlaps(sp) {
			continue
		}
		if h.Span() == sp || !h.Span().Contains(sp) && !sp.Contains(h.Span()) {
			return true
		}
	}
	return false
}

// contextWidth is how many code points of context a place shows on each
// side of the word.
const contextWidth = 32

// foreignMarkers announce a word in another language just before it.
var foreignMarkers = []string{"engl", "englisch", "frz", "franz", "lat.", "latein", "ital", "span.", "niederl"}

// foreignAt reports whether the words just before sp (on its line) mark
// it as foreign, so that a spelling fix would be wrong there; ix is
// text's index.
func foreignAt(text string, ix *annot.Index, sp annot.Span) bool {
	b := ix.Byte(sp.Start)
	from := max(b-24, 0)
	for from < b && !isRuneStart(text[from]) {
		from++
	}
	before := text[from:b]
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	before = strings.ToLower(before)
	// only the last two words count: "(engl. fur)", "engl.: fur"
	words := strings.FieldsFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '[' })
	if len(words) > 2 {
		words = words[len(words)-2:]
	}
	for _, w := range words {
		for _, m := range foreignMarkers {
			if strings.HasPrefix(w, m) {
				return true
			}
		}
	}
	return false
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }

// contextLine is the document's id and the line around sp in its text
// (as code points rs), sanitized, with the word in ⟦ ⟧.
func contextLine(id string, rs []rune, sp annot.Span) string {
	lo, hi := max(sp.Start-contextWidth, 0), min(sp.End+contextWidth, len(rs))
	for i := sp.Start - 1; i >= lo; i-- {
		if rs[i] == '\n' {
			lo = i + 1
			break
		}
	}
	for i := sp.End; i < hi; i++ {
		if rs[i] == '\n' {
			hi = i
			break
		}
	}
	pre, word, post := string(rs[lo:sp.Start]), string(rs[sp.Start:sp.End]), string(rs[sp.End:hi])
	if lo > 0 && rs[lo-1] != '\n' {
		pre = "…" + pre
	}
	if hi < len(rs) && rs[hi] != '\n' {
		post += "…"
	}
	return docview.Sanitize(id) + ": " + docview.Sanitize(pre) + "⟦" + docview.Sanitize(word) + "⟧" + docview.Sanitize(post)
}
