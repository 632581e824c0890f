package tui

import (
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"folio/annot"
	"folio/config"
	"folio/store"
	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/overlay"
)

// suggTexts walks ] or [ from the current position n times and returns
// the text of each suggestion it lands on, with its start.
func walkSuggs(t *testing.T, a *App, k string, n int) []int {
	t.Helper()
	var out []int
	for range n {
		press(t, a, k)
		s, ok := a.reader.CurrentSugg()
		if !ok {
			t.Fatalf("%s landed on no suggestion (cursor %d)", k, a.reader.Cursor())
		}
		sel, _ := a.reader.Selection()
		if a.reader.V.SpanToStored(sel) != (annot.Span{Start: s.Start, End: s.End}) {
			t.Fatalf("%s selected %v, the suggestion is %d-%d", k, sel, s.Start, s.End)
		}
		out = append(out, s.Start)
	}
	return out
}

// TestSuggestionWalkBothWays: ] ] ] [ [ goes three forward and two back
// (it used to stay on the third), and [ from the first wraps to the last.
func TestSuggestionWalkBothWays(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2", "g")
	if len(a.open) < 4 {
		t.Fatalf("%d open suggestions, want at least 4", len(a.open))
	}
	fwd := walkSuggs(t, a, "]", 3)
	back := walkSuggs(t, a, "[", 2)
	if fwd[0] != a.open[0].Start || fwd[1] != a.open[1].Start || fwd[2] != a.open[2].Start {
		t.Fatalf("] walked %v, open suggestions start at %d %d %d", fwd, a.open[0].Start, a.open[1].Start, a.open[2].Start)
	}
	if back[0] != fwd[1] || back[1] != fwd[0] {
		t.Fatalf("[ [ after %v walked %v", fwd, back)
	}
	if last := walkSuggs(t, a, "[", 1); last[0] != a.open[len(a.open)-1].Start {
		t.Fatalf("[ from the first went to %d, want the last at %d", last[0], a.open[len(a.open)-1].Start)
	}
	if first := walkSuggs(t, a, "]", 1); first[0] != a.open[0].Start {
		t.Fatalf("] from the last went to %d, want the first", first[0])
	}
}

// TestSuggestionAtOffsetZero: ] from the top lands on a suggestion that
// starts the document.
func TestSuggestionAtOffsetZero(t *testing.T) {
	st := newMemStore()
	st.add("a", "Kdln", "Kdln ist schön. Ein Biindnis.\n")
	a := newTestApp(t, st, 100, 30, wordSuggester{})
	selectDoc(t, a, "a")
	press(t, a, "alt+2")
	if got := walkSuggs(t, a, "]", 2); got[0] != 0 || got[1] != 20 {
		t.Fatalf("] ] walked %v, want [0 20]", got)
	}
}

