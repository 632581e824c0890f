package tui

import (
	"folio/query"
	"slices"
	"sort"
	"strings"
	"testing"

	"folio/annot"
	"folio/store"
	"folio/tui/overlay"
)

// TestEntityFold: the entity view's filter folds names as the query
// language folds free words, and drops the other Latin accents.
func TestEntityFold(t *testing.T) {
	for in, want := range map[string]string{
		"Köln": "koeln", "KOELN": "koeln", "STRAẞE": "strasse", "Straße": "strasse",
		"José": "jose", "Ørsted": "orsted", "François": "francois", "Ute Berg": "ute berg",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if !subsequence(fold("Köln"), fold("koln")) || strings.Contains(fold("Köln"), fold("koln")) {
		t.Error("koln should find Köln as a subsequence only")
	}
}

// labelKoeln labels three mentions of Köln as LOC: two (in documents 000
// and 003) with the canonical name Koeln, one (in 004) with Köln.
func labelKoeln(t *testing.T, st *store.Store) {
	t.Helper()
	found, err := st.FindWord("Köln")
	if err != nil {
		t.Fatal(err)
	}
	put := func(prefix, canonical string) {
		id := seedID(t, prefix)
		sp := found[id][0]
		a := annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: "LOC", Canonical: canonical}
		if _, err := st.Do("label", store.Op{Doc: id, Put: &a}); err != nil {
			t.Fatal(err)
		}
	}
	put("000", "Koeln")
	put("003", "Koeln")
	put("004", "Köln")
}

// registry returns the store's LOC entities by name.
func registry(t *testing.T, st *store.Store) map[string]store.Entity {
	t.Helper()
	es, err := st.Entities()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Entity{}
	for _, e := range es {
		if e.Label == "LOC" {
			out[e.Name] = e
		}
	}
	return out
}

// openEntityView returns the open entity view.
func openEntityView(t *testing.T, a *App) *overlay.Entities {
	t.Helper()
	ev, ok := a.overlay.(*overlay.Entities)
	if !ok {
		t.Fatalf("overlay %T, want the entity view (status %q)", a.overlay, a.status.message())
	}
	return ev
}

// selectEntity moves the entity view to (label, name).
func selectEntity(t *testing.T, a *App, label, name string) {
	t.Helper()
	ev := openEntityView(t, a)
	press(t, a, "g")
	for range ev.Shown() {
		if c, ok := ev.Current(); ok && c.Label == label && c.Name == name {
			return
		}
		press(t, a, "j")
	}
	t.Fatalf("no entity %s %q in the view", label, name)
}

