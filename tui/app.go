package tui

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"golang.org/x/term"

	"folio/annot"
	"folio/internal/termimg"
	"folio/store"
	"folio/suggest"
	"folio/suggest/external"
	"folio/tui/action"
	"folio/tui/dashboard"
	"folio/tui/docview"
	"folio/tui/list"
	"folio/tui/overlay"
	"folio/tui/panel"
	"folio/tui/reader"
	"folio/tui/scan"
	"folio/tui/style"
)

// App is the root model: it lays out the panes, keeps focus, routes keys
// to the focused pane or the open overlay, and runs the commands the
// panes' intents come to: the store writes it asks of act (tui/action),
// and routes their results back.
type App struct {
	st     Store          // read in commands; its writes go through act
	act    action.Actions // the store actions: every write
	path   string         // the store's file, asked once
	opt    Options
	keys   KeyMap
	styles *style.Styles

	w, h  int
	geo   geometry
	focus pane

	list   list.Model
	reader reader.Model
	scan   scan.Model // the page image above the reader
	panel  panel.Model
	status statusModel
	help   help.Model

	overlay overlay.Overlay
	// under is the overlay the help was opened over (the entity view),
	// shown again when the help closes; nil otherwise
	under overlay.Overlay

	// the open document
	cur     *store.Document
	docGen  int
	raw     []suggest.Suggestion // suggestions for cur's hash
	rawFor  string               // id + hash they belong to
	rawKey  string               // annsKey of the document version they were made for
	curKey  string               // annsKey of cur
	ext     []suggest.Suggestion // the external suggesters' for cur's hash
	extFor  string               // id + hash they belong to
	open    []suggest.Suggestion // raw and ext minus those already dealt with
	asked   string               // id + hash whose suggestions were last asked for
	ticking bool                 // a preparingMsg is on its way (refreshSuggestions)

	tags      tagSet         // the tags in use, for completion
	started   bool           // the list's first answer came: the rest of the start followed
	opening   string         // the document last asked for, until it is shown
	reopening bool           // the open document is read again after a change: keys wait for it (e p enter L)
	waiting   typeAhead      // keys for the document being opened, until it is shown
	listCmd   tea.Cmd        // what the list asked for while laid out (its rows)
	entities  []store.Entity // the registry, as last loaded

	counter counter // open suggestions of every document, in the background

	resumeAt resumePlace // where to reopen once the list has loaded

	relFrom *annot.Annotation  // the head of a relation being made (R), or nil
	search  search             // the corpus-wide search on its way (A)
	changes <-chan store.Event // what others change in a shared store
	queue   map[string]bool    // the documents assigned to this reviewer
	// what the status line says of the queue once the list shows it
	queueNote string
}

// New builds the app on a store.
func New(st Store, opt Options) *App {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	keys := DefaultKeyMap()
	if opt.Keys != nil {
		keys = opt.Keys.withDefaults()
	}
	styles := style.New(opt.Renderer, !opt.NoColor && opt.Renderer != nil, opt.Config.Labels)
	learner, _ := opt.Suggester.(Learner)
	a := &App{st: st, path: st.Path(), opt: opt, keys: keys, styles: styles, act: action.New(st, opt.Author, learner)}
	for _, t := range opt.Config.Tags {
		a.tags.add(t.Name)
	}
	a.list = list.New(st, keys.List, list.InputKeys{Cancel: keys.Dialog.Cancel, Submit: keys.Dialog.Submit, Edit: keys.Input}, styles)
	a.counter = newCounter(st, opt.Suggester, opt.Evidence)
	if p, ok := opt.Suggester.(Paced); ok {
		p.SetPause(a.counter.quiet.Wait)
	}
	if _, ok := a.counter.journal(); !ok {
		a.list.KeepCounts() // the store keeps no counts: the list does
	}
	a.reader = reader.New(keys.Reader, styles)
	a.scan = scan.New(styles, scanOptions(opt))
	a.panel = panel.New(keys.Panel, styles, keys.Reader.Correct.Help().Key)
	a.status = statusModel{st: styles}
	a.help = help.New()
	a.help.Styles = styles.Help
	if opt.Resume {
		a.resumeAt, _ = loadPlace(opt.StateDir, a.path, opt.Author)
		a.panel.SetFolds(a.resumeAt.Folded)
	}
	return a
}

