package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"folio/annot"
	"folio/seeds"
)

// got collects what a Read or ReadFS call hands out.
type got struct {
	docs  []Doc
	probs []Problem
}

func (g *got) doc(d Doc) error { g.docs = append(g.docs, d); return nil }

func (g *got) problem(p Problem) { g.probs = append(g.probs, p) }

func (g *got) ids() []string {
	var ids []string
	for _, d := range g.docs {
		ids = append(ids, d.ID)
	}
	return ids
}

func (g *got) byID(t *testing.T, id string) Doc {
	t.Helper()
	for _, d := range g.docs {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no document %q among %q", id, g.ids())
	return Doc{}
}

// expectProblem fails unless a problem at where says msg (a substring).
func (g *got) expectProblem(t *testing.T, where, msg string, skipped bool) {
	t.Helper()
	for _, p := range g.probs {
		if p.Where == where && strings.Contains(p.Msg, msg) && p.Skipped == skipped {
			return
		}
	}
	t.Errorf("no problem %q at %s (skipped %v); got:\n%s", msg, where, skipped, g.problemList())
}

func (g *got) problemList() string {
	var b strings.Builder
	for _, p := range g.probs {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

func readFS(t *testing.T, fsys fs.FS, root string) *got {
	t.Helper()
	g := &got{}
	if err := ReadFS(fsys, root, g.doc, g.problem); err != nil {
		t.Fatalf("ReadFS: %v", err)
	}
	return g
}

func TestReadFSFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":              {Data: []byte("Erster Text\nmehr")},
		"a-b.txt":            {Data: []byte("\n\n  Bindestrich  \n")},
		"a/x.txt":            {Data: []byte("im Ordner a")},
		"sub/b.txt":          {Data: []byte("B")},
		"sub/deeper/c.TXT":   {Data: []byte("C in Großbuchstaben")},
		"Ko\u0308ln.txt":     {Data: []byte("macOS schreibt Namen in NFD")},
		".hidden.txt":        {Data: []byte("versteckt")},
		".git/config":        {Data: []byte("[core]")},
		"sub/.secret/x.txt":  {Data: []byte("versteckt")},
		"bin.txt":            {Data: []byte("PK\x03\x04\x00\x00binary")},
		"ctrl.txt":           {Data: []byte("\x01\x02\x03\x04\x05\x06\x07\x08abc")},
		"utf16.txt":          {Data: []byte("\xff\xfeK\x00")},
		"empty.txt":          {Data: []byte("")},
		"blank.txt":          {Data: []byte("\uFEFF  \r\n\t\n")},
		"notes.md":           {Data: []byte("# Notizen")},
		"orphan.ann":         {Data: []byte("T1\tPER 0 1\tx\n")},
		"latin1.txt":         {Data: []byte("F\xfcr K\xf6ln")},
		"esc.txt":            {Data: []byte("Farbe \x1b[31mrot\x1b[0m\tTab\fSeite")},
		"sub/deeper/d.jsonl": {Data: []byte(`{"id":"j1","text":"aus JSONL"}` + "\n")},
	}
	g := readFS(t, fsys, ".")
	wantIDs := []string{"Köln", "a-b", "a", "a/x", "esc", "latin1", "sub/b", "sub/deeper/c", "j1"}
	if !reflect.DeepEqual(g.ids(), wantIDs) {
		t.Errorf("ids = %q, want %q", g.ids(), wantIDs)
	}
	if d := g.byID(t, "a-b"); d.Title != "Bindestrich" || d.Source != "a-b.txt" || d.Text != "\n\n  Bindestrich  \n" {
		t.Errorf("a-b = %+v", d)
	}
	if d := g.byID(t, "sub/deeper/c"); d.Source != "sub/deeper/c.TXT" || d.Title != "C in Großbuchstaben" {
		t.Errorf("c = %+v", d)
	}
	if d := g.byID(t, "esc"); d.Text != "Farbe \x1b[31mrot\x1b[0m\tTab\fSeite" {
		t.Errorf("controls not kept: %+q", d.Text)
	}
	if d := g.byID(t, "j1"); d.Source != "sub/deeper/d.jsonl:1" {
		t.Errorf("j1 source = %q", d.Source)
	}
	if d := g.byID(t, "latin1"); d.Text != "F\uFFFDr K\uFFFDln" {
		t.Errorf("latin1 text = %q", d.Text)
	}
	g.expectProblem(t, "latin1.txt", "replaced 2 invalid UTF-8 bytes", false)
	g.expectProblem(t, ".hidden.txt", "hidden file", true)
	g.expectProblem(t, ".git", "hidden folder", true)
	g.expectProblem(t, "sub/.secret", "hidden folder", true)
	g.expectProblem(t, "bin.txt", "binary file", true)
	g.expectProblem(t, "ctrl.txt", "binary file", true)
	g.expectProblem(t, "utf16.txt", "UTF-16", true)
	g.expectProblem(t, "empty.txt", "empty file", true)
	g.expectProblem(t, "blank.txt", "empty file", true)
	g.expectProblem(t, "notes.md", "not a .txt, .jsonl, Label Studio or spaCy .json, WebAnno .tsv or CoNLL", true)
	g.expectProblem(t, "orphan.ann", "without a .txt", true)
	for _, p := range g.probs {
		if strings.HasPrefix(p.Where, ".git/") || strings.HasPrefix(p.Where, "sub/.secret/") {
			t.Errorf("reported a file inside a hidden folder: %s", p)
		}
	}
	if len(g.probs) != 11 {
		t.Errorf("%d problems, want 11:\n%s", len(g.probs), g.problemList())
	}
}

func TestReadFSSubfolderAndFile(t *testing.T) {
	fsys := fstest.MapFS{
		"corpus/sub/b.txt":      {Data: []byte("B")},
		"corpus/sub/deep/c.txt": {Data: []byte("C")},
		"corpus/a.txt":          {Data: []byte("A")},
	}
	g := readFS(t, fsys, "corpus/sub")
	if want := []string{"b", "deep/c"}; !reflect.DeepEqual(g.ids(), want) {
		t.Errorf("ids = %q, want %q", g.ids(), want)
	}
	if d := g.byID(t, "deep/c"); d.Source != "corpus/sub/deep/c.txt" {
		t.Errorf("source = %q", d.Source)
	}
	g = readFS(t, fsys, "corpus/sub/deep/c.txt")
	if want := []string{"c"}; !reflect.DeepEqual(g.ids(), want) {
		t.Errorf("single file ids = %q, want %q", g.ids(), want)
	}
	if err := ReadFS(fsys, "corpus/nope", func(Doc) error { return nil }, nil); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "corpus/nope") {
		t.Errorf("missing root: err = %v", err)
	}
}

