package corpus

import (
	"reflect"
	"testing"
	"testing/fstest"

	"folio/annot"
)

func TestBrat(t *testing.T) {
	// offsets are code points of the .txt as given, BOM and NFD included:
	// BOM0 U1 t2 e3 _4 B5 e6 r7 g8 _9 b10 e11 s12 u13 c14 h15 t16 _17 K18 o19 ̈20 l21 n22 .23
	txt := "\uFEFFUte Berg besucht Ko\u0308ln.\r\nEnde"
	ann := "T1\tPER 1 9\tUte Berg\r\n" +
		"T2\tLOC 18 23\tKöln\n" +
		"T3\tLOC 1 4;5 9\tUte Berg\n" +
		"T4\tPER 1 4\tUte\n" +
		"T5\tLOC 10 17\tfalsch\n" +
		"T6\tLOC 20 23\tln\n" +
		"\n" +
		"#1\tAnnotatorNotes T1\tBeigeordnete für Wirtschaft\n" +
		"N1\tReference T2 folio:koeln\tKöln\n" +
		"R1\tLives Arg1:T1 Arg2:T2\n" +
		"R2\tLives Arg1:T1 Arg2:T2\n" +
		"A1\tNegated T1\n" +
		"#2\tAnnotatorNotes T9\tweg\n" +
		"T7\tPER eins zwei\tx\n" +
		"Unsinn\n"
	g := readFS(t, fstest.MapFS{
		"doc.txt":   {Data: []byte(txt)},
		"doc.ann":   {Data: []byte(ann)},
		"other.txt": {Data: []byte("ohne Annotationen")},
	}, ".")
	if want := []string{"doc", "other"}; !reflect.DeepEqual(g.ids(), want) {
		t.Fatalf("ids = %q, want %q", g.ids(), want)
	}
	d := g.byID(t, "doc")
	if d.Text != "Ute Berg besucht Köln.\nEnde" {
		t.Errorf("text = %+q", d.Text)
	}
	imp := annot.Meta{Origin: annot.OriginImport}
	want := []annot.Annotation{
		{ID: "T1", Kind: annot.KindEntity, Start: 0, End: 8, Label: "PER", Text: "Ute Berg", Attrs: map[string]string{"Negated": ""}, Meta: imp},
		{ID: "T2", Kind: annot.KindEntity, Start: 17, End: 21, Label: "LOC", Canonical: "Köln", Text: "Köln", Meta: imp},
		{Kind: annot.KindEntity, Start: 0, End: 8, Label: "LOC", Text: "Ute Berg", Meta: imp}, // fragments parted by a space
		{Kind: annot.KindEntity, Start: 0, End: 3, Label: "PER", Text: "Ute", Meta: imp},      // nested in T1
		{Kind: annot.KindRelation, Label: "Lives", From: "T1", To: "T2", Meta: imp},
		{Kind: annot.KindNote, Start: 0, End: 8, Value: "Beigeordnete für Wirtschaft", Text: "Ute Berg", Meta: imp},
	}
	if !reflect.DeepEqual(d.Anns, want) {
		t.Errorf("annotations:\n got %+v\nwant %+v", d.Anns, want)
	}
	// folio:koeln is not the name Köln: it is the entity's external id
	if want := []External{{Label: "LOC", Canonical: "Köln", ID: "koeln"}}; !reflect.DeepEqual(d.External, want) {
		t.Errorf("external ids = %+v, want %+v", d.External, want)
	}
	g.expectProblem(t, "doc.ann:5", `entity [10,17) LOC: says it covers "falsch", but the text there is "besucht"`, true)
	g.expectProblem(t, "doc.ann:6", "entity [20,23) LOC: cuts a character", true)
	g.expectProblem(t, "doc.ann:13", "note on T9, which is not an imported entity", true)
	g.expectProblem(t, "doc.ann:14", "offsets are not numbers", true)
	g.expectProblem(t, "doc.ann:15", "not a brat annotation", true)
	g.expectProblem(t, "doc.ann:11", "relation Lives: duplicate of an earlier annotation", true)
	g.expectProblem(t, "doc.txt", "dropped a byte order mark", false)
	if len(g.probs) != 7 {
		t.Errorf("%d problems, want 7:\n%s", len(g.probs), g.problemList())
	}
}