// Run runs the app full screen with mouse support until the user quits.
// Bubble Tea gives the terminal back after a panic in Update, View or a
// command; the caller covers the rest (cmd/folio's runTUI and its
// supervisor).
func Run(st Store, opt Options) error {
	in, closeIn := terminalInput()
	defer closeIn()
	// The terminal stays raw from the first query on (the background
	// colour, the graphics) until Bubble Tea has given it back: an answer
	// is then never echoed on the screen, and Bubble Tea's input filter
	// takes it out of the keys.
	restore := rawTerminal(in)
	defer restore()
	if opt.Renderer == nil {
		out := terminalOutput(os.Stdout, term.IsTerminal(int(os.Stdout.Fd())))
		profile, noColor := terminalProfile(out.EnvColorProfile())
		r := lipgloss.NewRenderer(os.Stdout)
		r.SetColorProfile(profile)
		opt.NoColor = opt.NoColor || noColor
		// the background colour: Bubble Tea's init asked the terminal
		// for it already (for Lip Gloss's default renderer, before the
		// program could race it for the input); asking again costs a
		// round trip to the terminal at every launch. With CI set that
		// renderer took the terminal for a log and asked nothing: the
		// background is taken for dark.
		r.SetHasDarkBackground(lipgloss.HasDarkBackground())
		opt.Renderer = r
		opt.Graphics, opt.CellW, opt.CellH, opt.GraphicsPending = askGraphics(!opt.NoColor, in != nil)
	}
	popts := programOptions()
	if opt.Context != nil {
		popts = append(popts, tea.WithContext(opt.Context), tea.WithoutSignalHandler())
	}
	var p *tea.Program
	if in != nil {
		f := termimg.NewReplyFilter(in, func(c termimg.Caps) { go p.Send(graphicsMsg{c}) })
		popts = append(popts, tea.WithInput(f))
	}
	p = tea.NewProgram(launched(st, opt), popts...)
	final, err := p.Run()
	restore()
	if app, ok := final.(*App); ok && err == nil && opt.Resume {
		if place, ok := app.place(); ok {
			if serr := savePlace(opt.StateDir, app.path, opt.Author, place); serr != nil {
				fmt.Fprintln(os.Stderr, "folio: "+Sanitize(serr.Error()))
			}
		}
	}
	return err
}

// launched is the app as Run launches it: New's, with background work
// held for the reviewer's first second (quietAtLaunch).
func launched(st Store, opt Options) *App {
	a := New(st, opt)
	a.counter.quiet.hold(quietAtLaunch)
	return a
}

// frameRate is how many times a second Bubble Tea draws a view that
// changed: its most, 120. A key's view waits for the next frame before
// it reaches the terminal; at Bubble Tea's default of 60 that wait is up
// to 16.7 ms (8 on average), a whole frame of the echo's budget on top of
// Update and View. A frame with nothing changed writes nothing.
const frameRate = 120

// programOptions are the options of the interface's Bubble Tea program
// (Run adds its input).
func programOptions() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithFPS(frameRate)}
}

// terminalOutput returns termenv's view of w, a terminal when tty is
// true (with opts: a test's environment). termenv on its own takes any
// process with CI set for a CI job writing a log and gives it no colours
// even on a terminal; folio goes by whether w is a terminal alone, so a
// reviewer with CI in their shell, and a terminal test a CI service runs,
// get the terminal's colours.
func terminalOutput(w io.Writer, tty bool, opts ...termenv.OutputOption) *termenv.Output {
	return termenv.NewOutput(w, append(opts, termenv.WithTTY(tty))...)
}

// terminalProfile returns the profile to render with and whether colours
// must stay off, given the terminal's profile with NO_COLOR applied
// (termenv's EnvColorProfile). The cursor and the selection are drawn
// with reverse video and bold, which every terminal has: a terminal
// without colours (TERM=vt100 or dumb, or NO_COLOR) gets the plain ANSI
// attributes and no colours rather than no attributes at all.
func terminalProfile(p termenv.Profile) (termenv.Profile, bool) {
	if p == termenv.Ascii {
		return termenv.ANSI, true
	}
	return p, false
}

// Init asks for the list's first window (and the counts it shows), after
// the reviewer's queue when the store deals documents, and for the
// changes others make to a shared store.
func (a *App) Init() tea.Cmd {
	first := queueCmd(a.st, a.opt.Author)
	if first == nil {
		first = a.list.Load()
	}
	return tea.Batch(first, watchCmd(a.st))
}

// Update routes a message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		a.counter.quiet.Heard() // background work waits (quiet.go)
	}
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyRunes && !k.Paste && len(k.Runes) > 1 {
		return a, a.burst(k)
	}
	_, cmd := a.update(msg)
	lc := a.listCmd
	a.listCmd = nil
	// a key that gave the reader or the panel the keyboard asks for the
	// open document's suggestions, if they were not asked for yet
	var ask tea.Cmd
	if a.cur != nil && wantSuggestions(a.opt.Suggester, a.focus, a.curKey, a.rawKey, a.asked) {
		ask = a.refreshSuggestions()
	}
	return a, tea.Batch(cmd, lc, a.syncScan(), ask)
}

