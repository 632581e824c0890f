package query

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

// corpus is a small set of documents, with texts, for the match tables.
var testDocs = []struct {
	doc  annot.Doc
	text string
}{
	{annot.Doc{ID: "000_koeln", Title: "Köln und Chongqing", Status: annot.StatusDone, Tags: []string{"press", "x"},
		Labels: map[string]int{"PER": 2, "LOC": 5}, Entities: []string{"Chongqing", "Henriette Reker"},
		Counts: annot.Counts{Entities: 7}}, "Oberbürgermeisterin Reker weilte vom 25.-26.08.2019 in Chongqing."},
	{annot.Doc{ID: "001_scan", Title: "Koln tritt bei", Status: annot.StatusTodo, Tags: []string{"ocr"},
		Labels: map[string]int{"PER": 1, "DATE": 1}, Entities: []string{"Ute Berg"},
		Counts: annot.Counts{Entities: 2, Corrections: 3, Marks: 1}}, "Kdln ist auf Initiative von Ute Berg beigetreten."},
	{annot.Doc{ID: "002_bottrop", Title: "Bottrop und Foshan", Tags: []string{"x"}, Entities: []string{"Ludwigſtraße"},
		Counts: annot.Counts{Notes: 1, Suggestions: 4}}, "Die Acht-Millionen-Stadt Foshan interessiert sich für Bürger:innen."},
	{annot.Doc{ID: "003_magazin", Title: "KÖLN VERTIEFT HANDELSBEZIEHUNGEN", Status: annot.StatusRejected, Tags: []string{"Straße"},
		Labels: map[string]int{"ORG": 3}, Entities: []string{"KölnBusiness"},
		Counts: annot.Counts{Entities: 3, Stale: 1}}, "Die KölnBusiness Wirtschaftsförderung hat ein Memorandum geschlossen."},
	{annot.Doc{ID: "004_allianz", Title: "Neuer Brückenschlag nach China", Status: annot.StatusDone, Tags: []string{"x"},
		Labels: map[string]int{"PER": 1}, Entities: []string{"Ute Berg"},
		Counts: annot.Counts{Entities: 1}}, "So Ute Berg, Dezernentin für Wirtschaft. Made in China 2025."},
}

func ids(t *testing.T, q *Query, withText bool) []string {
	t.Helper()
	var out []string
	for _, d := range testDocs {
		s := Subject{Doc: d.doc}
		if withText {
			s.Text = func() string { return d.text }
		}
		if q.Match(s) {
			out = append(out, d.doc.ID[:3])
		}
	}
	return out
}