func TestBratNotForGivenAnn(t *testing.T) {
	fsys := fstest.MapFS{"doc.txt": {Data: []byte("Ute")}, "doc.ann": {Data: []byte("T1\tPER 0 3\tUte\n")}}
	g := readFS(t, fsys, "doc.ann")
	if len(g.docs) != 0 {
		t.Errorf("read %d documents from a .ann", len(g.docs))
	}
	g.expectProblem(t, "doc.ann", "read with its .txt", true)
	g = readFS(t, fsys, "doc.txt")
	if len(g.docs) != 1 || len(g.docs[0].Anns) != 1 {
		t.Errorf("a single .txt did not bring its .ann: %+v", g.docs)
	}
}

// TestBratDiscontinuous: fragments parted by white space are one entity
// over the whole; fragments with text between them are one entity over
// the whole that keeps its fragments (FragmentsAttr, relative to its
// start); fragments out of order are reported.
func TestBratDiscontinuous(t *testing.T) {
	txt := "This is\nan other test."
	ann := "T1\tX 5 7;8 10\tis an\nT2\tY 5 7;9 10\tis n\nT3\tZ 0 4;2 3\tx\nT4\tZ 8 10;0 1\tx\nT5\tW 0 1;2 3;5 7\tT i is\n"
	g := readFS(t, fstest.MapFS{"d.txt": {Data: []byte(txt)}, "d.ann": {Data: []byte(ann)}}, ".")
	d := g.byID(t, "d")
	imp := annot.Meta{Origin: annot.OriginImport}
	want := []annot.Annotation{
		{Kind: annot.KindEntity, Start: 5, End: 10, Label: "X", Text: "is\nan", Meta: imp},
		{Kind: annot.KindEntity, Start: 5, End: 10, Label: "Y", Text: "is\nan", Attrs: map[string]string{FragmentsAttr: "0 2;4 5"}, Meta: imp},
		{Kind: annot.KindEntity, Start: 0, End: 7, Label: "W", Text: "This is", Attrs: map[string]string{FragmentsAttr: "0 1;2 3;5 7"}, Meta: imp},
	}
	if !reflect.DeepEqual(d.Anns, want) {
		t.Errorf("annotations:\n got %+v\nwant %+v", d.Anns, want)
	}
	g.expectProblem(t, "d.ann:3", "fragments out of order or overlapping", true)
	g.expectProblem(t, "d.ann:4", "fragments out of order or overlapping", true)
	if len(g.probs) != 2 {
		t.Errorf("%d problems, want 2:\n%s", len(g.probs), g.problemList())
	}
	for _, c := range []struct {
		v  string
		n  int
		ok bool
	}{{"0 2;4 5", 5, true}, {"0 2;4 5", 6, false}, {"1 2;4 5", 5, false}, {"0 4;2 5", 5, false}, {"", 5, false}, {"0 5", 5, true}} {
		if _, ok := ParseFragments(c.v, c.n); ok != c.ok {
			t.Errorf("ParseFragments(%q, %d) ok = %v, want %v", c.v, c.n, ok, c.ok)
		}
	}
}