// burst handles keys that arrived in one read (fast typing, a terminal
// over SSH): Bubble Tea reports them as one KeyMsg of several runes; each
// is one key press, handled in order (their commands then run as any
// commands do).
func (a *App) burst(k tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(k.Runes))
	for _, r := range k.Runes {
		one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}
		if r == ' ' {
			one.Type = tea.KeySpace
		}
		_, cmd := a.Update(one)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return a, a.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		return a, a.key(msg, false)
	case tea.MouseMsg:
		return a, a.mouse(msg)
	case list.SelectedMsg, list.WindowMsg, list.JumpMsg:
		return a, a.listMsg(msg)
	case list.FoundMsg:
		return a, a.found(msg)
	case queueMsg:
		return a, a.setQueue(msg)
	case countsMsg:
		return a, a.countsDone(msg)
	case preparingMsg:
		a.ticking = false
		return a, a.refreshSuggestions()
	case docMsg:
		return a, a.docLoaded(msg)
	case suggMsg:
		if a.cur == nil || msg.id != a.cur.Doc.ID || msg.hash != a.cur.Doc.Hash {
			return a, nil
		}
		if msg.key != a.curKey && a.rawFor == suggKey(a.cur) {
			// made for annotations since changed (an ask that came late):
			// the ones shown stay until those for the current come
			return a, nil
		}
		a.raw, a.rawFor, a.rawKey = msg.list, msg.id+"\x00"+msg.hash, msg.key
		return a, tea.Batch(a.refreshSuggestions(), a.buildView())
	case extSuggMsg:
		if a.cur == nil || msg.id != a.cur.Doc.ID || msg.hash != a.cur.Doc.Hash {
			return a, nil
		}
		if msg.status != "" {
			a.status.fail(msg.status)
		}
		a.ext, a.extFor = msg.list, msg.id+"\x00"+msg.hash
		return a, tea.Batch(a.refreshSuggestions(), a.buildView())
	case viewMsg:
		if msg.gen != a.reader.Gen() || a.cur == nil || msg.v.ID != a.cur.Doc.ID {
			return a, nil
		}
		if msg.v.Partial {
			// a preview: drawn unless the whole came first; the keys
			// wait for the whole
			if !a.reader.Shows(msg.v.ID) {
				a.reader.Install(msg.v)
			}
			return a, nil
		}
		a.reader.Install(msg.v)
		if a.focus != panePanel {
			// the panel shows the suggestion the reader is on (an undo
			// brings one back, selected), unless the panel has the keys
			a.followSuggestion()
		}
		if a.reopening || a.act.Saving() {
			return a, nil // a view from before the change: the keys wait for the document as changed
		}
		// the document is shown: the keys typed for it while it was on
		// its way, in order. They act on it even when another was asked
		// for since (a click): only the keys after one that opens another
		// document (j, space) wait for that one, as do those typed for
		// the one on its way.
		opening, seeking := a.opening, a.waiting.seeking
		typed, dropped := a.waiting.take(msg.v.ID, opening)
		cmds := make([]tea.Cmd, 0, len(typed))
		for _, k := range typed {
			// once a key opens another document, or asks for a save,
			// the keys after it are typed ahead again (held for that
			// document, or for this one as saved): one save at a time
			cmds = append(cmds, a.key(k, a.opening == opening && a.waiting.seeking == seeking && !a.act.Saving()))
		}
		if dropped > 0 {
			a.status.fail(plural(dropped, "key", "keys") + " typed for a document left before it opened: not applied")
		}
		return a, tea.Batch(cmds...)
	case graphicsMsg:
		if a.scan.Answered(msg.caps) && a.scan.Shown() {
			a.status.set("page image: " + a.scan.Protocol().String())
		}
		return a, nil
	case scan.LayoutMsg:
		if a.scan.SetLayout(msg) && len(a.scan.ConfSpans(msg.Doc)) > 0 {
			return a, a.buildView() // the heat shading
		}
		return a, nil
	case recordsMsg:
		a.list.Refresh(msg.docs)
		a.tags.addDocs(msg.docs)
		// what the list shows and counts may have changed
		return a, a.list.Load()
	case watchingMsg:
		a.changes = msg.ch
		return a, nextChangeCmd(a.changes)
	case changeMsg:
		return a, a.changed(msg)
	case versionsMsg:
		return a, a.versionsLoaded(msg)
	case curateMsg:
		return a, a.act.Curate(msg.doc, msg.from, msg.ids)
	}
	if a.scan.Update(msg) {
		return a, nil
	}
	return a, a.intent(msg)
}

// resize lays the panes out for a new terminal size.
func (a *App) resize(w, h int) tea.Cmd {
	a.w, a.h = max(w, 0), max(h, 0)
	oldW := a.reader.TextWidth()
	a.relayout()
	if a.cur != nil && (a.reader.TextWidth() != oldW || a.reader.NeedsLayout()) {
		return a.buildView()
	}
	return nil
}

// relayout recomputes the geometry and hands each pane its size.
func (a *App) relayout() {
	a.geo = computeGeometry(a.w, a.h, a.focus)
	if a.geo.kind == layoutTabs {
		// panes keep their size while hidden so the reader need not
		// re-wrap on every tab switch
		full := rect{0, 0, a.w, a.geo.body}
		if a.geo.tabs {
			full.h--
		}
		a.listCmd = a.list.SetSize(full.w, full.h)
		a.setReaderSize(full.w, full.h)
		a.panel.SetSize(full.w, full.h)
	} else {
		p := a.geo.panes
		a.listCmd = a.list.SetSize(p[paneList].w, p[paneList].h)
		a.setReaderSize(p[paneReader].w, p[paneReader].h)
		a.panel.SetSize(p[panePanel].w, p[panePanel].h)
		if p[paneReader].w == 0 { // stacked with the panel in the reader's place
			a.setReaderSize(p[panePanel].w, p[panePanel].h)
		}
	}
	a.panel.Rewrap()
	a.panel.Clamp()
	a.reader.ScrollTo(a.reader.Cursor(), false) // nothing while it has no layout
}

