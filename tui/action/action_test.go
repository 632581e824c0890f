package action

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/store"
	"folio/suggest"
)

// fakeStore records the writes asked of it.
type fakeStore struct {
	what    string
	ops     []store.Op
	err     error
	renamed []string
	docs    []string
	changes []store.Change // what Undo and Redo report they changed
}

func (f *fakeStore) Do(what string, ops ...store.Op) (store.Action, error) {
	f.what, f.ops = what, ops
	return store.Action{What: what}, f.err
}
func (f *fakeStore) Undo() (store.Action, error) {
	return store.Action{What: "undone", Changes: f.changes}, f.err
}
func (f *fakeStore) Redo() (store.Action, error) {
	return store.Action{What: "redone", Changes: f.changes}, f.err
}
func (f *fakeStore) Document(id string) (store.Document, error) {
	return store.Document{}, errors.New("no documents here")
}
func (f *fakeStore) FindWord(string) (map[string][]annot.Span, error) { return nil, nil }
func (f *fakeStore) EntityDocs(label, name string) ([]string, error)  { return f.docs, nil }
func (f *fakeStore) RenameEntity(label, from, name string) error {
	f.renamed = append(f.renamed, label+":"+from+"→"+name)
	return f.err
}
func (f *fakeStore) SaveEntity(store.Entity) error         { return f.err }
func (f *fakeStore) DeleteEntity(label, name string) error { return f.err }

// learner records the fixes it is told.
type learner struct{ got []string }

func (l *learner) Learn(from, to string) { l.got = append(l.got, from+"→"+to) }

// run runs a command and the commands it batches, and returns the
// DoneMsg among their messages.
func run(t *testing.T, cmd tea.Cmd) DoneMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	switch m := cmd().(type) {
	case DoneMsg:
		return m
	default:
		t.Fatalf("message %T, want DoneMsg", m)
	}
	return DoneMsg{}
}