func TestMatch(t *testing.T) {
	tests := []struct {
		query    string
		want     string // ids (first three characters) with text
		noText   string // without text; "=" when the same
		needText bool
	}{
		{"", "000 001 002 003 004", "=", false},
		{"   ", "000 001 002 003 004", "=", false},
		{"label:PER -label:DATE status:done", "000 004", "=", false},
		{"label:per", "000 001 004", "=", false},
		{"label:PER -label:DATE status:done tag:x", "000 004", "=", false},
		{"status:todo", "001 002", "=", false}, // no status is todo
		{"status:rejected", "003", "=", false},
		{"status:DONE", "000 004", "=", false},
		{"-status:done", "001 002 003", "=", false},
		{"tag:x", "000 002 004", "=", false},
		{"tag:X", "000 002 004", "=", false},
		{"tag:p*", "000", "=", false},
		{"tag:*", "000 001 002 003 004", "=", false},
		// a tag folds as free words do, and is compared whole
		{"tag:strasse", "003", "=", false},
		{"tag:STRASSE", "003", "=", false},
		{"tag:straße", "003", "=", false},
		{"tag:stras*", "003", "=", false},
		{"tag:strass", "", "=", false},
		{"tag:strassen", "", "=", false},
		{"id:001_scan", "001", "=", false},
		{"id:001", "", "=", false},
		{"id:00*", "000 001 002 003 004", "=", false},
		{`entity:"Ute Berg"`, "001 004", "=", false},
		{`entity:"ute berg"`, "001 004", "=", false},
		{"entity:Ute", "", "=", false},
		{"entity:Ute*", "001 004", "=", false},
		// an entity's name folds as free words do, and is compared whole
		{"entity:koelnbusiness", "003", "=", false},
		{"entity:KÖLN*", "003", "=", false},
		{"entity:koeln", "", "=", false},
		{"entity:ludwigstrasse", "002", "=", false},
		{"entity:LUDWIGSTRAẞE", "002", "=", false},
		{"entity:*", "000 001 002 003 004", "=", false},
		{"has:corrections", "001", "=", false},
		{"has:marks", "001", "=", false},
		{"has:notes", "002", "=", false},
		{"has:entities", "000 001 003 004", "=", false},
		{"has:suggestions", "002", "=", false},
		{"has:stale", "003", "=", false},
		{"köln", "000 003", "=", true},      // title, any case
		{"KÖLN", "000 003", "=", true},      // upper-case query
		{"koeln", "000 003", "=", true},     // the id, and Köln folded
		{"press", "000", "=", true},         // a tag
		{"foshan", "002", "=", true},        // title
		{"reker", "000", "", true},          // text only
		{"kdln", "001", "", true},           // text only
		{`"ute berg"`, "001 004", "", true}, // a phrase
		{"Bürger:innen", "002", "", true},   // a gender colon is no field
		{"wirtschaft", "003 004", "", true}, // inside a word of the text
		{"koel*", "000 003", "=", true},     // a star as other search boxes take it: koel
		{"*wirtschaft*", "003 004", "", true},
		{`"koel*"`, "", "", true}, // in quotes, the star is a star
		{"köln -status:rejected", "000", "=", true},
		{"köln OR foshan", "000 002 003", "=", true},
		{"tag:ocr OR tag:press status:done", "000 001", "=", false},
		{"status:done tag:press OR tag:ocr", "000 001", "=", false},
		{"(tag:ocr OR tag:press) status:done", "000", "=", false},
		{"-(tag:ocr OR tag:press)", "002 003 004", "=", false},
		{"--tag:ocr", "001", "=", false},
		{"china 2025", "004", "", true},
		{"label:PER (ute OR reker)", "000 001 004", "", true},
	}
	for _, tt := range tests {
		q, err := Parse(tt.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.query, err)
			continue
		}
		if got := strings.Join(ids(t, q, true), " "); got != tt.want {
			t.Errorf("%q with text: got [%s], want [%s]", tt.query, got, tt.want)
		}
		want := tt.noText
		if want == "=" {
			want = tt.want
		}
		if got := strings.Join(ids(t, q, false), " "); got != want {
			t.Errorf("%q without text: got [%s], want [%s]", tt.query, got, want)
		}
		if q.NeedsText() != tt.needText {
			t.Errorf("%q: NeedsText = %v", tt.query, q.NeedsText())
		}
	}
}