// setFocus moves the keyboard to pane p.
func (a *App) setFocus(p pane) {
	a.focus = (p + paneCount) % paneCount
	a.relayout()
}

// listMsg hands the list its answers. The first selection completes the
// start: the place last left, the suggestion counts, the registry (which
// a label key consults at once).
func (a *App) listMsg(msg tea.Msg) tea.Cmd {
	changed, cmd := a.list.Update(msg)
	cmds := []tea.Cmd{cmd}
	a.tags.addDocs(a.list.Visible())
	if e := a.list.Err(); e != "" {
		a.status.fail(e)
	}
	if !a.started && a.list.Loaded() {
		a.started = true
		if a.queueNote != "" && a.list.Err() == "" {
			a.status.set(a.queueNote)
		}
		cmds = append(cmds, a.resume(), a.startCounting(false), entitiesCmd(a.st, labelReq{}))
	}
	if changed {
		cmds = append(cmds, a.openCurrent(false))
	}
	return tea.Batch(cmds...)
}

// openCurrent loads the document under the list cursor (again, when
// force is set).
func (a *App) openCurrent(force bool) tea.Cmd {
	d, ok := a.list.Current()
	if !ok {
		return nil
	}
	if !force && (a.opening == d.ID || a.opening == "" && a.cur != nil && a.cur.Doc.ID == d.ID) {
		return nil
	}
	return a.openID(d.ID)
}

// openID opens document id.
func (a *App) openID(id string) tea.Cmd {
	a.docGen++
	a.opening = id
	return busyCmd(a.opt.Busy, "opening", id, openDocCmd(a.st, id, a.docGen))
}

// busyCmd returns cmd telling told (Options.Busy), while it runs, that it
// is doing what to document id.
func busyCmd(told func(string) func(), what, id string, cmd tea.Cmd) tea.Cmd {
	if told == nil || cmd == nil {
		return cmd
	}
	what = fmt.Sprintf("%s document %q", what, id)
	return func() tea.Msg {
		defer told(what)()
		return cmd()
	}
}

// reopen reloads the open document after a change.
func (a *App) reopen() tea.Cmd {
	if a.opening != "" {
		// another document is on its way: ask for it again (read after
		// the change), not for the one it replaces, or j is undone
		return a.openID(a.opening)
	}
	if a.cur == nil {
		return nil
	}
	// space's keys wait for the next document, not this one
	a.reopening = !a.waiting.seeking
	return a.openID(a.cur.Doc.ID)
}

func (a *App) docLoaded(msg docMsg) tea.Cmd {
	if msg.gen != a.docGen {
		return nil // an older request
	}
	a.reopening = false
	if msg.err != nil {
		// nothing is on its way any more: keys act on the document shown
		a.opening = ""
		a.waiting.clear()
		a.status.fail(errText(msg.err))
		return nil
	}
	d := msg.doc
	a.opening = ""
	if a.relFrom != nil && (a.cur == nil || a.cur.Doc.ID != d.Doc.ID) {
		a.relFrom = nil // a relation links entities of one document
	}
	a.cur = &d
	a.curKey = annsKey(&d)
	var layout tea.Cmd
	if a.scan.Doc() != d.Doc.ID {
		a.scan.Open(d.Doc.ID)
		layout = layoutCmd(a.st, d.Doc.ID)
	}
	a.reader.KeepWantOnly(d.Doc.ID) // another document may have opened meanwhile
	a.reader.SetTitle(list.Title(&d.Doc))
	if n, ok := a.list.Suggestions(d.Doc.ID); ok {
		d.Doc.Counts.Suggestions = n
	}
	cmds := []tea.Cmd{layout}
	if a.rawFor != suggKey(&d) {
		a.raw, a.rawFor, a.rawKey = nil, "", ""
	}
	if a.extFor != d.Doc.ID+"\x00"+d.Doc.Hash {
		a.ext, a.extFor = nil, ""
		cmds = append(cmds, extSuggestCmd(a.opt.Suggester, d))
	}
	cmds = append(cmds, a.refreshSuggestions())
	// the keys typed for it while it was on its way wait for its view
	cmds = append(cmds, a.buildView())
	if !a.reader.Shows(d.Doc.ID) && len(d.Text) > 2*previewBytes {
		// a long document just opened: its first screens show while
		// the whole is laid out
		cmds = append(cmds, busyCmd(a.opt.Busy, "laying out", d.Doc.ID, previewCmd(viewRequest(a.cur, a.open, &a.reader, a.scan.ConfSpans(d.Doc.ID)), a.reader.Gen())))
	}
	return tea.Batch(cmds...)
}

// previewBytes is how much of a long document's text the preview lays
// out: some hundred lines, many screens.
const previewBytes = 32 << 10

// suggKey names a document's text: its suggestions are asked for again
// when it changes.
func suggKey(d *store.Document) string { return d.Doc.ID + "\x00" + d.Doc.Hash }

// annsKey names a document's text and annotations: the suggester leaves
// out what they deal with (a labelled entity, a rejected suggestion), so
// its suggestions are asked for again when they change (an undo brings a
// label's suggestion back), while those shown stay until the new ones
// come.
func annsKey(d *store.Document) string {
	h := fnv.New64a()
	for _, x := range d.Anns {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s\x00%s\x00%s\x00%s\x00%t\x00", x.ID, x.Kind, x.Start, x.End,
			x.Label, x.Value, x.Class, x.Canonical, x.Stale)
	}
	return suggKey(d) + "\x00" + strconv.FormatUint(h.Sum64(), 16)
}