// TestDigitsPickNotFocus: on a suggestion in the reader, 1 picks the first
// candidate and never moves the focus; alt+1 focuses the list.
func TestDigitsPickNotFocus(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]")
	s, ok := a.reader.CurrentSugg()
	if !ok {
		t.Fatal("no suggestion")
	}
	press(t, a, "1")
	if a.focus != paneReader {
		t.Fatalf("1 moved the focus to %d", a.focus)
	}
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != s.Candidates[0].Text {
		t.Fatalf("1 did not pick candidate 1: %+v", cs)
	}
	// away from a suggestion a digit says so and still does not focus
	press(t, a, "g", "9")
	if a.focus != paneReader {
		t.Fatalf("9 moved the focus to %d", a.focus)
	}
	press(t, a, "alt+1")
	if a.focus != paneList {
		t.Fatalf("alt+1: focus %d", a.focus)
	}
	// the tab bar of a narrow terminal names the panes without digits
	n := newTestApp(t, st, 60, 20, wordSuggester{})
	if bar := n.tabBar(); !containsAll(bar, "List", "Reader", "Panel") || containsAny(bar, "1", "2", "3") {
		t.Fatalf("tab bar %q", bar)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// selectText selects the first occurrence of s in the stored text of the
// open document (in whatever view the reader shows).
func selectText(t *testing.T, a *App, s string) annot.Span {
	t.Helper()
	i := strings.Index(a.cur.Text, s)
	if i < 0 {
		t.Fatalf("%q not in the document", s)
	}
	ix := annot.NewIndex(a.cur.Text)
	sp := annot.Span{Start: ix.Rune(i), End: ix.Rune(i + len(s))}
	a.reader.SelectSpan(sp)
	return sp
}

// TestCorrectionKeepsLineBreaks: c over a line break keeps it (it used to
// become a space), and ctrl+j types a new one.
func TestCorrectionKeepsLineBreaks(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	selectText(t, a, "Hannover\nMesse")
	press(t, a, "c")
	if v := a.View(); !strings.Contains(v, "Hannover␤Messe") {
		t.Fatalf("the input does not show the break as ␤:\n%s", v)
	}
	typeText(t, a, "n")
	press(t, a, "enter")
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != "Hannover\nMessen" {
		t.Fatalf("corrections %+v (status %q)", cs, a.status.message())
	}
	// a break typed with ctrl+j, one with alt+enter
	selectText(t, a, "Initiative der")
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Initiative")
	press(t, a, "ctrl+j")
	typeText(t, a, "der")
	send(t, a, tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	press(t, a, "enter")
	found := false
	for _, c := range annsOf(t, st, id, annot.KindCorrection) {
		found = found || c.Value == "Initiative\nder\n"
	}
	if !found {
		t.Fatalf("corrections %+v (status %q)", annsOf(t, st, id, annot.KindCorrection), a.status.message())
	}
}

// TestCorrectionOverEarlierFix: in the corrected view, a selection over an
// earlier fix starts from the corrected text and edits that fix (it used
// to start from the original and be refused as overlapping); a selection
// over two fixes merges them.
func TestCorrectionOverEarlierFix(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	sp := selectText(t, a, "Kdln")
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Köln")
	press(t, a, "enter")
	press(t, a, "o") // corrected view
	if a.reader.Mode() != docview.Corrected {
		t.Fatalf("view %v", a.reader.Mode())
	}
	selectText(t, a, "Kdln ist")
	press(t, a, "c")
	o, ok := a.overlay.(*overlay.Prompt)
	if !ok || o.Value() != "Köln ist" {
		t.Fatalf("overlay %T prefilled %q, want “Köln ist”", a.overlay, o.Value())
	}
	press(t, a, "ctrl+w")
	typeText(t, a, "war")
	press(t, a, "enter")
	cs := annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != "Köln war" || cs[0].Start != sp.Start || cs[0].End != sp.End+4 {
		t.Fatalf("corrections %+v (status %q)", cs, a.status.message())
	}
	// one undo brings back the first fix
	press(t, a, "u")
	cs = annsOf(t, st, id, annot.KindCorrection)
	if len(cs) != 1 || cs[0].Value != "Köln" {
		t.Fatalf("after undo %+v", cs)
	}
}

// TestNoOpCorrectionNotSaved: c and enter without an edit save nothing.
func TestNoOpCorrectionNotSaved(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	selectText(t, a, "Kdln")
	press(t, a, "c", "enter")
	if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 0 {
		t.Fatalf("a no-op correction was saved: %+v", cs)
	}
	if !strings.Contains(a.status.message(), "nothing saved") {
		t.Fatalf("status %q", a.status.message())
	}
	// nor is an unchanged edit of an existing fix
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Köln")
	press(t, a, "enter", "c", "enter")
	if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 1 || cs[0].Value != "Köln" {
		t.Fatalf("corrections %+v", cs)
	}
	if !strings.Contains(a.status.message(), "nothing saved") {
		t.Fatalf("status %q", a.status.message())
	}
}

// liveSuggester suggests every labelled span of the store (as its
// canonical name, or its own surface) wherever its text occurs, as the
// CLI's suggester does; RefreshEntities reads the store again.
type liveSuggester struct {
	st    *store.Store
	ent   *suggest.EntitySuggester
	calls int
}

func (l *liveSuggester) RefreshEntities() error {
	l.calls++
	list, err := l.st.DocList()
	if err != nil {
		return err
	}
	var entries []suggest.Entry
	for _, d := range list {
		anns, err := l.st.Annotations(d.ID)
		if err != nil {
			return err
		}
		for _, x := range anns {
			if x.Kind == annot.KindEntity {
				entries = append(entries, suggest.Entry{Pattern: x.Text, Label: x.Label, Canonical: x.Canonical, Source: suggest.SourceAlias})
			}
		}
	}
	l.ent = suggest.NewEntitySuggester(entries, false)
	return nil
}

func (l *liveSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	if l.ent == nil {
		return nil
	}
	return l.ent.Suggest(doc, text, anns)
}

// TestLiveEntityPropagation: an entity labelled in the TUI is suggested in
// the other documents at once: the list's counts and, once opened, their
// panel; an undo takes it back.
func TestLiveEntityPropagation(t *testing.T) {
	st := seedStore(t)
	sg := &liveSuggester{st: st}
	a := newTestApp(t, st, 120, 40, sg)
	other := seedID(t, "004")
	count := func() int {
		return listDoc(t, a, other).Counts.Suggestions
	}
	if n := count(); n != 0 {
		t.Fatalf("004 starts with %d suggestions", n)
	}
	selectDoc(t, a, seedID(t, "001"))
	press(t, a, "alt+2")
	selectText(t, a, "Ute Berg")
	press(t, a, "e", "p", "enter")
	if sg.calls == 0 {
		t.Fatal("the suggester was not told about the new entity")
	}
	if n := count(); n != 2 {
		t.Fatalf("004 counts %d suggestions after labelling Ute Berg, want 2", n)
	}
	selectDoc(t, a, other)
	n := 0
	for _, s := range a.open {
		if s.Text == "Ute Berg" && s.Candidates[0].Text == "PER" {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("004 shows %d Ute Berg suggestions, want 2: %+v", n, a.open)
	}
	press(t, a, "u")
	if n := count(); n != 0 || len(a.open) != 0 {
		t.Fatalf("after undo 004 counts %d, shows %d", n, len(a.open))
	}
}

// TestFilterTypoHint: a field typo in the list filter says so while the
// filter is typed.
func TestFilterTypoHint(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	press(t, a, "/")
	typeText(t, a, "lable:PER")
	if !a.status.hasError() || !strings.Contains(a.status.message(), `unknown field "lable"`) {
		t.Fatalf("status %q while typing lable:PER", a.status.message())
	}
	if v := a.View(); !strings.Contains(v, `unknown field "lable"`) {
		t.Fatalf("the screen does not show the hint:\n%s", v)
	}
	press(t, a, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(t, a, "el:PER")
	if a.status.hasError() {
		t.Fatalf("status %q after fixing the typo", a.status.message())
	}
}

// TestFilterSearchesCorrectedText: a free word of the list filter finds
// the corrected text (Bündnis in the corrected 001), not the damaged
// original, nor text cut as boilerplate.
func TestFilterSearchesCorrectedText(t *testing.T) {
	st := seedStore(t)
	scan := seedID(t, "001")
	d, err := st.Document(scan)
	if err != nil {
		t.Fatal(err)
	}
	at := func(w string) annot.Span {
		i := strings.Index(d.Text, w)
		s := annot.Runes(d.Text[:i])
		return annot.Span{Start: s, End: s + annot.Runes(w)}
	}
	fix := at("Biindnis")
	cut := at("Kdln ist auf Initiative")
	fixA := annot.Annotation{Kind: annot.KindCorrection, Start: fix.Start, End: fix.End, Value: "Bündnis", Class: annot.ClassOCR}
	cutA := annot.Annotation{Kind: annot.KindCorrection, Start: cut.Start, End: cut.End, Value: "", Class: annot.ClassBoilerplate}
	if _, err := st.Do("setup", store.Op{Doc: scan, Put: &fixA}, store.Op{Doc: scan, Put: &cutA}); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, st, 120, 40, nil)
	for _, c := range []struct {
		expr  string
		found bool
	}{{"Bündnis", true}, {"Biindnis", false}, {`"auf Initiative"`, false}} {
		press(t, a, "/")
		typeText(t, a, c.expr)
		press(t, a, "enter")
		if got := slices.Contains(shownIDs(t, a), scan); got != c.found {
			t.Errorf("/%s: 001 shown %v, want %v (list %v)", c.expr, got, c.found, shownIDs(t, a))
		}
		press(t, a, "esc")
	}
}

// TestDoneNextOutsideFilter: space on the last todo document of a filter
// says that todo documents remain outside it.
func TestDoneNextOutsideFilter(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	press(t, a, "/")
	typeText(t, a, "id:001*")
	press(t, a, "enter")
	if shown(a) != 1 {
		t.Fatalf("filter shows %v", shownIDs(t, a))
	}
	drive(t, a, a.openCurrent(false))
	press(t, a, "space")
	if msg := a.status.message(); !strings.Contains(msg, "4 todo documents outside it") {
		t.Fatalf("status %q", msg)
	}
}

// mapEnviron is a termenv.Environ over a map.
type mapEnviron map[string]string

func (m mapEnviron) Environ() []string {
	var kv []string
	for k, v := range m {
		kv = append(kv, k+"="+v)
	}
	return kv
}

func (m mapEnviron) Getenv(k string) string { return m[k] }

// TestTerminalOutputWithCI: with CI set (every CI service sets it) a
// terminal keeps its colours; termenv alone gives such a process none,
// which left the terminal tests in CI without a page image. What is not a
// terminal has none, CI or not.
func TestTerminalOutputWithCI(t *testing.T) {
	for _, c := range []struct {
		tty  bool
		env  mapEnviron
		want termenv.Profile
	}{
		{true, mapEnviron{"CI": "true", "TERM": "xterm-256color"}, termenv.ANSI256},
		{true, mapEnviron{"CI": "1", "TERM": "tmux-256color", "COLORTERM": "truecolor"}, termenv.TrueColor},
		{true, mapEnviron{"TERM": "xterm-256color"}, termenv.ANSI256},
		{true, mapEnviron{"CI": "true", "TERM": "xterm-256color", "NO_COLOR": "1"}, termenv.Ascii},
		{false, mapEnviron{"CI": "true", "TERM": "xterm-256color"}, termenv.Ascii},
		{false, mapEnviron{"TERM": "xterm-256color"}, termenv.Ascii},
	} {
		if got := terminalOutput(io.Discard, c.tty, termenv.WithEnvironment(c.env)).EnvColorProfile(); got != c.want {
			t.Errorf("tty %v, %v: profile %v, want %v", c.tty, c.env, got, c.want)
		}
	}
}

// TestTerminalWithoutColours: a terminal termenv sees as having no colours
// (TERM=vt100, dumb, NO_COLOR) still gets reverse video for the cursor.
func TestTerminalWithoutColours(t *testing.T) {
	for _, c := range []struct {
		in      termenv.Profile
		want    termenv.Profile
		noColor bool
	}{{termenv.Ascii, termenv.ANSI, true}, {termenv.ANSI, termenv.ANSI, false}, {termenv.TrueColor, termenv.TrueColor, false}} {
		p, nc := terminalProfile(c.in)
		if p != c.want || nc != c.noColor {
			t.Errorf("%v: got %v %v, want %v %v", c.in, p, nc, c.want, c.noColor)
		}
	}
	r := lipgloss.NewRenderer(nil)
	p, nc := terminalProfile(termenv.Ascii)
	r.SetColorProfile(p)
	st := seedStore(t)
	a := New(st, Options{Config: config.Default(), Renderer: r, NoColor: nc})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 100, Height: 30})
	press(t, a, "enter")
	v := a.View()
	if !strings.Contains(v, "\x1b[7m") {
		t.Fatalf("no reverse video in the frame:\n%q", v)
	}
	if strings.Contains(v, "\x1b[38;") || strings.Contains(v, "\x1b[48;") {
		t.Fatal("colours in a terminal without colours")
	}
}

// TestKeyBurst: keys that arrive in one read come as one KeyMsg of several
// runes; each is handled, in order (jjj moved the list once, ]a accepted
// nothing).
func TestKeyBurst(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if a.list.Cursor() != 3 {
		t.Fatalf("jjj: list at %d, want 3", a.list.Cursor())
	}
	send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("kk")})
	if a.list.Cursor() != 1 || a.cur == nil || a.cur.Doc.ID != seedID(t, "001") {
		t.Fatalf("kk: list at %d", a.list.Cursor())
	}
	press(t, a, "alt+2")
	send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("g]a")})
	cs := annsOf(t, st, seedID(t, "001"), annot.KindCorrection)
	if len(cs) != 1 {
		t.Fatalf("g]a: corrections %+v (status %q)", cs, a.status.message())
	}
	// a paste into an input stays whole
	press(t, a, "/")
	send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Ute Berg"), Paste: true})
	o, ok := a.overlay.(*overlay.Prompt)
	if !ok || o.Value() != "Ute Berg" {
		t.Fatalf("paste: overlay %T", a.overlay)
	}
}