// TestBratEvents: events become their trigger (with EventAttr) and one
// relation per argument; an event argument links that event's trigger;
// two triggers on one span of two events stay two entities; an
// equivalence is a chain of relations. Bad lines and missing arguments
// are reported.
func TestBratEvents(t *testing.T) {
	// 0123456789012345678901234567
	txt := "LMP1 upregulates IL-10 expr"
	ann := "T1\tProtein 0 4\tLMP1\n" +
		"T2\tPositive_regulation 5 16\tupregulates\n" +
		"T3\tProtein 17 22\tIL-10\n" +
		"T4\tGene_expression 23 27\texpr\n" +
		"T5\tGene_expression 23 27\texpr\n" +
		"E1\tGene_expression:T4 Theme:T3\n" +
		"E2\tPositive_regulation:T2 Cause:T1 Theme:E1\n" +
		"E3\tGene_expression:T5\n" +
		"E4\tGene_expression:T9 Theme:T3\n" +
		"E5\tPositive_regulation:T2 Theme:E9\n" +
		"E6\tnonsense\n" +
		"*\tEquiv T1 T3 T4\n" +
		"*\tEquiv T1\n"
	g := readFS(t, fstest.MapFS{"doc.txt": {Data: []byte(txt)}, "doc.ann": {Data: []byte(ann)}}, ".")
	d := g.byID(t, "doc")
	imp := annot.Meta{Origin: annot.OriginImport}
	ev := func(ids string) map[string]string { return map[string]string{EventAttr: ids} }
	want := []annot.Annotation{
		{ID: "T1", Kind: annot.KindEntity, Start: 0, End: 4, Label: "Protein", Text: "LMP1", Meta: imp},
		{ID: "T2", Kind: annot.KindEntity, Start: 5, End: 16, Label: "Positive_regulation", Text: "upregulates", Attrs: ev("E2 E5"), Meta: imp},
		{ID: "T3", Kind: annot.KindEntity, Start: 17, End: 22, Label: "Protein", Text: "IL-10", Meta: imp},
		{ID: "T4", Kind: annot.KindEntity, Start: 23, End: 27, Label: "Gene_expression", Text: "expr", Attrs: ev("E1"), Meta: imp},
		{Kind: annot.KindEntity, Start: 23, End: 27, Label: "Gene_expression", Text: "expr", Attrs: ev("E3"), Meta: imp},
		{Kind: annot.KindRelation, Label: "Theme", From: "T4", To: "T3", Class: ClassEvent, Value: "E1", Meta: imp},
		{Kind: annot.KindRelation, Label: "Cause", From: "T2", To: "T1", Class: ClassEvent, Value: "E2", Meta: imp},
		{Kind: annot.KindRelation, Label: "Theme", From: "T2", To: "T4", Class: ClassEvent, Value: "E2 E1", Meta: imp},
		{Kind: annot.KindRelation, Label: "Equiv", From: "T1", To: "T3", Class: ClassEquiv, Value: "*1", Meta: imp},
		{Kind: annot.KindRelation, Label: "Equiv", From: "T3", To: "T4", Class: ClassEquiv, Value: "*1", Meta: imp},
	}
	if !reflect.DeepEqual(d.Anns, want) {
		t.Errorf("annotations:\n got %+v\nwant %+v", d.Anns, want)
	}
	g.expectProblem(t, "doc.ann:9", "event E4: its trigger T9 is not an imported entity; not imported", true)
	g.expectProblem(t, "doc.ann:10", "event E5: its Theme argument E9 is no event of the file; not imported", true)
	g.expectProblem(t, "doc.ann:11", "not a brat event", true)
	g.expectProblem(t, "doc.ann:13", "not a brat equivalence", true)
	if len(g.probs) != 4 {
		t.Errorf("%d problems, want 4:\n%s", len(g.probs), g.problemList())
	}
}