func TestMatchLoadsTextOnce(t *testing.T) {
	q := MustParse("zzz OR yyy OR xxx")
	calls := 0
	s := Subject{Doc: testDocs[0].doc, Text: func() string { calls++; return "xxx" }}
	if !q.Match(s) || calls != 1 {
		t.Fatalf("match: calls = %d, want 1", calls)
	}
	// a free word found in the title, or a field term that fails, needs no text
	calls = 0
	for _, qs := range []string{"chongqing", "status:todo zzz"} {
		if MustParse(qs).Match(s); calls != 0 {
			t.Errorf("%q loaded the text", qs)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a   b  ", "a b"},
		{"a b OR c", "a b OR c"},
		{"a (b OR c)", "a (b OR c)"},
		{"(a b) OR c", "a b OR c"},
		{"((a))", "a"},
		{"a (b c) d", "a b c d"},
		{"-(a)", "-a"},
		{"-(a b)", "-(a b)"},
		{"-(a OR b)", "-(a OR b)"},
		{"(a OR b) OR c", "a OR b OR c"},
		{`entity:"Ute Berg"`, `entity:"Ute Berg"`},
		{`entity:Ute" Berg"`, `entity:"Ute Berg"`},
		{`"tag:x"`, `"tag:x"`},
		{`"OR"`, `"OR"`},
		{`or`, `or`},
		{`"-x"`, `"-x"`},
		{`"a\"b\\c"`, `"a\"b\\c"`},
		{`a\b`, `"a\\b"`},
		{"status:DONE has:Marks", "status:done has:marks"},
		{"tag:x* id:\"a b\"*", `tag:x* id:"a b"*`},
		{"Bürger:innen", "Bürger:innen"},
		{"Ko\u0308ln", "Köln"}, // NFC
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		col  int
		want string // part of the message
	}{
		{"tag:x lable:PER", 7, `unknown field "lable" (want id, tag, status, label, entity, has, conf, twin)`},
		{"foo:bar", 1, `unknown field "foo"`},
		{"http://example.org", 1, `unknown field "http"`},
		{"status:foo", 8, `unknown status "foo"`},
		{"a status:", 3, "status: needs a value"},
		{"has:everything", 5, `unknown has: value "everything"`},
		{`entity:"Ute Berg`, 8, "unterminated quote"},
		{`"`, 1, "unterminated quote"},
		{`ä "ö`, 3, "unterminated quote"}, // columns count code points
		{"a OR", 3, "OR needs a term after it"},
		{"OR a", 1, "OR needs a term before it"},
		{"a OR OR b", 6, "OR needs a term before it"},
		{"(a OR) b", 4, "OR needs a term after it"},
		{"(a b", 1, "unclosed ("},
		{"a (b (c)", 3, "unclosed ("},
		{"a b)", 4, "unmatched )"},
		{")", 1, "unmatched )"},
		{"()", 1, "empty parentheses"},
		{"-", 1, "- needs a term"},
		{"a - b", 3, "- needs a term"},
		{"-)", 1, "- needs a term"},
		{`""`, 1, "empty quotes"},
		{`tag:""`, 1, "tag: needs a value"},
		{strings.Repeat("(", 101) + "a" + strings.Repeat(")", 101), 101, "nested too deeply"},
		{strings.Repeat("-", 200) + "a", 101, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q) = %v, want a *query.Error", tt.in, err)
			continue
		}
		if qe.Col != tt.col || !strings.Contains(qe.Msg, tt.want) {
			t.Errorf("Parse(%q) = %v, want col %d: ...%s...", tt.in, err, tt.col, tt.want)
		}
	}
	_, err := Parse("tag:x lable:PER")
	if want := `col 7: unknown field "lable" (want id, tag, status, label, entity, has, conf, twin)`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestMatchAllocs(t *testing.T) {
	d := testDocs[0]
	s := Subject{Doc: d.doc, Text: func() string { return d.text }}
	for _, qs := range []string{"label:PER -label:DATE status:done tag:x", "reker OR köln", "ÖBERBÜRGER"} {
		q := MustParse(qs)
		if n := testing.AllocsPerRun(100, func() { q.Match(s) }); n != 0 {
			t.Errorf("%q: %v allocations per Match", qs, n)
		}
	}
}

func TestNilQuery(t *testing.T) {
	var q *Query
	if !q.Match(Subject{}) || q.String() != "" || q.NeedsText() || !q.Empty() {
		t.Fatal("a nil query should match everything")
	}
	if !slices.Equal(ids(t, &Query{}, false), ids(t, MustParse(""), false)) {
		t.Fatal("zero query differs from the empty query")
	}
}

func TestNeedsSuggestions(t *testing.T) {
	for q, want := range map[string]bool{
		"":                              false,
		"has:marks":                     false,
		"has:suggestions":               true,
		"tag:x (-has:suggestions OR a)": true,
		"Köln status:done":              false,
	} {
		if got := MustParse(q).NeedsSuggestions(); got != want {
			t.Errorf("%q: NeedsSuggestions() = %v, want %v", q, got, want)
		}
	}
}

// TestWithAliases widens entity: terms to the entities whose aliases
// they match, once, and leaves a query without them as it is.
func TestWithAliases(t *testing.T) {
	registry := map[string][]string{"Köln": {"Cologne", "Coln"}, "Bonn": {"Bonna"}}
	asked := 0
	names := func(match func(string) bool) []string {
		asked++
		var out []string
		for name, aliases := range registry {
			if slices.ContainsFunc(aliases, match) {
				out = append(out, name)
			}
		}
		return out
	}
	doc := func(ents ...string) Subject { return Subject{Doc: annot.Doc{ID: "d", Entities: ents}} }
	for _, c := range []struct {
		q     string
		doc   Subject
		want  bool
		asked int
	}{
		{"entity:cologne", doc("Köln"), true, 1},
		{"entity:CO*", doc("Köln"), true, 1},
		{"entity:cologne", doc("Bonn"), false, 1},
		{"-entity:cologne", doc("Köln"), false, 1},
		{"entity:cologne OR entity:bonna", doc("Bonn"), true, 2},
		{"entity:Köln", doc("Köln"), true, 1},
		{"tag:x koeln", doc("Köln"), false, 0},
		{"", doc("Köln"), true, 0},
	} {
		asked = 0
		q := MustParse(c.q)
		wide := q.WithAliases(names)
		if got := wide.Match(c.doc); got != c.want || asked != c.asked {
			t.Errorf("%s on %v: %v, registry asked %d times; want %v, %d", c.q, c.doc.Doc.Entities, got, asked, c.want, c.asked)
		}
		if c.asked == 0 && wide != q {
			t.Errorf("%s: a query without entity: terms is rebuilt", c.q)
		}
	}
}

// TestWithAliasesNil: the nil query (every document) takes aliases
// without a panic and stays the query of every document.
func TestWithAliasesNil(t *testing.T) {
	var q *Query
	got := q.WithAliases(func(func(string) bool) []string { return []string{"x"} })
	if !got.Empty() {
		t.Errorf("nil query with aliases: %v, want empty", got)
	}
}