// TestWideTitles: skin tones are drawn without the tone (terminals
// disagree on its width), ZWJ sequences as their parts; every frame keeps
// its size with such titles.
func TestWideTitles(t *testing.T) {
	for in, want := range map[string]string{
		"👍🏽 hoch":         "👍 hoch",
		"👨\u200d👩\u200d👧": "👨👩👧",
		"🇩🇪":              "🇩🇪",
		"漢字":              "漢字",
		"e\u0301":         "e\u0301",
		"❤\ufe0f":         "❤",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	st := newMemStore()
	for i, title := range []string{"👍🏽 Daumen hoch", "👨\u200d👩\u200d👧 Familie", "🇩🇪 Flagge", "漢字 CJK", "Cafe\u0301 combining"} {
		st.add(string(rune('a'+i)), title, title+"\n\nText 👍🏿 und 👩🏽\u200d💻.\n")
	}
	for _, sz := range [][2]int{{140, 20}, {80, 24}, {60, 20}, {33, 10}} {
		a := newTestApp(t, st, sz[0], sz[1], nil)
		checkFrame(t, a.View(), sz[0], sz[1])
		for _, k := range []string{"j", "enter", "tab", "tab", "j", "j", "enter", "l", "l", "l", "l", "l"} {
			press(t, a, k)
			checkFrame(t, a.View(), sz[0], sz[1])
		}
	}
}

// TestDecideMovesOn: a, r and a digit each decide the suggestion under the
// cursor and move to the next open one in text order; after the last, the
// next document with suggestions opens on its first.
func TestDecideMovesOn(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g", "]")
	n := len(a.open)
	if n < 4 {
		t.Fatalf("%d open suggestions", n)
	}
	want := append([]suggest.Suggestion(nil), a.open...)
	for i, k := range []string{"a", "r", "1"} {
		s, ok := a.reader.CurrentSugg()
		if !ok || s.Start != want[i].Start {
			t.Fatalf("before %s: on %+v, want the suggestion at %d", k, s, want[i].Start)
		}
		press(t, a, k)
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start != want[3].Start {
		t.Fatalf("after a r 1: on %+v, want the suggestion at %d", s, want[3].Start)
	}
	if len(a.open) != n-3 {
		t.Fatalf("%d open after three decisions, want %d", len(a.open), n-3)
	}
	if cs, rs := annsOf(t, st, id, annot.KindCorrection), annsOf(t, st, id, annot.KindRejected); len(cs)+len(annsOf(t, st, id, annot.KindEntity)) != 2 || len(rs) != 1 {
		t.Fatalf("corrections %+v rejected %+v", cs, rs)
	}
	// decide the rest: the last one moves to the next document that has
	// suggestions (004 mentions Ute Berg)
	for range n - 3 {
		press(t, a, "a")
	}
	if a.cur == nil || a.cur.Doc.ID != seedID(t, "004") {
		t.Fatalf("after the last decision the open document is %v", a.cur.Doc.ID)
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Text != "Ute Berg" {
		t.Fatalf("004 opened on %+v, want its first suggestion", s)
	}
}

// suspectSuggester is wordSuggester plus a suspect (no candidate) on
// "Nirnberg" and a long candidate for "Wissen-\nschaft".
type suspectSuggester struct{}

const longCandidate = "Wissenschaft und Forschung, sehr lang geschrieben, damit sie umbricht"

func (suspectSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	out := wordSuggester{}.Suggest(doc, text, anns)
	ix := annot.NewIndex(text)
	if i := strings.Index(text, "Nirnberg"); i >= 0 {
		s := ix.Rune(i)
		out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 8, Text: "Nirnberg", Kind: suggest.KindOCR,
			Reason: "unknown word; looks like OCR damage: i for ü"})
	}
	if i := strings.Index(text, "Wissen-\nschaft"); i >= 0 {
		s := ix.Rune(i)
		out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 14, Text: "Wissen-\nschaft", Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: longCandidate, Score: 0.5}}})
	}
	slices.SortFunc(out, func(x, y suggest.Suggestion) int { return x.Start - y.Start })
	return out
}

