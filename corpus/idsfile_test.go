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
		bad       string            // the lines left out, joined by " | "; or what the error says
	}{
		{"folio's", "id\tfile\na/b c\ta%2Fb%20c.txt\ncon\t%63on.txt\n", map[string]string{"a%2Fb%20c.txt": "a/b c", "%63on.txt": "con"}, ""},
		{"escaped", "id\tfile\na\\tb\\x00\ta%09b%00.tsv\n", map[string]string{"a%09b%00.tsv": "a\tb\x00"}, ""},
		{"CRLF, BOM, no last newline, blank line", "\uFEFFid\tfile\r\nx\tx.txt\r\n\r\ny\ty.txt", map[string]string{"x.txt": "x", "y.txt": "y"}, ""},
		{"the empty id", "id\tfile\n\t%empty.txt\n", map[string]string{"%empty.txt": ""}, ""},
		{"header only", "id\tfile\n", map[string]string{}, ""},
		{"the same line twice", "id\tfile\nx\tx.txt\nx\tx.txt\n", map[string]string{"x.txt": "x"}, ""},
		{"damaged lines left out, the others read", "id\tfile\nx\tx.txt\textra\nno tab\nq\\q\tq.txt\nc\\x4\tc.txt\nend\\\te.txt\nnone\t\ny\ty.txt\n",
			map[string]string{"y.txt": "y"},
			`line 2: 3 fields, not 2 | line 3: 1 fields, not 2 | line 4: unknown escape "\q" | line 5: a "\x" without two hex digits | line 6: a "\" ends the field | line 7: no file`},
		{"a file with two ids: neither", "id\tfile\nx\tf.txt\ny\tf.txt\nz\tf.txt\nw\tw.txt\n", map[string]string{"w.txt": "w"},
			`line 3: the file "f.txt" is named with two ids (line 2) | line 4: the file "f.txt" is named with two ids`},
		{"another tool's", "doc\tpath\nx\tx.txt\n", nil, "first line"},
		{"WebAnno", "#FORMAT=WebAnno TSV 3.3\n", nil, "first line"},
		{"not UTF-8", "id\tfile\n\xff\tx.txt\n", nil, "not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, bad, err := ParseIDs(tc.raw)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), tc.bad) {
					t.Fatalf("ParseIDs = %v, %q, %v; want an error saying %q", got, bad, err, tc.bad)
				}
				return
			}
			if err != nil || !maps.Equal(got, tc.want) || strings.Join(bad, " | ") != tc.bad {
				t.Fatalf("ParseIDs = %v, %q, %v\nwant %v, %q", got, bad, err, tc.want, tc.bad)
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
		"bad/ids.tsv":           {Data: []byte("id\tfile\nfine\tz.txt\nbroken\\q\tw.txt\ngone\ty.txt\n")},
		"bad/z.txt":             {Data: []byte("Kaputte Liste.")},
		"bad/w.txt":             {Data: []byte("Ohne gute Zeile.")},
	}, ".")
	want := []string{"a/b c", "con", "out/extra", "page", "out/sub/%63on", "other/x", "fine", "bad/w"}
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
	// folio's, damaged: its damaged lines are said, the others read
	g.expectProblem(t, "bad/ids.tsv", `folio's list of ids: line 3: unknown escape "\q"; "y.txt" not in the folder; the files it does not name keep the ids their names give`, false)
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
		m, _, err := ParseIDs(raw)
		if err != nil {
			return
		}
		var b strings.Builder
		b.WriteString(IDsHeader + "\n")
		for _, file := range slices.Sorted(maps.Keys(m)) {
			b.WriteString(IDsLine(m[file], file))
		}
		again, bad, err := ParseIDs(b.String())
		if err != nil || len(bad) > 0 || !maps.Equal(again, m) {
			t.Fatalf("written again: %v, %q, %v; want %v", again, bad, err, m)
		}
	})
}
