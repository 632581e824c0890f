package tui

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/tui/style"
)

// Apply everywhere (A) plans one fix or label for every whole-word
// occurrence in the corpus, then previews the places, each with its
// context line: the reviewer drops the ones that are right as they are
// and applies the rest in one undoable step. Places whose context marks
// the word as foreign ("(engl. fur)") are left out of a fix from the
// start, and counted.

// contextWidth is how many code points of context a place shows on each
// side of the word.
const contextWidth = 32

// foreignMarkers announce a word in another language just before it.
var foreignMarkers = []string{"engl", "englisch", "frz", "franz", "lat.", "latein", "ital", "span.", "niederl"}

// foreignAt reports whether the words just before sp (on its line) mark
// it as foreign, so that a spelling fix would be wrong there.
func foreignAt(text string, sp annot.Span) bool {
	ix := annot.NewIndex(text)
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

// contextLine is the document's id and the line around sp, sanitized,
// with the word in ⟦ ⟧.
func contextLine(d store.Document, sp annot.Span) string {
	rs := []rune(d.Text)
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
	return Sanitize(d.Doc.ID) + ": " + Sanitize(pre) + "⟦" + Sanitize(word) + "⟧" + Sanitize(post)
}

// everywhereOverlay previews an apply-everywhere: every place with its
// context, each kept or dropped.
type everywhereOverlay struct {
	st   *style.Styles
	keys PreviewKeys
	m    everywhereMsg
	drop []bool
	sel  int
	then tea.Cmd
}

func (o *everywhereOverlay) title() string { return "Apply everywhere: " + Sanitize(o.m.what) }
func (o *everywhereOverlay) bar() bool     { return false }

func (o *everywhereOverlay) update(msg tea.KeyMsg) (bool, tea.Msg) {
	k := o.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case key.Matches(msg, k.Down):
		o.sel = min(o.sel+1, len(o.drop)-1)
	case key.Matches(msg, k.Up):
		o.sel = max(o.sel-1, 0)
	case key.Matches(msg, k.Toggle):
		o.drop[o.sel] = !o.drop[o.sel]
		o.sel = min(o.sel+1, len(o.drop)-1)
	case key.Matches(msg, k.Apply):
		var ops []store.Op
		for i, op := range o.m.ops {
			if !o.drop[i] {
				ops = append(ops, op)
			}
		}
		if len(ops) == 0 {
			return true, nil
		}
		what := o.m.what
		if len(ops) < len(o.m.ops) {
			what += " (" + plural(len(ops), "place", "places") + ")"
		}
		return true, planMsg{what: what, ops: ops, then: o.then}
	}
	return false, nil
}

func (o *everywhereOverlay) shortHelp() []key.Binding {
	k := o.keys
	return []key.Binding{k.Toggle, k.Apply, k.Cancel, k.Down}
}

func (o *everywhereOverlay) view(w, h int) []string {
	kept := 0
	for _, d := range o.drop {
		if !d {
			kept++
		}
	}
	head := fmt.Sprintf("%s of %s kept", groupDigits(kept), plural(len(o.drop), "place", "places"))
	var notes []string
	if o.m.skipped > 0 {
		notes = append(notes, groupDigits(o.m.skipped)+" done or in the way")
	}
	if o.m.foreign > 0 {
		notes = append(notes, groupDigits(o.m.foreign)+" marked foreign")
	}
	if len(notes) > 0 {
		head += "; left alone: " + strings.Join(notes, ", ")
	}
	out := []string{fit(truncate(head+". One step: u undoes it.", w), w)}
	var rows []string
	for i, c := range o.m.where {
		mark := "[x] "
		if o.drop[i] {
			mark = "[ ] "
		}
		line := fit(mark+truncate(c, max(w-4, 0)), w)
		if o.drop[i] {
			line = o.st.Dim.Render(ansiStrip(line))
		}
		if i == o.sel {
			line = o.st.ItemSelected.Render(ansiStrip(line))
		}
		rows = append(rows, line)
	}
	return append(out, scrollLines(rows, o.sel, max(h-1, 1))...)
}