// TestSuspectsAndPreview: the reader shows each fix beside the damaged
// word and a suspect with a ?; the panel shows a whole candidate and says
// a suspect has no fix; ] walks onto the suspect, a refuses it with a
// hint, c corrects it.
func TestSuspectsAndPreview(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, suspectSuggester{})
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2", "g")
	v := a.View()
	if !strings.Contains(v, "Kdln→Köln") {
		t.Fatalf("the reader does not show the fix in place:\n%s", v)
	}
	// walk to the long candidate: the panel shows it whole
	for range 20 {
		press(t, a, "]")
		if s, _ := a.reader.CurrentSugg(); strings.HasPrefix(s.Text, "Wissen-") {
			break
		}
	}
	panel := strings.Join(a.panel.View(false), "\n")
	for _, w := range strings.Fields(longCandidate) {
		if !strings.Contains(panel, w) {
			t.Fatalf("the panel does not show %q of the candidate:\n%s", w, panel)
		}
	}
	// walk to the suspect
	for range 20 {
		press(t, a, "]")
		if s, _ := a.reader.CurrentSugg(); s.Text == "Nirnberg" {
			break
		}
	}
	if s, _ := a.reader.CurrentSugg(); s.Text != "Nirnberg" {
		t.Fatal("] never reached the suspect")
	}
	v = a.View()
	if !strings.Contains(v, "Nirnberg?") || !strings.Contains(v, "suspect “Nirnberg”") || !strings.Contains(v, "no fix proposed: c corrects") {
		t.Fatalf("the suspect is not shown as such:\n%s", v)
	}
	press(t, a, "a")
	if !strings.Contains(a.status.message(), "no fix proposed: c to correct") {
		t.Fatalf("status %q", a.status.message())
	}
	nirnberg, _ := a.reader.CurrentSugg()
	if nirnberg.Text != "Nirnberg" {
		t.Fatal("a on a suspect moved on")
	}
	if slices.ContainsFunc(a.open, func(o suggest.Suggestion) bool { return o.Start > nirnberg.Start }) {
		t.Fatal("a suggestion after the suspect: the test expects it to be the document's last")
	}
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Nürnberg")
	press(t, a, "enter")
	found := false
	for _, c := range annsOf(t, st, id, annot.KindCorrection) {
		found = found || c.Text == "Nirnberg" && c.Value == "Nürnberg" && c.Class == annot.ClassOCR
	}
	if !found {
		t.Fatalf("corrections %+v", annsOf(t, st, id, annot.KindCorrection))
	}
	// c decided the document's last suggestion: the next document with
	// suggestions opens on its first, as after a and r
	if a.cur == nil || a.cur.Doc.ID != seedID(t, "004") {
		t.Fatalf("after c on the last suspect the open document is %v, want 004", shownID(a.cur))
	}
	if s, ok := a.reader.CurrentSugg(); !ok || s.Text != "Ute Berg" {
		t.Fatalf("004 opened on %+v, want its first suggestion", s)
	}
	// [ walks back over the others of 001
	selectDoc(t, a, id)
	press(t, a, "alt+2", "G", "[")
	if s, ok := a.reader.CurrentSugg(); !ok || s.Start >= nirnberg.Start {
		t.Fatalf("[ found %+v (%v), want a suggestion before the corrected suspect", s, ok)
	}
}