func TestReadSeeds(t *testing.T) {
	g := readFS(t, seeds.FS, ".")
	want := []string{"000_0de902f2da529e95", "001_879768a2f144ad87", "002_4f2a84d43bce9837", "003_87f0a340823c3577", "004_b1b4a13e5fce09e4"}
	if !reflect.DeepEqual(g.ids(), want) {
		t.Errorf("ids = %q, want %q", g.ids(), want)
	}
	if len(g.probs) != 0 {
		t.Errorf("problems:\n%s", g.problemList())
	}
	for _, d := range g.docs {
		if d.Title == "" || strings.TrimSpace(d.Title) != d.Title || len(d.Text) < 500 {
			t.Errorf("%s: title %q, %d bytes", d.ID, d.Title, len(d.Text))
		}
	}
	if d := g.byID(t, "001_879768a2f144ad87"); d.Title != "Wirtschaftsausschuss 09.03.2017" {
		t.Errorf("seed 001 title = %q", d.Title)
	}
}

// writeFiles writes files (slash paths) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"corpus/a.txt":      "A",
		"corpus/sub/b.txt":  "B",
		"single/c.txt":      "Ute Berg",
		"single/c.ann":      "T1\tPER 0 8\tUte Berg\n",
		"data/d.jsonl":      `{"id":"d","text":"D"}`,
		"corpus/.cache/x":   "x",
		"corpus/readme.pdf": "%PDF",
	})
	if err := os.Symlink(filepath.Join(dir, "single"), filepath.Join(dir, "corpus", "link")); err != nil {
		t.Fatal(err)
	}
	g := &got{}
	paths := []string{filepath.Join(dir, "corpus"), filepath.Join(dir, "single", "c.txt"), filepath.Join(dir, "data", "d.jsonl")}
	if err := Read(paths, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "sub/b", "c", "d"}; !reflect.DeepEqual(g.ids(), want) {
		t.Errorf("ids = %q, want %q", g.ids(), want)
	}
	if d := g.byID(t, "sub/b"); d.Source != filepath.Join(dir, "corpus", "sub", "b.txt") {
		t.Errorf("source = %q", d.Source)
	}
	c := g.byID(t, "c")
	if c.Source != paths[1] || len(c.Anns) != 1 || c.Anns[0].Label != "PER" {
		t.Errorf("c = %+v (the brat companion of a single file)", c)
	}
	if d := g.byID(t, "d"); d.Source != paths[2]+":1" {
		t.Errorf("source = %q", d.Source)
	}
	g.expectProblem(t, filepath.Join(dir, "corpus", ".cache"), "hidden folder", true)
	g.expectProblem(t, filepath.Join(dir, "corpus", "readme.pdf"), "not a .txt, .jsonl, Label Studio or spaCy .json, WebAnno .tsv or CoNLL", true)
	g.expectProblem(t, filepath.Join(dir, "corpus", "link"), "symbolic link to a folder", true)
}