// wantSuggestions reports whether the app asks sg for the suggestions of
// the document version named key (annsKey) now: not when they came
// (have) or are on their way (asked), nor while sg is a LazySuggester
// that has not started and the list has the keyboard (browsing and
// filtering the list never start its preparation).
func wantSuggestions(sg Suggester, focus pane, key, have, asked string) bool {
	if sg == nil || have == key || asked == key {
		return false
	}
	l, ok := sg.(LazySuggester)
	return !ok || l.Started() || focus != paneList
}

// pendingNote is what the panel says in place of the suggestions of the
// document named key (suggKey) while none for its text have come: that
// they are on their way (asked), or when they will be ("" once they
// came). open is the list's key that opens the document in the reader.
func pendingNote(sg Suggester, key, rawFor string, asked bool, open string) string {
	switch {
	case sg == nil || rawFor == key:
		return ""
	case !asked:
		return "not prepared yet: " + open + " opens the document and prepares them"
	}
	if l, ok := sg.(LazySuggester); ok && !l.Ready() {
		if p, ok := sg.(PreparingSuggester); ok {
			if what := p.Preparing(); what != "" {
				return preparingSays + what + "…"
			}
		}
		return "preparing suggestions (the dictionaries and the corpus lexicon)…"
	}
	return "finding suggestions…"
}

// refreshSuggestions drops the suggestions the annotations already deal
// with (fixed, labelled or rejected) and shows the rest, after asking
// for the open document's own if they are wanted (wantSuggestions): it
// returns that command.
func (a *App) refreshSuggestions() tea.Cmd {
	if a.cur == nil {
		return nil
	}
	var ask tea.Cmd
	if wantSuggestions(a.opt.Suggester, a.focus, a.curKey, a.rawKey, a.asked) {
		a.asked = a.curKey
		ask = suggestCmd(a.opt.Suggester, *a.cur, a.curKey)
	}
	a.open = suggest.Open(external.Merge(a.raw, a.ext), a.cur.Anns)
	if a.rawFor != "" {
		a.list.SetSuggestions(a.cur.Doc.ID, len(a.open))
	}
	note := pendingNote(a.opt.Suggester, suggKey(a.cur), a.rawFor, a.asked == a.curKey, a.keys.List.Open.Help().Key)
	a.panel.SetPending(note)
	a.panel.Set(a.cur, a.open)
	if a.ticking || !strings.HasPrefix(note, preparingSays) {
		return ask
	}
	// the note says what the preparation does: it follows it
	a.ticking = true
	return tea.Batch(ask, tea.Tick(preparingEvery, func(time.Time) tea.Msg { return preparingMsg{} }))
}

// preparingEvery is how often the panel's note follows what the
// suggester's preparation says (PreparingSuggester).
const preparingEvery = 500 * time.Millisecond

// preparingSays begins the panel's note while the suggester's
// preparation says what it does.
const preparingSays = "preparing suggestions: "

// buildView asks for a new reader layout of the open document.
func (a *App) buildView() tea.Cmd {
	if a.cur == nil {
		return nil
	}
	gen := a.reader.NextGen()
	req := viewRequest(a.cur, a.open, &a.reader, a.scan.ConfSpans(a.cur.Doc.ID))
	return busyCmd(a.opt.Busy, "laying out", req.ID, func() tea.Msg { return viewMsg{gen: gen, v: docview.Build(req)} })
}

// viewRequest is what the reader's layout of document d needs: its open
// suggestions, the reader's mode and width, the OCR's confidences.
func viewRequest(d *store.Document, open []suggest.Suggestion, r *reader.Model, conf []docview.ConfSpan) docview.Request {
	return docview.Request{ID: d.Doc.ID, Hash: d.Doc.Hash, Text: d.Text,
		Anns: append([]annot.Annotation(nil), d.Anns...), Suggs: open,
		Mode: r.Mode(), Width: r.TextWidth(), Conf: conf}
}

// previewCmd lays out the beginning of the document of req for the
// layout of generation gen: drawn until that one comes.
func previewCmd(req docview.Request, gen int) tea.Cmd {
	req.Limit = previewBytes
	return func() tea.Msg { return viewMsg{gen: gen, v: docview.Build(req)} }
}

// keyMode is what the keyboard is doing, as the status line names it.
type keyMode int

// The modes of the keyboard.
const (
	modeRead keyMode = iota
	modeVisual
	modeList
	modePanel
	modeFilter
	modeInput
	modeHelp
	modeEntities
	modeRelate
	modeDashboard
)

// String is the mode's name in the status line.
func (m keyMode) String() string {
	switch m {
	case modeRead:
		return "READ"
	case modeVisual:
		return "VISUAL"
	case modeList:
		return "LIST"
	case modePanel:
		return "PANEL"
	case modeFilter:
		return "FILTER"
	case modeInput:
		return "INPUT"
	case modeHelp:
		return "HELP"
	case modeEntities:
		return "ENTITIES"
	case modeRelate:
		return "RELATE"
	case modeDashboard:
		return "DASHBOARD"
	}
	return "mode(" + itoa(int(m)) + ")"
}