// TestActions: each action writes what it says, stamped with the author,
// as one Do with the ops the store needs (the annotation it replaces as
// the app read it, for a correction over an earlier one).
func TestActions(t *testing.T) {
	sp := annot.Span{Start: 4, End: 8}
	old := annot.Annotation{ID: "c1", Kind: annot.KindCorrection, Start: 4, End: 6, Value: "x"}
	other := annot.Annotation{ID: "c2", Kind: annot.KindCorrection, Start: 6, End: 8, Value: "y"}
	sugg := suggest.Suggestion{Kind: suggest.KindOCR, Start: 4, End: 8, Text: "Kdln", Candidates: []suggest.Candidate{{Text: "Köln"}}}
	tests := []struct {
		name  string
		cmd   func(x Actions) tea.Cmd
		what  string
		ops   int
		check func(t *testing.T, ops []store.Op)
	}{
		{"label", func(x Actions) tea.Cmd { return x.Label("d", sp, "Köln", "LOC", "Köln") }, "label “Köln” LOC", 1,
			func(t *testing.T, ops []store.Op) {
				if p := ops[0].Put; p.Kind != annot.KindEntity || p.Label != "LOC" || p.Canonical != "Köln" || p.Span() != sp || p.Author != "ann" {
					t.Errorf("put %+v", p)
				}
			}},
		{"correct over two fixes", func(x Actions) tea.Cmd {
			return x.Correct(Correction{Doc: "d", ID: "c1", Class: annot.ClassOCR, Value: "Köln", Span: sp, From: "Kdln", Del: []string{"c2"}, Read: []annot.Annotation{old, other}})
		}, "correct “Kdln” → “Köln”", 2, func(t *testing.T, ops []store.Op) {
			if ops[0].Delete != "c2" || ops[0].Was == nil || ops[0].Was.Value != "y" {
				t.Errorf("delete op %+v", ops[0])
			}
			if p := ops[1].Put; p.ID != "c1" || p.Value != "Köln" || ops[1].Was == nil || ops[1].Was.Value != "x" {
				t.Errorf("put op %+v was %+v", p, ops[1].Was)
			}
		}},
		{"cut", func(x Actions) tea.Cmd {
			return x.Correct(Correction{Doc: "d", Class: annot.ClassBoilerplate, Span: sp, From: "Kdln"})
		}, "cut “Kdln” as boilerplate", 1, func(t *testing.T, ops []store.Op) {
			if ops[0].Was != nil || ops[0].Put.Class != annot.ClassBoilerplate {
				t.Errorf("op %+v", ops[0])
			}
		}},
		{"mark", func(x Actions) tea.Cmd { return x.Mark("d", sp, "Kdln") }, "mark “Kdln”", 1, nil},
		{"delete a tag", func(x Actions) tea.Cmd {
			return x.Delete("d", annot.Annotation{ID: annot.TagID("a"), Kind: annot.KindTag, Label: "a"}, "", nil)
		}, "untag #a", 1, nil},
		{"delete a fix", func(x Actions) tea.Cmd { return x.Delete("d", old, "Kd", []annot.Annotation{old}) }, "delete correction “Kd”", 1,
			func(t *testing.T, ops []store.Op) {
				if ops[0].Delete != "c1" || ops[0].Was == nil {
					t.Errorf("op %+v", ops[0])
				}
			}},
		{"delete an entity and its relations", func(x Actions) tea.Cmd {
			ent := annot.Annotation{ID: "e1", Kind: annot.KindEntity, Start: 0, End: 2, Label: "PER"}
			read := []annot.Annotation{ent, {ID: "e2", Kind: annot.KindEntity, Start: 3, End: 4, Label: "LOC"},
				{ID: "r1", Kind: annot.KindRelation, From: "e1", To: "e2", Label: "lives_in"},
				{ID: "r2", Kind: annot.KindRelation, From: "e2", To: "e1", Label: "home_of"}}
			return x.Delete("d", ent, "Kd", read)
		}, "delete entity “Kd” and its 2 relations", 1, nil},
		{"tag", func(x Actions) tea.Cmd { return x.Tag("d", "a") }, "tag #a", 1, nil},
		{"untag", func(x Actions) tea.Cmd { return x.Untag("d", "a") }, "untag #a", 1, nil},
		{"status", func(x Actions) tea.Cmd { return x.SetStatus("d", "done", nil) }, "status done", 1, nil},
		{"relate", func(x Actions) tea.Cmd { return x.Relate("d", "e1", "e2", "works_for", "relate it") }, "relate it", 1,
			func(t *testing.T, ops []store.Op) {
				if p := ops[0].Put; p.From != "e1" || p.To != "e2" || p.Kind != annot.KindRelation {
					t.Errorf("put %+v", p)
				}
			}},
		{"reject", func(x Actions) tea.Cmd { return x.Reject("d", sugg, nil) }, "reject “Kdln”", 1,
			func(t *testing.T, ops []store.Op) {
				if p := ops[0].Put; p.Kind != annot.KindRejected || p.Value != "Kdln" || p.Label != string(suggest.KindOCR) {
					t.Errorf("put %+v", p)
				}
			}},
		{"accept", func(x Actions) tea.Cmd { c, _ := x.Accept("d", sugg, 0, nil); return c }, "correct “Kdln” → “Köln”", 1,
			func(t *testing.T, ops []store.Op) {
				if p := ops[0].Put; p.Origin != annot.OriginSuggestion || p.Class != string(suggest.KindOCR) {
					t.Errorf("put %+v", p)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &fakeStore{}
			m := run(t, tc.cmd(New(st, "ann", nil)))
			if m.Err != nil || m.Kind != KindDo || m.What != tc.what || st.what != tc.what {
				t.Fatalf("done %+v (store saw %q), want %q", m, st.what, tc.what)
			}
			if len(st.ops) != tc.ops {
				t.Fatalf("%d ops, want %d: %+v", len(st.ops), tc.ops, st.ops)
			}
			for _, op := range st.ops {
				if op.Doc != "d" {
					t.Errorf("op on %q", op.Doc)
				}
				if op.Put != nil && op.Put.Author != "ann" {
					t.Errorf("put not stamped: %+v", op.Put)
				}
			}
			if tc.check != nil {
				tc.check(t, st.ops)
			}
		})
	}
}

// TestRefusedBeforeTheStore: what cannot be saved is refused with an
// error and no command, and nothing reaches the store.
func TestRefusedBeforeTheStore(t *testing.T) {
	st := &fakeStore{}
	x := New(st, "", nil)
	none := suggest.Suggestion{Text: "Kdln"}
	two := suggest.Suggestion{Text: "Kdln", Candidates: []suggest.Candidate{{Text: "Köln"}, {Text: "Kiln"}}}
	if c, err := x.Accept("d", none, 0, nil); c != nil || !errors.Is(err, ErrNoCandidates) {
		t.Errorf("accept without candidates: %v", err)
	}
	if c, err := x.Accept("d", two, 2, nil); c != nil || err == nil || !strings.Contains(err.Error(), "2 candidates") {
		t.Errorf("accept candidate 3 of 2: %v", err)
	}
	if c, err := x.Everywhere(context.Background(), 1, none); c != nil || !errors.Is(err, ErrNoCandidates) {
		t.Errorf("everywhere without candidates: %v", err)
	}
	if c, err := x.Note("d", nil, "  \n "); c != nil || !errors.Is(err, ErrEmptyNote) {
		t.Errorf("empty note: %v", err)
	}
	if c, err := x.ApplyDirect(PlanMsg{What: "label", Skipped: 3}); c != nil || !errors.Is(err, ErrNoOther) || !strings.Contains(err.Error(), "3 labelled") {
		t.Errorf("empty plan: %v", err)
	}
	if st.what != "" {
		t.Errorf("the store was asked %q", st.what)
	}
	if c := x.Curate("d", "rev-a", nil); c != nil {
		t.Error("a store without reviewers' versions curates")
	}
}

// TestLearnAndThen: an accepted fix teaches the learner after the save,
// and the command after it runs; a label teaches nothing.
func TestLearnAndThen(t *testing.T) {
	st, l := &fakeStore{}, &learner{}
	x := New(st, "", l)
	fix := suggest.Suggestion{Kind: suggest.KindOCR, Text: "Kdln", Candidates: []suggest.Candidate{{Text: "Köln"}}}
	type thenMsg struct{}
	c, err := x.Accept("d", fix, 0, func() tea.Msg { return thenMsg{} })
	if err != nil {
		t.Fatal(err)
	}
	m := run(t, c)
	if m.Then == nil {
		t.Fatal("no command after the save")
	}
	batch, ok := m.Then().(tea.BatchMsg)
	if !ok {
		t.Fatalf("then is %T, want the learning and the next step", m.Then())
	}
	var then bool
	for _, c := range batch {
		if c != nil {
			_, is := c().(thenMsg)
			then = then || is
		}
	}
	if !then || len(l.got) != 1 || l.got[0] != "Kdln→Köln" {
		t.Fatalf("then %v, learned %v", then, l.got)
	}
	if x.Learn("a", "a") != nil || x.Learn("", "b") != nil {
		t.Error("a no-op fix is taught")
	}
	note, err := x.Note("d", &annot.Span{Start: 1, End: 2}, "  sieh Kopie ")
	if err != nil {
		t.Fatal(err)
	}
	run(t, note)
	if p := st.ops[0].Put; p.Value != "sieh Kopie" || p.Start != 1 || p.End != 2 || st.what != "note “sieh Kopie”" {
		t.Errorf("note %+v named %q", p, st.what)
	}
}

// relearner counts the times it is asked to read the fixes again.
type relearner struct {
	learner
	n   int
	err error
}

func (r *relearner) Relearn() error { r.n++; return r.err }

// TestUndoRelearns: an undo or a redo that changed the confirmed fixes
// has the learner read them again before it reports (so the suggestions
// asked for after it no longer count a fix taken back); one that did not,
// or failed, does not; a failed reading is a warning beside the undo.
func TestUndoRelearns(t *testing.T) {
	fix := store.Change{Bucket: "lexicon", Key: "fur\x00fürs"}
	ann := store.Change{Bucket: "ann", Doc: "d", Key: "c1"}
	for _, tc := range []struct {
		name     string
		changes  []store.Change
		storeErr error
		readErr  error
		redo     bool
		want     int
		warn     bool
	}{
		{name: "a correction undone", changes: []store.Change{ann, fix}, want: 1},
		{name: "a correction redone", changes: []store.Change{ann, fix}, redo: true, want: 1},
		{name: "a tag undone", changes: []store.Change{ann}, want: 0},
		{name: "the undo failed", changes: []store.Change{ann, fix}, storeErr: errors.New("locked"), want: 0},
		{name: "the fixes unreadable", changes: []store.Change{fix}, readErr: errors.New("closed"), want: 1, warn: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, l := &fakeStore{changes: tc.changes, err: tc.storeErr}, &relearner{err: tc.readErr}
			m := run(t, New(st, "", l).Undo(tc.redo))
			if l.n != tc.want {
				t.Errorf("relearned %d times, want %d", l.n, tc.want)
			}
			if (m.Warn != "") != tc.warn || tc.warn && !strings.Contains(m.Warn, "closed") {
				t.Errorf("warning %q", m.Warn)
			}
		})
	}
}