func TestReadMissingPath(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "A"})
	missing := filepath.Join(dir, "nope.txt")
	called := false
	err := Read([]string{dir, missing}, func(Doc) error { called = true; return nil }, nil)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("err = %v, want one naming %s", err, missing)
	}
	if called {
		t.Error("documents were read before the missing path was found")
	}
}

func TestReadStopsOnError(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":   {Data: []byte("A")},
		"b.jsonl": {Data: []byte("{\"text\":\"1\"}\n{\"text\":\"2\"}\n")},
		"c/d.txt": {Data: []byte("D")},
	}
	stop := errors.New("stop")
	n := 0
	err := ReadFS(fsys, ".", func(Doc) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	}, nil)
	if err != stop || n != 2 {
		t.Errorf("err = %v after %d documents, want stop after 2", err, n)
	}
}

func TestDuplicateIDAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":   {Data: []byte("aus der Datei")},
		"b.jsonl": {Data: []byte(`{"id":"a","text":"aus JSONL"}`)},
	}
	g := readFS(t, fsys, ".")
	if len(g.docs) != 1 || g.docs[0].Text != "aus der Datei" {
		t.Errorf("docs = %+v", g.docs)
	}
	g.expectProblem(t, "b.jsonl:1", `duplicate id "a" with another text (first read from a.txt; two collections whose ids collide are kept apart by importing each with its own --id-prefix)`, true)
}

func TestProblemString(t *testing.T) {
	p := Problem{Where: "data.jsonl:3", Msg: "not JSON", Skipped: true}
	if s := p.String(); s != "data.jsonl:3: skipped: not JSON" {
		t.Errorf("String = %q", s)
	}
	p = Problem{Where: "a.txt", Msg: "dropped a byte order mark"}
	if s := p.String(); s != "a.txt: warning: dropped a byte order mark" {
		t.Errorf("String = %q", s)
	}
}

func TestProblemPart(t *testing.T) {
	g := readFS(t, fstest.MapFS{
		"a.jsonl": {Data: []byte(`{"id":"a","text":"Ute","label":[[0,9,"PER"]]}` + "\nnot json\n")},
		"b.txt":   {Data: []byte("Ute")},
		"b.ann":   {Data: []byte("R1\tx Arg1:T1 Arg2:T2\n")},
	}, ".")
	want := map[string]bool{"a.jsonl:1": true, "a.jsonl:2": false, "b.ann:1": true}
	if len(g.probs) != len(want) {
		t.Fatalf("problems:\n%s", g.problemList())
	}
	for _, p := range g.probs {
		if !p.Skipped || p.Part != want[p.Where] {
			t.Errorf("%s: Skipped %v, Part %v; want Part %v", p, p.Skipped, p.Part, want[p.Where])
		}
	}
}

// TestReadIDPrefix: Options.IDPrefix goes before every id, of every
// form (a file's name, a JSONL "id", an id derived from the text), and an
// id it makes too long is refused like any other.
func TestReadIDPrefix(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Ein Text."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.jsonl"), []byte(`{"id":"7","text":"Sieben."}`+"\n"+`{"text":"Ohne id."}`+"\n"), 0o644)
	g := &got{}
	if err := ReadWith([]string{dir}, Options{IDPrefix: "proj-a/"}, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	want := []string{"proj-a/a", "proj-a/7", "proj-a/" + ID("Ohne id.")}
	if got := g.ids(); !slices.Equal(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
	g = &got{}
	long := strings.Repeat("x", annot.MaxIDBytes)
	if err := ReadWith([]string{filepath.Join(dir, "a.txt")}, Options{IDPrefix: long}, g.doc, g.problem); err != nil {
		t.Fatal(err)
	}
	if len(g.docs) != 0 {
		t.Errorf("an id over the limit was read: %d bytes", len(g.docs[0].ID))
	}
	g.expectProblem(t, filepath.Join(dir, "a.txt"), "the longest folio stores", true)
}