// mode is what the keyboard is doing now.
func (a *App) mode() keyMode {
	switch {
	case a.overlay != nil:
		switch a.overlay.(type) {
		case *overlay.Help:
			return modeHelp
		case *overlay.Entities:
			return modeEntities
		case *dashboard.Model:
			return modeDashboard
		}
		return modeInput
	case a.list.Filtering():
		return modeFilter
	case a.focus == paneList:
		return modeList
	case a.focus == panePanel:
		return modePanel
	case a.relFrom != nil:
		return modeRelate
	case a.reader.Selecting():
		return modeVisual
	}
	return modeRead
}

// key handles a key press; replayed says it is a key held for the
// document shown now (viewMsg), which is never held again.
func (a *App) key(msg tea.KeyMsg, replayed bool) tea.Cmd {
	g := a.keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return tea.Quit
	}
	a.status.clear()
	if a.overlay != nil {
		done, res := a.overlay.Update(msg)
		if done {
			a.overlay, a.under = a.under, nil
		}
		if res != nil {
			_, cmd := a.Update(res)
			return cmd
		}
		return nil
	}
	if a.search.running() && key.Matches(msg, a.keys.Dialog.Cancel) {
		// at once, not held for a document on its way
		a.status.set("gave up looking for " + quoteShort(a.search.stop(), 30))
		return nil
	}
	if a.list.Filtering() {
		changed, cmd := a.list.Update(msg)
		if e := a.list.FilterErr(); e != "" {
			// a typo while typing: say so at once, the list stays as it was
			a.status.fail("filter: " + e)
		}
		if changed {
			return tea.Batch(cmd, a.openCurrent(false))
		}
		return cmd
	}
	// a document is on its way from the store until the reader shows
	// it, and the open one is on its way again while a write is saving
	// (its answer reads it back): a keeps its cursor, a second a would
	// act on the suggestion the first one saved
	opening, shown := a.opening, ""
	if a.cur != nil && a.reader.Shows(a.cur.Doc.ID) && !a.reopening && !a.act.Saving() {
		shown = a.cur.Doc.ID
	} else if a.cur != nil && opening == "" && !a.waiting.seeking {
		opening = a.cur.Doc.ID
	}
	if a.waiting.seeking && opening == "" {
		opening = nextDoc // space is looking for the next document
	}
	toPane := a.focus != paneList && !isGlobal(msg, g)
	if !replayed && a.waiting.hold(msg, g, toPane, opening, shown) {
		return nil
	}
	switch {
	case key.Matches(msg, g.Quit):
		return tea.Quit
	case key.Matches(msg, g.Help):
		return a.intent(overlay.HelpMsg{})
	case key.Matches(msg, g.NextPane):
		a.setFocus(a.focus + 1)
		return nil
	case key.Matches(msg, g.PrevPane):
		a.setFocus(a.focus - 1)
		return nil
	case key.Matches(msg, g.Pane1):
		a.setFocus(paneList)
		return nil
	case key.Matches(msg, g.Pane2):
		a.setFocus(paneReader)
		return nil
	case key.Matches(msg, g.Pane3):
		a.setFocus(panePanel)
		return nil
	case key.Matches(msg, g.Undo):
		return a.act.Undo(false)
	case key.Matches(msg, g.Redo):
		return a.act.Undo(true)
	case key.Matches(msg, g.Tag):
		return a.askTag()
	case key.Matches(msg, g.Untag):
		return a.askUntag()
	case key.Matches(msg, g.Status):
		return a.askStatus()
	case key.Matches(msg, g.DoneNext):
		return a.doneNext()
	case key.Matches(msg, g.Note):
		return a.askNote()
	case key.Matches(msg, g.Entities):
		return a.openEntities()
	case key.Matches(msg, g.Dashboard):
		return a.openDashboard()
	case key.Matches(msg, g.Versions):
		return a.openVersions()
	}
	switch a.focus {
	case paneList:
		return a.listKey(msg)
	case paneReader:
		return a.readerKey(msg)
	default:
		return a.panelKey(msg)
	}
}

func (a *App) listKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, a.keys.List.FilterMenu) {
		a.overlay = filterMenu(a.styles, a.keys)
		return nil
	}
	if key.Matches(msg, a.keys.List.Open) {
		a.setFocus(paneReader)
		return a.openCurrent(false)
	}
	changed, cmd := a.list.Update(msg)
	if changed {
		return tea.Batch(cmd, a.openCurrent(false))
	}
	return cmd
}

