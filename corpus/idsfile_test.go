package corpus

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestTSVFieldRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "Köln", `a\b`, "a\tb\nc\rd", "nul\x00esc\x1b[31m", "c1\u0085\u009b", `\x41`, `\\t`} {
		esc := TSVField(s)
		if strings.ContainsAny(esc, "\t\n\r\x00\x1b") {
			t.Errorf("TSVField(%q) = %q keeps a control character", s, esc)
		}
		back, err := unescapeTSVField(esc)
		if err != nil || back != s {
			t.Errorf("unescape(TSVField(%q)) = %q, %v", s, back, err)
		}
	}
}

func TestParseIDs(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      map[string]string // nil: an error
		why       string            // in the error
	}{
		{"folio's", "id\tfile\na/b c\ta%2Fb%20c.txt\ncon\t%63on.txt\n", map[string]string{"a%2Fb%20c.txt": "a/b c", "%63on.txt": "con"}, ""},
		{"escaped", "id\tfile\na\\tb\\x00\ta%09b%00.tsv\n", map[string]string{"a%09b%00.tsv": "a\tb\x00"}, ""},
		{"CRLF, BOM, no last newline, blank line", "\uFEFFid\tfile\r\nx\tx.txt\r\n\r\ny\ty.txt", map[string]string{"x.txt": "x", "y.txt": "y"}, ""},
		{"the empty id", "id\tfile\n\t%empty.txt\n", map[string]string{"%empty.txt": ""}, ""},
		{"header only", "id\tfile\n", map[string]string{}, ""},
		{"another tool's", "doc\tpath\nx\tx.txt\n", nil, "first line"},
		{"WebAnno", "#FORMAT=WebAnno TSV 3.3\n", nil, "first line"},
		{"three fields", "id\tfile\nx\tx.txt\textra\n", nil, "line 2: 3 fields"},
		{"one field", "id\tfile\nx\n", nil, "line 2: 1 fields"},
		{"bad escape", "id\tfile\nx\\q\tx.txt\n", nil, `line 2: unknown escape "\q"`},
		{"cut escape", "id\tfile\nx\\x4\tx.txt\n", nil, "line 2"},
		{"backslash at the end", "id\tfile\nx\\\tx.txt\n", nil, "ends the field"},
		{"no file", "id\tfile\nx\t\n", nil, "no file"},
		{"a file twice", "id\tfile\nx\tf.txt\ny\tf.txt\n", nil, "named twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIDs(tc.raw)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), tc.why) {
					t.Fatalf("ParseIDs = %v, %v; want an error saying %q", got, err, tc.why)
				}
				return
			}
			if err != nil || !maps.Equal(got, tc.want) {
				t.Fatalf("ParseIDs = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestReadFolderIDs: a folder that folio export wrote gives its files
// the ids its ids.tsv names, ids.tsv and brat's configuration are not
// documents, and a subfolder keeps its own names; another tool's ids.tsv
// is read as any other .tsv.
func TestReadFolderIDs(t *testing.T) {
	ids := "id\tfile\n" + IDsLine("a/b c", "a%2Fb%20c.txt") + IDsLine("con", "%63on.txt") + IDsLine("page", "page.tsv")
	g := readFS(t, fstest.MapFS{
		"out/ids.tsv":           {Data: []byte(ids)},
		"out/annotation.conf":   {Data: []byte("# Written by folio export\n[entities]\nPER\n")},
		"out/visual.conf":       {Data: []byte("[labels]\n")},
		"out/a%2Fb%20c.txt":     {Data: []byte("Ute Berg wohnt in Köln.")},
		"out/a%2Fb%20c.ann":     {Data: []byte("T1\tPER 0 8\tUte Berg\n")},
		"out/%63on.txt":         {Data: []byte("Ein Gerät.")},
		"out/page.tsv":          {Data: []byte("#FORMAT=WebAnno TSV 3.3\n\n\n#Text=Ein Satz.\n1-1\t0-3\tEin\n1-2\t4-8\tSatz\n1-3\t8-9\t.\n")},
		"out/extra.txt":         {Data: []byte("Nicht in ids.tsv.")},
		"out/sub/%63on.txt":     {Data: []byte("Im Unterordner.")},
		"other/ids.tsv":         {Data: []byte("doc\tpath\nx\tx.txt\n")},
		"other/x.txt":           {Data: []byte("Fremd.")},
		"other/annotation.conf": {Data: []byte("[entities]\nORG\n")},
		"bad/ids.tsv":           {Data: []byte("id\tfile\nfine\ty.txt\nbroken\\q\tz.txt\n")},
		"bad/y.txt":             {Data: []byte("Kaputte Liste.")},
	}, ".")
	want := []string{"a/b c", "con", "out/extra", "page", "out/sub/%63on", "other/x", "bad/y"}
	got := g.ids()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("ids %q, want %q\n%s", got, want, g.problemList())
	}
	if d := g.byID(t, "a/b c"); len(d.Anns) != 1 || d.Anns[0].Label != "PER" {
		t.Errorf("the .ann of a renamed document: %+v", d.Anns)
	}
	if d := g.byID(t, "con"); d.Source != "out/%63on.txt" {
		t.Errorf("source %q: the file read, not the id", d.Source)
	}
	for _, p := range g.probs {
		if strings.HasPrefix(p.Where, "out/") || strings.HasSuffix(p.Where, ".conf") {
			t.Errorf("a problem where folio's own export holds none: %s", p)
		}
	}
	// another tool's ids.tsv names no ids: its x.txt keeps its name, and
	// the file itself is reported as the .tsv it is not
	g.expectProblem(t, "other/ids.tsv", "not WebAnno TSV 3", true)
	// folio's, damaged: said so, and no file gets an id from it
	g.expectProblem(t, "bad/ids.tsv", `folio's list of ids, not read (line 3: unknown escape "\q")`, true)
	for _, p := range g.probs {
		if p.Where == "bad/ids.tsv" && strings.Contains(p.Msg, "WebAnno") {
			t.Errorf("folio's damaged ids.tsv read as WebAnno: %s", p)
		}
	}
}

// TestReadGivenFileIDs: a file of folio's folder export given by itself
// gets the id the folder's ids.tsv names, as it would in the folder.
func TestReadGivenFileIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"out/ids.tsv":       {Data: []byte(IDsHeader + "\n" + IDsLine("a/b c", "a%2Fb%20c.txt"))},
		"out/a%2Fb%20c.txt": {Data: []byte("Ute Berg wohnt in Köln.")},
		"out/other.txt":     {Data: []byte("Nicht genannt.")},
	}
	if got := readFS(t, fsys, "out/a%2Fb%20c.txt").ids(); !slices.Equal(got, []string{"a/b c"}) {
		t.Errorf("ids %q, want the one ids.tsv names", got)
	}
	if got := readFS(t, fsys, "out/other.txt").ids(); !slices.Equal(got, []string{"other"}) {
		t.Errorf("ids %q, want the name's", got)
	}
}

// FuzzParseIDs: any input gives a map or an error, never a panic, and
// what ParseIDs reads IDsLine writes back the same.
func FuzzParseIDs(f *testing.F) {
	f.Add("id\tfile\na/b\ta%2Fb.txt\n")
	f.Add("id\tfile\nx\\x1b\\t\tx.txt\r\n")
	f.Add("id\tfile\n\\")
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := ParseIDs(raw)
		if err != nil {
			return
		}
		var b strings.Builder
		b.WriteString(IDsHeader + "\n")
		for _, file := range slices.Sorted(maps.Keys(m)) {
			b.WriteString(IDsLine(m[file], file))
		}
		again, err := ParseIDs(b.String())
		if err != nil || !maps.Equal(again, m) {
			t.Fatalf("written again: %v, %v; want %v", again, err, m)
		}
	})
}