func TestEntityViewMergeUndo(t *testing.T) {
	st := seedStore(t)
	labelKoeln(t, st)
	a := newTestApp(t, st, 120, 40, nil)
	press(t, a, "E")
	ev := openEntityView(t, a)
	if !ev.Loaded() || len(ev.All()) != 2 {
		t.Fatalf("entities %+v", ev.All())
	}
	if a.mode() != modeEntities {
		t.Fatalf("mode %q", a.mode())
	}
	view := a.View()
	for _, want := range []string{"Koeln", "Köln", "2× 2 docs", "1× 1 doc"} {
		if !strings.Contains(view, want) {
			t.Fatalf("view lacks %q:\n%s", want, view)
		}
	}
	// the filter folds as the query language does: koeln finds Koeln
	// and Köln (TestEntityFold)
	press(t, a, "/")
	typeText(t, a, "koeln")
	press(t, a, "enter")
	if ev.Shown() != 2 {
		t.Fatalf("filter koeln shows %d", ev.Shown())
	}
	// rename Koeln to Köln: an existing name, so a merge, confirmed
	press(t, a, "R")
	if ev.Mode() != overlay.EntityRename || ev.InputValue() != "Koeln" {
		t.Fatalf("rename prompt: mode %s, value %q", ev.Mode(), ev.InputValue())
	}
	press(t, a, "ctrl+u")
	typeText(t, a, "Köln")
	if v := a.View(); !strings.Contains(v, "merges “Koeln” into “Köln” (3 mentions)") {
		t.Fatalf("the prompt does not say it merges:\n%s", v)
	}
	press(t, a, "enter")
	if ev.Mode() != overlay.EntityConfirmMerge {
		t.Fatalf("mode %s", ev.Mode())
	}
	if v := a.View(); !strings.Contains(v, "merge “Koeln” into “Köln” (3 mentions)?") {
		t.Fatalf("no merge question:\n%s", v)
	}
	press(t, a, "y")
	reg := registry(t, st)
	if len(reg) != 1 || reg["Köln"].Mentions != 3 || reg["Köln"].Docs != 3 || !slices.Contains(reg["Köln"].Aliases, "Koeln") {
		t.Fatalf("after the merge: %+v (status %q)", reg, a.status.message())
	}
	for _, p := range []string{"000", "003"} {
		if es := annsOf(t, st, seedID(t, p), annot.KindEntity); len(es) != 1 || es[0].Canonical != "Köln" {
			t.Fatalf("%s mentions %+v", p, es)
		}
	}
	if !strings.Contains(a.status.message(), "merge") {
		t.Fatalf("status %q", a.status.message())
	}
	// the view reloaded and followed the entity; the list records too
	if ev = openEntityView(t, a); len(ev.All()) != 1 {
		t.Fatalf("view not reloaded: %+v", ev.All())
	}
	if c, _ := ev.Current(); c.Name != "Köln" || c.Mentions != 3 {
		t.Fatalf("selected %+v", c)
	}
	if d := listDoc(t, a, seedID(t, "000")); !slices.Equal(d.Entities, []string{"Köln"}) {
		t.Fatalf("list record of 000: %v", d.Entities)
	}
	// u in the view undoes the merge as one step, and says so
	press(t, a, "u")
	if msg := a.status.message(); !strings.Contains(msg, "merge LOC “Koeln” into “Köln”") {
		t.Errorf("undo of the merge reports %q", msg)
	}
	reg = registry(t, st)
	if len(reg) != 2 || reg["Koeln"].Mentions != 2 || reg["Köln"].Mentions != 1 {
		t.Fatalf("after undo: %+v", reg)
	}
	if len(ev.All()) != 2 {
		t.Fatalf("view after undo: %+v", ev.All())
	}
	if d := listDoc(t, a, seedID(t, "003")); !slices.Equal(d.Entities, []string{"Koeln"}) {
		t.Fatalf("list record of 003 after undo: %v", d.Entities)
	}
	press(t, a, "ctrl+r")
	if reg = registry(t, st); len(reg) != 1 {
		t.Fatalf("after redo: %+v", reg)
	}
	press(t, a, "u")
	// esc clears the filter, a second esc closes
	press(t, a, "esc")
	if ev.FilterValue() != "" || ev.Shown() != 2 || a.overlay == nil {
		t.Fatalf("esc: filter %q, %d shown", ev.FilterValue(), ev.Shown())
	}
	press(t, a, "esc")
	if a.overlay != nil {
		t.Fatal("esc does not close the entity view")
	}
}