func (a *App) readerKey(msg tea.KeyMsg) tea.Cmd {
	if a.relFrom != nil && key.Matches(msg, a.keys.Reader.Cancel) {
		a.relFrom = nil
		a.status.set("relation cancelled")
		return nil
	}
	k := a.keys.Reader
	if a.opt.Suggester != nil && a.cur != nil && len(a.open) == 0 && a.rawFor != suggKey(a.cur) &&
		key.Matches(msg, k.NextSugg, k.PrevSugg, k.Accept, k.Pick, k.Reject, k.All) {
		// not "no suggestion": they have not come yet
		a.status.set("the suggestions are being prepared: " + k.NextSugg.Help().Key + " once the panel lists them")
		return nil
	}
	if a.reader.Update(msg) {
		a.followSuggestion()
		return nil
	}
	switch {
	case key.Matches(msg, k.Search):
		in := newLineInput(a.styles, "/")
		in.Placeholder = "search the document"
		p := newPrompt(a.styles, a.keys, "Search", in, "", func(q string) tea.Msg { return searchMsg{q: q} })
		p.AsBar = true
		a.overlay = p
	case key.Matches(msg, k.Scan):
		a.scan.Toggle()
		if a.scan.Shown() {
			a.status.set("page image: " + a.scan.Protocol().String())
		}
		a.relayout()
	case key.Matches(msg, k.View):
		a.reader.SetMode((a.reader.Mode() + 1) % 3)
		a.status.set("view: " + a.reader.Mode().String())
		return a.buildView()
	case key.Matches(msg, k.Label):
		return a.askLabel()
	case key.Matches(msg, k.Correct):
		return a.askCorrection()
	case key.Matches(msg, k.MarkError):
		if sp, ok := a.target(); ok {
			return a.act.Mark(a.cur.Doc.ID, sp, a.storedText(sp))
		}
	case key.Matches(msg, k.Boilerplate):
		return a.cutBoilerplate()
	case key.Matches(msg, k.Delete):
		return a.deleteUnderCursor()
	case key.Matches(msg, k.Relate):
		return a.relate()
	case key.Matches(msg, k.Accept):
		return a.decide(0)
	case key.Matches(msg, k.Pick):
		return a.decide(int(msg.Runes[0] - '1'))
	case key.Matches(msg, k.Reject):
		return a.decide(-1)
	case key.Matches(msg, k.LabelAll):
		return a.labelOccurrences(false)
	case key.Matches(msg, k.All):
		if s, ok := a.reader.CurrentSugg(); ok {
			ctx, cancel := context.WithCancel(context.Background())
			cmd, err := a.act.Everywhere(ctx, a.search.next(), s)
			if err != nil {
				cancel()
				a.refused(err)
				return nil
			}
			a.search.start(s.Text, cancel)
			a.status.clear() // room for the search's note
			return cmd
		}
		if _, ok := a.entityUnderCursor(); ok {
			return a.labelOccurrences(true)
		}
		a.status.fail("no suggestion or entity under the cursor (] jumps to the next suggestion)")
	}
	return nil
}

func (a *App) panelKey(msg tea.KeyMsg) tea.Cmd {
	if a.panel.Update(msg) {
		return nil
	}
	it, ok := a.panel.Current()
	switch {
	case key.Matches(msg, a.keys.Panel.Jump):
		if ok && it.HasSpan {
			a.reader.SelectSpan(it.Span)
			a.setFocus(paneReader)
		}
	case key.Matches(msg, a.keys.Panel.Delete):
		if !ok {
			return nil
		}
		if it.Sugg >= 0 && it.Sugg < len(a.open) {
			return a.act.Reject(a.cur.Doc.ID, a.open[it.Sugg], nil)
		}
		if it.Ann != nil {
			return a.deleteAnn(*it.Ann)
		}
	case key.Matches(msg, a.keys.Panel.Accept):
		if ok && it.Sugg >= 0 && it.Sugg < len(a.open) {
			return a.accept(a.open[it.Sugg], 0, nil)
		}
	}
	return nil
}

// followSuggestion moves the panel to the suggestion under the reader's
// cursor, so that its candidates and reason show.
func (a *App) followSuggestion() {
	s, ok := a.reader.CurrentSugg()
	if !ok {
		return
	}
	for i, o := range a.open {
		if o.Start == s.Start && o.End == s.End && o.Kind == s.Kind {
			a.panel.SelectSugg(i)
			return
		}
	}
}

// mouse selects documents and scrolls the pane under the pointer.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	under := pane(-1)
	for p, r := range a.geo.panes {
		if r.contains(msg.X, msg.Y) {
			under = pane(p)
		}
	}
	if under < 0 || a.overlay != nil {
		return nil
	}
	r := a.geo.panes[under]
	if under == paneReader {
		r = a.readerRect()
	}
	switch {
	case msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown:
		n := 3
		if msg.Button == tea.MouseButtonWheelUp {
			n = -3
		}
		switch under {
		case paneList:
			changed, cmd := a.list.Scroll(n)
			if changed {
				return tea.Batch(cmd, a.openCurrent(false))
			}
			return cmd
		case paneReader:
			a.reader.Scroll(n)
		case panePanel:
			a.panel.Scroll(n)
		}
	case msg.Action == tea.MouseActionMotion && msg.Button == tea.MouseButtonLeft && under == paneReader && a.focus == paneReader:
		// a drag in the reader selects
		if p, ok := a.reader.PosAt(msg.X-r.x, msg.Y-r.y); ok {
			a.reader.Drag(p)
		}
	case msg.Action == tea.MouseActionRelease:
		a.reader.EndDrag()
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft:
		if a.focus != under {
			a.setFocus(under)
			r = a.geo.panes[under]
			if under == paneReader {
				r = a.readerRect()
			}
		}
		y := msg.Y - r.y
		switch under {
		case paneList:
			changed, cmd := a.list.Click(y)
			if changed {
				return tea.Batch(cmd, a.openCurrent(false))
			}
			return cmd
		case paneReader:
			if p, ok := a.reader.PosAt(msg.X-r.x, y); ok {
				a.reader.Click(p)
				a.followSuggestion()
			}
		case panePanel:
			a.panel.Click(y)
		}
	}
	return nil
}

