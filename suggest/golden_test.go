package suggest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenDocs are the texts the goldens judge: the seeds in name order
// and n generated documents of 3 KB with OCR damage and line-end breaks.
func goldenDocs(t testing.TB, n int) (names, docs []string) {
	seeds, _ := seedCorpus(t)
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		names = append(names, name)
		docs = append(docs, seeds[name])
	}
	for i, d := range benchDocs(t, n, 3000) {
		names = append(names, fmt.Sprintf("generated%03d", i))
		docs = append(docs, d)
	}
	return names, docs
}

// suggestLines judges every document in order, then once more after a
// confirmed fix, and writes the suggestions as `folio suggest` does: one
// JSON object a line.
func suggestLines(t *testing.T, o *OCR, names, docs []string) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	judge := func() {
		for i, d := range docs {
			for _, s := range o.Suggest(names[i], d, nil) {
				if err := enc.Encode(s); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	judge()
	fmt.Fprintln(&b, "# after Learn(Gcfchichte, Geschichte)")
	o.Learn("Gcfchichte", "Geschichte")
	judge()
	return b.Bytes()
}

// checkGolden compares got with testdata/golden/name, or rewrites it
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(gl), len(wl)) {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s differs first at line %d (%d lines, golden %d):\n got %s\nwant %s", path, i+1, len(gl), len(wl), g, w)
		}
	}
}

// TestSuggestGolden pins the suggestions over the seeds and generated
// damaged text with the seeds' corpus as the only evidence: any change to
// what Suggest says (spans, candidates, scores, reasons, likelihoods)
// shows here.
func TestSuggestGolden(t *testing.T) {
	names, docs := goldenDocs(t, 30)
	_, lex := seedCorpus(t)
	for _, d := range docs[len(docs)-30:] {
		lex.AddDocument(d)
	}
	got := suggestLines(t, NewOCR(lex), names, docs)
	if n := bytes.Count(got, []byte("\n")); n < 200 {
		t.Fatalf("only %d suggestions; the golden needs many to pin", n)
	}
	checkGolden(t, "suggest_seeds.jsonl", got)
}

// TestSuggestGoldenSystemDictionary is TestSuggestGolden with the
// system's word list, hunspell dictionary and foreign words, as `folio
// suggest` runs on Debian: the suspects without a fix, the dictionary's
// verdicts and the candidate search over 400 000 words.
func TestSuggestGoldenSystemDictionary(t *testing.T) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			skipUnlessCI(t, fmt.Sprintf("%s: %v (apt-get install wngerman hunspell-de-de wamerican)", p, err))
		}
	}
	names, docs := goldenDocs(t, 30)
	got := suggestLines(t, benchSystemOCR(t, docs), names, docs)
	if n := bytes.Count(got, []byte("\n")); n < 500 {
		t.Fatalf("only %d suggestions; the golden needs many to pin", n)
	}
	checkGolden(t, "suggest_system.jsonl", got)
}
