package export

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name.golden, or rewrites it
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, path, firstDiff(want, got))
	}
}

// firstDiff shows the first differing line of two outputs.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

// dump renders every file under dir, sorted by name, as one text, and
// returns their total size.
func dump(t *testing.T, dir string) ([]byte, int64) {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	var b bytes.Buffer
	var size int64
	for _, p := range names {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		size += int64(len(data))
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "==> %s <==\n%s\n", filepath.ToSlash(rel), data)
	}
	return b.Bytes(), size
}

// export runs Write on items and returns what it wrote (the stream, or a
// dump of the directory) and its warnings.
func export(t *testing.T, items []Item, opt Options) ([]byte, []string, Stats) {
	t.Helper()
	var out bytes.Buffer
	var warns []string
	opt.Warn = func(msg string) { warns = append(warns, msg) }
	dir := ""
	if lineFormat(opt.Format) || opt.Format == "" {
		opt.Stdout = &out
	} else {
		dir = filepath.Join(t.TempDir(), "out")
		opt.Out = dir
	}
	st, err := Write(sliceSource(items), opt)
	if err != nil {
		t.Fatalf("Write %s: %v", opt.Format, err)
	}
	if st.Docs != int64(len(items)) || st.Warnings != len(warns) {
		t.Errorf("stats %+v, want %d docs and %d warnings", st, len(items), len(warns))
	}
	if dir != "" {
		got, size := dump(t, dir)
		if st.Bytes != size {
			t.Errorf("stats count %d bytes, wrote %d", st.Bytes, size)
		}
		return got, warns, st
	}
	if st.Bytes != int64(out.Len()) {
		t.Errorf("stats count %d bytes, wrote %d", st.Bytes, out.Len())
	}
	return out.Bytes(), warns, st
}

func TestGolden(t *testing.T) {
	items := seedItems(t)
	cases := []struct {
		name string
		opt  Options
	}{
		{"jsonl", Options{Format: FormatJSONL, ExternalID: externalIDs}},
		{"prodigy", Options{Format: FormatProdigy}},
		{"prodigy-tokens", Options{Format: FormatProdigy, Tokens: true}},
		{"doccano", Options{Format: FormatDoccano}},
		{"conll", Options{Format: FormatCoNLL}},
		{"brat", Options{Format: FormatBrat, ExternalID: externalIDs}},
		{"text", Options{Format: FormatText}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, warns, _ := export(t, items, c.opt)
			golden(t, c.name, got)
			golden(t, c.name+".warnings", []byte(strings.Join(warns, "\n")+"\n"))
		})
	}
}

func TestDefaultFormatIsJSONL(t *testing.T) {
	items := seedItems(t)[:1]
	a, _, _ := export(t, items, Options{})
	b, _, _ := export(t, items, Options{Format: FormatJSONL})
	if !bytes.Equal(a, b) {
		t.Error("format \"\" differs from jsonl")
	}
	if _, err := Write(sliceSource(items), Options{Format: "xml"}); err == nil || !strings.Contains(err.Error(), "xml") {
		t.Errorf("unknown format: err = %v", err)
	}
}

// TestSourceMayReuseSlices: a source that reuses its annotation slice for
// the next document gets the same output as one that does not.
func TestSourceMayReuseSlices(t *testing.T) {
	items := seedItems(t)
	for _, f := range []string{FormatJSONL, FormatCoNLL} {
		want, _, _ := export(t, items, Options{Format: f})
		var buf []annot.Annotation
		reuse := func(yield func(Item) error) error {
			for _, it := range items {
				buf = append(buf[:0], it.Anns...)
				it.Anns = buf
				if err := yield(it); err != nil {
					return err
				}
				for i := range buf {
					buf[i] = annot.Annotation{Kind: annot.KindMark, Start: 0, End: 1}
				}
			}
			return nil
		}
		var out bytes.Buffer
		if _, err := Write(reuse, Options{Format: f, Stdout: &out, Warn: func(string) {}}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s: reusing slices changes the output:\n%s", f, firstDiff(want, out.Bytes()))
		}
	}
}

// failWriter fails once more than n bytes were written.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestWriteErrorStops: a failing output stops the source and is returned.
func TestWriteErrorStops(t *testing.T) {
	pool := genItems(8)
	yielded := 0
	src := func(yield func(Item) error) error {
		for i := 0; i < 100000; i++ {
			yielded++
			if err := yield(pool[i%len(pool)]); err != nil {
				return err
			}
		}
		return nil
	}
	st, err := Write(src, Options{Format: FormatJSONL, Stdout: &failWriter{n: 200 << 10}})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "standard output") {
		t.Fatalf("err = %v", err)
	}
	if yielded > 1000 || st.Docs > int64(yielded) {
		t.Errorf("source went on for %d documents after the output failed (%d written)", yielded, st.Docs)
	}
}