// TestUndoRegistryAndKept: undo and redo report their kind; a registry
// change names the documents it rewrote; a preview's kept places are
// saved, named with their count.
func TestUndoRegistryAndKept(t *testing.T) {
	st := &fakeStore{docs: []string{"a", "b"}}
	x := New(st, "", nil)
	if m := run(t, x.Undo(false)); m.Kind != KindUndo || m.What != "undone" {
		t.Errorf("undo %+v", m)
	}
	if m := run(t, x.Undo(true)); m.Kind != KindRedo || m.What != "redone" {
		t.Errorf("redo %+v", m)
	}
	m := run(t, x.RenameEntity("rename", "PER", "Ute", "Ute Berg"))
	if got := ChangedDocs(m.Act); len(got) != 2 || got[0] != "a" || len(st.renamed) != 1 || st.renamed[0] != "PER:Ute→Ute Berg" {
		t.Errorf("rename touched %v, store %v", got, st.renamed)
	}
	st.err = errors.New("locked")
	if m := run(t, x.DeleteEntity("delete", "PER", "Ute")); m.Err == nil {
		t.Error("a failed delete reports no error")
	}
	plan := PlanMsg{What: "fix", Ops: []store.Op{{Doc: "a"}, {Doc: "b"}, {Doc: "c"}}}
	if what, ops := plan.Kept([]bool{true, false, true}); what != "fix (2 places)" || len(ops) != 2 || ops[1].Doc != "c" {
		t.Errorf("kept %q %+v", what, ops)
	}
	if what, ops := plan.Kept([]bool{true, true, true}); what != "fix" || len(ops) != 3 {
		t.Errorf("all kept %q %d", what, len(ops))
	}
}