func TestEntityViewRenameIDDocsDelete(t *testing.T) {
	st := seedStore(t)
	labelKoeln(t, st)
	a := newTestApp(t, st, 120, 40, nil)
	press(t, a, "E")
	ev := openEntityView(t, a)

	// a plain rename: no question, every mention follows
	selectEntity(t, a, "LOC", "Köln")
	press(t, a, "R", "ctrl+u")
	typeText(t, a, "Köln am Rhein")
	press(t, a, "enter")
	reg := registry(t, st)
	if _, ok := reg["Köln am Rhein"]; !ok || len(reg) != 2 {
		t.Fatalf("after rename: %+v (status %q)", reg, a.status.message())
	}
	if es := annsOf(t, st, seedID(t, "004"), annot.KindEntity); len(es) != 1 || es[0].Canonical != "Köln am Rhein" {
		t.Fatalf("mention %+v", es)
	}
	if c, _ := ev.Current(); c.Name != "Köln am Rhein" {
		t.Fatalf("selection did not follow the rename: %+v", c)
	}
	press(t, a, "u")
	if reg = registry(t, st); reg["Köln"].Mentions != 1 {
		t.Fatalf("after undo: %+v", reg)
	}

	// external id
	selectEntity(t, a, "LOC", "Köln")
	press(t, a, "I")
	typeText(t, a, "Q365")
	press(t, a, "enter")
	if reg = registry(t, st); reg["Köln"].ExternalID != "Q365" || reg["Köln"].Mentions != 1 {
		t.Fatalf("external id: %+v (status %q)", reg["Köln"], a.status.message())
	}
	if !strings.Contains(a.View(), "Q365") {
		t.Fatal("the view does not show the external id")
	}
	press(t, a, "u")
	if reg = registry(t, st); reg["Köln"].ExternalID != "" {
		t.Fatalf("undo external id: %+v", reg["Köln"])
	}
	press(t, a, "ctrl+r")

	// delete, after a no and a yes
	selectEntity(t, a, "LOC", "Koeln")
	press(t, a, "D")
	if ev.Mode() != overlay.EntityConfirmDelete || !strings.Contains(a.View(), "delete LOC “Koeln” from the registry?") {
		t.Fatalf("no confirmation (mode %s)", ev.Mode())
	}
	press(t, a, "n")
	if _, ok := registry(t, st)["Koeln"]; !ok {
		t.Fatal("n deleted it")
	}
	press(t, a, "D", "y")
	if _, ok := registry(t, st)["Koeln"]; ok {
		t.Fatalf("D y did not delete (status %q)", a.status.message())
	}
	es := annsOf(t, st, seedID(t, "000"), annot.KindEntity)
	if len(es) != 1 || es[0].Label != "LOC" || es[0].Canonical != "" {
		t.Fatalf("the mention lost its label: %+v", es)
	}
	press(t, a, "u")
	if registry(t, st)["Koeln"].Mentions != 2 {
		t.Fatalf("undo delete: %+v", registry(t, st))
	}

	// enter lists the documents that mention it, and closes the view:
	// entity: folds as free words do, so those of Köln come too (one
	// entity under two names, for the editor to merge)
	selectEntity(t, a, "LOC", "Koeln")
	press(t, a, "enter")
	if a.overlay != nil || a.focus != paneList {
		t.Fatalf("overlay %T, focus %d", a.overlay, a.focus)
	}
	if a.list.Filter() != `entity:"Koeln"` {
		t.Fatalf("list filter %q", a.list.Filter())
	}
	want, _ := st.EntityDocs("LOC", "Koeln")
	also, _ := st.EntityDocs("LOC", "Köln")
	want = append(want, also...)
	got := shownIDs(t, a)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) || len(got) != 3 {
		t.Fatalf("list shows %v, want %v", got, want)
	}
	if !strings.Contains(a.View(), `/entity:"Koeln"`) {
		t.Fatal("the list header does not show the filter")
	}
	if d, _ := a.list.Current(); a.cur == nil || a.cur.Doc.ID != d.ID {
		t.Fatal("the document under the cursor is not open")
	}
}

