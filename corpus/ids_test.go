package corpus

import (
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"testing/fstest"
)

// TestFileNameIDs: a file's id is its name as it is, put into NFC and
// nothing else: a carriage return, a line feed, an escape, a tab or a
// byte order mark in a name stays in the id (Normalize, which makes CR and
// CRLF into LF, is for text), so that files whose names differ only there
// stay apart, even with the same text. A name that is not UTF-8 is
// refused, said so, not given an id with its bytes replaced.
func TestFileNameIDs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	for _, tc := range []struct {
		name   string // of the file, in the folder read
		id     string // the id wanted; "" for a file refused
		reason string // what the problem of a refused file says
	}{
		{name: "a\rb.txt", id: "a\rb"},
		{name: "a\nb.txt", id: "a\nb"},
		{name: "c\r\nd.txt", id: "c\r\nd"},
		{name: "c\nd.txt", id: "c\nd"},
		{name: "e\x1bf.txt", id: "e\x1bf"},
		{name: "e\x1b[31mf.txt", id: "e\x1b[31mf"},
		{name: "g\th.txt", id: "g\th"},
		{name: "Ko\u0308ln.txt", id: "K\u00f6ln"}, // NFD, as macOS writes names
		{name: "\ufeffbom.txt", id: "\ufeffbom"},
		{name: "sub\r/x.txt", id: "sub\r/x"},
		{name: "sub\n/x.txt", id: "sub\n/x"},
		{name: "n\xffm.txt", reason: "the file name is not valid UTF-8"},
		{name: "bad\xfe/y.txt", reason: "the folder name is not valid UTF-8"},
	} {
		t.Run(filepath.ToSlash(tc.name), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tc.name: "Derselbe Text."})
			g := &got{}
			if err := Read([]string{dir}, g.doc, g.problem); err != nil {
				t.Fatal(err)
			}
			if tc.id == "" {
				if len(g.docs) != 0 {
					t.Errorf("read %q, want it refused", g.ids())
				}
				bad := filepath.Join(dir, filepath.FromSlash(tc.name))
				if filepath.Base(filepath.Dir(bad)) != filepath.Base(dir) {
					bad = filepath.Dir(bad) // the folder is refused, not its file
				}
				g.expectProblem(t, bad, tc.reason, true)
				return
			}
			if want := []string{tc.id}; !slices.Equal(g.ids(), want) {
				t.Errorf("ids %q, want %q; problems:\n%s", g.ids(), want, g.problemList())
			}
			// given by itself, the file's id is its name alike
			g = &got{}
			if err := Read([]string{filepath.Join(dir, filepath.FromSlash(tc.name))}, g.doc, g.problem); err != nil {
				t.Fatal(err)
			}
			if want := []string{filepath.Base(tc.id)}; !slices.Equal(g.ids(), want) {
				t.Errorf("given by itself: ids %q, want %q", g.ids(), want)
			}
		})
	}
}

// TestFileNameIDsApart: files whose names differ only in a line end stay
// two documents, with the same text or another; none is refused as a
// duplicate.
func TestFileNameIDsApart(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	for _, tc := range []struct {
		files map[string]string
		want  []string
	}{
		{map[string]string{"a\rb.txt": "Derselbe Text.", "a\nb.txt": "Derselbe Text."}, []string{"a\nb", "a\rb"}},
		{map[string]string{"a\rb.txt": "Eins.", "a\nb.txt": "Zwei."}, []string{"a\nb", "a\rb"}},
		{map[string]string{"a\r\nb.txt": "Eins.", "a\nb.txt": "Zwei.", "a\rb.txt": "Drei."}, []string{"a\nb", "a\r\nb", "a\rb"}},
	} {
		dir := t.TempDir()
		writeFiles(t, dir, tc.files)
		g := &got{}
		if err := Read([]string{dir}, g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(g.ids(), tc.want) || len(g.probs) != 0 {
			t.Errorf("ids %q, want %q; problems:\n%s", g.ids(), tc.want, g.problemList())
		}
		for _, d := range g.docs {
			if want := tc.files[d.ID+".txt"]; d.Text != want {
				t.Errorf("%q: text %q, want %q", d.ID, d.Text, want)
			}
		}
	}
}

// TestInputIDsKeepLineEnds: the ids an input gives outside a JSON "id"
// field (a CoNLL-U "# newdoc id", Prodigy's meta id) follow the rule of
// file names: NFC, a carriage return kept, so that an id folio wrote
// comes back as it was.
func TestInputIDsKeepLineEnds(t *testing.T) {
	for _, tc := range []struct {
		name, data, id string
	}{
		{"a.conllu", "# newdoc id = x\ry\n1\tUte\tUte\tPROPN\t_\t_\t0\troot\t_\t_\n", "x\ry"},
		{"b.conllu", "# newdoc id = Ko\u0308ln\n1\tUte\tUte\tPROPN\t_\t_\t0\troot\t_\t_\n", "K\u00f6ln"},
		{"c.jsonl", `{"text":"Ute","meta":{"id":"x\ry"}}` + "\n", "x\ry"},
		{"d.jsonl", `{"text":"Ute","meta":{"id":"x\u001by"}}` + "\n", "x\x1by"},
		{"e.jsonl", `{"text":"Ute","meta":{"id":"Ko\u0308ln"}}` + "\n", "K\u00f6ln"},
	} {
		g := readFS(t, fstest.MapFS{tc.name: {Data: []byte(tc.data)}}, tc.name)
		if want := []string{tc.id}; !slices.Equal(g.ids(), want) {
			t.Errorf("%s: ids %q, want %q; problems:\n%s", tc.name, g.ids(), want, g.problemList())
		}
	}
}

// TestNormalizeIDLeavesBadUTF8: an id that is not UTF-8 is left whole,
// for annot.CheckID to refuse, never repaired into another's id.
func TestNormalizeIDLeavesBadUTF8(t *testing.T) {
	for _, s := range []string{"a\xffb", "a\xfeb", "Ko\u0308ln\xff"} {
		if got := normalizeID(s); got != s {
			t.Errorf("normalizeID(%q) = %q", s, got)
		}
	}
}