// TestUndoShowsChange: u and ctrl+r open the document they change, with
// the changed span selected, and say what they did.
func TestUndoShowsChange(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	scan := seedID(t, "001")
	selectDoc(t, a, scan)
	press(t, a, "alt+2")
	sp := selectText(t, a, "Kdln")
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "Köln")
	press(t, a, "enter")
	selectDoc(t, a, seedID(t, "000"))
	for _, k := range []string{"u", "ctrl+r"} {
		press(t, a, k)
		if a.cur == nil || a.cur.Doc.ID != scan {
			t.Fatalf("%s: open document %v, want %s", k, a.cur.Doc.ID, scan)
		}
		sel, ok := a.reader.Selection()
		if !ok || a.reader.V.SpanToStored(sel) != sp {
			t.Fatalf("%s: selection %v, want the changed span %v", k, sel, sp)
		}
		if d, _ := a.list.Current(); d.ID != scan {
			t.Fatalf("%s: the list is on %s", k, d.ID)
		}
		if !strings.Contains(a.status.message(), "correct “Kdln” → “Köln”") {
			t.Fatalf("%s: status %q", k, a.status.message())
		}
		selectDoc(t, a, seedID(t, "000"))
	}
}

// TestMouseDragAndClick: a drag in the reader selects from press to
// pointer; a click on a suggestion selects it (and the panel follows).
func TestMouseDragAndClick(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, wordSuggester{})
	selectDoc(t, a, seedID(t, "001"))
	r := a.geo.panes[paneReader]
	mouse := func(x, y int, act tea.MouseAction) {
		send(t, a, tea.MouseMsg{X: r.x + x, Y: r.y + y, Button: tea.MouseButtonLeft, Action: act})
	}
	// row 1 is the first line: " Wirtschaftsausschuss 09.03.2017"
	mouse(1, 1, tea.MouseActionPress)
	mouse(5, 1, tea.MouseActionMotion)
	mouse(8, 1, tea.MouseActionMotion)
	mouse(8, 1, tea.MouseActionRelease)
	sel, ok := a.reader.Selection()
	if !ok || a.reader.V.Slice(sel) != "Wirtscha" { // the cell under the pointer included
		t.Fatalf("drag selected %q", a.reader.V.Slice(sel))
	}
	if a.focus != paneReader {
		t.Fatalf("focus %v", a.focus)
	}
	// a motion without a button down selects nothing more
	send(t, a, tea.MouseMsg{X: r.x + 12, Y: r.y + 1, Button: tea.MouseButtonNone, Action: tea.MouseActionMotion})
	if sel2, _ := a.reader.Selection(); sel2 != sel {
		t.Fatalf("a motion without a button changed the selection to %v", sel2)
	}
	// click on the first Kdln
	v := a.reader.V
	var kdln annot.Span
	for i, s := range v.Suggs {
		if s.Text == "Kdln" {
			kdln = v.SuggV[i]
			break
		}
	}
	k := v.LineOf(kdln.Start)
	if k < a.reader.Top() {
		t.Fatal("Kdln is not on screen")
	}
	mouse(v.ColOf(kdln.Start)+1, k-a.reader.Top()+1, tea.MouseActionPress)
	mouse(v.ColOf(kdln.Start)+1, k-a.reader.Top()+1, tea.MouseActionRelease)
	s, ok := a.reader.CurrentSugg()
	if sel, _ := a.reader.Selection(); !ok || s.Text != "Kdln" || sel != kdln {
		t.Fatalf("click on Kdln: suggestion %q selection %v", s.Text, sel)
	}
	if it, ok := a.panel.Current(); !ok || !strings.Contains(it.Text, "Kdln") {
		t.Fatalf("the panel is on %q", it.Text)
	}
}

