package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("ä", 150) // 300 bytes
	cases := []struct{ id, want string }{
		{"001_879768a2f144ad87", "001_879768a2f144ad87"},
		{"Köln Straße", "Köln%20Straße"},
		{"../x", "%2E.%2Fx"},
		{"..", "%2E%2E"},
		{".", "%2E"},
		{".hidden", "%2Ehidden"},
		{"a/./b", "a%2F.%2Fb"},
		{"/etc/passwd", "%2Fetc%2Fpasswd"},
		{`C:\Windows\x`, "C%3A%5CWindows%5Cx"},
		{"a\x00b", "a%00b"},
		{"tab\there\nnewline\x1b[31m", "tab%09here%0Anewline%1B%5B31m"},
		{"\xff\xfe", "%FF%FE"},
		{"trailing.", "trailing%2E"},
		{"trailing ", "trailing%20"},
		{"-rf", "%2Drf"},
		{"a-b.c", "a-b.c"},
		{`<>:"|?*`, "%3C%3E%3A%22%7C%3F%2A"},
		{"con", "%63on"},
		{"CON.txt", "%43ON.txt"},
		{"Lpt1", "%4Cpt1"},
		{"com9.x.y", "%63om9.x.y"},
		{"console", "console"},
		{"nul_", "nul_"},
		{"%41", "%2541"},
		{"~1", "%7E1"},
		{"", "%empty"},
		{"北京", "北京"},
		{"e\u0301", "e%CC%81"},
		{"😀", "%F0%9F%98%80"},
		{"\u202eevil", "%E2%80%AEevil"},
	}
	for _, c := range cases {
		if got := FileName(c.id); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.id, got, c.want)
		}
	}
	n := FileName(long)
	if len(n) > maxNameBytes || !utf8.ValidString(n) || !strings.HasPrefix(n, "ä") || !strings.Contains(n, "~") {
		t.Errorf("FileName(long) = %q (%d bytes)", n, len(n))
	}
	if FileName(long) == FileName(long+"x") {
		t.Error("two long ids give the same name")
	}
	n = FileName(strings.Repeat("/", 120)) // 360 bytes of escapes: never cut inside one
	if prefix, _, _ := strings.Cut(n, "~"); len(n) > maxNameBytes || !strings.HasSuffix(prefix, "%2F") {
		t.Errorf("FileName(slashes) = %q", n)
	}
}

// TestFileNameSafe checks properties of every name over many ids.
func TestFileNameSafe(t *testing.T) {
	ids := []string{"", ".", "..", "...", "a/b", "A/B", "a%2Fb", "a~2", "\x00", "con", "aux.tar.gz",
		strings.Repeat("x", 300), strings.Repeat("x", 300) + "y", strings.Repeat("€", 100)}
	for r := rune(0); r < 0x3000; r += 7 {
		ids = append(ids, string(r), "a"+string(r), string(r)+"a", "."+string(r)+".")
	}
	seen := map[string]string{}
	done := map[string]bool{}
	for _, id := range ids {
		if done[id] {
			continue
		}
		done[id] = true
		n := FileName(id)
		if prev, dup := seen[n]; dup {
			t.Errorf("ids %q and %q both give %q", prev, id, n)
		}
		seen[n] = id
		switch {
		case len(n) > maxNameBytes, n == "", !utf8.ValidString(n),
			strings.ContainsAny(n, "/\\:*?\"<>|\x00"), strings.HasPrefix(n, "."), strings.HasSuffix(n, "."),
			strings.HasSuffix(n, " "), !filepath.IsLocal(n + ".txt"), windowsDevice(n):
			t.Errorf("FileName(%q) = %q is not safe", id, n)
		}
		for _, r := range n {
			if r < ' ' || r == 0x7f {
				t.Errorf("FileName(%q) = %q holds a control character", id, n)
			}
		}
	}
}

// textItems are documents with the given ids and text "doc N".
func textItems(ids ...string) []Item {
	items := make([]Item, len(ids))
	for i, id := range ids {
		items[i] = Item{Doc: Item{}.Doc, Text: "doc " + id}
		items[i].Doc.ID = id
	}
	return items
}