// TestBratCopiesAndHung: two T lines of one label on one span are two
// entities (copies 0 and 1), each with its own attributes and the
// arguments of its own event; attributes and notes on relations and
// events are kept on the relation and on the trigger (annot.EventKey); a
// relation from an event goes from its trigger (RelEventsAttr); what
// hangs on something not imported is reported and named.
func TestBratCopiesAndHung(t *testing.T) {
	// 0123456789012345
	txt := "He had had eyes"
	ann := "T1\tPred 3 6\thad\n" +
		"T2\tPred 7 10\thad\n" +
		"T3\tArg 0 2\tHe\n" +
		"T4\tArg 0 2\tHe\n" +
		"A1\tRole T3 A0\n" +
		"A2\tRole T4 A0\n" +
		"E1\tPred:T1 arg:T3\n" +
		"E2\tPred:T2 arg:T4\n" +
		"A3\tConfidence E1 High\n" +
		"A4\tNegated E2\n" +
		"#1\tAnnotatorNotes E1\tfirst event\n" +
		"R1\tSame Arg1:T1 Arg2:T2\t\n" +
		"A5\tNegated R1\n" +
		"#2\tAnnotatorNotes R1\tsure?\n" +
		"#3\tAnnotatorNotes R1\tsecond note\n" +
		"A6\tNegated E9\n" +
		"R2\tCause Arg1:E1 Arg2:T3\n" +
		"A7\tNegated R2\n" +
		"#4\tAnnotatorNotes A1\ton an attribute\n" +
		"R3\tCause Arg1:E9 Arg2:T3\n" +
		"A8\tNegated R3\n"
	g := readFS(t, fstest.MapFS{"doc.txt": {Data: []byte(txt)}, "doc.ann": {Data: []byte(ann)}}, ".")
	d := g.byID(t, "doc")
	imp := annot.Meta{Origin: annot.OriginImport}
	want := []annot.Annotation{
		{ID: "T1", Kind: annot.KindEntity, Start: 3, End: 6, Label: "Pred", Text: "had", Meta: imp,
			Attrs: map[string]string{EventAttr: "E1", annot.EventKey("E1", "Confidence"): "High", annot.EventKey("E1", "#AnnotatorNotes"): "first event"}},
		{ID: "T2", Kind: annot.KindEntity, Start: 7, End: 10, Label: "Pred", Text: "had", Meta: imp,
			Attrs: map[string]string{EventAttr: "E2", annot.EventKey("E2", "Negated"): ""}},
		{ID: "T3", Kind: annot.KindEntity, Start: 0, End: 2, Label: "Arg", Text: "He", Attrs: map[string]string{"Role": "A0"}, Meta: imp},
		{ID: "T4", Kind: annot.KindEntity, Start: 0, End: 2, Label: "Arg", Text: "He", Attrs: map[string]string{"Role": "A0"}, Copy: 1, Meta: imp},
		{Kind: annot.KindRelation, Label: "Same", From: "T1", To: "T2", Attrs: map[string]string{"Negated": "", "#AnnotatorNotes": "sure?"}, Meta: imp},
		{Kind: annot.KindRelation, Label: "Cause", From: "T1", To: "T3", Attrs: map[string]string{RelEventsAttr: "E1 -", "Negated": ""}, Meta: imp},
		{Kind: annot.KindRelation, Label: "arg", From: "T1", To: "T3", Class: ClassEvent, Value: "E1", Meta: imp},
		{Kind: annot.KindRelation, Label: "arg", From: "T2", To: "T4", Class: ClassEvent, Value: "E2", Meta: imp},
	}
	if !reflect.DeepEqual(d.Anns, want) {
		t.Errorf("annotations:\n got %+v\nwant %+v", d.Anns, want)
	}
	g.expectProblem(t, "doc.ann:15", "a second AnnotatorNotes note on one event or relation, not imported", true)
	g.expectProblem(t, "doc.ann:16", "attribute on E9, which is no event or relation of the file, not imported", true)
	g.expectProblem(t, "doc.ann:19", "note on A1, which is not an imported entity", true)
	g.expectProblem(t, "doc.ann:20", "relation with an end that is no entity or event of the file, not imported", true)
	g.expectProblem(t, "doc.ann:21", "attribute on R3, a relation not imported, not imported", true)
	if len(g.probs) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(g.probs), g.problemList())
	}
	for _, p := range g.probs {
		if p.Dropped == "" {
			t.Errorf("%s: not named in the summary (no Dropped)", p)
		}
	}
}

// TestBratRelationRoles: a relation's argument names other than Arg1 and
// Arg2 (DKPro writes "source:T2 target:T3") are kept (RolesAttr).
func TestBratRelationRoles(t *testing.T) {
	ann := "T1\tA 0 3\tUte\nT2\tB 4 8\tBerg\nR1\tr source:T1 target:T2\nR2\tr Arg1:T2 Arg2:T1\nR3\tr :T1 Arg2:T2\n"
	g := readFS(t, fstest.MapFS{"d.txt": {Data: []byte("Ute Berg")}, "d.ann": {Data: []byte(ann)}}, ".")
	var roles []string
	for _, a := range g.byID(t, "d").Anns {
		if a.Kind == annot.KindRelation {
			roles = append(roles, a.From+">"+a.To+" "+a.Attrs[RolesAttr])
		}
	}
	if want := []string{"T1>T2 source target", "T2>T1 "}; !reflect.DeepEqual(roles, want) {
		t.Errorf("relations %q, want %q", roles, want)
	}
	g.expectProblem(t, "d.ann:5", "not a brat relation", true)
}