// TestCutBoilerplate: B cuts the selection as boilerplate (a correction
// to nothing of class boilerplate), over an earlier fix too; the corrected
// view no longer shows it.
func TestCutBoilerplate(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	selectText(t, a, "gez.")
	press(t, a, "c", "ctrl+u")
	typeText(t, a, "gez")
	press(t, a, "enter")
	if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 1 {
		t.Fatalf("corrections %+v", cs)
	}
	sp := selectText(t, a, "gez. Berg")
	press(t, a, "B")
	cs := annsOf(t, st, id, annot.KindCorrection)
	var cut []annot.Annotation
	for _, c := range cs {
		if c.Class == annot.ClassBoilerplate {
			cut = append(cut, c)
		}
	}
	if len(cut) != 1 || cut[0].Value != "" || cut[0].Span() != sp || len(cs) != 1 {
		t.Fatalf("corrections %+v (status %q)", cs, a.status.message())
	}
	if !strings.Contains(a.status.message(), "cut “gez. Berg” as boilerplate") {
		t.Fatalf("status %q", a.status.message())
	}
	press(t, a, "o")
	if strings.Contains(a.reader.V.Text, "gez. Berg") {
		t.Fatal("the corrected view still shows the cut text")
	}
}

// TestResumePlace: quitting records the open document and the reader's
// position; the next start on the store opens them again.
func TestResumePlace(t *testing.T) {
	st := seedStore(t)
	dir := t.TempDir()
	open := func() *App {
		a := New(st, Options{Config: config.Default(), Author: "tester", Resume: true, StateDir: dir})
		drive(t, a, a.Init())
		send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
		return a
	}
	a := open()
	if d, _ := a.list.Current(); d.ID != shownDoc(t, a, 0).ID {
		t.Fatalf("without a saved place the list starts on %s", d.ID)
	}
	want := seedID(t, "003")
	selectDoc(t, a, want)
	press(t, a, "alt+2", "j", "j", "w", "w")
	place, ok := a.place()
	if !ok || place.Doc != want || place.Pos == 0 {
		t.Fatalf("place %+v", place)
	}
	if err := savePlace(dir, st.Path(), "tester", place); err != nil {
		t.Fatal(err)
	}
	b := open()
	if d, _ := b.list.Current(); d.ID != want || b.cur == nil || b.cur.Doc.ID != want {
		t.Fatalf("reopened on %s", d.ID)
	}
	if got := b.reader.StoredCursor(); got != place.Pos {
		t.Fatalf("reopened at %d, want %d", got, place.Pos)
	}
	// another reviewer on the same store and machine has a place of
	// their own: none yet
	other := New(st, Options{Config: config.Default(), Author: "rev-c", Resume: true, StateDir: dir})
	if other.resumeAt.Doc != "" {
		t.Fatalf("rev-c reopens at %s, the place another reviewer left", other.resumeAt.Doc)
	}
	// a damaged file is started afresh, a missing document ignored
	file, _ := resumeFile(dir)
	if err := os.WriteFile(file, []byte("{oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := loadPlace(dir, st.Path(), "tester"); ok {
		t.Fatal("a damaged file gave a place")
	}
	if err := savePlace(dir, st.Path(), "tester", resumePlace{Doc: "gone", Pos: 5}); err != nil {
		t.Fatal(err)
	}
	if c := open(); c.cur == nil || c.cur.Doc.ID == "gone" {
		t.Fatal("a missing document broke the start")
	}
}

// TestResumeFolds: the panel's folded sections are kept with the place
// left in a store: the next start shows them folded, before and after its
// document opens; a section unfolded again is unfolded after a restart.
func TestResumeFolds(t *testing.T) {
	st := seedStore(t)
	dir := t.TempDir()
	open := func() *App {
		a := New(st, Options{Config: config.Default(), Suggester: wordSuggester{}, Author: "tester", Resume: true, StateDir: dir})
		drive(t, a, a.Init())
		send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
		return a
	}
	a := open()
	selectDoc(t, a, seedID(t, "001"))
	if !strings.Contains(a.View(), "▾ Suggestions (") {
		t.Fatalf("no open Suggestions section:\n%s", a.View())
	}
	press(t, a, "alt+3", "G", "z") // the last section: Suggestions
	place, ok := a.place()
	if !ok || len(place.Folded) != 1 || place.Folded[0] != "Suggestions" {
		t.Fatalf("place %+v, want Suggestions folded", place)
	}
	if err := savePlace(dir, st.Path(), "tester", place); err != nil {
		t.Fatal(err)
	}
	if got, ok := loadPlace(dir, st.Path(), "tester"); !ok || len(got.Folded) != 1 || got.Folded[0] != "Suggestions" {
		t.Fatalf("the file gave %+v", got)
	}
	b := open()
	if b.cur == nil || b.cur.Doc.ID != seedID(t, "001") {
		t.Fatal("the document was not reopened")
	}
	if v := b.View(); !b.panel.Folded("Suggestions") || !strings.Contains(v, "▸ Suggestions (") || strings.Contains(v, "▾ Suggestions (") {
		t.Fatalf("Suggestions not folded after the restart:\n%s", v)
	}
	press(t, b, "alt+3", "Z", "Z") // every section folded, then every one unfolded
	place, _ = b.place()
	if err := savePlace(dir, st.Path(), "tester", place); err != nil {
		t.Fatal(err)
	}
	if c := open(); c.panel.Folded("Suggestions") || !strings.Contains(c.View(), "▾ Suggestions (") {
		t.Fatalf("an unfolded section came back folded:\n%s", c.View())
	}
}

// TestEverywherePreview: A lists each place with its context, leaves out
// the places where the context marks the word as foreign and says so, and
// applies only the places kept.
func TestEverywherePreview(t *testing.T) {
	st := seedStore(t)
	im := st.NewImporter(nil)
	if err := im.Add(store.ImportDoc{ID: "x", Title: "Pelz", Text: "Ein Mantel aus Pelz (engl. fur) und fur den Winter.\nNoch einmal fur dich.\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(); err != nil {
		t.Fatal(err)
	}
	furs := SuggestFunc(func(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
		var out []suggest.Suggestion
		ix := annot.NewIndex(text)
		for off := 0; ; {
			i := strings.Index(text[off:], " fur ")
			if i < 0 {
				return out
			}
			s := ix.Rune(off + i + 1)
			out = append(out, suggest.Suggestion{Doc: doc, Start: s, End: s + 3, Text: "fur", Kind: suggest.KindOCR,
				Candidates: []suggest.Candidate{{Text: "für", Score: 0.9}}})
			off += i + 4
		}
	})
	a := newTestApp(t, st, 120, 40, furs)
	scan := seedID(t, "001")
	selectDoc(t, a, scan)
	press(t, a, "alt+2", "g", "]", "A")
	o, ok := a.overlay.(*overlay.Preview)
	if !ok {
		t.Fatalf("overlay %T (status %q)", a.overlay, a.status.message())
	}
	// 001 has one fur, x two outside the parenthesis; (engl. fur) is left alone
	if len(o.Places()) != 3 {
		t.Fatalf("places %q", o.Places())
	}
	view := strings.Join(o.View(110, 20), "\n")
	if !strings.Contains(view, "1 marked foreign") || !strings.Contains(view, "⟦fur⟧ den Winter") || !strings.Contains(view, "3 of 3 places kept") {
		t.Fatalf("preview:\n%s", view)
	}
	// drop the second place, apply the rest
	press(t, a, "j", "space")
	if v := strings.Join(o.View(110, 20), "\n"); !strings.Contains(v, "2 of 3 places kept") {
		t.Fatalf("after dropping one:\n%s", v)
	}
	press(t, a, "y")
	fixed := 0
	for _, id := range []string{scan, "x"} {
		for _, c := range annsOf(t, st, id, annot.KindCorrection) {
			if c.Value == "für" {
				fixed++
			}
		}
	}
	if fixed != 2 {
		t.Fatalf("%d places fixed, want 2 (status %q)", fixed, a.status.message())
	}
	d, _ := st.Document("x")
	if c := annot.Apply(d.Text, d.Anns).Text; !strings.Contains(c, "(engl. fur)") {
		t.Fatalf("the foreign fur was changed: %q", c)
	}
}

// TestPlainLabelNoPrompt: a label configured plain (DATE by default) is
// saved at once, without asking for a canonical name; PER still asks.
func TestPlainLabelNoPrompt(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 120, 40, nil)
	id := seedID(t, "001")
	selectDoc(t, a, id)
	press(t, a, "alt+2")
	selectText(t, a, "09.03.2017")
	press(t, a, "e", "d")
	if a.overlay != nil {
		t.Fatalf("a plain label opened %T", a.overlay)
	}
	es := annsOf(t, st, id, annot.KindEntity)
	if len(es) != 1 || es[0].Label != "DATE" || es[0].Canonical != "" || es[0].Text != "09.03.2017" {
		t.Fatalf("entities %+v (status %q)", es, a.status.message())
	}
	selectText(t, a, "Ute Berg")
	press(t, a, "e", "p")
	if _, ok := a.overlay.(*overlay.Canonical); !ok {
		t.Fatalf("PER did not ask for a canonical name: %T", a.overlay)
	}
}

// labelAwareSuggester is wordSuggester, leaving out the entity
// suggestions an entity already covers, as the real suggester does; like
// it, it is asked again after each action on entities (RefreshEntities).
type labelAwareSuggester struct{ wordSuggester }

func (labelAwareSuggester) RefreshEntities() error { return nil }

func (s labelAwareSuggester) Suggest(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	var out []suggest.Suggestion
	for _, x := range s.wordSuggester.Suggest(doc, text, anns) {
		covered := false
		for _, a := range anns {
			if a.Kind == annot.KindEntity && a.Start == x.Start && a.End == x.End {
				covered = true
			}
		}
		if x.Kind != suggest.KindEntity || !covered {
			out = append(out, x)
		}
	}
	return out
}

// TestAcceptUndoAccept: a, u, a on an entity suggestion labels it again:
// the undo brings the suggestion back (the suggester is asked again when
// the annotations change, though the text did not), where before the
// panel kept the list made while the label stood and a said "no
// suggestion under the cursor".
func TestAcceptUndoAccept(t *testing.T) {
	st := seedStore(t)
	a := New(st, Options{Config: config.Default(), Suggester: labelAwareSuggester{}, Author: "tester"})
	drive(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
	press(t, a, "j", "enter", "/")
	typeText(t, a, "Ute Berg")
	press(t, a, "enter", "a")
	if got := a.status.message(); !strings.Contains(got, "saved: label") {
		t.Fatalf("a: status %q", got)
	}
	// the undone document's record comes after the entity refresh and
	// its suggestions (made while the label stood, as a slow store
	// answers)
	_, cmd := a.Update(keyMsg("u"))
	_, held := driveHolding(t, a, cmd, func(m tea.Msg) bool { _, ok := m.(docMsg); return ok })
	if len(held) == 0 {
		t.Fatal("u reopened nothing")
	}
	for _, m := range held {
		send(t, a, m)
	}
	if got := a.status.message(); !strings.Contains(got, "undone: label") {
		t.Fatalf("u: status %q", got)
	}
	press(t, a, "a")
	if got := a.status.message(); !strings.Contains(got, "saved: label") {
		t.Fatalf("a after u: status %q", got)
	}
	if ents := annsOf(t, st, "001_879768a2f144ad87", annot.KindEntity); len(ents) != 1 || ents[0].Label != "PER" {
		t.Fatalf("entities %+v", ents)
	}
}