func TestDirStaysInside(t *testing.T) {
	base := t.TempDir()
	out := filepath.Join(base, "out")
	ids := []string{"../evil", "/abs/path", "a/b", "A/B", "a%2Fb", "con", "", "x\x00y", "..",
		strings.Repeat("lang", 80), "sub/../../evil2", "Köln", "köln", "KÖLN"}
	st, err := Write(sliceSource(textItems(ids...)), Options{Format: FormatText, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != int64(len(ids)) {
		t.Errorf("%d docs written", st.Docs)
	}
	entries, _ := os.ReadDir(base)
	if len(entries) != 1 {
		t.Errorf("files outside the output directory: %v", entries)
	}
	files, _ := os.ReadDir(out)
	if len(files) != len(ids)+1 {
		t.Errorf("%d files, want %d", len(files), len(ids)+1)
	}
	m := readIDs(t, out)
	folded := map[string]bool{}
	for _, id := range ids {
		file := m[id]
		data, err := os.ReadFile(filepath.Join(out, file))
		if err != nil || string(data) != "doc "+id {
			t.Errorf("id %q: file %q holds %q (%v)", id, file, data, err)
		}
		if folded[strings.ToLower(file)] {
			t.Errorf("id %q: %q differs from another file only in case", id, file)
		}
		folded[strings.ToLower(file)] = true
	}
	if m["A/B"] != "A%2FB~2.txt" || m["köln"] != "köln~2.txt" || m["KÖLN"] != "KÖLN~3.txt" {
		t.Errorf("case collisions: %q %q %q", m["A/B"], m["köln"], m["KÖLN"])
	}
}

func TestIDsTSVEscapes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if _, err := Write(sliceSource(textItems("a\tb\nc\\d\x00e\x1b")), Options{Format: FormatText, Out: out}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(out, idsFile))
	if want := "id\tfile\na\\tb\\nc\\\\d\\x00e\\x1b\ta%09b%0Ac%5Cd%00e%1B.txt\n"; string(data) != want {
		t.Errorf("ids.tsv = %q, want %q", data, want)
	}
}

func TestForceLineFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	os.WriteFile(path, []byte("old\n"), 0o644)
	items := seedItems(t)[:2]
	_, err := Write(sliceSource(items), Options{Format: FormatJSONL, Out: path})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("no force: err = %v, want one naming %s", err, path)
	}
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Errorf("file changed without force: %q", data)
	}
	st, err := Write(sliceSource(items), Options{Format: FormatJSONL, Out: path, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if int64(len(data)) != st.Bytes || bytes.Count(data, []byte("\n")) != 2 {
		t.Errorf("force wrote %d bytes, %d lines; stats %+v", len(data), bytes.Count(data, []byte("\n")), st)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if _, err := Write(sliceSource(items), Options{Format: FormatJSONL, Out: filepath.Dir(path)}); err == nil {
		t.Error("a directory as a jsonl file: no error")
	}
}

func TestForceDir(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	items := seedItems(t)
	if _, err := Write(sliceSource(items), Options{Format: FormatBrat, Out: out}); err != nil {
		t.Fatal(err)
	}
	before, _ := dump(t, out)
	_, err := Write(sliceSource(items), Options{Format: FormatBrat, Out: out})
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("second export without force: err = %v, want one naming a file that exists", err)
	}
	if after, _ := dump(t, out); !bytes.Equal(before, after) {
		t.Error("a refused export changed the directory")
	}
	if _, err := Write(sliceSource(items), Options{Format: FormatBrat, Out: out, Force: true}); err != nil {
		t.Fatalf("force: %v", err)
	}
	if after, _ := dump(t, out); !bytes.Equal(before, after) {
		t.Error("a forced export of the same documents wrote something else")
	}
}

// TestExistingFileRollsBack: a document file that exists stops the export
// with its name, and the files written before it are removed.
func TestExistingFileRollsBack(t *testing.T) {
	out := t.TempDir()
	victim := filepath.Join(out, "c.txt")
	os.WriteFile(victim, []byte("keep me"), 0o644)
	_, err := Write(sliceSource(textItems("a", "b", "c", "d")), Options{Format: FormatText, Out: out})
	if err == nil || !strings.Contains(err.Error(), victim) {
		t.Fatalf("err = %v, want one naming %s", err, victim)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "c.txt" {
		t.Errorf("left behind: %v", entries)
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep me" {
		t.Errorf("existing file changed: %q", data)
	}
}

// TestSymlinkNotFollowed: a link planted where a document file goes is
// refused without force and replaced (not followed) with force.
func TestSymlinkNotFollowed(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	out := filepath.Join(base, "out")
	os.Mkdir(out, 0o755)
	if err := os.Symlink(outside, filepath.Join(out, "evil.txt")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := Write(sliceSource(textItems("evil")), Options{Format: FormatText, Out: out}); err == nil {
		t.Error("no force: a link in the way is not an error")
	}
	if _, err := Write(sliceSource(textItems("evil")), Options{Format: FormatText, Out: out, Force: true}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(outside); string(data) != "secret" {
		t.Errorf("write followed the link: outside file now %q", data)
	}
	if fi, err := os.Lstat(filepath.Join(out, "evil.txt")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("evil.txt is not a regular file: %v %v", fi, err)
	}
}

func TestDirFormatsNeedDir(t *testing.T) {
	for _, f := range []string{FormatBrat, FormatText} {
		for _, out := range []string{"", "-"} {
			if _, err := Write(sliceSource(nil), Options{Format: f, Out: out}); err == nil || !strings.Contains(err.Error(), "directory") {
				t.Errorf("%s to %q: err = %v", f, out, err)
			}
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Write(sliceSource(nil), Options{Format: FormatText, Out: file}); err == nil {
		t.Error("text into a file: no error")
	}
}

// TestSourceErrorRollsBack: an error of the source is returned wrapped, and
// an export into a new directory leaves nothing behind.
func TestSourceErrorRollsBack(t *testing.T) {
	boom := os.ErrDeadlineExceeded
	src := func(yield func(Item) error) error {
		for _, it := range textItems("a", "b") {
			if err := yield(it); err != nil {
				return err
			}
		}
		return boom
	}
	base := t.TempDir()
	out := filepath.Join(base, "new")
	if _, err := Write(src, Options{Format: FormatText, Out: out}); err == nil || !strings.Contains(err.Error(), "read documents") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output directory left behind: %v", err)
	}
	file := filepath.Join(base, "x.jsonl")
	if _, err := Write(src, Options{Format: FormatJSONL, Out: file}); err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("partial jsonl file left behind: %v", err)
	}
}