// View draws the whole screen: exactly h lines of exactly w cells.
func (a *App) View() string {
	if a.w <= 0 || a.h <= 0 {
		return ""
	}
	screen := make([]string, 0, a.h)
	g := a.geo
	var lines [paneCount][]string
	for p := range paneCount {
		if g.panes[p].w > 0 && g.panes[p].h > 0 {
			lines[p] = a.paneView(p)
		}
	}
	sep := a.styles.Separator.Render("│")
	// the lines joined from panes side by side are the screen's width
	// already (paneView fits each pane's line to its width, and the
	// widths and separators add up to the screen's): measuring them
	// again cost a third of a View
	fitted, sepW := 0, docview.Width(sep)
	switch g.kind {
	case layoutWide:
		for y := 0; y < g.body; y++ {
			screen = append(screen, lines[paneList][y]+sep+lines[paneReader][y]+sep+lines[panePanel][y])
		}
		if g.panes[paneList].w+g.panes[paneReader].w+g.panes[panePanel].w+2*sepW == a.w {
			fitted = len(screen)
		}
	case layoutStacked:
		right := append(append([]string(nil), lines[paneReader]...), lines[panePanel]...)
		for y := 0; y < g.body; y++ {
			screen = append(screen, lines[paneList][y]+sep+right[y])
		}
		if g.panes[paneList].w+g.panes[paneReader].w+sepW == a.w && g.panes[paneReader].w == g.panes[panePanel].w {
			fitted = len(screen)
		}
	default:
		if g.tabs {
			screen = append(screen, a.tabBar())
		}
		screen = append(screen, lines[a.focus]...)
	}
	for len(screen) < g.body {
		screen = append(screen, strings.Repeat(" ", a.w))
	}
	if g.statusRow >= 0 {
		screen = append(screen, a.statusView())
	}
	if g.helpRow >= 0 {
		screen = append(screen, a.helpView())
	}
	if a.overlay != nil {
		// a box keeps above the status line (a bar is drawn on the last)
		room := screen
		if !a.overlay.Bar() && g.body > 0 {
			room = screen[:g.body]
		}
		overlay.Show(a.styles, a.overlay, room, a.w, len(room))
		fitted = 0
	}
	for i := fitted; i < len(screen); i++ {
		screen[i] = fit(screen[i], a.w)
	}
	return strings.Join(screen[:a.h], "\n")
}

func (a *App) paneView(p pane) []string {
	focused := p == a.focus
	var out []string
	switch p {
	case paneList:
		out = a.list.View(focused)
	case paneReader:
		out = append(a.scan.View(), a.reader.View(focused)...)
		if pre := a.scan.Prefix(); pre != "" && len(out) > 0 {
			out[0] = pre + out[0]
		}
	default:
		out = a.panel.View(focused)
	}
	r := a.geo.panes[p]
	// panes are sized in relayout; guard against a mismatch all the same
	for i := range out {
		out[i] = fit(out[i], r.w)
	}
	for len(out) < r.h {
		out = append(out, strings.Repeat(" ", r.w))
	}
	return out[:r.h]
}

func (a *App) tabBar() string {
	var b strings.Builder
	for p := range paneCount {
		n := p.String()
		if p > 0 {
			b.WriteString(a.styles.Separator.Render(" │ "))
		}
		if p == a.focus {
			b.WriteString(a.styles.PaneTitleFocused.Render(n))
		} else {
			b.WriteString(a.styles.PaneTitle.Render(n))
		}
	}
	return fit(b.String(), a.w)
}

func (a *App) statusView() string {
	pos, shown, done, all := a.list.Counts()
	return a.status.View(a.w, statusInfo{
		path:  a.path,
		pos:   pos,
		total: shown,
		done:  done,
		all:   all,
		mode:  a.mode(),
		busy:  strings.TrimSpace(a.search.note() + "  " + a.counter.progress()),
	})
}

func (a *App) helpView() string {
	var ks []key.Binding
	sh, hasShort := a.overlay.(overlay.Helper)
	switch {
	case hasShort:
		ks = sh.ShortHelp()
	case a.overlay != nil || a.list.Filtering():
		ks = a.keys.Dialog.ShortHelp()
	case a.focus == paneList:
		ks = a.keys.List.ShortHelp()
	case a.focus == paneReader:
		ks = a.keys.Reader.ShortHelp()
	default:
		ks = a.keys.Panel.ShortHelp()
	}
	if a.overlay == nil && !a.list.Filtering() {
		if a.search.running() {
			ks = append([]key.Binding{giveUpKey(a.keys.Dialog.Cancel)}, ks...)
		}
		ks = append(ks, a.keys.Global.ShortHelp()...)
	}
	a.help.Width = a.w
	return fit(a.help.ShortHelpView(ks), a.w)
}