func TestEntityFilterQuoting(t *testing.T) {
	all := []store.Entity{{Label: "LOC", Name: "Berg"}, {Label: "PER", Name: "Berg"}, {Label: "PER", Name: `Ute "die" Berg\`}}
	if got := entityFilter("LOC", "Berg", all); got != `label:"LOC" entity:"Berg"` {
		t.Fatalf("shared name: %s", got)
	}
	folded := []store.Entity{{Label: "LOC", Name: "Koeln"}, {Label: "ORG", Name: "KÖLN"}, {Label: "LOC", Name: "Köln"}}
	if got := entityFilter("LOC", "Koeln", folded); got != `label:"LOC" entity:"Koeln"` {
		t.Fatalf("a name of another label that folds alike: %s", got)
	}
	got := entityFilter("PER", `Ute "die" Berg\`, all)
	if got != `entity:"Ute \"die\" Berg\\"` {
		t.Fatalf("quoted: %s", got)
	}
	q, err := query.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	d := annot.Doc{ID: "x", Entities: []string{`Ute "die" Berg\`}}
	if !q.Match(query.Subject{Doc: d}) {
		t.Fatal("the quoted filter does not match")
	}
}

func TestHelpListsNewKeys(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 200, 60, nil)
	press(t, a, "?")
	v := a.View()
	for _, want := range []string{"add note", "entities", "rename or merge", "set external id", "delete from registry", "list its documents"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	press(t, a, "esc", "E")
	if v := a.View(); !strings.Contains(v, "rename or merge") {
		t.Errorf("the short help of the entity view lacks its keys:\n%s", v)
	}
	// ? in the entity view, which says "? help", opens the help over it;
	// closing the help shows the view again, its filter kept; in the
	// filter prompt ? is text
	press(t, a, "/")
	typeText(t, a, "k?")
	ev, _ := a.overlay.(*overlay.Entities)
	if ev == nil || ev.FilterValue() != "k?" {
		t.Fatalf("? in the filter prompt: overlay %T", a.overlay)
	}
	press(t, a, "enter", "?")
	if a.mode() != modeHelp || !strings.Contains(a.View(), "Corpus entities") {
		t.Fatalf("? in the entity view: mode %q\n%s", a.mode(), a.View())
	}
	press(t, a, "?")
	if a.overlay != ev || a.mode() != modeEntities || ev.FilterValue() != "k?" {
		t.Fatalf("after the help: overlay %T, mode %q", a.overlay, a.mode())
	}
	press(t, a, "q")
	if a.overlay != nil {
		t.Errorf("q in the entity view left %T open", a.overlay)
	}
}

// TestLabelOffersCanonicalOfCorrectedText: labelling a span whose OCR
// error is corrected offers the canonical entities of the label matched
// on the corrected text, the exact name first.
func TestLabelOffersCanonicalOfCorrectedText(t *testing.T) {
	st := seedStore(t)
	labelKoeln(t, st) // LOC Koeln and Köln in the registry
	// a name the fuzzy match ranks with Köln (and sorts before it)
	found, _ := st.FindWord("Köln")
	other := seedID(t, "003")
	sp := found[other][1]
	x := annot.Annotation{Kind: annot.KindEntity, Start: sp.Start, End: sp.End, Label: "LOC", Canonical: "KÖLN"}
	if _, err := st.Do("label", store.Op{Doc: other, Put: &x}); err != nil {
		t.Fatal(err)
	}
	id := seedID(t, "001")
	for _, mode := range []string{"original", "diff"} {
		t.Run(mode, func(t *testing.T) {
			a := newTestApp(t, st, 120, 40, nil)
			selectDoc(t, a, id)
			press(t, a, "alt+2", "/")
			typeText(t, a, "Kdln")
			press(t, a, "enter", "c", "ctrl+u")
			typeText(t, a, "Köln")
			press(t, a, "enter")
			if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 1 || cs[0].Value != "Köln" {
				t.Fatalf("corrections %+v (status %q)", cs, a.status.message())
			}
			if mode == "diff" {
				press(t, a, "o", "o")
			}
			if a.reader.Mode().String() != mode {
				t.Fatalf("view %s", a.reader.Mode())
			}
			press(t, a, "g", "/")
			typeText(t, a, "Kdln")
			press(t, a, "enter")
			if sp, ok := a.reader.Target(); !ok || a.storedText(sp) != "Kdln" {
				t.Fatalf("target %v %q", sp, a.storedText(sp))
			}
			press(t, a, "e", "l")
			o, ok := a.overlay.(*overlay.Canonical)
			if !ok {
				t.Fatalf("overlay %T (status %q)", a.overlay, a.status.message())
			}
			if o.Value() != "Köln" {
				t.Fatalf("prefilled %q, want the corrected text", o.Value())
			}
			if len(o.Choices()) == 0 || o.Choices()[0].Value != "Köln" || o.Choices()[0].Desc != "existing" || o.Selected() != 0 {
				t.Fatalf("choices %+v, selected %d", o.Choices(), o.Selected())
			}
			for _, c := range o.Choices() {
				if strings.HasPrefix(c.Label, "new ") {
					t.Fatalf("offers a new entity beside the existing one: %+v", o.Choices())
				}
			}
			press(t, a, "enter")
			es := annsOf(t, st, id, annot.KindEntity)
			if len(es) != 1 || es[0].Label != "LOC" || es[0].Canonical != "Köln" || es[0].Text != "Kdln" {
				t.Fatalf("entities %+v (status %q)", es, a.status.message())
			}
			if reg := registry(t, st); reg["Köln"].Mentions != 2 {
				t.Fatalf("registry %+v", reg)
			}
			// back to the start for the next view
			press(t, a, "u", "u")
			if es := annsOf(t, st, id, annot.KindEntity); len(es) != 0 {
				t.Fatalf("after undo %+v", es)
			}
			if cs := annsOf(t, st, id, annot.KindCorrection); len(cs) != 0 {
				t.Fatalf("after undo %+v", cs)
			}
		})
	}
}
